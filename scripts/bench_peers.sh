#!/usr/bin/env bash
# Measures crm-mock against the peers a user would otherwise pick (json-server 0.17, Prism 5)
# and the bare actix-web "hello" ceiling, with the same three wrk workloads on the same data,
# and prints crm-mock's results as ratios to each. Uses the shared peer harness
# (../shared/bench/peers, or $PEERS).
#
#   scripts/bench_peers.sh                       # 10,000 contacts, one run each
#   COUNT=100000 REPEAT=3 scripts/bench_peers.sh
#   TARGETS="crm-mock" scripts/bench_peers.sh    # crm-mock only
#   VENDORS=liondesk scripts/bench_peers.sh      # which crm-mock APIs (default: livingmetrics liondesk)
#   TARGETS="hello crm-mock" VENDORS=leadconnector scripts/bench_peers.sh
#                                                # LeadConnector against the bare actix ceiling
#
# crm-mock serves the generated contacts from the demo tenant, through each vendor's API:
# - livingmetrics: get = GET /v1/contacts/{id}; page = a search_term + created_by +
#   order_by=updated page of 100; create = arranging one contact (the API is read-only).
# - liondesk: get = GET /contacts/{id}; page = last_name equality + a created_at range +
#   $sort[created_at]=-1, $limit=100 (max raised to 100): the peers' own query, in Feathers
#   syntax; create = POST /contacts.
# - leadconnector: get = GET /contacts/{id}; page = GET /contacts/ with query={last_name} and
#   limit (its list has no date filter); create = POST /contacts/ (the duplicate check included).
#   LC_FLAGS adds serve flags (rate limits, when they exist, should be off: LC_FLAGS="--rate-limits off").
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PEERS="${PEERS:-$ROOT/../shared/bench/peers}"
COUNT="${COUNT:-10000}"
export COUNT REPEAT="${REPEAT:-1}"
BENCH_TMP="${BENCH_TMP:-/tmp/crm-mock-peer-bench}"
export BENCH_TMP OUT="${OUT:-$BENCH_TMP/results-$(date +%Y%m%d-%H%M%S)}"
TARGETS="${TARGETS:-hello json-server prism crm-mock}"
VENDORS="${VENDORS:-livingmetrics liondesk}"
mkdir -p "$BENCH_TMP" "$OUT"

if ! command -v wrk >/dev/null; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    apt-get install -y -qq wrk >/dev/null
  else
    echo "wrk is needed (Debian: apt-get install wrk)" >&2; exit 1
  fi
fi
[[ -x "$PEERS/run.sh" ]] || { echo "peer harness not found at $PEERS (set PEERS=...)" >&2; exit 1; }

(cd "$ROOT" && cargo build --release --quiet)
BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/crm-mock"
KEY=demo1-lmapi-key00-00001

# The generated contacts as a seed for VENDOR, loaded once into a database file; every run
# starts from a copy of that file (seeded databases are not re-seeded).
prepare() { # vendor -> path of the loaded database
  local vendor=$1 data="$BENCH_TMP/crm-mock-$1-$COUNT"
  if [[ ! -s "$data/bench.db" ]]; then
    rm -rf "$data" && mkdir -p "$data/seed/$vendor"
    [[ -s "$BENCH_TMP/contacts-$COUNT.ndjson" ]] ||
      python3 "$PEERS/gen_contacts.py" --count "$COUNT" --format ndjson --out "$BENCH_TMP/contacts-$COUNT.ndjson"
    cp "$ROOT/seed-data/tenants.json" "$data/seed/"
    python3 - "$vendor" "$BENCH_TMP/contacts-$COUNT.ndjson" "$data/seed/$vendor/contacts.json" <<'PY'
import json, sys
vendor, src, dst = sys.argv[1:]
out = []
for line in open(src):
    c = json.loads(line)
    if vendor == "leadconnector":
        out.append({"id": str(c["id"]), "firstName": c["first_name"], "lastName": c["last_name"], "email": c["email"],
                    "companyName": c["company"], "phone": c["phone"], "tags": c["tags"],
                    "dateAdded": c["created_at"], "dateUpdated": c["updated_at"]})
    elif vendor == "liondesk":
        out.append({"id": c["id"], "first_name": c["first_name"], "last_name": c["last_name"], "email": c["email"],
                    "company": c["company"][:45], "mobile_phone": c["phone"], "tags": ", ".join(c["tags"]),
                    "created_at": c["created_at"], "modified_at": c["updated_at"]})
    else:
        out.append({"id": c["id"], "first_name": c["first_name"], "last_name": c["last_name"], "company": c["company"],
                    "emails": [{"email_address": c["email"], "type": "work"}],
                    "phones": [{"phone_number": c["phone"], "type": "work"}],
                    "tags": c["tags"], "lead_score": c["id"] % 100,
                    "created_at": c["created_at"], "updated_at": c["updated_at"], "visible_at": c["created_at"]})
json.dump(out, open(dst, "w"))
PY
    # The peers' create workload posts one body again and again: let the location take duplicates.
    [[ "$vendor" == leadconnector ]] && echo '{"allowDuplicateContact": true}' >"$data/seed/$vendor/settings.json"
    "$BIN" serve --port 0 --db "$data/bench.db" --seed-dir "$data/seed" >"$data/load.log" 2>&1 &
    local pid=$!
    for _ in $(seq 1 3000); do grep -q 'listening on' "$data/load.log" && break; sleep 0.01; done
    kill "$pid"; wait "$pid" 2>/dev/null || true
    grep -q 'listening on' "$data/load.log" || { cat "$data/load.log" >&2; exit 1; }
  fi
  echo "$data/bench.db"
}

peers=()
for t in $TARGETS; do [[ "$t" != crm-mock ]] && peers+=("$t"); done
if [[ ${#peers[@]} -gt 0 ]]; then
  "$PEERS/run.sh" "${peers[@]}"
fi
if [[ " $TARGETS " == *" crm-mock "* ]]; then
  for vendor in $VENDORS; do
    db=$(prepare "$vendor")
    cp "$db" "$BENCH_TMP/crm-mock-run.db"
    rm -f "$BENCH_TMP/crm-mock-run.db-wal" "$BENCH_TMP/crm-mock-run.db-shm"
    case "$vendor" in
      livingmetrics)
        export BENCH_GET_PATH='/livingmetrics/v1/contacts/{id}'
        export BENCH_LIST_PATH='/livingmetrics/v1/contacts?search_term={last_name}&created_by={from}&order_by=updated&limit={limit}'
        export BENCH_POST_PATH='/__admin/tenants/demo/livingmetrics/contacts'
        export BENCH_POST_BODY='{"first_name":"{first_name}","last_name":"{last_name}","emails":[{"email_address":"bench.{tid}.{n}@example.com"}]}'
        export BENCH_HEADERS="X-Api-Key: $KEY|Content-Type: application/json"
        extra="" ;;
      liondesk)
        export BENCH_GET_PATH='/liondesk/contacts/{id}'
        export BENCH_LIST_PATH='/liondesk/contacts?last_name={last_name}&created_at%5B%24gte%5D={from}&created_at%5B%24lte%5D={to}&%24sort%5Bcreated_at%5D=-1&%24limit={limit}'
        export BENCH_POST_PATH='/liondesk/contacts'
        export BENCH_POST_BODY='{"first_name":"{first_name}","last_name":"{last_name}","email":"bench.{tid}.{n}@example.com"}'
        export BENCH_HEADERS="Authorization: Bearer 0d3e000000000000000000000000000000000001|Content-Type: application/json"
        extra="--liondesk-max-limit 100" ;;
      leadconnector)
        export BENCH_GET_PATH='/leadconnector/contacts/{id}'
        export BENCH_LIST_PATH='/leadconnector/contacts/?locationId=DemoLocation00000001&query={last_name}&limit={limit}'
        export BENCH_POST_PATH='/leadconnector/contacts/'
        export BENCH_POST_BODY='{"locationId":"DemoLocation00000001","firstName":"{first_name}","lastName":"{last_name}","email":"bench.{tid}.{n}@example.com"}'
        export BENCH_HEADERS="Authorization: Bearer pit-d3m0d3m0-0000-4000-8000-000000000001|Version: 2021-07-28|Content-Type: application/json"
        extra="${LC_FLAGS:-}" ;;
      *) echo "unknown vendor: $vendor" >&2; exit 2 ;;
    esac
    SERVER_CMD="$BIN serve --port {port} --db $BENCH_TMP/crm-mock-run.db $extra" "$PEERS/run.sh" custom
    sed -i "s/\"target\":\"custom\"/\"target\":\"crm-mock $vendor\"/" "$OUT/results.jsonl"
  done
fi

python3 - "$OUT/results.jsonl" "$BIN" <<'PY'
import json, os, statistics, sys
from collections import defaultdict
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
med = defaultdict(dict)
for (t, w) in {(r["target"], r["workload"]) for r in rows}:
    rs = [r for r in rows if r["target"] == t and r["workload"] == w]
    med[t][w] = {
        "rps": statistics.median(r["wrk"]["rps"] for r in rs),
        "p99": statistics.median(r["wrk"]["p99_ms"] for r in rs),
        "startup": statistics.median(r["startup_ms"] for r in rs),
        "rss": statistics.median(r["rss_end_kb"] for r in rs) / 1024,
        "non2xx": sum(r["wrk"]["err_status"] for r in rs),
    }
print("\n## crm-mock against its peers (median req/s; ratio = crm-mock / peer)\n")
peers = [p for p in ("hello", "json-server", "prism") if p in med]
ours = sorted(t for t in med if t.startswith("crm-mock"))
print("| api | workload | req/s | p99 ms | non-2xx | RSS MB | " + " | ".join(f"vs {p}" for p in peers) + " |")
print("|---|---|---|---|---|---|" + "---|" * len(peers))
for t in ours:
    for w in ("get", "page", "create"):
        c = med[t].get(w)
        if not c:
            continue
        ratios = [f"{c['rps'] / med[p][w]['rps']:.2f}x" if w in med[p] else "-" for p in peers]
        print(f"| {t[9:]} | {w} | {c['rps']:.0f} | {c['p99']:.2f} | {c['non2xx']} | {c['rss']:.0f} | " + " | ".join(ratios) + " |")
if ours:
    startup = statistics.median(v["startup"] for t in ours for v in med[t].values())
    print(f"\ncrm-mock start-up {startup:.0f} ms, binary {os.path.getsize(sys.argv[2]) / 1e6:.1f} MB")
PY

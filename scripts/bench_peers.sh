#!/usr/bin/env bash
# Measures crm-mock against the peers a user would otherwise pick (json-server 0.17, Prism 5)
# and the bare actix-web "hello" ceiling, with the same three wrk workloads on the same data,
# and prints crm-mock's results as ratios to each. Uses the shared peer harness
# (../shared/bench/peers, or $PEERS).
#
#   scripts/bench_peers.sh                       # 10,000 contacts, one run each
#   COUNT=100000 REPEAT=3 scripts/bench_peers.sh
#   TARGETS="crm-mock" scripts/bench_peers.sh    # crm-mock only
#
# crm-mock runs the LivingMetrics API over the generated contacts (loaded into the demo
# tenant): get = GET /livingmetrics/v1/contacts/{id}; page = a search_term + created_by +
# order_by=updated page of 100; create = arranging one contact through the admin API.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PEERS="${PEERS:-$ROOT/../shared/bench/peers}"
COUNT="${COUNT:-10000}"
export COUNT REPEAT="${REPEAT:-1}"
BENCH_TMP="${BENCH_TMP:-/tmp/crm-mock-peer-bench}"
export BENCH_TMP OUT="${OUT:-$BENCH_TMP/results-$(date +%Y%m%d-%H%M%S)}"
TARGETS="${TARGETS:-hello json-server prism crm-mock}"
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
BIN="$ROOT/target/release/crm-mock"
KEY=demo1-lmapi-key00-00001

# The generated contacts as a LivingMetrics seed, loaded once into a database file; every run
# starts from a copy of that file (seeded databases are not re-seeded).
DATA="$BENCH_TMP/crm-mock-$COUNT"
if [[ ! -s "$DATA/bench.db" ]]; then
  rm -rf "$DATA" && mkdir -p "$DATA/seed/livingmetrics"
  python3 "$PEERS/gen_contacts.py" --count "$COUNT" --format ndjson --out "$DATA/contacts.ndjson"
  cp "$ROOT/seed-data/tenants.json" "$DATA/seed/"
  python3 - "$DATA/contacts.ndjson" "$DATA/seed/livingmetrics/contacts.json" <<'PY'
import json, sys
out = []
for line in open(sys.argv[1]):
    c = json.loads(line)
    out.append({
        "id": c["id"], "first_name": c["first_name"], "last_name": c["last_name"], "company": c["company"],
        "emails": [{"email_address": c["email"], "type": "work"}],
        "phones": [{"phone_number": c["phone"], "type": "work"}],
        "tags": c["tags"], "lead_score": c["id"] % 100,
        "created_at": c["created_at"], "updated_at": c["updated_at"], "visible_at": c["created_at"],
    })
json.dump(out, open(sys.argv[2], "w"))
PY
  "$BIN" serve --port 0 --db "$DATA/bench.db" --seed-dir "$DATA/seed" >"$DATA/load.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 3000); do grep -q 'listening on' "$DATA/load.log" && break; sleep 0.01; done
  kill "$pid"; wait "$pid" 2>/dev/null || true
  grep -q 'listening on' "$DATA/load.log" || { cat "$DATA/load.log"; exit 1; }
fi

peers=()
for t in $TARGETS; do [[ "$t" != crm-mock ]] && peers+=("$t"); done
if [[ ${#peers[@]} -gt 0 ]]; then
  "$PEERS/run.sh" "${peers[@]}"
fi
if [[ " $TARGETS " == *" crm-mock "* ]]; then
  cp "$DATA/bench.db" "$BENCH_TMP/crm-mock-run.db"
  SERVER_CMD="$BIN serve --port {port} --db $BENCH_TMP/crm-mock-run.db" \
  BENCH_GET_PATH='/livingmetrics/v1/contacts/{id}' \
  BENCH_LIST_PATH='/livingmetrics/v1/contacts?search_term={last_name}&created_by={from}&order_by=updated&limit={limit}' \
  BENCH_POST_PATH='/__admin/tenants/demo/livingmetrics/contacts' \
  BENCH_POST_BODY='{"first_name":"{first_name}","last_name":"{last_name}","emails":[{"email_address":"bench.{tid}.{n}@example.com"}]}' \
  BENCH_HEADERS="X-Api-Key: $KEY|Content-Type: application/json" \
    "$PEERS/run.sh" custom
fi

python3 - "$OUT/results.jsonl" "$BIN" <<'PY'
import json, os, statistics, sys
from collections import defaultdict
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
med = defaultdict(dict)
for (t, w) in {(r["target"], r["workload"]) for r in rows}:
    rs = [r for r in rows if r["target"] == t and r["workload"] == w]
    name = "crm-mock" if t == "custom" else t
    med[name][w] = {
        "rps": statistics.median(r["wrk"]["rps"] for r in rs),
        "p99": statistics.median(r["wrk"]["p99_ms"] for r in rs),
        "startup": statistics.median(r["startup_ms"] for r in rs),
        "rss": statistics.median(r["rss_end_kb"] for r in rs) / 1024,
        "non2xx": sum(r["wrk"]["err_status"] for r in rs),
    }
print("\n## crm-mock against its peers (median req/s; ratio = crm-mock / peer)\n")
peers = [p for p in ("hello", "json-server", "prism") if p in med]
print("| workload | crm-mock req/s | p99 ms | non-2xx | " + " | ".join(f"vs {p}" for p in peers) + " |")
print("|---|---|---|---|" + "---|" * len(peers))
for w in ("get", "page", "create"):
    c = med.get("crm-mock", {}).get(w)
    if not c:
        continue
    ratios = [f"{c['rps'] / med[p][w]['rps']:.2f}x" if w in med[p] else "-" for p in peers]
    print(f"| {w} | {c['rps']:.0f} | {c['p99']:.2f} | {c['non2xx']} | " + " | ".join(ratios) + " |")
if "crm-mock" in med:
    c = next(iter(med["crm-mock"].values()))
    print(f"\ncrm-mock start-up {c['startup']:.0f} ms, RSS at end {c['rss']:.0f} MB, "
          f"binary {os.path.getsize(sys.argv[2]) / 1e6:.1f} MB")
PY

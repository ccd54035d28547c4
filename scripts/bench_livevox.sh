#!/usr/bin/env bash
# Measures the LiveVox Contact API's three goals on a release build, with data put in through
# the API of a fresh tenant (in-memory database):
#   1. bulk create of 10,000 contacts in one request        goal: <= 300 ms
#   2. CSV export of 100,000 contacts, gzip                  goal: >= 200,000 rows/s, RSS growth < 20 MB
#   3. a depth-8 search tree over 100,000 contacts (wrk)     goal: p99 < 20 ms
#
#   scripts/bench_livevox.sh
#   CRM_MOCK_BIN=path scripts/bench_livevox.sh             # skip the build
#   EXPORT_FIELDS='["allFields"]' scripts/bench_livevox.sh # another export selection
#   DURATION=30s CONNECTIONS=8 scripts/bench_livevox.sh    # the search run's wrk settings
#
# Each of the ten bulk creates (10,000 new contacts each) is timed with curl; the export is run
# three times (curl, gzip), the server's RSS sampled every 10 ms from /proc while it runs; the
# search runs under wrk with a Lua script posting the tree.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
BIN="${CRM_MOCK_BIN:-${CARGO_TARGET_DIR:-$ROOT/target}/release/crm-mock}"
EXPORT_FIELDS="${EXPORT_FIELDS:-[\"account\",\"dueDate\",\"firstName\",\"lastName\",\"email\",\"phone1\",\"phone1BlockDaily\",\"balance\",\"city\",\"state\",\"zipCode\",\"modifyDate\"]}"
DURATION="${DURATION:-15s}"
CONNECTIONS="${CONNECTIONS:-4}"
TMP="$(mktemp -d /tmp/crm-mock-lv-bench.XXXXXX)"

if ! command -v wrk >/dev/null; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    apt-get install -y -qq wrk >/dev/null
  else
    echo "wrk is needed (Debian: apt-get install wrk)" >&2; exit 1
  fi
fi
[[ -n "${CRM_MOCK_BIN:-}" ]] || cargo build --release --quiet

"$BIN" serve --port 0 >"$TMP/server.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true; rm -rf "$TMP"' EXIT
for _ in $(seq 1 500); do grep -q 'listening on' "$TMP/server.log" && break; sleep 0.01; done
BASE="$(sed -n 's/^crm-mock listening on //p' "$TMP/server.log" | head -1)"
[[ -n "$BASE" ]] || { cat "$TMP/server.log" >&2; exit 1; }
LV="$BASE/livevox"

# A fresh tenant and a Sysadmin session.
curl -sf -X POST "$BASE/__admin/tenants" -H 'Content-Type: application/json' -d '{}' >"$TMP/tenant.json"
python3 - "$TMP/tenant.json" >"$TMP/login.sh" <<'PY'
import json, shlex, sys
lv = json.load(open(sys.argv[1]))["credentials"]["livevox"]
admin = next(u for u in lv["users"] if u["role"] == "Sysadmin")
body = {"clientName": lv["client_name"], "userName": admin["user_name"], "password": admin["password"]}
print(f"ACCESS={shlex.quote(lv['access_token'])}; LOGIN={shlex.quote(json.dumps(body))}")
PY
source "$TMP/login.sh"
SESSION="$(curl -sf -X POST "$LV/session/login" -H "LV-Access: $ACCESS" -H 'Content-Type: application/json' -d "$LOGIN" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["sessionId"])')"
H=(-H "LV-Session: $SESSION" -H 'Content-Type: application/json')

rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$PID/status"; }

# 1. Ten bulk creates of 10,000 contacts each (the 100,000 contacts of 2 and 3).
python3 - "$TMP" <<'PY'
import json, random, sys
random.seed(7)
cities = [("Boston", "MA", "02108"), ("San Francisco", "CA", "94105"), ("Austin", "TX", "73301"), ("New York", "NY", "10010")]
first = ["James", "Mary", "Ann", "Bo", "Li", "Omar", "Sally", "Joe", "Eva", "Ravi"]
last = ["Bond", "Yam", "Williams", "Shelley", "Banner", "Micawber", "Doe", "Park"]
for batch in range(10):
    records = []
    for i in range(10000):
        n = batch * 10000 + i
        city, state, zip_code = cities[n % 4]
        records.append({
            "account": f"{100000 + n}",
            "active": n % 3 != 0,
            "balance": round(random.uniform(0, 5000), 2),
            "accountBlock": ["NONE", "DAILY", "PERMANENT", "NONE"][n % 4],
            "person": {"firstName": first[n % 10], "lastName": last[n % 8], "email": f"c{n}@example.com",
                       "dateOfBirth": 621057600000, "ssn": f"{n:09d}", "zipCode": zip_code},
            "guarantor": {"firstName": "Gua", "lastName": "Tor"},
            "phone": [{"phone": f"650{n:07d}", "ordinal": 1, "phoneBlock": "NONE", "smsConsent": True, "cellConsent": n % 2 == 0},
                      {"phone": f"415{n:07d}", "ordinal": 2}],
            "customFields": [{"field": "COL1", "value": str(n % 100)}],
            "accountToSpeak": f"{100000 + n}", "originalAccountNumber": f"OAN{n}",
            "address1": f"{n % 900 + 1} Main St", "city": city, "state": state, "country": "UNITED_STATES_OF_AMERICA",
            "amountToSpeak": 100.0, "dueDate": 1641963600000 + (n % 365) * 86400000, "primaryEmailConsent": n % 5 == 0,
        })
    json.dump({"createContactDetails": records}, open(f"{sys.argv[1]}/bulk{batch}.json", "w"))
PY
echo "## LiveVox goals ($(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ))"
echo
creates=()
for batch in $(seq 0 9); do
  out=$(curl -s -o "$TMP/bulk.out" -w '%{http_code} %{time_total}' -X POST "$LV/contact/contacts/bulk" "${H[@]}" \
    -H 'Accept-Encoding: application/json' --data-binary "@$TMP/bulk$batch.json")
  [[ "${out%% *}" == 200 ]] || { echo "bulk create $batch: $out $(head -c 300 "$TMP/bulk.out")" >&2; exit 1; }
  creates+=("$(python3 -c "print(round(${out#* } * 1000))")")
done
sorted=$(printf '%s\n' "${creates[@]}" | sort -n | tr '\n' ' ')
median=$(printf '%s\n' "${creates[@]}" | sort -n | sed -n 5p)
echo "1. bulk create, 10,000 contacts per request: median ${median} ms (10 runs, ms: ${sorted})  goal <= 300 ms"

# 2. The export, three times, the server's RSS sampled while it runs.
for run in 1 2 3; do
  before=$(rss_kb)
  curl -s -o "$TMP/export.gz" -w '%{http_code} %{time_total}\n' -X POST "$LV/contact/contacts/bulk" "${H[@]}" \
    -H 'Accept-Encoding: gzip' -d "{\"exportableFields\": $EXPORT_FIELDS}" >"$TMP/export.out" &
  curl_pid=$!
  peak=$before
  while kill -0 "$curl_pid" 2>/dev/null; do
    now=$(rss_kb); ((now > peak)) && peak=$now
    sleep 0.01
  done
  wait "$curl_pid"
  read -r code secs <"$TMP/export.out"
  rows=$(($(gzip -dc "$TMP/export.gz" | wc -l) - 1))
  [[ "$code" == 200 && "$rows" == 100000 ]] || { echo "export: status $code, $rows rows" >&2; exit 1; }
  python3 -c "print(f'2. export run $run: {$rows} rows in {$secs * 1000:.0f} ms = {$rows / $secs:,.0f} rows/s, \
gzip {$(stat -c %s "$TMP/export.gz") / 1e6:.1f} MB, RSS {$before / 1024:.1f} MB -> peak {$peak / 1024:.1f} MB \
(growth {($peak - $before) / 1024:.1f} MB)  goal >= 200,000 rows/s, growth < 20 MB')"
done
echo "   fields: $EXPORT_FIELDS"

# 3. A depth-8 search tree under wrk.
python3 - "$TMP" "$SESSION" <<'PY'
import json, sys
conditions = [("account", "1", "STARTS_WITH"), ("postalcode", "02", "STARTS_WITH"), ("paymentbalance", "100", "GREATER"),
              ("city", "Boston", "EQUALS"), ("state", "TX", "EQUALS"), ("name", "Bond", "CONTAINS"),
              ("email_address", "example.com", "ENDS_WITH"), ("paymentbalance", "4000", "GREATER_EQUAL"), ("account", "19", "STARTS_WITH")]
def tree(depth):
    field, criteria, condition = conditions[depth]
    leaf = {"field": field, "criteria": criteria, "condition": condition}
    if depth == 0:
        return leaf
    rule = {"rule": "AND" if depth % 2 else "OR", "left": tree(depth - 1), "right": leaf}
    if depth == 3:
        rule["isNegated"] = True
    return rule
body = json.dumps({"search": tree(8), "sort": [{"field": "ACCOUNT", "order": "ASC"}]})
open(f"{sys.argv[1]}/search.json", "w").write(body)
open(f"{sys.argv[1]}/search.lua", "w").write(f"""wrk.method = "POST"
wrk.body = {json.dumps(body)}
wrk.headers["Content-Type"] = "application/json"
wrk.headers["LV-Session"] = "{sys.argv[2]}"
""")
PY
search_url="$LV/contact/contacts/search?count=10&offset=0"
status=$(curl -s -o "$TMP/search.out" -w '%{http_code}' -X POST "$search_url" "${H[@]}" --data-binary "@$TMP/search.json")
[[ "$status" == 200 ]] || { echo "search: $status $(head -c 300 "$TMP/search.out")" >&2; exit 1; }
wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$TMP/search.lua" "$search_url" >"$TMP/wrk.out"
p99=$(awk '$1 == "99%" {print $2}' "$TMP/wrk.out")
rps=$(awk '/Requests\/sec/ {print $2}' "$TMP/wrk.out")
non2xx=$(awk '/Non-2xx/ {print $NF}' "$TMP/wrk.out")
echo "3. depth-8 search tree, 100,000 contacts: p99 ${p99} at ${rps} req/s (wrk -t2 -c$CONNECTIONS -d$DURATION, non-2xx: ${non2xx:-0})  goal p99 < 20 ms"

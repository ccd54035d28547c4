#!/usr/bin/env bash
# Smoke test: start crm-mock on a free port and exercise the admin API, every LivingMetrics
# endpoint and some of each other vendor with curl. Exits non-zero on the first unexpected status.
#
#   scripts/smoke.sh            # builds the release binary (in $CARGO_TARGET_DIR, else target/)
#   CRM_MOCK_BIN=path scripts/smoke.sh
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="${CRM_MOCK_BIN:-${CARGO_TARGET_DIR:-target}/release/crm-mock}"
[[ -n "${CRM_MOCK_BIN:-}" ]] || cargo build --release --quiet
LOG="$(mktemp)"
"$BIN" serve --port 0 >"$LOG" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true; rm -f "$LOG"' EXIT
for _ in $(seq 1 200); do grep -q 'listening on' "$LOG" && break; sleep 0.01; done
BASE="$(sed -n 's/^crm-mock listening on //p' "$LOG" | head -1)"
[[ -n "$BASE" ]] || { cat "$LOG"; exit 1; }
echo "server: $BASE"

KEY=demo1-lmapi-key00-00001
FAILS=0
check() { # expected-status method path [curl args...]
  local want=$1 method=$2 path=$3; shift 3
  local got
  got=$(curl -s -o /tmp/crm-mock-smoke.json -w '%{http_code}' -X "$method" "$@" "$BASE$path")
  if [[ "$got" == "$want" ]]; then
    printf 'ok   %s %s %s\n' "$got" "$method" "$path"
  else
    printf 'FAIL %s (want %s) %s %s: %s\n' "$got" "$want" "$method" "$path" "$(head -c 300 /tmp/crm-mock-smoke.json)"
    FAILS=$((FAILS + 1))
  fi
}
lm() { check "$1" GET "/livingmetrics$2" -H "X-Api-Key: $KEY"; }

check 200 GET /__admin/health
check 201 POST /__admin/tenants -H 'Content-Type: application/json' -d '{"seed":"demo"}'
check 200 GET /__admin/tenants
lm 200 '/v1/contacts?page=0&limit=5&order=desc&order_by=updated&include_deals=true&include_timeline=1'
lm 200 '/v1/contacts?search_term=smith&search_tag=lead,customer&history_type=SiteVisit,EmailOpen'
lm 200 '/v1/contacts/count?search_tag=lead'
lm 200 '/v1/contacts/1?include_deals=true'
lm 200 '/v1/contacts/1/task.json?include_completed=1'
lm 200 '/v1/contacts/1/tasks.json?include_completed=0&user_only=1'
lm 200 '/v1/organizations?order_by=last_activity'
lm 200 '/v1/tasks.json?limit=10&page=0&include_completed=1'
lm 200 '/v1/tasks/1.json'
lm 200 '/v1/tasks/contact/1.json'
lm 200 '/v1/tasks/outcomes.json'
lm 200 '/v1/tasks/types.json'
lm 200 '/v1/tasks/statuses.json'
lm 200 '/v1/histories?contact_group=all&order=asc'
lm 200 '/v1/contact_lists?tag=PowerDialer'
lm 200 '/v1/products?limit=5'
lm 200 '/v1/products/1'
lm 200 '/v1/products/statuses'
check 200 GET '/livingmetrics/v1/contacts/fields?powerdialer_only=1'
check 200 GET '/livingmetrics/v1/contacts/field?field_key=emails.email_address'
check 401 GET '/livingmetrics/v1/contacts'
lm 400 '/v1/contacts?order_by=shoe_size'
lm 404 '/v1/contacts/999999'
check 200 GET "/livingmetrics/v1/contacts?api-key=$KEY&limit=1"
check 201 POST /__admin/faults -H 'Content-Type: application/json' -d '{"vendor":"livingmetrics","path":"/v1/products","status":503,"times":1}'
lm 503 '/v1/products'
lm 200 '/v1/products'
check 200 GET '/__admin/requests?vendor=livingmetrics&status=5xx'
check 200 PUT /__admin/clock -H 'Content-Type: application/json' -d '{"now":"2030-01-01T00:00:00Z","frozen":true}'
check 201 POST /__admin/snapshots -H 'Content-Type: application/json' -d '{"name":"smoke"}'
check 200 POST /__admin/snapshots/smoke/restore
check 200 POST /__admin/reset
LD="Authorization: Bearer 0d3e000000000000000000000000000000000001"
ld() { check "$1" "$2" "/liondesk$3" -H "$LD" "${@:4}"; }
ld 200 GET '/contacts?last_name%5B%24in%5D=gates&last_name%5B%24in%5D=jobs&%24sort%5Bcreated_at%5D=-1&%24limit=5'
ld 200 GET '//contacts/1'
ld 201 POST /contacts -H 'Content-Type: application/json' -d '{"first_name":"Smoke","last_name":"Test","tags":"Buyer"}'
ld 200 PATCH /contacts/1 -H 'Content-Type: application/json' -d '{"assigned_user_id":"2"}'
ld 200 GET /contacts/1/addresses
ld 200 GET /hotnesses
ld 200 GET /contact-sources
ld 200 GET /custom-fields
ld 200 GET /tags
ld 200 GET /users
ld 200 GET /teams
ld 200 GET /tasks
ld 200 GET /events
ld 200 GET /me
ld 400 GET '/contacts?last_name%5B%24foo%5D=x'
ld 405 PUT /contacts/1
check 401 GET /liondesk/contacts
check 403 DELETE /liondesk/contacts/1 -H "Authorization: Bearer 0d3e000000000000000000000000000000000002"
check 401 GET "/livevox/contact/contacts?offset=0&count=10"
LC="Authorization: Bearer pit-d3m0d3m0-0000-4000-8000-000000000001"
lc() { check "$1" "$2" "/leadconnector$3" -H "$LC" -H 'Version: 2021-07-28' "${@:4}"; }
lc 200 GET '/contacts/?locationId=DemoLocation00000001&limit=5'
lc 200 GET /contacts/DemoContact000000001
lc 201 POST /contacts/ -H 'Content-Type: application/json' -d '{"locationId":"DemoLocation00000001","firstName":"Smoke","email":"smoke@example.com"}'
lc 400 POST /contacts/ -H 'Content-Type: application/json' -d '{"locationId":"DemoLocation00000001","email":"SMOKE@example.com"}'
lc 200 POST /contacts/search -H 'Content-Type: application/json' -d '{"locationId":"DemoLocation00000001","pageLimit":5,"query":"smoke"}'
lc 201 POST /contacts/DemoContact000000001/tags -H 'Content-Type: application/json' -d '{"tags":["smoke"]}'
lc 200 GET /contacts/DemoContact000000001/tasks
lc 200 GET /contacts/DemoContact000000001/notes
lc 200 GET /contacts/DemoContact000000001/appointments
lc 422 GET '/contacts/DemoContact000000001/notes?locationId=DemoLocation00000001'
check 401 GET /leadconnector/contacts/DemoContact000000001 -H "$LC"
check 200 POST /leadconnector/oauth/token -d client_id=64d3e0c11e470000000000a1-demoapp001 \
  -d client_secret=d3m0d3m0-0000-4000-8000-0000000c5ec7 -d grant_type=refresh_token -d refresh_token=DemoRefreshToken000000000000000000000001
if [[ $FAILS -gt 0 ]]; then echo "$FAILS failed"; exit 1; fi
echo "all passed"

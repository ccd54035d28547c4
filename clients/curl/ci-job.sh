#!/usr/bin/env bash
# A CI job's steps with curl: start crm-mock, make a tenant, run the tests against it, check the
# journal, stop. `crm-mock` must be on the PATH (cargo install --path . in the repository).
set -euo pipefail
export CRM_MOCK_ADMIN_TOKEN=ci-secret
crm-mock serve --port 4010 > crm-mock.log 2>&1 &
SERVER=$!
trap 'kill $SERVER' EXIT
AUTH="Authorization: Bearer $CRM_MOCK_ADMIN_TOKEN"
until curl -sf -H "$AUTH" http://127.0.0.1:4010/__admin/health > /dev/null; do sleep 0.1; done

TENANT=$(curl -sf -X POST -H "$AUTH" http://127.0.0.1:4010/__admin/tenants)
ID=$(echo "$TENANT" | sed 's/.*"id":"\([^"]*\)".*/\1/')
KEY=$(echo "$TENANT" | sed 's/.*"api_key":"\([^"]*\)".*/\1/')
curl -sf -X POST -H "$AUTH" -H 'Content-Type: application/json' \
  "http://127.0.0.1:4010/__admin/tenants/$ID/livingmetrics/contacts" -d '[{"first_name": "Ann"}]' > /dev/null

# Your tests run here, against http://127.0.0.1:4010/livingmetrics with X-Api-Key: $KEY
curl -sf -H "X-Api-Key: $KEY" http://127.0.0.1:4010/livingmetrics/v1/contacts | grep -q '"first_name":"Ann"'

# Then: no request of theirs was answered with a 5xx.
curl -sf -H "$AUTH" "http://127.0.0.1:4010/__admin/requests?tenant=$ID&status=5xx" | grep -q '"total":0'
echo "ok"

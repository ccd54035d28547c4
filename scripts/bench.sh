#!/usr/bin/env bash
# The benchmark: every built vendor's point GET, filtered page and create at each size, against
# the bare actix-web "hello" ceiling measured in the same run and the peers a user would
# otherwise pick (json-server 0.17, Prism 5). Writes a markdown table to $OUT/results.md and
# prints it.
#
#   scripts/bench.sh                                  # 10k, 100k and 1M contacts, every vendor
#   SIZES="10000 100000" VENDORS=liondesk scripts/bench.sh
#   DURATION=2s WARMUP=1s SIZES=10000 PEERS=0 scripts/bench.sh      # a quick look
#
# Settings (environment):
#   SIZES="10000 100000 1000000"  contacts in the demo tenant, one data set per size
#   VENDORS                       default: every vendor the binary serves; none: only the others
#   WORKLOADS="get page create"
#   THREADS=2 CONNS=32 DURATION=10s WARMUP=2s REPEAT=1   wrk settings; REPEAT runs of each (medians)
#   PEERS=1                       0: neither json-server nor Prism; HELLO=0: no ceiling
#   CEILING=once                  each: the ceiling measured again just before each run of a
#                                 vendor's workload, and the run's ratio taken to that one (the
#                                 machine's speed drifts over a long run)
#   PROFILE=0                     1: where each measured run's CPU went, per request: each server
#                                 thread's CPU and wait for a core, wrk's CPU, the idle cores
#                                 (a third table; compare variants by their ratios to wrk's
#                                 CPU, which the machine's changing speed moves alike)
#   PEER_SIZES=10000              the sizes the peers are measured at
#   SEED=42                       seed of the generated data
#   PORT=18090                    the port every server is started on (127.0.0.1 only)
#   BENCH_TMP=/tmp/crm-mock-bench scratch: generated databases (kept: a second run reuses them
#                                 while the schemas and generators in src/ stay the same),
#                                 the hello build, the peers' npm install, copies, logs
#   OUT=target/bench              results.md, results.jsonl and each wrk run's raw output
#   CRM_MOCK_BIN                  a built binary to measure (default: cargo build --release)
#
# Installs what is missing: wrk (apt-get install wrk, as root), json-server@0.17 and
# @stoplight/prism-cli@5 (npm, into $BENCH_TMP/peers; without npm the peers are skipped with a
# note in the table). Builds the ceiling from scripts/bench/hello (actix-web, release).
#
# Each workload runs against a fresh server started from a copy of the generated database: its
# start-up (process start to port open) is measured, one request of the workload is checked
# to answer 2xx, wrk warms up, then measures; the server's RSS is read from /proc after the run.
# A separate start per vendor and size measures the time until a first GET answers (the
# database opened), and reads a sample of the contacts through the vendor's API to choose the
# ids, names, date ranges and search terms the workloads ask for (scripts/bench/bench.py).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
HERE="$ROOT/scripts/bench"
SIZES="${SIZES:-10000 100000 1000000}"
WORKLOADS="${WORKLOADS:-get page create}"
THREADS="${THREADS:-2}"
CONNS="${CONNS:-32}"
DURATION="${DURATION:-10s}"
WARMUP="${WARMUP:-2s}"
REPEAT="${REPEAT:-1}"
PEERS="${PEERS:-1}"
PROFILE="${PROFILE:-0}"
CEILING="${CEILING:-once}"
HELLO="${HELLO:-1}"
PEER_SIZES="${PEER_SIZES:-10000}"
SEED="${SEED:-42}"
PORT="${PORT:-18090}"
BENCH_TMP="${BENCH_TMP:-/tmp/crm-mock-bench}"
OUT="${OUT:-$ROOT/target/bench}"
HOST=127.0.0.1
PAGE_LIMIT=50
mkdir -p "$BENCH_TMP/data" "$OUT/raw"
RESULTS="$OUT/results.jsonl"
: >"$RESULTS"

say() { echo "bench: $*" >&2; }
note() { say "$*"; python3 -c 'import json, sys; print(json.dumps({"kind": "note", "text": sys.argv[1]}))' "$1" >>"$RESULTS"; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }

# ------------------------------------------------------------------------------ tools
if ! command -v wrk >/dev/null; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    say "installing wrk (apt-get)"
    apt-get install -y -qq wrk >/dev/null 2>&1 || { apt-get update -qq >/dev/null && apt-get install -y -qq wrk >/dev/null; }
  else
    echo "wrk is needed: apt-get install wrk (Debian, Ubuntu), brew install wrk (macOS)" >&2
    exit 1
  fi
fi
if [[ -z "${CRM_MOCK_BIN:-}" ]]; then
  say "building crm-mock (release)"
  (cd "$ROOT" && cargo build --release --quiet)
fi
BIN="${CRM_MOCK_BIN:-${CARGO_TARGET_DIR:-$ROOT/target}/release/crm-mock}"
HELLO_BIN="$BENCH_TMP/hello-target/release/bench-hello"
if [[ "$HELLO" == 1 || "$CEILING" == each ]]; then
  say "building the hello ceiling (release)"
  CARGO_TARGET_DIR="$BENCH_TMP/hello-target" cargo build --release --quiet --manifest-path "$HERE/hello/Cargo.toml"
fi
NODE_DIR="$BENCH_TMP/peers"
if [[ "$PEERS" == 1 ]]; then
  if ! command -v npm >/dev/null || ! command -v node >/dev/null; then
    note "json-server and Prism not measured: npm and node are needed to install them"
    PEERS=0
  elif [[ ! -x "$NODE_DIR/node_modules/.bin/json-server" || ! -x "$NODE_DIR/node_modules/.bin/prism" ]]; then
    say "installing json-server@0.17 and @stoplight/prism-cli@5 (npm) into $NODE_DIR"
    mkdir -p "$NODE_DIR"
    [[ -s "$NODE_DIR/package.json" ]] || echo '{"private": true}' >"$NODE_DIR/package.json"
    (cd "$NODE_DIR" && npm install --no-audit --no-fund --loglevel=error json-server@0.17 @stoplight/prism-cli@5 >&2)
  fi
fi

# ------------------------------------------------------------------------------ servers
SERVER_PID=""
stop_server() {
  [[ -n "$SERVER_PID" ]] || return 0
  kill "$SERVER_PID" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.05; done
  kill -9 "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
}
trap stop_server EXIT
trap 'stop_server; exit 130' INT TERM

port_open() { (exec 3<>"/dev/tcp/$HOST/$PORT") 2>/dev/null; }

# start LOG COMMAND...: starts the server in the background; STARTUP_MS is the time from the
# start to the port open, T0 the start (ms).
start() {
  local log=$1; shift
  if port_open; then echo "port $PORT is in use (set PORT=...)" >&2; exit 1; fi
  T0=$(now_ms)
  "$@" >"$log" 2>&1 &
  SERVER_PID=$!
  until port_open; do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      SERVER_PID=""
      echo "the server stopped before listening: $*" >&2; tail -5 "$log" >&2
      return 1
    fi
    if (($(now_ms) - T0 > 300000)); then echo "port $PORT not open after 300 s: $*" >&2; exit 1; fi
    sleep 0.002
  done
  STARTUP_MS=$(($(now_ms) - T0))
}

# The resident memory of the server and of any processes it started, in kB.
rss_kb() {
  local pid=$1 total child
  total=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
  for child in $(pgrep -P "$pid" 2>/dev/null || true); do total=$((total + $(rss_kb "$child"))); done
  echo "$total"
}

# One request as the workload makes it, with the first row of its rows file: must answer 2xx.
check_request() { # workload rows_file
  local row path body args=() code i
  IFS=$'\t' read -r -a names <"$2"
  IFS=$'\t' read -r -a row < <(sed -n 2p "$2") || { echo "$2 has no rows" >&2; exit 1; }
  fill() {
    local text=$1
    for i in "${!names[@]}"; do text=${text//"{${names[$i]}}"/${row[$i]}}; done
    text=${text//'{unique}'/check-0-0}; text=${text//'{n}'/0}; text=${text//'{thread}'/0}
    printf '%s' "$text"
  }
  path=$(fill "$BENCH_PATH")
  IFS='|' read -r -a hs <<<"$BENCH_HEADERS"
  for h in "${hs[@]}"; do [[ -n "$h" ]] && args+=(-H "$h"); done
  [[ -n "${BENCH_BODY:-}" ]] && args+=(--data-binary "$(fill "$BENCH_BODY")")
  code=$(curl -s -o "$OUT/raw/check.json" -w '%{http_code}' -X "$BENCH_METHOD" "${args[@]}" "http://$HOST:$PORT$path")
  if [[ "$code" != 2* ]]; then
    echo "$1: $BENCH_METHOD $path answered $code: $(head -c 400 "$OUT/raw/check.json")" >&2
    exit 1
  fi
}

# measure TARGET WORKLOAD SIZE ROWS_FILE REP: the running server under wrk; appends a record
# (of MEASURE_KIND, "load" unless set, with CEILING_RPS when set) and sets LAST_RPS. A ceiling
# measured for a vendor's run (CEILING_FOR="vendor-size") keeps its raw output apart.
measure() {
  local target=$1 workload=$2 size=$3 rows=$4 rep=$5 raw line rss
  raw="$OUT/raw/$target-$workload-$size-$rep${CEILING_FOR:+-for-$CEILING_FOR}.txt"
  export BENCH_ROWS="$rows" BENCH_SEED="$SEED"
  check_request "$workload" "$rows"
  BENCH_RUN="w$rep" wrk -t"$THREADS" -c"$CONNS" -d"$WARMUP" --timeout 10s -s "$HERE/wrk/load.lua" \
    "http://$HOST:$PORT" >/dev/null 2>&1 || true
  local kind=${MEASURE_KIND:-load} profiled=0
  [[ "$PROFILE" == 1 && "$kind" == load ]] && profiled=1
  ((profiled)) && python3 "$HERE/bench.py" threads "$SERVER_PID" >"$raw.before.json"
  # wrk's own CPU (user and system seconds) goes to $raw.cpu.
  local TIMEFORMAT='%U %S'
  { time BENCH_RUN="m$rep" wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --timeout 10s --latency -s "$HERE/wrk/load.lua" \
    "http://$HOST:$PORT" >"$raw" 2>&1; } 2>"$raw.cpu" || { cat "$raw" >&2; exit 1; }
  rss=$(rss_kb "$SERVER_PID")
  line=$(sed -n 's/^BENCH_RESULT //p' "$raw")
  [[ -n "$line" ]] || { echo "no result in $raw" >&2; cat "$raw" >&2; exit 1; }
  LAST_RPS=$(python3 -c 'import json, sys; print(json.loads(sys.argv[1])["rps"])' "$line")
  local profile=null
  if ((profiled)); then
    python3 "$HERE/bench.py" threads "$SERVER_PID" >"$raw.after.json"
    profile=$(python3 "$HERE/bench.py" profile "$raw.before.json" "$raw.after.json" \
      "$(python3 -c 'import json, sys; print(json.loads(sys.argv[1])["requests"])' "$line")" \
      "$(awk '{print $1 + $2}' "$raw.cpu")")
    say "$target $workload $size: $profile"
  fi
  echo "{\"kind\":\"$kind\",\"target\":\"$target\",\"workload\":\"$workload\",\"size\":$size,\"rep\":$rep,\"startup_ms\":$STARTUP_MS,\"rss_kb\":$rss,\"wrk\":$line,\"profile\":$profile,\"ceiling_rps\":${CEILING_RPS:-null}}" >>"$RESULTS"
  python3 -c 'import json, sys; w = json.loads(sys.argv[2]); print("bench: %s: %.0f req/s, p50 %.2f ms, p99 %.2f ms, %d non-2xx" % (sys.argv[1], w["rps"], w["p50_ms"], w["p99_ms"], w["status_errors"]), file=sys.stderr)' \
    "$target $workload $size (start-up ${STARTUP_MS} ms, RSS $((rss / 1024)) MB)" "$line"
}

# workload_env WORKLOAD: BENCH_METHOD, BENCH_PATH and BENCH_BODY of the workload from the
# GET_*, PAGE_* and CREATE_* of the target.
workload_env() {
  case "$1" in
    get) BENCH_METHOD=GET BENCH_PATH=$GET_PATH BENCH_BODY="" ;;
    page) BENCH_METHOD=$PAGE_METHOD BENCH_PATH=$PAGE_PATH BENCH_BODY=$PAGE_BODY ;;
    create) BENCH_METHOD=POST BENCH_PATH=$CREATE_PATH BENCH_BODY=$CREATE_BODY ;;
    *) echo "unknown workload: $1" >&2; exit 2 ;;
  esac
  export BENCH_METHOD BENCH_PATH BENCH_BODY BENCH_HEADERS
}

describe() { # target: the requests of its workloads, for the notes under the table
  local text="$1:" w
  for w in $WORKLOADS; do
    workload_env "$w"
    text+=" $w = \`$BENCH_METHOD $BENCH_PATH\`${BENCH_BODY:+ \`$BENCH_BODY\`};"
  done
  note "${text%;}"
}

# ------------------------------------------------------------------------------ peers and ceiling
# The peers share one request shape: json-server 0.17's own query operators.
peer_paths() {
  GET_PATH='/contacts/{id}'
  PAGE_METHOD=GET PAGE_BODY=""
  PAGE_PATH="/contacts?last_name={last_name}&created_at_gte={from}&created_at_lte={to}&_sort=created_at&_order=desc&_page=1&_limit=$PAGE_LIMIT"
  CREATE_PATH='/contacts'
  CREATE_BODY='{"first_name":"{first_name}","last_name":"{last_name}","email":"bench.{unique}@example.com","phone":"+12025550100","company":"Bench & Sons"}'
  BENCH_HEADERS="Content-Type: application/json"
}

peer_data() { # size -> directory with db.json, openapi.json and the rows files
  local dir="$BENCH_TMP/data/peers-$1-s$SEED"
  [[ -s "$dir/page.tsv" ]] || { mkdir -p "$dir" && python3 "$HERE/bench.py" peers "$1" "$SEED" "$dir"; }
  echo "$dir"
}

run_peer() { # target size (0: the server holds no data, the rows come from the first peer size)
  local target=$1 size=$2 data_size=$2 dir w rep
  ((size)) || data_size=${PEER_SIZES%% *}
  dir=$(peer_data "$data_size")
  peer_paths
  for w in $WORKLOADS; do
    workload_env "$w"
    for rep in $(seq 1 "$REPEAT"); do
      case "$target" in
        hello) start "$OUT/raw/hello.log" "$HELLO_BIN" "$PORT" ;;
        json-server)
          cp "$dir/db.json" "$BENCH_TMP/json-server-db.json"
          start "$OUT/raw/json-server.log" node "$NODE_DIR/node_modules/json-server/lib/cli/bin.js" --quiet \
            --host "$HOST" --port "$PORT" "$BENCH_TMP/json-server-db.json" ;;
        prism)
          start "$OUT/raw/prism.log" node "$NODE_DIR/node_modules/@stoplight/prism-cli/dist/index.js" mock \
            -h "$HOST" -p "$PORT" "$dir/openapi.json" ;;
      esac
      measure "$target" "$w" "$size" "$dir/$w.tsv" "$rep"
      stop_server
    done
  done
}

# ------------------------------------------------------------------------------ crm-mock
# vendor_paths VENDOR: the vendor's requests (its own query syntax) and the demo tenant's
# credentials; SERVE_FLAGS for `serve`.
vendor_paths() {
  SERVE_FLAGS=()
  PAGE_METHOD=GET PAGE_BODY=""
  case "$1" in
    liondesk)
      GET_PATH='/liondesk/contacts/{id}'
      PAGE_PATH="/liondesk/contacts?last_name={last_name}&created_at%5B%24gte%5D={from}&created_at%5B%24lte%5D={to}&%24sort%5Bcreated_at%5D=-1&%24limit=$PAGE_LIMIT"
      CREATE_PATH='/liondesk/contacts'
      CREATE_BODY='{"first_name":"{first_name}","last_name":"{last_name}","email":"bench.{unique}@example.com"}'
      BENCH_HEADERS="Authorization: Bearer 0d3e000000000000000000000000000000000001|Content-Type: application/json" ;;
    livingmetrics)
      # The API is read-only: a create is an arrangement through the control plane.
      GET_PATH='/livingmetrics/v1/contacts/{id}'
      PAGE_PATH="/livingmetrics/v1/contacts?search_term={term}&limit=$PAGE_LIMIT"
      CREATE_PATH='/__admin/tenants/demo/livingmetrics/contacts'
      CREATE_BODY='[{"first_name":"{first_name}","last_name":"{last_name}","emails":[{"email_address":"bench.{unique}@example.com","type":"work"}]}]'
      BENCH_HEADERS="X-Api-Key: demo1-lmapi-key00-00001|Content-Type: application/json" ;;
    livevox)
      # LV-Session is added once the server runs (a login per start).
      GET_PATH='/livevox/contact/contacts/{id}'
      PAGE_METHOD=POST
      PAGE_PATH="/livevox/contact/contacts/search?offset=0&count=$PAGE_LIMIT"
      PAGE_BODY='{"search":{"field":"name","criteria":"{last_name}","condition":"EQUALS"}}'
      CREATE_PATH='/livevox/contact/contacts'
      CREATE_BODY='{"createContactDetails":{"account":"bench-{unique}","person":{"firstName":"{first_name}","lastName":"{last_name}","email":"bench.{unique}@example.com"}}}'
      BENCH_HEADERS="Content-Type: application/json" ;;
    leadconnector)
      GET_PATH='/leadconnector/contacts/{id}'
      PAGE_PATH="/leadconnector/contacts/?locationId=DemoLocation00000001&query={last_name}&limit=$PAGE_LIMIT"
      CREATE_PATH='/leadconnector/contacts/'
      CREATE_BODY='{"locationId":"DemoLocation00000001","firstName":"{first_name}","lastName":"{last_name}","email":"bench.{unique}@example.com"}'
      BENCH_HEADERS="Authorization: Bearer pit-d3m0d3m0-0000-4000-8000-000000000001|Version: 2021-07-28|Content-Type: application/json"
      SERVE_FLAGS=(--rate-limits off) ;;
    *) echo "unknown vendor: $1" >&2; exit 2 ;;
  esac
}

declare -A SAMPLE_FLAGS=([liondesk]="--liondesk-max-limit=1000000000")

# log_in VENDOR: the credentials a freshly started server hands out (a LiveVox session).
log_in() {
  [[ "$1" == livevox ]] || return 0
  local session
  session=$(curl -sf -X POST "http://$HOST:$PORT/livevox/session/login" -H 'LV-Access: d3m0d3m0-0000-4000-8000-000000000001' \
    -H 'Content-Type: application/json' -d '{"clientName":"DEMO","userName":"demo.sysadmin","password":"Demo#Sysadmin1"}' |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["sessionId"])')
  BENCH_HEADERS="LV-Session: $session|Content-Type: application/json"
}

# set_up VENDOR: the tenant's settings for the workloads.
set_up() {
  [[ "$1" == leadconnector ]] || return 0
  # The location takes duplicates, as a load test's location would be set up.
  curl -sf -o /dev/null -X POST "http://$HOST:$PORT/__admin/tenants/demo/leadconnector/settings" \
    -H 'Content-Type: application/json' -d '{"allowDuplicateContact": true}'
}

# The generated data are kept per vendor, size and seed, and for the schemas and generators of
# the source: a change to either makes new data (a database from an older schema would miss
# its indexes).
DATA_KEY=$(find "$ROOT/src" -type f \( -name '*.sql' -o -path '*generate*' \) | LC_ALL=C sort | xargs cat | cksum | cut -d' ' -f1)
data_name() { echo "$BENCH_TMP/data/$1-$2-s$SEED-$DATA_KEY"; }

# The generated database of VENDOR with SIZE contacts (cached in $BENCH_TMP/data).
vendor_data() { # vendor size -> sets DB, IDS, GENERATE_S (empty when cached)
  DB="$(data_name "$1" "$2").sqlite" IDS="$(data_name "$1" "$2").ids" GENERATE_S=""
  if [[ -s "$DB" && -s "$IDS" && -s "$DB.done" ]]; then
    GENERATE_S=$(cat "$DB.done")
    return
  fi
  # Data of the same vendor, size and seed made for other sources go.
  rm -rf "$BENCH_TMP/data/$1-$2-s$SEED-"*
  say "generating $2 $1 contacts into $DB"
  local t0
  t0=$(now_ms)
  "$BIN" generate --vendor "$1" --contacts "$2" --seed "$SEED" --db "$DB" --tenant demo --ids "$IDS" </dev/null >&2
  GENERATE_S=$(python3 -c "print(($(now_ms) - $t0) / 1000)")
  echo "$GENERATE_S" >"$DB.done"
}

fresh_copy() { # a copy of $DB the server may change
  RUN_DB="$BENCH_TMP/run.sqlite"
  rm -f "$RUN_DB" "$RUN_DB-wal" "$RUN_DB-shm"
  cp --reflink=auto "$DB" "$RUN_DB"
  for suffix in -wal -shm; do [[ -e "$DB$suffix" ]] && cp "$DB$suffix" "$RUN_DB$suffix"; done
  # The copy's pages are written out now, not by the server's first fsync: start-up measures
  # the server opening the file, not the kernel writing back a gigabyte.
  sync "$RUN_DB"
  return 0
}

serve() { # vendor log
  start "$2" "$BIN" serve --host "$HOST" --port "$PORT" --db "$RUN_DB" --journal-size 0 "${SERVE_FLAGS[@]}"
}

run_vendor() { # vendor size
  local vendor=$1 size=$2 rows id code first w rep
  rows="$(data_name "$1" "$2").rows"
  vendor_paths "$vendor"
  vendor_data "$vendor" "$size"
  # The opening: start-up, then the time until a GET of a generated contact answers 2xx.
  fresh_copy
  # (LionDesk: a page as large as the data, for the sample to list the ids the token sees.)
  SERVE_FLAGS+=(${SAMPLE_FLAGS[$vendor]:-})
  if ! serve "$vendor" "$OUT/raw/$vendor-$size-open.log"; then
    [[ -n "${REGENERATED:-}" ]] && exit 1
    say "the server refused the cached database: generating it again"
    rm -f "$DB.done"; REGENERATED=1 run_vendor "$vendor" "$size"; return
  fi
  log_in "$vendor"
  id=$(head -1 "$IDS")
  IFS='|' read -r -a hs <<<"$BENCH_HEADERS"
  local hargs=(); for h in "${hs[@]}"; do hargs+=(-H "$h"); done
  # Any status is an answer here (a contact the token's user may not see answers 404); each
  # workload's own request is checked for a 2xx before it runs.
  while :; do
    code=$(curl -s -o /dev/null -w '%{http_code}' "${hargs[@]}" "http://$HOST:$PORT${GET_PATH//'{id}'/$id}" || true)
    [[ "$code" == 000 ]] || break
    (($(now_ms) - T0 < 300000)) || { echo "$vendor: no answer after 300 s" >&2; exit 1; }
  done
  first=$(($(now_ms) - T0))
  # Idle: started, the database open, one request answered.
  idle_rss=$(rss_kb "$SERVER_PID")
  if [[ ! -s "$rows/page.tsv" ]]; then
    mkdir -p "$rows"
    python3 "$HERE/bench.py" sample "$vendor" "http://$HOST:$PORT" "$IDS" "$rows" "${hs[@]}"
  fi
  stop_server
  vendor_paths "$vendor"
  [[ -s "$rows/about.txt" ]] && note "$vendor, $size contacts: $(cat "$rows/about.txt")"
  echo "{\"kind\":\"open\",\"target\":\"$vendor\",\"size\":$size,\"startup_ms\":$STARTUP_MS,\"first_answer_ms\":$first,\"idle_rss_kb\":$idle_rss,\"db_mb\":$(($(stat -c %s "$DB") / 1048576)),\"generate_s\":${GENERATE_S:-null}}" >>"$RESULTS"
  say "$vendor $size: start-up $STARTUP_MS ms, first answer $first ms"
  for w in $WORKLOADS; do
    for rep in $(seq 1 "$REPEAT"); do
      CEILING_RPS=""
      if [[ "$CEILING" == each ]]; then
        peer_paths
        workload_env "$w"
        start "$OUT/raw/hello.log" "$HELLO_BIN" "$PORT"
        MEASURE_KIND=ceiling CEILING_FOR="$vendor-$size" measure hello "$w" 0 "$(peer_data "${PEER_SIZES%% *}")/$w.tsv" "$rep"
        stop_server
        CEILING_RPS=$LAST_RPS
        vendor_paths "$vendor"
      fi
      fresh_copy
      serve "$vendor" "$OUT/raw/$vendor-$size-$w.log"
      log_in "$vendor"
      set_up "$vendor"
      workload_env "$w"
      measure "$vendor" "$w" "$size" "$rows/$w.tsv" "$rep"
      stop_server
    done
  done
  rm -f "$RUN_DB" "$RUN_DB-wal" "$RUN_DB-shm"
}

# ------------------------------------------------------------------------------ the run
[[ "${VENDORS:-}" == none ]] && VENDORS=""
if [[ ! -v VENDORS ]]; then
  RUN_DB="$BENCH_TMP/run.sqlite"; rm -f "$RUN_DB"*
  start "$OUT/raw/health.log" "$BIN" serve --host "$HOST" --port "$PORT"
  VENDORS=$(curl -sf "http://$HOST:$PORT/__admin/health" | python3 -c 'import json, sys; print(" ".join(json.load(sys.stdin)["vendors"]))')
  stop_server
fi
python3 - "$RESULTS" <<PY
import json, os, subprocess, sys
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "")
commit = subprocess.run(["git", "-C", "$ROOT", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
meta = {"kind": "meta", "date": subprocess.run(["date", "-u", "+%Y-%m-%d %H:%M UTC"], capture_output=True, text=True).stdout.strip(),
        "host": f"{os.cpu_count()} cores, {cpu}", "commit": commit or "(no git)",
        "wrk_args": "-t$THREADS -c$CONNS -d$DURATION", "warmup": "$WARMUP", "repeat": $REPEAT, "seed": $SEED}
open(sys.argv[1], "a").write(json.dumps(meta) + "\n")
PY

[[ "$HELLO" == 1 ]] && run_peer hello 0
if [[ "$PEERS" == 1 ]]; then
  for size in $PEER_SIZES; do run_peer json-server "$size"; done
  run_peer prism 0
fi
if [[ "$HELLO" == 1 || "$PEERS" == 1 ]]; then
  peer_paths
  describe "the ceiling and the peers (json-server's query syntax; Prism answers its examples)"
fi
for vendor in $VENDORS; do
  for size in $SIZES; do run_vendor "$vendor" "$size"; done
  describe "$vendor"
done
python3 "$HERE/bench.py" table "$RESULTS" "$OUT/results.md"

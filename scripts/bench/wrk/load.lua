-- One wrk workload of scripts/bench.sh, described by the environment:
--
--   BENCH_METHOD   GET (default) or POST
--   BENCH_PATH     the request path, with {placeholders}
--   BENCH_BODY     the request body (POST), with {placeholders}
--   BENCH_HEADERS  extra headers, "Name: value" pairs separated by "|"
--   BENCH_ROWS     a tab-separated file whose first line names its columns; each request takes
--                  a row at random and fills {column} with its value (ids, names, date ranges)
--   BENCH_RUN      a word that differs between the runs against one server (warm-up, measure),
--                  so {unique} never repeats across them
--   BENCH_SEED     seed of the random choices (each thread adds its number)
--
-- Besides the columns, {thread} is the thread's number, {n} counts the thread's requests and
-- {unique} is "<run>-<thread>-<n>" (for e-mail addresses and account numbers that must be new).
-- When the run ends, one line "BENCH_RESULT {json}" gives requests/s, latency percentiles (ms)
-- and the error counts (wrk counts a status >= 400 as a status error).

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_number", #threads)
end

local method, path, body, headers
local columns, rows = {}, {}
local thread, n, run = 0, 0, "r"

local function split(line, separator)
  local fields = {}
  for field in string.gmatch(line .. separator, "(.-)" .. separator) do
    table.insert(fields, field)
  end
  return fields
end

local function read_rows(file)
  local handle = assert(io.open(file, "r"), "cannot open " .. file)
  local first = true
  for line in handle:lines() do
    if first then
      columns = split(line, "\t")
      first = false
    elseif #line > 0 then
      table.insert(rows, split(line, "\t"))
    end
  end
  handle:close()
  assert(#rows > 0, file .. " has no rows")
end

local function fill(template, values)
  return (string.gsub(template, "{([%w_]+)}", function(name)
    local value = values[name]
    if value == nil then
      error("no value for {" .. name .. "}")
    end
    return value
  end))
end

function init(args)
  thread = tonumber(thread_number) or 0
  run = os.getenv("BENCH_RUN") or "r"
  math.randomseed((tonumber(os.getenv("BENCH_SEED")) or 42) * 1000 + thread)
  method = os.getenv("BENCH_METHOD") or "GET"
  path = assert(os.getenv("BENCH_PATH"), "BENCH_PATH is not set")
  body = os.getenv("BENCH_BODY")
  if body == "" then
    body = nil
  end
  headers = { Accept = "application/json" }
  for pair in string.gmatch(os.getenv("BENCH_HEADERS") or "", "[^|]+") do
    local name, value = string.match(pair, "^%s*([^:]-)%s*:%s*(.-)%s*$")
    if name then
      headers[name] = value
    end
  end
  local file = os.getenv("BENCH_ROWS")
  if file and #file > 0 then
    read_rows(file)
  end
end

function request()
  n = n + 1
  local values = { thread = tostring(thread), n = tostring(n), unique = run .. "-" .. thread .. "-" .. n }
  if #rows > 0 then
    local row = rows[math.random(#rows)]
    for i, name in ipairs(columns) do
      values[name] = row[i]
    end
  end
  local filled = body and fill(body, values) or nil
  return wrk.format(method, fill(path, values), headers, filled)
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local errors = summary.errors
  local ms = function(p) return latency:percentile(p) / 1000 end
  io.write(string.format(
    'BENCH_RESULT {"requests":%d,"seconds":%.3f,"rps":%.1f,"p50_ms":%.3f,"p90_ms":%.3f,' ..
    '"p99_ms":%.3f,"max_ms":%.3f,"status_errors":%d,"socket_errors":%d}\n',
    summary.requests, seconds, summary.requests / seconds, ms(50), ms(90), ms(99),
    latency.max / 1000, errors.status, errors.connect + errors.read + errors.write + errors.timeout))
end

#!/usr/bin/env python3
"""The parts of scripts/bench.sh that are easier in Python (standard library only).

  bench.py sample VENDOR BASE_URL IDS_FILE OUT_DIR [HEADER ...]
      Reads a random sample of the generated contacts through the vendor's own API and writes
      the rows the wrk workloads draw from: OUT_DIR/get.tsv (ids), OUT_DIR/page.tsv (what the
      filtered page asks for) and OUT_DIR/create.tsv (names for new contacts); for LivingMetrics,
      OUT_DIR/about.txt says how many contacts each chosen search term finds.
  bench.py peers COUNT SEED OUT_DIR
      The peers' data: OUT_DIR/db.json (a json-server database of COUNT contacts),
      OUT_DIR/openapi.json (the document Prism mocks), and the same three row files.
  bench.py threads PID
      A snapshot of where the machine's time has gone so far: for each of process PID's
      threads (by name) its CPU time and its time waiting for a core, and the machine's idle
      time (JSON; two of them make a profile).
  bench.py profile BEFORE AFTER REQUESTS CLIENT_CPU_S
      Between two snapshots (files), per request: each thread name's CPU and wait for a core
      in microseconds, the client's CPU (CLIENT_CPU_S over the run), and the machine's idle
      cores (JSON).
  bench.py table RESULTS_JSONL OUT_MD
      The markdown tables of a run, written to OUT_MD.
"""
import json
import os
import random
import re
import statistics
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from datetime import datetime, timedelta, timezone

SAMPLE = 400
GET_ROWS = 100_000
PAGE_ROWS = 200
NAME = re.compile(r"^[A-Za-z]{2,}$")


# ------------------------------------------------------------------------------------ sample
def http_json(base, path, headers, method="GET", body=None, timeout=60):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, method=method)
    for name, value in headers.items():
        req.add_header(name, value)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(req, timeout=timeout) as resp:
        return json.load(resp)


def first_key(value, keys):
    """The value of the first of `keys` met in a breadth-first walk of a JSON document."""
    queue = [value]
    while queue:
        item = queue.pop(0)
        if isinstance(item, dict):
            for key in keys:
                if key in item and not isinstance(item[key], (dict, list)):
                    return item[key]
            queue.extend(item.values())
        elif isinstance(item, list):
            queue.extend(item)
    return None


def search_text(contact):
    """What a LivingMetrics search_term looks in (names, company, e-mails, phones), lower-cased."""
    parts = [contact.get("first_name") or "", contact.get("last_name") or "", contact.get("company") or ""]
    if contact.get("first_name") and contact.get("last_name"):
        parts.append(f"{contact['first_name']} {contact['last_name']}")
    parts += [e.get("email_address") or "" for e in contact.get("emails") or []]
    for phone in contact.get("phones") or []:
        number = phone.get("phone_number") or ""
        parts += [number, "".join(ch for ch in number if ch.isdigit())]
    return "\n".join(parts).lower()


def lm_terms(base, headers, contacts, total):
    """Search terms each found in about 5 % of the contacts: letter runs common in the sample,
    then checked with the count endpoint against the whole tenant."""
    texts = [search_text(c) for c in contacts]
    candidates = set()
    for c in contacts:
        for word in (c.get("last_name") or "", c.get("first_name") or ""):
            word = word.lower()
            for size in (3, 4):
                candidates.update(word[i : i + size] for i in range(len(word) - size + 1) if word[i : i + size].isalpha())
    share = {t: sum(t in text for text in texts) / len(texts) for t in candidates}
    ranked = sorted(share, key=lambda t: (abs(share[t] - 0.05), t))[:12]
    checked = []
    for term in ranked:
        answer = http_json(base, "/livingmetrics/v1/contacts/count?search_term=" + urllib.parse.quote(term), headers)
        count = answer if isinstance(answer, int) else first_key(answer, ["count", "total"])
        checked.append((abs(int(count) / total - 0.05), term, int(count)))
    checked.sort()
    best = [c for c in checked if c[0] <= 0.015][:5] or checked[:1]
    found = ", ".join(f"`{term}` {100 * count / total:.1f} %" for _, term, count in best)
    return [[term] for _, term, _ in best], f"search terms and the share of the contacts each finds: {found}"


def windows(dates, rng):
    """Date ranges, each covering a third of the span the sampled dates cover."""
    dates = sorted(dates)
    low, high = dates[0], dates[-1]
    third = (high - low) / 3
    out = []
    for _ in range(PAGE_ROWS):
        start = low + (high - low - third) * rng.random()
        out.append((start, start + third))
    return out


def parse_time(text):
    if isinstance(text, (int, float)):
        return datetime.fromtimestamp(text / 1000, timezone.utc)
    return datetime.fromisoformat(str(text).replace("Z", "+00:00"))


def iso(moment):
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def write_tsv(path, columns, rows):
    if not rows:
        sys.exit(f"nothing to write into {path}")
    with open(path, "w", encoding="utf-8") as out:
        out.write("\t".join(columns) + "\n")
        for row in rows:
            out.write("\t".join(str(v) for v in row) + "\n")


def sample(vendor, base, ids_file, out_dir, header_args):
    headers = dict(h.split(": ", 1) for h in header_args)
    rng = random.Random(42)
    if vendor == "liondesk":
        # A user sees only some of the account's contacts (owned, assigned, shared, the team's):
        # the ids are those the token's user sees, in one page (the server is started with a
        # page size above the count).
        listed = http_json(base, "/liondesk/contacts?%24select%5B%5D=id&%24limit=1000000000", headers, timeout=900)
        ids = [str(c["id"]) for c in listed["data"]]
        if len(ids) != listed["total"]:
            sys.exit(f"the LionDesk list answered {len(ids)} of {listed['total']} contacts in one page")
    else:
        with open(ids_file, encoding="utf-8") as f:
            ids = [line.strip() for line in f if line.strip()]
    if vendor == "livevox":
        # Read Contact takes the account, not the id: the accounts of the whole list, or of
        # pages of it at random offsets when it holds more than GET_ROWS contacts.
        if len(ids) <= GET_ROWS:
            offsets = range(0, len(ids), 1000)
        else:
            offsets = rng.sample(range(len(ids) - 999), GET_ROWS // 1000)
        accounts = set()
        for offset in offsets:
            listed = http_json(base, f"/livevox/contact/contacts?count=1000&offset={offset}", headers)
            accounts.update(c["account"] for c in listed["listContactDetails"])
        ids = sorted(accounts)
    gets = rng.sample(ids, min(len(ids), GET_ROWS))
    write_tsv(os.path.join(out_dir, "get.tsv"), ["id"], [[i] for i in gets])
    paths = {
        "liondesk": "/liondesk/contacts/{}",
        "livingmetrics": "/livingmetrics/v1/contacts/{}",
        "livevox": "/livevox/contact/contacts/{}",
        "leadconnector": "/leadconnector/contacts/{}",
    }
    contacts = []
    for contact_id in rng.sample(ids, min(len(ids), SAMPLE)):
        answer = http_json(base, paths[vendor].format(urllib.parse.quote(contact_id)), headers)
        # The contact, without the envelope some vendors wrap it in ({"data": ...}, {"contact": ...}).
        while isinstance(answer, dict) and len(answer) == 1 and isinstance(next(iter(answer.values())), dict):
            answer = next(iter(answer.values()))
        contacts.append(answer)
    names = []
    for c in contacts:
        first = first_key(c, ["first_name", "firstName"])
        last = first_key(c, ["last_name", "lastName"])
        if first and last and NAME.match(str(first)) and NAME.match(str(last)):
            names.append((first, last))
    if not names:
        sys.exit(f"no plain first and last names among {len(contacts)} sampled {vendor} contacts")
    write_tsv(os.path.join(out_dir, "create.tsv"), ["first_name", "last_name"], names)
    lasts = [last for _, last in names]
    if vendor == "liondesk":
        dates = [parse_time(d) for d in (first_key(c, ["created_at"]) for c in contacts) if d]
        page = [(rng.choice(lasts), iso(a), iso(b)) for a, b in windows(dates, rng)]
        write_tsv(os.path.join(out_dir, "page.tsv"), ["last_name", "from", "to"], page)
    elif vendor == "livingmetrics":
        terms, about = lm_terms(base, headers, contacts, len(ids))
        write_tsv(os.path.join(out_dir, "page.tsv"), ["term"], terms)
        with open(os.path.join(out_dir, "about.txt"), "w", encoding="utf-8") as out:
            out.write(about + "\n")
    else:
        write_tsv(os.path.join(out_dir, "page.tsv"), ["last_name"], [[rng.choice(lasts)] for _ in range(PAGE_ROWS)])


# ------------------------------------------------------------------------------------- peers
PEER_LAST = ["Abbott", "Baker", "Carter", "Dixon", "Ellis", "Foster", "Grant", "Hayes", "Irwin", "Jensen",
             "Keller", "Lawson", "Mercer", "Nolan", "Owens", "Porter", "Quinn", "Reyes", "Sutton", "Turner"]
PEER_FIRST = ["Ada", "Ben", "Cora", "Dev", "Edith", "Femi", "Gus", "Hana", "Ivo", "Jun",
              "Kira", "Leo", "Maya", "Nils", "Olga", "Pia", "Raj", "Sana", "Tom", "Uma"]
EPOCH = datetime(2022, 1, 1, tzinfo=timezone.utc)
SPAN = timedelta(days=4 * 365)


def peer_contact(i, rng):
    first, last = rng.choice(PEER_FIRST), rng.choice(PEER_LAST)
    created = EPOCH + SPAN * rng.random()
    return {
        "id": i,
        "first_name": first,
        "last_name": last,
        "email": f"{first.lower()}.{last.lower()}.{i}@example.com",
        "phone": f"+1202555{rng.randrange(10000):04d}",
        "company": f"{rng.choice(PEER_LAST)} & Sons",
        "created_at": iso(created),
        "updated_at": iso(created + timedelta(days=rng.randrange(60))),
    }


def peers(count, seed, out_dir):
    rng = random.Random(seed)
    rows = [peer_contact(i, rng) for i in range(1, count + 1)]
    with open(os.path.join(out_dir, "db.json"), "w", encoding="utf-8") as out:
        json.dump({"contacts": rows}, out, separators=(",", ":"))
    write_tsv(os.path.join(out_dir, "get.tsv"), ["id"], [[i] for i in range(1, count + 1)])
    write_tsv(os.path.join(out_dir, "create.tsv"), ["first_name", "last_name"],
              [(f, l) for f in PEER_FIRST for l in PEER_LAST])
    page = [(rng.choice(PEER_LAST), iso(a), iso(b)) for a, b in windows([EPOCH, EPOCH + SPAN], rng)]
    write_tsv(os.path.join(out_dir, "page.tsv"), ["last_name", "from", "to"], page)
    openapi(os.path.join(out_dir, "openapi.json"), sorted(rows[:50], key=lambda r: r["created_at"], reverse=True))


def openapi(path, examples):
    """The three operations for Prism, answering with examples as large as json-server's."""
    contact = {
        "type": "object",
        "required": ["first_name", "last_name", "email"],
        "properties": {
            "id": {"type": "integer"},
            "first_name": {"type": "string"},
            "last_name": {"type": "string"},
            "email": {"type": "string", "format": "email"},
            "phone": {"type": "string"},
            "company": {"type": "string"},
            "created_at": {"type": "string", "format": "date-time"},
            "updated_at": {"type": "string", "format": "date-time"},
        },
    }
    query = lambda name, schema: {"name": name, "in": "query", "schema": schema}
    json_of = lambda schema, example: {"application/json": {"schema": schema, "example": example}}
    ref = {"$ref": "#/components/schemas/Contact"}
    doc = {
        "openapi": "3.0.3",
        "info": {"title": "Contacts", "version": "1"},
        "paths": {
            "/contacts": {
                "get": {
                    "parameters": [
                        query("last_name", {"type": "string"}),
                        query("created_at_gte", {"type": "string", "format": "date-time"}),
                        query("created_at_lte", {"type": "string", "format": "date-time"}),
                        query("_sort", {"type": "string"}),
                        query("_order", {"type": "string", "enum": ["asc", "desc"]}),
                        query("_page", {"type": "integer", "minimum": 1}),
                        query("_limit", {"type": "integer", "minimum": 1, "maximum": 100}),
                    ],
                    "responses": {"200": {"description": "contacts",
                                          "content": json_of({"type": "array", "items": ref}, examples)}},
                },
                "post": {
                    "requestBody": {"required": True, "content": {"application/json": {"schema": ref}}},
                    "responses": {"201": {"description": "created", "content": json_of(ref, examples[0])}},
                },
            },
            "/contacts/{id}": {
                "get": {
                    "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}],
                    "responses": {"200": {"description": "contact", "content": json_of(ref, examples[0])}},
                },
            },
        },
        "components": {"schemas": {"Contact": contact}},
    }
    with open(path, "w", encoding="utf-8") as out:
        json.dump(doc, out)


# ----------------------------------------------------------------------------------- profile
TICK = os.sysconf("SC_CLK_TCK")


def threads(pid):
    """CPU seconds and seconds waiting for a core of each thread name of `pid`, summed over
    the threads of that name, and the machine's idle and total CPU seconds."""
    named = defaultdict(lambda: [0.0, 0.0])
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/stat", encoding="utf-8") as f:
                # The name is between the first "(" and the last ")", and may hold spaces.
                stat = f.read()
            with open(f"/proc/{pid}/task/{task}/schedstat", encoding="utf-8") as f:
                waited_ns = int(f.read().split()[1])
        except (FileNotFoundError, ProcessLookupError, IndexError):
            continue  # the thread ended meanwhile
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2 :].split()
        # utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
        named[name][0] += (int(fields[11]) + int(fields[12])) / TICK
        named[name][1] += waited_ns / 1e9
    with open("/proc/stat", encoding="utf-8") as f:
        cpu = [int(v) for v in f.readline().split()[1:]]
    # idle and iowait; steal, guest and guest_nice are left out of the total.
    machine = {"idle_s": (cpu[3] + cpu[4]) / TICK, "total_s": sum(cpu[:8]) / TICK, "cores": os.cpu_count()}
    print(json.dumps({"threads": named, "machine": machine}))


def profile(before_file, after_file, requests, client_cpu_s):
    before, after = (json.load(open(f, encoding="utf-8")) for f in (before_file, after_file))
    requests = max(int(requests), 1)
    per = lambda seconds: round(seconds * 1e6 / requests, 2)
    out = {"threads": {}, "client_us": per(float(client_cpu_s))}
    for name, (cpu, waited) in after["threads"].items():
        was = before["threads"].get(name, [0.0, 0.0])
        if cpu - was[0] > 0 or waited - was[1] > 0:
            out["threads"][name] = {"cpu_us": per(cpu - was[0]), "wait_us": per(waited - was[1])}
    m0, m1 = before["machine"], after["machine"]
    total = m1["total_s"] - m0["total_s"]
    out["idle_cores"] = round(m1["cores"] * (m1["idle_s"] - m0["idle_s"]) / total, 2) if total > 0 else None
    print(json.dumps(out))


def profile_lines(records):
    """The table of where each workload's CPU went (runs with PROFILE=1)."""
    profiles = [r for r in records if r["kind"] == "load" and r.get("profile")]
    if not profiles:
        return []
    lines = [
        "",
        "Where the CPU went (`PROFILE=1`), in microseconds per request: each server thread's CPU "
        "(and its wait for a core), the client's (wrk's) CPU, the machine's idle cores.",
        "",
        "| server | workload | contacts | server threads: CPU µs (wait µs) | wrk µs | idle cores |",
        "|---|---|---:|---|---:|---:|",
    ]
    for r in profiles:
        p = r["profile"]
        named = sorted(p["threads"].items(), key=lambda kv: -kv[1]["cpu_us"])
        # A thread's name may hold a "|" (actix's workers), which would end the cell.
        shown = ", ".join(
            f"{n.replace('|', '&#124;')} {t['cpu_us']:.1f} ({t['wait_us']:.1f})" for n, t in named if t["cpu_us"] >= 0.5
        )
        idle = "–" if p.get("idle_cores") is None else f"{p['idle_cores']:.2f}"
        lines.append(
            f"| {r['target']} | {r['workload']} | {r['size'] or '–'} | {shown} | {p['client_us']:.1f} | {idle} |"
        )
    return lines


# ------------------------------------------------------------------------------------- table
def table(results, out_md):
    records = [json.loads(line) for line in open(results, encoding="utf-8") if line.strip()]
    meta = next((r for r in records if r["kind"] == "meta"), {})
    runs = defaultdict(list)
    for r in records:
        if r["kind"] == "load":
            runs[(r["target"], r["workload"], r["size"])].append(r)
    median = lambda rs, f: statistics.median(f(r) for r in rs)
    ceiling = {w: median(rs, lambda r: r["wrk"]["rps"]) for (t, w, _), rs in runs.items() if t == "hello"}
    order = {"hello": 0, "json-server": 1, "prism": 2}
    workloads = {"get": 0, "page": 1, "create": 2}
    lines = [
        "| server | workload | contacts | req/s | × ceiling | p50 ms | p99 ms | RSS MB | non-2xx |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for key in sorted(runs, key=lambda k: (order.get(k[0], 3), k[0], k[2], workloads.get(k[1], 9))):
        target, workload, size = key
        rs = runs[key]
        rps = median(rs, lambda r: r["wrk"]["rps"])
        # A run with its own ceiling (CEILING=each) is taken to that one.
        adjacent = [r["wrk"]["rps"] / r["ceiling_rps"] for r in rs if r.get("ceiling_rps")]
        if adjacent:
            ratio = f"{statistics.median(adjacent):.2f}"
        else:
            ratio = f"{rps / ceiling[workload]:.2f}" if ceiling.get(workload) else "–"
        errors = sum(r["wrk"]["status_errors"] for r in rs)
        sockets = sum(r["wrk"]["socket_errors"] for r in rs)
        answered = [r for r in rs if r["wrk"]["requests"]]
        latency = lambda f: f"{median(answered, f):.2f}" if answered else "–"
        lines.append(
            f"| {target} | {workload} | {size if size else '–'} | {rps:,.0f} | {ratio} "
            f"| {latency(lambda r: r['wrk']['p50_ms'])} | {latency(lambda r: r['wrk']['p99_ms'])} "
            f"| {median(rs, lambda r: r['rss_kb']) / 1024:.0f} | {errors}{f' (+{sockets} socket)' if sockets else ''} |"
        )
    lines += [
        "",
        "| server | contacts | DB MB | generated in s | start-up ms (median) | first answer ms (DB open) | idle RSS MB |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    starts = defaultdict(list)
    for r in records:
        if r["kind"] in ("load", "open"):
            starts[(r["target"], r["size"])].append(r["startup_ms"])
    opens = {(r["target"], r["size"]): r for r in records if r["kind"] == "open"}
    for key in sorted(starts, key=lambda k: (order.get(k[0], 3), k[0], k[1])):
        o = opens.get(key, {})
        show = lambda v, fmt: fmt.format(v) if v is not None else "–"
        lines.append(
            f"| {key[0]} | {key[1] if key[1] else '–'} | {show(o.get('db_mb'), '{:,.0f}')} "
            f"| {show(o.get('generate_s'), '{:.1f}')} | {statistics.median(starts[key]):.0f} "
            f"| {show(o.get('first_answer_ms'), '{:.0f}')} "
            f"| {show(o['idle_rss_kb'] / 1024 if o.get('idle_rss_kb') else None, '{:.1f}')} |"
        )
    head = [
        "## Benchmark results",
        "",
        f"{meta.get('date', '')}, {meta.get('host', '')}; crm-mock {meta.get('commit', '')}; "
        f"wrk {meta.get('wrk_args', '')}, warm-up {meta.get('warmup', '')}, {meta.get('repeat', 1)} run(s) each "
        f"(medians), seed {meta.get('seed', '')}. × ceiling: req/s over the bare actix-web server's req/s for the "
        "same workload in this run. RSS: the server's resident memory after the run (idle RSS: once it "
        "answered its first request, the database open). non-2xx: wrk's count of "
        "answers with a status of 400 or more."
        + (
            " A vendor's × ceiling is the median over its runs of each run's req/s over the ceiling's, "
            "measured just before it (`CEILING=each`)."
            if any(r.get("ceiling_rps") for r in records if r["kind"] == "load")
            else ""
        ),
        "",
    ]
    lines += profile_lines(records)
    notes = [r["text"] for r in records if r["kind"] == "note"]
    text = "\n".join(head + lines + ([""] + [f"- {n}" for n in notes] if notes else [])) + "\n"
    with open(out_md, "w", encoding="utf-8") as out:
        out.write(text)
    sys.stdout.write(text)


def main():
    command, args = sys.argv[1], sys.argv[2:]
    if command == "sample":
        sample(args[0], args[1], args[2], args[3], args[4:])
    elif command == "peers":
        peers(int(args[0]), int(args[1]), args[2])
    elif command == "threads":
        threads(args[0])
    elif command == "profile":
        profile(args[0], args[1], args[2], args[3])
    elif command == "table":
        table(args[0], args[1])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    try:
        main()
    except urllib.error.HTTPError as e:
        sys.exit(f"{e.url}: {e.code} {e.read()[:300]!r}")

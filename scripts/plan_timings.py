#!/usr/bin/env python3
"""Times the hot list and search statements of LeadConnector and LiveVox on a large tenant.

Builds an SQLite file with a vendor's schema (the one given: the current file, or an older
revision's from `git show REV:src/<vendor>/schema.sql`) and N contacts of one tenant, then runs
each hot query shape as the store writes it (`--sql before` for the statements of the revision
before the query-plan work, `--sql after` for today's) and prints the median time of each.

    python3 scripts/plan_timings.py --vendor leadconnector --contacts 100000 --sql after \\
        --schema src/leadconnector/schema.sql --db /tmp/lc.sqlite
"""
import argparse
import json
import random
import sqlite3
import statistics
import time

FIRST = ["ann", "bob", "carla", "dmitri", "eve", "farah", "george", "hana", "ivan", "julia", "kofi", "lena",
         "marco", "nina", "omar", "paula", "quinn", "rosa", "sami", "tara", "umar", "vera", "wei", "xena", "yusuf", "zoe"]
LAST = ["smith", "lee", "garcia", "nguyen", "kowalski", "okafor", "schmidt", "rossi", "tanaka", "silva", "haddad",
        "novak", "murphy", "jensen", "dubois", "ivanova", "cohen", "khan", "larsen", "moreau"]
TAGS = ["vip", "lead", "customer", "newsletter", "webinar", "churned", "trial", "partner", "event", "referral"]


def names(rnd, i):
    first = rnd.choice(FIRST) + ("" if i % 3 else str(i % 97))
    last = rnd.choice(LAST) + str(rnd.randrange(250))
    return first.title(), last.title()


def build_lc(db, n, rnd, first=0):
    rows = []
    start = 1_600_000_000_000
    for i in range(first, first + n):
        first, last = names(rnd, i)
        email = f"{first}.{last}{i}@example.com".lower()
        phone = f"+1555{i:07d}"
        tags = rnd.sample(TAGS, rnd.randrange(3))
        added = start + i * 900_000 + rnd.randrange(900_000)
        data = {"firstName": first, "lastName": last, "email": email, "phone": phone, "tags": tags}
        text = "\n".join([f"{first} {last}", email, phone] + tags).lower()
        rows.append(("t", f"c{i:019d}", added, added, email, phone, None, text, json.dumps(data)))
    db.executemany("INSERT INTO lc_contacts (tenant_id, id, date_added, date_updated, email_lower, phone, business_id, "
                   "search_text, data) VALUES (?,?,?,?,?,?,?,?,?)", rows)


def build_lv(db, n, rnd, first=0):
    rows = []
    for i in range(first, first + n):
        first, last = names(rnd, i)
        phones = [f"650{i:07d}"] + ([f"415{i:07d}"] if i % 2 else [None])
        rows.append(("t", i + 1, f"A{i:08d}", first, last, f"{first}.{last}@example.com".lower(), phones[0], phones[1], 0, 0))
    db.executemany("INSERT INTO lv_contacts (tenant_id, id, account, first_name, last_name, email, phone1, phone2, "
                   "create_date, modify_date) VALUES (?,?,?,?,?,?,?,?,?,?)", rows)


LC_COLUMNS = "c.id, c.date_added, c.date_updated, c.data"
LC_PAGE = f"ORDER BY c.date_added DESC, c.id DESC LIMIT 21 OFFSET 0"

# (shape, before statements, after statements): each a list of (sql, params) run in turn.
LC = [
    ("GET /contacts/ (no query), first page",
     [("SELECT count(*) FROM lc_contacts c WHERE c.tenant_id = ?", ["t"]),
      ("SELECT count(*) FROM lc_contacts c WHERE c.tenant_id = ?", ["t"]),
      (f"SELECT {LC_COLUMNS} FROM lc_contacts c WHERE c.tenant_id = ? {LC_PAGE}", ["t"])],
     [("SELECT coalesce((SELECT contacts FROM lc_contact_counts WHERE tenant = ?1), 0)", ["t"]),
      (f"SELECT {LC_COLUMNS} FROM lc_contacts c WHERE c.tenant_id = ? {LC_PAGE}", ["t"])]),
    ("GET /contacts/?query=garcia1 (3+ characters)",
     [("SELECT count(*) FROM lc_contacts c WHERE c.tenant_id = ? AND (c.search_text LIKE ? ESCAPE '\\')", ["t", "%garcia1%"]),
      ("SELECT count(*) FROM lc_contacts c WHERE c.tenant_id = ? AND (c.search_text LIKE ? ESCAPE '\\')", ["t", "%garcia1%"]),
      (f"SELECT {LC_COLUMNS} FROM lc_contacts c WHERE c.tenant_id = ? AND (c.search_text LIKE ? ESCAPE '\\') {LC_PAGE}", ["t", "%garcia1%"])],
     [("SELECT count(*) FROM lc_contacts_text f CROSS JOIN lc_contacts c ON c.rowid = f.rowid WHERE c.tenant_id = ? AND (f.search_text GLOB ?)", ["t", "*garcia1*"]),
      (f"SELECT {LC_COLUMNS} FROM lc_contacts_text f CROSS JOIN lc_contacts c ON c.rowid = f.rowid WHERE c.tenant_id = ? AND (f.search_text GLOB ?) {LC_PAGE}", ["t", "*garcia1*"])]),
    ("POST /contacts/search lastName eq + dateAdded range",
     [("SELECT count(*) FROM lc_contacts c WHERE c.tenant_id = ? AND (((lower(json_extract(c.data, '$.lastName')) = ?) AND (c.date_added >= ? AND c.date_added <= ?)))", ["t", "garcia7", 1_600_000_000_000, 1_700_000_000_000]),
      (f"SELECT {LC_COLUMNS} FROM lc_contacts c WHERE c.tenant_id = ? AND (((lower(json_extract(c.data, '$.lastName')) = ?) AND (c.date_added >= ? AND c.date_added <= ?))) ORDER BY c.date_added DESC, c.id DESC LIMIT 20 OFFSET 0", ["t", "garcia7", 1_600_000_000_000, 1_700_000_000_000])],
     [("SELECT count(*) FROM lc_contacts c WHERE c.tenant_id = ? AND (((lower(json_extract(c.data, '$.lastName')) = ?) AND (c.date_added >= ? AND c.date_added <= ?)))", ["t", "garcia7", 1_600_000_000_000, 1_700_000_000_000]),
      (f"SELECT {LC_COLUMNS} FROM lc_contacts c WHERE c.tenant_id = ? AND (((lower(json_extract(c.data, '$.lastName')) = ?) AND (c.date_added >= ? AND c.date_added <= ?))) ORDER BY +c.date_added DESC, +c.id DESC LIMIT 20 OFFSET 0", ["t", "garcia7", 1_600_000_000_000, 1_700_000_000_000])]),
    ("POST /contacts/search email eq",
     [("SELECT count(*) FROM lc_contacts c WHERE c.tenant_id = ? AND ((lower(c.email_lower) = ?))", ["t", "x@example.com"]),
      (f"SELECT {LC_COLUMNS} FROM lc_contacts c WHERE c.tenant_id = ? AND ((lower(c.email_lower) = ?)) ORDER BY c.date_added DESC, c.id DESC LIMIT 20 OFFSET 0", ["t", "x@example.com"])],
     [("SELECT count(*) FROM lc_contacts c WHERE c.tenant_id = ? AND ((c.email_lower = ?))", ["t", "x@example.com"]),
      (f"SELECT {LC_COLUMNS} FROM lc_contacts c WHERE c.tenant_id = ? AND ((c.email_lower = ?)) ORDER BY +c.date_added DESC, +c.id DESC LIMIT 20 OFFSET 0", ["t", "x@example.com"])]),
    ("POST /contacts/search tags eq (10% of contacts)",
     [("SELECT count(*) FROM lc_contacts c WHERE c.tenant_id = ? AND (EXISTS (SELECT 1 FROM json_each(c.data, '$.tags') t WHERE lower(t.value) = ?))", ["t", "webinar"]),
      (f"SELECT {LC_COLUMNS} FROM lc_contacts c WHERE c.tenant_id = ? AND (EXISTS (SELECT 1 FROM json_each(c.data, '$.tags') t WHERE lower(t.value) = ?)) ORDER BY c.date_added DESC, c.id DESC LIMIT 20 OFFSET 0", ["t", "webinar"])],
     [("SELECT count(*) FROM lc_contacts c WHERE c.tenant_id = ? AND (c.id IN (SELECT g.contact_id FROM lc_contact_tags g WHERE g.tenant = ? AND g.tag = ?))", ["t", "t", "webinar"]),
      (f"SELECT {LC_COLUMNS} FROM lc_contacts c WHERE c.tenant_id = ? AND (c.id IN (SELECT g.contact_id FROM lc_contact_tags g WHERE g.tenant = ? AND g.tag = ?)) ORDER BY +c.date_added DESC, +c.id DESC LIMIT 20 OFFSET 0", ["t", "t", "webinar"])]),
]

PHONES_OR = "(" + " OR ".join(f"c.phone{i} = ?" for i in range(1, 11)) + ")"
NAME_OR = "(c.first_name = ? OR c.last_name = ? OR (c.first_name || ' ' || c.last_name) COLLATE NOCASE = ?)"
NAME_UNION = ("c.id IN (SELECT c.id FROM lv_contacts c WHERE c.tenant_id = ? AND c.first_name = ? UNION ALL "
              "SELECT c.id FROM lv_contacts c WHERE c.tenant_id = ? AND c.last_name = ? UNION ALL "
              "SELECT c.id FROM lv_contacts c WHERE c.tenant_id = ? AND (c.first_name || ' ' || c.last_name) COLLATE NOCASE = ?)")
LV = [
    ("Find Matching Contact: phone EQUALS",
     [(f"SELECT c.id, c.account FROM lv_contacts c WHERE c.tenant_id = ? AND ({PHONES_OR}) ORDER BY c.id ASC LIMIT 51 OFFSET 0", ["t"] + ["4150004321"] * 10)],
     [("SELECT c.id, c.account FROM lv_contacts c WHERE c.tenant_id = ? AND (c.id IN (SELECT p.contact_id FROM lv_contact_phones p WHERE p.tenant = ? AND p.phone = ?)) ORDER BY +c.id ASC LIMIT 51 OFFSET 0", ["t", "t", "4150004321"])]),
    ("Find Matching Contact: name EQUALS",
     [(f"SELECT c.id, c.account FROM lv_contacts c WHERE c.tenant_id = ? AND {NAME_OR} ORDER BY c.id ASC LIMIT 51 OFFSET 0", ["t", "Garcia17", "Garcia17", "Garcia17"])],
     [(f"SELECT c.id, c.account FROM lv_contacts c WHERE c.tenant_id = ? AND {NAME_UNION} ORDER BY +c.id ASC LIMIT 51 OFFSET 0", ["t", "t", "Garcia17", "t", "Garcia17", "t", "Garcia17"])]),
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--vendor", choices=["leadconnector", "livevox"], required=True)
    ap.add_argument("--schema", required=True)
    ap.add_argument("--sql", choices=["before", "after"], required=True)
    ap.add_argument("--contacts", type=int, default=100_000)
    ap.add_argument("--db", required=True)
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--writes", type=int, default=0,
                    help="then write this many more contacts, one transaction each (WAL, synchronous=NORMAL, as the server)")
    a = ap.parse_args()
    db = sqlite3.connect(a.db)
    if not db.execute("SELECT count(*) FROM sqlite_master WHERE name IN ('lc_contacts', 'lv_contacts')").fetchone()[0]:
        db.executescript(open(a.schema).read())
        t = time.perf_counter()
        (build_lc if a.vendor == "leadconnector" else build_lv)(db, a.contacts, random.Random(42))
        db.commit()
        print(f"built {a.contacts} contacts in {time.perf_counter() - t:.1f} s")
    print(f"SQLite {sqlite3.sqlite_version}, {a.sql}")
    for shape, before, after in (LC if a.vendor == "leadconnector" else LV):
        statements = before if a.sql == "before" else after
        times = []
        for _ in range(a.runs):
            t = time.perf_counter()
            for sql, params in statements:
                db.execute(sql, params).fetchall()
            times.append((time.perf_counter() - t) * 1000)
        plan = [r[3] for sql, params in statements for r in db.execute("EXPLAIN QUERY PLAN " + sql, params)]
        print(f"{statistics.median(times):9.2f} ms  {shape}")
        for step in plan:
            print(f"              {step}")
    if a.writes:
        writes(db, a)


def writes(db, a):
    """Each contact in its own transaction, as one API create is: the per-write cost of the
    indexes and triggers (the trigram index flushes a segment at every commit)."""
    db.isolation_level = None
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")
    extra = sqlite3.connect(":memory:")
    extra.executescript(open(a.schema).read())
    (build_lc if a.vendor == "leadconnector" else build_lv)(extra, a.writes, random.Random(7), first=a.contacts)
    table = "lc_contacts" if a.vendor == "leadconnector" else "lv_contacts"
    names = [r[1] for r in extra.execute(f"PRAGMA table_info({table})")]
    rows = extra.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()
    insert = f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
    t = time.perf_counter()
    for row in rows:
        db.execute("BEGIN")
        db.execute(insert, row)
        db.execute("COMMIT")
    print(f"{(time.perf_counter() - t) * 1e6 / len(rows):9.0f} us  a contact written in its own transaction")


if __name__ == "__main__":
    main()

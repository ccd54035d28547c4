//! Every list, search and lookup of LiveVox's contacts, as a table of the query shapes clients
//! send, each held to the index that serves it: `EXPLAIN QUERY PLAN` of the exact statement the
//! store runs, on LiveVox's schema, must not read every contact of the tenant (LiveVox pages
//! carry no total, so there is no count). A new shape is one line of `SEARCHES` or `READS`.

use rusqlite::Connection;
use rusqlite::types::Value;
use serde_json::{Value as Json, json};

use super::{accounts, contact_ref, contacts, export, groups, notes, search};
use crate::core::TenantId;
use crate::core::paging::Window;
use crate::core::sql::{Order, Plan, plan};
use crate::livevox::search::{Context, compile, parse};

/// What a statement reads.
#[derive(Debug, Clone, Copy)]
enum Reads {
    /// A range of this index (a search's few matches are then sorted).
    Seek(&'static str),
    /// A range of this index giving the matches' ids, whose rows are then read in id order: a
    /// page stops after its last row, however many match.
    SeekInOrder(&'static str),
    /// This index from the tenant's first entry, in the page's order: stops after the page.
    Walk(&'static str),
}

/// The phone table's key, by tenant and phone.
const PHONE: &str = "SEARCH p USING PRIMARY KEY (tenant=? AND phone=?)";

/// Find Matching Contact: (name, `search`, optional `sort`, what it reads).
#[rustfmt::skip]
const SEARCHES: &[(&str, &str, &str, Reads)] = &[
    ("by account", r#"{"field": "account", "condition": "EQUALS", "criteria": "MF1234"}"#, "", Reads::Seek("sqlite_autoindex_lv_contacts_2")),
    ("by phone", r#"{"field": "phone", "condition": "EQUALS", "criteria": "6503517500"}"#, "", Reads::SeekInOrder(PHONE)),
    ("by an account's start", r#"{"field": "account", "condition": "STARTS_WITH", "criteria": "MF1"}"#, "", Reads::Seek("sqlite_autoindex_lv_contacts_2 (tenant_id=? AND account>? AND account<?)")),
    ("by a phone's start", r#"{"field": "phone", "condition": "STARTS_WITH", "criteria": "650"}"#, "", Reads::Seek("SEARCH p USING PRIMARY KEY (tenant=? AND phone>? AND phone<?)")),
    ("by phone, sorted by last name", r#"{"field": "phone", "condition": "EQUALS", "criteria": "6503517500"}"#, r#"[{"field": "LAST_NAME", "order": "ASC"}]"#, Reads::Seek(PHONE)),
    ("by name", r#"{"field": "name", "condition": "EQUALS", "criteria": "Ann Lee"}"#, "", Reads::SeekInOrder("COVERING INDEX lv_contacts_last_name")),
    ("by first and last name", r#"{"rule": "AND", "left": {"field": "name", "condition": "EQUALS", "criteria": "Ann"}, "right": {"field": "name", "condition": "EQUALS", "criteria": "Lee"}}"#, "", Reads::Seek("lv_contacts_first_name")),
    ("by name in a group", r#"{"rule": "AND", "left": {"field": "name", "condition": "EQUALS", "criteria": "Lee"}, "right": {"field": "group", "condition": "EQUALS", "criteria": "3"}}"#, "", Reads::Seek("lv_contacts_last_name")),
    ("by e-mail address", r#"{"field": "email_address", "condition": "EQUALS", "criteria": "ann@example.com"}"#, "", Reads::Seek("lv_contacts_email")),
    ("by one e-mail address or another", r#"{"rule": "OR", "left": {"field": "email_address", "condition": "EQUALS", "criteria": "ann@example.com"}, "right": {"field": "email_address", "condition": "EQUALS", "criteria": "bo@example.com"}}"#, "", Reads::Seek("lv_contacts_email")),
    ("by an e-mail address or an account", r#"{"rule": "OR", "left": {"field": "email_address", "condition": "EQUALS", "criteria": "ann@example.com"}, "right": {"field": "account", "condition": "EQUALS", "criteria": "MF1234"}}"#, "", Reads::Seek("sqlite_autoindex_lv_contacts_2")),
    ("by a last name or a phone", r#"{"rule": "OR", "left": {"field": "name", "condition": "EQUALS", "criteria": "Lee"}, "right": {"field": "phone", "condition": "EQUALS", "criteria": "6503517500"}}"#, "", Reads::Seek(PHONE)),
    ("by phone and city", r#"{"rule": "AND", "left": {"field": "phone", "condition": "EQUALS", "criteria": "6503517500"}, "right": {"field": "city", "condition": "EQUALS", "criteria": "Oslo"}}"#, "", Reads::Seek(PHONE)),
];

fn db() -> Connection {
    plan::schema_db(include_str!("../schema.sql"))
}

fn tenant() -> TenantId {
    TenantId::from("t")
}

/// A request's context: its tenant and instant.
fn cx() -> Context {
    Context { tenant: tenant(), now: "2026-03-10T15:00:00Z".parse().unwrap(), today: "2026-03-10T00:00:00Z".parse().unwrap() }
}

fn text(s: &str) -> Value {
    Value::Text(s.to_owned())
}

/// Whether `plan` reads as `reads` says, and never every contact of the tenant.
fn check(plan: &Plan, reads: Reads) -> bool {
    match reads {
        Reads::Seek(index) => {
            ["c", "lv_contacts", "lv_accounts", "lv_notes"].iter().all(|t| plan.full_scans(t).is_empty())
                && plan.to_string().contains(index)
        }
        Reads::SeekInOrder(index) => check(plan, Reads::Seek(index)) && !plan.sorts(),
        Reads::Walk(index) => {
            let table = plan.steps().first().and_then(|s| s.split(' ').nth(1)).unwrap_or_default();
            plan.steps() == [format!("SEARCH {table} USING INDEX {index} (tenant_id=?)")]
        }
    }
}

#[test]
fn every_search_shape_reads_an_index_not_every_contact() {
    let conn = db();
    let cx = cx();
    let mut faults = Vec::new();
    for (shape, condition, sort, reads) in SEARCHES {
        let mut body = json!({"search": serde_json::from_str::<Json>(condition).unwrap()});
        if !sort.is_empty() {
            body["sort"] = serde_json::from_str(sort).unwrap();
        }
        let compiled = compile(&parse(&body).unwrap(), &cx);
        let (sql, values) = search::statement(&tenant(), &compiled, Window { offset: 0, limit: 50 });
        let plan = Plan::of(&conn, &sql, &values).unwrap();
        if !check(&plan, *reads) {
            faults.push(format!("{shape}: {reads:?}\n{plan}"));
        }
    }
    assert!(faults.is_empty(), "{}", faults.join("\n"));
}

#[test]
fn every_list_and_lookup_reads_an_index_not_every_contact() {
    let conn = db();
    let t = || text("t");
    let contact_list = contacts::TABLE.plans(&conn, &contacts::TABLE.filter(&tenant()), &Order::default()).unwrap().1;
    let group_list = groups::TABLE.plans(&conn, &groups::TABLE.filter(&tenant()), &Order::default()).unwrap().1;
    let chunk = export::select(&[]);
    let window = [Value::Integer(50), Value::Integer(0)];
    let reads: [(&str, Plan, Reads); 8] = [
        ("the contact list", contact_list, Reads::Walk("sqlite_autoindex_lv_contacts_1")),
        ("the group list", group_list, Reads::Walk("sqlite_autoindex_lv_groups_1")),
        (
            "a contact by account",
            Plan::of(&conn, &contacts::BY_ACCOUNT, &[t(), text("MF1")]).unwrap(),
            Reads::Seek("sqlite_autoindex_lv_contacts_2"),
        ),
        (
            "a contact's id by account",
            Plan::of(&conn, contact_ref::BY_ACCOUNT, &[t(), text("MF1")]).unwrap(),
            Reads::Seek("sqlite_autoindex_lv_contacts_2"),
        ),
        (
            "a contact's id by id",
            Plan::of(&conn, contact_ref::BY_ID, &[t(), Value::Integer(1)]).unwrap(),
            Reads::Seek("sqlite_autoindex_lv_contacts_1"),
        ),
        (
            "a contact's accounts",
            Plan::of(&conn, &accounts::OF_CONTACT, &[t(), Value::Integer(1), window[0].clone(), window[1].clone()]).unwrap(),
            Reads::Seek("lv_accounts_contact"),
        ),
        (
            "a contact's notes",
            Plan::of(&conn, &notes::OF_CONTACT, &[t(), Value::Integer(1)]).unwrap(),
            Reads::Seek("lv_notes_contact"),
        ),
        (
            "an export chunk",
            Plan::of(
                &conn,
                &chunk,
                &[text("now"), t(), Value::Integer(0), Value::Integer(0), Value::Integer(1), Value::Integer(1000)],
            )
            .unwrap(),
            Reads::Seek("sqlite_autoindex_lv_contacts_1 (tenant_id=? AND id>?)"),
        ),
    ];
    let mut faults = Vec::new();
    for (shape, plan, expected) in &reads {
        // Lists of a contact's records are read in their order from their index.
        let sorted = plan.sorts();
        if !check(plan, *expected) || sorted {
            faults.push(format!("{shape}: {expected:?}\n{plan}"));
        }
    }
    assert!(faults.is_empty(), "{}", faults.join("\n"));
}

/// The phone table as the contacts' ten phone columns make it.
fn assert_phones_in_step(conn: &Connection, step: &str) {
    let rows = |sql: &str| -> Vec<(String, String, i64)> {
        conn.prepare(sql).unwrap().query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().map(Result::unwrap).collect()
    };
    let derived = rows(
        "SELECT DISTINCT c.tenant_id, j.value, c.id FROM lv_contacts c,
             json_each(json_array(c.phone1, c.phone2, c.phone3, c.phone4, c.phone5, c.phone6, c.phone7, c.phone8, c.phone9, c.phone10)) j
         WHERE j.value IS NOT NULL ORDER BY 1, 2, 3",
    );
    assert_eq!(rows("SELECT tenant, phone, contact_id FROM lv_contact_phones ORDER BY 1, 2, 3"), derived, "{step}");
}

#[test]
fn the_phone_table_follows_every_write() {
    let conn = db();
    conn.execute_batch(
        "INSERT INTO lv_contacts (tenant_id, id, account, create_date, modify_date, phone1, phone3, phone10)
             VALUES ('t', 1, 'A1', 0, 0, '6505550001', '0415', '6505550001'),
                    ('t', 2, 'A2', 0, 0, '6505550002', NULL, NULL),
                    ('u', 1, 'A1', 0, 0, '6505550001', NULL, NULL);",
    )
    .unwrap();
    assert_phones_in_step(&conn, "inserts");
    assert_eq!(conn.query_row("SELECT count(*) FROM lv_contact_phones", [], |r| r.get::<_, i64>(0)).unwrap(), 4);
    conn.execute_batch("UPDATE lv_contacts SET phone1 = NULL, phone2 = '0415' WHERE tenant_id = 't' AND id = 1;").unwrap();
    assert_phones_in_step(&conn, "an update");
    conn.execute_batch("UPDATE lv_contacts SET balance = 5 WHERE tenant_id = 't';").unwrap();
    assert_phones_in_step(&conn, "an update of other columns");
    conn.execute_batch("DELETE FROM lv_contacts WHERE tenant_id = 't' AND id = 2;").unwrap();
    assert_phones_in_step(&conn, "a delete");
    plan::clear_and_restore(&conn, "lv_contacts", "u", "t");
    assert_phones_in_step(&conn, "a clear and a restore");
    let left: Vec<(String, String, i64)> = conn
        .prepare("SELECT tenant, phone, contact_id FROM lv_contact_phones")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(left, [("t".into(), "0415".into(), 1), ("t".into(), "6505550001".into(), 1)]);
}

#[test]
fn a_get_by_id_is_one_search_of_the_table_or_of_the_primary_key() {
    let conn = db();
    let mut f = contacts::TABLE.filter(&tenant());
    f.and_eq(contacts::TABLE.id(), Value::Integer(42));
    let at = contacts::TABLE.at_rowid(&f, &42).unwrap();
    let first = Plan::of(&conn, &contacts::TABLE.one_sql(&at), at.params()).unwrap();
    assert_eq!(first.steps(), ["SEARCH c USING INTEGER PRIMARY KEY (rowid=?)"], "{first}");
    let then = Plan::of(&conn, &contacts::TABLE.one_sql(&f), f.params()).unwrap();
    assert_eq!(then.steps(), ["SEARCH c USING INDEX sqlite_autoindex_lv_contacts_1 (tenant_id=? AND id=?)"], "{then}");
}

/// A search of one name in id order merges the three name indexes in id order, and gathers no
/// more ids than the page's end (its limit is bound to it), instead of every contact of that name.
#[test]
fn a_search_of_one_name_merges_its_indexes_up_to_the_page_end() {
    let conn = db();
    let cx = cx();
    let body = json!({"search": {"field": "name", "condition": "EQUALS", "criteria": "Lee"}});
    let compiled = compile(&parse(&body).unwrap(), &cx);
    let (sql, values) = search::statement(&tenant(), &compiled, Window { offset: 100, limit: 50 });
    let plan = Plan::of(&conn, &sql, &values).unwrap();
    let steps = plan.to_string();
    assert!(steps.contains("MERGE (UNION)") && !steps.contains("TEMP B-TREE"), "{plan}");
    assert!(sql.contains("ORDER BY 1 LIMIT ?)"), "{sql}");
    assert_eq!(values[1 + compiled.gathered.unwrap()], Value::Integer(150));
    // With a sort, or beside another condition, every match is gathered as before.
    let sorted = json!({"search": body["search"], "sort": [{"field": "LAST_NAME", "order": "ASC"}]});
    assert_eq!(compile(&parse(&sorted).unwrap(), &cx).gathered, None);
    let both = json!({"search": {"rule": "AND", "left": body["search"], "right": {"field": "group", "condition": "EQUALS", "criteria": "3"}}});
    assert_eq!(compile(&parse(&both).unwrap(), &cx).gathered, None);
}

/// Pages of a search of one name, its limit bound to each page's end, are the pages of every
/// match in id order: a contact found by two of the name indexes comes once, another tenant's
/// never.
#[test]
fn pages_of_a_search_of_one_name_are_the_pages_of_every_match() {
    let conn = db();
    for id in 1..=30 {
        let (first, last) = match id % 3 {
            0 => ("Lee", "Lee"),
            1 => ("Ann", "lee"),
            _ => ("Ann", "Other"),
        };
        conn.execute(
            "INSERT INTO lv_contacts (tenant_id, id, account, first_name, last_name, create_date, modify_date)
             VALUES ('t', ?1, ?2, ?3, ?4, 0, 0)",
            rusqlite::params![id, format!("a{id}"), first, last],
        )
        .unwrap();
    }
    conn.execute(
        "INSERT INTO lv_contacts (tenant_id, id, account, last_name, create_date, modify_date) VALUES ('u', 2, 'b2', 'Lee', 0, 0)",
        [],
    )
    .unwrap();
    let cx = cx();
    let body = json!({"search": {"field": "name", "condition": "EQUALS", "criteria": "LEE"}});
    let compiled = compile(&parse(&body).unwrap(), &cx);
    let page = |offset, limit| -> Vec<i64> {
        let (sql, values) = search::statement(&tenant(), &compiled, Window { offset, limit });
        let sql = sql.replacen("SELECT c.rowid", "SELECT c.id", 1);
        let mut stmt = conn.prepare(&sql).unwrap();
        stmt.query_map(rusqlite::params_from_iter(values), |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap()
    };
    let every: Vec<i64> = (1..=30).filter(|id| id % 3 != 2).collect();
    let paged: Vec<i64> = [page(0, 7), page(7, 7), page(14, 7)].concat();
    assert_eq!(paged, every);
    assert_eq!(page(0, 1000), every);
    assert_eq!(page(20, 5), Vec::<i64>::new());
}

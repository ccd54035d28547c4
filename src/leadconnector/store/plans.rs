//! Every list, search and count the contacts store runs, as a table of the query shapes clients
//! send, each held to the index that serves it: `EXPLAIN QUERY PLAN` of the exact statements
//! (`Query`, built by the store from a request) on the vendor's schema must not read every
//! contact of the tenant, and the count must read no contact row (or be the tenant's total).
//! A new shape is one line of `SEARCHES` or `LISTS`.

use rusqlite::Connection;
use rusqlite::types::Value as SqlValue;
use serde_json::{Value, json};

use super::contacts::{Cursor, ListQuery, Query, RANGED, SEARCH_INDEX, TOTAL, list_query, search_query};
use super::{notes, tasks};
use crate::core::sql::{Order, Plan, plan};
use crate::core::{TenantId, Tx};
use crate::leadconnector::search;

/// What the total of a shape reads.
#[derive(Debug, Clone, Copy)]
enum Count {
    /// The tenant's count row.
    Total,
    /// Index entries only, within the shape's range.
    Covered(&'static str),
    /// The rows of one index's matches (a condition the index does not hold is read from them).
    Seek(&'static str),
    /// The trigram index, then each match's contact by rowid (for its tenant).
    Matches,
    /// The tenant's range of keys of the trigram index alone: no contact row.
    Index,
    /// Every contact of the tenant: a 1–2 character `query` (docs/fidelity.md).
    Scan,
}

/// What the page of a shape reads.
#[derive(Debug, Clone, Copy)]
enum Rows {
    /// A range of this index, in the page's order.
    Seek(&'static str),
    /// This index's matches, sorted (a selective condition: few match).
    Sorted(&'static str),
    /// This index from the tenant's first entry in the page's order: stops after the page.
    Walk(&'static str),
    /// The trigram index's matches, sorted.
    Matches,
    /// The contacts of a range of the trigram index's keys by rowid, sorted.
    Ranged,
    /// Every contact of the tenant (as `Count::Scan`).
    Scan,
}

#[rustfmt::skip]
const SEARCHES: &[(&str, &str, Count, Rows)] = &[
    ("everything, newest first", r#"{}"#, Count::Total, Rows::Walk("lc_contacts_added")),
    ("oldest first", r#"{"sort": [{"field": "dateAdded", "direction": "asc"}]}"#, Count::Total, Rows::Walk("lc_contacts_added")),
    ("the next page", r#"{"searchAfter": [1700000000000, "abc"]}"#, Count::Total, Rows::Seek("lc_contacts_added")),
    ("by email", r#"{"filters": [{"field": "email", "operator": "eq", "value": "Ann@X.com"}]}"#, Count::Covered("lc_contacts_email_added"), Rows::Sorted("lc_contacts_email_added")),
    ("by phone", r#"{"filters": [{"field": "phone", "operator": "eq", "value": "+15550102030"}]}"#, Count::Covered("lc_contacts_phone_added"), Rows::Sorted("lc_contacts_phone_added")),
    ("by id", r#"{"filters": [{"field": "id", "operator": "eq", "value": "ocQHyuzHvysMo5N5VsXc"}]}"#, Count::Covered("sqlite_autoindex_lc_contacts_1"), Rows::Seek("sqlite_autoindex_lc_contacts_1")),
    ("by first name", r#"{"filters": [{"field": "firstName", "operator": "eq", "value": "Ann"}]}"#, Count::Covered("lc_contacts_first_name"), Rows::Sorted("lc_contacts_first_name")),
    ("by last name", r#"{"filters": [{"field": "lastName", "operator": "eq", "value": "Lee"}]}"#, Count::Covered("lc_contacts_last_name"), Rows::Sorted("lc_contacts_last_name")),
    ("by first and last name", r#"{"filters": [{"field": "firstName", "operator": "eq", "value": "Ann"}, {"field": "lastName", "operator": "eq", "value": "Lee"}]}"#, Count::Seek("lc_contacts_last_name"), Rows::Sorted("lc_contacts_last_name")),
    ("by last name added in a range", r#"{"filters": [{"field": "lastName", "operator": "eq", "value": "Lee"}, {"field": "dateAdded", "operator": "range", "value": {"gte": 1600000000000, "lte": 1700000000000}}]}"#, Count::Covered("lc_contacts_last_name"), Rows::Sorted("lc_contacts_last_name")),
    ("added in a range", r#"{"filters": [{"field": "dateAdded", "operator": "range", "value": {"gte": 1600000000000, "lt": 1700000000000}}]}"#, Count::Covered("lc_contacts_added"), Rows::Seek("lc_contacts_added")),
    ("of a business", r#"{"filters": [{"field": "businessId", "operator": "eq", "value": "5f1b3c"}]}"#, Count::Covered("lc_contacts_business"), Rows::Sorted("lc_contacts_business")),
    ("with a tag", r#"{"filters": [{"field": "tags", "operator": "eq", "value": "VIP"}]}"#, Count::Covered("sqlite_autoindex_lc_contacts_1"), Rows::Sorted("SEARCH g USING PRIMARY KEY (tenant=? AND tag=?)")),
    ("by one e-mail or another", r#"{"filters": [{"group": "OR", "filters": [{"field": "email", "operator": "eq", "value": "a@x.com"}, {"field": "email", "operator": "eq", "value": "b@x.com"}]}]}"#, Count::Covered("lc_contacts_email_added"), Rows::Sorted("lc_contacts_email_added")),
    ("by an e-mail or a phone", r#"{"filters": [{"group": "OR", "filters": [{"field": "email", "operator": "eq", "value": "a@x.com"}, {"field": "phone", "operator": "eq", "value": "+15550102030"}]}]}"#, Count::Seek("lc_contacts_phone_added"), Rows::Sorted("lc_contacts_email_added")),
    ("by a query", r#"{"query": "ann"}"#, Count::Index, Rows::Ranged),
    ("by a query, oldest first", r#"{"query": "ann", "sort": [{"field": "dateAdded", "direction": "asc"}]}"#, Count::Matches, Rows::Matches),
    ("by a query and a last name", r#"{"query": "ann@", "filters": [{"field": "lastName", "operator": "eq", "value": "Lee"}]}"#, Count::Matches, Rows::Matches),
    ("by a short query", r#"{"query": "an"}"#, Count::Scan, Rows::Scan),
];

/// A list shape: (name, query, business, cursor `[date, id]`, count, rows).
type List = (&'static str, Option<&'static str>, Option<&'static str>, Option<(i64, &'static str)>, Count, Rows);

/// `GET /contacts/` and the business list.
#[rustfmt::skip]
const LISTS: &[List] = &[
    ("everything, newest first", None, None, None, Count::Total, Rows::Walk("lc_contacts_added")),
    ("the next page", None, None, Some((1_700_000_000_000, "abc")), Count::Total, Rows::Seek("lc_contacts_added")),
    ("by a query", Some("ann"), None, None, Count::Index, Rows::Ranged),
    ("by a query, the next page", Some(" Ann "), None, Some((1_700_000_000_000, "abc")), Count::Index, Rows::Matches),
    ("by a query, of a business", Some("ann"), Some("5f1b3c"), None, Count::Matches, Rows::Matches),
    ("by a short query", Some("an"), None, None, Count::Scan, Rows::Scan),
    ("of a business", None, Some("5f1b3c"), None, Count::Covered("lc_contacts_business"), Rows::Seek("lc_contacts_business")),
];

fn db() -> Connection {
    plan::schema_db(include_str!("../schema.sql"))
}

fn tenant() -> TenantId {
    TenantId::from("t")
}

/// A tenant's range of keys.
const KEYS: (i64, i64) = (1 << 48, (2 << 48) - 1);

fn check_count(conn: &Connection, shape: &str, q: &Query, count: Count, faults: &mut Vec<String>) {
    let plan = if let Some(m) = &q.matched {
        let values = [SqlValue::Text(m.phrase.clone()), SqlValue::Integer(KEYS.0), SqlValue::Integer(KEYS.1)];
        Plan::of(conn, SEARCH_INDEX.count, &values).unwrap()
    } else if q.everything {
        Plan::of(conn, TOTAL, &q.all.params()[..1]).unwrap()
    } else {
        Plan::of(conn, &q.table.count_sql(&q.all), q.all.params()).unwrap()
    };
    let ok = match count {
        Count::Total => {
            q.everything && !plan.reads("c") && plan.steps().iter().any(|s| s.contains("lc_contact_counts USING PRIMARY KEY"))
        }
        Count::Covered(index) => {
            !q.everything && plan.full_scans("c").is_empty() && plan.covered("c") && plan.to_string().contains(index)
        }
        Count::Seek(index) => !q.everything && plan.full_scans("c").is_empty() && plan.to_string().contains(index),
        Count::Matches => q.matched.is_none() && matches(&plan),
        Count::Index => q.matched.is_some() && !plan.reads("c") && plan.covered("lc_contacts_text"),
        Count::Scan => plan.full_scans("c").len() == 1,
    };
    if !ok {
        faults.push(format!("{shape}: count {count:?}\n{plan}"));
    }
    if let Some(before) = &q.before {
        let plan = Plan::of(conn, &q.table.count_sql(before), before.params()).unwrap();
        let ok = plan.full_scans("c").is_empty() && (plan.covered("c") || matches(&plan));
        if !ok {
            faults.push(format!("{shape}: the count before the cursor\n{plan}"));
        }
    }
}

/// The trigram index drives, and each match's contact is read by rowid.
fn matches(plan: &Plan) -> bool {
    plan.steps().first().is_some_and(|s| s.starts_with("SCAN f VIRTUAL TABLE INDEX"))
        && plan.full_scans("c").is_empty()
        && plan.steps().iter().filter(|s| s.starts_with("SEARCH c ")).all(|s| s == "SEARCH c USING INTEGER PRIMARY KEY (rowid=?)")
}

fn check_rows(conn: &Connection, shape: &str, q: &Query, rows: Rows, faults: &mut Vec<String>) {
    let ranged = q.matched.as_ref().filter(|_| q.before.is_none());
    let (_, plan) = match ranged {
        Some(m) => RANGED.plans(conn, &m.range(KEYS), &q.order).unwrap(),
        None => q.table.plans(conn, &q.page, &q.order).unwrap(),
    };
    let ok = match rows {
        Rows::Seek(index) => plan.full_scans("c").is_empty() && !plan.sorts() && plan.to_string().contains(index),
        Rows::Sorted(index) => plan.full_scans("c").is_empty() && plan.sorts() && plan.to_string().contains(index),
        // The page reads its row ids (`TABLE` keeps its rows), so the walk is covered.
        Rows::Walk(index) => plan.steps() == [format!("SEARCH c USING COVERING INDEX {index} (tenant_id=?)")],
        Rows::Matches => ranged.is_none() && matches(&plan) && plan.sorts(),
        Rows::Ranged => {
            ranged.is_some()
                && plan.steps().first().is_some_and(|s| s == "SEARCH c USING INTEGER PRIMARY KEY (rowid=?)")
                && plan.reads("lc_contacts_text")
                && plan.full_scans("c").is_empty()
        }
        Rows::Scan => plan.full_scans("c").len() == 1,
    };
    if !ok {
        faults.push(format!("{shape}: rows {rows:?}\n{plan}"));
    }
}

#[test]
fn every_search_shape_reads_an_index_and_counts_without_reading_contacts() {
    let conn = db();
    let mut faults = Vec::new();
    for (shape, body, count, rows) in SEARCHES {
        let mut body: Value = serde_json::from_str(body).unwrap();
        body["locationId"] = json!("L");
        body["pageLimit"] = json!(20);
        let s = search::parse(&body).unwrap();
        let cursor = match &s.page {
            search::ast::Page::After { date_added, id } => Some(Cursor { date_added: *date_added, id: Some(id.clone()) }),
            search::ast::Page::Number(_) => None,
        };
        let q = search_query(&tenant(), search::compile(&s, &tenant()), cursor.as_ref());
        check_count(&conn, shape, &q, *count, &mut faults);
        check_rows(&conn, shape, &q, *rows, &mut faults);
    }
    assert!(faults.is_empty(), "{}", faults.join("\n"));
}

#[test]
fn every_list_shape_reads_an_index_and_counts_without_reading_contacts() {
    let conn = db();
    let mut faults = Vec::new();
    for (shape, query, business, cursor, count, rows) in LISTS {
        let q = ListQuery { query: query.map(str::to_owned), business_id: business.map(str::to_owned) };
        let cursor = cursor.map(|(date_added, id)| Cursor { date_added, id: Some(id.to_owned()) });
        let q = list_query(&tenant(), &q, cursor.as_ref());
        check_count(&conn, shape, &q, *count, &mut faults);
        check_rows(&conn, shape, &q, *rows, &mut faults);
    }
    assert!(faults.is_empty(), "{}", faults.join("\n"));
}

#[test]
fn the_notes_and_tasks_of_a_contact_are_read_in_order_from_their_index() {
    let conn = db();
    let (_, plan) = notes::TABLE.plans(&conn, &notes::of(&tenant(), "c1"), &Order::default()).unwrap();
    assert_eq!(plan.steps(), ["SEARCH n USING INDEX lc_notes_contact (tenant_id=? AND contact_id=?)"], "{plan}");
    let (_, plan) = tasks::TABLE.plans(&conn, &tasks::of(&tenant(), "c1"), &Order::default()).unwrap();
    assert_eq!(plan.steps(), ["SEARCH t USING INDEX lc_tasks_contact (tenant_id=? AND contact_id=?)"], "{plan}");
}

/// Whether the trigram index, the tag table and the counts agree with the contacts.
fn assert_in_step(tx: &Tx, step: &str) {
    tx.execute("INSERT INTO lc_contacts_text (lc_contacts_text, rank) VALUES ('integrity-check', 1)", [])
        .unwrap_or_else(|e| panic!("{step}: {e}"));
    use crate::core::sql::keyed::{expected_keys, indexed_keys};
    assert_eq!(indexed_keys(tx, "lc_contacts_text"), expected_keys(tx, "lc_contacts_text"), "{step}");
    let rows = |sql: &str| -> Vec<(String, String, String)> {
        tx.prepare(sql).unwrap().query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().map(Result::unwrap).collect()
    };
    let tags = rows("SELECT tenant, tag, contact_id FROM lc_contact_tags ORDER BY 1, 2, 3");
    let derived = rows(
        "SELECT DISTINCT c.tenant_id, lower(t.value), c.id FROM lc_contacts c, json_each(c.data, '$.tags') t ORDER BY 1, 2, 3",
    );
    assert_eq!(tags, derived, "{step}");
    let counts = rows("SELECT tenant, CAST(contacts AS TEXT), '' FROM lc_contact_counts WHERE contacts > 0 ORDER BY 1");
    let counted = rows("SELECT tenant_id, CAST(count(*) AS TEXT), '' FROM lc_contacts GROUP BY tenant_id ORDER BY 1");
    let counts: Vec<_> = counts.into_iter().map(|(t, n, _)| (t, n)).collect();
    assert_eq!(counts, counted.into_iter().map(|(t, n, _)| (t, n)).collect::<Vec<_>>(), "{step}");
}

/// A contact of `data` added (and updated) at `added`.
fn contact(id: &str, added: i64, data: Value) -> super::super::model::contact::Contact {
    let Value::Object(data) = data else { unreachable!() };
    super::super::model::contact::Contact { id: id.into(), date_added: added, date_updated: added, data: data.into() }
}

/// The ids a `query` finds in `tenant`, newest first (every one of them on the page).
fn found(tx: &Tx, tenant: &TenantId, query: &str) -> Vec<String> {
    let q = ListQuery { query: Some(query.into()), business_id: None };
    let page = super::contacts::list(tx, tenant, &q, None, 100).unwrap();
    assert_eq!(page.total, page.contacts.len() as i64, "{query}");
    page.contacts.into_iter().map(|c| c.id).collect()
}

#[test]
fn the_trigram_index_tags_and_counts_follow_every_write() {
    use super::contacts::{delete, insert, update};
    let mut conn = db();
    let tx = conn.transaction().unwrap();
    let (t, u) = (tenant(), TenantId::from("u"));
    insert(&tx, &t, &contact("a", 1, json!({"firstName": "Ann", "lastName": "Lee", "tags": ["VIP", "Lead", "vip"]}))).unwrap();
    insert(&tx, &t, &contact("b", 2, json!({"firstName": "Bob", "companyName": "Annex", "tags": ["vip"]}))).unwrap();
    insert(&tx, &u, &contact("c", 3, json!({"firstName": "Ann"}))).unwrap();
    assert_in_step(&tx, "inserts");
    assert_eq!(
        (found(&tx, &t, "ann"), found(&tx, &u, "ANN"), found(&tx, &t, "nn")),
        (vec!["b".into(), "a".into()], vec!["c".into()], vec!["b".into(), "a".into()])
    );

    update(&tx, &t, &contact("a", 1, json!({"firstName": "Anna", "tags": ["Lead"]}))).unwrap();
    update(&tx, &t, &contact("b", 2, json!({"firstName": "Bob", "tags": ["vip"]}))).unwrap();
    assert_in_step(&tx, "updates");
    assert_eq!((found(&tx, &t, "ann"), found(&tx, &t, "annex")), (vec!["a".into()], vec![]));

    delete(&tx, &t, "a").unwrap();
    assert_in_step(&tx, "a delete");
    assert!(found(&tx, &t, "ann").is_empty());

    // A tenant cleared, and one put back as a snapshot restore does: rows copied out and in.
    plan::clear_and_restore(&tx, "lc_contacts", "u", "t");
    assert_in_step(&tx, "a clear and a restore");
    assert_eq!((found(&tx, &t, "bob"), found(&tx, &u, "ann")), (vec!["b".into()], vec![]));
}

/// A bulk load pauses the index (`keyed::pause_all`): the contacts it writes, and what it
/// changes of them and of those before it, are in the index as row-by-row writes leave it once
/// the pause ends.
#[test]
fn a_paused_trigram_index_holds_at_its_end_what_row_by_row_writes_would() {
    use super::contacts::{delete, insert, update};
    use crate::core::sql::keyed::{pause_all, resume_all};
    let mut conn = db();
    let tx = conn.transaction().unwrap();
    let (t, u) = (tenant(), TenantId::from("u"));
    insert(&tx, &t, &contact("a", 1, json!({"firstName": "Ann", "lastName": "Lee"}))).unwrap();
    insert(&tx, &t, &contact("b", 2, json!({"firstName": "Bob", "lastName": "Lee"}))).unwrap();
    pause_all(&tx).unwrap();
    insert(&tx, &u, &contact("c", 3, json!({"firstName": "Ann"}))).unwrap();
    insert(&tx, &t, &contact("d", 4, json!({"firstName": "Dee", "lastName": "Lee"}))).unwrap();
    insert(&tx, &t, &contact("e", 5, json!({"firstName": "Eve"}))).unwrap();
    update(&tx, &t, &contact("b", 2, json!({"firstName": "Bob", "lastName": "Annex"}))).unwrap();
    update(&tx, &t, &contact("d", 86_400_000 * 3, json!({"firstName": "Ann", "lastName": "Dee"}))).unwrap();
    delete(&tx, &t, "a").unwrap();
    delete(&tx, &t, "e").unwrap();
    assert_eq!((found(&tx, &t, "ann"), found(&tx, &t, "lee")), (vec!["b".to_owned()], vec![]), "paused");
    resume_all(&tx).unwrap();
    assert_in_step(&tx, "the pause's end");
    assert_eq!(
        (found(&tx, &t, "ann"), found(&tx, &u, "ann"), found(&tx, &t, "lee"), found(&tx, &t, "eve")),
        (vec!["d".into(), "b".into()], vec!["c".into()], vec![], vec![])
    );
}

#[test]
fn a_query_alone_pages_newest_first_exactly_as_sorting_every_match_would() {
    use super::super::model::contact::Contact;
    use super::contacts::{insert, page};
    use crate::core::paging::Window;
    let mut conn = db();
    let tx = conn.transaction().unwrap();
    let (t, u) = (tenant(), TenantId::from("u"));
    const DAY: i64 = 86_400_000;
    // 120 contacts a tenant over 6 days, several in one millisecond, every third an "ann";
    // the other tenant's are the same contacts, so a leak would show in every total.
    let mut expected: Vec<(i64, String)> = Vec::new();
    for i in 0..120_i64 {
        let added = 1_700_000_000_000 + (i * 7919 % 6) * DAY + (i * 31 % 4) * 1000;
        let name = if i % 3 == 0 { format!("Ann{i}") } else { format!("Bo{i}") };
        let Value::Object(data) = json!({"firstName": name}) else { unreachable!() };
        for tenant in [&t, &u] {
            insert(
                &tx,
                tenant,
                &Contact { id: format!("c{i:03}"), date_added: added, date_updated: added, data: data.clone().into() },
            )
            .unwrap();
        }
        if i % 3 == 0 {
            expected.push((added, format!("c{i:03}")));
        }
    }
    expected.sort_by(|a, b| b.cmp(a));
    let ids = |window: Window| -> (Vec<String>, i64) {
        let q = ListQuery { query: Some("ANN".into()), business_id: None };
        let (contacts, total) = page(&tx, &t, &q, window).unwrap();
        (contacts.into_iter().map(|c| c.id).collect(), total)
    };
    for (offset, limit) in [(0, 1), (0, 7), (0, 40), (0, 100), (5, 10), (13, 13), (39, 5), (40, 5)] {
        let want: Vec<String> = expected.iter().skip(offset).take(limit).map(|(_, id)| id.clone()).collect();
        let window = Window { offset: offset as i64, limit: limit as i64 };
        assert_eq!(ids(window), (want, 40), "offset {offset}, limit {limit}");
    }
    // Emptied and filled again (a snapshot restore), the tenant finds its own contacts only.
    plan::clear_and_restore(&tx, "lc_contacts", "u", "t");
    assert_eq!(ids(Window { offset: 0, limit: 3 }).1, 40);
    let q = ListQuery { query: Some("ann".into()), business_id: None };
    assert_eq!(page(&tx, &u, &q, Window { offset: 0, limit: 3 }).unwrap(), (vec![], 0));
}

#[test]
fn a_query_holding_glob_characters_or_letters_outside_ascii_matches_them_as_written() {
    use super::super::model::contact::Contact;
    use super::contacts::{insert, page};
    use crate::core::paging::Window;
    let mut conn = db();
    let tx = conn.transaction().unwrap();
    for (i, name) in ["A*b Lee", "Axb Lee", "Élodie [x]", "Elodie x", "Tſon"].into_iter().enumerate() {
        let Value::Object(data) = json!({"firstName": name}) else { unreachable!() };
        insert(&tx, &tenant(), &Contact { id: format!("c{i}"), date_added: i as i64, date_updated: 0, data: data.into() })
            .unwrap();
    }
    let found = |query: &str| -> (Vec<String>, i64) {
        let q = ListQuery { query: Some(query.into()), business_id: None };
        let (contacts, total) = page(&tx, &tenant(), &q, Window { offset: 0, limit: 10 }).unwrap();
        (contacts.into_iter().map(|c| c.id).collect(), total)
    };
    assert_eq!(found("a*b"), (vec!["c0".to_owned()], 1));
    assert_eq!(found("ÉLO"), (vec!["c2".to_owned()], 1));
    assert_eq!(found("e [x]"), (vec!["c2".to_owned()], 1));
    assert_eq!(found("?lodie"), (vec![], 0));
    // The long s is not an s, as for the substring of the lower-cased text it stands for.
    assert_eq!(found("tso"), (vec![], 0));
}

//! Every list LivingMetrics answers is served by an index: for each query shape a client
//! typically sends, the page and the exact total the store runs are planned by SQLite against
//! the LivingMetrics schema, and the test fails on a read of a whole table or tenant, or on a
//! count that reads rows where an index could answer it. Adding a shape is one line of `SHAPES`.

use rusqlite::Connection;
use rusqlite::types::Value;

use crate::core::TenantId;
use crate::core::sql::{Order, Plan};

use super::super::filters::{parse, sql};
use super::{contacts, records, tasks};

fn tenant() -> TenantId {
    TenantId::from("t")
}

/// The LivingMetrics schema (with the core tables).
fn db() -> Connection {
    crate::core::sql::plan::schema_db(include_str!("../schema.sql"))
}

/// What a shape's plans must show.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Expect {
    /// The condition is searched for in an index: no step reads a whole table or tenant, and
    /// the count reads index entries only.
    Searched,
    /// Searched in the trigram index with other conditions; the count reads the contacts it
    /// names in the tenant's range of keys, never the others.
    SearchedText,
    /// A search the trigram index answers alone: the count reads the tenant's range of keys of
    /// the index and no contact; the page reads the contacts of a range of keys by rowid.
    Matches,
    /// Searched for the count (in the trigram index, or by id); the page, of matches dense
    /// enough, is read in an index's order and stops at `limit` (`contacts::listed` chooses it
    /// by the total).
    DenseInOrder,
    /// No condition: the exact total counts every index entry of the tenant, reading no row,
    /// and the page is read in an index's order, so it stops at `limit`.
    Everything,
}

use Expect::*;

/// A list: its table's alias and the plans of its count and page for a query string.
type List = (&'static str, fn(&Connection, &str) -> (Plan, Plan));

/// The plans of List Contacts for `q` when `total` contacts match.
fn contact_plans(conn: &Connection, q: &str, total: i64) -> (Plan, Plan) {
    let q = parse::contacts(q).unwrap();
    if let Some(searched) = contacts::Searched::of(&q.filter) {
        let keys = [Value::Text(searched.expression.clone()), Value::Integer(1 << 48), Value::Integer((2 << 48) - 1)];
        let count = Plan::of(conn, contacts::SEARCH_INDEX.count, &keys).unwrap();
        let f = searched.range(&tenant(), (1 << 48, (2 << 48) - 1));
        let (_, rows) = contacts::SEARCHED.plans(conn, &f, &sql::order(&q.sort)).unwrap();
        return (count, rows);
    }
    let f = contacts::scoped(&tenant(), &q.filter);
    let (count, _) = contacts::counted(&q.filter).plans(conn, &f, &sql::order(&q.sort)).unwrap();
    let (_, rows) = contacts::listed(&q.filter, total).plans(conn, &f, &sql::order(&q.sort)).unwrap();
    (count, rows)
}

/// List Contacts matching many contacts.
const CONTACTS: List = ("c", |conn, q| contact_plans(conn, q, i64::MAX));
/// List Contacts matching a few contacts.
const FEW_CONTACTS: List = ("c", |conn, q| contact_plans(conn, q, 0));
const ORGANIZATIONS: List = ("o", |conn, q| {
    let q = parse::organizations(q).unwrap();
    let mut f = records::ORGANIZATIONS.filter(&tenant());
    f.and_fragment(sql::organizations(&q.filter));
    records::ORGANIZATIONS.plans(conn, &f, &sql::order(&q.sort)).unwrap()
});
const HISTORIES: List = ("h", |conn, q| {
    let q = parse::histories(q).unwrap();
    let mut f = records::HISTORIES.filter(&tenant());
    f.and_fragment(sql::histories(&q.filter));
    records::HISTORIES.plans(conn, &f, &sql::order(&q.sort)).unwrap()
});
const CONTACT_LISTS: List = ("l", |conn, q| {
    let q = parse::contact_lists(q).unwrap();
    let mut f = records::CONTACT_LISTS.filter(&tenant());
    f.and_fragment(sql::contact_lists(&q));
    records::CONTACT_LISTS.plans(conn, &f, &sql::order(&q.sort)).unwrap()
});
const PRODUCTS: List = ("p", |conn, q| {
    parse::products(q).unwrap();
    records::PRODUCTS.plans(conn, &records::PRODUCTS.filter(&tenant()), &Order::default()).unwrap()
});
const TASKS: List = ("t", |conn, q| {
    let q = parse::tasks(q).unwrap();
    let mut f = tasks::TABLE.filter(&tenant());
    f.and_fragment(sql::tasks(&q.filter, 7));
    tasks::TABLE.plans(conn, &f, &Order::default()).unwrap()
});

/// `(what a client looks for, the list, the query string, what the plans must show)`.
const SHAPES: &[(&str, List, &str, Expect)] = &[
    ("contacts: the default listing", CONTACTS, "", Everything),
    ("contacts: a later page, oldest first", CONTACTS, "page=20&limit=50&order=asc", Everything),
    ("contacts: by last update", CONTACTS, "order_by=updated", Everything),
    ("contacts: by company", CONTACTS, "order_by=company&order=asc", Everything),
    ("contacts: by lead score", CONTACTS, "order_by=lead_score", Everything),
    ("contacts: created since", CONTACTS, "created_by=2024-05-01", Searched),
    ("contacts: updated since, by last update", CONTACTS, "updated_by=2024-05-01T00:00:00Z&order_by=updated", Searched),
    ("contacts: of an employer", CONTACTS, "employer_id=12", Searched),
    ("contacts: by id", FEW_CONTACTS, "contact_ids=3,5,8", Searched),
    ("contacts: members of a list", FEW_CONTACTS, "search_list_id=3", Searched),
    ("contacts: with a tag", FEW_CONTACTS, "search_tag=VIP,Lead", Searched),
    ("contacts: with a history type", FEW_CONTACTS, "history_type=SiteVisit", Searched),
    ("contacts: texted on a tracked number", FEW_CONTACTS, "tracked_phone_id=789", Searched),
    ("contacts: of a CRM", FEW_CONTACTS, "crm_ids=a1,b2&crm_type=salesforce", Searched),
    ("contacts: of a CRM type", FEW_CONTACTS, "crm_type=pipedrive&crm_object_type=Lead", Searched),
    ("contacts: members of a large list", CONTACTS, "search_list_id=3", DenseInOrder),
    ("contacts: a search (many matches)", CONTACTS, "search_term=smith", Matches),
    ("contacts: a search (few matches)", FEW_CONTACTS, "search_term=smith", Matches),
    ("contacts: a search, oldest first", CONTACTS, "search_term=smith&order=asc", Matches),
    ("contacts: a search, by last update", CONTACTS, "search_term=smith&order_by=updated", Matches),
    ("contacts: a phone search", FEW_CONTACTS, "search_term=(555)%20010", Matches),
    ("contacts: a search, created since", FEW_CONTACTS, "search_term=acme&created_by=2024-05-01", SearchedText),
    ("organizations: the default listing", ORGANIZATIONS, "", Everything),
    ("products: the default listing", PRODUCTS, "", Everything),
    ("histories: every one", HISTORIES, "contact_group=all", Everything),
    ("histories: the default (e-mailed contacts)", HISTORIES, "", Everything),
    ("histories: of a contact", HISTORIES, "contact_id=42&contact_group=all", Searched),
    (
        "histories: of a type in a period",
        HISTORIES,
        "history_type=SiteVisit&start_date=2024-01-01&end_date=2024-02-01&contact_group=all",
        Searched,
    ),
    ("histories: of an e-mail", HISTORIES, "email_guid=abc&contact_group=all", Searched),
    ("histories: since the last one read", HISTORIES, "last_history_id=900&contact_group=all", Searched),
    ("contact lists: the default listing", CONTACT_LISTS, "", Everything),
    ("tasks: of a contact", TASKS, "contact_id=42", Searched),
    ("tasks: the open ones", TASKS, "", Searched),
    ("tasks: the key user's open ones", TASKS, "user_only=1", Searched),
];

/// The aliases of the related tables the filters' subqueries read.
const RELATED: [&str; 4] = ["m", "t", "h", "x"];

/// What is wrong with `plans` for `expect` on the table `alias`.
fn faults(alias: &str, (count, rows): &(Plan, Plan), expect: Expect) -> Vec<String> {
    let mut out = Vec::new();
    let mut scans = if expect == Everything { Vec::new() } else { count.full_scans(alias) };
    if !matches!(expect, Everything | DenseInOrder) {
        scans.extend(rows.full_scans(alias));
    }
    // The related rows a filter looks into (list members, tags, histories, CRM links).
    for related in RELATED.iter().filter(|related| **related != alias && expect != Everything) {
        scans.extend(count.full_scans(related).into_iter().chain(rows.full_scans(related)));
    }
    for step in scans {
        out.push(format!("reads a whole table or tenant: {step}"));
    }
    if expect == Matches {
        if count.reads(alias) || !count.covered("lm_contacts_search") {
            out.push("the count reads more than the trigram index".to_owned());
        }
        if !rows.reads("lm_contacts_search") {
            out.push("the page does not search the trigram index".to_owned());
        }
    } else if expect == SearchedText || (expect == DenseInOrder && count.reads("lm_contacts_search")) {
        if !count.reads("lm_contacts_search") {
            out.push("the count does not search the trigram index".to_owned());
        }
    } else if !count.covered(alias) {
        out.push("the count reads rows".to_owned());
    }
    if matches!(expect, Everything | DenseInOrder) && rows.sorts() {
        out.push("the page is sorted, not read in order".to_owned());
    }
    out
}

#[test]
fn every_list_shape_is_served_by_an_index() {
    let conn = db();
    let mut failures = Vec::new();
    for (name, (alias, plans), query, expect) in SHAPES {
        let plans = plans(&conn, query);
        for fault in faults(alias, &plans, *expect) {
            failures.push(format!("{name} (?{query}): {fault}\n  count:\n{}  page:\n{}", plans.0, plans.1));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_short_search_term_reads_every_contact_of_the_tenant() {
    // One or two characters make no trigram: the term is matched against every contact.
    let conn = db();
    let (alias, plans) = CONTACTS;
    let short = plans(&conn, "search_term=al");
    assert!(!short.0.reads("lm_contacts_search"), "{}", short.0);
    assert_eq!(short.0.full_scans(alias), ["SEARCH c USING INDEX sqlite_autoindex_lm_contacts_1 (tenant_id=?)"], "{}", short.0);
}

#[test]
fn a_get_by_id_is_a_search_of_the_primary_key() {
    let conn = db();
    let mut f = contacts::TABLE.filter(&tenant());
    f.and_eq(contacts::TABLE.id(), rusqlite::types::Value::Integer(42));
    let plan = Plan::of(&conn, &contacts::TABLE.one_sql(&f), f.params()).unwrap();
    assert_eq!(plan.steps(), ["SEARCH c USING INDEX sqlite_autoindex_lm_contacts_1 (tenant_id=? AND id=?)"], "{plan}");
    // First, the look at the row whose row id is the id: one search of the table.
    let at = contacts::TABLE.at_rowid(&f, &42).unwrap();
    let plan = Plan::of(&conn, &contacts::TABLE.one_sql(&at), at.params()).unwrap();
    assert_eq!(plan.steps(), ["SEARCH c USING INTEGER PRIMARY KEY (rowid=?)"], "{plan}");
}

#[test]
fn the_trigram_index_follows_inserts_updates_and_deletes() {
    let conn = db();
    let matches = |term: &str| -> Vec<i64> {
        let sql = "SELECT c.id FROM lm_contacts c WHERE c.rowid IN (SELECT rowid & 4294967295 FROM lm_contacts_search WHERE lm_contacts_search MATCH ?)
                   ORDER BY c.tenant_id, c.id";
        conn.prepare(sql).unwrap().query_map([format!("\"{term}\"")], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
    };
    conn.execute_batch(
        "INSERT INTO lm_contacts (tenant_id, id, search_text, created_at, updated_at, visible_at)
         VALUES ('t', 1, 'ann lee', 'x', 'x', 'x'), ('t', 2, 'bo leeds', 'x', 'x', 'x'), ('u', 1, 'cy lee', 'x', 'x', 'x');",
    )
    .unwrap();
    assert_eq!(matches("lee"), [1, 2, 1]);
    conn.execute_batch("UPDATE lm_contacts SET search_text = 'ann smith' WHERE tenant_id = 't' AND id = 1").unwrap();
    assert_eq!((matches("lee"), matches("smith")), (vec![2, 1], vec![1]));
    conn.execute_batch("UPDATE lm_contacts SET visible_at = '2030-01-01T00:00:00Z' WHERE tenant_id = 't' AND id = 2").unwrap();
    assert_eq!(matches("lee"), [2, 1]);
    conn.execute_batch("DELETE FROM lm_contacts WHERE tenant_id = 'u'").unwrap();
    assert_eq!(matches("lee"), [2]);
}

/// The counts `Searched` answers from the trigram index alone, for `term` in each tenant.
fn counts(conn: &Connection, term: &str, tenants: &[&str]) -> Vec<i64> {
    let q = parse::contacts(&format!("search_term={term}")).unwrap();
    let searched = contacts::Searched::of(&q.filter).unwrap();
    let tx = conn.unchecked_transaction().unwrap();
    tenants.iter().map(|t| searched.count(&tx, &TenantId::from(*t)).unwrap()).collect()
}

#[test]
fn a_tenant_counts_only_its_own_matches_also_after_it_is_emptied_and_filled_again() {
    let conn = db();
    let insert = |tenant: &str, id: i64, text: &str, visible: &str| {
        conn.execute(
            "INSERT INTO lm_contacts (tenant_id, id, search_text, created_at, updated_at, visible_at) VALUES (?1, ?2, ?3, 'x', 'x', ?4)",
            rusqlite::params![tenant, id, text, visible],
        )
        .unwrap();
    };
    insert("t", 1, "ann lee", "2024-01-01T00:00:00Z");
    insert("u", 1, "cy lee", "1900-01-01T00:00:00Z");
    insert("u", 2, "di leeds", "2500-01-01T00:00:00Z");
    insert("v", 1, "ed lee", "2024-01-01T00:00:00Z");
    assert_eq!(counts(&conn, "lee", &["t", "u", "v", "w"]), [1, 2, 1, 0]);
    // Emptied, `t` gives up its number; `w` takes it, and `t` comes back with another.
    conn.execute_batch("DELETE FROM lm_contacts WHERE tenant_id = 't'").unwrap();
    assert_eq!(counts(&conn, "lee", &["t", "u", "v", "w"]), [0, 2, 1, 0]);
    insert("w", 1, "fay lee", "2024-01-01T00:00:00Z");
    insert("t", 5, "gus leek", "2024-01-01T00:00:00Z");
    insert("t", 6, "hal lo", "2024-01-01T00:00:00Z");
    assert_eq!(counts(&conn, "lee", &["t", "u", "v", "w"]), [1, 2, 1, 1]);
    let numbers: Vec<(String, i64)> = conn
        .prepare("SELECT tenant, n FROM core_search_tenants WHERE kind = 'lm_contacts_search' ORDER BY n")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let expected = [("w", 1), ("u", 2), ("v", 3), ("t", 4)].map(|(t, n)| (t.to_owned(), n));
    assert_eq!(numbers, expected);
}

#[test]
fn a_search_phrase_matches_exactly_the_lower_cased_text_holding_the_term() {
    // Case-sensitive trigrams over lower-cased text: characters the index would otherwise fold
    // (the long s, a final sigma) are not the letters they resemble, as for `LIKE`.
    let conn = db();
    conn.execute_batch(
        "INSERT INTO lm_contacts (tenant_id, id, search_text, created_at, updated_at, visible_at)
         VALUES ('t', 1, 'tſon', 'x', 'x', 'x'), ('t', 2, 'ston', 'x', 'x', 'x'), ('t', 3, 'a%b_c son', 'x', 'x', 'x');",
    )
    .unwrap();
    assert_eq!(counts(&conn, "sto", &["t"]), [1]);
    assert_eq!(counts(&conn, "STON", &["t"]), [1]);
    assert_eq!(counts(&conn, "a%b_c", &["t"]), [1]);
    assert_eq!(counts(&conn, "a_b", &["t"]), [0]);
}

#[test]
fn a_search_alone_pages_in_either_direction_exactly_as_sorting_every_match_would() {
    let conn = db();
    // 120 contacts a tenant over 6 days, several in one second, every third an "ann"; the other
    // tenant's are the same contacts, so a leak would show in every total.
    let mut matching: Vec<(String, i64)> = Vec::new();
    for i in 0..120_i64 {
        let visible = format!("2024-03-{:02}T10:00:{:02}Z", 1 + i * 7919 % 6, i * 31 % 4);
        let text = if i % 3 == 0 { format!("ann{i}") } else { format!("bo{i}") };
        for tenant in ["t", "u"] {
            conn.execute(
                "INSERT INTO lm_contacts (tenant_id, id, search_text, created_at, updated_at, visible_at) VALUES (?1, ?2, ?3, 'x', 'x', ?4)",
                rusqlite::params![tenant, i, text, visible],
            )
            .unwrap();
        }
        if i % 3 == 0 {
            matching.push((visible, i));
        }
    }
    matching.sort();
    let tx = conn.unchecked_transaction().unwrap();
    for (page, limit) in [(0, 1), (0, 7), (0, 40), (0, 100), (1, 10), (2, 13), (7, 5), (8, 5)] {
        for (order, newest) in [("desc", true), ("asc", false)] {
            let q = parse::contacts(&format!("search_term=ANN&page={page}&limit={limit}&order={order}")).unwrap();
            let (contacts, total) = contacts::page(&tx, &tenant(), &q).unwrap();
            let ids: Vec<i64> = contacts.iter().map(|c| c.id).collect();
            let mut want: Vec<i64> = matching.iter().map(|(_, id)| *id).collect();
            if newest {
                want.reverse();
            }
            let want: Vec<i64> = want.into_iter().skip(page * limit).take(limit).collect();
            assert_eq!((ids, total), (want, 40), "page {page}, limit {limit}, {order}");
        }
    }
}

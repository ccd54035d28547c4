//! Table tests of the query language, named after Feathers' adapter-tests cases
//! (`packages/adapter-tests/src/syntax.ts`). Each case checks the SQL the query becomes (with
//! its bound values) and runs it on the adapter-tests fixture in SQLite: Bob (hotness 25),
//! Doug (32) and Alice (19), created in that order, so ids 1, 2, 3.

mod errors;
mod values;

use rusqlite::types::Value;
use rusqlite::{Connection, params, params_from_iter};

use super::fields::{CONTACTS, Resource};
use super::{Limits, Query, QueryError, parse, sql};

const PAGINATE: Limits = Limits { default_limit: 1, max_limit: 2 };

fn query_with(s: &str, resource: &'static Resource, limits: Limits) -> Query {
    parse(s, resource, limits).unwrap_or_else(|e| panic!("{s}: {e:?}"))
}

fn query(s: &str) -> Query {
    query_with(s, &CONTACTS, Limits::default())
}

fn error(s: &str) -> QueryError {
    parse(s, &CONTACTS, Limits::default()).expect_err(s)
}

fn message_of(s: &str) -> String {
    error(s).message
}

fn shown(v: &Value) -> String {
    match v {
        Value::Integer(n) => n.to_string(),
        Value::Text(t) => format!("'{t}'"),
        other => format!("{other:?}"),
    }
}

/// Every word of SQL the query language may write: columns of the field tables, operator
/// keywords, placeholders.
fn assert_only_whitelisted(sql: &str, resource: &Resource) {
    const KEYWORDS: [&str; 17] =
        ["=", "<>", "<", "<=", ">", ">=", "?", "AND", "OR", "NOT", "IN", "IS", "NULL", "ASC", "DESC", "0", "1"];
    for word in sql.split(|c: char| c.is_whitespace() || "(),".contains(c)).filter(|w| !w.is_empty()) {
        let known = KEYWORDS.contains(&word) || resource.fields.iter().any(|f| f.column.as_str() == word);
        assert!(known, "{word:?} in {sql:?} is not from the whitelist");
    }
}

/// The query as `WHERE-condition [values] ORDER BY ... LIMIT l OFFSET s`.
fn render(q: &Query, resource: &Resource) -> String {
    let f = sql::condition(q);
    let order = order_sql(q, resource.first().column);
    assert_only_whitelisted(f.sql(), resource);
    assert_only_whitelisted(&order, resource);
    let values = f.params().iter().map(shown).collect::<Vec<_>>().join(", ");
    format!("{} [{values}] ORDER BY {order} LIMIT {} OFFSET {}", f.sql(), q.limit, q.skip)
}

/// The `ORDER BY` list a contacts find runs: `$sort` then the id, or by id alone.
fn order_sql(q: &Query, id: crate::core::sql::Column) -> String {
    let order = sql::order(q, id);
    if order.is_empty() { format!("{} ASC", id.as_str()) } else { order.sql() }
}

fn sql_of(s: &str) -> String {
    render(&query(s), &CONTACTS)
}

/// Contacts in an in-memory LionDesk schema; `find` runs a query as the contacts store does.
struct Fixture(Connection);

impl Fixture {
    /// `(first_name, hotness_id, created_at)` rows, ids from 1.
    fn new(rows: &[(&str, Option<i64>, &str)]) -> Fixture {
        let db = Connection::open_in_memory().unwrap();
        db.execute_batch(crate::core::SCHEMA).unwrap();
        db.execute_batch(include_str!("../schema.sql")).unwrap();
        for (i, (name, hotness, created)) in rows.iter().enumerate() {
            db.execute(
                "INSERT INTO ld_contacts (tenant_id, id, owner_user_id, first_name, hotness_id, created_at, modified_at)
                 VALUES ('t', ?1, 1, ?2, ?3, ?4, ?4)",
                params![i as i64 + 1, name, hotness, created],
            )
            .unwrap();
        }
        Fixture(db)
    }

    /// The adapter-tests syntax fixture, with creation days for the date variants.
    fn syntax() -> Fixture {
        Fixture::new(&[
            ("Bob", Some(25), "2019-01-25T00:00:00.000Z"),
            ("Doug", Some(32), "2019-02-01T00:00:00.000Z"),
            ("Alice", Some(19), "2019-01-19T00:00:00.000Z"),
        ])
    }

    /// `(total, first names of the page)`.
    fn find(&self, q: &Query) -> (i64, Vec<String>) {
        let f = sql::condition(q);
        let total = self
            .0
            .query_row(&format!("SELECT count(*) FROM ld_contacts c WHERE {}", f.sql()), params_from_iter(f.params()), |r| {
                r.get(0)
            })
            .unwrap();
        if q.limit == 0 {
            return (total, Vec::new());
        }
        let sql = format!(
            "SELECT c.first_name FROM ld_contacts c WHERE {} ORDER BY {} LIMIT ? OFFSET ?",
            f.sql(),
            order_sql(q, CONTACTS.first().column)
        );
        let mut values = f.params().to_vec();
        values.extend([Value::Integer(q.limit), Value::Integer(q.skip)]);
        let mut stmt = self.0.prepare(&sql).unwrap();
        let names = stmt.query_map(params_from_iter(values), |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap();
        (total, names)
    }

    fn names(&self, s: &str) -> Vec<String> {
        self.find(&query(s)).1
    }
}

#[test]
fn find_with_equal() {
    assert_eq!(sql_of("first_name=Alice"), "c.first_name = ? ['Alice'] ORDER BY c.id ASC LIMIT 10 OFFSET 0");
    assert_eq!(Fixture::syntax().names("first_name=Alice"), ["Alice"]);
}

#[test]
fn find_with_equal_multiple() {
    assert_eq!(
        sql_of("first_name=Alice&hotness_id=20"),
        "c.first_name = ? AND c.hotness_id = ? ['Alice', 20] ORDER BY c.id ASC LIMIT 10 OFFSET 0"
    );
    let fixture = Fixture::syntax();
    assert_eq!(fixture.names("first_name=Alice&hotness_id=20"), Vec::<String>::new());
    assert_eq!(fixture.names("first_name=Alice&hotness_id=19"), ["Alice"]);
}

#[test]
fn find_with_sort() {
    assert_eq!(sql_of("$sort[first_name]=1"), "1 [] ORDER BY c.first_name ASC, c.id ASC LIMIT 10 OFFSET 0");
    assert_eq!(sql_of("$sort[first_name]=-1"), "1 [] ORDER BY c.first_name DESC, c.id ASC LIMIT 10 OFFSET 0");
    let fixture = Fixture::syntax();
    assert_eq!(fixture.names("$sort[first_name]=1"), ["Alice", "Bob", "Doug"]);
    assert_eq!(fixture.names("$sort[first_name]=-1"), ["Doug", "Bob", "Alice"]);
}

#[test]
fn find_with_sort_string() {
    // Every REST value is a string; directions are read by parseInt, and the SQL adapters sort
    // ascending for 1 and descending for anything else.
    for (direction, expected) in [
        ("1", "ASC"),
        ("%2B1", "ASC"),
        ("01", "ASC"),
        ("1.9", "ASC"),
        ("1abc", "ASC"),
        ("%201", "ASC"),
        ("-1", "DESC"),
        ("0", "DESC"),
        ("2", "DESC"),
        ("asc", "DESC"),
        ("", "DESC"),
    ] {
        let q = query(&format!("$sort[first_name]={direction}"));
        assert_eq!(q.sort[0].1.keyword(), expected, "$sort[first_name]={direction}");
    }
    assert_eq!(Fixture::syntax().names("$sort[first_name]=1"), ["Alice", "Bob", "Doug"]);
}

#[test]
fn find_with_limit() {
    assert_eq!(sql_of("$limit=2"), "1 [] ORDER BY c.id ASC LIMIT 2 OFFSET 0");
    assert_eq!(Fixture::syntax().find(&query("$limit=2")), (3, vec!["Bob".into(), "Doug".into()]));
}

#[test]
fn find_with_limit_0() {
    assert_eq!(sql_of("$limit=0"), "1 [] ORDER BY c.id ASC LIMIT 0 OFFSET 0");
    assert_eq!(Fixture::syntax().find(&query("$limit=0")), (3, vec![]));
}

#[test]
fn find_with_skip() {
    assert_eq!(sql_of("$sort[first_name]=1&$skip=1"), "1 [] ORDER BY c.first_name ASC, c.id ASC LIMIT 10 OFFSET 1");
    assert_eq!(Fixture::syntax().names("$sort[first_name]=1&$skip=1"), ["Bob", "Doug"]);
}

#[test]
fn find_with_select() {
    let q = query("first_name=Alice&$select[]=first_name");
    assert_eq!(q.select, Some(vec!["first_name"]));
    let record = serde_json::json!({"id": 3, "first_name": "Alice", "last_name": null, "hotness_id": 19});
    let kept = q.selected(record.as_object().unwrap().clone());
    assert_eq!(kept, serde_json::json!({"id": 3, "first_name": "Alice"}));
}

#[test]
fn find_with_or() {
    let s = "$or[0][first_name]=Alice&$or[1][first_name]=Bob&$sort[first_name]=1";
    assert_eq!(
        sql_of(s),
        "((c.first_name = ?) OR (c.first_name = ?)) ['Alice', 'Bob'] ORDER BY c.first_name ASC, c.id ASC LIMIT 10 OFFSET 0"
    );
    assert_eq!(Fixture::syntax().names(s), ["Alice", "Bob"]);
}

#[test]
fn find_with_in() {
    let fixture = Fixture::syntax();
    for s in [
        "first_name[$in]=Alice&first_name[$in]=Bob&$sort[first_name]=1",
        "first_name[$in][]=Alice&first_name[$in][]=Bob&$sort[first_name]=1",
        "first_name[$in][0]=Alice&first_name[$in][1]=Bob&$sort[first_name]=1",
        "first_name%5B%24in%5D%5B0%5D=Alice&first_name%5B%24in%5D%5B1%5D=Bob&%24sort%5Bfirst_name%5D=1",
    ] {
        assert_eq!(
            sql_of(s),
            "c.first_name IN (?, ?) ['Alice', 'Bob'] ORDER BY c.first_name ASC, c.id ASC LIMIT 10 OFFSET 0",
            "{s}"
        );
        assert_eq!(fixture.names(s), ["Alice", "Bob"], "{s}");
    }
}

/// `qs` closes up gaps in list indices and makes an index above 20 an object keyed by the
/// indices, which `$in`, `$nin`, `$or`, `$and` and `$select` read as the list of its values.
#[test]
fn find_with_sparse_indices_as_qs_reads_them() {
    let fixture = Fixture::syntax();
    for s in [
        "first_name[$in][1]=Alice&first_name[$in][5]=Bob&$sort[first_name]=1",
        "first_name[$in][21]=Alice&first_name[$in][0]=Bob&$sort[first_name]=1",
        "first_name[1]=Alice&first_name[3]=Bob&$sort[first_name]=1",
        "$or[1][first_name]=Alice&$or[7][first_name]=Bob&$sort[first_name]=1",
        "$or[30][first_name]=Alice&$or[2][first_name]=Bob&$sort[first_name]=1",
    ] {
        assert_eq!(fixture.names(s), ["Alice", "Bob"], "{s}");
    }
    assert_eq!(query("$select[2]=email&$select[40]=id").select, Some(vec!["email", "id"]));
    assert_eq!(
        message_of("first_name[21]=Alice"),
        "Invalid query parameter first_name[21]: expected an operator such as $in",
        "an object keyed by an index is no list of values to compare with"
    );
}

#[test]
fn find_with_nin() {
    let s = "first_name[$nin]=Alice&first_name[$nin]=Bob";
    assert_eq!(sql_of(s), "c.first_name NOT IN (?, ?) ['Alice', 'Bob'] ORDER BY c.id ASC LIMIT 10 OFFSET 0");
    assert_eq!(Fixture::syntax().names(s), ["Doug"]);
}

#[test]
fn find_with_lt() {
    assert_eq!(sql_of("hotness_id[$lt]=30"), "c.hotness_id < ? [30] ORDER BY c.id ASC LIMIT 10 OFFSET 0");
    assert_eq!(Fixture::syntax().names("hotness_id[$lt]=30"), ["Bob", "Alice"]);
}

#[test]
fn find_with_lte() {
    assert_eq!(sql_of("hotness_id[$lte]=25"), "c.hotness_id <= ? [25] ORDER BY c.id ASC LIMIT 10 OFFSET 0");
    assert_eq!(Fixture::syntax().names("hotness_id[$lte]=25"), ["Bob", "Alice"]);
}

#[test]
fn find_with_gt() {
    assert_eq!(sql_of("hotness_id[$gt]=30"), "c.hotness_id > ? [30] ORDER BY c.id ASC LIMIT 10 OFFSET 0");
    assert_eq!(Fixture::syntax().names("hotness_id[$gt]=30"), ["Doug"]);
}

#[test]
fn find_with_gte() {
    assert_eq!(sql_of("hotness_id[$gte]=25"), "c.hotness_id >= ? [25] ORDER BY c.id ASC LIMIT 10 OFFSET 0");
    assert_eq!(Fixture::syntax().names("hotness_id[$gte]=25"), ["Bob", "Doug"]);
}

#[test]
fn find_with_ne() {
    assert_eq!(sql_of("hotness_id[$ne]=25"), "c.hotness_id <> ? [25] ORDER BY c.id ASC LIMIT 10 OFFSET 0");
    assert_eq!(Fixture::syntax().names("hotness_id[$ne]=25"), ["Doug", "Alice"]);
}

#[test]
fn find_with_gt_lt_sort() {
    let s = "hotness_id[$gt]=18&hotness_id[$lt]=30&$sort[first_name]=1";
    assert_eq!(
        sql_of(s),
        "(c.hotness_id > ? AND c.hotness_id < ?) [18, 30] ORDER BY c.first_name ASC, c.id ASC LIMIT 10 OFFSET 0"
    );
    assert_eq!(Fixture::syntax().names(s), ["Alice", "Bob"]);
}

#[test]
fn find_with_or_nested_and_sort() {
    let s = "$or[0][first_name]=Doug&$or[1][hotness_id][$gte]=18&$or[1][hotness_id][$lt]=25&$sort[first_name]=1";
    assert_eq!(
        sql_of(s),
        "((c.first_name = ?) OR ((c.hotness_id >= ? AND c.hotness_id < ?))) ['Doug', 18, 25] \
         ORDER BY c.first_name ASC, c.id ASC LIMIT 10 OFFSET 0"
    );
    assert_eq!(Fixture::syntax().names(s), ["Alice", "Doug"]);
}

#[test]
fn find_with_and() {
    assert_eq!(sql_of("$and[0][hotness_id]=19"), "((c.hotness_id = ?)) [19] ORDER BY c.id ASC LIMIT 10 OFFSET 0");
    assert_eq!(Fixture::syntax().names("$and[0][hotness_id]=19"), ["Alice"]);
}

#[test]
fn find_with_and_or() {
    let s = "$and[0][$or][0][first_name]=Alice";
    assert_eq!(sql_of(s), "((((c.first_name = ?)))) ['Alice'] ORDER BY c.id ASC LIMIT 10 OFFSET 0");
    assert_eq!(Fixture::syntax().names(s), ["Alice"]);
    let s = "$and[0][$or][0][first_name]=Alice&$and[0][$or][1][first_name]=Doug&$and[1][hotness_id][$gt]=20";
    assert_eq!(Fixture::syntax().names(s), ["Doug"]);
}

#[test]
fn find_paginate() {
    let q = query_with("$sort[first_name]=-1", &CONTACTS, PAGINATE);
    assert_eq!((q.limit, q.skip), (1, 0));
    assert_eq!(Fixture::syntax().find(&q), (3, vec!["Doug".into()]));
}

#[test]
fn find_paginate_query() {
    let q = query_with("first_name=Doug", &CONTACTS, PAGINATE);
    assert_eq!((q.limit, q.skip), (1, 0));
    assert_eq!(Fixture::syntax().find(&q), (1, vec!["Doug".into()]));
}

#[test]
fn find_paginate_limit_skip() {
    let q = query_with("$limit=4&$skip=1&$sort[first_name]=-1", &CONTACTS, PAGINATE);
    assert_eq!((q.limit, q.skip), (2, 1));
    assert_eq!(Fixture::syntax().find(&q), (3, vec!["Bob".into(), "Alice".into()]));
}

#[test]
fn find_paginate_limit_0() {
    let q = query_with("$limit=0", &CONTACTS, PAGINATE);
    assert_eq!((q.limit, q.skip), (0, 0));
    assert_eq!(Fixture::syntax().find(&q), (3, vec![]));
}

#[test]
fn find_without_query_is_everything_in_id_order() {
    assert_eq!(sql_of(""), "1 [] ORDER BY c.id ASC LIMIT 10 OFFSET 0");
    assert_eq!(Fixture::syntax().names(""), ["Bob", "Doug", "Alice"]);
}

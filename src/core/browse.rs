//! Looking at a tenant's records as they are stored, for the dashboard's data view: how many
//! records each collection holds (`GET /__admin/tenants/{id}/{vendor}`) and a page of one
//! collection's rows sorted by any of its columns (`GET /__admin/tenants/{id}/{vendor}/{collection}`).
//! Tables come from the vendors' `Collection`s and columns from the table's own schema, so no
//! name from a request reaches the SQL unchecked; every value is bound.

use rusqlite::types::ValueRef;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::core::Tx;

use super::arrange::Collection;
use super::tenant::TenantId;

/// The most rows one page shows.
pub const MAX_LIMIT: i64 = 500;

/// A collection and how many records the tenant holds in it.
#[derive(Debug, Serialize, PartialEq)]
pub struct Count {
    pub name: &'static str,
    pub count: i64,
}

/// How many rows of `table` (a collection's, from the vendor's list) the tenant holds.
fn count(tx: &Tx, tenant: &TenantId, table: &'static str) -> rusqlite::Result<i64> {
    tx.prepare_cached(&format!("SELECT count(*) FROM {table} WHERE tenant_id = ?1"))?.query_row([tenant], |r| r.get(0))
}

/// The tenant's count of each collection of `collections` kept in a table, in their order.
pub fn counts(tx: &Tx, tenant: &TenantId, collections: &[Collection]) -> rusqlite::Result<Vec<Count>> {
    let mut out = Vec::new();
    for c in collections {
        let Some(table) = c.table else { continue };
        out.push(Count { name: c.name, count: count(tx, tenant, table)? });
    }
    Ok(out)
}

/// How a page is asked for.
#[derive(Debug, Clone, PartialEq)]
pub struct Paging {
    /// A column of the table; `None`: the first.
    pub sort: Option<String>,
    pub descending: bool,
    pub offset: i64,
    pub limit: i64,
}

/// A page of stored rows.
#[derive(Debug, Serialize)]
pub struct Page {
    pub total: i64,
    pub offset: i64,
    pub limit: i64,
    pub sort: String,
    pub dir: &'static str,
    /// The table's columns but the tenant's, in the table's order.
    pub columns: Vec<String>,
    /// Each row as an object of those columns.
    pub records: Vec<Map<String, Value>>,
}

/// Why a page cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum BrowseError {
    #[error("sort: '{0}' is not a column (known: {1})")]
    UnknownColumn(String, String),
    #[error(transparent)]
    Db(#[from] rusqlite::Error),
}

/// The columns of `table` but `tenant_id`, in its order.
fn columns(tx: &Tx, table: &str) -> rusqlite::Result<Vec<String>> {
    let mut stmt = tx.prepare_cached("SELECT name FROM pragma_table_info(?1) ORDER BY cid")?;
    let names = stmt.query_map([table], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(names.into_iter().filter(|n| n != "tenant_id").collect())
}

/// A stored value as JSON (a blob as its size).
fn json_of(value: ValueRef<'_>) -> Value {
    match value {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::from(i),
        ValueRef::Real(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
        ValueRef::Text(t) => Value::String(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Value::String(format!("<{} bytes>", b.len())),
    }
}

/// A page of the tenant's rows of `table` (a collection's, from the vendor's list), sorted by
/// `paging.sort` then the first column.
pub fn page(tx: &Tx, tenant: &TenantId, table: &'static str, paging: &Paging) -> Result<Page, BrowseError> {
    let columns = columns(tx, table)?;
    let first = columns.first().cloned().unwrap_or_default();
    let sort = paging.sort.clone().unwrap_or_else(|| first.clone());
    if !columns.contains(&sort) {
        return Err(BrowseError::UnknownColumn(sort, columns.join(", ")));
    }
    let total = count(tx, tenant, table)?;
    // Column names come from the table's schema.
    let quote = crate::core::sql::quoted;
    let list: Vec<String> = columns.iter().map(|c| quote(c)).collect();
    let dir = if paging.descending { "DESC" } else { "ASC" };
    let mut order = format!("{} {dir}", quote(&sort));
    if sort != first {
        order.push_str(&format!(", {} ASC", quote(&first)));
    }
    let sql = format!("SELECT {} FROM {table} WHERE tenant_id = ?1 ORDER BY {order} LIMIT ?2 OFFSET ?3", list.join(", "));
    let mut stmt = tx.prepare(&sql)?;
    let mut rows = stmt.query(rusqlite::params![tenant, paging.limit, paging.offset])?;
    let mut records = Vec::new();
    while let Some(row) = rows.next()? {
        let mut record = Map::new();
        for (i, name) in columns.iter().enumerate() {
            record.insert(name.clone(), json_of(row.get_ref(i)?));
        }
        records.push(record);
    }
    Ok(Page {
        total,
        offset: paging.offset,
        limit: paging.limit,
        sort,
        dir: if paging.descending { "desc" } else { "asc" },
        columns,
        records,
    })
}

#[cfg(test)]
mod tests {
    use rusqlite::Connection;
    use serde_json::json;

    use super::*;
    use crate::core::arrange::{ArrangeError, Arranging, Record};

    fn none(_: &Arranging<'_>, _: &Record<'_>) -> Result<Value, ArrangeError> {
        Ok(Value::Null)
    }

    fn db() -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE t_people (tenant_id TEXT NOT NULL, id INTEGER NOT NULL, \"odd \"\"name\" TEXT, score REAL, pic BLOB);
             INSERT INTO t_people VALUES ('a', 1, 'x', 2.5, x'0102'), ('a', 2, 'y', NULL, NULL), ('a', 3, 'x', 1.0, NULL),
                                         ('b', 9, 'z', 0, NULL);",
        )
        .unwrap();
        conn
    }

    #[test]
    fn counts_are_the_tenants_own_for_collections_kept_in_a_table() {
        let mut conn = db();
        let tx = conn.transaction().unwrap();
        let collections = [Collection::new("people", none).stored_in("t_people"), Collection::new("settings", none)];
        assert_eq!(counts(&tx, &TenantId::from("a"), &collections).unwrap(), [Count { name: "people", count: 3 }]);
        assert_eq!(counts(&tx, &TenantId::from("c"), &collections).unwrap(), [Count { name: "people", count: 0 }]);
    }

    #[test]
    fn a_page_is_sorted_by_any_column_then_the_first_and_holds_only_the_tenants_rows() {
        let mut conn = db();
        let tx = conn.transaction().unwrap();
        let a = TenantId::from("a");
        let paging =
            |sort: Option<&str>, descending, offset, limit| Paging { sort: sort.map(str::to_owned), descending, offset, limit };

        let p = page(&tx, &a, "t_people", &paging(None, false, 0, 2)).unwrap();
        assert_eq!((p.total, p.sort.as_str(), p.dir), (3, "id", "asc"));
        assert_eq!(p.columns, ["id", "odd \"name", "score", "pic"]);
        assert_eq!(
            json!(p.records),
            json!([{"id": 1, "odd \"name": "x", "score": 2.5, "pic": "<2 bytes>"}, {"id": 2, "odd \"name": "y", "score": null, "pic": null}])
        );

        let ids = |p: Page| p.records.iter().map(|r| r["id"].clone()).collect::<Vec<_>>();
        assert_eq!(
            ids(page(&tx, &a, "t_people", &paging(Some("odd \"name"), true, 0, 10)).unwrap()),
            [json!(2), json!(1), json!(3)]
        );
        assert_eq!(ids(page(&tx, &a, "t_people", &paging(Some("score"), false, 1, 10)).unwrap()), [json!(3), json!(1)]);

        let e = page(&tx, &a, "t_people", &paging(Some("tenant_id"), false, 0, 10)).unwrap_err();
        assert_eq!(e.to_string(), "sort: 'tenant_id' is not a column (known: id, odd \"name, score, pic)");
        let e = page(&tx, &a, "t_people", &paging(Some("id; DROP TABLE t_people"), false, 0, 10)).unwrap_err();
        assert!(matches!(e, BrowseError::UnknownColumn(..)), "{e}");
    }
}

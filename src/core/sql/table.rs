//! One table as a store reads it: its alias (joins included), tenant and id columns, the columns
//! a row is read from, its default order and what a delete cascades to. Over it: a filtered,
//! ordered page together with the exact count of what matches (both in the caller's read
//! transaction, so they see one state), one row by id, existence, deletion, and for integer ids
//! the per-tenant sequence. Ids are integers (`i64`, the default) or strings (`String`, for
//! vendors whose ids are random text). A table may keep its pages' rows between reads until a
//! commit ([`Table::kept_rows`]).
//!
//! ```ignore
//! pub const TABLE: Table<Hotness> =
//!     Table::new("ld_hotnesses", "ld_hotnesses h", ["h.tenant_id", "h.id"], "h.id, h.name", from_row)
//!         .ordered(&[("h.user_id", SortDir::Asc), ("h.id", SortDir::Asc)]);
//! let mut f = TABLE.scoped(&tenant, &Scope::of("h.user_id = ?", user));
//! let (rows, total) = TABLE.page(tx, &f, &Order::default(), Window { offset: 0, limit: 10 })?;
//! ```

use std::marker::PhantomData;

use rusqlite::types::{ToSql, Value};
use rusqlite::{OptionalExtension, Row, params, params_from_iter};

use super::{Column, Filter, Fragment, Order, Plan, SortDir};
use crate::core::Tx;
use crate::core::paging::Window;
use crate::core::sequence;
use crate::core::tenant::TenantId;

/// Which rows of a table a caller reaches: a store's condition (a `const` with one `?` per
/// value), such as `"h.user_id = ?"` for the caller's own hotnesses.
#[derive(Debug, Clone)]
pub struct Scope {
    sql: &'static str,
    values: Vec<Value>,
}

impl Scope {
    pub fn new(sql: &'static str, values: impl IntoIterator<Item = Value>) -> Scope {
        Scope { sql, values: values.into_iter().collect() }
    }

    /// The rows `sql` (with one `?`) admits for `id`.
    pub fn of(sql: &'static str, id: i64) -> Scope {
        Scope::new(sql, [Value::Integer(id)])
    }

    /// Every row of the tenant.
    pub fn all() -> Scope {
        Scope::new("1", [])
    }
}

/// A table as a store reads it; `K` is the type of its ids.
#[derive(Debug)]
pub struct Table<T, K = i64> {
    /// The table, which also names its id sequence.
    name: &'static str,
    /// The table with its alias, and any joins the columns need.
    from: &'static str,
    tenant: Column,
    id: Column,
    /// What `row` reads, in its order.
    columns: &'static str,
    /// The order when the caller gives none (it should end with the id); empty: by id.
    order: &'static [(&'static str, SortDir)],
    /// Statements run before a row is deleted, each binding `?1` the tenant and `?2` the id.
    cascade: &'static [&'static str],
    row: fn(&Row<'_>) -> rusqlite::Result<T>,
    /// Rows kept between reads (`core::sql::totals::rows`): a page reads its row ids and then
    /// the rows no earlier read of the same state kept.
    kept: Option<KeptRows<T, K>>,
    /// The row id's expression (`c.rowid`) of a table whose rows mostly have their id as row id
    /// (`Table::ids_as_rowids`).
    rowid_of_id: Option<&'static str>,
    key: PhantomData<fn() -> K>,
}

/// How a table's pages keep their rows: the row id's expression (`c.rowid`), and what reads
/// the rows of some row ids through the kept ones.
#[derive(Debug)]
struct KeptRows<T, K> {
    rowid: &'static str,
    read: ReadKept<T, K>,
}

/// Reads the rows of some row ids through the kept ones.
type ReadKept<T, K> = fn(&Table<T, K>, &Tx, &str, &[i64]) -> rusqlite::Result<Vec<T>>;

/// The largest page whose rows are kept (a larger one, such as an export's, reads them in one
/// statement).
const KEPT_PAGE_AT_MOST: i64 = 1_000;

impl<T, K: Key> Table<T, K> {
    /// `keys` are the aliased tenant and id columns (`["h.tenant_id", "h.id"]`).
    pub const fn new(
        name: &'static str,
        from: &'static str,
        keys: [&'static str; 2],
        columns: &'static str,
        row: fn(&Row<'_>) -> rusqlite::Result<T>,
    ) -> Table<T, K> {
        Table {
            name,
            from,
            tenant: Column::new(keys[0]),
            id: Column::new(keys[1]),
            columns,
            order: &[],
            cascade: &[],
            row,
            kept: None,
            rowid_of_id: None,
            key: PhantomData,
        }
    }

    /// Ordered by `order` (columns or expressions of the table) when the caller gives none.
    pub const fn ordered(self, order: &'static [(&'static str, SortDir)]) -> Table<T, K> {
        Table { order, ..self }
    }

    /// Runs `statements` before deleting a row.
    pub const fn cascading(self, statements: &'static [&'static str]) -> Table<T, K> {
        Table { cascade: statements, ..self }
    }

    /// A get by id looks first at the row whose row id is the id (`rowid`: its expression,
    /// `"c.rowid"`). A table whose integer ids a tenant's sequence hands out in order mostly
    /// has them as row ids: SQLite numbers a row one past the largest, which is the id while
    /// one tenant fills the table (a generated or loaded tenant, a demo's). Such a get is one
    /// search of the table instead of one of its primary key index and then one of the table,
    /// a tenth of a point read. Any other row is found as before, by the index, after the look.
    pub const fn ids_as_rowids(self, rowid: &'static str) -> Table<T, K> {
        Table { rowid_of_id: Some(rowid), ..self }
    }

    /// The table's name (and its id sequence's).
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The aliased id column.
    pub fn id(&self) -> Column {
        self.id
    }

    /// The tenant's rows.
    pub fn filter(&self, tenant: &TenantId) -> Filter {
        Filter::for_tenant(self.tenant, tenant)
    }

    /// The tenant's rows within `scope`.
    pub fn scoped(&self, tenant: &TenantId, scope: &Scope) -> Filter {
        let mut f = self.filter(tenant);
        if scope.sql != "1" {
            f.and(scope.sql, scope.values.iter().cloned());
        }
        f
    }

    /// `order`, or the table's own order when `order` is empty.
    fn order_sql(&self, order: &Order) -> String {
        if !order.is_empty() {
            return order.sql();
        }
        if self.order.is_empty() {
            return format!("{} ASC", self.id.as_str());
        }
        let mut own = Order::default();
        for (column, dir) in self.order {
            own.push(Column::new(column), *dir);
        }
        own.sql()
    }

    /// How many rows `filter` admits.
    pub fn count(&self, tx: &Tx, filter: &Filter) -> rusqlite::Result<i64> {
        super::totals::count(tx, &self.count_sql(filter), filter.params())
    }

    /// The statement of [`Table::count`] (its values are the filter's).
    pub fn count_sql(&self, filter: &Filter) -> String {
        format!("SELECT count(*) FROM {} WHERE {}", self.from, filter.sql())
    }

    /// The rows `filter` admits in `order`, within `window`.
    pub fn rows(&self, tx: &Tx, filter: &Filter, order: &Order, window: Window) -> rusqlite::Result<Vec<T>> {
        if window.limit == 0 {
            return Ok(Vec::new());
        }
        let kept = self.kept.as_ref().filter(|_| window.limit <= KEPT_PAGE_AT_MOST);
        let window = [Value::Integer(window.limit), Value::Integer(window.offset)];
        let values = params_from_iter(filter.params().iter().chain(&window));
        match kept {
            Some(kept) => {
                let sql = self.select(kept.rowid, filter, order);
                let rowids = tx.prepare_cached(&sql)?.query_map(values, |r| r.get(0))?.collect::<rusqlite::Result<Vec<i64>>>()?;
                (kept.read)(self, tx, kept.rowid, &rowids)
            }
            None => tx.prepare_cached(&self.select(self.columns, filter, order))?.query_map(values, self.row)?.collect(),
        }
    }

    /// The statement of [`Table::rows`] for a page (of a table that keeps its rows, the row ids
    /// in the page's order); the window's limit and offset are its last two values.
    pub fn rows_sql(&self, filter: &Filter, order: &Order) -> String {
        self.select(self.kept.as_ref().map_or(self.columns, |kept| kept.rowid), filter, order)
    }

    fn select(&self, columns: &str, filter: &Filter, order: &Order) -> String {
        format!("SELECT {columns} FROM {} WHERE {} ORDER BY {} LIMIT ? OFFSET ?", self.from, filter.sql(), self.order_sql(order))
    }

    /// The query plans of the count and the rows that [`Table::page`] runs for `filter` and
    /// `order`, for the tests that prove a query shape is served by an index.
    pub fn plans(&self, conn: &rusqlite::Connection, filter: &Filter, order: &Order) -> rusqlite::Result<(Plan, Plan)> {
        let mut values = filter.params().to_vec();
        let count = Plan::of(conn, &self.count_sql(filter), &values)?;
        values.extend([Value::Integer(50), Value::Integer(0)]);
        Ok((count, Plan::of(conn, &self.rows_sql(filter, order), &values)?))
    }

    /// A page of the rows `filter` admits and how many it admits in all.
    pub fn page(&self, tx: &Tx, filter: &Filter, order: &Order, window: Window) -> rusqlite::Result<(Vec<T>, i64)> {
        let total = self.count(tx, filter)?;
        Ok((self.rows(tx, filter, order, window)?, total))
    }

    /// Row `id` if `filter` admits it.
    pub fn one(&self, tx: &Tx, mut filter: Filter, id: &K) -> rusqlite::Result<Option<T>> {
        filter.and_eq(self.id, id.value());
        if let Some(at) = self.at_rowid(&filter, id) {
            let found = tx.prepare_cached(&self.one_sql(&at))?.query_row(params_from_iter(at.params()), self.row).optional()?;
            if found.is_some() {
                return Ok(found);
            }
        }
        tx.prepare_cached(&self.one_sql(&filter))?.query_row(params_from_iter(filter.params()), self.row).optional()
    }

    /// The filter of [`Table::one`] (ending with the id's condition) narrowed to the row whose
    /// row id is the id, where the table looks there first (`Table::ids_as_rowids`).
    pub fn at_rowid(&self, filter: &Filter, id: &K) -> Option<Filter> {
        let (Some(rowid), Value::Integer(n)) = (self.rowid_of_id, id.value()) else { return None };
        let mut at = filter.clone();
        at.and_fragment(Fragment::new(format!("{rowid} = ?"), vec![Value::Integer(n)]));
        Some(at)
    }

    /// The statement of [`Table::one`], whose `filter` ends with the id's condition.
    pub fn one_sql(&self, filter: &Filter) -> String {
        format!("SELECT {} FROM {} WHERE {}", self.columns, self.from, filter.sql())
    }

    /// Row `id` of the tenant, whoever may reach it.
    pub fn by_id(&self, tx: &Tx, tenant: &TenantId, id: &K) -> rusqlite::Result<Option<T>> {
        self.one(tx, self.filter(tenant), id)
    }

    /// Whether row `id` exists in the tenant.
    pub fn exists(&self, tx: &Tx, tenant: &TenantId, id: &K) -> rusqlite::Result<bool> {
        Ok(tx
            .prepare_cached(&format!("SELECT 1 FROM {} WHERE tenant_id = ?1 AND id = ?2", self.name))?
            .query_row(params![tenant, id], |_| Ok(()))
            .optional()?
            .is_some())
    }

    /// Deletes row `id` after the table's cascade.
    pub fn delete(&self, tx: &Tx, tenant: &TenantId, id: &K) -> rusqlite::Result<()> {
        for sql in self.cascade {
            tx.prepare_cached(sql)?.execute(params![tenant, id])?;
        }
        tx.prepare_cached(&format!("DELETE FROM {} WHERE tenant_id = ?1 AND id = ?2", self.name))?
            .execute(params![tenant, id])?;
        Ok(())
    }
}

impl<T: Clone + Send + Sync + 'static, K: Key> Table<T, K> {
    /// Its pages keep their rows between reads until a commit (`core::sql::totals::rows`):
    /// `rowid` is the row id's expression (`"c.rowid"`), which the page's index entries hold. For
    /// a table of large rows that pages read at random, with rows cheap to clone (an `Arc`).
    pub const fn kept_rows(self, rowid: &'static str) -> Table<T, K> {
        Table { kept: Some(KeptRows { rowid, read: Self::kept_read }), ..self }
    }

    /// The rows of `rowids` (of the row id expression `rowid`), kept or read by row id.
    fn kept_read(&self, tx: &Tx, rowid: &str, rowids: &[i64]) -> rusqlite::Result<Vec<T>> {
        let mut one = tx.prepare_cached(&format!("SELECT {} FROM {} WHERE {rowid} = ?", self.columns, self.from))?;
        super::totals::rows((self.name, self.columns), rowids, |rowid| one.query_row([rowid], self.row))
    }
}

impl<T> Table<T, i64> {
    /// The next id of the table's sequence.
    pub fn next_id(&self, tx: &Tx, tenant: &TenantId) -> rusqlite::Result<i64> {
        sequence::next_id(tx, tenant, self.name)
    }
}

/// The type of a table's ids: integers (a per-tenant sequence) or strings.
pub trait Key: ToSql {
    fn value(&self) -> Value;
}

impl Key for i64 {
    fn value(&self) -> Value {
        Value::Integer(*self)
    }
}

impl Key for String {
    fn value(&self) -> Value {
        Value::Text(self.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::Connection;

    struct Person {
        id: String,
        name: String,
    }

    const PEOPLE: Table<Person, String> = Table::new("people", "people p", ["p.tenant_id", "p.id"], "p.id, p.name", |r| {
        Ok(Person { id: r.get(0)?, name: r.get(1)? })
    })
    .ordered(&[("p.name", SortDir::Asc), ("p.id", SortDir::Asc)]);

    fn people() -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE people (tenant_id TEXT, id TEXT, name TEXT);
             INSERT INTO people VALUES ('t', 'b7', 'Bea'), ('t', 'a1', 'Al'), ('t', 'c3', 'Cy'), ('u', 'z9', 'Zed');",
        )
        .unwrap();
        conn
    }

    const NUMBERED: Table<(String, i64, String)> =
        Table::new("numbered", "numbered n", ["n.tenant_id", "n.id"], "n.tenant_id, n.id, n.name", |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .ids_as_rowids("n.rowid");

    #[test]
    fn a_get_by_id_finds_rows_whose_row_id_is_not_their_id() {
        let mut conn = Connection::open_in_memory().unwrap();
        // Tenant t's rows 1 and 2 have their ids as row ids; u's 1 and 2 do not, and the row
        // with row id 3 is t's 3, while row id 4 belongs to u's row 1.
        conn.execute_batch(
            "CREATE TABLE numbered (tenant_id TEXT NOT NULL, id INTEGER NOT NULL, name TEXT, PRIMARY KEY (tenant_id, id));
             INSERT INTO numbered (rowid, tenant_id, id, name) VALUES (1, 't', 1, 'T1'), (2, 't', 2, 'T2'), (3, 't', 3, 'T3'),
                 (4, 'u', 1, 'U1'), (5, 'u', 2, 'U2'), (9, 'u', 7, 'U7');",
        )
        .unwrap();
        let tx = conn.transaction().unwrap();
        let (t, u) = (TenantId::from("t"), TenantId::from("u"));
        let name = |tenant: &TenantId, id: i64| NUMBERED.by_id(&tx, tenant, &id).unwrap().map(|(_, _, n)| n);
        assert_eq!(name(&t, 1).as_deref(), Some("T1"));
        assert_eq!(name(&u, 1).as_deref(), Some("U1"));
        assert_eq!(name(&u, 2).as_deref(), Some("U2"));
        assert_eq!(name(&u, 7).as_deref(), Some("U7"));
        assert_eq!(name(&t, 4), None);
        assert_eq!(name(&u, 3), None);
        // The look at the row id keeps the caller's conditions.
        let mut f = NUMBERED.filter(&t);
        f.and("n.name <> ?", [Value::Text("T2".into())]);
        assert!(NUMBERED.one(&tx, f, &2).unwrap().is_none());
        // Where the row id is the id, one search of the table finds it.
        let mut f = NUMBERED.filter(&t);
        f.and_eq(NUMBERED.id(), Value::Integer(1));
        let at = NUMBERED.at_rowid(&f, &1).unwrap();
        let plan = Plan::of(&tx, &NUMBERED.one_sql(&at), at.params()).unwrap();
        assert!(plan.to_string().contains("INTEGER PRIMARY KEY (rowid=?)"), "{plan}");
    }

    #[test]
    fn a_page_comes_with_the_exact_total_and_the_default_order() {
        let mut conn = people();
        let tx = conn.transaction().unwrap();
        let tenant = TenantId::from("t");
        let f = PEOPLE.filter(&tenant);
        let (rows, total) = PEOPLE.page(&tx, &f, &Order::default(), Window { offset: 1, limit: 1 }).unwrap();
        assert_eq!((rows.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), total), (vec!["Bea"], 3));
        let by_id = Order::by(PEOPLE.id(), SortDir::Desc);
        let ids: Vec<String> =
            PEOPLE.rows(&tx, &f, &by_id, Window { offset: 0, limit: 10 }).unwrap().into_iter().map(|p| p.id).collect();
        assert_eq!(ids, ["c3", "b7", "a1"]);
        assert!(PEOPLE.rows(&tx, &f, &by_id, Window { offset: 0, limit: 0 }).unwrap().is_empty());
    }

    #[test]
    fn reading_rows_again_reuses_the_compiled_statement() {
        // Without the planner's stability guarantee, SQLite plans `LIMIT ?` with the bound value
        // and recompiles the statement at every bind, which costs more than a point read.
        let mut conn = people();
        crate::core::db::configure(&conn).unwrap();
        let tx = conn.transaction().unwrap();
        let f = PEOPLE.filter(&TenantId::from("t"));
        for window in [Window { offset: 0, limit: 2 }, Window { offset: 1, limit: 2 }, Window { offset: 0, limit: i64::MAX }] {
            for _ in 0..3 {
                PEOPLE.rows(&tx, &f, &Order::default(), window).unwrap();
            }
            let stmt = tx.prepare_cached(&PEOPLE.rows_sql(&f, &Order::default())).unwrap();
            assert_eq!(stmt.get_status(rusqlite::StatementStatus::RePrepare), 0, "{window:?}");
        }
        let all = PEOPLE.rows(&tx, &f, &Order::default(), Window { offset: 1, limit: i64::MAX }).unwrap();
        assert_eq!(all.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), ["Bea", "Cy"]);
    }

    const KEPT: Table<std::sync::Arc<Person>, String> =
        Table::new("people", "people p", ["p.tenant_id", "p.id"], "p.id, p.name", |r| {
            Ok(std::sync::Arc::new(Person { id: r.get(0)?, name: r.get(1)? }))
        })
        .ordered(&[("p.name", SortDir::Asc), ("p.id", SortDir::Asc)])
        .kept_rows("p.rowid");

    /// A table that keeps its rows pages as one that does not: its statement reads the row ids,
    /// and a read of the same state takes the rows kept before it; a commit forgets them.
    #[test]
    fn a_table_that_keeps_its_rows_pages_alike_and_reads_them_once_a_state() {
        use crate::core::sql::totals::{Totals, reading};
        let mut conn = people();
        let totals = std::sync::Arc::new(Totals::default());
        let tenant = TenantId::from("t");
        let f = KEPT.filter(&tenant);
        let names = |conn: &mut Connection, window: Window| -> Vec<String> {
            reading(&totals, || {
                let tx = conn.transaction().unwrap();
                let (rows, total) = KEPT.page(&tx, &f, &Order::default(), window).unwrap();
                assert_eq!(total, 3);
                rows.iter().map(|p| p.name.clone()).collect()
            })
        };
        assert!(KEPT.rows_sql(&f, &Order::default()).starts_with("SELECT p.rowid FROM people p"));
        assert_eq!(names(&mut conn, Window { offset: 1, limit: 5 }), ["Bea", "Cy"]);
        // Changed behind the totals' back: the rows kept are what a page of this state answers,
        // and the one not kept yet is read.
        conn.execute_batch("UPDATE people SET name = lower(name)").unwrap();
        assert_eq!(names(&mut conn, Window { offset: 0, limit: 5 }), ["al", "Bea", "Cy"]);
        totals.committing(|| conn.execute_batch("UPDATE people SET name = name || '!'").unwrap());
        assert_eq!(names(&mut conn, Window { offset: 0, limit: 5 }), ["al!", "bea!", "cy!"]);
        // A page larger than any kept reads its rows in one statement, as a table that keeps none.
        assert_eq!(names(&mut conn, Window { offset: 0, limit: i64::MAX }), ["al!", "bea!", "cy!"]);
        let unkept = PEOPLE.rows(&conn.transaction().unwrap(), &f, &Order::default(), Window { offset: 0, limit: 2 }).unwrap();
        assert_eq!(unkept.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), ["al!", "bea!"]);
    }

    #[test]
    fn string_ids_are_read_checked_and_deleted_within_the_tenant() {
        let mut conn = people();
        let tx = conn.transaction().unwrap();
        let (t, u) = (TenantId::from("t"), TenantId::from("u"));
        assert_eq!(PEOPLE.by_id(&tx, &t, &"a1".to_owned()).unwrap().map(|p| p.name), Some("Al".to_owned()));
        assert!(PEOPLE.by_id(&tx, &u, &"a1".to_owned()).unwrap().is_none());
        let scoped = PEOPLE.scoped(&t, &Scope::new("p.name <> ?", [Value::Text("Al".into())]));
        assert!(PEOPLE.one(&tx, scoped, &"a1".to_owned()).unwrap().is_none());
        PEOPLE.delete(&tx, &u, &"a1".to_owned()).unwrap();
        assert!(PEOPLE.exists(&tx, &t, &"a1".to_owned()).unwrap());
        PEOPLE.delete(&tx, &t, &"a1".to_owned()).unwrap();
        assert!(!PEOPLE.exists(&tx, &t, &"a1".to_owned()).unwrap());
    }
}

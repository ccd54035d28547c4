//! What every LionDesk store shares: one table read through its alias (joins included), the
//! rows a caller reaches there (a `Scope`), and over them the find (count, order, page), the get
//! by id, and the removal with what hangs off a row. SQL text comes only from the stores'
//! constants; every value is bound.

use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Row, Transaction, params, params_from_iter};

use crate::core::TenantId;
use crate::core::ids::{claim_id, next_id};
use crate::core::sql::{Column, Filter};

use super::super::query::{Query, sql};

/// Which rows of a table a caller reaches: a store's condition, with one `?` per value.
#[derive(Debug, Clone)]
pub struct Scope {
    sql: &'static str,
    values: Vec<Value>,
}

impl Scope {
    pub(super) fn new(sql: &'static str, values: impl IntoIterator<Item = Value>) -> Scope {
        Scope { sql, values: values.into_iter().collect() }
    }

    /// The rows `sql` (a store constant with one `?`, such as `"h.user_id = ?"`) admits for `id`.
    pub(super) fn of(sql: &'static str, id: i64) -> Scope {
        Scope::new(sql, [Value::Integer(id)])
    }
}

/// A table as a store reads it.
#[derive(Debug)]
pub struct Table<T> {
    /// The table, which also names its id sequence.
    name: &'static str,
    /// The table with its alias, and any joins the columns need.
    from: &'static str,
    tenant: Column,
    id: Column,
    /// What `row` reads, in its order.
    columns: &'static str,
    /// The order without `$sort` (it ends with the id); `None`: by id.
    order: Option<&'static str>,
    /// Statements run before a row is deleted, each binding `?1` tenant and `?2` the row's id.
    cascade: &'static [&'static str],
    row: fn(&Row<'_>) -> rusqlite::Result<T>,
}

impl<T> Table<T> {
    /// `keys` are the aliased tenant and id columns (`["h.tenant_id", "h.id"]`).
    pub const fn new(
        name: &'static str,
        from: &'static str,
        keys: [&'static str; 2],
        columns: &'static str,
        row: fn(&Row<'_>) -> rusqlite::Result<T>,
    ) -> Table<T> {
        Table { name, from, tenant: Column::new(keys[0]), id: Column::new(keys[1]), columns, order: None, cascade: &[], row }
    }

    /// Ordered by `order` unless `$sort` says otherwise.
    pub const fn ordered(self, order: &'static str) -> Table<T> {
        Table { order: Some(order), ..self }
    }

    /// Runs `statements` before deleting a row.
    pub const fn cascading(self, statements: &'static [&'static str]) -> Table<T> {
        Table { cascade: statements, ..self }
    }

    /// The tenant's rows within `scope`, narrowed by `query`'s conditions when given.
    fn filter(&self, tenant: &TenantId, scope: &Scope, query: Option<&Query>) -> Filter {
        let mut f = Filter::for_tenant(self.tenant, tenant);
        f.and(scope.sql, scope.values.iter().cloned());
        if let Some(query) = query {
            f.and_fragment(sql::condition(query));
        }
        f
    }

    /// A page of the rows within `scope` matching `query`, ordered by its `$sort` (or the
    /// table's order) then the id, and how many match in all.
    pub fn find(&self, tx: &Transaction, tenant: &TenantId, scope: &Scope, query: &Query) -> rusqlite::Result<(Vec<T>, i64)> {
        let f = self.filter(tenant, scope, Some(query));
        let total: i64 = tx
            .prepare_cached(&format!("SELECT count(*) FROM {} WHERE {}", self.from, f.sql()))?
            .query_row(params_from_iter(f.params()), |r| r.get(0))?;
        if query.limit == 0 {
            return Ok((Vec::new(), total));
        }
        let order = match self.order {
            Some(order) if query.sort.is_empty() => order.to_owned(),
            _ => sql::order(query, self.id.as_str()),
        };
        let sql = format!("SELECT {} FROM {} WHERE {} ORDER BY {order} LIMIT ? OFFSET ?", self.columns, self.from, f.sql());
        let mut values = f.params().to_vec();
        values.extend([Value::Integer(query.limit), Value::Integer(query.skip)]);
        let rows = tx.prepare_cached(&sql)?.query_map(params_from_iter(values), self.row)?.collect::<Result<_, _>>()?;
        Ok((rows, total))
    }

    /// Row `id` if it is within `scope` (and matches `query`'s conditions, when given).
    pub fn get(
        &self,
        tx: &Transaction,
        tenant: &TenantId,
        scope: &Scope,
        id: i64,
        query: Option<&Query>,
    ) -> rusqlite::Result<Option<T>> {
        self.one(tx, self.filter(tenant, scope, query), id)
    }

    /// Row `id` of the tenant, whoever may reach it.
    pub fn by_id(&self, tx: &Transaction, tenant: &TenantId, id: i64) -> rusqlite::Result<Option<T>> {
        self.one(tx, Filter::for_tenant(self.tenant, tenant), id)
    }

    fn one(&self, tx: &Transaction, mut f: Filter, id: i64) -> rusqlite::Result<Option<T>> {
        f.and_eq(self.id, Value::Integer(id));
        tx.prepare_cached(&format!("SELECT {} FROM {} WHERE {}", self.columns, self.from, f.sql()))?
            .query_row(params_from_iter(f.params()), self.row)
            .optional()
    }

    /// Whether row `id` exists in the tenant.
    pub fn exists(&self, tx: &Transaction, tenant: &TenantId, id: i64) -> rusqlite::Result<bool> {
        Ok(tx
            .prepare_cached(&format!("SELECT 1 FROM {} WHERE tenant_id = ?1 AND id = ?2", self.name))?
            .query_row(params![tenant, id], |_| Ok(()))
            .optional()?
            .is_some())
    }

    /// Deletes row `id` after the table's cascade.
    pub fn delete(&self, tx: &Transaction, tenant: &TenantId, id: i64) -> rusqlite::Result<()> {
        for sql in self.cascade {
            tx.prepare_cached(sql)?.execute(params![tenant, id])?;
        }
        tx.prepare_cached(&format!("DELETE FROM {} WHERE tenant_id = ?1 AND id = ?2", self.name))?
            .execute(params![tenant, id])?;
        Ok(())
    }

    /// The next id of the table's sequence.
    pub fn next_id(&self, tx: &Transaction, tenant: &TenantId) -> rusqlite::Result<i64> {
        next_id(tx, tenant, self.name)
    }

    /// `id`, claimed so the sequence never hands it out, or the next one.
    pub fn next_or_claim(&self, tx: &Transaction, tenant: &TenantId, id: Option<i64>) -> rusqlite::Result<i64> {
        match id {
            Some(id) => claim_id(tx, tenant, self.name, id).map(|_| id),
            None => self.next_id(tx, tenant),
        }
    }
}

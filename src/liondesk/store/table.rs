//! What every LionDesk store shares: the core `Table` read through Feathers queries. A find is
//! the rows a caller reaches (a `Scope`) that match the query's conditions, in its `$sort` order
//! (or the table's own) then by id, as one page with the exact total; a get is one such row.

use crate::core::TenantId;
use crate::core::Tx;
use crate::core::paging::Window;
use crate::core::sql::{Filter, Order};
pub use crate::core::sql::{Scope, Table};

use super::super::query::{Query, sql};

/// Feathers' find and get over a table.
pub trait Feathers<T> {
    /// The condition and order of a find: the rows within `scope` matching `query`'s conditions,
    /// in its `$sort` order then by id (the plan tests read the statements they make).
    fn find_filter(&self, tenant: &TenantId, scope: &Scope, query: &Query) -> (Filter, Order);

    /// A page of the rows within `scope` matching `query`, and how many match in all.
    fn find(&self, tx: &Tx, tenant: &TenantId, scope: &Scope, query: &Query) -> rusqlite::Result<(Vec<T>, i64)>;

    /// Row `id` if it is within `scope` (and matches `query`'s conditions, when given).
    fn get(&self, tx: &Tx, tenant: &TenantId, scope: &Scope, id: i64, query: Option<&Query>) -> rusqlite::Result<Option<T>>;
}

impl<T> Feathers<T> for Table<T> {
    fn find_filter(&self, tenant: &TenantId, scope: &Scope, query: &Query) -> (Filter, Order) {
        let mut f = self.scoped(tenant, scope);
        f.and_fragment(sql::condition(query));
        (f, sql::order(query, self.id()))
    }

    fn find(&self, tx: &Tx, tenant: &TenantId, scope: &Scope, query: &Query) -> rusqlite::Result<(Vec<T>, i64)> {
        let (f, order) = self.find_filter(tenant, scope, query);
        self.page(tx, &f, &order, Window { offset: query.skip, limit: query.limit })
    }

    fn get(&self, tx: &Tx, tenant: &TenantId, scope: &Scope, id: i64, query: Option<&Query>) -> rusqlite::Result<Option<T>> {
        let mut f = self.scoped(tenant, scope);
        if let Some(query) = query {
            f.and_fragment(sql::condition(query));
        }
        self.one(tx, f, &id)
    }
}

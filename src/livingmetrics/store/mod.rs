//! LivingMetrics storage: SQL only, every function scoped to a tenant. Each list is a core
//! `Table` (its columns, row reader and default order); the filters module writes the
//! conditions and orders of the requests over them.

pub mod contacts;
pub mod insert;
#[cfg(test)]
mod plans;
pub mod records;
pub mod tasks;

use crate::core::TenantId;
use crate::core::Tx;
use crate::core::sql::{Fragment, Order, Table};

use super::filters::Paging;

/// One page of the tenant's rows of `table` that `condition` (if any) admits, in `order` (the
/// table's own when empty), and how many it admits in all.
fn page<T>(
    tx: &Tx,
    tenant: &TenantId,
    table: &Table<T>,
    condition: Option<Fragment>,
    order: &Order,
    paging: Paging,
) -> rusqlite::Result<(Vec<T>, i64)> {
    let mut filter = table.filter(tenant);
    if let Some(condition) = condition {
        filter.and_fragment(condition);
    }
    table.page(tx, &filter, order, paging.window())
}

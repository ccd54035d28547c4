//! Find Matching Contact: one page of the contacts a compiled search finds, in its order: their
//! row ids found by one statement of the field tables' SQL and bound values, then their rows,
//! kept until a commit (`core::sql::totals::rows`; a page of a large tenant reads them from
//! random places of the table).

use rusqlite::params_from_iter;
use rusqlite::types::Value;

use super::contacts::{ContactRow, FOUND_COLUMNS, FOUND_ROW, read_found_row};
use crate::core::TenantId;
use crate::core::Tx;
use crate::core::paging::Window;
use crate::core::sql::totals;
use crate::livevox::search::Compiled;

/// The statement of [`find`] and its values.
pub fn statement(tenant: &TenantId, search: &Compiled, window: Window) -> (String, Vec<Value>) {
    let sql = format!(
        "SELECT c.rowid FROM lv_contacts c WHERE c.tenant_id = ? AND ({}) ORDER BY {} LIMIT ? OFFSET ?",
        search.condition.sql(),
        search.order.sql()
    );
    let mut values = vec![Value::Text(tenant.as_str().to_owned())];
    values.extend(search.condition.params().iter().chain(search.order.params()).cloned());
    if let Some(at) = search.gathered {
        // After the tenant's value: the ids a search of one name gathers, up to the page's end.
        values[1 + at] = Value::Integer(window.offset.saturating_add(window.limit));
    }
    values.extend([Value::Integer(window.limit), Value::Integer(window.offset)]);
    (sql, values)
}

/// The tenant's contacts `search` finds, within `window`.
pub fn find(tx: &Tx, tenant: &TenantId, search: &Compiled, window: Window) -> rusqlite::Result<Vec<ContactRow>> {
    let (sql, values) = statement(tenant, search, window);
    // Criteria are bound, so a search repeated with other values reuses its statement.
    let rowids =
        tx.prepare_cached(&sql)?.query_map(params_from_iter(values), |r| r.get(0))?.collect::<rusqlite::Result<Vec<i64>>>()?;
    let mut one = tx.prepare_cached(FOUND_ROW)?;
    totals::rows(("lv_contacts", FOUND_COLUMNS), &rowids, |rowid| one.query_row([rowid], read_found_row))
}

//! Find Matching Contact: one page of the contacts a compiled search finds, in its order, read
//! in one statement of the field tables' SQL and bound values.

use rusqlite::types::Value;
use rusqlite::{Transaction, params_from_iter};

use super::contacts::{COLUMNS, ContactRow, read_row};
use crate::core::TenantId;
use crate::core::paging::Window;
use crate::livevox::search::Compiled;

/// The tenant's contacts `search` finds, within `window`.
pub fn find(tx: &Transaction, tenant: &TenantId, search: &Compiled, window: Window) -> rusqlite::Result<Vec<ContactRow>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM lv_contacts c WHERE c.tenant_id = ? AND ({}) ORDER BY {} LIMIT ? OFFSET ?",
        search.condition.sql(),
        search.order.sql()
    );
    let tenant = Value::Text(tenant.as_str().to_owned());
    let window = [Value::Integer(window.limit), Value::Integer(window.offset)];
    let values = std::iter::once(&tenant).chain(search.condition.params()).chain(search.order.params()).chain(&window);
    // Criteria are bound, so a search repeated with other values reuses its statement.
    let mut statement = tx.prepare_cached(&sql)?;
    statement.query_map(params_from_iter(values), read_row)?.collect()
}

//! Contact groups (`lv_groups`), listed by id.

use rusqlite::{Row, params};

use super::super::model::group::ContactGroup;
use crate::core::TenantId;
use crate::core::Tx;
use crate::core::sql::Table;

pub const TABLE: Table<ContactGroup> = Table::new(
    "lv_groups",
    "lv_groups g",
    ["g.tenant_id", "g.id"],
    "g.id, g.name, g.created_by, g.modified_by, g.created_at, g.modified_at",
    from_row,
);

fn from_row(r: &Row<'_>) -> rusqlite::Result<ContactGroup> {
    Ok(ContactGroup {
        id: r.get(0)?,
        name: r.get(1)?,
        created_by: r.get(2)?,
        modified_by: r.get(3)?,
        created_at: r.get(4)?,
        modified_at: r.get(5)?,
    })
}

/// Stores a new group.
pub fn insert(tx: &Tx, tenant: &TenantId, g: &ContactGroup) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO lv_groups (tenant_id, id, name, created_by, modified_by, created_at, modified_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![tenant, g.id, g.name, g.created_by, g.modified_by, g.created_at, g.modified_at])?;
    Ok(())
}

/// Renames group `id`; false when there is none.
pub fn rename(tx: &Tx, tenant: &TenantId, id: i64, name: &str, by: &str, at: i64) -> rusqlite::Result<bool> {
    Ok(tx
        .prepare_cached("UPDATE lv_groups SET name = ?3, modified_by = ?4, modified_at = ?5 WHERE tenant_id = ?1 AND id = ?2")?
        .execute(params![tenant, id, name, by, at])?
        > 0)
}

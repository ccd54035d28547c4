//! Hotnesses: each user's own (the broker's shared levels are not modelled). Without `$sort`
//! they come in the page's order, `user_id` then `rank`.

use rusqlite::{Row, params};

use crate::core::TenantId;
use crate::core::Tx;
use crate::core::sql::SortDir;

use super::super::model::lists::Hotness;
use super::table::{Scope, Table};

/// Deleting a hotness leaves the contacts that had it without one.
pub const TABLE: Table<Hotness> =
    Table::new("ld_hotnesses", "ld_hotnesses h", ["h.tenant_id", "h.id"], "h.id, h.user_id, h.name, h.rank, h.color", from_row)
        // The hotnesses page: "ordered by the user_id first, then by rank".
        .ordered(&[("h.user_id", SortDir::Asc), ("h.rank", SortDir::Asc), ("h.id", SortDir::Asc)])
        .cascading(&["UPDATE ld_contacts SET hotness_id = NULL WHERE tenant_id = ?1 AND hotness_id = ?2"]);

fn from_row(r: &Row<'_>) -> rusqlite::Result<Hotness> {
    Ok(Hotness { id: r.get(0)?, user_id: r.get(1)?, name: r.get(2)?, rank: r.get(3)?, color: r.get(4)? })
}

/// `user`'s hotnesses.
pub fn own(user: i64) -> Scope {
    Scope::of("h.user_id = ?", user)
}

/// Stores a new hotness.
pub fn insert(tx: &Tx, tenant: &TenantId, h: &Hotness) -> rusqlite::Result<()> {
    tx.prepare_cached("INSERT INTO ld_hotnesses (tenant_id, id, user_id, name, rank, color) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?
        .execute(params![tenant, h.id, h.user_id, h.name, h.rank, h.color])?;
    Ok(())
}

/// Writes what may change of a hotness.
pub fn update(tx: &Tx, tenant: &TenantId, h: &Hotness) -> rusqlite::Result<()> {
    tx.prepare_cached("UPDATE ld_hotnesses SET name = ?3, rank = ?4, color = ?5 WHERE tenant_id = ?1 AND id = ?2")?
        .execute(params![tenant, h.id, h.name, h.rank, h.color])?;
    Ok(())
}

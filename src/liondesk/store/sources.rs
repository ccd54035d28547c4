//! Contact sources: each user sees only the ones they created (the sources page).

use rusqlite::{Row, params};

use crate::core::TenantId;
use crate::core::Tx;

use super::super::model::lists::Source;
use super::table::{Scope, Table};

/// Deleting a source leaves the contacts that had it without one.
pub const TABLE: Table<Source> = Table::new(
    "ld_contact_sources",
    "ld_contact_sources s",
    ["s.tenant_id", "s.id"],
    "s.id, s.user_id, s.name, s.created_at",
    from_row,
)
.cascading(&["UPDATE ld_contacts SET source_id = NULL WHERE tenant_id = ?1 AND source_id = ?2"]);

fn from_row(r: &Row<'_>) -> rusqlite::Result<Source> {
    Ok(Source { id: r.get(0)?, user_id: r.get(1)?, name: r.get(2)?, created_at: r.get(3)? })
}

/// `user`'s sources.
pub fn own(user: i64) -> Scope {
    Scope::of("s.user_id = ?", user)
}

/// Stores a new contact source.
pub fn insert(tx: &Tx, tenant: &TenantId, s: &Source) -> rusqlite::Result<()> {
    tx.prepare_cached("INSERT INTO ld_contact_sources (tenant_id, id, user_id, name, created_at) VALUES (?1, ?2, ?3, ?4, ?5)")?
        .execute(params![tenant, s.id, s.user_id, s.name, s.created_at])?;
    Ok(())
}

/// Writes what may change of a contact source.
pub fn update(tx: &Tx, tenant: &TenantId, s: &Source) -> rusqlite::Result<()> {
    tx.prepare_cached("UPDATE ld_contact_sources SET name = ?3 WHERE tenant_id = ?1 AND id = ?2")?
        .execute(params![tenant, s.id, s.name])?;
    Ok(())
}

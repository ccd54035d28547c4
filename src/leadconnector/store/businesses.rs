//! Businesses of the location (`lc_businesses`), which contacts name by `businessId`.

use rusqlite::{OptionalExtension, params};

use crate::core::TenantId;
use crate::core::Tx;

/// Stores a business.
pub fn insert(tx: &Tx, tenant: &TenantId, id: &str, name: &str) -> rusqlite::Result<()> {
    tx.prepare_cached("INSERT INTO lc_businesses (tenant_id, id, name) VALUES (?1, ?2, ?3)")?
        .execute(params![tenant, id, name])?;
    Ok(())
}

/// Whether business `id` exists in the tenant.
pub fn exists(tx: &Tx, tenant: &TenantId, id: &str) -> rusqlite::Result<bool> {
    Ok(tx
        .prepare_cached("SELECT 1 FROM lc_businesses WHERE tenant_id = ?1 AND id = ?2")?
        .query_row(params![tenant, id], |_| Ok(()))
        .optional()?
        .is_some())
}

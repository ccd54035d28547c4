//! The tenant's location (`lc_locations`): its ids, its private integration token and the user
//! its OAuth tokens report.

use rusqlite::{OptionalExtension, Row, params};

use crate::core::TenantId;
use crate::core::Tx;

/// A tenant's location.
#[derive(Debug, Clone, PartialEq)]
pub struct Location {
    pub tenant: TenantId,
    pub location_id: String,
    pub company_id: String,
    pub access_token: String,
    pub user_id: String,
}

const COLUMNS: &str = "tenant_id, location_id, company_id, access_token, user_id";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Location> {
    Ok(Location {
        tenant: TenantId::from(r.get::<_, String>(0)?.as_str()),
        location_id: r.get(1)?,
        company_id: r.get(2)?,
        access_token: r.get(3)?,
        user_id: r.get(4)?,
    })
}

/// Stores the tenant's location.
pub fn insert(tx: &Tx, l: &Location) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO lc_locations (tenant_id, location_id, company_id, access_token, user_id) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![l.tenant, l.location_id, l.company_id, l.access_token, l.user_id])?;
    Ok(())
}

/// The location whose private integration token is `token`, whichever tenant it belongs to.
pub fn by_token(tx: &Tx, token: &str) -> rusqlite::Result<Option<Location>> {
    tx.prepare_cached(&format!("SELECT {COLUMNS} FROM lc_locations WHERE access_token = ?1"))?
        .query_row([token], from_row)
        .optional()
}

/// The tenant's location.
pub fn of_tenant(tx: &Tx, tenant: &TenantId) -> rusqlite::Result<Option<Location>> {
    tx.prepare_cached(&format!("SELECT {COLUMNS} FROM lc_locations WHERE tenant_id = ?1"))?
        .query_row([tenant], from_row)
        .optional()
}

/// Whether `location_id` or `token` is taken by any tenant.
pub fn taken(tx: &Tx, location_id: &str, token: &str) -> rusqlite::Result<bool> {
    Ok(tx
        .prepare_cached("SELECT 1 FROM lc_locations WHERE location_id = ?1 OR access_token = ?2")?
        .query_row(params![location_id, token], |_| Ok(()))
        .optional()?
        .is_some())
}

//! Appointments of contacts (`lc_appointments`), by start time.

use rusqlite::{Row, params};
use serde_json::{Map, Value};

use super::super::model::appointment::Appointment;
use super::contacts::data_text;
use crate::core::TenantId;
use crate::core::Tx;

fn from_row(r: &Row<'_>) -> rusqlite::Result<Appointment> {
    let data: String = r.get(2)?;
    let data = match serde_json::from_str(&data) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    };
    Ok(Appointment { id: r.get(0)?, contact_id: r.get(1)?, data })
}

/// The appointments of a contact, by start time.
pub fn of_contact(tx: &Tx, tenant: &TenantId, contact: &str) -> rusqlite::Result<Vec<Appointment>> {
    tx.prepare_cached(
        "SELECT id, contact_id, data FROM lc_appointments WHERE tenant_id = ?1 AND contact_id = ?2 ORDER BY start_time, id",
    )?
    .query_map(params![tenant, contact], from_row)?
    .collect()
}

/// Stores an appointment.
pub fn insert(tx: &Tx, tenant: &TenantId, a: &Appointment, start_time: &str) -> rusqlite::Result<()> {
    tx.prepare_cached("INSERT INTO lc_appointments (tenant_id, id, contact_id, start_time, data) VALUES (?1, ?2, ?3, ?4, ?5)")?
        .execute(params![tenant, a.id, a.contact_id, start_time, data_text(&a.data)?])?;
    Ok(())
}

/// Whether appointment `id` exists in the tenant.
pub fn exists(tx: &Tx, tenant: &TenantId, id: &str) -> rusqlite::Result<bool> {
    use rusqlite::OptionalExtension;
    Ok(tx
        .prepare_cached("SELECT 1 FROM lc_appointments WHERE tenant_id = ?1 AND id = ?2")?
        .query_row(params![tenant, id], |_| Ok(()))
        .optional()?
        .is_some())
}

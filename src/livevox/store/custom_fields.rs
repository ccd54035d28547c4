//! Custom field definitions (`lv_custom_fields`), by column number; list values are stored as
//! a JSON array.

use rusqlite::{OptionalExtension, Row, params};

use super::super::model::custom_field::CustomField;
use crate::core::TenantId;
use crate::core::Tx;

const COLUMNS: &str = "field, label, data_type, list_values";

fn from_row(r: &Row<'_>) -> rusqlite::Result<CustomField> {
    let list: Option<String> = r.get(3)?;
    Ok(CustomField {
        field: r.get(0)?,
        label: r.get(1)?,
        data_type: r.get(2)?,
        list_values: list.and_then(|text| serde_json::from_str(&text).ok()),
    })
}

/// Every defined field, by column number.
pub fn all(tx: &Tx, tenant: &TenantId) -> rusqlite::Result<Vec<CustomField>> {
    tx.prepare_cached(&format!("SELECT {COLUMNS} FROM lv_custom_fields WHERE tenant_id = ?1 ORDER BY field"))?
        .query_map([tenant], from_row)?
        .collect()
}

/// The definition of column `field`, if it has one.
pub fn one(tx: &Tx, tenant: &TenantId, field: u8) -> rusqlite::Result<Option<CustomField>> {
    tx.prepare_cached(&format!("SELECT {COLUMNS} FROM lv_custom_fields WHERE tenant_id = ?1 AND field = ?2"))?
        .query_row(params![tenant, field], from_row)
        .optional()
}

/// Writes a definition (new or changed).
pub fn put(tx: &Tx, tenant: &TenantId, f: &CustomField) -> rusqlite::Result<()> {
    let list = f.list_values.as_ref().map(|values| serde_json::Value::from(values.clone()).to_string());
    tx.prepare_cached(
        "INSERT INTO lv_custom_fields (tenant_id, field, label, data_type, list_values) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (tenant_id, field) DO UPDATE SET
           label = excluded.label, data_type = excluded.data_type, list_values = excluded.list_values",
    )?
    .execute(params![tenant, f.field, f.label, f.data_type, list])?;
    Ok(())
}

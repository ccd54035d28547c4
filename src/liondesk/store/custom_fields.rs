//! Custom fields: each user sees only their own (a broker's shared fields are not modelled).
//! Their values live on contacts (`ld_custom_field_values`, and each contact's document of
//! them: `ld_contacts.custom_values_doc`).

use rusqlite::{Row, params};

use crate::core::TenantId;
use crate::core::Tx;

use super::super::model::lists::CustomField;
use super::table::{Scope, Table};

/// Deleting a custom field deletes its values on every contact.
pub const TABLE: Table<CustomField> = Table::new(
    "ld_custom_fields",
    "ld_custom_fields cf",
    ["cf.tenant_id", "cf.id"],
    "cf.id, cf.user_id, cf.data_type, cf.name, cf.rank",
    from_row,
)
.cascading(&["DELETE FROM ld_custom_field_values WHERE tenant_id = ?1 AND custom_field_id = ?2"]);

fn from_row(r: &Row<'_>) -> rusqlite::Result<CustomField> {
    Ok(CustomField { id: r.get(0)?, user_id: r.get(1)?, data_type: r.get(2)?, name: r.get(3)?, rank: r.get(4)? })
}

/// `user`'s custom fields.
pub fn own(user: i64) -> Scope {
    Scope::of("cf.user_id = ?", user)
}

/// Stores a new custom field.
pub fn insert(tx: &Tx, tenant: &TenantId, f: &CustomField) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO ld_custom_fields (tenant_id, id, user_id, data_type, name, rank) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![tenant, f.id, f.user_id, f.data_type, f.name, f.rank])?;
    Ok(())
}

/// Writes what may change of a custom field.
pub fn update(tx: &Tx, tenant: &TenantId, f: &CustomField) -> rusqlite::Result<()> {
    tx.prepare_cached("UPDATE ld_custom_fields SET data_type = ?3, name = ?4, rank = ?5 WHERE tenant_id = ?1 AND id = ?2")?
        .execute(params![tenant, f.id, f.data_type, f.name, f.rank])?;
    Ok(())
}

/// `(id, data_type)` of `user`'s custom fields, in id order.
pub fn types_of(tx: &Tx, tenant: &TenantId, user: i64) -> rusqlite::Result<Vec<(i64, String)>> {
    tx.prepare_cached("SELECT id, data_type FROM ld_custom_fields WHERE tenant_id = ?1 AND user_id = ?2 ORDER BY id")?
        .query_map(params![tenant, user], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect()
}

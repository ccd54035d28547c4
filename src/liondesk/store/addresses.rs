//! A contact's addresses. Who may reach them is decided on the contact (`store::contacts`);
//! here every function is scoped to one contact.

use rusqlite::{Row, Transaction, params};

use crate::core::TenantId;

use super::super::lists::Address;
use super::table::{Scope, Table};

pub const TABLE: Table<Address> = Table::new(
    "ld_addresses",
    "ld_addresses a",
    ["a.tenant_id", "a.id"],
    "a.id, a.contact_id, a.type, a.street_address_1, a.street_address_2, a.zip, a.city, a.state, a.created_at, a.modified_at",
    from_row,
);

fn from_row(r: &Row<'_>) -> rusqlite::Result<Address> {
    Ok(Address {
        id: r.get(0)?,
        contact_id: r.get(1)?,
        kind: r.get(2)?,
        text: [r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?],
        created_at: r.get(8)?,
        modified_at: r.get(9)?,
    })
}

/// Contact `contact`'s addresses.
pub fn of_contact(contact: i64) -> Scope {
    Scope::of("a.contact_id = ?", contact)
}

pub fn insert(tx: &Transaction, tenant: &TenantId, a: &Address) -> rusqlite::Result<()> {
    let t = &a.text;
    tx.prepare_cached(
        "INSERT INTO ld_addresses (tenant_id, id, contact_id, type, street_address_1, street_address_2, zip, city, state,
             created_at, modified_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![tenant, a.id, a.contact_id, a.kind, t[0], t[1], t[2], t[3], t[4], a.created_at, a.modified_at])?;
    Ok(())
}

pub fn update(tx: &Transaction, tenant: &TenantId, a: &Address) -> rusqlite::Result<()> {
    let t = &a.text;
    tx.prepare_cached(
        "UPDATE ld_addresses SET type = ?3, street_address_1 = ?4, street_address_2 = ?5, zip = ?6, city = ?7, state = ?8,
             modified_at = ?9
         WHERE tenant_id = ?1 AND id = ?2",
    )?
    .execute(params![tenant, a.id, a.kind, t[0], t[1], t[2], t[3], t[4], a.modified_at])?;
    Ok(())
}

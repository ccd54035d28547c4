//! A contact's addresses. Who may reach them is decided on the contact (`store::contacts`);
//! here every function is scoped to one contact.

use rusqlite::{Row, params};

use crate::core::TenantId;
use crate::core::Tx;

use super::super::model::lists::Address;
use super::table::{Scope, Table};

/// Addresses; deleting one deletes it alone.
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
        street_address_1: r.get(3)?,
        street_address_2: r.get(4)?,
        zip: r.get(5)?,
        city: r.get(6)?,
        state: r.get(7)?,
        created_at: r.get(8)?,
        modified_at: r.get(9)?,
    })
}

/// Contact `contact`'s addresses.
pub fn of_contact(contact: i64) -> Scope {
    Scope::of("a.contact_id = ?", contact)
}

/// Runs `sql`, whose `?1`..`?11` are an address row's values in `ld_addresses`' column order.
fn write_row(tx: &Tx, sql: &'static str, tenant: &TenantId, a: &Address) -> rusqlite::Result<()> {
    tx.prepare_cached(sql)?.execute(params![
        tenant,
        a.id,
        a.contact_id,
        a.kind,
        a.street_address_1,
        a.street_address_2,
        a.zip,
        a.city,
        a.state,
        a.created_at,
        a.modified_at
    ])?;
    Ok(())
}

/// Stores a new address.
pub fn insert(tx: &Tx, tenant: &TenantId, a: &Address) -> rusqlite::Result<()> {
    write_row(
        tx,
        "INSERT INTO ld_addresses (tenant_id, id, contact_id, type, street_address_1, street_address_2, zip, city, state,
             created_at, modified_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        tenant,
        a,
    )
}

/// Writes what may change: the type, the lines, `modified_at`.
pub fn update(tx: &Tx, tenant: &TenantId, a: &Address) -> rusqlite::Result<()> {
    write_row(
        tx,
        "UPDATE ld_addresses SET type = ?4, street_address_1 = ?5, street_address_2 = ?6, zip = ?7, city = ?8, state = ?9,
             modified_at = ?11
         WHERE tenant_id = ?1 AND id = ?2 AND contact_id = ?3",
        tenant,
        a,
    )
}

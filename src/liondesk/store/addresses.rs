//! A contact's addresses. Who may reach them is decided on the contact (`store::contacts`);
//! here every function is scoped to one contact.

use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Row, Transaction, params, params_from_iter};

use crate::core::TenantId;
use crate::core::sql::{Column, Filter};

use super::super::lists::Address;
use super::super::query::{Query, fields::ADDRESSES, sql};

const COLUMNS: &str =
    "a.id, a.contact_id, a.type, a.street_address_1, a.street_address_2, a.zip, a.city, a.state, a.created_at, a.modified_at";

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

/// Contact `contact`'s addresses, narrowed by `query`'s conditions.
fn of_contact(tenant: &TenantId, contact: i64, query: Option<&Query>) -> Filter {
    let mut f = Filter::for_tenant(Column::new("a.tenant_id"), tenant);
    f.and_eq(Column::new("a.contact_id"), Value::Integer(contact));
    if let Some(query) = query {
        f.and_fragment(sql::condition(query));
    }
    f
}

/// A page of the contact's addresses matching `query`, and how many match in all.
pub fn find(tx: &Transaction, tenant: &TenantId, contact: i64, query: &Query) -> rusqlite::Result<(Vec<Address>, i64)> {
    let f = of_contact(tenant, contact, Some(query));
    let total: i64 = tx
        .prepare_cached(&format!("SELECT count(*) FROM ld_addresses a WHERE {}", f.sql()))?
        .query_row(params_from_iter(f.params()), |r| r.get(0))?;
    if query.limit == 0 {
        return Ok((Vec::new(), total));
    }
    let sql = format!(
        "SELECT {COLUMNS} FROM ld_addresses a WHERE {} ORDER BY {} LIMIT ? OFFSET ?",
        f.sql(),
        sql::order(query, ADDRESSES.id().column.as_str())
    );
    let mut values = f.params().to_vec();
    values.extend([Value::Integer(query.limit), Value::Integer(query.skip)]);
    let rows = tx.prepare_cached(&sql)?.query_map(params_from_iter(values), from_row)?.collect::<Result<_, _>>()?;
    Ok((rows, total))
}

/// Address `id` of the contact (matching `query`'s conditions, when given).
pub fn get(
    tx: &Transaction,
    tenant: &TenantId,
    contact: i64,
    id: i64,
    query: Option<&Query>,
) -> rusqlite::Result<Option<Address>> {
    let mut f = of_contact(tenant, contact, query);
    f.and_eq(Column::new("a.id"), Value::Integer(id));
    tx.prepare_cached(&format!("SELECT {COLUMNS} FROM ld_addresses a WHERE {}", f.sql()))?
        .query_row(params_from_iter(f.params()), from_row)
        .optional()
}

/// Whether address `id` exists in the tenant, on whichever contact.
pub fn exists(tx: &Transaction, tenant: &TenantId, id: i64) -> rusqlite::Result<bool> {
    Ok(tx
        .prepare_cached("SELECT 1 FROM ld_addresses WHERE tenant_id = ?1 AND id = ?2")?
        .query_row(params![tenant, id], |_| Ok(()))
        .optional()?
        .is_some())
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

pub fn delete(tx: &Transaction, tenant: &TenantId, id: i64) -> rusqlite::Result<()> {
    tx.prepare_cached("DELETE FROM ld_addresses WHERE tenant_id = ?1 AND id = ?2")?.execute(params![tenant, id])?;
    Ok(())
}

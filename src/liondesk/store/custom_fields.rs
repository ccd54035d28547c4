//! Custom fields: each user sees only their own (a broker's shared fields are not modelled).
//! Their values live on contacts (`ld_custom_field_values`).

use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Row, Transaction, params, params_from_iter};

use crate::core::TenantId;
use crate::core::sql::{Column, Filter};

use super::super::lists::CustomField;
use super::super::query::{Query, fields::CUSTOM_FIELDS, sql};

const COLUMNS: &str = "cf.id, cf.user_id, cf.data_type, cf.name, cf.rank";

fn from_row(r: &Row<'_>) -> rusqlite::Result<CustomField> {
    Ok(CustomField { id: r.get(0)?, user_id: r.get(1)?, data_type: r.get(2)?, name: r.get(3)?, rank: r.get(4)? })
}

/// `user`'s custom fields, narrowed by `query`'s conditions.
fn own(tenant: &TenantId, user: i64, query: Option<&Query>) -> Filter {
    let mut f = Filter::for_tenant(Column::new("cf.tenant_id"), tenant);
    f.and_eq(Column::new("cf.user_id"), Value::Integer(user));
    if let Some(query) = query {
        f.and_fragment(sql::condition(query));
    }
    f
}

/// A page of `user`'s custom fields matching `query`, and how many match in all.
pub fn find(tx: &Transaction, tenant: &TenantId, user: i64, query: &Query) -> rusqlite::Result<(Vec<CustomField>, i64)> {
    let f = own(tenant, user, Some(query));
    let total: i64 = tx
        .prepare_cached(&format!("SELECT count(*) FROM ld_custom_fields cf WHERE {}", f.sql()))?
        .query_row(params_from_iter(f.params()), |r| r.get(0))?;
    if query.limit == 0 {
        return Ok((Vec::new(), total));
    }
    let sql = format!(
        "SELECT {COLUMNS} FROM ld_custom_fields cf WHERE {} ORDER BY {} LIMIT ? OFFSET ?",
        f.sql(),
        sql::order(query, CUSTOM_FIELDS.id().column.as_str())
    );
    let mut values = f.params().to_vec();
    values.extend([Value::Integer(query.limit), Value::Integer(query.skip)]);
    let rows = tx.prepare_cached(&sql)?.query_map(params_from_iter(values), from_row)?.collect::<Result<_, _>>()?;
    Ok((rows, total))
}

/// Custom field `id` if it is `user`'s (and matches `query`'s conditions, when given).
pub fn get(
    tx: &Transaction,
    tenant: &TenantId,
    user: i64,
    id: i64,
    query: Option<&Query>,
) -> rusqlite::Result<Option<CustomField>> {
    let mut f = own(tenant, user, query);
    f.and_eq(Column::new("cf.id"), Value::Integer(id));
    tx.prepare_cached(&format!("SELECT {COLUMNS} FROM ld_custom_fields cf WHERE {}", f.sql()))?
        .query_row(params_from_iter(f.params()), from_row)
        .optional()
}

/// Whether custom field `id` exists in the tenant, whoever owns it.
pub fn exists(tx: &Transaction, tenant: &TenantId, id: i64) -> rusqlite::Result<bool> {
    Ok(tx
        .prepare_cached("SELECT 1 FROM ld_custom_fields WHERE tenant_id = ?1 AND id = ?2")?
        .query_row(params![tenant, id], |_| Ok(()))
        .optional()?
        .is_some())
}

pub fn insert(tx: &Transaction, tenant: &TenantId, f: &CustomField) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO ld_custom_fields (tenant_id, id, user_id, data_type, name, rank) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![tenant, f.id, f.user_id, f.data_type, f.name, f.rank])?;
    Ok(())
}

pub fn update(tx: &Transaction, tenant: &TenantId, f: &CustomField) -> rusqlite::Result<()> {
    tx.prepare_cached("UPDATE ld_custom_fields SET data_type = ?3, name = ?4, rank = ?5 WHERE tenant_id = ?1 AND id = ?2")?
        .execute(params![tenant, f.id, f.data_type, f.name, f.rank])?;
    Ok(())
}

/// Deletes custom field `id` with its values on every contact.
pub fn delete(tx: &Transaction, tenant: &TenantId, id: i64) -> rusqlite::Result<()> {
    for sql in [
        "DELETE FROM ld_custom_field_values WHERE tenant_id = ?1 AND custom_field_id = ?2",
        "DELETE FROM ld_custom_fields WHERE tenant_id = ?1 AND id = ?2",
    ] {
        tx.prepare_cached(sql)?.execute(params![tenant, id])?;
    }
    Ok(())
}

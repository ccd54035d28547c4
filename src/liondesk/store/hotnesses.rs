//! Hotnesses: each user's own (the broker's shared levels are not modelled). Without `$sort`
//! they come in the page's order, `user_id` then `rank`.

use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Row, Transaction, params, params_from_iter};

use crate::core::TenantId;
use crate::core::sql::{Column, Filter};

use super::super::lists::Hotness;
use super::super::query::{Query, fields::HOTNESSES, sql};

const COLUMNS: &str = "h.id, h.user_id, h.name, h.rank, h.color";

/// The hotnesses page: "ordered by the user_id first, then by rank".
const DEFAULT_ORDER: &str = "h.user_id ASC, h.rank ASC, h.id ASC";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Hotness> {
    Ok(Hotness { id: r.get(0)?, user_id: r.get(1)?, name: r.get(2)?, rank: r.get(3)?, color: r.get(4)? })
}

/// `user`'s hotnesses, narrowed by `query`'s conditions.
fn own(tenant: &TenantId, user: i64, query: Option<&Query>) -> Filter {
    let mut f = Filter::for_tenant(Column::new("h.tenant_id"), tenant);
    f.and_eq(Column::new("h.user_id"), Value::Integer(user));
    if let Some(query) = query {
        f.and_fragment(sql::condition(query));
    }
    f
}

/// A page of `user`'s hotnesses matching `query`, and how many match in all.
pub fn find(tx: &Transaction, tenant: &TenantId, user: i64, query: &Query) -> rusqlite::Result<(Vec<Hotness>, i64)> {
    let f = own(tenant, user, Some(query));
    let total: i64 = tx
        .prepare_cached(&format!("SELECT count(*) FROM ld_hotnesses h WHERE {}", f.sql()))?
        .query_row(params_from_iter(f.params()), |r| r.get(0))?;
    if query.limit == 0 {
        return Ok((Vec::new(), total));
    }
    let order = if query.sort.is_empty() { DEFAULT_ORDER.to_owned() } else { sql::order(query, HOTNESSES.id().column.as_str()) };
    let sql = format!("SELECT {COLUMNS} FROM ld_hotnesses h WHERE {} ORDER BY {order} LIMIT ? OFFSET ?", f.sql());
    let mut values = f.params().to_vec();
    values.extend([Value::Integer(query.limit), Value::Integer(query.skip)]);
    let rows = tx.prepare_cached(&sql)?.query_map(params_from_iter(values), from_row)?.collect::<Result<_, _>>()?;
    Ok((rows, total))
}

/// Hotness `id` if it is `user`'s (and matches `query`'s conditions, when given).
pub fn get(tx: &Transaction, tenant: &TenantId, user: i64, id: i64, query: Option<&Query>) -> rusqlite::Result<Option<Hotness>> {
    let mut f = own(tenant, user, query);
    f.and_eq(Column::new("h.id"), Value::Integer(id));
    tx.prepare_cached(&format!("SELECT {COLUMNS} FROM ld_hotnesses h WHERE {}", f.sql()))?
        .query_row(params_from_iter(f.params()), from_row)
        .optional()
}

/// Whether hotness `id` exists in the tenant, whoever owns it.
pub fn exists(tx: &Transaction, tenant: &TenantId, id: i64) -> rusqlite::Result<bool> {
    Ok(tx
        .prepare_cached("SELECT 1 FROM ld_hotnesses WHERE tenant_id = ?1 AND id = ?2")?
        .query_row(params![tenant, id], |_| Ok(()))
        .optional()?
        .is_some())
}

pub fn insert(tx: &Transaction, tenant: &TenantId, h: &Hotness) -> rusqlite::Result<()> {
    tx.prepare_cached("INSERT INTO ld_hotnesses (tenant_id, id, user_id, name, rank, color) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?
        .execute(params![tenant, h.id, h.user_id, h.name, h.rank, h.color])?;
    Ok(())
}

pub fn update(tx: &Transaction, tenant: &TenantId, h: &Hotness) -> rusqlite::Result<()> {
    tx.prepare_cached("UPDATE ld_hotnesses SET name = ?3, rank = ?4, color = ?5 WHERE tenant_id = ?1 AND id = ?2")?
        .execute(params![tenant, h.id, h.name, h.rank, h.color])?;
    Ok(())
}

/// Deletes hotness `id`; contacts that had it are left without a hotness.
pub fn delete(tx: &Transaction, tenant: &TenantId, id: i64) -> rusqlite::Result<()> {
    for sql in [
        "UPDATE ld_contacts SET hotness_id = NULL WHERE tenant_id = ?1 AND hotness_id = ?2",
        "DELETE FROM ld_hotnesses WHERE tenant_id = ?1 AND id = ?2",
    ] {
        tx.prepare_cached(sql)?.execute(params![tenant, id])?;
    }
    Ok(())
}

//! Contact sources: each user sees only the ones they created (the sources page).

use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Row, Transaction, params, params_from_iter};

use crate::core::TenantId;
use crate::core::sql::{Column, Filter};

use super::super::lists::Source;
use super::super::query::{Query, fields::CONTACT_SOURCES, sql};

const COLUMNS: &str = "s.id, s.user_id, s.name, s.created_at";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Source> {
    Ok(Source { id: r.get(0)?, user_id: r.get(1)?, name: r.get(2)?, created_at: r.get(3)? })
}

/// `user`'s sources, narrowed by `query`'s conditions.
fn own(tenant: &TenantId, user: i64, query: Option<&Query>) -> Filter {
    let mut f = Filter::for_tenant(Column::new("s.tenant_id"), tenant);
    f.and_eq(Column::new("s.user_id"), Value::Integer(user));
    if let Some(query) = query {
        f.and_fragment(sql::condition(query));
    }
    f
}

/// A page of `user`'s sources matching `query`, and how many match in all.
pub fn find(tx: &Transaction, tenant: &TenantId, user: i64, query: &Query) -> rusqlite::Result<(Vec<Source>, i64)> {
    let f = own(tenant, user, Some(query));
    let total: i64 = tx
        .prepare_cached(&format!("SELECT count(*) FROM ld_contact_sources s WHERE {}", f.sql()))?
        .query_row(params_from_iter(f.params()), |r| r.get(0))?;
    if query.limit == 0 {
        return Ok((Vec::new(), total));
    }
    let sql = format!(
        "SELECT {COLUMNS} FROM ld_contact_sources s WHERE {} ORDER BY {} LIMIT ? OFFSET ?",
        f.sql(),
        sql::order(query, CONTACT_SOURCES.id().column.as_str())
    );
    let mut values = f.params().to_vec();
    values.extend([Value::Integer(query.limit), Value::Integer(query.skip)]);
    let rows = tx.prepare_cached(&sql)?.query_map(params_from_iter(values), from_row)?.collect::<Result<_, _>>()?;
    Ok((rows, total))
}

/// Source `id` if it is `user`'s (and matches `query`'s conditions, when given).
pub fn get(tx: &Transaction, tenant: &TenantId, user: i64, id: i64, query: Option<&Query>) -> rusqlite::Result<Option<Source>> {
    let mut f = own(tenant, user, query);
    f.and_eq(Column::new("s.id"), Value::Integer(id));
    tx.prepare_cached(&format!("SELECT {COLUMNS} FROM ld_contact_sources s WHERE {}", f.sql()))?
        .query_row(params_from_iter(f.params()), from_row)
        .optional()
}

/// Whether source `id` exists in the tenant, whoever owns it.
pub fn exists(tx: &Transaction, tenant: &TenantId, id: i64) -> rusqlite::Result<bool> {
    Ok(tx
        .prepare_cached("SELECT 1 FROM ld_contact_sources WHERE tenant_id = ?1 AND id = ?2")?
        .query_row(params![tenant, id], |_| Ok(()))
        .optional()?
        .is_some())
}

pub fn insert(tx: &Transaction, tenant: &TenantId, s: &Source) -> rusqlite::Result<()> {
    tx.prepare_cached("INSERT INTO ld_contact_sources (tenant_id, id, user_id, name, created_at) VALUES (?1, ?2, ?3, ?4, ?5)")?
        .execute(params![tenant, s.id, s.user_id, s.name, s.created_at])?;
    Ok(())
}

pub fn update(tx: &Transaction, tenant: &TenantId, s: &Source) -> rusqlite::Result<()> {
    tx.prepare_cached("UPDATE ld_contact_sources SET name = ?3 WHERE tenant_id = ?1 AND id = ?2")?
        .execute(params![tenant, s.id, s.name])?;
    Ok(())
}

/// Deletes source `id`; contacts that had it are left without a source.
pub fn delete(tx: &Transaction, tenant: &TenantId, id: i64) -> rusqlite::Result<()> {
    for sql in [
        "UPDATE ld_contacts SET source_id = NULL WHERE tenant_id = ?1 AND source_id = ?2",
        "DELETE FROM ld_contact_sources WHERE tenant_id = ?1 AND id = ?2",
    ] {
        tx.prepare_cached(sql)?.execute(params![tenant, id])?;
    }
    Ok(())
}

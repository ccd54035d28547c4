//! Tags: each user sees only their own. A contact's tags are a text field of its own
//! (`ld_contacts.tags`), which renaming a tag rewrites.

use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Row, Transaction, params, params_from_iter};

use crate::core::TenantId;
use crate::core::sql::{Column, Filter};

use super::super::lists::Tag;
use super::super::query::{Query, fields::TAGS, sql};

const COLUMNS: &str = "t.id, t.user_id, t.content";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Tag> {
    Ok(Tag { id: r.get(0)?, user_id: r.get(1)?, content: r.get(2)? })
}

/// `user`'s tags, narrowed by `query`'s conditions.
fn own(tenant: &TenantId, user: i64, query: Option<&Query>) -> Filter {
    let mut f = Filter::for_tenant(Column::new("t.tenant_id"), tenant);
    f.and_eq(Column::new("t.user_id"), Value::Integer(user));
    if let Some(query) = query {
        f.and_fragment(sql::condition(query));
    }
    f
}

/// A page of `user`'s tags matching `query`, and how many match in all.
pub fn find(tx: &Transaction, tenant: &TenantId, user: i64, query: &Query) -> rusqlite::Result<(Vec<Tag>, i64)> {
    let f = own(tenant, user, Some(query));
    let total: i64 = tx
        .prepare_cached(&format!("SELECT count(*) FROM ld_tags t WHERE {}", f.sql()))?
        .query_row(params_from_iter(f.params()), |r| r.get(0))?;
    if query.limit == 0 {
        return Ok((Vec::new(), total));
    }
    let sql = format!(
        "SELECT {COLUMNS} FROM ld_tags t WHERE {} ORDER BY {} LIMIT ? OFFSET ?",
        f.sql(),
        sql::order(query, TAGS.id().column.as_str())
    );
    let mut values = f.params().to_vec();
    values.extend([Value::Integer(query.limit), Value::Integer(query.skip)]);
    let rows = tx.prepare_cached(&sql)?.query_map(params_from_iter(values), from_row)?.collect::<Result<_, _>>()?;
    Ok((rows, total))
}

/// Tag `id` if it is `user`'s (and matches `query`'s conditions, when given).
pub fn get(tx: &Transaction, tenant: &TenantId, user: i64, id: i64, query: Option<&Query>) -> rusqlite::Result<Option<Tag>> {
    let mut f = own(tenant, user, query);
    f.and_eq(Column::new("t.id"), Value::Integer(id));
    tx.prepare_cached(&format!("SELECT {COLUMNS} FROM ld_tags t WHERE {}", f.sql()))?
        .query_row(params_from_iter(f.params()), from_row)
        .optional()
}

/// Whether tag `id` exists in the tenant, whoever owns it.
pub fn exists(tx: &Transaction, tenant: &TenantId, id: i64) -> rusqlite::Result<bool> {
    Ok(tx
        .prepare_cached("SELECT 1 FROM ld_tags WHERE tenant_id = ?1 AND id = ?2")?
        .query_row(params![tenant, id], |_| Ok(()))
        .optional()?
        .is_some())
}

pub fn insert(tx: &Transaction, tenant: &TenantId, t: &Tag) -> rusqlite::Result<()> {
    tx.prepare_cached("INSERT INTO ld_tags (tenant_id, id, user_id, content) VALUES (?1, ?2, ?3, ?4)")?
        .execute(params![tenant, t.id, t.user_id, t.content])?;
    Ok(())
}

pub fn update(tx: &Transaction, tenant: &TenantId, t: &Tag) -> rusqlite::Result<()> {
    tx.prepare_cached("UPDATE ld_tags SET content = ?3 WHERE tenant_id = ?1 AND id = ?2")?
        .execute(params![tenant, t.id, t.content])?;
    Ok(())
}

pub fn delete(tx: &Transaction, tenant: &TenantId, id: i64) -> rusqlite::Result<()> {
    tx.prepare_cached("DELETE FROM ld_tags WHERE tenant_id = ?1 AND id = ?2")?.execute(params![tenant, id])?;
    Ok(())
}

/// `(id, tags)` of `owner`'s contacts whose tags contain `text` (ignoring ASCII case), in id order.
pub fn contacts_tagged(tx: &Transaction, tenant: &TenantId, owner: i64, text: &str) -> rusqlite::Result<Vec<(i64, String)>> {
    tx.prepare_cached(
        "SELECT id, tags FROM ld_contacts
         WHERE tenant_id = ?1 AND owner_user_id = ?2 AND tags IS NOT NULL AND instr(lower(tags), lower(?3)) > 0 ORDER BY id",
    )?
    .query_map(params![tenant, owner, text], |r| Ok((r.get(0)?, r.get(1)?)))?
    .collect()
}

/// Sets a contact's `tags` (and `modified_at`).
pub fn set_contact_tags(tx: &Transaction, tenant: &TenantId, contact: i64, tags: &str, now: &str) -> rusqlite::Result<()> {
    tx.prepare_cached("UPDATE ld_contacts SET tags = ?3, modified_at = ?4 WHERE tenant_id = ?1 AND id = ?2")?
        .execute(params![tenant, contact, tags, now])?;
    Ok(())
}

//! Tags: each user sees only their own. A contact's tags are a text field of its own
//! (`ld_contacts.tags`), which renaming a tag rewrites.

use rusqlite::{Row, params};

use crate::core::TenantId;
use crate::core::Tx;

use super::super::model::lists::Tag;
use super::table::{Scope, Table};

/// Deleting a tag leaves the `tags` text of contacts as it is.
pub const TABLE: Table<Tag> = Table::new("ld_tags", "ld_tags t", ["t.tenant_id", "t.id"], "t.id, t.user_id, t.content", from_row);

fn from_row(r: &Row<'_>) -> rusqlite::Result<Tag> {
    Ok(Tag { id: r.get(0)?, user_id: r.get(1)?, content: r.get(2)? })
}

/// `user`'s tags.
pub fn own(user: i64) -> Scope {
    Scope::of("t.user_id = ?", user)
}

/// Stores a new tag.
pub fn insert(tx: &Tx, tenant: &TenantId, t: &Tag) -> rusqlite::Result<()> {
    tx.prepare_cached("INSERT INTO ld_tags (tenant_id, id, user_id, content) VALUES (?1, ?2, ?3, ?4)")?
        .execute(params![tenant, t.id, t.user_id, t.content])?;
    Ok(())
}

/// Writes what may change of a tag.
pub fn update(tx: &Tx, tenant: &TenantId, t: &Tag) -> rusqlite::Result<()> {
    tx.prepare_cached("UPDATE ld_tags SET content = ?3 WHERE tenant_id = ?1 AND id = ?2")?
        .execute(params![tenant, t.id, t.content])?;
    Ok(())
}

/// `(id, tags)` of `owner`'s contacts whose tags contain `text` (ignoring ASCII case), in id order.
pub fn contacts_tagged(tx: &Tx, tenant: &TenantId, owner: i64, text: &str) -> rusqlite::Result<Vec<(i64, String)>> {
    tx.prepare_cached(
        "SELECT id, tags FROM ld_contacts
         WHERE tenant_id = ?1 AND owner_user_id = ?2 AND tags IS NOT NULL AND instr(lower(tags), lower(?3)) > 0 ORDER BY id",
    )?
    .query_map(params![tenant, owner, text], |r| Ok((r.get(0)?, r.get(1)?)))?
    .collect()
}

/// Sets a contact's `tags` (and `modified_at`).
pub fn set_contact_tags(tx: &Tx, tenant: &TenantId, contact: i64, tags: &str, now: &str) -> rusqlite::Result<()> {
    tx.prepare_cached("UPDATE ld_contacts SET tags = ?3, modified_at = ?4 WHERE tenant_id = ?1 AND id = ?2")?
        .execute(params![tenant, contact, tags, now])?;
    Ok(())
}

//! Notes of contacts (`lc_notes`), newest first.

use rusqlite::types::Value as SqlValue;
use rusqlite::{Row, params};

use super::super::model::note::Note;
use crate::core::TenantId;
use crate::core::Tx;
use crate::core::paging::Window;
use crate::core::sql::{Filter, Order, SortDir, Table};

fn from_row(r: &Row<'_>) -> rusqlite::Result<Note> {
    Ok(Note {
        id: r.get(0)?,
        contact_id: r.get(1)?,
        body: r.get(2)?,
        user_id: r.get(3)?,
        title: r.get(4)?,
        color: r.get(5)?,
        pinned: r.get(6)?,
        date_added: r.get(7)?,
    })
}

pub const TABLE: Table<Note, String> = Table::new(
    "lc_notes",
    "lc_notes n",
    ["n.tenant_id", "n.id"],
    "n.id, n.contact_id, n.body, n.user_id, n.title, n.color, n.pinned, n.date_added",
    from_row,
)
.ordered(&[("n.date_added", SortDir::Desc), ("n.rowid", SortDir::Desc)]);

/// The notes of a contact (the condition every read of them starts from).
pub fn of(tenant: &TenantId, contact: &str) -> Filter {
    let mut f = TABLE.filter(tenant);
    f.and("n.contact_id = ?", [SqlValue::Text(contact.to_owned())]);
    f
}

/// The notes of a contact, newest first.
pub fn of_contact(tx: &Tx, tenant: &TenantId, contact: &str) -> rusqlite::Result<Vec<Note>> {
    let f = of(tenant, contact);
    TABLE.rows(tx, &f, &Order::default(), Window { offset: 0, limit: i64::MAX })
}

/// Note `id` of a contact.
pub fn one(tx: &Tx, tenant: &TenantId, contact: &str, id: &str) -> rusqlite::Result<Option<Note>> {
    let f = of(tenant, contact);
    TABLE.one(tx, f, &id.to_owned())
}

/// Stores a new note.
pub fn insert(tx: &Tx, tenant: &TenantId, n: &Note) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO lc_notes (tenant_id, id, contact_id, body, user_id, title, color, pinned, date_added)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![tenant, n.id, n.contact_id, n.body, n.user_id, n.title, n.color, n.pinned, n.date_added])?;
    Ok(())
}

/// Stores a changed note.
pub fn update(tx: &Tx, tenant: &TenantId, n: &Note) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "UPDATE lc_notes SET body = ?3, user_id = ?4, title = ?5, color = ?6, pinned = ?7 WHERE tenant_id = ?1 AND id = ?2",
    )?
    .execute(params![tenant, n.id, n.body, n.user_id, n.title, n.color, n.pinned])?;
    Ok(())
}

/// Deletes note `id`.
pub fn delete(tx: &Tx, tenant: &TenantId, id: &str) -> rusqlite::Result<()> {
    TABLE.delete(tx, tenant, &id.to_owned())
}

/// Whether note `id` exists in the tenant (any contact's).
pub fn exists(tx: &Tx, tenant: &TenantId, id: &str) -> rusqlite::Result<bool> {
    TABLE.exists(tx, tenant, &id.to_owned())
}

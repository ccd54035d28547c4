//! Contact notes (`lv_notes`), newest first.

use std::sync::LazyLock;

use rusqlite::{OptionalExtension, Row, params};

use super::super::model::note::ContactNote;
use crate::core::TenantId;
use crate::core::Tx;

const COLUMNS: &str = "id, note, transaction_id, session_id, create_date, modified_date";

fn from_row(r: &Row<'_>) -> rusqlite::Result<ContactNote> {
    Ok(ContactNote {
        id: r.get(0)?,
        note: r.get(1)?,
        transaction_id: r.get(2)?,
        session_id: r.get(3)?,
        create_date: r.get(4)?,
        modified_date: r.get(5)?,
    })
}

/// The notes of contact `?2` of tenant `?1`, newest first.
pub(super) static OF_CONTACT: LazyLock<String> = LazyLock::new(|| {
    format!("SELECT {COLUMNS} FROM lv_notes WHERE tenant_id = ?1 AND contact_id = ?2 ORDER BY create_date DESC, id DESC")
});

/// The notes of a contact, newest first.
pub fn of_contact(tx: &Tx, tenant: &TenantId, contact: i64) -> rusqlite::Result<Vec<ContactNote>> {
    tx.prepare_cached(&OF_CONTACT)?.query_map(params![tenant, contact], from_row)?.collect()
}

/// Note `id` of a contact.
pub fn one(tx: &Tx, tenant: &TenantId, contact: i64, id: i64) -> rusqlite::Result<Option<ContactNote>> {
    tx.prepare_cached(&format!("SELECT {COLUMNS} FROM lv_notes WHERE tenant_id = ?1 AND contact_id = ?2 AND id = ?3"))?
        .query_row(params![tenant, contact, id], from_row)
        .optional()
}

/// Stores a note of a contact.
pub fn insert(tx: &Tx, tenant: &TenantId, contact: i64, n: &ContactNote) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO lv_notes (tenant_id, id, contact_id, note, session_id, transaction_id, create_date, modified_date)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![tenant, n.id, contact, n.note, n.session_id, n.transaction_id, n.create_date, n.modified_date])?;
    Ok(())
}

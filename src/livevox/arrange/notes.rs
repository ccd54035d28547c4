//! Arranging contact notes: Read Contact Note's fields (`id`, `note`, `sessionId`,
//! `transactionId`, `createDate`, `modifiedDate`) plus the `account` of the contact it is on,
//! which must exist. The dates default to the request's time.

use serde::Deserialize;
use serde_json::Value;

use super::super::model::note::{ContactNote, MAX_NOTE};
use super::super::store::{contact_ref, notes as store};
use super::millis;
use crate::core::{ArrangeError, Arranging, Record};

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ArrangedNote {
    id: Option<i64>,
    account: String,
    note: String,
    session_id: Option<String>,
    transaction_id: Option<i64>,
    create_date: Option<Value>,
    modified_date: Option<Value>,
}

/// Arranges one record; answers its id.
pub fn arrange(a: &Arranging<'_>, record: &Record<'_>) -> Result<Value, ArrangeError> {
    let n: ArrangedNote = record.parse()?;
    if n.note.trim().is_empty() || n.note.chars().count() > MAX_NOTE {
        return Err(record.error("note", format!("must be 1 to {MAX_NOTE} characters")));
    }
    let contact = contact_ref::by_account(a.tx, a.tenant, &n.account)?
        .ok_or_else(|| record.error("account", format!("no contact has the account '{}'", n.account)))?;
    let create_date = millis(record, "createDate", n.create_date.as_ref())?.unwrap_or(a.now.timestamp_millis());
    let modified_date = millis(record, "modifiedDate", n.modified_date.as_ref())?.unwrap_or(create_date);
    let id = a.take_id(record, "id", "lv_notes", n.id)?;
    let note =
        ContactNote { id, note: n.note, transaction_id: n.transaction_id, session_id: n.session_id, create_date, modified_date };
    store::insert(a.tx, a.tenant, contact, &note)?;
    Ok(id.into())
}

//! Arranging LiveVox records: the body of `POST /__admin/tenants/{id}/livevox/{collection}`
//! and the files in `seed-data/livevox/`, one module here per collection, plus installing a
//! tenant's credentials (`install`). Records are in the document's wire shape (dates as epoch
//! milliseconds); what the API never lets a client set (ids, notes, accounts, who created a
//! group) may be arranged too. Unknown keys are refused, so a misspelt field is a 400 naming it.

mod accounts;
mod contacts;
mod custom_fields;
mod generate;
mod groups;
mod install;
mod notes;

use serde_json::Value;

use super::error::LvError;
use crate::core::{ArrangeError, Collection, Record};

pub use generate::generator;
pub use install::install;

/// Collections in load order: what a record refers to is loaded before it.
pub const COLLECTIONS: &[Collection] = &[
    Collection::new("groups", groups::arrange).stored_in("lv_groups"),
    Collection::new("custom_fields", custom_fields::arrange).stored_in("lv_custom_fields"),
    Collection::new("contacts", contacts::arrange).stored_in("lv_contacts"),
    Collection::new("notes", notes::arrange).stored_in("lv_notes"),
    Collection::new("accounts", accounts::arrange).stored_in("lv_accounts"),
];

/// What the API would answer about a record, said of the record instead: a 400's message
/// starts with the field it names (`name: is required`).
fn at<T>(record: &Record<'_>, result: Result<T, LvError>) -> Result<T, ArrangeError> {
    result.map_err(|e| match e {
        LvError::Internal(core) => ArrangeError::Core(core),
        other => {
            let message = other.to_string();
            match message.split_once(": ") {
                Some((field, reason)) if !field.contains(' ') => record.error(field, reason),
                _ => record.error("(record)", message),
            }
        }
    })
}

/// An epoch-milliseconds date `field` (a number or a numeric string).
fn millis(record: &Record<'_>, field: &str, value: Option<&Value>) -> Result<Option<i64>, ArrangeError> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v
            .as_i64()
            .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))
            .map(Some)
            .ok_or_else(|| record.error(field, "must be epoch milliseconds")),
    }
}

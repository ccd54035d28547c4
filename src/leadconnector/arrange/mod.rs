//! Arranging LeadConnector records: the body of `POST /__admin/tenants/{id}/leadconnector/
//! {collection}` and the files in `seed-data/leadconnector/`, plus installing a tenant's
//! credentials (`install`). Records are in the API's wire shape (what a GET answers), checked as
//! the API checks its bodies, plus what only HighLevel sets (`id`, `dateAdded`, `dateUpdated`,
//! a contact's `type`, `businessId`, attributions, ...). Unknown keys are refused, so a misspelt
//! field is a 400 naming it.

mod contacts;
mod generate;
mod install;
mod records;

use serde_json::Value;

use super::error::LcError;
use crate::core::{ArrangeError, Collection, Record};

pub use generate::generator;
pub use install::install;

/// Collections in load order: what a record refers to is loaded before it.
pub const COLLECTIONS: &[Collection] = &[
    Collection::new("businesses", records::business).stored_in("lc_businesses"),
    Collection::new("contacts", contacts::arrange).stored_in("lc_contacts").keyed(super::store::contacts::SEARCH_INDEX.name),
    Collection::new("tasks", records::task).stored_in("lc_tasks"),
    Collection::new("notes", records::note).stored_in("lc_notes"),
    Collection::new("appointments", records::appointment).stored_in("lc_appointments"),
];

/// What the API would answer about a record, said of the record instead: the field a message
/// starts with (`email must be an email` → `email: must be an email`).
fn at<T>(record: &Record<'_>, result: Result<T, LcError>) -> Result<T, ArrangeError> {
    result.map_err(|e| match e {
        LcError::Internal(core) => ArrangeError::Core(core),
        LcError::Unprocessable(messages) => {
            let first = messages.first().cloned().unwrap_or_default();
            match first.strip_prefix("property ").and_then(|rest| rest.strip_suffix(" should not exist")) {
                Some(field) => record.error(field, "unknown field"),
                None => match first.split_once(' ') {
                    Some((field, reason)) => record.error(field.trim_start_matches("each value in "), reason),
                    None => record.error("(record)", first),
                },
            }
        }
        other => record.error("(record)", other.to_string()),
    })
}

/// An explicit id of a record (`field`): 1 to 64 letters and digits (the API hands out 20;
/// an arranged record may keep the id it has elsewhere).
fn explicit_id(record: &Record<'_>, field: &str) -> Result<Option<String>, ArrangeError> {
    match record.value.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(id)) if (1..=64).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric()) => {
            Ok(Some(id.clone()))
        }
        Some(_) => Err(record.error(field, "must be 1 to 64 letters and digits")),
    }
}

/// An ISO-8601 instant `field` of a record as epoch milliseconds.
fn instant(record: &Record<'_>, field: &str) -> Result<Option<i64>, ArrangeError> {
    match record.value.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => crate::core::clock::parse_instant(text)
            .map(|at| Some(at.timestamp_millis()))
            .ok_or_else(|| record.error(field, "must be an ISO-8601 instant")),
        Some(_) => Err(record.error(field, "must be an ISO-8601 instant")),
    }
}

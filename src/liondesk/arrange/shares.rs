//! Arranging shares: a contact shared with a user beyond its owner and assignee (the contacts
//! page's "Has been shared that contact by a teammate or the owning user"), which the API
//! cannot do.

use serde::Deserialize;
use serde_json::Value;

use super::super::store::contacts as store;
use super::USERS;
use crate::core::{ArrangeError, Arranging, Record};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Share {
    contact_id: i64,
    user_id: i64,
}

/// Answers the contact's id.
pub fn arrange(a: &Arranging<'_>, record: &Record<'_>) -> Result<Value, ArrangeError> {
    let share: Share = record.parse()?;
    a.check_ref(record, "contact_id", store::TABLE.name(), "contact", Some(record.check_id("contact_id", share.contact_id)?))?;
    a.check_ref(record, "user_id", USERS, "user", Some(record.check_id("user_id", share.user_id)?))?;
    store::share(a.tx, a.tenant, share.contact_id, share.user_id)?;
    Ok(share.contact_id.into())
}

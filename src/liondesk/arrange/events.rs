//! Arranging events: the Events page's submit body plus what only LionDesk sets: `id`,
//! `user_id` (default: the contact's owner), `source` (default `api`), `dialer_session_id` and
//! `property`. The contact and the user must exist.

use serde_json::Value;

use super::super::model::event::{Event, EventChanges, SOURCES, require};
use super::super::model::input::{FromBody, one_of, text_value};
use super::super::store::{contacts, events as store};
use super::{AtRecord, USERS, id_in, now};
use crate::core::{ArrangeError, Arranging, Record};

const KEYS: &[&str] = &[
    "id",
    "user_id",
    "contact_id",
    "source",
    "type",
    "description",
    "site_domain",
    "dialer_session_id",
    "property",
    "created_at",
    "modified_at",
];

/// Arranges one record; answers its id.
pub fn arrange(a: &Arranging<'_>, record: &Record<'_>) -> Result<Value, ArrangeError> {
    let map = record.only(KEYS)?;
    let changes = EventChanges::from_json(record.value).at(record)?;
    let now = now(a);
    let blank = Event {
        user_id: record.positive(map, "user_id", true)?.unwrap_or(0),
        source: Some(one_of(map, "source", SOURCES).at(record)?.flatten().unwrap_or_else(|| "api".into())),
        dialer_session_id: record.positive(map, "dialer_session_id", true)?,
        property: text_value(map, "property", 65_535).at(record)?.flatten(),
        created_at: now.clone(),
        ..Event::default()
    };
    let mut event = changes.apply(&blank, changes.created_at.as_deref().unwrap_or(&now));
    require(&event).at(record)?;
    let Some(contact) = contacts::get(a.tx, a.tenant, event.contact_id)? else {
        return Err(record.error("contact_id", format!("contact {} does not exist", event.contact_id)));
    };
    if event.user_id == 0 {
        event.user_id = contact.owner_user_id;
    } else {
        a.check_ref(record, "user_id", USERS, "user", Some(event.user_id))?;
    }
    let id = id_in(a, record, map, &store::TABLE)?;
    store::insert(a.tx, a.tenant, &Event { id, ..event })?;
    Ok(id.into())
}

//! The events service (LionDesk's Events page, `/events`; "activities" in v1). "To Submit,
//! Get, or Find events, the user must have access to the event's contact" (owner, assignee,
//! teammate of the owner when team sharing is on, shared): an event on any other contact is a
//! 404. "To Update or Remove events the user must be the owner of the event's contact": others
//! who can see it get 403.

use rusqlite::Transaction;
use serde_json::{Map, Value};

use crate::core::{ArrangeError, TenantId};

use super::super::error::{LionDeskError, Result};
use super::super::input::{Body, FromBody, id_value, instant_value, missing, object, one_of, required, set, text_value};
use super::super::model::Wire;
use super::super::query::{Resource, fields::EVENTS};
use super::super::seed::record_error;
use super::super::seed_lists::{claim, record_object};
use super::super::service::{Caller, Service, Writable};
use super::super::store::events::{self as store, Event, Reached};
use super::super::store::table::{Scope, Table};
use super::super::store::{contacts, users};

/// The documented `source` values. The API sets `api` on what it receives.
pub const SOURCES: &[&str] = &["web", "disposition", "api"];

/// An event's wire object, the document's fields after the id.
impl Wire for Reached {
    fn to_json(&self) -> Map<String, Value> {
        let e = &self.event;
        let mut out = Map::new();
        out.insert("id".into(), e.id.into());
        out.insert("user_id".into(), e.user_id.into());
        out.insert("contact_id".into(), e.contact_id.into());
        out.insert("source".into(), e.source.clone().into());
        out.insert("type".into(), e.r#type.clone().into());
        out.insert("description".into(), e.description.clone().into());
        out.insert("site_domain".into(), e.site_domain.clone().into());
        out.insert("dialer_session_id".into(), e.dialer_session_id.into());
        out.insert("property".into(), e.property.clone().into());
        out.insert("created_at".into(), e.created_at.clone().into());
        out.insert("modified_at".into(), e.modified_at.clone().into());
        out
    }
}

/// What a submit or update body sets (the document's writable fields). `source`,
/// `dialer_session_id`, `property`, `user_id` and `id` are not writable and are ignored.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct EventChanges {
    pub contact_id: Option<i64>,
    pub r#type: Option<Option<String>>,
    pub description: Option<Option<String>>,
    pub site_domain: Option<Option<String>>,
    pub created_at: Option<String>,
    pub modified_at: Option<String>,
}

/// A timestamp that may be given but not cleared.
fn timestamp(body: &Body, field: &str) -> Result<Option<String>> {
    match instant_value(body, field)? {
        None => Ok(None),
        Some(Some(at)) => Ok(Some(at)),
        Some(None) => Err(LionDeskError::invalid_field(field, "must be an ISO 8601 date-time", &Value::Null)),
    }
}

impl FromBody for EventChanges {
    fn from_json(body: &Value) -> Result<EventChanges> {
        let map = object(body)?;
        let contact_id = match id_value(map, "contact_id", false)? {
            Some(None) => return Err(missing("contact_id")),
            other => other.flatten(),
        };
        Ok(EventChanges {
            contact_id,
            r#type: text_value(map, "type", 45)?,
            description: text_value(map, "description", 2000)?,
            site_domain: text_value(map, "site_domain", 100)?,
            created_at: timestamp(map, "created_at")?,
            modified_at: timestamp(map, "modified_at")?,
        })
    }
}

impl EventChanges {
    /// `event` with these changes applied; `now` stamps `modified_at` unless the body gives it.
    fn apply(&self, event: &Event, now: &str) -> Event {
        let mut next = event.clone();
        set(&mut next.contact_id, &self.contact_id);
        set(&mut next.r#type, &self.r#type);
        set(&mut next.description, &self.description);
        set(&mut next.site_domain, &self.site_domain);
        set(&mut next.created_at, &self.created_at);
        next.modified_at = self.modified_at.clone().unwrap_or_else(|| now.to_owned());
        next
    }
}

/// The document's required fields: `contact_id` (0 stands for "not given") and `type`.
fn require(event: &Event) -> Result<()> {
    if event.contact_id == 0 {
        return Err(missing("contact_id"));
    }
    required("type", event.r#type.as_deref())
}

/// "User must have correct permissions to access the contact provided." Answers the contact's
/// owner.
fn check_contact(tx: &Transaction, tenant: &TenantId, user: i64, contact: i64) -> Result<i64> {
    match contacts::get_visible(tx, tenant, user, contact, None)? {
        Some(found) => Ok(found.owner_user_id),
        None => {
            let reason = format!("must be a contact you can see ({contact} is not)");
            Err(LionDeskError::invalid_field("contact_id", &reason, &Value::from(contact)))
        }
    }
}

/// Find and get: the events on contacts the user can see.
pub struct Events;

impl Service for Events {
    type Record = Reached;
    const RESOURCE: &'static Resource = &EVENTS;
    const PATH: &'static str = "/events";
    const TABLE: &'static Table<Reached> = &store::TABLE;

    fn scope(caller: &Caller) -> Scope {
        store::visible(caller.user)
    }
}

/// 403 unless `caller` owns the contact of the event they would `verb`.
fn owned(caller: &Caller, reached: &Reached, verb: &str) -> Result<()> {
    if reached.contact_owner != caller.user {
        return Err(LionDeskError::Forbidden(format!("Only the owner of an event's contact may {verb} the event")));
    }
    Ok(())
}

impl Writable for Events {
    type Changes = EventChanges;

    /// `user_id` is the submitter, `source` is `api`.
    fn create(tx: &Transaction, caller: &Caller, changes: EventChanges, now: &str) -> Result<Reached> {
        let blank = Event { user_id: caller.user, source: Some("api".into()), created_at: now.to_owned(), ..Event::default() };
        let event = changes.apply(&blank, now);
        require(&event)?;
        let contact_owner = check_contact(tx, &caller.tenant, caller.user, event.contact_id)?;
        let event = Event { id: store::TABLE.next_id(tx, &caller.tenant)?, ..event };
        store::insert(tx, &caller.tenant, &event)?;
        Ok(Reached { event, contact_owner })
    }

    fn patch(tx: &Transaction, caller: &Caller, reached: Reached, changes: EventChanges, now: &str) -> Result<Reached> {
        owned(caller, &reached, "update")?;
        let next = changes.apply(&reached.event, now);
        require(&next)?;
        let contact_owner = if next.contact_id == reached.event.contact_id {
            reached.contact_owner
        } else {
            check_contact(tx, &caller.tenant, caller.user, next.contact_id)?
        };
        store::update(tx, &caller.tenant, &next)?;
        Ok(Reached { event: next, contact_owner })
    }

    fn remove(tx: &Transaction, caller: &Caller, id: i64, reached: &Reached) -> Result<()> {
        owned(caller, reached, "remove")?;
        Ok(store::TABLE.delete(tx, &caller.tenant, &id)?)
    }
}

/// Arranges an event: the submit body plus what only LionDesk sets — `id`, `user_id` (default:
/// the contact's owner), `source` (default `api`), `dialer_session_id`, `property`. The contact
/// and the user must exist.
pub fn arrange(
    tx: &Transaction,
    tenant: &TenantId,
    index: usize,
    record: &Value,
    now: &str,
) -> std::result::Result<i64, ArrangeError> {
    let map = record_object(index, record)?;
    let fail = |e| record_error(index, e);
    let id = id_value(map, "id", false).map_err(fail)?.flatten();
    let changes = EventChanges::from_json(record).map_err(fail)?;
    let blank = Event {
        user_id: id_value(map, "user_id", false).map_err(fail)?.flatten().unwrap_or(0),
        source: Some(one_of(map, "source", SOURCES).map_err(fail)?.flatten().unwrap_or_else(|| "api".into())),
        dialer_session_id: id_value(map, "dialer_session_id", false).map_err(fail)?.flatten(),
        property: text_value(map, "property", 65_535).map_err(fail)?.flatten(),
        created_at: now.to_owned(),
        ..Event::default()
    };
    let mut event = changes.apply(&blank, changes.created_at.as_deref().unwrap_or(now));
    require(&event).map_err(fail)?;
    let Some(contact) = contacts::get(tx, tenant, event.contact_id)? else {
        return Err(ArrangeError::record(index, "contact_id", format!("contact {} does not exist", event.contact_id)));
    };
    if event.user_id == 0 {
        event.user_id = contact.owner_user_id;
    } else if !users::user_exists(tx, tenant, event.user_id)? {
        return Err(ArrangeError::record(index, "user_id", format!("user {} does not exist", event.user_id)));
    }
    let id = claim(tx, tenant, index, &store::TABLE, id)?;
    store::insert(tx, tenant, &Event { id, ..event })?;
    Ok(id)
}

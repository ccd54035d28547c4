//! The events service (LionDesk's Events page, `/events`; "activities" in v1). "To Submit,
//! Get, or Find events, the user must have access to the event's contact" (owner, assignee,
//! teammate of the owner when team sharing is on, shared): an event on any other contact is a
//! 404. "To Update or Remove events the user must be the owner of the event's contact": others
//! who can see it get 403.

use serde_json::Value;

use crate::core::TenantId;
use crate::core::Tx;

use super::super::error::{LionDeskError, Result};
use super::super::model::event::{Event, EventChanges, Reached, require};
use super::super::query::{Resource, fields::EVENTS};
use super::super::store::contacts;
use super::super::store::events as store;
use super::super::store::table::{Scope, Table};
use super::service::{Caller, Service, Writable};

/// "User must have correct permissions to access the contact provided." Answers the contact's
/// owner.
fn check_contact(tx: &Tx, tenant: &TenantId, user: i64, contact: i64) -> Result<i64> {
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
        store::visible(&caller.tenant, caller.user)
    }

    fn scope_one(caller: &Caller) -> Scope {
        store::visible_one(caller.user)
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
    fn create(tx: &Tx, caller: &Caller, changes: &EventChanges, now: &str) -> Result<Reached> {
        let blank = Event { user_id: caller.user, source: Some("api".into()), created_at: now.to_owned(), ..Event::default() };
        let event = changes.apply(&blank, now);
        require(&event)?;
        let contact_owner = check_contact(tx, &caller.tenant, caller.user, event.contact_id)?;
        let event = Event { id: store::TABLE.next_id(tx, &caller.tenant)?, ..event };
        store::insert(tx, &caller.tenant, &event)?;
        Ok(Reached { event, contact_owner })
    }

    fn patch(tx: &Tx, caller: &Caller, reached: Reached, changes: EventChanges, now: &str) -> Result<Reached> {
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

    fn remove(tx: &Tx, caller: &Caller, id: i64, reached: &Reached) -> Result<()> {
        owned(caller, reached, "remove")?;
        Ok(store::TABLE.delete(tx, &caller.tenant, &id)?)
    }
}

//! LeadConnector's webhook events, as HighLevel's webhook documents give them (one page per event,
//! `ContactCreate` to `NoteDelete`): flat JSON objects led by `type` and `locationId`, then the
//! record's fields in the documents' order, then `timestamp` and `webhookId` (the Webhook
//! Authentication Guide). Each is announced through `core::webhooks::emit` inside the transaction
//! of the write it reports; core delivers, signs and retries. Which write sends which event:
//! docs/fidelity.md, LeadConnector: webhooks.

use chrono::{DateTime, Utc};
use serde_json::{Map, Value, json};

use super::auth::Caller;
use super::model::contact::{Contact, Form, iso};
use super::model::note::Note;
use super::model::task::Task;
use crate::core::Tx;
use crate::core::clock::to_rfc3339_millis;
use crate::core::oauth::store as oauth_store;
use crate::core::webhooks;

/// The vendor, as subscriptions name it.
const VENDOR: &str = super::NAME;

/// Declares `Event` and `EVENTS` from one list, so the names cannot drift from the variants.
macro_rules! events {
    ($($event:ident),* $(,)?) => {
        /// The documented events.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Event {
            $($event),*
        }

        /// Every event a subscription may name (`Event`'s names, in its order).
        pub const EVENTS: &[&str] = &[$(stringify!($event)),*];
    };
}

events![
    ContactCreate,
    ContactUpdate,
    ContactDelete,
    ContactTagUpdate,
    ContactDndUpdate,
    TaskCreate,
    TaskComplete,
    TaskDelete,
    NoteCreate,
    NoteUpdate,
    NoteDelete,
];

impl Event {
    /// The name the documents give it (the body's `type`).
    pub fn name(self) -> &'static str {
        EVENTS[self as usize]
    }
}

/// The contact events' fields after `type`, `locationId` and `id`, in the documents' order
/// (`dndSettings` only in `ContactDndUpdate`).
const CONTACT_KEYS: &[&str] = &[
    "address1",
    "city",
    "state",
    "companyName",
    "country",
    "source",
    "dateAdded",
    "dateOfBirth",
    "dnd",
    "dndSettings",
    "email",
    "name",
    "firstName",
    "lastName",
    "phone",
    "postalCode",
    "tags",
    "website",
    "attachments",
    "assignedTo",
    "customFields",
];

/// Announces `event` with `fields` (after `type` and `locationId`) to the caller's subscriptions.
/// The body also names the location's app (`appId`, its client id before the `-`), which the
/// official SDKs' webhook middleware (JS and Python) compares with its own before it looks
/// further.
fn emit(tx: &Tx, caller: &Caller, event: Event, fields: impl FnOnce() -> Map<String, Value>) -> rusqlite::Result<usize> {
    // Built for the first subscription only: with none (the common case) a create renders
    // nothing here.
    let fields = std::cell::LazyCell::new(fields);
    let (location, now): (&str, DateTime<Utc>) = (caller.location_id(), caller.now);
    let timestamp = to_rfc3339_millis(now);
    let mut app: Option<Option<String>> = None;
    webhooks::emit(tx, caller.tenant(), VENDOR, event.name(), now, |webhook_id| {
        if app.is_none() {
            let first = oauth_store::client_ids(tx, caller.tenant(), VENDOR)?.into_iter().next();
            app = Some(first.map(|id| id.split('-').next().unwrap_or_default().to_owned()));
        }
        let mut body = Map::new();
        body.insert("type".into(), json!(event.name()));
        body.insert("locationId".into(), json!(location));
        body.extend((*fields).clone());
        if let Some(Some(app_id)) = &app {
            body.insert("appId".into(), json!(app_id));
        }
        body.insert("timestamp".into(), json!(timestamp));
        body.insert("webhookId".into(), json!(webhook_id));
        Ok(Value::Object(body))
    })
}

/// The body fields of a contact event.
fn contact_fields(event: Event, c: &Contact, location: &str) -> Map<String, Value> {
    let shown = c.render(Form::Get, location);
    // The documents write dateOfBirth as an instant (`2000-01-05T00:00:00.000Z`), as a create answers it.
    let created = c.render(Form::Create, location);
    let mut out = Map::new();
    out.insert("id".into(), json!(c.id));
    for key in CONTACT_KEYS {
        let value = match *key {
            "dndSettings" if event != Event::ContactDndUpdate => None,
            "dateOfBirth" => created.get(*key).cloned(),
            "attachments" => Some(shown.get(*key).cloned().unwrap_or(json!([]))),
            _ => shown.get(*key).cloned(),
        };
        if let Some(value) = value {
            out.insert((*key).to_owned(), value);
        }
    }
    out
}

/// `ContactCreate`, `ContactDelete` (with the contact as it was) or any other contact event.
pub fn contact(tx: &Tx, caller: &Caller, event: Event, c: &Contact) -> rusqlite::Result<usize> {
    emit(tx, caller, event, || contact_fields(event, c, caller.location_id()))
}

/// The events a change of `before` into `after` sends: `ContactTagUpdate` when the tags changed,
/// `ContactDndUpdate` when `dnd` or `dndSettings` did, `ContactUpdate` when anything else did.
pub fn contact_changed(tx: &Tx, caller: &Caller, before: &Contact, after: &Contact) -> rusqlite::Result<usize> {
    let differs = |key: &str| before.data.get(key) != after.data.get(key);
    let own = |key: &String| !matches!(key.as_str(), "tags" | "dnd" | "dndSettings");
    let other = before.data.keys().chain(after.data.keys()).filter(|k| own(k)).any(|k| differs(k));
    let mut sent = 0;
    for (event, changed) in [
        (Event::ContactUpdate, other),
        (Event::ContactTagUpdate, differs("tags")),
        (Event::ContactDndUpdate, differs("dnd") || differs("dndSettings")),
    ] {
        if changed {
            sent += contact(tx, caller, event, after)?;
        }
    }
    Ok(sent)
}

/// `TaskCreate`, `TaskComplete` or `TaskDelete`.
pub fn task(tx: &Tx, caller: &Caller, event: Event, t: &Task) -> rusqlite::Result<usize> {
    let mut fields = Map::new();
    fields.insert("id".into(), json!(t.id));
    if let Some(assigned) = &t.assigned_to {
        fields.insert("assignedTo".into(), json!(assigned));
    }
    if let Some(body) = &t.body {
        fields.insert("body".into(), json!(body));
    }
    fields.insert("contactId".into(), json!(t.contact_id));
    fields.insert("title".into(), json!(t.title));
    fields.insert("dateAdded".into(), json!(iso(t.date_added)));
    fields.insert("dueDate".into(), json!(iso(t.due_date)));
    emit(tx, caller, event, || fields)
}

/// `NoteCreate`, `NoteUpdate` or `NoteDelete`.
pub fn note(tx: &Tx, caller: &Caller, event: Event, n: &Note) -> rusqlite::Result<usize> {
    let mut fields = Map::new();
    fields.insert("id".into(), json!(n.id));
    fields.insert("body".into(), json!(n.body));
    fields.insert("contactId".into(), json!(n.contact_id));
    fields.insert("dateAdded".into(), json!(iso(n.date_added)));
    emit(tx, caller, event, || fields)
}

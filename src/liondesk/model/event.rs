//! An event (LionDesk's Events page; "activities" in v1): as stored and answered, and the body
//! of a submit or update, read against the page's table.

use serde::Serialize;
use serde_json::{Map, Value};

use super::super::error::{LionDeskError, Result};
use super::input::{Body, Change, FromBody, id_value, instant_value, missing, object, required, set, text_value};
use super::{Wire, serialized};

/// The documented `source` values. The API sets `api` on what it receives.
pub const SOURCES: &[&str] = &["web", "disposition", "api"];

/// An event as stored, its fields in the page's order.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Event {
    pub id: i64,
    pub user_id: i64,
    pub contact_id: i64,
    pub source: Option<String>,
    pub r#type: Option<String>,
    pub description: Option<String>,
    pub site_domain: Option<String>,
    pub dialer_session_id: Option<i64>,
    pub property: Option<String>,
    pub created_at: String,
    pub modified_at: String,
}

/// An event as a user reaches it: with the owner of its contact, who alone may change it.
#[derive(Debug, Clone, PartialEq)]
pub struct Reached {
    pub event: Event,
    pub contact_owner: i64,
}

impl Wire for Reached {
    fn to_json(&self) -> Map<String, Value> {
        serialized(&self.event)
    }
}

/// What a submit or update body sets (the page's writable fields). `source`,
/// `dialer_session_id`, `property`, `user_id` and `id` are not writable and are ignored.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct EventChanges {
    pub contact_id: Option<i64>,
    pub r#type: Change<String>,
    pub description: Change<String>,
    pub site_domain: Change<String>,
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
    pub fn apply(&self, event: &Event, now: &str) -> Event {
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

/// The page's required fields: `contact_id` (0 stands for "not given") and `type`.
pub fn require(event: &Event) -> Result<()> {
    if event.contact_id == 0 {
        return Err(missing("contact_id"));
    }
    required("type", event.r#type.as_deref())
}

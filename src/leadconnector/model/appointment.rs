//! Appointments (calendar events) of a contact as `GetEventSchema` shows them, under `events`:
//! `id`, `calendarId`, `status`, `title`, `assignedUserId`, `notes`, `startTime`, `endTime`,
//! `address`, `locationId`, `contactId`, `groupId`, `appointmentStatus`, `users`, `dateAdded`,
//! `dateUpdated`, `assignedResources`. There is no endpoint that books one; they are arranged.

use serde_json::{Map, Value, json};

/// The event's keys, in the schema's order.
pub const KEYS: &[&str] = &[
    "id",
    "calendarId",
    "status",
    "title",
    "assignedUserId",
    "notes",
    "startTime",
    "endTime",
    "address",
    "locationId",
    "contactId",
    "groupId",
    "appointmentStatus",
    "users",
    "dateAdded",
    "dateUpdated",
    "assignedResources",
];

/// A stored appointment: its id, contact and the rest of its fields.
#[derive(Debug, Clone, PartialEq)]
pub struct Appointment {
    pub id: String,
    pub contact_id: String,
    pub data: Map<String, Value>,
}

impl Appointment {
    /// The event as `GetEventSchema` shows it.
    pub fn render(&self, location_id: &str) -> Value {
        let mut out = Map::new();
        for key in KEYS {
            let value = match *key {
                "id" => json!(self.id),
                "locationId" => json!(location_id),
                "contactId" => json!(self.contact_id),
                other => match self.data.get(other) {
                    Some(v) if !v.is_null() => v.clone(),
                    _ => continue,
                },
            };
            out.insert((*key).to_owned(), value);
        }
        Value::Object(out)
    }
}

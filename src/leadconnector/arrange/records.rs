//! Arranging the records that belong to a contact — tasks, notes, appointments — each with the
//! `contactId` of a contact arranged before, and the location's businesses. Tasks and notes
//! are checked as the API's bodies are (`CreateTaskParams`, `NotesDTO`), plus `id` and
//! `dateAdded`; appointments take `GetEventSchema`'s fields.

use serde_json::{Map, Value};

use super::super::model::appointment::{Appointment, KEYS};
use super::super::model::note::NoteInput;
use super::super::model::task::TaskInput;
use super::super::store::{appointments, businesses, contacts, notes, tasks};
use super::super::validate::{self, Kind, Prop, opt, req};
use super::{at, explicit_id, instant};
use crate::core::ids::{random_alnum, random_hex};
use crate::core::{ArrangeError, Arranging, Record};

/// The record less `keys`, and its `contactId`, which must name a contact.
fn of_contact(a: &Arranging<'_>, record: &Record<'_>, keys: &[&str]) -> Result<(String, Value), ArrangeError> {
    let mut rest: Map<String, Value> = record.object()?.clone();
    let contact = match rest.remove("contactId") {
        Some(Value::String(id)) => id,
        Some(_) => return Err(record.error("contactId", "must be a string")),
        None => return Err(record.error("contactId", "is required (the contact it belongs to)")),
    };
    if !contacts::exists(a.tx, a.tenant, &contact)? {
        return Err(record.error("contactId", format!("contact {contact} does not exist")));
    }
    for key in keys {
        rest.remove(*key);
    }
    Ok((contact, Value::Object(rest)))
}

/// A new id for `record`: its own (checked, new in the table) or a random one.
fn take_id(record: &Record<'_>, len: usize, exists: impl Fn(&str) -> rusqlite::Result<bool>) -> Result<String, ArrangeError> {
    let id = explicit_id(record, "id")?.unwrap_or_else(|| random_alnum(len));
    if exists(&id)? {
        return Err(record.error("id", format!("{id} already exists")));
    }
    Ok(id)
}

/// A business: `{id?, name}` (ids like the documents' 24 hex digits by default).
pub fn business(a: &Arranging<'_>, record: &Record<'_>) -> Result<Value, ArrangeError> {
    let map = record.only(&["id", "name"])?;
    let name = map.get("name").and_then(Value::as_str).filter(|n| !n.trim().is_empty());
    let name = name.ok_or_else(|| record.error("name", "is required"))?;
    let id = explicit_id(record, "id")?.unwrap_or_else(|| random_hex(24));
    if businesses::exists(a.tx, a.tenant, &id)? {
        return Err(record.error("id", format!("{id} already exists")));
    }
    businesses::insert(a.tx, a.tenant, &id, name.trim())?;
    Ok(Value::String(id))
}

/// A task of a contact.
pub fn task(a: &Arranging<'_>, record: &Record<'_>) -> Result<Value, ArrangeError> {
    let (contact, rest) = of_contact(a, record, &["id", "dateAdded"])?;
    let input = at(record, TaskInput::read(&rest, true))?;
    let id = take_id(record, 20, |id| tasks::exists(a.tx, a.tenant, id))?;
    let now = instant(record, "dateAdded")?.unwrap_or(a.now.timestamp_millis());
    tasks::insert(a.tx, a.tenant, &input.create(id.clone(), contact, now))?;
    Ok(Value::String(id))
}

/// A note of a contact.
pub fn note(a: &Arranging<'_>, record: &Record<'_>) -> Result<Value, ArrangeError> {
    let (contact, rest) = of_contact(a, record, &["id", "dateAdded"])?;
    let input = at(record, NoteInput::read(&rest, true))?;
    let id = take_id(record, 20, |id| notes::exists(a.tx, a.tenant, id))?;
    let now = instant(record, "dateAdded")?.unwrap_or(a.now.timestamp_millis());
    notes::insert(a.tx, a.tenant, &input.create(id.clone(), contact, now))?;
    Ok(Value::String(id))
}

/// `GetEventSchema`'s fields an arranged appointment may give.
const EVENT: &[Prop] = &[
    opt("calendarId", Kind::Str),
    opt("status", Kind::Str),
    opt("title", Kind::Str),
    opt("assignedUserId", Kind::Str),
    opt("notes", Kind::Str),
    req("startTime", Kind::Str),
    opt("endTime", Kind::Str),
    opt("address", Kind::Str),
    opt("groupId", Kind::Str),
    opt("appointmentStatus", Kind::Str),
    opt("users", Kind::Strings),
    opt("dateAdded", Kind::Str),
    opt("dateUpdated", Kind::Str),
    opt("assignedResources", Kind::Strings),
];

/// An appointment of a contact.
pub fn appointment(a: &Arranging<'_>, record: &Record<'_>) -> Result<Value, ArrangeError> {
    let (contact, rest) = of_contact(a, record, &["id", "locationId"])?;
    let map = at(record, validate::object(&rest, EVENT))?;
    let id = take_id(record, 20, |id| appointments::exists(a.tx, a.tenant, id))?;
    let mut data: Map<String, Value> =
        map.iter().filter(|(k, v)| KEYS.contains(&k.as_str()) && !v.is_null()).map(|(k, v)| (k.clone(), v.clone())).collect();
    data.entry("status").or_insert_with(|| Value::from("booked"));
    data.entry("appointmentStatus").or_insert_with(|| Value::from("booked"));
    let start = data.get("startTime").and_then(Value::as_str).unwrap_or_default().to_owned();
    appointments::insert(a.tx, a.tenant, &Appointment { id: id.clone(), contact_id: contact, data }, &start)?;
    Ok(Value::String(id))
}

//! LionDesk's records as the API answers them (wire shapes, in the field order of their pages)
//! and the bodies that create or change them (change sets, read field by field against the
//! pages' limits), with the rules the API and arranging share: who a contact may be assigned
//! to, which hotness, source and custom fields a user may set. Rules that look at other records
//! ask `store`, which reads and writes these records; nothing here speaks HTTP.

pub mod contact;
pub mod event;
pub mod input;
pub mod lists;
pub mod task;
pub mod users;

use serde::Serialize;
use serde_json::{Map, Value};

/// A record's wire object, in the field order of its page.
pub trait Wire {
    fn to_json(&self) -> Map<String, Value>;
}

/// A shared record (a kept row) goes on the wire as the record.
impl<T: Wire> Wire for std::sync::Arc<T> {
    fn to_json(&self) -> Map<String, Value> {
        T::to_json(self)
    }
}

/// The object a `json!` literal builds, moved out of it.
pub fn object_of(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// The wire object of a record whose serialized form is it.
pub fn serialized(record: &impl Serialize) -> Map<String, Value> {
    match serde_json::to_value(record) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    }
}

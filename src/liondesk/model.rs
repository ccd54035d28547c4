//! LionDesk record shapes: `Wire`, which every record the API answers implements; the contact
//! as stored and answered, and the body of a create or patch, checked field by field against
//! the document's limits.

use serde::Serialize;
use serde_json::{Map, Value};

use super::error::{LionDeskError, Result};
use super::input::{FromBody, id_value, instant_value, object, read_id, set, text_value};

/// A record's wire object, in the field order of its page.
pub trait Wire {
    fn to_json(&self) -> Map<String, Value>;
}

/// The wire object of a record whose serialized form is it.
pub fn serialized(record: &impl Serialize) -> Map<String, Value> {
    match serde_json::to_value(record) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    }
}

/// The writable text fields with their length limits (the document's table; the two without
/// one take 255).
pub const TEXT_FIELDS: [(&str, usize); 15] = [
    ("first_name", 255),
    ("last_name", 255),
    ("email", 255),
    ("mobile_phone", 255),
    ("home_phone", 45),
    ("office_phone", 45),
    ("fax", 45),
    ("company", 45),
    ("birthday", 45),
    ("anniversary", 45),
    ("spouse_name", 45),
    ("spouse_email", 45),
    ("spouse_phone", 255),
    ("spouse_birthday", 255),
    ("tags", 508),
];

/// A contact's own columns, in the document's order.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Contact {
    pub id: i64,
    pub owner_user_id: i64,
    pub assigned_user_id: Option<i64>,
    /// The values of `TEXT_FIELDS`, in that order.
    #[serde(skip)]
    pub text: [Option<String>; 15],
    pub hotness_id: Option<i64>,
    pub source_id: Option<i64>,
    pub created_at: String,
    pub modified_at: String,
}

impl Wire for Contact {
    /// The wire object (without the embedded objects), fields in the document's order.
    fn to_json(&self) -> Map<String, Value> {
        let mut out = Map::new();
        out.insert("id".into(), self.id.into());
        out.insert("owner_user_id".into(), self.owner_user_id.into());
        out.insert("assigned_user_id".into(), self.assigned_user_id.into());
        for ((name, _), value) in TEXT_FIELDS.iter().zip(&self.text) {
            out.insert((*name).into(), value.clone().into());
        }
        out.insert("hotness_id".into(), self.hotness_id.into());
        out.insert("source_id".into(), self.source_id.into());
        out.insert("created_at".into(), self.created_at.clone().into());
        out.insert("modified_at".into(), self.modified_at.clone().into());
        out
    }
}

/// What a create or patch body sets. `None`: left as it is; `Some(None)`: cleared.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct ContactChanges {
    pub assigned_user_id: Option<Option<i64>>,
    pub text: [Option<Option<String>>; 15],
    pub hotness_id: Option<Option<i64>>,
    pub source_id: Option<Option<i64>>,
    pub created_at: Option<String>,
    pub modified_at: Option<String>,
    /// `custom_fields: [{"id", "value"}]`: values to set on the contact.
    pub custom_fields: Option<Vec<(i64, Option<String>)>>,
}

impl FromBody for ContactChanges {
    /// Reads a JSON body. Keys the contact does not have are ignored (as the real service
    /// ignores them); `id` and `owner_user_id` are never writable.
    fn from_json(body: &Value) -> Result<ContactChanges> {
        let map = object(body)?;
        let mut out = ContactChanges::default();
        for (slot, (name, max)) in out.text.iter_mut().zip(TEXT_FIELDS) {
            *slot = text_value(map, name, max)?;
        }
        out.assigned_user_id = id_value(map, "assigned_user_id", true)?;
        out.hotness_id = id_value(map, "hotness_id", true)?;
        out.source_id = id_value(map, "source_id", true)?;
        out.created_at = instant_value(map, "created_at")?.flatten();
        out.modified_at = instant_value(map, "modified_at")?.flatten();
        if let Some(v) = map.get("custom_fields") {
            out.custom_fields = Some(custom_values(v)?);
        }
        Ok(out)
    }
}

impl ContactChanges {
    /// `contact` with these changes applied (`now` stamps `modified_at` unless given).
    pub fn apply(&self, contact: &Contact, now: &str) -> Contact {
        let mut next = contact.clone();
        set(&mut next.assigned_user_id, &self.assigned_user_id);
        for (slot, change) in next.text.iter_mut().zip(&self.text) {
            set(slot, change);
        }
        set(&mut next.hotness_id, &self.hotness_id);
        set(&mut next.source_id, &self.source_id);
        set(&mut next.created_at, &self.created_at);
        next.modified_at = self.modified_at.clone().unwrap_or_else(|| now.to_owned());
        next
    }
}

/// `custom_fields: [{"id": 21, "value": "..."}]`.
fn custom_values(value: &Value) -> Result<Vec<(i64, Option<String>)>> {
    let bad = || LionDeskError::invalid_field("custom_fields", "must be a list of {\"id\", \"value\"} objects", value);
    let Value::Array(items) = value else { return Err(bad()) };
    if items.len() > 500 {
        return Err(LionDeskError::invalid_field("custom_fields", "must hold at most 500 values", &Value::Null));
    }
    items
        .iter()
        .map(|item| {
            let id = item.get("id").ok_or_else(bad).and_then(|id| read_id("custom_fields.id", id, false))?.ok_or_else(bad)?;
            let text = match item.get("value") {
                None | Some(Value::Null) => None,
                Some(Value::String(s)) if s.chars().count() <= 2000 => Some(s.clone()),
                Some(Value::Number(n)) => Some(n.to_string()),
                Some(Value::Bool(b)) => Some(b.to_string()),
                Some(other) => {
                    return Err(LionDeskError::invalid_field(
                        "custom_fields.value",
                        "must be a string of at most 2000 characters",
                        other,
                    ));
                }
            };
            Ok((id, text))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ids_take_numbers_or_numeric_strings_and_zero_clears_a_source() {
        let c = ContactChanges::from_json(&json!({"assigned_user_id": "2", "source_id": 0, "hotness_id": 12})).unwrap();
        assert_eq!((c.assigned_user_id, c.source_id, c.hotness_id), (Some(Some(2)), Some(None), Some(Some(12))));
        assert!(ContactChanges::from_json(&json!({"hotness_id": "hot"})).is_err());
    }

    #[test]
    fn text_limits_follow_the_document() {
        assert!(ContactChanges::from_json(&json!({"company": "x".repeat(45)})).is_ok());
        let err = ContactChanges::from_json(&json!({"company": "x".repeat(46)})).unwrap_err();
        assert_eq!(err.to_string(), "Validation error: company must be at most 45 characters");
        assert!(ContactChanges::from_json(&json!({"tags": "t".repeat(508), "secondary_email": "ignored"})).is_ok());
        assert!(ContactChanges::from_json(&json!({"first_name": ["x"]})).is_err());
    }
}

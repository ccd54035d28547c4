//! LionDesk contact shapes: the record as stored and answered, and the body of a create or
//! patch, checked field by field against the document's limits.

use serde::Serialize;
use serde_json::{Map, Value};

use super::error::{LionDeskError, Result};
use crate::core::clock::{parse_instant, to_rfc3339_millis};

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

impl Contact {
    /// The wire object (without the embedded objects), fields in the document's order.
    pub fn to_json(&self) -> Map<String, Value> {
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

/// An integer id given as a number or a numeric string (the document's own patch example sends
/// `assigned_user_id: "2"`); null clears it, and so does 0 where `zero_clears`.
fn id_value(field: &str, value: &Value, zero_clears: bool) -> Result<Option<i64>> {
    let id = match value {
        Value::Null => return Ok(None),
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse::<i64>().ok(),
        _ => None,
    };
    match id {
        Some(0) if zero_clears => Ok(None),
        Some(id) if id > 0 => Ok(Some(id)),
        _ => Err(LionDeskError::invalid_field(field, "must be a positive integer id", value)),
    }
}

fn instant(field: &str, value: &Value) -> Result<Option<String>> {
    match value {
        Value::Null => Ok(None),
        Value::String(s) => parse_instant(s.trim())
            .map(|at| Some(to_rfc3339_millis(at)))
            .ok_or_else(|| LionDeskError::invalid_field(field, "must be an ISO 8601 date-time", value)),
        _ => Err(LionDeskError::invalid_field(field, "must be an ISO 8601 date-time", value)),
    }
}

impl ContactChanges {
    /// Reads a JSON body. Keys the contact does not have are ignored (as the real service
    /// ignores them); `id` and `owner_user_id` are never writable.
    pub fn from_json(body: &Value) -> Result<ContactChanges> {
        let Value::Object(map) = body else {
            return Err(LionDeskError::bad_request("The body must be a JSON object"));
        };
        let mut out = ContactChanges::default();
        for (i, (name, max)) in TEXT_FIELDS.iter().enumerate() {
            let Some(value) = map.get(*name) else { continue };
            let text = match value {
                Value::Null => None,
                Value::String(s) => Some(s.clone()),
                Value::Number(n) => Some(n.to_string()),
                _ => return Err(LionDeskError::invalid_field(name, "must be a string", value)),
            };
            if let Some(t) = &text {
                if t.chars().count() > *max {
                    return Err(LionDeskError::invalid_field(name, &format!("must be at most {max} characters"), value));
                }
                if t.contains('\0') {
                    return Err(LionDeskError::invalid_field(name, "must not contain NUL characters", value));
                }
            }
            out.text[i] = Some(text);
        }
        if let Some(v) = map.get("assigned_user_id") {
            out.assigned_user_id = Some(id_value("assigned_user_id", v, true)?);
        }
        if let Some(v) = map.get("hotness_id") {
            out.hotness_id = Some(id_value("hotness_id", v, true)?);
        }
        if let Some(v) = map.get("source_id") {
            out.source_id = Some(id_value("source_id", v, true)?);
        }
        if let Some(v) = map.get("created_at") {
            out.created_at = instant("created_at", v)?;
        }
        if let Some(v) = map.get("modified_at") {
            out.modified_at = instant("modified_at", v)?;
        }
        if let Some(v) = map.get("custom_fields") {
            out.custom_fields = Some(custom_values(v)?);
        }
        Ok(out)
    }

    /// `contact` with these changes applied (`now` stamps `modified_at` unless given).
    pub fn apply(&self, contact: &Contact, now: &str) -> Contact {
        let mut next = contact.clone();
        if let Some(v) = self.assigned_user_id {
            next.assigned_user_id = v;
        }
        for (slot, change) in next.text.iter_mut().zip(&self.text) {
            if let Some(v) = change {
                *slot = v.clone();
            }
        }
        if let Some(v) = self.hotness_id {
            next.hotness_id = v;
        }
        if let Some(v) = self.source_id {
            next.source_id = v;
        }
        if let Some(v) = &self.created_at {
            next.created_at = v.clone();
        }
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
            let id = item.get("id").ok_or_else(bad).and_then(|id| id_value("custom_fields.id", id, false))?.ok_or_else(bad)?;
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

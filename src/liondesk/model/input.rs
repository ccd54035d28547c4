//! Reading the fields of a create or patch body, as a Sequelize model validates them: a 400
//! "Validation error: <field> <reason>" naming the field. The `read_*` functions read one value;
//! the `*_value` functions read a body's key and answer `None` when it is absent, `Some(None)`
//! for null (clear it) and `Some(Some(v))` for a value.

use serde_json::{Map, Value};

use crate::core::clock::{parse_instant, to_rfc3339_millis};

use super::super::error::{LionDeskError, Result};

/// A create or patch body: a JSON object.
pub type Body = Map<String, Value>;

/// What a create or patch body sets, read field by field against a record's fields.
pub trait FromBody: Sized {
    fn from_json(body: &Value) -> Result<Self>;
}

/// A field's change in a body: `None` absent, `Some(None)` null, `Some(Some(v))` a value.
pub type Change<T> = Option<Option<T>>;

/// The body, which must be a JSON object.
pub fn object(body: &Value) -> Result<&Body> {
    body.as_object().ok_or_else(|| LionDeskError::bad_request("The body must be a JSON object"))
}

fn key<T>(body: &Body, field: &str, read: impl FnOnce(&Value) -> Result<Option<T>>) -> Result<Change<T>> {
    body.get(field).map(read).transpose()
}

/// An integer given as a number or a numeric string.
fn integer(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse::<i64>().ok(),
        _ => None,
    }
}

/// Text of at most `max` characters; numbers are taken as their text.
pub fn read_text(field: &str, value: &Value, max: usize) -> Result<Option<String>> {
    let text = match value {
        Value::Null => return Ok(None),
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => return Err(LionDeskError::invalid_field(field, "must be a string", value)),
    };
    if text.chars().count() > max {
        return Err(LionDeskError::invalid_field(field, &format!("must be at most {max} characters"), value));
    }
    if text.contains('\0') {
        return Err(LionDeskError::invalid_field(field, "must not contain NUL characters", value));
    }
    Ok(Some(text))
}

/// An id given as a number or a numeric string (LionDesk's own examples send `"2"`); null
/// clears it, and so does 0 where `zero_clears`.
pub fn read_id(field: &str, value: &Value, zero_clears: bool) -> Result<Option<i64>> {
    if value.is_null() {
        return Ok(None);
    }
    match integer(value) {
        Some(0) if zero_clears => Ok(None),
        Some(id) if id > 0 => Ok(Some(id)),
        _ => Err(LionDeskError::invalid_field(field, "must be a positive integer id", value)),
    }
}

/// An ISO 8601 instant, stored as `YYYY-MM-DDTHH:MM:SS.sssZ`.
pub fn read_instant(field: &str, value: &Value) -> Result<Option<String>> {
    match value {
        Value::Null => Ok(None),
        Value::String(s) => parse_instant(s.trim())
            .map(|at| Some(to_rfc3339_millis(at)))
            .ok_or_else(|| LionDeskError::invalid_field(field, "must be an ISO 8601 date-time", value)),
        _ => Err(LionDeskError::invalid_field(field, "must be an ISO 8601 date-time", value)),
    }
}

/// `read_text` of a body's key.
pub fn text_value(body: &Body, field: &str, max: usize) -> Result<Change<String>> {
    key(body, field, |v| read_text(field, v, max))
}

/// `read_id` of a body's key.
pub fn id_value(body: &Body, field: &str, zero_clears: bool) -> Result<Change<i64>> {
    key(body, field, |v| read_id(field, v, zero_clears))
}

/// `read_instant` of a body's key.
pub fn instant_value(body: &Body, field: &str) -> Result<Change<String>> {
    key(body, field, |v| read_instant(field, v))
}

/// An integer the size of a MySQL `INT`, given as a number or a numeric string (the custom
/// fields page sends `"rank": "1"`).
pub fn integer_value(body: &Body, field: &str) -> Result<Change<i64>> {
    key(body, field, |value| match integer(value) {
        _ if value.is_null() => Ok(None),
        Some(n) if i32::try_from(n).is_ok() => Ok(Some(n)),
        _ => Err(LionDeskError::invalid_field(field, "must be an integer from -2147483648 to 2147483647", value)),
    })
}

/// One of the documented `allowed` values, matched without regard to case (as a MySQL `ENUM`
/// column matches) and kept in the document's spelling.
pub fn one_of<T: From<&'static str>>(body: &Body, field: &str, allowed: &[&'static str]) -> Result<Change<T>> {
    key(body, field, |value| {
        if value.is_null() {
            return Ok(None);
        }
        value
            .as_str()
            .and_then(|s| allowed.iter().find(|a| a.eq_ignore_ascii_case(s.trim())))
            .map(|a| Some(T::from(*a)))
            .ok_or_else(|| LionDeskError::invalid_field(field, &format!("must be one of: {}", allowed.join(", ")), value))
    })
}

/// A required field's change: null is refused, and so is a `blank` value.
pub fn required_change<T>(body: &Body, field: &str, change: Change<T>, blank: impl Fn(&T) -> bool) -> Result<Option<T>> {
    match change {
        None => Ok(None),
        Some(None) => Err(missing(field)),
        Some(Some(v)) if blank(&v) => Err(LionDeskError::invalid_field(field, "must not be empty", &body[field])),
        Some(Some(v)) => Ok(Some(v)),
    }
}

/// A required field (`value` as it would be stored): null, absent or empty is a 400.
pub fn required(field: &str, value: Option<&str>) -> Result<()> {
    match value {
        Some(v) if !v.is_empty() => Ok(()),
        _ => Err(LionDeskError::invalid_field(field, "is required", &value.map_or(Value::Null, Value::from))),
    }
}

/// The 400 for a required field that was not given.
pub fn missing(field: &str) -> LionDeskError {
    LionDeskError::invalid_field(field, "is required", &Value::Null)
}

/// Whether `s` is empty or only white space.
pub fn blank(s: &str) -> bool {
    s.trim().is_empty()
}

/// Sets `slot` to the change, if there is one.
pub fn set<T: Clone>(slot: &mut T, change: &Option<T>) {
    if let Some(v) = change {
        *slot = v.clone();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn body(v: Value) -> Body {
        v.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn absent_null_and_value_are_told_apart() {
        let b = body(json!({"notes": null, "description": "Call back", "contact_id": "7", "assigned_user_id": 0}));
        assert_eq!(text_value(&b, "missing", 10).unwrap(), None);
        assert_eq!(text_value(&b, "notes", 10).unwrap(), Some(None));
        assert_eq!(text_value(&b, "description", 10).unwrap(), Some(Some("Call back".into())));
        assert_eq!(id_value(&b, "contact_id", false).unwrap(), Some(Some(7)));
        assert_eq!(id_value(&b, "assigned_user_id", true).unwrap(), Some(None));
        assert!(id_value(&b, "assigned_user_id", false).is_err());
    }

    #[test]
    fn limits_and_enumerations_name_the_field() {
        let b = body(json!({"type": "x".repeat(46), "status": "COMPLETE", "due_at": "soon"}));
        assert_eq!(text_value(&b, "type", 45).unwrap_err().to_string(), "Validation error: type must be at most 45 characters");
        assert_eq!(one_of::<String>(&b, "status", &["complete", "incomplete"]).unwrap(), Some(Some("complete".into())));
        assert_eq!(
            instant_value(&b, "due_at").unwrap_err().to_string(),
            "Validation error: due_at must be an ISO 8601 date-time"
        );
        assert_eq!(required("type", Some("")).unwrap_err().to_string(), "Validation error: type is required");
    }
}

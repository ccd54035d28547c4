//! Reading one field of a task or event body, as a Sequelize model validates it: a 400
//! "Validation error: <field> <reason>" naming the field. Each reader answers `None` when the
//! key is absent, `Some(None)` for null (clear it) and `Some(Some(v))` for a value.

use serde_json::{Map, Value};

use crate::core::clock::{parse_instant, to_rfc3339_millis};

use super::super::error::{LionDeskError, Result};

type Body = Map<String, Value>;

/// Text of at most `max` characters; numbers are taken as their text.
pub fn text_value(body: &Body, field: &str, max: usize) -> Result<Option<Option<String>>> {
    let Some(value) = body.get(field) else { return Ok(None) };
    let text = match value {
        Value::Null => return Ok(Some(None)),
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
    Ok(Some(Some(text)))
}

/// An id given as a number or a numeric string (LionDesk's own examples send `"2"`); null
/// clears it, and so does 0 where `zero_clears`.
pub fn id_value(body: &Body, field: &str, zero_clears: bool) -> Result<Option<Option<i64>>> {
    let Some(value) = body.get(field) else { return Ok(None) };
    let id = match value {
        Value::Null => return Ok(Some(None)),
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse::<i64>().ok(),
        _ => None,
    };
    match id {
        Some(0) if zero_clears => Ok(Some(None)),
        Some(id) if id > 0 => Ok(Some(Some(id))),
        _ => Err(LionDeskError::invalid_field(field, "must be a positive integer id", value)),
    }
}

/// An ISO 8601 instant, stored as `YYYY-MM-DDTHH:MM:SS.sssZ`.
pub fn instant_value(body: &Body, field: &str) -> Result<Option<Option<String>>> {
    let Some(value) = body.get(field) else { return Ok(None) };
    match value {
        Value::Null => Ok(Some(None)),
        Value::String(s) => parse_instant(s.trim())
            .map(|at| Some(Some(to_rfc3339_millis(at))))
            .ok_or_else(|| LionDeskError::invalid_field(field, "must be an ISO 8601 date-time", value)),
        _ => Err(LionDeskError::invalid_field(field, "must be an ISO 8601 date-time", value)),
    }
}

/// One of the documented `allowed` values, matched without regard to case (as a MySQL ENUM
/// column matches) and kept in the document's spelling.
pub fn one_of(body: &Body, field: &str, allowed: &[&str]) -> Result<Option<Option<String>>> {
    let Some(value) = body.get(field) else { return Ok(None) };
    if value.is_null() {
        return Ok(Some(None));
    }
    value
        .as_str()
        .and_then(|s| allowed.iter().find(|a| a.eq_ignore_ascii_case(s.trim())))
        .map(|a| Some(Some((*a).to_owned())))
        .ok_or_else(|| LionDeskError::invalid_field(field, &format!("must be one of: {}", allowed.join(", ")), value))
}

/// A required field (`value` as it would be stored): null, absent or empty is a 400.
pub fn required(field: &str, value: Option<&str>) -> Result<()> {
    match value {
        Some(v) if !v.is_empty() => Ok(()),
        _ => Err(LionDeskError::invalid_field(field, "is required", &value.map_or(Value::Null, Value::from))),
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
        assert_eq!(one_of(&b, "status", &["complete", "incomplete"]).unwrap(), Some(Some("complete".into())));
        assert_eq!(
            instant_value(&b, "due_at").unwrap_err().to_string(),
            "Validation error: due_at must be an ISO 8601 date-time"
        );
        assert_eq!(required("type", Some("")).unwrap_err().to_string(), "Validation error: type is required");
    }
}

//! Contact groups as the document answers them, and the body of a create or update.

use serde::Serialize;
use serde_json::Value;

use super::super::error::{LvError, Result};

/// The longest group name accepted (docs/fidelity.md).
pub const MAX_NAME: usize = 255;

/// A contact group (Read Contact Group, and each entry of `contactGroup`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ContactGroup {
    pub id: i64,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub modified_by: Option<String>,
    /// Epoch milliseconds.
    pub created_at: i64,
    pub modified_at: i64,
}

/// The `name` of a create or update body (other keys are ignored).
pub fn name_of(body: &Value) -> Result<String> {
    let body = body.as_object().ok_or_else(|| LvError::BadRequest("The request body must be a JSON object".into()))?;
    match body.get("name") {
        None | Some(Value::Null) => Err(LvError::bad_field("name", "is required")),
        Some(Value::String(s)) if s.trim().is_empty() => Err(LvError::bad_field("name", "is required")),
        Some(Value::String(s)) if s.chars().count() > MAX_NAME => {
            Err(LvError::bad_field("name", format!("must be at most {MAX_NAME} characters")))
        }
        Some(Value::String(s)) => Ok(s.trim().to_owned()),
        Some(_) => Err(LvError::bad_field("name", "must be a string")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_name_is_a_non_blank_string_of_at_most_255_characters() {
        let name = |v: Value| name_of(&v).map_err(|e| e.to_string());
        assert_eq!(name(json!({"name": " Client BOA ", "extra": 1})), Ok("Client BOA".into()));
        assert_eq!(name(json!({})), Err("name: is required".into()));
        assert_eq!(name(json!({"name": ""})), Err("name: is required".into()));
        assert_eq!(name(json!({"name": 5})), Err("name: must be a string".into()));
        assert_eq!(name(json!({"name": "x".repeat(256)})), Err("name: must be at most 255 characters".into()));
        assert_eq!(name(json!(["Client BOA"])), Err("The request body must be a JSON object".into()));
    }
}

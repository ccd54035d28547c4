//! Custom field definitions (COL1 to COL100): a label, a data type and, for LIST fields, the
//! predefined values; and the body of Update Custom Field, checked whole before anything is
//! written. Updating a definition never touches the values contacts hold.

use serde::Serialize;
use serde_json::Value;

use super::super::error::{LvError, Result};

/// The longest label or list value (the document's limit on a custom field's value).
pub const MAX_TEXT: usize = 255;
/// The most list values one field may have.
pub const MAX_LIST_VALUES: usize = 1000;
/// The data types, the default first.
pub const DATA_TYPES: [&str; 5] = ["NUMBER", "STRING", "DATE", "BOOLEAN", "LIST"];

/// One definition, as listed and read.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomField {
    /// 1 to 100, written `COL<n>`.
    #[serde(serialize_with = "column_name")]
    pub field: u8,
    pub label: String,
    pub data_type: String,
    /// Only for LIST fields.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub list_values: Option<Vec<String>>,
}

fn column_name<S: serde::Serializer>(field: &u8, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(&format!("COL{field}"))
}

/// The column a name such as `COL9` (any ASCII case) names: 1 to 100.
pub fn column(name: &str) -> Option<u8> {
    let digits = name.get(..3).filter(|p| p.eq_ignore_ascii_case("col")).and(name.get(3..))?;
    if digits.starts_with('0') || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse::<u8>().ok().filter(|n| (1..=100).contains(n))
}

/// One entry of an update: `listValues` is `None` when not sent.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldChange {
    pub field: u8,
    pub label: String,
    pub data_type: String,
    pub list_values: Option<Vec<String>>,
}

impl FieldChange {
    /// The definition after this change of `current`: a LIST field sent without `listValues`
    /// keeps the values it has; any other type has none.
    pub fn apply(&self, current: Option<&CustomField>) -> CustomField {
        let list_values = match (self.data_type.as_str(), &self.list_values) {
            ("LIST", Some(values)) => Some(values.clone()),
            ("LIST", None) => Some(current.and_then(|c| c.list_values.clone()).unwrap_or_default()),
            _ => None,
        };
        CustomField { field: self.field, label: self.label.clone(), data_type: self.data_type.clone(), list_values }
    }
}

fn text(value: &Value, path: &str) -> Result<String> {
    match value {
        Value::String(s) if s.chars().count() > MAX_TEXT => {
            Err(LvError::bad_field(path, format!("must be at most {MAX_TEXT} characters")))
        }
        Value::String(s) => Ok(s.clone()),
        _ => Err(LvError::bad_field(path, "must be a string")),
    }
}

/// Reads the body of Update Custom Field: `{"customFields": [{field, label, dataType?,
/// listValues?}]}`. `dataType` defaults to NUMBER; `listValues` only goes with LIST.
pub fn changes_of(body: &Value) -> Result<Vec<FieldChange>> {
    let body = body.as_object().ok_or_else(|| LvError::BadRequest("The request body must be a JSON object".into()))?;
    let entries = match body.get("customFields") {
        None | Some(Value::Null) => return Err(LvError::bad_field("customFields", "is required")),
        Some(Value::Array(entries)) if entries.len() > 100 => {
            return Err(LvError::bad_field("customFields", "must hold at most 100 fields"));
        }
        Some(Value::Array(entries)) => entries,
        Some(_) => return Err(LvError::bad_field("customFields", "must be an array")),
    };
    entries.iter().enumerate().map(|(i, entry)| change_of(entry, &format!("customFields[{i}]"))).collect()
}

fn change_of(entry: &Value, at: &str) -> Result<FieldChange> {
    let entry = entry.as_object().ok_or_else(|| LvError::bad_field(at, "must be an object"))?;
    let field = match entry.get("field") {
        None | Some(Value::Null) => return Err(LvError::bad_field(&format!("{at}.field"), "is required")),
        Some(Value::String(name)) => column(name)
            .ok_or_else(|| LvError::bad_field(&format!("{at}.field"), format!("'{name}' is not one of COL1 to COL100")))?,
        Some(_) => return Err(LvError::bad_field(&format!("{at}.field"), "must be a string")),
    };
    let label = match entry.get("label") {
        None | Some(Value::Null) => return Err(LvError::bad_field(&format!("{at}.label"), "is required")),
        Some(value) => text(value, &format!("{at}.label"))?,
    };
    let data_type = match entry.get("dataType") {
        None | Some(Value::Null) => DATA_TYPES[0].to_owned(),
        Some(Value::String(t)) if DATA_TYPES.contains(&t.as_str()) => t.clone(),
        Some(other) => {
            let path = format!("{at}.dataType");
            return Err(LvError::bad_field(&path, format!("{other} is not one of {}", DATA_TYPES.join(", "))));
        }
    };
    let list_values = match entry.get("listValues") {
        None | Some(Value::Null) => None,
        Some(Value::Array(_)) if data_type != "LIST" => {
            return Err(LvError::bad_field(&format!("{at}.listValues"), "only a LIST field has list values"));
        }
        Some(Value::Array(values)) if values.len() > MAX_LIST_VALUES => {
            return Err(LvError::bad_field(&format!("{at}.listValues"), format!("must hold at most {MAX_LIST_VALUES} values")));
        }
        Some(Value::Array(values)) => {
            Some(values.iter().enumerate().map(|(j, v)| text(v, &format!("{at}.listValues[{j}]"))).collect::<Result<_>>()?)
        }
        Some(_) => return Err(LvError::bad_field(&format!("{at}.listValues"), "must be an array of strings")),
    };
    Ok(FieldChange { field, label, data_type, list_values })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn columns_are_col1_to_col100() {
        assert_eq!((column("COL1"), column("col100"), column("Col9")), (Some(1), Some(100), Some(9)));
        for bad in ["COL0", "COL101", "COL09", "COL", "COLx", "C", "", "COL-1", "COL1 "] {
            assert_eq!(column(bad), None, "{bad}");
        }
    }

    #[test]
    fn an_update_defaults_to_number_and_keeps_list_values_for_list_fields_only() {
        let changes = changes_of(&json!({"customFields": [
            {"field": "COL11", "label": "Balance Due After Date"},
            {"field": "COL30", "label": "Test", "dataType": "LIST", "listValues": ["blue", "green"]},
            {"field": "COL30", "label": "Test", "dataType": "LIST"},
        ]}))
        .unwrap();
        assert_eq!(
            changes[0].apply(None),
            CustomField { field: 11, label: "Balance Due After Date".into(), data_type: "NUMBER".into(), list_values: None }
        );
        let list = changes[1].apply(None);
        assert_eq!(list.list_values, Some(vec!["blue".into(), "green".into()]));
        assert_eq!(changes[2].apply(Some(&list)).list_values, list.list_values, "a LIST field sent without values keeps them");
        assert_eq!(
            serde_json::to_value(&list).unwrap(),
            json!({"field": "COL30", "label": "Test", "dataType": "LIST", "listValues": ["blue", "green"]})
        );
    }

    #[test]
    fn an_update_names_the_entry_and_field_at_fault() {
        let message = |body: Value| changes_of(&body).unwrap_err().to_string();
        assert_eq!(message(json!({})), "customFields: is required");
        assert_eq!(message(json!({"customFields": {}})), "customFields: must be an array");
        assert_eq!(message(json!({"customFields": [{"label": "x"}]})), "customFields[0].field: is required");
        assert_eq!(
            message(json!({"customFields": [{"field": "COL7", "label": "x"}, {"field": "COL101", "label": "y"}]})),
            "customFields[1].field: 'COL101' is not one of COL1 to COL100"
        );
        assert_eq!(message(json!({"customFields": [{"field": "COL7"}]})), "customFields[0].label: is required");
        assert_eq!(
            message(json!({"customFields": [{"field": "COL7", "label": "x", "dataType": "TEXT"}]})),
            "customFields[0].dataType: \"TEXT\" is not one of NUMBER, STRING, DATE, BOOLEAN, LIST"
        );
        assert_eq!(
            message(json!({"customFields": [{"field": "COL7", "label": "x", "listValues": ["a"]}]})),
            "customFields[0].listValues: only a LIST field has list values"
        );
        assert_eq!(
            message(json!({"customFields": [{"field": "COL7", "label": "x", "dataType": "LIST", "listValues": ["a", 2]}]})),
            "customFields[0].listValues[1]: must be a string"
        );
        assert_eq!(
            message(json!({"customFields": [{"field": "COL7", "label": "x".repeat(256)}]})),
            "customFields[0].label: must be at most 255 characters"
        );
    }
}

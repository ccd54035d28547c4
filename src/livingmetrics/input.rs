//! The records the admin API arranges and the seed holds, in LivingMetrics' wire shape, with
//! their checks. Parsing names the JSON path of a wrong field; limits keep values the size a
//! real account would hold. What a record omits gets a default when it is stored.

use serde::Deserialize;
use serde_json::{Map, Value};

use crate::core::ArrangeError;
use crate::core::clock::parse_instant;

use super::model::timestamp;

pub const MAX_NAME: usize = 255;
pub const MAX_TEXT: usize = 10_000;
pub const MAX_ITEMS: usize = 100;

/// Checks the length of a text field (characters, not bytes).
pub fn check_len(index: usize, field: &str, value: Option<&str>, max: usize) -> Result<(), ArrangeError> {
    match value {
        Some(v) if v.chars().count() > max => Err(ArrangeError::record(index, field, format!("longer than {max} characters"))),
        _ => Ok(()),
    }
}

/// Parses an optional ISO 8601 timestamp into the stored form.
pub fn instant(index: usize, field: &str, value: Option<&str>) -> Result<Option<String>, ArrangeError> {
    value
        .map(|v| {
            parse_instant(v)
                .map(timestamp)
                .ok_or_else(|| ArrangeError::record(index, field, format!("'{v}' is not an ISO 8601 timestamp")))
        })
        .transpose()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct User {
    pub id: Option<i64>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub email: Option<String>,
    pub api_key: Option<String>,
    #[serde(default)]
    pub own_tasks_only: bool,
}

/// A task outcome, task type, task status or product status.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Named {
    pub id: Option<i64>,
    pub name: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomField {
    pub id: Option<i64>,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    #[serde(default)]
    pub powerdialer: bool,
}

/// An organization tag: `{"id"?, "name"}` or just its name.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum TagRef {
    Name(String),
    Full { id: Option<i64>, name: String },
}

impl TagRef {
    pub fn parts(&self) -> (Option<i64>, &str) {
        match self {
            TagRef::Name(name) => (None, name),
            TagRef::Full { id, name } => (*id, name),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organization {
    pub id: Option<i64>,
    pub name: String,
    pub domain: Option<String>,
    pub phone: Option<String>,
    #[serde(default)]
    pub tags: Vec<TagRef>,
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
    pub last_activity_at: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContactList {
    pub id: Option<i64>,
    pub name: String,
    #[serde(default)]
    pub tags: Vec<String>,
    /// Dynamic lists (`false`) are not listed by `GET /v1/contact_lists`.
    #[serde(default = "yes", rename = "static")]
    pub is_static: bool,
    /// Lists hidden from sales users are not listed either.
    #[serde(default = "yes")]
    pub visible_to_sales: bool,
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Product {
    pub id: Option<i64>,
    pub name: String,
    pub status_id: Option<i64>,
    pub price: Option<f64>,
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataImport {
    pub id: Option<i64>,
    pub name: String,
    pub field_keys: Vec<String>,
    pub created_at: Option<String>,
}

#[derive(Debug, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Email {
    pub email_address: String,
    #[serde(rename = "type", default = "work")]
    pub kind: String,
}

#[derive(Debug, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Phone {
    pub phone_number: String,
    #[serde(rename = "type", default = "work")]
    pub kind: String,
}

fn work() -> String {
    "work".to_owned()
}

#[derive(Debug, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct CrmId {
    pub crm_type: String,
    pub crm_object_type: String,
    pub crm_id: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deal {
    pub id: Option<i64>,
    /// Required in the `deals` collection; implied inside a contact's `deals`.
    pub contact_id: Option<i64>,
    pub name: String,
    pub value: Option<f64>,
    pub stage: Option<String>,
    pub product_id: Option<i64>,
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
}

/// A contact without its `custom_<id>` keys (split off by `split_custom`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub id: Option<i64>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub company: Option<String>,
    pub title: Option<String>,
    #[serde(default)]
    pub emails: Vec<Email>,
    #[serde(default)]
    pub phones: Vec<Phone>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub lead_score: i64,
    pub employer_id: Option<i64>,
    #[serde(default)]
    pub list_ids: Vec<i64>,
    #[serde(default)]
    pub crm_ids: Vec<CrmId>,
    #[serde(default)]
    pub deals: Vec<Deal>,
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
    pub visible_at: Option<String>,
}

/// Takes the `custom_<id>` keys out of a contact record.
pub fn split_custom(index: usize, record: &Value) -> Result<(Value, Map<String, Value>), ArrangeError> {
    let Value::Object(map) = record else {
        return Err(ArrangeError::record(index, "(record)", "expected a JSON object"));
    };
    let mut rest = Map::new();
    let mut custom = Map::new();
    for (key, value) in map {
        if key.starts_with("custom_") {
            if matches!(value, Value::Object(_) | Value::Array(_)) {
                return Err(ArrangeError::record(
                    index,
                    key.as_str(),
                    "a custom field value must be a string, number, boolean or null",
                ));
            }
            if value.as_str().is_some_and(|s| s.chars().count() > MAX_TEXT) {
                return Err(ArrangeError::record(index, key.as_str(), format!("longer than {MAX_TEXT} characters")));
            }
            custom.insert(key.clone(), value.clone());
        } else {
            rest.insert(key.clone(), value.clone());
        }
    }
    Ok((Value::Object(rest), custom))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Task {
    pub id: Option<i64>,
    pub contact_id: Option<i64>,
    pub user_id: Option<i64>,
    pub title: String,
    pub description: Option<String>,
    pub type_id: Option<i64>,
    pub status_id: Option<i64>,
    pub outcome_id: Option<i64>,
    pub due_at: Option<String>,
    pub completed: Option<bool>,
    pub completed_at: Option<String>,
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct History {
    pub id: Option<i64>,
    pub contact_id: Option<i64>,
    pub history_type: String,
    pub campaign_id: Option<i64>,
    pub email_guid: Option<String>,
    pub tracked_number_id: Option<i64>,
    pub description: Option<String>,
    pub created_at: Option<String>,
}

/// The text `search_term` looks in: names, company, e-mail addresses and phone numbers (also
/// as bare digits), lower-cased.
pub fn contact_search_text(c: &Contact) -> String {
    let mut parts: Vec<String> = Vec::new();
    parts.extend(c.first_name.iter().cloned());
    parts.extend(c.last_name.iter().cloned());
    if let (Some(first), Some(last)) = (&c.first_name, &c.last_name) {
        parts.push(format!("{first} {last}"));
    }
    parts.extend(c.company.iter().cloned());
    parts.extend(c.emails.iter().map(|e| e.email_address.clone()));
    for phone in &c.phones {
        parts.push(phone.phone_number.clone());
        parts.push(phone.phone_number.chars().filter(char::is_ascii_digit).collect());
    }
    parts.join("\n").to_lowercase()
}

//! LivingMetrics wire shapes. The vendor documents requests only; these response shapes are
//! crm-mock's (docs/fidelity.md, LivingMetrics), fixed so clients can rely on them.

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::value::RawValue;
use serde_json::{Map, Value};

/// Timestamps are ISO 8601 UTC to the second, as the document writes its date parameters
/// (`YYYY-MM-DDTHH:MM:SSZ`); stored the same way, so text order is time order.
pub fn timestamp(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// A list answer: `{"data": [...], "page": P, "limit": L, "total": T}`.
#[derive(Debug, Serialize)]
pub struct Page<T> {
    pub data: Vec<T>,
    pub page: i64,
    pub limit: i64,
    pub total: i64,
}

/// A one-record answer: `{"data": {...}}`.
#[derive(Debug, Serialize)]
pub struct One<T> {
    pub data: T,
}

/// A count answer: `{"count": N}`.
#[derive(Debug, Serialize)]
pub struct Count {
    pub count: i64,
}

/// A contact (a "prospect" in the document's last section).
#[derive(Debug, Serialize)]
pub struct Contact {
    pub id: i64,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub company: Option<String>,
    pub title: Option<String>,
    /// `[{"email_address", "type"}]`, stored as JSON.
    pub emails: Box<RawValue>,
    /// `[{"phone_number", "type"}]`, stored as JSON.
    pub phones: Box<RawValue>,
    pub tags: Box<RawValue>,
    pub lead_score: i64,
    pub employer_id: Option<i64>,
    pub list_ids: Box<RawValue>,
    /// `[{"crm_type", "crm_object_type", "crm_id"}]`, stored as JSON.
    pub crm_ids: Box<RawValue>,
    /// `custom_<id>` keys with their values.
    #[serde(flatten)]
    pub custom: Map<String, Value>,
    pub created_at: String,
    pub updated_at: String,
    pub visible_at: String,
    /// Only with `include_deals=true`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deals: Option<Vec<Deal>>,
    /// Only with `include_timeline=1`: the last 30 histories, newest first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeline: Option<Vec<History>>,
}

#[derive(Debug, Serialize, Clone)]
pub struct Deal {
    pub id: i64,
    #[serde(skip)]
    pub contact_id: i64,
    pub name: String,
    pub value: Option<f64>,
    pub stage: Option<String>,
    pub product_id: Option<i64>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Serialize, Clone)]
pub struct History {
    pub id: i64,
    pub contact_id: Option<i64>,
    pub history_type: String,
    pub campaign_id: Option<i64>,
    pub email_guid: Option<String>,
    pub tracked_number_id: Option<i64>,
    pub description: Option<String>,
    pub created_at: String,
}

#[derive(Debug, Serialize)]
pub struct Task {
    pub id: i64,
    pub contact_id: Option<i64>,
    pub user_id: Option<i64>,
    pub title: String,
    pub description: Option<String>,
    pub type_id: Option<i64>,
    pub status_id: Option<i64>,
    pub outcome_id: Option<i64>,
    pub due_at: Option<String>,
    pub completed: bool,
    pub completed_at: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Serialize)]
pub struct Organization {
    pub id: i64,
    pub name: String,
    pub domain: Option<String>,
    pub phone: Option<String>,
    /// `[{"id", "name"}]`, stored as JSON.
    pub tags: Box<RawValue>,
    pub created_at: String,
    pub updated_at: String,
    pub last_activity_at: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ContactList {
    pub id: i64,
    pub name: String,
    pub tags: Box<RawValue>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Serialize)]
pub struct Product {
    pub id: i64,
    pub name: String,
    pub status_id: Option<i64>,
    pub price: Option<f64>,
    pub created_at: String,
    pub updated_at: String,
}

/// A task outcome, task type, task status or product status.
#[derive(Debug, Serialize)]
pub struct Named {
    pub id: i64,
    pub name: String,
}

/// A contact field definition (`contacts/field`, `contacts/fields`).
#[derive(Debug, Serialize, Clone)]
pub struct FieldDef {
    pub field_key: String,
    pub label: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub custom: bool,
    pub powerdialer: bool,
}

/// Reads a JSON column into a raw value (the column always holds JSON written by crm-mock).
pub fn raw(text: String) -> Box<RawValue> {
    RawValue::from_string(text).unwrap_or_else(|_| RawValue::from_string("null".into()).expect("null is JSON"))
}

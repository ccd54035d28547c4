//! Closed tables of what a request may name: the standard contact fields, and the `order_by`
//! values of each list with the column each one sorts by.

use crate::core::sql::Column;

use super::error::{LivingMetricsError, Result};
use super::model::FieldDef;

/// (field_key, label, type, shown in the PowerDialer)
const STANDARD_FIELDS: &[(&str, &str, &str, bool)] = &[
    ("first_name", "First Name", "text", true),
    ("last_name", "Last Name", "text", true),
    ("company", "Company", "text", true),
    ("title", "Job Title", "text", true),
    ("emails.email_address", "Email Address", "email", true),
    ("emails.type", "Email Type", "text", false),
    ("phones.phone_number", "Phone Number", "phone", true),
    ("phones.type", "Phone Type", "text", false),
    ("tags", "Tags", "tags", true),
    ("lead_score", "Lead Score", "number", true),
    ("employer_id", "Employer (Account)", "reference", false),
    ("list_ids", "Contact Lists", "reference", false),
    ("crm_ids.crm_id", "CRM ID", "text", false),
    ("crm_ids.crm_type", "CRM Type", "text", false),
    ("crm_ids.crm_object_type", "CRM Object Type", "text", false),
    ("created_at", "Created At", "datetime", false),
    ("updated_at", "Updated At", "datetime", false),
    ("visible_at", "Visible At", "datetime", false),
];

/// The standard contact fields every account has.
pub fn standard_fields() -> impl Iterator<Item = FieldDef> {
    STANDARD_FIELDS.iter().map(|(key, label, kind, powerdialer)| FieldDef {
        field_key: (*key).to_owned(),
        label: (*label).to_owned(),
        kind: (*kind).to_owned(),
        custom: false,
        powerdialer: *powerdialer,
    })
}

/// The field types a custom field may have.
pub const CUSTOM_FIELD_TYPES: &[&str] =
    &["text", "textarea", "number", "date", "datetime", "select", "checkbox", "email", "phone", "url"];

/// `custom_<id>` → id.
pub fn custom_field_id(key: &str) -> Option<i64> {
    key.strip_prefix("custom_").and_then(super::params::parse_id)
}

fn invalid_order_by(value: &str, accepted: &str) -> LivingMetricsError {
    LivingMetricsError::BadRequest(format!("Invalid value '{value}' for parameter 'order_by': expected {accepted}"))
}

/// `order_by` of `GET /v1/contacts`: `updated`, `company`, `lead_score` or `visible_at` (default).
/// Company names compare without regard to case; contacts without one come first ascending
/// (docs/fidelity.md, contact order).
pub fn contact_order(value: Option<&str>) -> Result<Column> {
    Ok(match value {
        None | Some("visible_at") => Column::new("c.visible_at"),
        Some("updated") => Column::new("c.updated_at"),
        Some("company") => Column::new("c.company COLLATE NOCASE"),
        Some("lead_score") => Column::new("c.lead_score"),
        Some(other) => return Err(invalid_order_by(other, "updated, company, lead_score or visible_at")),
    })
}

/// `order_by` of `GET /v1/organizations`: `last_activity`, `updated_at` or `created_at` (default).
pub fn organization_order(value: Option<&str>) -> Result<Column> {
    Ok(match value {
        None | Some("created_at") => Column::new("o.created_at"),
        Some("updated_at") => Column::new("o.updated_at"),
        Some("last_activity") => Column::new("o.last_activity_at"),
        Some(other) => return Err(invalid_order_by(other, "last_activity, updated_at or created_at")),
    })
}

/// `order_by` of `GET /v1/contact_lists`: `created` (default) or `updated`.
pub fn contact_list_order(value: Option<&str>) -> Result<Column> {
    Ok(match value {
        None | Some("created") => Column::new("l.created_at"),
        Some("updated") => Column::new("l.updated_at"),
        Some(other) => return Err(invalid_order_by(other, "created or updated")),
    })
}

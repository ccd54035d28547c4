//! The contact fields every account has (Get Contact Field Definition, List Contact Fields),
//! the types a custom field may have, and the `custom_<id>` keys that name custom fields.

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
    key.strip_prefix("custom_").and_then(super::filters::parse_id)
}

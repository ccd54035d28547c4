//! LeadConnector's per-tenant settings: `allowDuplicateContact`, the location's "Allow Duplicate
//! Contact" setting (default `false`: a create whose email, else phone, matches a contact is
//! refused, and an upsert updates the match). Read and changed through
//! `/__admin/tenants/{id}/leadconnector/settings`.

use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::NAME;
use super::error::Result;
use crate::core::TenantId;
use crate::core::Tx;

/// The setting's key.
pub const ALLOW_DUPLICATE_CONTACT: &str = "allowDuplicateContact";

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Settings {
    #[serde(default)]
    allow_duplicate_contact: bool,
}

/// What a new tenant starts with.
pub fn defaults() -> Map<String, Value> {
    match json!({ ALLOW_DUPLICATE_CONTACT: false }) {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// Whether the tenant's location allows duplicated contacts.
pub fn allows_duplicates(tx: &Tx, tenant: &TenantId) -> Result<bool> {
    let settings: Settings = crate::core::settings::read(tx, tenant, NAME)?;
    Ok(settings.allow_duplicate_contact)
}

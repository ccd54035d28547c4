//! Per-tenant settings of each vendor (LiveVox's time zone, LeadConnector's duplicate rule): a
//! JSON object stored with the tenant in `core_settings`. A vendor declares its settings and
//! their defaults (`Vendor::default_settings`) and checks a changed set (`check_settings`); a
//! tenant starts with the defaults, the admin API reads and changes them, reset puts the
//! defaults back and snapshots keep them, because the table leads with `tenant_id`. A vendor
//! reads them in its own transactions as a typed struct:
//!
//! ```ignore
//! #[derive(Deserialize)]
//! struct Settings { time_zone: String }
//! let settings: Settings = crate::core::settings::read(tx, &tenant, "livevox")?;
//! ```

use rusqlite::{OptionalExtension, params};
use serde_json::{Map, Value};

use crate::core::Tx;

use super::error::{CoreError, from_value};
use super::tenant::TenantId;
use super::vendor::Vendor;

/// Stores `settings` as the tenant's settings of `vendor`.
pub fn store(tx: &Tx, tenant: &TenantId, vendor: &str, settings: &Map<String, Value>) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO core_settings (tenant_id, vendor, settings) VALUES (?1, ?2, ?3)
         ON CONFLICT (tenant_id, vendor) DO UPDATE SET settings = excluded.settings",
    )?
    .execute(params![tenant, vendor, Value::Object(settings.clone()).to_string()])?;
    Ok(())
}

/// The tenant's settings of `vendor` as stored (empty when the vendor has none).
pub fn get(tx: &Tx, tenant: &TenantId, vendor: &str) -> rusqlite::Result<Map<String, Value>> {
    let text: Option<String> = tx
        .prepare_cached("SELECT settings FROM core_settings WHERE tenant_id = ?1 AND vendor = ?2")?
        .query_row(params![tenant, vendor], |r| r.get(0))
        .optional()?;
    Ok(match text.and_then(|t| serde_json::from_str(&t).ok()) {
        Some(Value::Object(map)) => map,
        _ => Map::new(),
    })
}

/// The tenant's settings of `vendor` read as `T`.
pub fn read<T: serde::de::DeserializeOwned>(tx: &Tx, tenant: &TenantId, vendor: &str) -> Result<T, CoreError> {
    let map = get(tx, tenant, vendor)?;
    from_value(&Value::Object(map)).map_err(|e| CoreError::Startup(format!("{vendor} settings: {}", e.message)))
}

/// Applies `changes` to the tenant's settings of `vendor`: only known keys, values of the type
/// of their default, then the vendor's own check. Answers the settings as stored, or a message
/// naming the field at fault (and nothing is stored).
pub fn change(
    tx: &Tx,
    tenant: &TenantId,
    vendor: &dyn Vendor,
    changes: &Map<String, Value>,
) -> Result<Result<Map<String, Value>, String>, CoreError> {
    let defaults = vendor.default_settings();
    if defaults.is_empty() {
        return Ok(Err(format!("{} has no settings", vendor.name())));
    }
    let mut settings = get(tx, tenant, vendor.name())?;
    for (key, value) in changes {
        let Some(default) = defaults.get(key) else {
            let known: Vec<&str> = defaults.keys().map(String::as_str).collect();
            return Ok(Err(format!("{key}: unknown setting (known: {})", known.join(", "))));
        };
        if !same_type(default, value) {
            return Ok(Err(format!("{key}: expected {}, not {value}", type_name(default))));
        }
        settings.insert(key.clone(), value.clone());
    }
    if let Err(message) = vendor.check_settings(&settings) {
        return Ok(Err(message));
    }
    store(tx, tenant, vendor.name(), &settings)?;
    Ok(Ok(settings))
}

/// Whether `value` has the JSON type of `default` (null takes the place of nothing).
fn same_type(default: &Value, value: &Value) -> bool {
    matches!(
        (default, value),
        (Value::Bool(_), Value::Bool(_))
            | (Value::Number(_), Value::Number(_))
            | (Value::String(_), Value::String(_))
            | (Value::Array(_), Value::Array(_))
            | (Value::Object(_), Value::Object(_))
            | (Value::Null, _)
    )
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
        Value::Null => "any value",
    }
}

//! Arranging contacts: for now an `account` (and optionally its `id`) only.

use rusqlite::params;
use serde_json::Value;

use crate::core::{ArrangeError, Arranging, Record};

/// Arranges one record; answers its id.
pub fn arrange(a: &Arranging<'_>, record: &Record<'_>) -> Result<Value, ArrangeError> {
    let map = record.only(&["id", "account"])?;
    let account = map
        .get("account")
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
        .ok_or_else(|| record.error("account", "is required"))?;
    let id = a.take_id(record, "id", "lv_contacts", record.positive(map, "id", true)?)?;
    let now = a.now.timestamp_millis();
    a.tx.prepare_cached(
        "INSERT INTO lv_contacts (tenant_id, id, account, create_date, modify_date) VALUES (?1, ?2, ?3, ?4, ?4)",
    )?
    .execute(params![a.tenant, id, account, now])?;
    Ok(id.into())
}

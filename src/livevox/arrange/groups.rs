//! Arranging contact groups: the document's group (`id`, `name`, `createdBy`, `modifiedBy`,
//! `createdAt`, `modifiedAt`); the dates default to the request's time.

use serde::Deserialize;
use serde_json::Value;

use super::super::model::group::{ContactGroup, name_of};
use super::super::store::groups::{self as store, TABLE};
use super::{at, millis};
use crate::core::{ArrangeError, Arranging, Record};

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ArrangedGroup {
    id: Option<i64>,
    #[allow(dead_code)]
    name: Value,
    created_by: Option<String>,
    modified_by: Option<String>,
    created_at: Option<Value>,
    modified_at: Option<Value>,
}

/// Arranges one record; answers its id.
pub fn arrange(a: &Arranging<'_>, record: &Record<'_>) -> Result<Value, ArrangeError> {
    let g: ArrangedGroup = record.parse()?;
    let name = at(record, name_of(record.value))?;
    let created_at = millis(record, "createdAt", g.created_at.as_ref())?.unwrap_or(a.now.timestamp_millis());
    let modified_at = millis(record, "modifiedAt", g.modified_at.as_ref())?.unwrap_or(created_at);
    let id = a.take_id(record, "id", TABLE.name(), g.id)?;
    let group = ContactGroup { id, name, created_by: g.created_by, modified_by: g.modified_by, created_at, modified_at };
    store::insert(a.tx, a.tenant, &group)?;
    Ok(id.into())
}

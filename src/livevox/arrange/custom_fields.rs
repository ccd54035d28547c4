//! Arranging custom field definitions: the document's entry (`field`, `label`, `dataType`,
//! `listValues`), checked as Update Custom Field checks it; a field arranged twice is a 400.

use serde_json::{Value, json};

use super::super::model::custom_field::changes_of;
use super::super::store::custom_fields as store;
use super::at;
use crate::core::{ArrangeError, Arranging, Record};

/// Arranges one record; answers its field name.
pub fn arrange(a: &Arranging<'_>, record: &Record<'_>) -> Result<Value, ArrangeError> {
    record.only(&["field", "label", "dataType", "listValues"])?;
    let changes = changes_of(&json!({ "customFields": [record.value] })).map_err(|e| {
        let message = e.to_string();
        let message = message.strip_prefix("customFields[0].").unwrap_or(&message).to_owned();
        super::super::error::LvError::BadRequest(message)
    });
    let change = at(record, changes)?.remove(0);
    if store::one(a.tx, a.tenant, change.field)?.is_some() {
        return Err(record.error("field", format!("COL{} is already defined", change.field)));
    }
    store::put(a.tx, a.tenant, &change.apply(None))?;
    Ok(json!(format!("COL{}", change.field)))
}

//! Arranging custom fields: the custom fields page's record (`data_type` and `name` required)
//! plus its `id` and owning `user_id` (default: user 1).

use serde_json::Value;

use super::super::model::input::FromBody;
use super::super::model::lists::{CustomField, CustomFieldChanges};
use super::super::store::custom_fields as store;
use super::{AtRecord, id_in, user};
use crate::core::{ArrangeError, Arranging, Record};

/// Arranges one record; answers its id.
pub fn arrange(a: &Arranging<'_>, record: &Record<'_>) -> Result<Value, ArrangeError> {
    let map = record.only(&["id", "user_id", "data_type", "name", "rank"])?;
    let changes = CustomFieldChanges::from_json(record.value).at(record)?;
    let user_id = user(a, record, map, "user_id")?;
    let field = changes.create(0, user_id).at(record)?;
    let id = id_in(a, record, map, &store::TABLE)?;
    store::insert(a.tx, a.tenant, &CustomField { id, ..field })?;
    Ok(id.into())
}

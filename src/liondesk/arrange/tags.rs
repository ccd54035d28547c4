//! Arranging tags: the tags page's record (`content` required) plus its `id` and owning
//! `user_id` (default: user 1).

use serde_json::Value;

use super::super::model::input::FromBody;
use super::super::model::lists::{Tag, TagChanges};
use super::super::store::tags as store;
use super::{AtRecord, id_in, user};
use crate::core::{ArrangeError, Arranging, Record};

/// Arranges one record; answers its id.
pub fn arrange(a: &Arranging<'_>, record: &Record<'_>) -> Result<Value, ArrangeError> {
    let map = record.only(&["id", "user_id", "content"])?;
    let changes = TagChanges::from_json(record.value).at(record)?;
    let user_id = user(a, record, map, "user_id")?;
    let tag = changes.create(0, user_id).at(record)?;
    let id = id_in(a, record, map, &store::TABLE)?;
    store::insert(a.tx, a.tenant, &Tag { id, ..tag })?;
    Ok(id.into())
}

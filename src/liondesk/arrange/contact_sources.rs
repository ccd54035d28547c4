//! Arranging contact sources: the sources page's record plus its `id`, owning `user_id`
//! (default: user 1) and `created_at` (shown where a contact embeds it; default: now).

use serde_json::Value;

use super::super::model::input::FromBody;
use super::super::model::lists::{Source, SourceChanges};
use super::super::store::sources as store;
use super::{AtRecord, id_in, instant, now, user};
use crate::core::{ArrangeError, Arranging, Record};

/// Arranges one record; answers its id.
pub fn arrange(a: &Arranging<'_>, record: &Record<'_>) -> Result<Value, ArrangeError> {
    let map = record.only(&["id", "user_id", "name", "created_at"])?;
    let changes = SourceChanges::from_json(record.value).at(record)?;
    let user_id = user(a, record, map, "user_id")?;
    let created_at = instant(record, map, "created_at")?.unwrap_or_else(|| now(a));
    let id = id_in(a, record, map, &store::TABLE)?;
    store::insert(a.tx, a.tenant, &changes.apply(&Source { id, user_id, name: None, created_at }))?;
    Ok(id.into())
}

//! Arranging hotnesses: the hotnesses page's record plus its `id` and owning `user_id`
//! (default: user 1).

use serde_json::Value;

use super::super::model::input::FromBody;
use super::super::model::lists::{Hotness, HotnessChanges};
use super::super::store::hotnesses as store;
use super::{AtRecord, id_in, user};
use crate::core::{ArrangeError, Arranging, Record};

/// Arranges one record; answers its id.
pub fn arrange(a: &Arranging<'_>, record: &Record<'_>) -> Result<Value, ArrangeError> {
    let map = record.only(&["id", "user_id", "name", "rank", "color"])?;
    let changes = HotnessChanges::from_json(record.value).at(record)?;
    let user_id = user(a, record, map, "user_id")?;
    let id = id_in(a, record, map, &store::TABLE)?;
    store::insert(a.tx, a.tenant, &changes.apply(&Hotness { id, user_id, name: None, rank: None, color: None }))?;
    Ok(id.into())
}

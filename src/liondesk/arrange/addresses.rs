//! Arranging addresses: the addresses page's record plus its `id`, the `contact_id` it belongs
//! to (required) and `created_at` and `modified_at` (default: now, and `created_at`; an
//! explicit null stays null, as on the contacts page's sample address).

use serde_json::Value;

use super::super::model::input::FromBody;
use super::super::model::lists::{Address, AddressChanges};
use super::super::store::addresses as store;
use super::{AtRecord, id_in, instant, now};
use crate::core::{ArrangeError, Arranging, Record};

const KEYS: &[&str] =
    &["id", "contact_id", "type", "street_address_1", "street_address_2", "zip", "city", "state", "created_at", "modified_at"];

/// Arranges one record; answers its id.
pub fn arrange(a: &Arranging<'_>, record: &Record<'_>) -> Result<Value, ArrangeError> {
    let map = record.only(KEYS)?;
    let changes = AddressChanges::from_json(record.value).at(record)?;
    let contact_id = record.positive(map, "contact_id", true)?.ok_or_else(|| record.error("contact_id", "is required"))?;
    a.check_ref(record, "contact_id", "ld_contacts", "contact", Some(contact_id))?;
    let stamp = |field: &str, default: Option<String>| -> Result<Option<String>, ArrangeError> {
        if map.get(field).is_some_and(Value::is_null) { Ok(None) } else { Ok(instant(record, map, field)?.or(default)) }
    };
    let created_at = stamp("created_at", Some(now(a)))?;
    let modified_at = stamp("modified_at", created_at.clone())?;
    let id = id_in(a, record, map, &store::TABLE)?;
    let blank = Address { id, contact_id, created_at, modified_at, ..Address::default() };
    store::insert(a.tx, a.tenant, &changes.apply(&blank))?;
    Ok(id.into())
}

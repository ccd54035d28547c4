//! Arranging contacts: `CreateContactDto`'s fields (checked as Create Contact checks them, less
//! `locationId`, which is the tenant's) plus what only HighLevel sets: `id`, `dateAdded`,
//! `dateUpdated`, `type`, `businessId` (a business arranged before), `attributionSource`,
//! `lastAttributionSource`, `visitorId`, `ssn`, `keyword`, `lastActivity`, `attachments` and
//! `followers`. Duplicates are not refused here, so a seed can hold them.

use serde_json::{Map, Value};

use super::super::model::contact::Contact;
use super::super::model::contact_input::{Dto, props, read_fields};
use super::super::store::{businesses, contacts as store};
use super::super::validate::{self, Kind, Prop, opt};
use super::{at, explicit_id, instant};
use crate::core::ids::random_alnum;
use crate::core::{ArrangeError, Arranging, Record};

/// What only HighLevel sets.
const SERVER_FIELDS: &[Prop] = &[
    opt("type", Kind::Str),
    opt("businessId", Kind::Str),
    opt("attributionSource", Kind::Object),
    opt("lastAttributionSource", Kind::Object),
    opt("visitorId", Kind::Str),
    opt("ssn", Kind::Str),
    opt("keyword", Kind::Str),
    opt("lastActivity", Kind::Str),
    opt("attachments", Kind::Str),
    opt("followers", Kind::Strings),
];

/// Arranges one record; answers its id.
pub fn arrange(a: &Arranging<'_>, record: &Record<'_>) -> Result<Value, ArrangeError> {
    let id = explicit_id(record, "id")?;
    let date_added = instant(record, "dateAdded")?.unwrap_or(a.now.timestamp_millis());
    let date_updated = instant(record, "dateUpdated")?.unwrap_or(date_added);
    let mut rest: Map<String, Value> = record.object()?.clone();
    for key in ["id", "dateAdded", "dateUpdated"] {
        rest.remove(key);
    }
    let mut all: Vec<Prop> = props(Dto::Update);
    all.extend_from_slice(SERVER_FIELDS);
    let rest = Value::Object(rest);
    let map = at(record, validate::object(&rest, &all))?;
    let input = at(record, read_fields(map, all.iter().map(|p| p.name), Dto::Create))?;
    if let Some(business) = input.changes.get("businessId").and_then(Value::as_str)
        && !businesses::exists(a.tx, a.tenant, business)?
    {
        return Err(record.error("businessId", format!("business {business} does not exist")));
    }
    let id = id.unwrap_or_else(|| random_alnum(20));
    if store::exists(a.tx, a.tenant, &id)? {
        return Err(record.error("id", format!("{id} already exists")));
    }
    let mut contact = Contact { id: id.clone(), date_added, date_updated, data: Default::default() };
    input.apply_to(&mut contact);
    store::insert(a.tx, a.tenant, &contact)?;
    Ok(Value::String(id))
}

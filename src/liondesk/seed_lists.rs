//! Arranging a contact's addresses and each user's lists: the records of
//! `POST /__admin/tenants/{id}/liondesk/{hotnesses|contact_sources|custom_fields|tags|addresses}`
//! in the API's wire shape (numbers or numeric strings for ids), checked as the API checks a
//! body, plus what only the admin may set: `id`, the owning `user_id` (default: user 1), and an
//! address's `contact_id`, `created_at` and `modified_at`. Keys a record cannot have are refused,
//! so a misspelt field does not pass silently.

use rusqlite::Transaction;
use serde_json::{Map, Value};

use super::input::FromBody;
use super::lists::{Address, AddressChanges, CustomFieldChanges, Hotness, HotnessChanges, Source, SourceChanges, TagChanges};
use super::seed::record_error;
use super::store::table::Table;
use super::store::{addresses, contacts, custom_fields, hotnesses, sources, tags, users};
use crate::core::clock::{parse_instant, to_rfc3339_millis};
use crate::core::{ArrangeError, TenantId};

/// Record `index`, which must be a JSON object.
pub(super) fn record_object(index: usize, record: &Value) -> Result<&Map<String, Value>, ArrangeError> {
    record.as_object().ok_or_else(|| ArrangeError::record(index, "(record)", "expected a JSON object"))
}

/// The record as an object holding only `keys`.
fn object<'a>(index: usize, record: &'a Value, keys: &[&str]) -> Result<&'a Map<String, Value>, ArrangeError> {
    let map = record_object(index, record)?;
    match map.keys().find(|k| !keys.contains(&k.as_str())) {
        Some(unknown) => {
            Err(ArrangeError::record(index, unknown, format!("unknown field (expected one of: {})", keys.join(", "))))
        }
        None => Ok(map),
    }
}

/// A positive integer given as a number or a numeric string.
fn positive(index: usize, map: &Map<String, Value>, name: &str) -> Result<Option<i64>, ArrangeError> {
    match map.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v
            .as_i64()
            .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))
            .filter(|n: &i64| *n > 0)
            .map(Some)
            .ok_or_else(|| ArrangeError::record(index, name, "must be a positive integer")),
    }
}

/// The record's `id` (claimed) or the next one of `table`.
fn id<T>(
    tx: &Transaction,
    tenant: &TenantId,
    index: usize,
    map: &Map<String, Value>,
    table: &Table<T>,
) -> Result<i64, ArrangeError> {
    claim(tx, tenant, index, table, positive(index, map, "id")?)
}

/// `id`, which must be new, claimed; or the next one of `table`.
pub(super) fn claim<T>(
    tx: &Transaction,
    tenant: &TenantId,
    index: usize,
    table: &Table<T>,
    id: Option<i64>,
) -> Result<i64, ArrangeError> {
    match id {
        Some(id) if table.exists(tx, tenant, &id)? => Err(ArrangeError::record(index, "id", format!("{id} already exists"))),
        id => Ok(table.next_or_claim(tx, tenant, id)?),
    }
}

/// The owning user (`user_id`, default 1), who must exist.
fn owner(tx: &Transaction, tenant: &TenantId, index: usize, map: &Map<String, Value>) -> Result<i64, ArrangeError> {
    let user = positive(index, map, "user_id")?.unwrap_or(1);
    if !users::user_exists(tx, tenant, user)? {
        return Err(ArrangeError::record(index, "user_id", format!("user {user} does not exist")));
    }
    Ok(user)
}

fn instant(index: usize, map: &Map<String, Value>, name: &str) -> Result<Option<String>, ArrangeError> {
    match map.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v
            .as_str()
            .and_then(|s| parse_instant(s.trim()))
            .map(|at| Some(to_rfc3339_millis(at)))
            .ok_or_else(|| ArrangeError::record(index, name, "must be an ISO 8601 date-time")),
    }
}

pub fn hotness(tx: &Transaction, tenant: &TenantId, index: usize, record: &Value) -> Result<Value, ArrangeError> {
    let map = object(index, record, &["id", "user_id", "name", "rank", "color"])?;
    let changes = HotnessChanges::from_json(record).map_err(|e| record_error(index, e))?;
    let user_id = owner(tx, tenant, index, map)?;
    let id = id(tx, tenant, index, map, &hotnesses::TABLE)?;
    hotnesses::insert(tx, tenant, &changes.apply(&Hotness { id, user_id, name: None, rank: None, color: None }))?;
    Ok(id.into())
}

/// A source; `created_at` (shown where a contact embeds it) defaults to now.
pub fn source(tx: &Transaction, tenant: &TenantId, index: usize, record: &Value, now: &str) -> Result<Value, ArrangeError> {
    let map = object(index, record, &["id", "user_id", "name", "created_at"])?;
    let changes = SourceChanges::from_json(record).map_err(|e| record_error(index, e))?;
    let user_id = owner(tx, tenant, index, map)?;
    let created_at = instant(index, map, "created_at")?.unwrap_or_else(|| now.to_owned());
    let id = id(tx, tenant, index, map, &sources::TABLE)?;
    sources::insert(tx, tenant, &changes.apply(&Source { id, user_id, name: None, created_at }))?;
    Ok(id.into())
}

pub fn custom_field(tx: &Transaction, tenant: &TenantId, index: usize, record: &Value) -> Result<Value, ArrangeError> {
    let map = object(index, record, &["id", "user_id", "data_type", "name", "rank"])?;
    let changes = CustomFieldChanges::from_json(record).map_err(|e| record_error(index, e))?;
    let user_id = owner(tx, tenant, index, map)?;
    let field = changes.create(0, user_id).map_err(|e| record_error(index, e))?;
    let id = id(tx, tenant, index, map, &custom_fields::TABLE)?;
    custom_fields::insert(tx, tenant, &super::lists::CustomField { id, ..field })?;
    Ok(id.into())
}

pub fn tag(tx: &Transaction, tenant: &TenantId, index: usize, record: &Value) -> Result<Value, ArrangeError> {
    let map = object(index, record, &["id", "user_id", "content"])?;
    let changes = TagChanges::from_json(record).map_err(|e| record_error(index, e))?;
    let user_id = owner(tx, tenant, index, map)?;
    let tag = changes.create(0, user_id).map_err(|e| record_error(index, e))?;
    let id = id(tx, tenant, index, map, &tags::TABLE)?;
    tags::insert(tx, tenant, &super::lists::Tag { id, ..tag })?;
    Ok(id.into())
}

/// An address of contact `contact_id` (required); `created_at` and `modified_at` default to now
/// (an explicit null stays null).
pub fn address(tx: &Transaction, tenant: &TenantId, index: usize, record: &Value, now: &str) -> Result<Value, ArrangeError> {
    let keys =
        ["id", "contact_id", "type", "street_address_1", "street_address_2", "zip", "city", "state", "created_at", "modified_at"];
    let map = object(index, record, &keys)?;
    let changes = AddressChanges::from_json(record).map_err(|e| record_error(index, e))?;
    let contact_id =
        positive(index, map, "contact_id")?.ok_or_else(|| ArrangeError::record(index, "contact_id", "is required"))?;
    if contacts::get(tx, tenant, contact_id)?.is_none() {
        return Err(ArrangeError::record(index, "contact_id", format!("contact {contact_id} does not exist")));
    }
    // An explicit null stays null (the contacts page's sample address has null stamps).
    let stamp = |name: &str, default: Option<String>| -> Result<Option<String>, ArrangeError> {
        if map.get(name).is_some_and(Value::is_null) { Ok(None) } else { Ok(instant(index, map, name)?.or(default)) }
    };
    let created_at = stamp("created_at", Some(now.to_owned()))?;
    let modified_at = stamp("modified_at", created_at.clone())?;
    let id = id(tx, tenant, index, map, &addresses::TABLE)?;
    let blank = Address { id, contact_id, kind: None, text: Default::default(), created_at, modified_at };
    addresses::insert(tx, tenant, &changes.apply(&blank))?;
    Ok(id.into())
}

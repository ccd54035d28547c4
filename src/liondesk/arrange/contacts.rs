//! Arranging contacts: the contacts page's Submit body (with `custom_fields` values) plus its
//! `id` and `owner_user_id` (default: user 1), checked as the owner's own submission would be.

use serde_json::Value;

use super::super::model::contact::{self, ContactChanges};
use super::super::model::input::FromBody;
use super::super::store::contacts as store;
use super::{AtRecord, now, user};
use crate::core::{ArrangeError, Arranging, Record};

/// The keys a record may have: the page's writable fields, `id` and `owner_user_id`.
const KEYS: &[&str] = &[
    "id",
    "owner_user_id",
    "assigned_user_id",
    "first_name",
    "last_name",
    "email",
    "mobile_phone",
    "home_phone",
    "office_phone",
    "fax",
    "company",
    "birthday",
    "anniversary",
    "spouse_name",
    "spouse_email",
    "spouse_phone",
    "spouse_birthday",
    "tags",
    "hotness_id",
    "source_id",
    "created_at",
    "modified_at",
    "custom_fields",
];

/// Arranges one record; answers its id.
pub fn arrange(a: &Arranging<'_>, record: &Record<'_>) -> Result<Value, ArrangeError> {
    let map = record.only(KEYS)?;
    let asked = record.positive(map, "id", false)?;
    let owner = user(a, record, map, "owner_user_id")?;
    let id = a.take_id(record, "id", store::TABLE.name(), asked)?;
    let changes = ContactChanges::from_json(record.value).at(record)?;
    contact::create(a.tx, a.tenant, owner, Some(id), &changes, &now(a)).at(record)?;
    Ok(id.into())
}

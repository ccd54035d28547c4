//! Arranging LionDesk records: the body of `POST /__admin/tenants/{id}/liondesk/{collection}`
//! and the files in `seed-data/liondesk/`, one file here per collection, plus installing a
//! tenant's credentials (`install`). Records are in LionDesk's wire shape, checked as the API
//! checks a body, and the admin may also set what the API never lets a client set (`id`,
//! owners, sharing, teams). Unlike the API, which ignores keys a record does not have (as a
//! Sequelize model does), arranging refuses them, so a misspelt field is a 400 naming it rather
//! than a silent null. Every explicit id is one from 1 to `core::sequence::MAX_ID` that is new
//! in its table; without one, the table's sequence gives the next.

mod addresses;
mod contact_sources;
mod contacts;
mod custom_fields;
mod events;
mod generate;
mod hotnesses;
mod install;
mod shares;
mod tags;
mod tasks;
mod team_settings;
mod teams;
mod users;

use serde_json::{Map, Value};

use super::error::LionDeskError;
use crate::core::clock::{parse_instant, to_rfc3339_millis};
use crate::core::sql::Table;
use crate::core::{ArrangeError, Arranging, Collection, Record};

pub use generate::generator;
pub use install::install;

/// Collections in load order: what a record refers to is loaded before it.
pub const COLLECTIONS: &[Collection] = &[
    Collection::new("users", users::arrange).stored_in("ld_users"),
    Collection::new("teams", teams::arrange).stored_in("ld_teams"),
    Collection::new("team_settings", team_settings::arrange),
    Collection::new("hotnesses", hotnesses::arrange).stored_in("ld_hotnesses"),
    Collection::new("contact_sources", contact_sources::arrange).stored_in("ld_contact_sources"),
    Collection::new("custom_fields", custom_fields::arrange).stored_in("ld_custom_fields"),
    Collection::new("tags", tags::arrange).stored_in("ld_tags"),
    Collection::new("contacts", contacts::arrange).stored_in("ld_contacts"),
    Collection::new("shares", shares::arrange).stored_in("ld_contact_shares"),
    Collection::new("addresses", addresses::arrange).stored_in("ld_addresses"),
    Collection::new("tasks", tasks::arrange).stored_in("ld_tasks"),
    Collection::new("events", events::arrange).stored_in("ld_events"),
];

/// The table of LionDesk's users, which many records name.
const USERS: &str = "ld_users";

/// What the API would answer about a record, said of the record instead.
trait AtRecord<T> {
    /// A 400 names its field (the first Sequelize-style error's `path`); a failure below
    /// stays one.
    fn at(self, record: &Record<'_>) -> Result<T, ArrangeError>;
}

impl<T> AtRecord<T> for Result<T, LionDeskError> {
    fn at(self, record: &Record<'_>) -> Result<T, ArrangeError> {
        self.map_err(|e| match e {
            LionDeskError::GeneralError(core) => ArrangeError::Core(core),
            LionDeskError::BadRequest { ref errors, .. } => {
                let field = errors.get(0).and_then(|x| x.get("path")).and_then(Value::as_str).unwrap_or("(record)").to_owned();
                record.error(field, e.to_string())
            }
            other => record.error("(record)", other.to_string()),
        })
    }
}

/// The request's time as stored.
fn now(a: &Arranging<'_>) -> String {
    to_rfc3339_millis(a.now)
}

/// The record's `id` (a number or a numeric string) or the next one of `table`.
fn id_in<T>(a: &Arranging<'_>, record: &Record<'_>, map: &Map<String, Value>, table: &Table<T>) -> Result<i64, ArrangeError> {
    a.take_id(record, "id", table.name(), record.positive(map, "id", true)?)
}

/// The user `field` names (user 1, the account owner, when it is absent), who must exist.
fn user(a: &Arranging<'_>, record: &Record<'_>, map: &Map<String, Value>, field: &str) -> Result<i64, ArrangeError> {
    let user = record.positive(map, field, true)?.unwrap_or(1);
    a.check_ref(record, field, USERS, "user", Some(user))?;
    Ok(user)
}

/// An ISO 8601 date-time `field` of the record, as stored.
fn instant(record: &Record<'_>, map: &Map<String, Value>, field: &str) -> Result<Option<String>, ArrangeError> {
    match map.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v
            .as_str()
            .and_then(|s| parse_instant(s.trim()))
            .map(|at| Some(to_rfc3339_millis(at)))
            .ok_or_else(|| record.error(field, "must be an ISO 8601 date-time")),
    }
}

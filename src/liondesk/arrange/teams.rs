//! Arranging teams (LionDesk's Teams page; members are managed outside the v2 API): `id`,
//! `name`, `is_contact_resource_sharing_enabled` (default off) and the members' `user_ids`.

use serde::Deserialize;
use serde_json::Value;

use super::super::store::users;
use super::{USERS, now};
use crate::core::{ArrangeError, Arranging, Record};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ArrangedTeam {
    id: Option<i64>,
    name: String,
    #[serde(default)]
    is_contact_resource_sharing_enabled: bool,
    #[serde(default)]
    user_ids: Vec<i64>,
}

/// Arranges one record; answers its id.
pub fn arrange(a: &Arranging<'_>, record: &Record<'_>) -> Result<Value, ArrangeError> {
    let t: ArrangedTeam = record.parse()?;
    for (i, user) in t.user_ids.iter().enumerate() {
        let field = format!("user_ids[{i}]");
        a.check_ref(record, &field, USERS, "user", Some(record.check_id(&field, *user)?))?;
    }
    let id = a.take_id(record, "id", "ld_teams", t.id)?;
    users::insert_team(a.tx, a.tenant, id, &t.name, t.is_contact_resource_sharing_enabled, &now(a))?;
    for user in &t.user_ids {
        users::add_member(a.tx, a.tenant, id, *user)?;
    }
    Ok(id.into())
}

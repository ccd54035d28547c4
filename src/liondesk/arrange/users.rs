//! Arranging users: the Users page's fields plus what only LionDesk sets: `id`, the teams the
//! user joins (`team_ids`) and, optionally, a bearer `token` that never expires.

use serde::Deserialize;
use serde_json::Value;

use super::super::NAME;
use super::super::model::users::UserRow;
use super::super::store::users;
use super::{USERS, now};
use crate::core::oauth::store::{self as oauth, Kind, Token};
use crate::core::{ArrangeError, Arranging, Record};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ArrangedUser {
    id: Option<i64>,
    first_name: Option<String>,
    last_name: Option<String>,
    email: Option<String>,
    username: Option<String>,
    phone: Option<String>,
    system_phone: Option<String>,
    timezone_offset: Option<i64>,
    timezone: Option<String>,
    profile_picture: Option<String>,
    token: Option<String>,
    #[serde(default)]
    team_ids: Vec<i64>,
}

/// Arranges one record; answers its id.
pub fn arrange(a: &Arranging<'_>, record: &Record<'_>) -> Result<Value, ArrangeError> {
    let u: ArrangedUser = record.parse()?;
    for (i, team) in u.team_ids.iter().enumerate() {
        let field = format!("team_ids[{i}]");
        a.check_ref(record, &field, "ld_teams", "team", Some(record.check_id(&field, *team)?))?;
    }
    if let Some(token) = &u.token
        && (token.len() < 8 || oauth::exists(a.tx, NAME, token)?)
    {
        return Err(record.error("token", "must be unused and at least 8 characters"));
    }
    let id = a.take_id(record, "id", USERS, u.id)?;
    let row = UserRow {
        id,
        first_name: u.first_name,
        last_name: u.last_name,
        email: u.email,
        username: u.username,
        phone: u.phone,
        system_phone: u.system_phone,
        timezone_offset: u.timezone_offset,
        timezone: u.timezone,
        profile_picture: u.profile_picture,
        created_at: now(a),
        modified_at: now(a),
    };
    users::insert_user(a.tx, a.tenant, &row)?;
    for team in &u.team_ids {
        users::add_member(a.tx, a.tenant, *team, id)?;
    }
    if let Some(token) = &u.token {
        let subject = id.to_string();
        let row = Token {
            token,
            kind: Kind::Access,
            subject: &subject,
            client_id: None,
            scope: Some("write"),
            redirect_uri: None,
            expires_at: None,
        };
        oauth::insert_token(a.tx, a.tenant, NAME, &row)?;
    }
    Ok(id.into())
}

//! Installing a tenant's LionDesk credentials (`Vendor::install`): its OAuth client with the
//! redirect URIs it registered, and its users, each on a team (made with sharing off when new)
//! and holding a bearer token that never expires.

use serde::Deserialize;
use serde_json::Value;

use super::super::NAME;
use super::super::model::users::UserRow;
use super::super::store::users;
use super::{USERS, now};
use crate::core::oauth::store::{self as oauth, Client, Kind, Token};
use crate::core::sequence;
use crate::core::{ArrangeError, Arranging, Record};

/// A user in the tenant's credentials (its `role` says what it is for in tests: owner,
/// teammate, outsider).
#[derive(Deserialize)]
struct CredentialUser {
    id: i64,
    first_name: Option<String>,
    last_name: Option<String>,
    email: Option<String>,
    team_id: i64,
    token: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Credentials {
    client_id: String,
    client_secret: String,
    #[serde(default)]
    redirect_uris: Vec<String>,
    users: Vec<CredentialUser>,
}

/// Installs the tenant's credentials: its OAuth client, users, teams and tokens.
pub fn install(a: &Arranging<'_>, credentials: &Value) -> Result<(), ArrangeError> {
    let (tx, tenant) = (a.tx, a.tenant);
    let record = Record { index: 0, value: credentials };
    let creds: Credentials = record.parse()?;
    let client = Client {
        tenant: tenant.clone(),
        client_id: creds.client_id.clone(),
        client_secret: creds.client_secret,
        redirect_uris: creds.redirect_uris,
    };
    oauth::insert_client(tx, tenant, NAME, &client)?;
    for (i, u) in creds.users.iter().enumerate() {
        let id = record.check_id(&format!("users[{i}].id"), u.id)?;
        let team = record.check_id(&format!("users[{i}].team_id"), u.team_id)?;
        let row = UserRow {
            id,
            first_name: u.first_name.clone(),
            last_name: u.last_name.clone(),
            email: u.email.clone(),
            username: u.email.as_deref().and_then(|e| e.split('@').next()).map(str::to_owned),
            timezone_offset: Some(-8),
            timezone: Some("America/Los_Angeles".into()),
            created_at: now(a),
            modified_at: now(a),
            ..UserRow::default()
        };
        users::insert_user(tx, tenant, &row)?;
        sequence::claim_id(tx, tenant, USERS, id)?;
        if !users::team_exists(tx, tenant, team)? {
            users::insert_team(tx, tenant, team, &format!("Team {team}"), false, &now(a))?;
            sequence::claim_id(tx, tenant, "ld_teams", team)?;
        }
        users::add_member(tx, tenant, team, id)?;
        if oauth::exists(tx, NAME, &u.token)? {
            return Err(record.error(format!("users[{i}].token"), "is already in use"));
        }
        let subject = id.to_string();
        let token = Token {
            token: &u.token,
            kind: Kind::Access,
            subject: &subject,
            client_id: Some(&creds.client_id),
            scope: Some("write"),
            redirect_uri: None,
            expires_at: None,
        };
        oauth::insert_token(tx, tenant, NAME, &token)?;
    }
    Ok(())
}

//! Installing a tenant (its users with their bearer tokens, their teams, the OAuth client) and
//! arranging records: the body of `POST /__admin/tenants/{id}/liondesk/{collection}` and the
//! files in `seed-data/liondesk/`. Records are in LionDesk's wire shape; the admin may also set
//! what the API never lets a client set (`id`, `owner_user_id`, sharing).

use rusqlite::Transaction;
use serde::Deserialize;
use serde_json::Value;

use super::NAME;
use super::error::LionDeskError;
use super::input::FromBody;
use super::model::ContactChanges;
use super::store::contacts as store;
use super::store::users::{self, UserRow};
use crate::core::clock::to_rfc3339_millis;
use crate::core::oauth::store::{self as oauth, Client, Kind, Token};
use crate::core::{ArrangeError, Arranging, Collection, Record, TenantId};

/// Collections in load order: what a record refers to is loaded before it.
pub const COLLECTIONS: &[Collection] = &[
    Collection::new("users", |a, r| one(a, r, "users")),
    Collection::new("teams", |a, r| one(a, r, "teams")),
    Collection::new("team_settings", |a, r| one(a, r, "team_settings")),
    Collection::new("hotnesses", |a, r| one(a, r, "hotnesses")),
    Collection::new("contact_sources", |a, r| one(a, r, "contact_sources")),
    Collection::new("custom_fields", |a, r| one(a, r, "custom_fields")),
    Collection::new("tags", |a, r| one(a, r, "tags")),
    Collection::new("contacts", |a, r| one(a, r, "contacts")),
    Collection::new("shares", |a, r| one(a, r, "shares")),
    Collection::new("addresses", |a, r| one(a, r, "addresses")),
    Collection::new("tasks", |a, r| one(a, r, "tasks")),
    Collection::new("events", |a, r| one(a, r, "events")),
];

fn parse<T: serde::de::DeserializeOwned>(index: usize, value: &Value) -> Result<T, ArrangeError> {
    Record { index, value }.parse()
}

/// A LionDesk error about record `index`, named by the field it reports.
pub(super) fn record_error(index: usize, e: LionDeskError) -> ArrangeError {
    match e {
        LionDeskError::GeneralError(core) => ArrangeError::Core(core),
        LionDeskError::BadRequest { ref errors, .. } => {
            let field = errors.get(0).and_then(|x| x.get("path")).and_then(Value::as_str).unwrap_or("(record)").to_owned();
            ArrangeError::record(index, field, e.to_string())
        }
        other => ArrangeError::record(index, "(record)", other.to_string()),
    }
}

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

/// The tenant's users (each with a bearer token that does not expire), their teams (sharing
/// off) and its OAuth client.
pub fn install(a: &Arranging<'_>, credentials: &Value) -> Result<(), ArrangeError> {
    let (tx, tenant) = (a.tx, a.tenant);
    let creds: Credentials = parse(0, credentials)?;
    let now = to_rfc3339_millis(a.now);
    let client = Client {
        tenant: tenant.clone(),
        client_id: creds.client_id.clone(),
        client_secret: creds.client_secret.clone(),
        redirect_uris: creds.redirect_uris.clone(),
    };
    oauth::insert_client(tx, tenant, NAME, &client)?;
    for u in &creds.users {
        let username = u.email.as_deref().and_then(|e| e.split('@').next()).map(str::to_owned);
        let row = UserRow {
            id: u.id,
            first_name: u.first_name.clone(),
            last_name: u.last_name.clone(),
            email: u.email.clone(),
            username,
            timezone_offset: Some(-8),
            timezone: Some("America/Los_Angeles".into()),
            created_at: now.clone(),
            modified_at: now.clone(),
            ..UserRow::default()
        };
        users::insert_user(tx, tenant, &row)?;
        crate::core::sequence::claim_id(tx, tenant, "ld_users", u.id)?;
        if !users::team_exists(tx, tenant, u.team_id)? {
            users::insert_team(tx, tenant, u.team_id, &format!("Team {}", u.team_id), false, &now)?;
            crate::core::sequence::claim_id(tx, tenant, "ld_teams", u.team_id)?;
        }
        users::add_member(tx, tenant, u.team_id, u.id)?;
        if oauth::exists(tx, NAME, &u.token)? {
            return Err(ArrangeError::record(0, "users.token", "is already in use"));
        }
        let subject = u.id.to_string();
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
    /// A bearer token for the user (optional).
    token: Option<String>,
    /// Teams the user joins.
    #[serde(default)]
    team_ids: Vec<i64>,
}

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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TeamSetting {
    team_id: i64,
    is_contact_resource_sharing_enabled: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Share {
    contact_id: i64,
    user_id: i64,
}

fn next_or_claim(tx: &Transaction, tenant: &TenantId, sequence: &'static str, id: Option<i64>) -> rusqlite::Result<i64> {
    match id {
        Some(id) => crate::core::sequence::claim_id(tx, tenant, sequence, id).map(|_| id),
        None => crate::core::sequence::next_id(tx, tenant, sequence),
    }
}

/// Inserts one record into `collection`; answers its id.
fn one(a: &Arranging<'_>, r: &Record<'_>, collection: &str) -> Result<Value, ArrangeError> {
    let (tx, tenant, index, record) = (a.tx, a.tenant, r.index, r.value);
    let now = to_rfc3339_millis(a.now);
    {
        let id: Value = match collection {
            "users" => {
                let u: ArrangedUser = parse(index, record)?;
                if u.id.is_some_and(|id| id <= 0)
                    || u.id.map(|id| users::user_exists(tx, tenant, id)).transpose()?.unwrap_or(false)
                {
                    return Err(ArrangeError::record(index, "id", "must be a new positive id"));
                }
                let id = next_or_claim(tx, tenant, "ld_users", u.id)?;
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
                    created_at: now.clone(),
                    modified_at: now.clone(),
                };
                users::insert_user(tx, tenant, &row)?;
                for (i, team) in u.team_ids.iter().enumerate() {
                    if !users::team_exists(tx, tenant, *team)? {
                        return Err(ArrangeError::record(index, format!("team_ids[{i}]"), format!("team {team} does not exist")));
                    }
                    users::add_member(tx, tenant, *team, id)?;
                }
                if let Some(token) = &u.token {
                    if token.len() < 8 || oauth::exists(tx, NAME, token)? {
                        return Err(ArrangeError::record(index, "token", "must be unused and at least 8 characters"));
                    }
                    let subject = id.to_string();
                    let t = Token {
                        token,
                        kind: Kind::Access,
                        subject: &subject,
                        client_id: None,
                        scope: Some("write"),
                        redirect_uri: None,
                        expires_at: None,
                    };
                    oauth::insert_token(tx, tenant, NAME, &t)?;
                }
                id.into()
            }
            "teams" => {
                let t: ArrangedTeam = parse(index, record)?;
                if t.id.is_some_and(|id| id <= 0)
                    || t.id.map(|id| users::team_exists(tx, tenant, id)).transpose()?.unwrap_or(false)
                {
                    return Err(ArrangeError::record(index, "id", "must be a new positive id"));
                }
                let id = next_or_claim(tx, tenant, "ld_teams", t.id)?;
                users::insert_team(tx, tenant, id, &t.name, t.is_contact_resource_sharing_enabled, &now)?;
                for (i, user) in t.user_ids.iter().enumerate() {
                    if !users::user_exists(tx, tenant, *user)? {
                        return Err(ArrangeError::record(index, format!("user_ids[{i}]"), format!("user {user} does not exist")));
                    }
                    users::add_member(tx, tenant, id, *user)?;
                }
                id.into()
            }
            "team_settings" => {
                let s: TeamSetting = parse(index, record)?;
                if !users::set_team_sharing(tx, tenant, s.team_id, s.is_contact_resource_sharing_enabled, &now)? {
                    return Err(ArrangeError::record(index, "team_id", format!("team {} does not exist", s.team_id)));
                }
                s.team_id.into()
            }
            "hotnesses" => super::seed_lists::hotness(tx, tenant, index, record)?,
            "contact_sources" => super::seed_lists::source(tx, tenant, index, record, &now)?,
            "custom_fields" => super::seed_lists::custom_field(tx, tenant, index, record)?,
            "tags" => super::seed_lists::tag(tx, tenant, index, record)?,
            "contacts" => contact(tx, tenant, index, record, &now)?.into(),
            "addresses" => super::seed_lists::address(tx, tenant, index, record, &now)?,
            "tasks" => super::handlers::tasks::arrange(tx, tenant, index, record, &now)?.into(),
            "events" => super::handlers::events::arrange(tx, tenant, index, record, &now)?.into(),
            "shares" => {
                let s: Share = parse(index, record)?;
                if store::get(tx, tenant, s.contact_id)?.is_none() {
                    return Err(ArrangeError::record(index, "contact_id", format!("contact {} does not exist", s.contact_id)));
                }
                if !users::user_exists(tx, tenant, s.user_id)? {
                    return Err(ArrangeError::record(index, "user_id", format!("user {} does not exist", s.user_id)));
                }
                store::share(tx, tenant, s.contact_id, s.user_id)?;
                s.contact_id.into()
            }
            other => return Err(ArrangeError::record(index, "(record)", format!("no collection {other}"))),
        };
        Ok(id)
    }
}

/// A contact in the POST body's shape, plus `id` and `owner_user_id` (default: user 1).
fn contact(tx: &Transaction, tenant: &TenantId, index: usize, record: &Value, now: &str) -> Result<i64, ArrangeError> {
    let Value::Object(map) = record else {
        return Err(ArrangeError::record(index, "(record)", "expected a JSON object"));
    };
    let int = |name: &str| -> Result<Option<i64>, ArrangeError> {
        match map.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => v
                .as_i64()
                .filter(|n| *n > 0)
                .map(Some)
                .ok_or_else(|| ArrangeError::record(index, name, "must be a positive integer")),
        }
    };
    let id = int("id")?;
    let owner = int("owner_user_id")?.unwrap_or(1);
    if !users::user_exists(tx, tenant, owner)? {
        return Err(ArrangeError::record(index, "owner_user_id", format!("user {owner} does not exist")));
    }
    if let Some(id) = id
        && store::get(tx, tenant, id)?.is_some()
    {
        return Err(ArrangeError::record(index, "id", format!("{id} already exists")));
    }
    let changes = ContactChanges::from_json(record).map_err(|e| record_error(index, e))?;
    let contact = super::contacts::create(tx, tenant, owner, id, &changes, now).map_err(|e| record_error(index, e))?;
    Ok(contact.id)
}

//! The read side of users and teams (`/users`, `/teams`): who the caller may list, and who
//! holds a token of an OAuth client.

use rusqlite::Row;
use rusqlite::types::Value;

use crate::core::TenantId;
use crate::core::Tx;

use super::super::model::users::{TeamRow, UserRow};
use super::super::query::Query;
use super::table::{Feathers, Scope, Table};

/// Which users a `/users` request may see.
#[derive(Debug, Clone)]
pub enum UserScope {
    /// Without `oauth_client_id`: only the caller.
    Caller(i64),
    /// With `oauth_client_id`: users holding an access token of that client unexpired at `now`.
    ClientTokenHolders { client_id: String, now: String },
}

const USERS: Table<UserRow> = Table::new(
    "ld_users",
    "ld_users u",
    ["u.tenant_id", "u.id"],
    "u.id, u.first_name, u.last_name, u.email, u.username, u.phone, u.system_phone, u.timezone_offset, u.timezone,
    u.profile_picture, u.created_at, u.modified_at",
    user_row,
);
/// Holding an access token of a client (`core::oauth`'s tokens, whose subject is the user id).
const HOLDS_TOKEN: &str = "EXISTS (SELECT 1 FROM core_oauth_tokens t WHERE t.tenant_id = u.tenant_id
    AND t.vendor = 'liondesk' AND t.subject = CAST(u.id AS TEXT) AND t.kind = 'access' AND t.client_id = ?
    AND (t.expires_at IS NULL OR t.expires_at > ?))";

fn user_row(r: &Row<'_>) -> rusqlite::Result<UserRow> {
    Ok(UserRow {
        id: r.get(0)?,
        first_name: r.get(1)?,
        last_name: r.get(2)?,
        email: r.get(3)?,
        username: r.get(4)?,
        phone: r.get(5)?,
        system_phone: r.get(6)?,
        timezone_offset: r.get(7)?,
        timezone: r.get(8)?,
        profile_picture: r.get(9)?,
        created_at: r.get(10)?,
        modified_at: r.get(11)?,
    })
}

fn users_in(scope: &UserScope) -> Scope {
    match scope {
        UserScope::Caller(id) => Scope::of("u.id = ?", *id),
        UserScope::ClientTokenHolders { client_id, now } => {
            Scope::new(HOLDS_TOKEN, [Value::Text(client_id.clone()), Value::Text(now.clone())])
        }
    }
}

/// A page of the users `scope` admits that match `query`, and how many match in all.
pub fn find_users(tx: &Tx, tenant: &TenantId, scope: &UserScope, query: &Query) -> rusqlite::Result<(Vec<UserRow>, i64)> {
    USERS.find(tx, tenant, &users_in(scope), query)
}

/// User `id` if `scope` admits it and it matches `query`'s conditions.
pub fn get_user(tx: &Tx, tenant: &TenantId, scope: &UserScope, id: i64, query: &Query) -> rusqlite::Result<Option<UserRow>> {
    USERS.get(tx, tenant, &users_in(scope), id, Some(query))
}

/// Teams as `/teams` reads them.
pub const TEAMS: Table<TeamRow> = Table::new(
    "ld_teams",
    "ld_teams tm",
    ["tm.tenant_id", "tm.id"],
    "tm.id, tm.name, tm.is_contact_resource_sharing_enabled, tm.created_at, tm.modified_at",
    team_row,
);

fn team_row(r: &Row<'_>) -> rusqlite::Result<TeamRow> {
    Ok(TeamRow {
        id: r.get(0)?,
        name: r.get(1)?,
        is_contact_resource_sharing_enabled: r.get(2)?,
        created_at: r.get(3)?,
        modified_at: r.get(4)?,
    })
}

/// The teams of `tenant` `user` belongs to (found from the user's memberships).
pub fn member_of(tenant: &TenantId, user: i64) -> Scope {
    Scope::new(
        "tm.id IN (SELECT m.team_id FROM ld_team_members m WHERE m.tenant_id = ? AND m.user_id = ?)",
        [Value::Text(tenant.as_str().to_owned()), Value::Integer(user)],
    )
}

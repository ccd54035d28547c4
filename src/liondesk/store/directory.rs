//! The read side of users and teams (`/users`, `/teams`): who the caller may list, OAuth client
//! ownership and token holders; plus the find skeleton (count, order, page) every service's
//! store shares.

use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Row, Transaction, params_from_iter};

use crate::core::TenantId;
use crate::core::sql::{Column, Filter};

use super::super::query::{Query, sql};
use super::users::UserRow;

/// A page of `SELECT columns FROM from WHERE f` ordered by `query`'s `$sort` then `id_column`,
/// and how many rows match in all. `from`, `columns` and `id_column` are store constants.
pub fn find_page<T>(
    tx: &Transaction,
    from: &'static str,
    columns: &'static str,
    f: &Filter,
    query: &Query,
    id_column: &'static str,
    map: fn(&Row<'_>) -> rusqlite::Result<T>,
) -> rusqlite::Result<(Vec<T>, i64)> {
    let total: i64 = tx
        .prepare_cached(&format!("SELECT count(*) FROM {from} WHERE {}", f.sql()))?
        .query_row(params_from_iter(f.params()), |r| r.get(0))?;
    if query.limit == 0 {
        return Ok((Vec::new(), total));
    }
    let sql =
        format!("SELECT {columns} FROM {from} WHERE {} ORDER BY {} LIMIT ? OFFSET ?", f.sql(), sql::order(query, id_column));
    let mut values = f.params().to_vec();
    values.push(Value::Integer(query.limit));
    values.push(Value::Integer(query.skip));
    let rows = tx.prepare_cached(&sql)?.query_map(params_from_iter(values), map)?.collect::<Result<_, _>>()?;
    Ok((rows, total))
}

/// The one row of `SELECT columns FROM from WHERE f`, if any.
pub fn find_one<T>(
    tx: &Transaction,
    from: &'static str,
    columns: &'static str,
    f: &Filter,
    map: fn(&Row<'_>) -> rusqlite::Result<T>,
) -> rusqlite::Result<Option<T>> {
    tx.prepare_cached(&format!("SELECT {columns} FROM {from} WHERE {}", f.sql()))?
        .query_row(params_from_iter(f.params()), map)
        .optional()
}

/// Which users a `/users` request may see.
#[derive(Debug, Clone)]
pub enum UserScope {
    /// Without `oauth_client_id`: only the caller.
    Caller(i64),
    /// With `oauth_client_id`: users holding an access token of that client unexpired at `now`.
    ClientTokenHolders { client_id: String, now: String },
}

const USER_FROM: &str = "ld_users u";
const USER_COLUMNS: &str = "u.id, u.first_name, u.last_name, u.email, u.username, u.phone, u.system_phone, u.timezone_offset,
    u.timezone, u.profile_picture, u.created_at, u.modified_at";
const HOLDS_TOKEN: &str = "EXISTS (SELECT 1 FROM ld_tokens t WHERE t.tenant_id = u.tenant_id AND t.user_id = u.id
    AND t.kind = 'access' AND t.client_id = ? AND (t.expires_at IS NULL OR t.expires_at > ?))";

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

fn users_in(tenant: &TenantId, scope: &UserScope, query: Option<&Query>) -> Filter {
    let mut f = Filter::for_tenant(Column::new("u.tenant_id"), tenant);
    match scope {
        UserScope::Caller(id) => f.and_eq(Column::new("u.id"), Value::Integer(*id)),
        UserScope::ClientTokenHolders { client_id, now } => {
            f.and(HOLDS_TOKEN, [Value::Text(client_id.clone()), Value::Text(now.clone())]);
        }
    }
    if let Some(query) = query {
        f.and_fragment(sql::condition(query));
    }
    f
}

/// A page of the users `scope` admits that match `query`, and how many match in all.
pub fn find_users(
    tx: &Transaction,
    tenant: &TenantId,
    scope: &UserScope,
    query: &Query,
) -> rusqlite::Result<(Vec<UserRow>, i64)> {
    find_page(tx, USER_FROM, USER_COLUMNS, &users_in(tenant, scope, Some(query)), query, "u.id", user_row)
}

/// User `id` if `scope` admits it and it matches `query`'s conditions.
pub fn get_user(
    tx: &Transaction,
    tenant: &TenantId,
    scope: &UserScope,
    id: i64,
    query: &Query,
) -> rusqlite::Result<Option<UserRow>> {
    let mut f = users_in(tenant, scope, Some(query));
    f.and_eq(Column::new("u.id"), Value::Integer(id));
    find_one(tx, USER_FROM, USER_COLUMNS, &f, user_row)
}

/// The tenant an OAuth client belongs to (clients are looked up across tenants, as tokens are).
pub fn client_tenant(tx: &Transaction, client_id: &str) -> rusqlite::Result<Option<String>> {
    tx.prepare_cached("SELECT tenant_id FROM ld_oauth_clients WHERE client_id = ?1")?
        .query_row([client_id], |r| r.get(0))
        .optional()
}

/// A team as `/teams` answers it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TeamRow {
    pub id: i64,
    pub name: String,
    pub is_contact_resource_sharing_enabled: bool,
    pub created_at: String,
    pub modified_at: String,
}

const TEAM_FROM: &str = "ld_teams tm";
const TEAM_COLUMNS: &str = "tm.id, tm.name, tm.is_contact_resource_sharing_enabled, tm.created_at, tm.modified_at";
const MEMBER_OF: &str =
    "EXISTS (SELECT 1 FROM ld_team_members m WHERE m.tenant_id = tm.tenant_id AND m.team_id = tm.id AND m.user_id = ?)";

fn team_row(r: &Row<'_>) -> rusqlite::Result<TeamRow> {
    Ok(TeamRow {
        id: r.get(0)?,
        name: r.get(1)?,
        is_contact_resource_sharing_enabled: r.get(2)?,
        created_at: r.get(3)?,
        modified_at: r.get(4)?,
    })
}

fn teams_of(tenant: &TenantId, user: i64, query: &Query) -> Filter {
    let mut f = Filter::for_tenant(Column::new("tm.tenant_id"), tenant);
    f.and(MEMBER_OF, [Value::Integer(user)]);
    f.and_fragment(sql::condition(query));
    f
}

/// A page of the teams `user` belongs to that match `query`, and how many match in all.
pub fn find_teams(tx: &Transaction, tenant: &TenantId, user: i64, query: &Query) -> rusqlite::Result<(Vec<TeamRow>, i64)> {
    find_page(tx, TEAM_FROM, TEAM_COLUMNS, &teams_of(tenant, user, query), query, "tm.id", team_row)
}

/// Team `id` if `user` belongs to it and it matches `query`'s conditions.
pub fn get_team(tx: &Transaction, tenant: &TenantId, user: i64, id: i64, query: &Query) -> rusqlite::Result<Option<TeamRow>> {
    let mut f = teams_of(tenant, user, query);
    f.and_eq(Column::new("tm.id"), Value::Integer(id));
    find_one(tx, TEAM_FROM, TEAM_COLUMNS, &f, team_row)
}

//! The tenant's LiveVox client (code, numeric id, access token) and its Portal users.

use rusqlite::{OptionalExtension, params};

use crate::core::TenantId;
use crate::core::Tx;

/// A tenant's client, found by its access token.
#[derive(Debug, Clone)]
pub struct Client {
    pub tenant: TenantId,
    pub client_name: String,
    pub client_id: i64,
}

/// A Portal user.
#[derive(Debug, Clone)]
pub struct User {
    pub id: i64,
    pub user_name: String,
    pub password: String,
    pub role: String,
}

/// The client whose access token is `token`.
pub fn client_by_token(tx: &Tx, token: &str) -> rusqlite::Result<Option<Client>> {
    tx.prepare_cached("SELECT tenant_id, client_name, client_id FROM lv_clients WHERE access_token = ?1")?
        .query_row([token], |r| {
            let tenant: String = r.get(0)?;
            Ok(Client { tenant: TenantId::from(tenant.as_str()), client_name: r.get(1)?, client_id: r.get(2)? })
        })
        .optional()
}

/// The tenant's client.
pub fn insert_client(tx: &Tx, tenant: &TenantId, client_name: &str, client_id: i64, token: &str) -> rusqlite::Result<()> {
    tx.prepare_cached("INSERT INTO lv_clients (tenant_id, client_name, client_id, access_token) VALUES (?1, ?2, ?3, ?4)")?
        .execute(params![tenant, client_name, client_id, token])?;
    Ok(())
}

/// Whether an access token is already some tenant's.
pub fn token_in_use(tx: &Tx, token: &str) -> rusqlite::Result<bool> {
    Ok(tx
        .prepare_cached("SELECT 1 FROM lv_clients WHERE access_token = ?1")?
        .query_row([token], |_| Ok(()))
        .optional()?
        .is_some())
}

/// A Portal user.
pub fn insert_user(tx: &Tx, tenant: &TenantId, user: &User) -> rusqlite::Result<()> {
    tx.prepare_cached("INSERT INTO lv_users (tenant_id, id, user_name, password, role) VALUES (?1, ?2, ?3, ?4, ?5)")?
        .execute(params![tenant, user.id, user.user_name, user.password, user.role])?;
    Ok(())
}

/// The user who logs in as `user_name`: an agent (any ASCII case) when `agent`, else a Portal
/// user of another role (exact case).
pub fn user_by_name(tx: &Tx, tenant: &TenantId, user_name: &str, agent: bool) -> rusqlite::Result<Option<User>> {
    let sql = if agent {
        "SELECT id, user_name, password, role FROM lv_users
         WHERE tenant_id = ?1 AND role = 'Agent' AND user_name = ?2 COLLATE NOCASE ORDER BY id LIMIT 1"
    } else {
        "SELECT id, user_name, password, role FROM lv_users WHERE tenant_id = ?1 AND role <> 'Agent' AND user_name = ?2"
    };
    tx.prepare_cached(sql)?
        .query_row(params![tenant, user_name], |r| {
            Ok(User { id: r.get(0)?, user_name: r.get(1)?, password: r.get(2)?, role: r.get(3)? })
        })
        .optional()
}

//! OAuth clients, tokens (access, refresh, authorization codes) and the token owner of `/me`.
//! Rows are written with `users::insert_token`.

use rusqlite::{OptionalExtension, Transaction, params};
use serde::Serialize;

use crate::core::TenantId;

/// An OAuth client: the tenant it belongs to and its secret.
#[derive(Debug, Clone)]
pub struct Client {
    pub tenant: TenantId,
    pub client_id: String,
    pub client_secret: String,
}

pub fn client(tx: &Transaction, client_id: &str) -> rusqlite::Result<Option<Client>> {
    tx.prepare_cached("SELECT tenant_id, client_id, client_secret FROM ld_oauth_clients WHERE client_id = ?1")?
        .query_row([client_id], |r| {
            let tenant: String = r.get(0)?;
            Ok(Client { tenant: TenantId::from(tenant.as_str()), client_id: r.get(1)?, client_secret: r.get(2)? })
        })
        .optional()
}

/// A stored refresh token or authorization code.
#[derive(Debug, Clone)]
pub struct Grant {
    pub tenant: TenantId,
    pub user_id: i64,
    pub client_id: Option<String>,
    pub scope: Option<String>,
    pub redirect_uri: Option<String>,
    pub expires_at: Option<String>,
}

/// The `kind` row (`refresh` or `code`) whose value is `token`.
pub fn grant(tx: &Transaction, kind: &str, token: &str) -> rusqlite::Result<Option<Grant>> {
    tx.prepare_cached(
        "SELECT tenant_id, user_id, client_id, scope, redirect_uri, expires_at FROM ld_tokens WHERE token = ?1 AND kind = ?2",
    )?
    .query_row(params![token, kind], |r| {
        let tenant: String = r.get(0)?;
        Ok(Grant {
            tenant: TenantId::from(tenant.as_str()),
            user_id: r.get(1)?,
            client_id: r.get(2)?,
            scope: r.get(3)?,
            redirect_uri: r.get(4)?,
            expires_at: r.get(5)?,
        })
    })
    .optional()
}

/// Deletes a token (a code once exchanged, a refresh token once used).
pub fn delete(tx: &Transaction, tenant: &TenantId, token: &str) -> rusqlite::Result<bool> {
    Ok(tx.prepare_cached("DELETE FROM ld_tokens WHERE tenant_id = ?1 AND token = ?2")?.execute(params![tenant, token])? > 0)
}

/// Deletes the tenant's authorization codes that expired at or before `now`.
pub fn delete_expired_codes(tx: &Transaction, tenant: &TenantId, now: &str) -> rusqlite::Result<usize> {
    tx.prepare_cached("DELETE FROM ld_tokens WHERE tenant_id = ?1 AND kind = 'code' AND expires_at <= ?2")?
        .execute(params![tenant, now])
}

/// The user `GET /me` answers, in the document's field order.
#[derive(Debug, Clone, Serialize)]
pub struct Me {
    pub id: i64,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub email: Option<String>,
    pub timezone_offset: Option<i64>,
    pub created_at: String,
    pub modified_at: String,
    pub timezone: Option<String>,
}

pub fn me(tx: &Transaction, tenant: &TenantId, user_id: i64) -> rusqlite::Result<Option<Me>> {
    tx.prepare_cached(
        "SELECT id, first_name, last_name, email, timezone_offset, created_at, modified_at, timezone
         FROM ld_users WHERE tenant_id = ?1 AND id = ?2",
    )?
    .query_row(params![tenant, user_id], |r| {
        Ok(Me {
            id: r.get(0)?,
            first_name: r.get(1)?,
            last_name: r.get(2)?,
            email: r.get(3)?,
            timezone_offset: r.get(4)?,
            created_at: r.get(5)?,
            modified_at: r.get(6)?,
            timezone: r.get(7)?,
        })
    })
    .optional()
}

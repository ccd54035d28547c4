//! OAuth clients and tokens in `core_oauth_clients` and `core_oauth_tokens`, per vendor. A
//! token or client id is looked up across tenants (a request presents it before anyone knows
//! whose it is), so each is unique within its vendor; everything else is scoped to a tenant.

use rusqlite::{OptionalExtension, Row, params};

use crate::core::Tx;
use crate::core::tenant::TenantId;

/// What a stored token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Access,
    Refresh,
    /// An authorization code.
    Code,
}

impl Kind {
    /// The `kind` column's value.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Access => "access",
            Kind::Refresh => "refresh",
            Kind::Code => "code",
        }
    }
}

/// An OAuth client (an application) of a tenant.
#[derive(Debug, Clone, PartialEq)]
pub struct Client {
    pub tenant: TenantId,
    pub client_id: String,
    pub client_secret: String,
    /// Where authorization may redirect to (`request::redirect_matches`).
    pub redirect_uris: Vec<String>,
}

/// A stored token, refresh token or code: whose it is and what it grants.
#[derive(Debug, Clone, PartialEq)]
pub struct Grant {
    pub tenant: TenantId,
    pub subject: String,
    pub client_id: Option<String>,
    pub scope: Option<String>,
    /// The redirect URI a code was issued for.
    pub redirect_uri: Option<String>,
    /// `YYYY-MM-DDTHH:MM:SS.sssZ`; `None`: never expires.
    pub expires_at: Option<String>,
}

/// A token row to store.
#[derive(Debug, Clone, Copy)]
pub struct Token<'a> {
    pub token: &'a str,
    pub kind: Kind,
    pub subject: &'a str,
    pub client_id: Option<&'a str>,
    pub scope: Option<&'a str>,
    pub redirect_uri: Option<&'a str>,
    pub expires_at: Option<&'a str>,
}

fn tenant_of(r: &Row<'_>, column: usize) -> rusqlite::Result<TenantId> {
    Ok(TenantId::from(r.get::<_, String>(column)?.as_str()))
}

/// Stores a new client of `vendor`.
pub fn insert_client(tx: &Tx, tenant: &TenantId, vendor: &str, client: &Client) -> rusqlite::Result<()> {
    let uris = serde_json::to_string(&client.redirect_uris).unwrap_or_else(|_| "[]".into());
    tx.prepare_cached(
        "INSERT INTO core_oauth_clients (tenant_id, vendor, client_id, client_secret, redirect_uris) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![tenant, vendor, client.client_id, client.client_secret, uris])?;
    Ok(())
}

/// The client `client_id` of `vendor`, whichever tenant it belongs to.
pub fn client(tx: &Tx, vendor: &str, client_id: &str) -> rusqlite::Result<Option<Client>> {
    tx.prepare_cached(
        "SELECT tenant_id, client_id, client_secret, redirect_uris FROM core_oauth_clients WHERE vendor = ?1 AND client_id = ?2",
    )?
    .query_row(params![vendor, client_id], |r| {
        let uris: String = r.get(3)?;
        Ok(Client {
            tenant: tenant_of(r, 0)?,
            client_id: r.get(1)?,
            client_secret: r.get(2)?,
            redirect_uris: serde_json::from_str(&uris).unwrap_or_default(),
        })
    })
    .optional()
}

/// The ids of `tenant`'s clients at `vendor` (the apps installed on its account), oldest first.
pub fn client_ids(tx: &Tx, tenant: &TenantId, vendor: &str) -> rusqlite::Result<Vec<String>> {
    tx.prepare_cached("SELECT client_id FROM core_oauth_clients WHERE tenant_id = ?1 AND vendor = ?2 ORDER BY rowid")?
        .query_map(params![tenant, vendor], |r| r.get(0))?
        .collect()
}

/// Stores a new token of `vendor`.
pub fn insert_token(tx: &Tx, tenant: &TenantId, vendor: &str, t: &Token<'_>) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO core_oauth_tokens (tenant_id, vendor, token, kind, subject, client_id, scope, redirect_uri, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        tenant,
        vendor,
        t.token,
        t.kind.as_str(),
        t.subject,
        t.client_id,
        t.scope,
        t.redirect_uri,
        t.expires_at
    ])?;
    Ok(())
}

/// The `kind` token of `vendor` whose value is `token`, expired or not.
pub fn find(tx: &Tx, vendor: &str, kind: Kind, token: &str) -> rusqlite::Result<Option<Grant>> {
    tx.prepare_cached(
        "SELECT tenant_id, subject, client_id, scope, redirect_uri, expires_at FROM core_oauth_tokens
         WHERE vendor = ?1 AND token = ?2 AND kind = ?3",
    )?
    .query_row(params![vendor, token, kind.as_str()], |r| {
        Ok(Grant {
            tenant: tenant_of(r, 0)?,
            subject: r.get(1)?,
            client_id: r.get(2)?,
            scope: r.get(3)?,
            redirect_uri: r.get(4)?,
            expires_at: r.get(5)?,
        })
    })
    .optional()
}

/// Whether `token` is taken by any token of `vendor`.
pub fn exists(tx: &Tx, vendor: &str, token: &str) -> rusqlite::Result<bool> {
    Ok(tx
        .prepare_cached("SELECT 1 FROM core_oauth_tokens WHERE vendor = ?1 AND token = ?2")?
        .query_row(params![vendor, token], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Deletes a token (a code once exchanged, a refresh token once used).
pub fn delete(tx: &Tx, tenant: &TenantId, vendor: &str, token: &str) -> rusqlite::Result<bool> {
    let sql = "DELETE FROM core_oauth_tokens WHERE tenant_id = ?1 AND vendor = ?2 AND token = ?3";
    Ok(tx.prepare_cached(sql)?.execute(params![tenant, vendor, token])? > 0)
}

/// Deletes the tenant's authorization codes that expired at or before `now`.
pub fn delete_expired_codes(tx: &Tx, tenant: &TenantId, vendor: &str, now: &str) -> rusqlite::Result<usize> {
    tx.prepare_cached(
        "DELETE FROM core_oauth_tokens WHERE tenant_id = ?1 AND vendor = ?2 AND kind = 'code' AND expires_at <= ?3",
    )?
    .execute(params![tenant, vendor, now])
}

//! LionDesk's OAuth 2.0 (research/liondesk.md §2.2; RFC 6749): the authorization-code and
//! implicit grants at `GET /oauth2/authorize`, and the `authorization_code` and `refresh_token`
//! grants at `POST /oauth2/token`. Tokens, refresh tokens and codes are 40 hex digits. There is
//! no login page: authorizing approves at once as the client's account owner (user 1), or as
//! the tenant user a `user_id` parameter names (an emulator extension). Error texts are those of
//! the Node `oauth2-server` library, error codes and statuses RFC 6749's (docs/fidelity.md).

mod request;

use super::error::OAuthError;
use super::store::tokens::{self, Client};
use super::store::users::{self, Token};
use crate::core::TenantId;
use crate::core::clock::to_rfc3339_millis;
use crate::core::ids::random_hex;
use actix_web::http::StatusCode;
use chrono::{DateTime, Duration, Utc};
use rusqlite::Transaction;
use serde::Serialize;

pub use request::{ClientCredentials, Params, client_credentials, uses_basic};
use request::{is_redirect_uri, redirect_to};

/// Lifetime of an access token from the token endpoint (the document's example `expires_in`).
pub const ACCESS_TOKEN_LIFETIME: i64 = 776_000;
/// Lifetime of an implicit-grant token (the document's `expires_in=2592000`, 30 days).
pub const IMPLICIT_TOKEN_LIFETIME: i64 = 2_592_000;
/// Lifetime of an authorization code: 10 minutes, RFC 6749 §4.1.2's recommended maximum.
pub const CODE_LIFETIME: i64 = 600;
/// The scope granted when the authorization request names none (the document's example).
pub const DEFAULT_SCOPE: &str = "write";
/// Length of every token, refresh token and code.
const TOKEN_LENGTH: usize = 40;

fn invalid_request(description: impl Into<String>) -> OAuthError {
    OAuthError::new(StatusCode::BAD_REQUEST, "invalid_request", description)
}

fn invalid_grant(description: &str) -> OAuthError {
    OAuthError::new(StatusCode::BAD_REQUEST, "invalid_grant", description)
}

/// An unknown client or a wrong secret: 401 (RFC 6749 §5.2 allows it; clients read 401 as
/// "credentials refused").
fn invalid_client(description: &str) -> OAuthError {
    OAuthError::new(StatusCode::UNAUTHORIZED, "invalid_client", description)
}

/// The token endpoint's answer (the document's fields, in its order).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TokenResponse {
    pub access_token: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    pub expires: String,
    pub expires_in: i64,
    pub scope: String,
    pub token_type: &'static str,
}

/// A scope as granted: its space-separated names, each once, in order (`write` when none).
fn normalize_scope(raw: Option<&str>) -> Result<String, OAuthError> {
    let mut names: Vec<&str> = Vec::new();
    for name in raw.unwrap_or(DEFAULT_SCOPE).split_ascii_whitespace() {
        // RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E )
        if !name.bytes().all(|b| b.is_ascii_graphic() && b != b'"' && b != b'\\') {
            return Err(OAuthError::new(
                StatusCode::BAD_REQUEST,
                "invalid_scope",
                format!("Invalid parameter: `scope` ('{name}')"),
            ));
        }
        if !names.contains(&name) {
            names.push(name);
        }
    }
    Ok(if names.is_empty() { DEFAULT_SCOPE.to_owned() } else { names.join(" ") })
}

/// Whether `expires_at` has passed at `now` (`None`: never expires).
fn expired(expires_at: Option<&str>, now: &str) -> bool {
    expires_at.is_some_and(|at| at <= now)
}

/// Who a token is for: a user of a tenant, through a client, with a scope.
struct Grantee<'a> {
    tenant: &'a TenantId,
    client_id: &'a str,
    user_id: i64,
    scope: &'a str,
}

/// Stores a new access token living `lifetime` seconds (and, unless implicit, a refresh token,
/// which lives until it is used).
fn issue(
    tx: &Transaction,
    to: &Grantee<'_>,
    lifetime: i64,
    with_refresh: bool,
    now: DateTime<Utc>,
) -> rusqlite::Result<TokenResponse> {
    let expires = to_rfc3339_millis(now + Duration::seconds(lifetime));
    let access_token = random_hex(TOKEN_LENGTH);
    let access = Token {
        token: &access_token,
        kind: "access",
        user_id: to.user_id,
        client_id: Some(to.client_id),
        scope: Some(to.scope),
        redirect_uri: None,
        expires_at: Some(&expires),
    };
    users::insert_token(tx, to.tenant, &access)?;
    let refresh_token = with_refresh.then(|| random_hex(TOKEN_LENGTH));
    if let Some(refresh) = &refresh_token {
        users::insert_token(tx, to.tenant, &Token { token: refresh, kind: "refresh", expires_at: None, ..access })?;
    }
    Ok(TokenResponse {
        access_token,
        refresh_token,
        expires,
        expires_in: lifetime,
        scope: to.scope.to_owned(),
        token_type: "Bearer",
    })
}

/// `POST /oauth2/token`: authenticates the client, then runs its grant.
pub fn token(
    tx: &Transaction,
    credentials: &ClientCredentials,
    params: &Params,
    now: DateTime<Utc>,
) -> Result<TokenResponse, OAuthError> {
    let client = tokens::client(tx, &credentials.id)?
        .filter(|c| c.client_secret == credentials.secret)
        .ok_or_else(|| invalid_client("Invalid client: client is invalid"))?;
    match params.require("grant_type")? {
        "authorization_code" => exchange_code(tx, &client, params, now),
        "refresh_token" => refresh(tx, &client, params, now),
        _ => Err(OAuthError::new(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            "Unsupported grant type: `grant_type` is invalid",
        )),
    }
}

/// The authorization-code grant: a code is good once, for its client, before it expires, and
/// with the `redirect_uri` it was issued for.
fn exchange_code(tx: &Transaction, client: &Client, params: &Params, now: DateTime<Utc>) -> Result<TokenResponse, OAuthError> {
    let code = params.require("code")?;
    let grant = tokens::grant(tx, "code", code)?
        .filter(|g| g.tenant == client.tenant && g.client_id.as_deref() == Some(client.client_id.as_str()))
        .ok_or_else(|| invalid_grant("Invalid grant: authorization code is invalid"))?;
    if expired(grant.expires_at.as_deref(), &to_rfc3339_millis(now)) {
        return Err(invalid_grant("Invalid grant: authorization code has expired"));
    }
    if let Some(expected) = grant.redirect_uri.as_deref()
        && params.require("redirect_uri")? != expected
    {
        return Err(invalid_grant("Invalid grant: `redirect_uri` is invalid"));
    }
    tokens::delete(tx, &client.tenant, code)?;
    let scope = grant.scope.as_deref().unwrap_or(DEFAULT_SCOPE);
    let to = Grantee { tenant: &client.tenant, client_id: &client.client_id, user_id: grant.user_id, scope };
    Ok(issue(tx, &to, ACCESS_TOKEN_LIFETIME, true, now)?)
}

/// The refresh-token grant: the refresh token is used up and a new one comes with the new
/// access token. A `scope` may narrow, never widen, the scope granted.
fn refresh(tx: &Transaction, client: &Client, params: &Params, now: DateTime<Utc>) -> Result<TokenResponse, OAuthError> {
    let presented = params.require("refresh_token")?;
    let grant = tokens::grant(tx, "refresh", presented)?
        .filter(|g| g.tenant == client.tenant && g.client_id.as_deref() == Some(client.client_id.as_str()))
        .ok_or_else(|| invalid_grant("Invalid grant: refresh token is invalid"))?;
    if expired(grant.expires_at.as_deref(), &to_rfc3339_millis(now)) {
        return Err(invalid_grant("Invalid grant: refresh token has expired"));
    }
    let granted = grant.scope.as_deref().unwrap_or(DEFAULT_SCOPE);
    let scope = match params.get("scope") {
        None => granted.to_owned(),
        Some(asked) => {
            let asked = normalize_scope(Some(asked))?;
            if !asked.split(' ').all(|name| granted.split(' ').any(|g| g == name)) {
                let message = format!("Invalid scope: `scope` asks for more than was granted ({granted})");
                return Err(OAuthError::new(StatusCode::BAD_REQUEST, "invalid_scope", message));
            }
            asked
        }
    };
    tokens::delete(tx, &client.tenant, presented)?;
    let to = Grantee { tenant: &client.tenant, client_id: &client.client_id, user_id: grant.user_id, scope: &scope };
    Ok(issue(tx, &to, ACCESS_TOKEN_LIFETIME, true, now)?)
}

/// `GET /oauth2/authorize`: the `Location` to answer 302 with: the redirect URI with a code, a
/// token, or an error. Only an unusable client or redirect URI is an error answered directly.
pub fn authorize(tx: &Transaction, params: &Params, now: DateTime<Utc>) -> Result<String, OAuthError> {
    let client_id = params.require("client_id")?;
    let client = tokens::client(tx, client_id)?
        .ok_or_else(|| OAuthError::new(StatusCode::BAD_REQUEST, "invalid_client", "Invalid client: client is invalid"))?;
    let redirect_uri = params.require("redirect_uri")?;
    if !is_redirect_uri(redirect_uri) {
        return Err(invalid_request("Invalid request: `redirect_uri` is not a valid URI"));
    }
    let state = params.get("state");
    let implicit = params.get("response_type") == Some("token");
    let fail = |error: &str, description: &str| {
        let mut pairs = vec![("error", error), ("error_description", description)];
        pairs.extend(state.map(|s| ("state", s)));
        redirect_to(redirect_uri, &pairs, implicit)
    };
    let response_type = match params.get("response_type") {
        None => return Ok(fail("invalid_request", "Missing parameter: `response_type`")),
        Some(kind @ ("code" | "token")) => kind,
        Some(_) => return Ok(fail("unsupported_response_type", "Unsupported response type: `response_type` is not supported")),
    };
    let user_id = match params.get("user_id") {
        None => 1,
        Some(raw) => match raw.parse::<i64>() {
            Ok(id) if id > 0 => id,
            _ => return Ok(fail("invalid_request", "Invalid parameter: `user_id` must be a positive integer")),
        },
    };
    if !users::user_exists(tx, &client.tenant, user_id)? {
        return Ok(fail("invalid_request", &format!("Invalid parameter: `user_id`: {user_id} is not a user of this account")));
    }
    let scope = match normalize_scope(params.get("scope")) {
        Ok(scope) => scope,
        Err(e) => return Ok(fail(e.error, &e.description)),
    };
    if response_type == "token" {
        let to = Grantee { tenant: &client.tenant, client_id: &client.client_id, user_id, scope: &scope };
        let issued = issue(tx, &to, IMPLICIT_TOKEN_LIFETIME, false, now)?;
        let expires_in = issued.expires_in.to_string();
        let mut pairs = vec![
            ("access_token", issued.access_token.as_str()),
            ("expires", issued.expires.as_str()),
            ("expires_in", expires_in.as_str()),
            ("scope", issued.scope.as_str()),
            ("token_type", issued.token_type),
        ];
        pairs.extend(state.map(|s| ("state", s)));
        return Ok(redirect_to(redirect_uri, &pairs, true));
    }
    let now_text = to_rfc3339_millis(now);
    tokens::delete_expired_codes(tx, &client.tenant, &now_text)?;
    let code = random_hex(TOKEN_LENGTH);
    let expires_at = to_rfc3339_millis(now + Duration::seconds(CODE_LIFETIME));
    let row = Token {
        token: &code,
        kind: "code",
        user_id,
        client_id: Some(&client.client_id),
        scope: Some(&scope),
        redirect_uri: Some(redirect_uri),
        expires_at: Some(&expires_at),
    };
    users::insert_token(tx, &client.tenant, &row)?;
    let mut pairs = vec![("code", code.as_str())];
    pairs.extend(state.map(|s| ("state", s)));
    Ok(redirect_to(redirect_uri, &pairs, false))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_are_normalised_and_default_to_write() {
        assert_eq!(normalize_scope(None).unwrap(), "write");
        assert_eq!(normalize_scope(Some("  ")).unwrap(), "write");
        assert_eq!(normalize_scope(Some("write  read write")).unwrap(), "write read");
        assert_eq!(normalize_scope(Some("wr\"ite")).unwrap_err().error, "invalid_scope");
    }
}

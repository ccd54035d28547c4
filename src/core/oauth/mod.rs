//! OAuth 2.0 (RFC 6749) for the vendors that issue bearer tokens: the authorization-code grant
//! (a code is good once, for its client, before it expires, with the redirect URI it was issued
//! for), the implicit grant, and the refresh-token grant (the refresh token is used up and a new
//! one comes with the new access token; a `scope` may narrow the grant, never widen it). Every
//! expiry is judged against the emulator's clock (`now`), never the system's.
//!
//! What differs between vendors is a `Policy` (lifetimes, default scope, how a token looks) and
//! what they make of the outcome: each renders its own token answer from `Issued` and its own
//! error body from `OAuthError`. A token's subject is text (a LionDesk user id, a LeadConnector
//! location). Clients and tokens live in `core_oauth_clients` and `core_oauth_tokens`
//! (`store.rs`), which lead with `tenant_id`, so reset and snapshots carry them.
//!
//! ```ignore
//! static POLICY: Policy = Policy { vendor: "liondesk", access_lifetime: 776_000, .. };
//! let issued = oauth::token(tx, &POLICY, &client_credentials(authorization, &params)?, &params, now)?;
//! ```

pub mod request;
pub mod store;
#[cfg(test)]
mod tests;

use actix_web::http::StatusCode;
use chrono::{DateTime, Duration, Utc};

use crate::core::Tx;

use super::clock::to_rfc3339_millis;
use super::error::CoreError;
use super::tenant::TenantId;

pub use request::{ClientCredentials, Params, client_credentials, uses_basic};
pub use store::{Client, Grant, Kind};

/// What a vendor's OAuth server is like.
pub struct Policy {
    /// The vendor whose clients and tokens these are.
    pub vendor: &'static str,
    /// Seconds an access token from the token endpoint lives.
    pub access_lifetime: i64,
    /// Seconds an implicit-grant token lives (`None`: no implicit grant).
    pub implicit_lifetime: Option<i64>,
    /// Seconds an authorization code lives.
    pub code_lifetime: i64,
    /// Seconds a refresh token lives (`None`: until it is used).
    pub refresh_lifetime: Option<i64>,
    /// The scope granted when a request names none.
    pub default_scope: &'static str,
    /// A new token, refresh token or code, as the vendor's look.
    pub new_token: fn(Kind) -> String,
    /// The fragment parameters of an implicit grant's redirect, in the vendor's order (`state`
    /// is added after them).
    pub implicit_fields: fn(&Issued) -> Vec<(&'static str, String)>,
}

/// An OAuth request refused (RFC 6749 §4.1.2.1, §5.2), or a failure below it.
#[derive(thiserror::Error, Debug)]
pub enum OAuthError {
    /// `{"error": error, "error_description": description}`, answered with `status`.
    #[error("{error}: {description}")]
    Refused { status: StatusCode, error: &'static str, description: String },
    /// Storage failed: the vendor answers `server_error` (500) and logs the cause.
    #[error("{0}")]
    Internal(#[from] CoreError),
}

impl OAuthError {
    /// A refusal with `status`, RFC 6749 code `error` and `description`.
    pub fn refused(status: StatusCode, error: &'static str, description: impl Into<String>) -> OAuthError {
        OAuthError::Refused { status, error, description: description.into() }
    }

    /// 400 `invalid_request`: a parameter missing, repeated or malformed.
    pub fn invalid_request(description: impl Into<String>) -> OAuthError {
        OAuthError::refused(StatusCode::BAD_REQUEST, "invalid_request", description)
    }

    /// 400 `invalid_grant`: a code or refresh token that is unknown, used, expired or another's.
    pub fn invalid_grant(description: impl Into<String>) -> OAuthError {
        OAuthError::refused(StatusCode::BAD_REQUEST, "invalid_grant", description)
    }

    /// 401 `invalid_client`: an unknown client or a wrong secret (RFC 6749 §5.2 allows 401;
    /// clients read it as "credentials refused").
    pub fn invalid_client(description: impl Into<String>) -> OAuthError {
        OAuthError::refused(StatusCode::UNAUTHORIZED, "invalid_client", description)
    }

    /// The RFC 6749 error code (`server_error` for a failure below).
    pub fn error(&self) -> &'static str {
        match self {
            OAuthError::Refused { error, .. } => error,
            OAuthError::Internal(_) => "server_error",
        }
    }

    /// The status to answer with.
    pub fn status(&self) -> StatusCode {
        match self {
            OAuthError::Refused { status, .. } => *status,
            OAuthError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The `error_description` (not the cause of a failure below, which is for the log).
    pub fn description(&self) -> &str {
        match self {
            OAuthError::Refused { description, .. } => description,
            OAuthError::Internal(_) => "Internal server error",
        }
    }
}

impl From<rusqlite::Error> for OAuthError {
    fn from(e: rusqlite::Error) -> Self {
        OAuthError::Internal(e.into())
    }
}

/// Tokens just issued.
#[derive(Debug, Clone, PartialEq)]
pub struct Issued {
    pub access_token: String,
    /// None for an implicit grant.
    pub refresh_token: Option<String>,
    pub expires_at: DateTime<Utc>,
    /// Seconds from issue to `expires_at`.
    pub expires_in: i64,
    pub scope: String,
    pub subject: String,
}

/// Who a token is for: a subject of a tenant, through a client, with a scope.
#[derive(Debug, Clone, Copy)]
pub struct Grantee<'a> {
    pub tenant: &'a TenantId,
    pub client_id: &'a str,
    pub subject: &'a str,
    pub scope: &'a str,
}

/// A scope as granted: its space-separated names, each once, in order (the default when none).
pub fn normalize_scope(policy: &Policy, raw: Option<&str>) -> Result<String, OAuthError> {
    let mut names: Vec<&str> = Vec::new();
    for name in raw.unwrap_or(policy.default_scope).split_ascii_whitespace() {
        // RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E )
        if !name.bytes().all(|b| b.is_ascii_graphic() && b != b'"' && b != b'\\') {
            let description = format!("Invalid parameter: `scope` ('{name}')");
            return Err(OAuthError::refused(StatusCode::BAD_REQUEST, "invalid_scope", description));
        }
        if !names.contains(&name) {
            names.push(name);
        }
    }
    Ok(if names.is_empty() { policy.default_scope.to_owned() } else { names.join(" ") })
}

/// Whether `expires_at` (a stored stamp; `None`: never) has passed at `now`.
fn expired(expires_at: Option<&str>, now: DateTime<Utc>) -> bool {
    expires_at.is_some_and(|at| at <= to_rfc3339_millis(now).as_str())
}

/// Stores a new access token living `lifetime` seconds for `to`, with a refresh token unless
/// `implicit`.
pub fn issue(
    tx: &Tx,
    policy: &Policy,
    to: &Grantee<'_>,
    lifetime: i64,
    implicit: bool,
    now: DateTime<Utc>,
) -> rusqlite::Result<Issued> {
    let expires_at = now + Duration::seconds(lifetime);
    let access_token = (policy.new_token)(Kind::Access);
    let expires = to_rfc3339_millis(expires_at);
    let access = store::Token {
        token: &access_token,
        kind: Kind::Access,
        subject: to.subject,
        client_id: Some(to.client_id),
        scope: Some(to.scope),
        redirect_uri: None,
        expires_at: Some(&expires),
    };
    store::insert_token(tx, to.tenant, policy.vendor, &access)?;
    let refresh_token = (!implicit).then(|| (policy.new_token)(Kind::Refresh));
    if let Some(refresh) = &refresh_token {
        let expires = policy.refresh_lifetime.map(|s| to_rfc3339_millis(now + Duration::seconds(s)));
        let row = store::Token { token: refresh, kind: Kind::Refresh, expires_at: expires.as_deref(), ..access };
        store::insert_token(tx, to.tenant, policy.vendor, &row)?;
    }
    Ok(Issued {
        access_token,
        refresh_token,
        expires_at,
        expires_in: lifetime,
        scope: to.scope.to_owned(),
        subject: to.subject.to_owned(),
    })
}

/// The client `credentials` name, if the secret is its own.
pub fn authenticate(tx: &Tx, policy: &Policy, credentials: &ClientCredentials) -> Result<Client, OAuthError> {
    store::client(tx, policy.vendor, &credentials.id)?
        .filter(|c| c.client_secret == credentials.secret)
        .ok_or_else(|| OAuthError::invalid_client("Invalid client: client is invalid"))
}

/// The token endpoint: authenticates the client, then runs the grant `grant_type` names
/// (`authorization_code` or `refresh_token`).
pub fn token(
    tx: &Tx,
    policy: &Policy,
    credentials: &ClientCredentials,
    params: &Params,
    now: DateTime<Utc>,
) -> Result<Issued, OAuthError> {
    let client = authenticate(tx, policy, credentials)?;
    match params.require("grant_type")? {
        "authorization_code" => redeem(tx, policy, &client, params, Kind::Code, now),
        "refresh_token" => redeem(tx, policy, &client, params, Kind::Refresh, now),
        _ => Err(OAuthError::refused(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            "Unsupported grant type: `grant_type` is invalid",
        )),
    }
}

/// The authorization-code grant (`kind` `Code`: the code is good for its client, before it
/// expires, with the redirect URI it was issued for) and the refresh-token grant (`Refresh`: a
/// `scope` may narrow the grant). Either is used up; the access tokens issued before live on
/// until they expire.
fn redeem(
    tx: &Tx,
    policy: &Policy,
    client: &Client,
    params: &Params,
    kind: Kind,
    now: DateTime<Utc>,
) -> Result<Issued, OAuthError> {
    let (name, noun) = if kind == Kind::Code { ("code", "authorization code") } else { ("refresh_token", "refresh token") };
    let presented = params.require(name)?;
    let grant = store::find(tx, policy.vendor, kind, presented)?
        .filter(|g| g.tenant == client.tenant && g.client_id.as_deref() == Some(client.client_id.as_str()))
        .ok_or_else(|| OAuthError::invalid_grant(format!("Invalid grant: {noun} is invalid")))?;
    if expired(grant.expires_at.as_deref(), now) {
        return Err(OAuthError::invalid_grant(format!("Invalid grant: {noun} has expired")));
    }
    let granted = grant.scope.as_deref().unwrap_or(policy.default_scope);
    let scope = match kind {
        Kind::Code => {
            if let Some(expected) = grant.redirect_uri.as_deref()
                && params.require("redirect_uri")? != expected
            {
                return Err(OAuthError::invalid_grant("Invalid grant: `redirect_uri` is invalid"));
            }
            granted.to_owned()
        }
        _ => narrowed(policy, granted, params.get("scope"))?,
    };
    store::delete(tx, &client.tenant, policy.vendor, presented)?;
    let to = Grantee { tenant: &client.tenant, client_id: &client.client_id, subject: &grant.subject, scope: &scope };
    Ok(issue(tx, policy, &to, policy.access_lifetime, false, now)?)
}

/// The scope a refresh asks for (`asked`, or all that was `granted`), which may not exceed it.
fn narrowed(policy: &Policy, granted: &str, asked: Option<&str>) -> Result<String, OAuthError> {
    let Some(asked) = asked else { return Ok(granted.to_owned()) };
    let asked = normalize_scope(policy, Some(asked))?;
    if !asked.split(' ').all(|name| granted.split(' ').any(|g| g == name)) {
        let description = format!("Invalid scope: `scope` asks for more than was granted ({granted})");
        return Err(OAuthError::refused(StatusCode::BAD_REQUEST, "invalid_scope", description));
    }
    Ok(asked)
}

/// The authorization endpoint, which approves at once (there is no login page): the `Location`
/// to answer 302 with, the client's redirect URI carrying a code, a token (in the fragment) or
/// an error. Only an unknown client or an unusable or unregistered redirect URI is an error
/// answered directly, since nothing may be redirected to then. `subject` names who is approved
/// (its refusal is redirected as any other).
pub fn authorize(
    tx: &Tx,
    policy: &Policy,
    params: &Params,
    now: DateTime<Utc>,
    subject: impl FnOnce(&Client) -> Result<String, OAuthError>,
) -> Result<String, OAuthError> {
    let client_id = params.require("client_id")?;
    let client = store::client(tx, policy.vendor, client_id)?
        .ok_or_else(|| OAuthError::refused(StatusCode::BAD_REQUEST, "invalid_client", "Invalid client: client is invalid"))?;
    let redirect_uri = params.require("redirect_uri")?;
    if !request::is_redirect_uri(redirect_uri) {
        return Err(OAuthError::invalid_request("Invalid request: `redirect_uri` is not a valid URI"));
    }
    if !client.redirect_uris.iter().any(|registered| request::redirect_matches(registered, redirect_uri)) {
        return Err(OAuthError::invalid_request("Invalid request: `redirect_uri` is not registered for this client"));
    }
    let state = params.get("state");
    let implicit = params.get("response_type") == Some("token") && policy.implicit_lifetime.is_some();
    let redirect = |mut pairs: Vec<(&str, String)>| {
        pairs.extend(state.map(|s| ("state", s.to_owned())));
        request::redirect_to(redirect_uri, &pairs, implicit)
    };
    let refused = |e: OAuthError| match e {
        OAuthError::Internal(_) => Err(e),
        refusal => {
            Ok(redirect(vec![("error", refusal.error().to_owned()), ("error_description", refusal.description().to_owned())]))
        }
    };
    let implicit_lifetime = match params.get("response_type") {
        None => return refused(OAuthError::invalid_request("Missing parameter: `response_type`")),
        Some("code") => None,
        Some("token") if policy.implicit_lifetime.is_some() => policy.implicit_lifetime,
        Some(_) => {
            let description = "Unsupported response type: `response_type` is not supported";
            return refused(OAuthError::refused(StatusCode::BAD_REQUEST, "unsupported_response_type", description));
        }
    };
    let subject = match subject(&client) {
        Ok(subject) => subject,
        Err(e) => return refused(e),
    };
    let scope = match normalize_scope(policy, params.get("scope")) {
        Ok(scope) => scope,
        Err(e) => return refused(e),
    };
    let to = Grantee { tenant: &client.tenant, client_id: &client.client_id, subject: &subject, scope: &scope };
    if let Some(lifetime) = implicit_lifetime {
        let issued = issue(tx, policy, &to, lifetime, true, now)?;
        return Ok(redirect((policy.implicit_fields)(&issued)));
    }
    Ok(redirect(vec![("code", grant_code(tx, policy, &to, redirect_uri, now)?)]))
}

/// Stores a new authorization code for `to` and `redirect_uri` (dropping the tenant's expired ones).
fn grant_code(tx: &Tx, policy: &Policy, to: &Grantee<'_>, redirect_uri: &str, now: DateTime<Utc>) -> rusqlite::Result<String> {
    store::delete_expired_codes(tx, to.tenant, policy.vendor, &to_rfc3339_millis(now))?;
    let code = (policy.new_token)(Kind::Code);
    let expires_at = to_rfc3339_millis(now + Duration::seconds(policy.code_lifetime));
    let row = store::Token {
        token: &code,
        kind: Kind::Code,
        subject: to.subject,
        client_id: Some(to.client_id),
        scope: Some(to.scope),
        redirect_uri: Some(redirect_uri),
        expires_at: Some(&expires_at),
    };
    store::insert_token(tx, to.tenant, policy.vendor, &row)?;
    Ok(code)
}

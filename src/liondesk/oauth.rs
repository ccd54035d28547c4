//! LionDesk's OAuth 2.0 (LionDesk's API v2 documentation, authentication pages: access tokens,
//! authorization grant, implicit grant) on `core::oauth`: its policy, its token answer and whom
//! an authorization approves. Tokens, refresh tokens and codes are 40 hex digits. There is no
//! login page: authorizing approves at once as the client's account owner (user 1), or as the
//! tenant user a `user_id` parameter names (an emulator extension). Error texts are those of the
//! Node `oauth2-server` library, error codes and statuses RFC 6749's (docs/fidelity.md).

use serde::Serialize;

use super::store::users;
use crate::core::Tx;
use crate::core::clock::to_rfc3339_millis;
use crate::core::ids::random_hex;
use crate::core::oauth::{Client, Issued, OAuthError, Params, Policy};

/// LionDesk's OAuth server.
pub static POLICY: Policy = Policy {
    vendor: super::NAME,
    // The access-tokens page's example `expires_in`.
    access_lifetime: 776_000,
    // The implicit-grant page's `expires_in=2592000` (30 days).
    implicit_lifetime: Some(2_592_000),
    // RFC 6749 §4.1.2's recommended maximum.
    code_lifetime: 600,
    // Refresh tokens work until they are used.
    refresh_lifetime: None,
    // The documents' example scope.
    default_scope: "write",
    new_token: |_| random_hex(40),
    implicit_fields,
};

/// The token endpoint's answer: the access-tokens page's fields, in its order.
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

impl From<Issued> for TokenResponse {
    fn from(issued: Issued) -> TokenResponse {
        TokenResponse {
            access_token: issued.access_token,
            refresh_token: issued.refresh_token,
            expires: to_rfc3339_millis(issued.expires_at),
            expires_in: issued.expires_in,
            scope: issued.scope,
            token_type: "Bearer",
        }
    }
}

/// The implicit grant's fragment: the implicit-grant page's parameters, in its order.
fn implicit_fields(issued: &Issued) -> Vec<(&'static str, String)> {
    let answer = TokenResponse::from(issued.clone());
    vec![
        ("access_token", answer.access_token),
        ("expires", answer.expires),
        ("expires_in", answer.expires_in.to_string()),
        ("scope", answer.scope),
        ("token_type", answer.token_type.to_owned()),
    ]
}

/// Whom authorizing approves: user 1 of the client's account, or the one `user_id` names.
pub fn subject(tx: &Tx, params: &Params, client: &Client) -> Result<String, OAuthError> {
    let user_id = match params.get("user_id") {
        None => 1,
        Some(raw) => match raw.parse::<i64>() {
            Ok(id) if id > 0 => id,
            _ => return Err(OAuthError::invalid_request("Invalid parameter: `user_id` must be a positive integer")),
        },
    };
    if !users::user_exists(tx, &client.tenant, user_id)? {
        let description = format!("Invalid parameter: `user_id`: {user_id} is not a user of this account");
        return Err(OAuthError::invalid_request(description));
    }
    Ok(user_id.to_string())
}

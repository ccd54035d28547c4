//! LeadConnector's OAuth 2.0 (the vendor's `apps/oauth.json`) on `core::oauth`: its policy and
//! its answers. Access tokens live 86399 seconds (the document's `expires_in`), refresh tokens a
//! year or until used (a refresh answers a new one), authorization codes ten minutes. A token is
//! for the location (`userType` `Location`) or its company (`Company`), which may ask for a
//! location token. Every tenant's credentials carry the OAuth app installed on its location
//! (`client_id`, `client_secret`) and a refresh token of it.

use serde_json::{Map, Value, json};

use super::NAME;
use super::auth::{COMPANY, LOCATION};
use super::store::locations::Location;
use crate::core::ids::random_alnum;
use crate::core::oauth::{Issued, Policy};

/// The scope a token gets when none is asked for: the contacts API's two scopes.
pub const SCOPE: &str = "contacts.readonly contacts.write";

/// LeadConnector's OAuth server.
pub static POLICY: Policy = Policy {
    vendor: NAME,
    access_lifetime: 86_399,
    implicit_lifetime: None,
    code_lifetime: 600,
    refresh_lifetime: Some(365 * 24 * 3600),
    default_scope: SCOPE,
    new_token: |_| new_token(),
    implicit_fields: |_| Vec::new(),
};

/// A new token, refresh token or code: 40 alphanumerics.
pub fn new_token() -> String {
    random_alnum(40)
}

/// The app id a client id names (its part before `-`).
pub fn app_id(client_id: &str) -> &str {
    client_id.split('-').next().unwrap_or(client_id)
}

/// `GetAccessCodeSuccessfulResponseDto`: the tokens, whom they are for and the location.
pub fn token_answer(issued: &Issued, location: &Location) -> Value {
    let mut out = Map::new();
    out.insert("access_token".into(), json!(issued.access_token));
    out.insert("token_type".into(), json!("Bearer"));
    out.insert("expires_in".into(), json!(issued.expires_in));
    if let Some(refresh) = &issued.refresh_token {
        out.insert("refresh_token".into(), json!(refresh));
    }
    out.insert("scope".into(), json!(issued.scope));
    let company = issued.subject == COMPANY;
    out.insert("userType".into(), json!(if company { COMPANY } else { LOCATION }));
    if !company {
        out.insert("locationId".into(), json!(location.location_id));
    }
    out.insert("companyId".into(), json!(location.company_id));
    if company {
        out.insert("approvedLocations".into(), json!([location.location_id]));
    }
    out.insert("userId".into(), json!(location.user_id));
    out.insert("isBulkInstallation".into(), json!(false));
    Value::Object(out)
}

/// `GetLocationAccessTokenSuccessfulResponseDto`.
pub fn location_token_answer(issued: &Issued, location: &Location, client_id: &str) -> Value {
    json!({
        "access_token": issued.access_token,
        "token_type": "Bearer",
        "expires_in": issued.expires_in,
        "scope": issued.scope,
        "locationId": location.location_id,
        "userId": location.user_id,
        "appId": app_id(client_id),
    })
}

//! Installing a tenant's LeadConnector credentials (`Vendor::install`): its location, company
//! and private integration token, and the OAuth app installed on the location (`client_id`,
//! `client_secret`, optional `redirect_uris`) with a refresh token for it. Older credentials
//! without the app install the location alone.

use chrono::Duration;
use serde::Deserialize;
use serde_json::Value;

use super::super::NAME;
use super::super::auth::LOCATION;
use super::super::oauth::POLICY;
use super::super::store::locations::{self, Location};
use crate::core::clock::to_rfc3339_millis;
use crate::core::ids::random_alnum;
use crate::core::oauth::{Client, Kind, store as oauth_store};
use crate::core::{ArrangeError, Arranging, Record};

/// Where a tenant's app may be redirected after authorization unless its credentials say.
const REDIRECT_URIS: [&str; 3] = ["https://app.example.com/", "http://localhost/", "http://127.0.0.1/"];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Credentials {
    location_id: String,
    company_id: String,
    access_token: String,
    client_id: Option<String>,
    client_secret: Option<String>,
    refresh_token: Option<String>,
    redirect_uris: Option<Vec<String>>,
}

/// Installs the tenant's location and OAuth app.
pub fn install(a: &Arranging<'_>, credentials: &Value) -> Result<(), ArrangeError> {
    let record = Record { index: 0, value: credentials };
    let creds: Credentials = record.parse()?;
    if locations::taken(a.tx, &creds.location_id, &creds.access_token)? {
        return Err(record.error("location_id", "the location or its access_token is already in use"));
    }
    let location = Location {
        tenant: a.tenant.clone(),
        location_id: creds.location_id,
        company_id: creds.company_id,
        access_token: creds.access_token,
        user_id: random_alnum(20),
    };
    locations::insert(a.tx, &location)?;
    let (Some(client_id), Some(client_secret)) = (creds.client_id, creds.client_secret) else { return Ok(()) };
    if oauth_store::client(a.tx, NAME, &client_id)?.is_some() {
        return Err(record.error("client_id", "is already in use"));
    }
    let redirect_uris = creds.redirect_uris.unwrap_or_else(|| REDIRECT_URIS.iter().map(|u| (*u).to_owned()).collect());
    let client = Client { tenant: a.tenant.clone(), client_id: client_id.clone(), client_secret, redirect_uris };
    oauth_store::insert_client(a.tx, a.tenant, NAME, &client)?;
    if let Some(refresh) = creds.refresh_token {
        if oauth_store::exists(a.tx, NAME, &refresh)? {
            return Err(record.error("refresh_token", "is already in use"));
        }
        let expires = POLICY.refresh_lifetime.map(|s| to_rfc3339_millis(a.now + Duration::seconds(s)));
        let token = oauth_store::Token {
            token: &refresh,
            kind: Kind::Refresh,
            subject: LOCATION,
            client_id: Some(&client_id),
            scope: Some(POLICY.default_scope),
            redirect_uri: None,
            expires_at: expires.as_deref(),
        };
        oauth_store::insert_token(a.tx, a.tenant, NAME, &token)?;
    }
    Ok(())
}

//! OAuth (the vendor's `apps/oauth.json`): Get Access Token (`POST /oauth/token`, a form with
//! `client_id`, `client_secret`, `grant_type` `authorization_code`, `refresh_token` or
//! `client_credentials`, and `code`, `refresh_token`, `user_type`, `redirect_uri`), Get Location
//! Access Token from an Agency Token (`POST /oauth/locationToken`, a company token, `Version`,
//! a form with `companyId` and `locationId`), and the marketplace's authorization page
//! (`GET /oauth/chooselocation`), which approves at once and redirects with a code. The form's
//! properties are a whitelist (422); a refused grant is RFC 6749's `{"error",
//! "error_description"}` (docs/fidelity.md, LeadConnector: OAuth).

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use serde_json::Value;

use super::super::auth::{COMPANY, Company, LOCATION};
use super::super::body::RawBody;
use super::super::error::{LcError, Result};
use super::super::oauth::{POLICY, location_token_answer, token_answer};
use super::super::store::locations::{self, Location};
use crate::core::Tx;
use crate::core::oauth::{self, Grantee, Issued, OAuthError, Params};
use crate::core::{Core, CoreError, TenantId};

const GRANT_TYPES: [&str; 3] = ["authorization_code", "refresh_token", "client_credentials"];

/// The form's parameters, each one the DTO declares (`allowed`), the `required` ones given.
fn form(req: &HttpRequest, body: &[u8], allowed: &[&str], required: &[&str]) -> Result<Params> {
    let content_type = req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok());
    let params = Params::of_token_request(content_type, body)?;
    let text = String::from_utf8_lossy(body);
    let names: Vec<String> = if content_type.is_some_and(|c| c.contains("json")) || text.trim_start().starts_with('{') {
        serde_json::from_slice::<serde_json::Map<String, Value>>(body).map(|m| m.keys().cloned().collect()).unwrap_or_default()
    } else {
        form_urlencoded::parse(body).map(|(k, _)| k.into_owned()).collect()
    };
    let mut messages: Vec<String> = Vec::new();
    for name in names.iter().filter(|n| !allowed.contains(&n.as_str())) {
        messages.push(format!("property {name} should not exist"));
    }
    for name in required.iter().filter(|n| params.get(n).is_none()) {
        messages.push(format!("{name} should not be empty"));
        messages.push(format!("{name} must be a string"));
    }
    if messages.is_empty() { Ok(params) } else { Err(LcError::Unprocessable(messages)) }
}

fn location_of(tx: &Tx, tenant: &TenantId) -> std::result::Result<Location, OAuthError> {
    locations::of_tenant(tx, tenant)?.ok_or_else(|| OAuthError::Internal(CoreError::Startup("the tenant has no location".into())))
}

/// Get Access Token: 200 with the tokens and whom they are for.
pub async fn token(req: HttpRequest, core: web::Data<Core>, RawBody(body): RawBody) -> Result<HttpResponse> {
    let allowed = ["client_id", "client_secret", "grant_type", "code", "refresh_token", "user_type", "redirect_uri"];
    let params = form(&req, &body, &allowed, &["client_id", "client_secret", "grant_type"])?;
    let grant_type = params.get("grant_type").unwrap_or_default().to_owned();
    if !GRANT_TYPES.contains(&grant_type.as_str()) {
        return Err(LcError::unprocessable(format!(
            "grant_type must be one of the following values: {}",
            GRANT_TYPES.join(", ")
        )));
    }
    let user_type = params.get("user_type").unwrap_or(LOCATION).to_owned();
    if ![COMPANY, LOCATION].contains(&user_type.as_str()) {
        return Err(LcError::unprocessable("user_type must be one of the following values: Company, Location"));
    }
    let authorization = req.headers().get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let credentials = oauth::client_credentials(authorization.as_deref(), &params)?;
    let now = core.clock.now();
    let answer = core
        .db
        .write(move |tx| {
            let client = oauth::authenticate(tx, &POLICY, &credentials)?;
            let issued: Issued = if grant_type == "client_credentials" {
                let to = Grantee {
                    tenant: &client.tenant,
                    client_id: &client.client_id,
                    subject: &user_type,
                    scope: POLICY.default_scope,
                };
                oauth::issue(tx, &POLICY, &to, POLICY.access_lifetime, false, now)?
            } else {
                oauth::token(tx, &POLICY, &credentials, &params, now)?
            };
            Ok::<_, OAuthError>(token_answer(&issued, &location_of(tx, &client.tenant)?))
        })
        .await?;
    Ok(HttpResponse::Ok().insert_header((header::CACHE_CONTROL, "no-store")).json(answer))
}

/// Get Location Access Token from an Agency Token: a location token for the company's location.
pub async fn location_token(
    req: HttpRequest,
    Company(caller): Company,
    core: web::Data<Core>,
    RawBody(body): RawBody,
) -> Result<HttpResponse> {
    let params = form(&req, &body, &["companyId", "locationId"], &["companyId", "locationId"])?;
    if params.get("companyId") != Some(caller.grant.company_id.as_str()) {
        return Err(LcError::Forbidden("The token does not have access to this company.".into()));
    }
    caller.check_location(params.get("locationId"))?;
    let client_id = caller.grant.client_id.clone().unwrap_or_default();
    let now = caller.now;
    let answer = core
        .db
        .write(move |tx| {
            let tenant = caller.grant.tenant.clone();
            let to = Grantee { tenant: &tenant, client_id: &client_id, subject: LOCATION, scope: POLICY.default_scope };
            let issued = oauth::issue(tx, &POLICY, &to, POLICY.access_lifetime, true, now)?;
            Ok::<_, OAuthError>(location_token_answer(&issued, &location_of(tx, &tenant)?, &client_id))
        })
        .await?;
    Ok(HttpResponse::Ok().insert_header((header::CACHE_CONTROL, "no-store")).json(answer))
}

/// The marketplace's authorization page: approves at once for the location (or, with
/// `user_type=Company`, its company) and answers 302 to `redirect_uri` with `?code=`.
pub async fn choose_location(req: HttpRequest, core: web::Data<Core>) -> Result<HttpResponse> {
    let params = Params::from_form(req.query_string().as_bytes())?;
    let now = core.clock.now();
    let user_type = params.get("user_type").unwrap_or(LOCATION).to_owned();
    let location = core
        .db
        .write(move |tx| {
            oauth::authorize(tx, &POLICY, &params, now, |_| match user_type.as_str() {
                LOCATION | COMPANY => Ok(user_type.clone()),
                _ => Err(OAuthError::invalid_request("Invalid parameter: `user_type` must be Company or Location")),
            })
        })
        .await?;
    Ok(HttpResponse::Found()
        .insert_header((header::LOCATION, location))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .finish())
}

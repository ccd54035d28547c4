//! Who calls: `Authorization: Bearer <token>`, where the token is the location's private
//! integration token (`pit-…`, from the tenant's credentials) or an OAuth access token of
//! `POST /oauth/token` or `/oauth/locationToken` that has not expired by the emulator's clock
//! (the security scheme of the vendor's OpenAPI files). Then the `Version` header: one of the
//! versions real clients send (`2021-04-15`, `2021-07-28`, `2023-02-21`, `v3`); missing is a 401
//! "version header was not found.", another value a 401 "version header is invalid". The token
//! is checked first (docs/fidelity.md, LeadConnector: requests and errors).
//!
//! A token is looked up once and then served from `core.credentials` until it expires, so a
//! call costs no database read for it.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use chrono::{DateTime, Utc};

use super::NAME;
use super::error::LcError;
use super::store::locations;
use crate::core::Tx;
use crate::core::clock::parse_instant;
use crate::core::oauth::{self, Kind};
use crate::core::{Core, CoreError, TenantId};

/// The `Version` values accepted.
pub const VERSIONS: [&str; 4] = ["2021-04-15", "2021-07-28", "2023-02-21", "v3"];

/// Whom an OAuth token is for: the location (`Location`) or its company (`Company`).
pub const LOCATION: &str = "Location";
pub const COMPANY: &str = "Company";

/// What a bearer token stands for.
#[derive(Debug, Clone)]
pub struct Grant {
    pub tenant: TenantId,
    pub location_id: String,
    pub company_id: String,
    /// A company (agency) token: it may ask for location tokens, not call location routes.
    pub company: bool,
    /// The OAuth app the token was issued to (`None`: a private integration token).
    pub client_id: Option<String>,
}

/// The shared state of a request.
pub fn core_of(req: &HttpRequest) -> Result<web::Data<Core>, LcError> {
    req.app_data::<web::Data<Core>>().cloned().ok_or_else(|| CoreError::Startup("the shared state is missing".into()).into())
}

/// The bearer token of `req`, if it has one.
pub fn bearer(req: &HttpRequest) -> Option<String> {
    let value = req.headers().get("authorization")?.to_str().ok()?.trim();
    let (scheme, token) = value.split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then(|| token.to_owned())
}

/// What `token` stands for and until when (`None`: a private integration token, for ever),
/// expired or not.
pub fn lookup(tx: &Tx, token: &str) -> rusqlite::Result<Option<(Grant, Option<DateTime<Utc>>)>> {
    if let Some(l) = locations::by_token(tx, token)? {
        let grant =
            Grant { tenant: l.tenant, location_id: l.location_id, company_id: l.company_id, company: false, client_id: None };
        return Ok(Some((grant, None)));
    }
    let Some(found) = oauth::store::find(tx, NAME, Kind::Access, token)? else { return Ok(None) };
    let Some(l) = locations::of_tenant(tx, &found.tenant)? else { return Ok(None) };
    let until = found.expires_at.as_deref().and_then(parse_instant);
    let grant = Grant {
        tenant: l.tenant,
        location_id: l.location_id,
        company_id: l.company_id,
        company: found.subject == COMPANY,
        client_id: found.client_id,
    };
    Ok(Some((grant, until)))
}

/// What `token` stands for at `now` (`None`: nothing, or expired), cached.
pub async fn resolve(core: &Core, token: &str, now: DateTime<Utc>) -> Result<Option<Grant>, LcError> {
    if let Some(found) = core.credentials.get_live::<Grant>(NAME, token, now) {
        return Ok(Some(found));
    }
    let generation = core.credentials.generation();
    let key = token.to_owned();
    let Some((grant, until)) = core.db.read(move |tx| lookup(tx, &key).map_err(LcError::from)).await? else {
        return Ok(None);
    };
    match until {
        Some(until) if until <= now => Ok(None),
        Some(until) => {
            core.credentials.insert_expiring(NAME, token, generation, grant.clone(), until);
            Ok(Some(grant))
        }
        None => {
            core.credentials.insert(NAME, token, generation, grant.clone());
            Ok(Some(grant))
        }
    }
}

/// The caller of a route: a live token and an accepted `Version`.
#[derive(Debug, Clone)]
pub struct Caller {
    pub grant: Grant,
    /// The emulator's time of this request.
    pub now: DateTime<Utc>,
    /// `Version: v3`, whose answers add `succeeded` beside `succeded`.
    pub v3: bool,
}

impl Caller {
    pub fn tenant(&self) -> &TenantId {
        &self.grant.tenant
    }

    pub fn location_id(&self) -> &str {
        &self.grant.location_id
    }

    /// A 403 unless `location_id` (when the request names one) is the token's.
    pub fn check_location(&self, location_id: Option<&str>) -> Result<(), LcError> {
        match location_id {
            Some(id) if id != self.grant.location_id => Err(LcError::other_location()),
            _ => Ok(()),
        }
    }
}

/// The caller of `req`: its token (401), its `Version` (401); the tenant recorded for the journal.
pub async fn authenticate(req: &HttpRequest) -> Result<Caller, LcError> {
    let core = core_of(req)?;
    let token = bearer(req).ok_or_else(LcError::invalid_token)?;
    let now = core.clock.now();
    let grant = resolve(&core, &token, now).await?.ok_or_else(LcError::invalid_token)?;
    req.extensions_mut().insert(grant.tenant.clone());
    let version = match req.headers().get("version") {
        None => return Err(LcError::Version("version header was not found.")),
        Some(v) => v.to_str().unwrap_or_default().trim(),
    };
    if !VERSIONS.contains(&version) {
        return Err(LcError::Version("version header is invalid"));
    }
    Ok(Caller { v3: version == "v3", grant, now })
}

/// What an extractor answers: `check` of the request's authenticated caller.
type Checked<T> = Pin<Box<dyn Future<Output = Result<T, LcError>>>>;

fn checked<T: 'static>(req: &HttpRequest, check: fn(Caller) -> Result<T, LcError>) -> Checked<T> {
    let req = req.clone();
    Box::pin(async move { check(authenticate(&req).await?) })
}

/// The caller of a location route: a location's token (a company token is a 403).
pub struct Location(pub Caller);

impl FromRequest for Location {
    type Error = LcError;
    type Future = Checked<Self>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        checked(req, |caller| if caller.grant.company { Err(LcError::other_location()) } else { Ok(Location(caller)) })
    }
}

/// The caller of a company route (`/oauth/locationToken`): a company's OAuth token.
pub struct Company(pub Caller);

impl FromRequest for Company {
    type Error = LcError;
    type Future = Checked<Self>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        checked(req, |caller| {
            if caller.grant.company {
                Ok(Company(caller))
            } else {
                Err(LcError::Unauthorized("The token is not authorized for this scope.".into()))
            }
        })
    }
}

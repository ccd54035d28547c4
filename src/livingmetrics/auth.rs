//! API keys. LeadIntuition's "LivingMetrics API Authentication" page: the key "can be passed in
//! the X-Api-Key request header field ... or as a parameter named api-key" (its examples also
//! spell the header `X-Api_Key`). A missing or unknown key is a 401; the two field-definition
//! endpoints need none. Keys resolve through the core credential cache.

use std::borrow::Cow;
use std::future::Future;
use std::pin::Pin;

use actix_web::{FromRequest, HttpRequest, dev::Payload};
use rusqlite::OptionalExtension;

use super::error::LivingMetricsError;
use crate::core::TenantId;
use crate::core::Tx;
use crate::core::auth::{Credential, resolve};

/// The tenant and user an API key belongs to.
#[derive(Debug, Clone)]
pub struct ApiKey {
    pub tenant: TenantId,
    pub user_id: i64,
    /// The user may only see their own tasks (`user_only` is then forced on).
    pub own_tasks_only: bool,
}

/// A key when one was sent: for the endpoints that work without one.
#[derive(Debug, Clone)]
pub struct MaybeApiKey(pub Option<ApiKey>);

/// The key a request carries: the first of the `X-Api-Key` header, the `X-Api_Key` header and
/// the `api-key` parameter that holds one. An empty (or blank) one counts as absent, so that a
/// client sending an empty header alongside the parameter is still authenticated
/// (docs/fidelity.md, both key spellings).
pub fn presented_key(req: &HttpRequest) -> Option<Cow<'_, str>> {
    let headers = ["x-api-key", "x-api_key"].into_iter().filter_map(|name| req.headers().get(name)?.to_str().ok());
    if let Some(key) = headers.map(str::trim).find(|key| !key.is_empty()) {
        return Some(Cow::Borrowed(key));
    }
    form_urlencoded::parse(req.query_string().as_bytes()).find_map(|(name, value)| {
        let key = value.trim();
        (name == "api-key" && !key.is_empty()).then(|| Cow::Owned(key.to_owned()))
    })
}

impl Credential for ApiKey {
    const VENDOR: &'static str = "livingmetrics";

    fn lookup(tx: &Tx, key: &str) -> rusqlite::Result<Option<ApiKey>> {
        tx.prepare_cached("SELECT tenant_id, id, own_tasks_only FROM lm_users WHERE api_key = ?1")?
            .query_row([key], |r| {
                let tenant: String = r.get(0)?;
                Ok(ApiKey { tenant: TenantId::from(tenant.as_str()), user_id: r.get(1)?, own_tasks_only: r.get(2)? })
            })
            .optional()
    }

    fn tenant(&self) -> &TenantId {
        &self.tenant
    }
}

/// The request's key resolved: `None` when none was sent and `required` is false.
async fn authenticate(req: HttpRequest, required: bool) -> Result<Option<ApiKey>, LivingMetricsError> {
    let Some(key) = presented_key(&req) else {
        if required {
            return Err(LivingMetricsError::Unauthorized(
                "Missing API key: send it in the X-Api-Key header or the api-key parameter",
            ));
        }
        return Ok(None);
    };
    match resolve::<ApiKey>(&req, &key).await? {
        Some(found) => Ok(Some(found)),
        None => Err(LivingMetricsError::Unauthorized("Invalid API key")),
    }
}

impl FromRequest for ApiKey {
    type Error = LivingMetricsError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { authenticate(req, true).await?.ok_or(LivingMetricsError::Unauthorized("Invalid API key")) })
    }
}

impl FromRequest for MaybeApiKey {
    type Error = LivingMetricsError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { authenticate(req, false).await.map(MaybeApiKey) })
    }
}

//! API keys. The key goes in the `X-Api-Key` header (the document's examples also spell it
//! `X-Api_Key`) or in the `api-key` query parameter. A missing or unknown key is a 401; the two
//! field-definition endpoints need none.

use std::future::Future;
use std::pin::Pin;

use actix_web::{FromRequest, HttpMessage, HttpRequest, dev::Payload, web};
use rusqlite::{OptionalExtension, Transaction};

use super::error::LivingMetricsError;
use crate::core::{Core, TenantId};

/// The vendor name under which keys are cached.
const VENDOR: &str = "livingmetrics";

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

/// The key a request carries, from the headers or the query string.
pub fn presented_key(req: &HttpRequest) -> Option<String> {
    for name in ["x-api-key", "x-api_key"] {
        if let Some(value) = req.headers().get(name).and_then(|v| v.to_str().ok()) {
            return Some(value.trim().to_owned());
        }
    }
    form_urlencoded::parse(req.query_string().as_bytes())
        .find(|(name, _)| name == "api-key")
        .map(|(_, value)| value.trim().to_owned())
}

pub fn lookup(tx: &Transaction, key: &str) -> rusqlite::Result<Option<ApiKey>> {
    tx.prepare_cached("SELECT tenant_id, id, own_tasks_only FROM lm_users WHERE api_key = ?1")?
        .query_row([key], |r| {
            let tenant: String = r.get(0)?;
            Ok(ApiKey { tenant: TenantId::from(tenant.as_str()), user_id: r.get(1)?, own_tasks_only: r.get(2)? })
        })
        .optional()
}

async fn resolve(req: HttpRequest, required: bool) -> Result<Option<ApiKey>, LivingMetricsError> {
    let key = match presented_key(&req) {
        Some(key) if !key.is_empty() => key,
        _ if required => {
            return Err(LivingMetricsError::Unauthorized(
                "Missing API key: send it in the X-Api-Key header or the api-key parameter",
            ));
        }
        _ => return Ok(None),
    };
    let Some(core) = req.app_data::<web::Data<Core>>().cloned() else {
        return Err(LivingMetricsError::Unauthorized("Invalid API key"));
    };
    let found = match core.credentials.get::<ApiKey>(VENDOR, &key) {
        Some(found) => found,
        None => {
            let generation = core.credentials.generation();
            let lookup_key = key.clone();
            let found = core.db.read(move |tx| lookup(tx, &lookup_key).map_err(LivingMetricsError::from)).await?;
            let found = found.ok_or(LivingMetricsError::Unauthorized("Invalid API key"))?;
            core.credentials.insert(VENDOR, &key, generation, found.clone());
            found
        }
    };
    req.extensions_mut().insert(found.tenant.clone());
    Ok(Some(found))
}

impl FromRequest for ApiKey {
    type Error = LivingMetricsError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { resolve(req, true).await?.ok_or(LivingMetricsError::Unauthorized("Invalid API key")) })
    }
}

impl FromRequest for MaybeApiKey {
    type Error = LivingMetricsError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { resolve(req, false).await.map(MaybeApiKey) })
    }
}

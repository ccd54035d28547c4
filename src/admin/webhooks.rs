//! Webhooks (`core::webhooks`): `POST|GET /__admin/webhooks` (subscribe a tenant's URL to some of
//! a vendor's events; list), `DELETE /__admin/webhooks/{id}`, every delivery attempt at
//! `GET /__admin/webhooks/deliveries`, and the public key that verifies each body's signature at
//! `GET /__admin/webhooks/public-key` (PEM).

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;
use serde_json::json;

use super::error::{AdminError, RawBody, parse_object};
use crate::core::clock::to_rfc3339_millis;
use crate::core::tenant::{self, TenantId};
use crate::core::webhooks::store::{self, AttemptQuery};
use crate::core::webhooks::{Subscription, check_url, signing, vendor_for};
use crate::core::{Core, ids};

/// Attempts listed when the request gives no `limit`, and the most it may ask for.
const DEFAULT_LIMIT: i64 = 100;
const MAX_LIMIT: i64 = 1000;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Subscribe {
    tenant: String,
    url: String,
    events: Vec<String>,
    vendor: Option<String>,
}

/// `POST /__admin/webhooks` `{"tenant", "url", "events", "vendor"?}` → 201 with the subscription.
/// Without `vendor`, the vendor is the one that sends every event named.
pub async fn subscribe(core: web::Data<Core>, RawBody(body): RawBody) -> Result<HttpResponse, AdminError> {
    let req: Subscribe = parse_object(&body)?;
    check_url(&req.url).map_err(AdminError::BadRequest)?;
    let senders: Vec<_> = core.vendors.iter().map(|v| (v.name(), v.webhook_events())).collect();
    let vendor = vendor_for(req.vendor.as_deref(), &req.events, &senders).map_err(AdminError::BadRequest)?;
    let now = core.clock.now();
    let subscription = Subscription {
        id: ids::random_alnum(20),
        tenant: TenantId::from(req.tenant.as_str()),
        vendor: vendor.to_owned(),
        url: req.url,
        events: req.events,
        created_at: to_rfc3339_millis(now),
    };
    let kept = subscription.clone();
    let found = core
        .db
        .write(move |tx| -> Result<bool, AdminError> {
            if tenant::find(tx, kept.tenant.as_str())?.is_none() {
                return Ok(false);
            }
            store::insert(tx, &kept)?;
            Ok(true)
        })
        .await?;
    if !found {
        return Err(AdminError::NotFound(format!("tenant: no tenant '{}'", req.tenant)));
    }
    Ok(HttpResponse::Created().json(subscription))
}

/// `GET /__admin/webhooks[?tenant=]` → `{"webhooks": [...]}`, oldest first.
pub async fn list(core: web::Data<Core>, req: HttpRequest) -> Result<HttpResponse, AdminError> {
    let mut tenant = None;
    for (name, value) in form_urlencoded::parse(req.query_string().as_bytes()) {
        match name.as_ref() {
            "tenant" if !value.is_empty() => tenant = Some(TenantId::from(value.as_ref())),
            "tenant" => {}
            other => return Err(AdminError::BadRequest(format!("unknown filter '{other}' (known: tenant)"))),
        }
    }
    let webhooks = core.db.read(move |tx| store::list(tx, tenant.as_ref()).map_err(AdminError::from)).await?;
    Ok(HttpResponse::Ok().json(json!({"webhooks": webhooks})))
}

/// `DELETE /__admin/webhooks/{id}` → 204; its pending deliveries fail unsent.
pub async fn remove(core: web::Data<Core>, id: web::Path<String>) -> Result<HttpResponse, AdminError> {
    let id = id.into_inner();
    let key = id.clone();
    let removed = core.db.write(move |tx| store::remove(tx, &key).map_err(AdminError::from)).await?;
    if removed { Ok(HttpResponse::NoContent().finish()) } else { Err(AdminError::NotFound(format!("no webhook '{id}'"))) }
}

/// `GET /__admin/webhooks/deliveries[?tenant=&webhook=&event=&limit=]` → `{"deliveries": [...]}`:
/// every attempt, newest first.
pub async fn deliveries(core: web::Data<Core>, req: HttpRequest) -> Result<HttpResponse, AdminError> {
    let mut query = AttemptQuery { limit: DEFAULT_LIMIT, ..AttemptQuery::default() };
    for (name, value) in form_urlencoded::parse(req.query_string().as_bytes()) {
        if value.is_empty() {
            continue;
        }
        match name.as_ref() {
            "tenant" => query.tenant = Some(TenantId::from(value.as_ref())),
            "webhook" => query.webhook = Some(value.into_owned()),
            "event" => query.event = Some(value.into_owned()),
            "limit" => {
                let limit = value.parse::<i64>().ok().filter(|n| (0..=MAX_LIMIT).contains(n));
                query.limit = limit
                    .ok_or_else(|| AdminError::BadRequest(format!("limit: '{value}' is not an integer from 0 to {MAX_LIMIT}")))?;
            }
            other => {
                return Err(AdminError::BadRequest(format!("unknown filter '{other}' (known: tenant, webhook, event, limit)")));
            }
        }
    }
    let attempts = core.db.read(move |tx| store::attempts(tx, &query).map_err(AdminError::from)).await?;
    Ok(HttpResponse::Ok().json(json!({"deliveries": attempts})))
}

/// `GET /__admin/webhooks/public-key` → the PEM of the key that verifies `x-wh-signature`.
pub async fn public_key(core: web::Data<Core>) -> Result<HttpResponse, AdminError> {
    let (db, now) = (core.db.clone(), core.clock.now());
    let pair = web::block(move || signing::key_pair(&db, now))
        .await
        .map_err(|_| AdminError::Internal(crate::core::CoreError::Blocking))??;
    Ok(HttpResponse::Ok().content_type("application/x-pem-file").body(pair.public_pem().to_owned()))
}

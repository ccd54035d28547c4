//! LeadConnector's rate limits, as its OAuth document gives them ("What are current rate limits
//! for API 2.0?"): a burst limit of 100 requests per 10 seconds and a daily limit of 200,000
//! requests, each "for each Marketplace app (i.e., client) per resource (i.e., Location or
//! Company)", counted by `core::rate` on the emulator's clock.
//!
//! A request whose bearer token is live counts, whatever it is then answered; the app is the
//! token's OAuth client (a private integration token is an app of its own) and the resource its
//! location, or its company for a company token. Every answer to such a request carries the five
//! documented headers; past a limit the route does not run and the answer is 429
//! `{"statusCode": 429, "message": "Too Many Requests"}` with them and `Retry-After`. A request
//! without a live token is not counted (its 401 carries no limit headers), nor is any request
//! under `--rate-limits off`.

use std::time::Duration;

use actix_web::body::BoxBody;
use actix_web::dev::ServiceRequest;
use actix_web::http::StatusCode;
use actix_web::http::header::{HeaderMap, HeaderName, HeaderValue, RETRY_AFTER};
use actix_web::middleware::Next;
use actix_web::web;

use super::NAME;
use super::auth::{bearer, resolve};
use super::error::error_body;
use crate::core::Core;
use crate::core::rate::{Decision, Window};
use crate::core::vendor::Around;

/// The burst window, then the daily one.
const WINDOWS: [Window; 2] = [Window::new(100, Duration::from_secs(10)), Window::new(200_000, Duration::from_secs(24 * 60 * 60))];

/// Counts the request, and answers 429 past a limit or adds the limit headers to the answer.
pub fn around(req: ServiceRequest, next: Next<BoxBody>) -> Around {
    Box::pin(async move {
        let Some(decision) = decide(&req).await else { return next.call(req).await };
        if !decision.allowed {
            let mut refused = error_body(StatusCode::TOO_MANY_REQUESTS, "Too Many Requests");
            headers(refused.headers_mut(), &decision);
            return Ok(req.into_response(refused));
        }
        let mut res = next.call(req).await?;
        headers(res.headers_mut(), &decision);
        Ok(res)
    })
}

/// The limits' decision on a request with a live token (`None`: no such token, or limits off).
async fn decide(req: &ServiceRequest) -> Option<Decision> {
    let core = req.app_data::<web::Data<Core>>()?.clone();
    if !core.rate.enabled() {
        return None;
    }
    let token = bearer(req.request())?;
    let now = core.clock.now();
    let grant = resolve(&core, &token, now).await.ok()??;
    let resource = if grant.company { &grant.company_id } else { &grant.location_id };
    let key = match &grant.client_id {
        Some(client) => format!("{} client {client} {resource}", grant.tenant),
        None => format!("{} private integration {resource}", grant.tenant),
    };
    core.rate.check(NAME, &key, &WINDOWS, now)
}

/// The documented headers: the daily limit and what remains of it, the burst interval in
/// milliseconds, its maximum and what remains of it; and `Retry-After` on a refusal.
fn headers(headers: &mut HeaderMap, decision: &Decision) {
    let [burst, daily] = decision.windows[..] else { return };
    let interval = u64::try_from(burst.length.as_millis()).unwrap_or(u64::MAX);
    for (name, value) in [
        ("x-ratelimit-limit-daily", daily.limit),
        ("x-ratelimit-daily-remaining", daily.remaining),
        ("x-ratelimit-interval-milliseconds", interval),
        ("x-ratelimit-max", burst.limit),
        ("x-ratelimit-remaining", burst.remaining),
    ] {
        headers.insert(HeaderName::from_static(name), HeaderValue::from(value));
    }
    if let Some(seconds) = decision.retry_after {
        headers.insert(RETRY_AFTER, HeaderValue::from(seconds));
    }
}

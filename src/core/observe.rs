//! The middleware around every vendor scope. From the outside in it (1) records the request in
//! the journal with its final status, and (2) applies fault rules: a delay, or an answer with the
//! rule's status and body (in the vendor's error shape unless the rule gives one).

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use actix_web::body::BoxBody;
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::{Method, StatusCode, header};
use actix_web::middleware::Next;
use actix_web::web::Bytes;
use actix_web::{HttpMessage, HttpResponse};
use futures_util::Stream;

use super::error::CoreError;
use super::faults::{Action, Probe};
use super::journal::{BODY_CAP, Entry};
use super::state::Core;
use super::tenant::TenantId;
use super::vendor::Vendor;

/// What the middleware knows of the scope it wraps.
pub struct Scope {
    pub core: actix_web::web::Data<Core>,
    pub vendor: Arc<dyn Vendor>,
    /// The vendor's base on this listener (`/livingmetrics`, or empty at a vendor's own root).
    pub prefix: String,
}

#[derive(Default)]
struct Captured {
    bytes: Vec<u8>,
    truncated: bool,
}

/// Copies the first `BODY_CAP` bytes of the request body as the handler reads it.
struct Tee {
    inner: Payload,
    captured: Rc<RefCell<Captured>>,
}

impl Stream for Tee {
    type Item = Result<Bytes, actix_web::error::PayloadError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let polled = Pin::new(&mut self.inner).poll_next(cx);
        if let Poll::Ready(Some(Ok(chunk))) = &polled {
            let mut captured = self.captured.borrow_mut();
            let room = BODY_CAP.saturating_sub(captured.bytes.len());
            captured.bytes.extend_from_slice(&chunk[..chunk.len().min(room)]);
            captured.truncated |= chunk.len() > room;
        }
        polled
    }
}

pub async fn observe(
    scope: Rc<Scope>,
    mut req: ServiceRequest,
    next: Next<BoxBody>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let core = scope.core.clone();
    let started = Instant::now();
    let vendor_path = match req.path().strip_prefix(scope.prefix.as_str()) {
        Some("") | None => "/".to_owned(),
        Some(rest) => rest.to_owned(),
    };

    let mut draft = core.journal.enabled().then(|| draft_entry(&scope, &req, &vendor_path, &core));
    let captured = (draft.is_some() && !matches!(*req.method(), Method::GET | Method::HEAD)).then(|| {
        let captured = Rc::new(RefCell::new(Captured::default()));
        let tee = Tee { inner: req.take_payload(), captured: captured.clone() };
        req.set_payload(Payload::Stream { payload: Box::pin(tee) });
        captured
    });

    let fault = if core.faults.is_empty() { None } else { fire(&scope, &req, &vendor_path).await };
    let fault_rule = fault.as_ref().map(|a| a.rule);
    let res = match fault {
        Some(Action { status: Some(status), body, headers, .. }) => {
            let answer = fault_response(scope.vendor.as_ref(), status, body, headers);
            req.into_response(answer)
        }
        _ => next.call(req).await?,
    };

    if let Some(entry) = draft.as_mut() {
        entry.status = res.status().as_u16();
        entry.fault = fault_rule;
        entry.tenant = res.request().extensions().get::<TenantId>().cloned();
        if let Some(captured) = captured {
            let captured = captured.borrow();
            if !captured.bytes.is_empty() {
                entry.body = Some(String::from_utf8_lossy(&captured.bytes).into_owned());
                entry.body_truncated = captured.truncated;
            }
        }
        entry.duration_ms = started.elapsed().as_secs_f64() * 1000.0;
    }
    if let Some(entry) = draft {
        core.journal.record(entry);
    }
    Ok(res)
}

fn draft_entry(scope: &Scope, req: &ServiceRequest, vendor_path: &str, core: &Core) -> Entry {
    let mut headers = BTreeMap::new();
    for (name, value) in req.headers() {
        let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
        headers
            .entry(name.as_str().to_owned())
            .and_modify(|v: &mut String| {
                v.push_str(", ");
                v.push_str(&value);
            })
            .or_insert(value);
    }
    Entry {
        id: 0,
        at: core.clock.now(),
        vendor: scope.vendor.name(),
        tenant: None,
        method: req.method().as_str().to_owned(),
        path: req.path().to_owned(),
        vendor_path: vendor_path.to_owned(),
        query: req.query_string().to_owned(),
        headers,
        body: None,
        body_truncated: false,
        status: 0,
        fault: None,
        duration_ms: 0.0,
    }
}

/// Matches the fault rules (resolving the tenant first when a rule needs it) and sleeps out
/// the firing rule's delay.
async fn fire(scope: &Scope, req: &ServiceRequest, vendor_path: &str) -> Option<Action> {
    let core = &scope.core;
    let name = scope.vendor.name();
    let mut tenant = None;
    if core.faults.needs_tenant(name)
        && let Some(credential) = scope.vendor.credential(req.request())
    {
        let vendor = scope.vendor.clone();
        tenant = core.db.read(move |tx| Ok::<_, CoreError>(vendor.tenant_of(tx, &credential))).await.ok().flatten();
    }
    let probe =
        Probe { vendor: name, method: req.method().as_str(), path: vendor_path, tenant: tenant.as_ref().map(TenantId::as_str) };
    let action = core.faults.fire(&probe)?;
    if action.delay_ms > 0 {
        actix_web::rt::time::sleep(Duration::from_millis(action.delay_ms)).await;
    }
    Some(action)
}

fn fault_response(
    vendor: &dyn Vendor,
    status: u16,
    body: Option<serde_json::Value>,
    headers: Vec<(String, String)>,
) -> HttpResponse {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut answer = match body {
        None => vendor.error_response(status, "Fault injected by crm-mock"),
        Some(serde_json::Value::String(text)) => {
            HttpResponse::build(status).insert_header((header::CONTENT_TYPE, "text/plain; charset=utf-8")).body(text)
        }
        Some(json) => HttpResponse::build(status).json(json),
    };
    for (name, value) in headers {
        if let (Ok(name), Ok(value)) = (header::HeaderName::try_from(name), header::HeaderValue::try_from(value)) {
            answer.headers_mut().insert(name, value);
        }
    }
    answer
}

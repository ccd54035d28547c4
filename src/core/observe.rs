//! The middleware around every vendor scope. From the outside in it (1) records the request in
//! the journal with what was answered (status, headers, the start of the body), (2) applies
//! fault rules: a delay, or an answer with the rule's status and body (in the vendor's error
//! shape unless the rule gives one), and (3) hands the request to the vendor's own middleware
//! (`Vendor::around`), then its routes.

use std::collections::BTreeMap;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use actix_web::body::{BodySize, BoxBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::error::PayloadError;
use actix_web::http::header::HeaderMap;
use actix_web::http::{StatusCode, header};
use actix_web::middleware::Next;
use actix_web::web::Bytes;
use actix_web::{HttpMessage, HttpResponse};
use futures_util::{Stream, StreamExt};

use super::error::CoreError;
use super::faults::{Action, Probe};
use super::journal::{Captured, Entry, Response};
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

/// Reads the start of the request body (up to `journal::BODY_CAP` and one chunk more) for the
/// journal, whether or not the handler reads it, and puts it back in front of the rest of the
/// stream.
async fn capture(req: &mut ServiceRequest) -> Captured {
    // HTTP/1.1 framing: without a length or a transfer coding there is no body to read.
    let headers = req.headers();
    let framed = headers.contains_key(header::TRANSFER_ENCODING)
        || headers.get(header::CONTENT_LENGTH).is_some_and(|n| n.as_bytes() != b"0");
    let captured = Captured::default();
    if !framed {
        return captured;
    }
    let mut rest = req.take_payload();
    let mut read: Vec<Result<Bytes, PayloadError>> = Vec::new();
    let mut ended = false;
    while !captured.is_full() {
        match rest.next().await {
            Some(Ok(chunk)) => {
                captured.push(&chunk);
                read.push(Ok(chunk));
            }
            Some(Err(e)) => {
                read.push(Err(e));
                ended = true;
                break;
            }
            None => {
                ended = true;
                break;
            }
        }
    }
    let replay = futures_util::stream::iter(read);
    let payload: Pin<Box<dyn Stream<Item = Result<Bytes, PayloadError>>>> =
        if ended { Box::pin(replay) } else { Box::pin(replay.chain(rest)) };
    req.set_payload(Payload::Stream { payload });
    captured
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
    let captured = if draft.is_some() { Some(capture(&mut req).await) } else { None };

    let fault = if core.faults.is_empty() { None } else { fire(&scope, &req, &vendor_path).await };
    let fault_rule = fault.as_ref().map(|(a, _)| a.rule);
    let fault_tenant = fault.as_ref().and_then(|(_, t)| t.clone());
    let res = match fault.map(|(action, _)| action) {
        Some(Action { status: Some(status), body, headers, .. }) => {
            let answer = fault_response(scope.vendor.as_ref(), status, body, headers);
            req.into_response(answer)
        }
        _ => scope.vendor.around(req, next).await?,
    };

    if let Some(entry) = draft.as_mut() {
        entry.status = res.status().as_u16();
        entry.fault = fault_rule;
        entry.tenant = res.request().extensions().get::<TenantId>().cloned().or(fault_tenant);
        entry.route = res.request().match_pattern().map(|p| p.strip_prefix(scope.prefix.as_str()).unwrap_or(&p).to_owned());
        if let Some(captured) = captured {
            entry.body = captured;
        }
        entry.duration_ms = started.elapsed().as_secs_f64() * 1000.0;
    }
    match draft {
        Some(mut entry) => {
            let (res, response) = keep_response(res);
            entry.response = response;
            core.journal.record(entry);
            Ok(res)
        }
        None => Ok(res),
    }
}

/// The answer's status, headers and body for the journal, and the answer to send: a body held
/// in memory is kept at once, a streamed one as its chunks go out, an encoded one not at all.
fn keep_response(res: ServiceResponse<BoxBody>) -> (ServiceResponse<BoxBody>, Response) {
    let body = Captured::default();
    let response = Response { status: res.status().as_u16(), headers: header_map(res.headers()), body: body.clone() };
    // An encoded body (a gzip export) is not kept: its bytes are not text.
    let encoded = res.headers().get(header::CONTENT_ENCODING).is_some_and(|e| e.as_bytes() != b"identity");
    let res = res.map_body(|_, sent| match sent.size() {
        _ if encoded => sent,
        BodySize::None => sent,
        BodySize::Sized(_) => match sent.try_into_bytes() {
            Ok(bytes) => {
                body.push(&bytes);
                BoxBody::new(bytes)
            }
            Err(sent) => BoxBody::new(Tee { sent, kept: body }),
        },
        BodySize::Stream => BoxBody::new(Tee { sent, kept: body }),
    });
    (res, response)
}

/// A streamed body that keeps its start as it is sent.
struct Tee {
    sent: BoxBody,
    kept: Captured,
}

impl MessageBody for Tee {
    type Error = Box<dyn std::error::Error>;

    fn size(&self) -> BodySize {
        self.sent.size()
    }

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Bytes, Self::Error>>> {
        let this = self.get_mut();
        let next = Pin::new(&mut this.sent).poll_next(cx);
        if let Poll::Ready(Some(Ok(chunk))) = &next {
            this.kept.push(chunk);
        }
        next
    }
}

/// Headers by name, repeated ones joined with `, `.
fn header_map(headers: &HeaderMap) -> BTreeMap<String, String> {
    let mut map = BTreeMap::new();
    for (name, value) in headers {
        let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
        map.entry(name.as_str().to_owned())
            .and_modify(|v: &mut String| {
                v.push_str(", ");
                v.push_str(&value);
            })
            .or_insert(value);
    }
    map
}

fn draft_entry(scope: &Scope, req: &ServiceRequest, vendor_path: &str, core: &Core) -> Entry {
    Entry {
        id: 0,
        at: core.clock.now(),
        vendor: scope.vendor.name(),
        tenant: None,
        method: req.method().as_str().to_owned(),
        path: req.path().to_owned(),
        vendor_path: vendor_path.to_owned(),
        route: None,
        query: req.query_string().to_owned(),
        headers: header_map(req.headers()),
        body: Captured::default(),
        status: 0,
        fault: None,
        duration_ms: 0.0,
        response: Response::default(),
        counted: 0,
    }
}

/// Matches the fault rules (resolving the tenant first when a rule needs it) and sleeps out
/// the firing rule's delay.
async fn fire(scope: &Scope, req: &ServiceRequest, vendor_path: &str) -> Option<(Action, Option<TenantId>)> {
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
    Some((action, tenant))
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

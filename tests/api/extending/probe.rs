//! `probe`: a vendor of these tests' own. Its API, under `/probe`:
//! - `GET /greeting` → `{"greeting"}` from its flag `--probe-greeting` (default `hello`);
//! - `POST /notes?text=` (header `X-Probe-Key`) → 201 `{"id"}`: stores a note and, in the same
//!   transaction, an outbox message; `&fail=1` fails after both writes (nothing must remain);
//! - `GET /settings` → the tenant's settings as the vendor reads them;
//! - `GET /export?rows=N` → a streamed CSV of N rows (gzip when accepted);
//! - `GET /limited` → `{"passed": true}`, rate-limited per `X-Probe-Key` by `core::rate`: 3 per
//!   10 s and 5 per minute, each answer with `X-Probe-Remaining` and `X-Probe-Reset` (per window,
//!   comma-separated: requests left, when it resets), past a limit 429 with `Retry-After`.
//!
//! Every answer carries `X-Probe-Calls` (its middleware counts requests) and a request with
//! `X-Probe-Limit: exceed` is refused with 429 before any route. Errors are `{"probe_error"}`.
//! `GET /__admin/probe/deliveries` lists its outbox; its job delivers each message, except that
//! a note `flaky` fails its first attempt and is retried a minute later by the emulator's clock.
//! It sends one webhook event, `note.created`, with the body `{"type", "id", "text", "timestamp",
//! "webhookId"}`, emitted in the note's transaction.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use actix_web::body::BoxBody;
use actix_web::dev::ServiceRequest;
use actix_web::http::StatusCode;
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{HttpRequest, HttpResponse, web};
use clap::{Args, FromArgMatches};
use crm_mock::admin::AdminError;
use crm_mock::core::arrange::{ArrangeError, Arranging, Collection};
use crm_mock::core::auth::{Credential, resolve};
use crm_mock::core::background::Job;
use crm_mock::core::outbox::{self, Outcome};
use crm_mock::core::rate::{Decision, Window};
use crm_mock::core::vendor::Around;
use crm_mock::core::{Core, CoreError, Registration, TenantId, Vendor, settings, stream, webhooks};
use futures_util::future::LocalBoxFuture;
use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use crate::helpers::{TestApp, TestTenant};

use crm_mock::core::Tx;

#[derive(Args, Debug, Clone)]
#[group(skip)]
struct Flags {
    /// What `GET /greeting` answers.
    #[arg(long = "probe-greeting", env = "CRM_MOCK_PROBE_GREETING", default_value = "hello")]
    greeting: String,
}

pub const REGISTRATION: Registration = Registration {
    name: "probe",
    flags: Flags::augment_args,
    build: |matches| -> Result<Arc<dyn Vendor>, clap::Error> {
        let flags = Flags::from_arg_matches(matches)?;
        Ok(Arc::new(Probe { greeting: flags.greeting, calls: Arc::new(AtomicU64::new(0)) }))
    },
};

/// crm-mock's own vendors and the probe.
pub fn registry() -> Vec<&'static Registration> {
    crm_mock::VENDORS.iter().copied().chain([&REGISTRATION]).collect()
}

/// A server with the probe (and `flags` for the vendors).
pub fn spawn_probe(flags: &[&str]) -> TestApp {
    spawn_probe_with(crm_mock::Config { vendor_flags: flags.iter().map(|f| f.to_string()).collect(), ..Default::default() })
}

/// A server with the probe, started from `config` (on a free port, two workers).
pub fn spawn_probe_with(config: crm_mock::Config) -> TestApp {
    let config = crm_mock::Config { port: 0, workers: 2, ..config };
    TestApp { server: crm_mock::spawn_with_vendors(config, &registry()).expect("the probe server starts") }
}

/// The probe server shared by the tests that change no global state.
pub fn shared_probe() -> &'static str {
    static SHARED: OnceLock<TestApp> = OnceLock::new();
    SHARED.get_or_init(|| spawn_probe(&[])).server.base_url()
}

/// The tenant's probe key.
pub fn key(tenant: &TestTenant) -> String {
    tenant.credentials["probe"]["key"].as_str().expect("probe key").to_owned()
}

struct Probe {
    greeting: String,
    calls: Arc<AtomicU64>,
}

fn error(status: StatusCode, message: &str) -> HttpResponse {
    HttpResponse::build(status).json(json!({"probe_error": message}))
}

#[derive(Clone)]
struct ProbeKey {
    tenant: TenantId,
}

impl Credential for ProbeKey {
    const VENDOR: &'static str = "probe";

    fn lookup(tx: &Tx, key: &str) -> rusqlite::Result<Option<ProbeKey>> {
        tx.query_row("SELECT tenant_id FROM probe_keys WHERE key = ?1", [key], |r| r.get::<_, String>(0))
            .optional()
            .map(|t| t.map(|t| ProbeKey { tenant: TenantId::from(t.as_str()) }))
    }

    fn tenant(&self) -> &TenantId {
        &self.tenant
    }
}

/// The tenant of the request's `X-Probe-Key`, or the answer to give instead.
async fn tenant_of(req: &HttpRequest) -> Result<TenantId, HttpResponse> {
    let key = req.headers().get("x-probe-key").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    match resolve::<ProbeKey>(req, &key).await {
        Ok(Some(found)) => Ok(found.tenant),
        Ok(None) => Err(error(StatusCode::UNAUTHORIZED, "unknown key")),
        Err(_) => Err(error(StatusCode::INTERNAL_SERVER_ERROR, "internal")),
    }
}

#[derive(Deserialize)]
struct NoteQuery {
    text: String,
    #[serde(default)]
    fail: u8,
}

async fn create_note(core: web::Data<Core>, req: HttpRequest, query: web::Query<NoteQuery>) -> HttpResponse {
    let tenant = match tenant_of(&req).await {
        Ok(tenant) => tenant,
        Err(answer) => return answer,
    };
    let now = core.clock.now();
    let NoteQuery { text, fail } = query.into_inner();
    let written = core
        .db
        .write(move |tx| {
            let id = crm_mock::core::sequence::next_id(tx, &tenant, "probe_notes")?;
            tx.execute("INSERT INTO probe_notes (tenant_id, id, text) VALUES (?1, ?2, ?3)", params![tenant, id, text])?;
            outbox::enqueue(tx, &tenant, "probe", "NoteCreate", &json!({"id": id, "text": text}), now)?;
            let at = crm_mock::core::clock::to_rfc3339_millis(now);
            webhooks::emit(tx, &tenant, "probe", "note.created", now, |webhook_id| {
                Ok(json!({"type": "note.created", "id": id, "text": text, "timestamp": at, "webhookId": webhook_id}))
            })?;
            if fail == 1 { Err(CoreError::Startup("asked to fail".into())) } else { Ok(id) }
        })
        .await;
    match written {
        Ok(id) => {
            core.wake_jobs();
            HttpResponse::Created().json(json!({"id": id}))
        }
        Err(_) => error(StatusCode::INTERNAL_SERVER_ERROR, "the note was not stored"),
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProbeSettings {
    time_zone: String,
    duplicates_allowed: bool,
}

async fn read_settings(core: web::Data<Core>, req: HttpRequest) -> HttpResponse {
    let tenant = match tenant_of(&req).await {
        Ok(tenant) => tenant,
        Err(answer) => return answer,
    };
    match core.db.read(move |tx| settings::read::<ProbeSettings>(tx, &tenant, "probe")).await {
        Ok(settings) => HttpResponse::Ok().json(settings),
        Err(_) => error(StatusCode::INTERNAL_SERVER_ERROR, "internal"),
    }
}

#[derive(Deserialize)]
struct ExportQuery {
    rows: u32,
}

async fn export(core: web::Data<Core>, req: HttpRequest, query: web::Query<ExportQuery>) -> HttpResponse {
    let rows = query.rows;
    stream::body(core.db.clone(), stream::accepts_gzip(&req), "text/csv", move |_tx, out| {
        writeln!(out, "n,note")?;
        for n in 0..rows {
            writeln!(out, "{n},note number {n}")?;
        }
        Ok(())
    })
}

async fn deliveries(core: web::Data<Core>) -> Result<HttpResponse, AdminError> {
    let messages = core.db.read(|tx| outbox::list(tx, "probe", None, 100).map_err(AdminError::from)).await?;
    Ok(HttpResponse::Ok().json(json!({"deliveries": messages})))
}

/// Delivers the probe's due messages; `flaky` fails its first attempt.
struct Deliver;

impl Job for Deliver {
    fn name(&self) -> &'static str {
        "probe deliveries"
    }

    fn run(&self, core: web::Data<Core>) -> LocalBoxFuture<'static, Duration> {
        Box::pin(async move {
            let state = core.clone();
            let _ = core
                .db
                .write(move |tx| -> Result<(), CoreError> {
                    let (now, due) = outbox::due(tx, "probe", &state.clock, 100)?;
                    for m in due {
                        let outcome = if m.payload["text"] == "flaky" && m.attempts == 0 {
                            Outcome::Retry { at: now + chrono::Duration::seconds(60), error: "503 from the receiver".into() }
                        } else {
                            Outcome::Delivered
                        };
                        outbox::settle(tx, &m.tenant, m.id, &outcome, now)?;
                    }
                    Ok(())
                })
                .await;
            Duration::from_millis(100)
        })
    }
}

/// The probe's limit on `/limited`: two windows at once.
const LIMITS: [Window; 2] = [Window::new(3, Duration::from_secs(10)), Window::new(5, Duration::from_secs(60))];

/// The limit's decision on a request to `/limited` with a key (`None` elsewhere, or when off).
fn rate_limit(req: &ServiceRequest) -> Option<Decision> {
    if !req.path().ends_with("/limited") {
        return None;
    }
    let key = req.headers().get("x-probe-key")?.to_str().ok()?;
    let core = req.app_data::<web::Data<Core>>()?;
    core.rate.check("probe", key, &LIMITS, core.clock.now())
}

/// The probe's limit headers: per window, comma-separated.
fn limit_headers(headers: &mut actix_web::http::header::HeaderMap, decision: &Decision) {
    let joined = |part: &dyn Fn(&crm_mock::core::rate::WindowState) -> String| {
        decision.windows.iter().map(part).collect::<Vec<_>>().join(",")
    };
    let remaining = joined(&|w| w.remaining.to_string());
    let reset = joined(&|w| crm_mock::core::clock::to_rfc3339_millis(w.resets_at));
    for (name, value) in [("x-probe-remaining", remaining), ("x-probe-reset", reset)] {
        if let Ok(value) = HeaderValue::try_from(value) {
            headers.insert(HeaderName::from_static(name), value);
        }
    }
    if let Some(seconds) = decision.retry_after {
        headers.insert(actix_web::http::header::RETRY_AFTER, HeaderValue::from(seconds));
    }
}

impl Vendor for Probe {
    fn name(&self) -> &'static str {
        "probe"
    }

    fn schema(&self) -> &'static str {
        "CREATE TABLE IF NOT EXISTS probe_keys (tenant_id TEXT NOT NULL, key TEXT NOT NULL UNIQUE);
         CREATE TABLE IF NOT EXISTS probe_notes (tenant_id TEXT NOT NULL, id INTEGER NOT NULL, text TEXT NOT NULL);"
    }

    fn configure(&self, cfg: &mut web::ServiceConfig) {
        let greeting = self.greeting.clone();
        cfg.route(
            "/greeting",
            web::get().to(move || {
                let greeting = greeting.clone();
                async move { HttpResponse::Ok().json(json!({"greeting": greeting})) }
            }),
        )
        .route("/notes", web::post().to(create_note))
        .route("/settings", web::get().to(read_settings))
        .route("/export", web::get().to(export))
        .route("/limited", web::get().to(|| async { HttpResponse::Ok().json(json!({"passed": true})) }))
        .default_service(web::to(|| async { error(StatusCode::NOT_FOUND, "no such route") }));
    }

    fn collections(&self) -> &'static [Collection] {
        &[]
    }

    fn mint_credentials(&self) -> Value {
        json!({"key": format!("probe-{}", crm_mock::core::ids::random_hex(16))})
    }

    fn install(&self, a: &Arranging<'_>, credentials: &Value) -> Result<(), ArrangeError> {
        a.tx.execute("INSERT INTO probe_keys (tenant_id, key) VALUES (?1, ?2)", params![a.tenant, credentials["key"].as_str()])?;
        Ok(())
    }

    fn credential(&self, req: &HttpRequest) -> Option<String> {
        req.headers().get("x-probe-key").and_then(|v| v.to_str().ok()).map(str::to_owned)
    }

    fn tenant_of(&self, tx: &Tx, credential: &str) -> Option<TenantId> {
        ProbeKey::lookup(tx, credential).ok().flatten().map(|k| k.tenant)
    }

    fn error_response(&self, status: StatusCode, message: &str) -> HttpResponse {
        error(status, message)
    }

    fn around(&self, req: ServiceRequest, next: Next<BoxBody>) -> Around {
        let calls = self.calls.clone();
        Box::pin(async move {
            let count = calls.fetch_add(1, Ordering::Relaxed) + 1;
            if req.headers().get("x-probe-limit").is_some_and(|v| v == "exceed") {
                return Ok(req.into_response(error(StatusCode::TOO_MANY_REQUESTS, "slow down")));
            }
            let limited = rate_limit(&req);
            if let Some(decision) = limited.as_ref().filter(|d| !d.allowed) {
                let mut refused = error(StatusCode::TOO_MANY_REQUESTS, "rate limited");
                limit_headers(refused.headers_mut(), decision);
                return Ok(req.into_response(refused));
            }
            let mut res = next.call(req).await?;
            res.headers_mut().insert(HeaderName::from_static("x-probe-calls"), HeaderValue::from(count));
            if let Some(decision) = &limited {
                limit_headers(res.headers_mut(), decision);
            }
            Ok(res)
        })
    }

    fn default_settings(&self) -> Map<String, Value> {
        match json!({"time_zone": "UTC", "duplicates_allowed": false}) {
            Value::Object(map) => map,
            _ => Map::new(),
        }
    }

    fn check_settings(&self, settings: &Map<String, Value>) -> Result<(), String> {
        match settings.get("time_zone").and_then(Value::as_str) {
            Some("UTC" | "America/New_York" | "Europe/London") => Ok(()),
            other => Err(format!("time_zone: {} is not a time zone", other.unwrap_or("?"))),
        }
    }

    fn configure_admin(&self, cfg: &mut web::ServiceConfig) {
        cfg.route("/probe/deliveries", web::get().to(deliveries));
    }

    fn jobs(&self) -> Vec<Arc<dyn Job>> {
        vec![Arc::new(Deliver)]
    }

    fn webhook_events(&self) -> &'static [&'static str] {
        &["note.created"]
    }
}

/// A fresh tenant on the server at `base`.
pub fn tenant_on(base: &str) -> TestTenant {
    TestTenant::create(base, "empty")
}

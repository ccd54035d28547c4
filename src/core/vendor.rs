//! The one interface between the shared machinery (`core`, `admin`, `startup`) and a vendor.
//! `core` and `admin` never name a vendor: they reach each through this trait, and `startup`
//! lists each vendor's `Registration` once (`startup::VENDORS`).
//!
//! A vendor must say who it is, what it stores, which routes it serves, what it can arrange and
//! what credentials a tenant gets. The rest are extension points with defaults that do nothing;
//! `docs/extending.md` says how a vendor uses each:
//! - `around`: middleware around every request to the vendor (rate limits);
//! - `default_settings`/`check_settings`: per-tenant settings, stored with the tenant;
//! - `configure_admin`: routes of the vendor's own under `/__admin`;
//! - `jobs`: background work while the server runs (an outbox of deliveries);
//! - `webhook_events`: the events tenants can subscribe to (`core::webhooks`);
//! - `generator`: contacts made up at scale with their related records (`core::generate`);
//! - `Registration::flags`: command-line flags of the vendor's own.

use std::sync::Arc;

use actix_web::body::BoxBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::middleware::Next;
use actix_web::{HttpRequest, HttpResponse, web};
use futures_util::future::LocalBoxFuture;
use serde_json::{Map, Value};

use crate::core::Tx;

use super::arrange::{ArrangeError, Arranging, Collection};
use super::background::Job;
use super::generate::{Drafter, GenerateError, Writing};
use super::tenant::TenantId;

/// How a vendor is registered: its name, its command-line flags and how it is built from them.
pub struct Registration {
    pub name: &'static str,
    /// Adds the vendor's `serve` flags to the command (clap's `Args::augment_args`); each flag
    /// is named `--<vendor>-...` and readable from `CRM_MOCK_<VENDOR>_...`.
    pub flags: fn(clap::Command) -> clap::Command,
    /// Builds the vendor from the parsed flags.
    pub build: fn(&clap::ArgMatches) -> Result<Arc<dyn Vendor>, clap::Error>,
}

impl Registration {
    /// A vendor without flags of its own.
    pub const fn plain(name: &'static str, build: fn(&clap::ArgMatches) -> Result<Arc<dyn Vendor>, clap::Error>) -> Registration {
        Registration { name, flags: |cmd| cmd, build }
    }
}

/// The future a vendor's `around` answers.
pub type Around = LocalBoxFuture<'static, Result<ServiceResponse<BoxBody>, actix_web::Error>>;

/// One emulated vendor.
pub trait Vendor: Send + Sync + 'static {
    /// The lowercase name used in paths, credentials and the admin API (`livingmetrics`).
    fn name(&self) -> &'static str;

    /// The vendor's tables (`CREATE TABLE IF NOT EXISTS ...`), each leading with `tenant_id`.
    fn schema(&self) -> &'static str;

    /// Registers the vendor's routes, relative to its base (`/v1/contacts`, not
    /// `/livingmetrics/v1/contacts`), plus its extractor configs and its own 404.
    fn configure(&self, cfg: &mut web::ServiceConfig);

    /// Collections the admin API can arrange and the seed can hold, in load order.
    fn collections(&self) -> &'static [Collection];

    /// Fresh credentials for a new tenant (the vendor's part of `POST /__admin/tenants`).
    fn mint_credentials(&self) -> Value;

    /// Installs a tenant's credentials and what every new account at the vendor starts with.
    fn install(&self, a: &Arranging<'_>, credentials: &Value) -> Result<(), ArrangeError>;

    /// The credential this request carries (API key, token, session), if any; no lookup yet.
    fn credential(&self, req: &HttpRequest) -> Option<String>;

    /// The tenant a credential belongs to (used to match tenant-scoped fault rules).
    fn tenant_of(&self, tx: &Tx, credential: &str) -> Option<TenantId>;

    /// An error answer in the vendor's own body shape (injected faults, unknown routes).
    fn error_response(&self, status: StatusCode, message: &str) -> HttpResponse;

    /// Runs around every request to the vendor, inside the journal and the fault rules (which
    /// see what it answers). The future must own what it uses: clone the vendor's shared state
    /// into it. The default passes the request on.
    fn around(&self, req: ServiceRequest, next: Next<BoxBody>) -> Around {
        Box::pin(next.call(req))
    }

    /// The vendor's per-tenant settings with their defaults (an empty map: none). A tenant
    /// starts with these; the admin API reads and changes them
    /// (`GET|POST /__admin/tenants/{id}/{vendor}/settings`), reset puts them back and snapshots
    /// keep them. Read them with `core::settings::read`.
    fn default_settings(&self) -> Map<String, Value> {
        Map::new()
    }

    /// Checks a tenant's settings after a change (keys are already known ones); the message
    /// names the field at fault.
    fn check_settings(&self, _settings: &Map<String, Value>) -> Result<(), String> {
        Ok(())
    }

    /// Registers routes of the vendor's own under `/__admin` (relative to it), answered in the
    /// admin API's shape (`admin::AdminError`).
    fn configure_admin(&self, _cfg: &mut web::ServiceConfig) {}

    /// Background work that runs while the server runs (started after it listens, stopped with it).
    fn jobs(&self) -> Vec<Arc<dyn Job>> {
        Vec::new()
    }

    /// The webhook events the vendor sends (none by default). A tenant subscribes a URL to some
    /// of them through `POST /__admin/webhooks`; the vendor announces each with
    /// `core::webhooks::emit` in the transaction of the change, and core delivers them.
    fn webhook_events(&self) -> &'static [&'static str] {
        &[]
    }

    /// The vendor's generator for one load (`core::generate`): reads what the generated
    /// contacts refer to in `w`'s tenant (an owner, a time zone), then answers a `Drafter` that
    /// draws `count` contacts with the records the vendor keeps about a contact (addresses,
    /// tasks, notes, ...) from a chunk's `Generating` (its seeded generator, people and dates)
    /// and no database, and answers their writing: it reserves each table's ids at once
    /// (`Writing::reserve`) and writes the rows through the vendor's own store functions, so the
    /// API reads them exactly as if they had been created through it, and answers the
    /// contacts' ids as the API shows them, in order. Chunks are drawn on a thread of their own,
    /// ahead of the writing. The default has no generator.
    fn generator(&self, _w: &Writing<'_>) -> Result<Drafter, GenerateError> {
        Err(GenerateError::Unsupported(self.name()))
    }

    /// The vendor's OpenAPI 3.1 document (`src/<vendor>/openapi.json`, embedded compressed:
    /// `Some(crate::openapi_document!("<vendor>"))`): every route `configure` registers, with
    /// its parameters, bodies, answers and error bodies. Served at
    /// `GET /__admin/openapi/{name}.json` with its server set to the running base; the tests hold
    /// the routes and the answers to it.
    fn openapi(&self) -> Option<&'static [u8]> {
        None
    }

    /// The schema's triggers whose work the generator does itself (a document a record carries,
    /// written with it): `crm-mock generate --db` drops them for the bulk load and creates them
    /// again after, as it does the indexes. A running server keeps every trigger.
    fn generated_triggers(&self) -> &'static [&'static str] {
        &[]
    }
}

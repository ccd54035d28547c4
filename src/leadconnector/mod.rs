//! LeadConnector (HighLevel API v2) under `/leadconnector`, after the vendor's OpenAPI files
//! (`apps/contacts.json`, `apps/oauth.json`, `common/common-schemas.json`): contacts with their
//! tasks, notes, appointments and tags, the upsert, the by-business list and OAuth tokens. Every
//! call but the token endpoint needs `Authorization: Bearer` and a `Version` header (`auth.rs`);
//! bodies and query strings are strict whitelists (`validate.rs`); errors are NestJS bodies
//! (`error.rs`); the documented rate limits wrap every call with a live token (`rate.rs`).
//!
//! The roles of the files, calls going one way only:
//! - `handlers/`: HTTP in and out, one module per part of the document;
//! - `model/`: wire shapes and their checks;
//! - `store/`: the only SQL;
//! - `arrange/`: the admin API's collections and the seed files, on `model` and `store`.
//!
//! Writes go through `store` functions that take the caller's transaction, so whatever a write
//! announces can be written in the same transaction.

mod arrange;
mod auth;
mod body;
mod error;
mod handlers;
mod model;
mod oauth;
mod rate;
pub mod search;
mod settings;
mod store;
mod validate;
mod webhooks;

use actix_web::body::BoxBody;
use actix_web::dev::ServiceRequest;
use actix_web::http::StatusCode;
use actix_web::middleware::Next;
use actix_web::{HttpRequest, HttpResponse, ResponseError, web};
use serde_json::{Map, Value, json};

use crate::core::Tx;
use crate::core::generate::{Drafter, GenerateError, Writing};
use crate::core::ids::{random_alnum, random_hex};
use crate::core::vendor::Around;
use crate::core::{ArrangeError, Arranging, Collection, Registration, TenantId, Vendor};
use handlers::{appointments, contacts, notes, tags, tasks};

pub use error::LcError;

/// The vendor's name in paths, credentials, the admin API and the core tables.
pub const NAME: &str = "leadconnector";

pub struct LeadConnector;

pub const REGISTRATION: Registration = Registration::plain(NAME, |_| Ok(std::sync::Arc::new(LeadConnector)));

/// NestJS's answer to a route it does not have: 404 `Cannot GET /path`.
async fn no_route(req: HttpRequest) -> HttpResponse {
    LcError::NotFound(format!("Cannot {} {}", req.method(), req.path())).error_response()
}

impl Vendor for LeadConnector {
    fn name(&self) -> &'static str {
        NAME
    }

    fn schema(&self) -> &'static str {
        include_str!("schema.sql")
    }

    fn openapi(&self) -> Option<&'static [u8]> {
        Some(crate::openapi_document!("leadconnector"))
    }

    /// The route table: the contacts document's operations (fixed paths before the
    /// `:contactId` ones they would otherwise match), then OAuth. Each method of a path is a
    /// route of its own, so a method a path lacks falls through to the next path, as NestJS
    /// routes, and finally to its 404. The `:contactId` paths sit in a scope of their own, tried
    /// once: actix matches each pattern with a parameter through a regular expression, and a
    /// contact's GET tried sixteen of them before its own (a quarter of its time).
    fn configure(&self, cfg: &mut web::ServiceConfig) {
        use web::{delete, get, post, put};
        let contact = web::scope("/contacts/{contactId}")
            .route("", get().to(contacts::get))
            .route("", put().to(contacts::update))
            .route("", delete().to(contacts::delete))
            .route("/tasks", get().to(tasks::list))
            .route("/tasks", post().to(tasks::create))
            .route("/appointments", get().to(appointments::list))
            .route("/tags", post().to(tags::add))
            .route("/tags", delete().to(tags::remove))
            .route("/notes", get().to(notes::list))
            .route("/notes", post().to(notes::create))
            .route("/tasks/{taskId}", get().to(tasks::get))
            .route("/tasks/{taskId}", put().to(tasks::update))
            .route("/tasks/{taskId}", delete().to(tasks::delete))
            .route("/tasks/{taskId}/completed", put().to(tasks::completed))
            .route("/notes/{id}", get().to(notes::get))
            .route("/notes/{id}", put().to(notes::update))
            .route("/notes/{id}", delete().to(notes::delete))
            .default_service(web::to(no_route));
        cfg.route("/contacts/search", post().to(handlers::search::search))
            .route("/contacts/search/duplicate", get().to(contacts::duplicate))
            .route("/contacts/upsert", post().to(contacts::upsert))
            .route("/contacts/", get().to(contacts::list))
            .route("/contacts", get().to(contacts::list))
            .route("/contacts/", post().to(contacts::create))
            .route("/contacts", post().to(contacts::create))
            .route("/contacts/business/{businessId}", get().to(contacts::by_business))
            .service(contact)
            .route("/oauth/token", post().to(handlers::oauth::token))
            .route("/oauth/locationToken", post().to(handlers::oauth::location_token))
            .route("/oauth/chooselocation", get().to(handlers::oauth::choose_location))
            .default_service(web::to(no_route));
    }

    fn collections(&self) -> &'static [Collection] {
        arrange::COLLECTIONS
    }

    /// The location, its company and private integration token, and the OAuth app installed
    /// on it: its client id and secret and a refresh token.
    fn mint_credentials(&self) -> Value {
        json!({
            "location_id": random_alnum(20),
            "company_id": random_alnum(20),
            "access_token": format!("pit-{}", uuid::Uuid::new_v4()),
            "client_id": format!("{}-{}", random_hex(24), random_alnum(10).to_lowercase()),
            "client_secret": uuid::Uuid::new_v4().to_string(),
            "refresh_token": oauth::new_token(),
        })
    }

    fn install(&self, a: &Arranging<'_>, credentials: &Value) -> Result<(), ArrangeError> {
        arrange::install(a, credentials)
    }

    /// The bearer token a request carries.
    fn credential(&self, req: &HttpRequest) -> Option<String> {
        auth::bearer(req)
    }

    fn tenant_of(&self, tx: &Tx, credential: &str) -> Option<TenantId> {
        auth::lookup(tx, credential).ok().flatten().map(|(grant, _)| grant.tenant)
    }

    fn error_response(&self, status: StatusCode, message: &str) -> HttpResponse {
        error::error_body(status, message)
    }

    fn generator(&self, w: &Writing<'_>) -> Result<Drafter, GenerateError> {
        arrange::generator(w)
    }

    fn default_settings(&self) -> Map<String, Value> {
        settings::defaults()
    }

    /// The documented rate limits (`rate.rs`).
    fn around(&self, req: ServiceRequest, next: Next<BoxBody>) -> Around {
        rate::around(req, next)
    }

    fn webhook_events(&self) -> &'static [&'static str] {
        webhooks::EVENTS
    }
}

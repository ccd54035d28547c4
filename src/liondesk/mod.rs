//! LionDesk API v2 under `/liondesk` (LionDesk's API v2 documentation: the contacts page and
//! the pages of its other endpoints): a Feathers application. Its query language (`query/`),
//! page object `{total, limit, skip, data}` and error bodies (`error.rs`) are Feathers'; its
//! OAuth 2 (`oauth.rs`, `auth.rs`) stands on `core::oauth`.
//!
//! The roles of the files, calls going one way only:
//! - `handlers/`: HTTP in and out, one module per Feathers service (`service.rs` is what every
//!   service shares); they parse bodies into `model` change sets and call `model` and `store`;
//! - `model/`: the records as answered (wire shapes), their change sets, and the rules that
//!   creating or changing a contact follows (which ask `store` about other records);
//! - `store/`: the only SQL, reading and writing `model`'s records; who sees a contact is
//!   `store/visibility.rs`;
//! - `arrange/`: the admin API's arranging and the seed files, on `model` and `store`.
//!
//! Handlers never reach `arrange`, nor `arrange` handlers.

mod arrange;
mod auth;
mod body;
mod error;
mod flags;
mod handlers;
mod model;
mod oauth;
pub mod query;
mod store;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde_json::{Value, json};

use crate::core::Tx;
use crate::core::auth::Credential;
use crate::core::generate::{Drafter, GenerateError, Writing};
use crate::core::ids::random_hex;
use crate::core::{ArrangeError, Arranging, Collection, TenantId, Vendor};
use handlers::service;

pub use error::LionDeskError;
pub use flags::{Flags, REGISTRATION};
pub use query::Limits;

/// The vendor's name in paths, credentials, the admin API and the core tables.
pub const NAME: &str = "liondesk";

/// Where the OAuth client of a new tenant may redirect to (docs/fidelity.md has the rule).
pub const REDIRECT_URIS: [&str; 3] = ["https://app.example.com/", "http://localhost/", "http://127.0.0.1/"];

/// The vendor, as `startup` registers it.
pub struct LionDesk {
    /// Feathers' `paginate: {default, max}` for every find.
    pub limits: Limits,
}

impl Vendor for LionDesk {
    fn name(&self) -> &'static str {
        NAME
    }

    fn schema(&self) -> &'static str {
        include_str!("schema.sql")
    }

    fn openapi(&self) -> Option<&'static [u8]> {
        Some(crate::openapi_document!("liondesk"))
    }

    fn configure(&self, cfg: &mut web::ServiceConfig) {
        cfg.app_data(self.limits);
        service::configure::<handlers::contacts::Contacts>(cfg);
        service::configure::<handlers::addresses::Addresses>(cfg);
        service::configure::<handlers::hotnesses::Hotnesses>(cfg);
        service::configure::<handlers::sources::Sources>(cfg);
        service::configure::<handlers::custom_fields::CustomFields>(cfg);
        service::configure::<handlers::tags::Tags>(cfg);
        handlers::users::configure(cfg);
        service::configure_read_only::<handlers::teams::Teams>(cfg);
        service::configure::<handlers::tasks::Tasks>(cfg);
        service::configure::<handlers::events::Events>(cfg);
        handlers::oauth::configure(cfg);
        handlers::me::configure(cfg);
        cfg.default_service(web::to(error::page_not_found));
    }

    fn collections(&self) -> &'static [Collection] {
        arrange::COLLECTIONS
    }

    /// An OAuth client plus three users: an owner and a teammate on team 1, and an outsider on
    /// team 2, each with a 40-hex bearer token.
    fn mint_credentials(&self) -> Value {
        let user = |id: i64, role: &str, first: &str, team: i64| {
            json!({
                "id": id, "role": role, "first_name": first, "last_name": "Agent",
                "email": format!("{}.{}@example.com", first.to_lowercase(), random_hex(6)),
                "team_id": team, "token": random_hex(40),
            })
        };
        json!({
            "client_id": random_hex(32),
            "client_secret": random_hex(40),
            "redirect_uris": REDIRECT_URIS,
            "users": [user(1, "owner", "Olivia", 1), user(2, "teammate", "Theo", 1), user(3, "outsider", "Oscar", 2)],
        })
    }

    fn install(&self, a: &Arranging<'_>, credentials: &Value) -> Result<(), ArrangeError> {
        arrange::install(a, credentials)
    }

    fn credential(&self, req: &HttpRequest) -> Option<String> {
        auth::presented_token(req)
    }

    fn tenant_of(&self, tx: &Tx, credential: &str) -> Option<TenantId> {
        <auth::User as Credential>::lookup(tx, credential).ok().flatten().map(|u| u.tenant)
    }

    fn error_response(&self, status: StatusCode, message: &str) -> HttpResponse {
        error::error_body(status, message, None, None)
    }

    fn generator(&self, w: &Writing<'_>) -> Result<Drafter, GenerateError> {
        arrange::generator(w)
    }

    /// A generated contact carries its documents, made from the records written with it.
    fn generated_triggers(&self) -> &'static [&'static str] {
        &[
            "ld_addresses_doc_insert",
            "ld_addresses_doc_update",
            "ld_addresses_doc_delete",
            "ld_custom_values_doc_insert",
            "ld_custom_values_doc_update",
            "ld_custom_values_doc_delete",
        ]
    }
}

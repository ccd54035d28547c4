//! LivingMetrics (LeadIntuition's contact API) under `/livingmetrics`: the 20 documented
//! `GET /v1/...` endpoints of LeadIntuition's "LivingMetrics API Authentication" page. The API is
//! read-only; data comes from the seed and the admin API's arrange endpoint.

mod auth;
mod error;
mod fields;
mod filters;
mod generate;
mod handlers;
mod input;
mod model;
mod seed;
mod store;

use actix_web::http::{StatusCode, header};
use actix_web::{FromRequest, Handler, HttpRequest, HttpResponse, Responder, ResponseError, web};
use serde_json::{Value, json};

use crate::core::Tx;
use crate::core::auth::Credential;
use crate::core::generate::{Drafter, GenerateError, Writing};
use crate::core::ids::random_grouped;
use crate::core::{ArrangeError, Arranging, Collection, Registration, TenantId, Vendor};

pub use error::LivingMetricsError;
use handlers::{contacts, fields as field_defs, records, tasks};

pub struct LivingMetrics;

pub const REGISTRATION: Registration = Registration::plain("livingmetrics", |_| Ok(std::sync::Arc::new(LivingMetrics)));

/// Registers a `GET` resource (several spellings of one path allowed). `HEAD` answers as `GET`
/// without the body, as HTTP requires of every server; other methods get the vendor's 405.
fn get<F, Args>(cfg: &mut web::ServiceConfig, paths: &[&str], handler: F)
where
    F: Handler<Args>,
    Args: FromRequest + 'static,
    F::Output: Responder + 'static,
{
    cfg.service(
        web::resource(paths.to_vec())
            .route(web::get().to(handler.clone()))
            .route(web::head().to(handler))
            .default_service(web::to(method_not_allowed)),
    );
}

/// The vendor's 405, with the `Allow` header HTTP requires of one.
async fn method_not_allowed(req: HttpRequest) -> HttpResponse {
    let error = LivingMetricsError::MethodNotAllowed(format!("Method {} is not allowed on {}", req.method(), req.path()));
    let mut response = error.error_response();
    response.headers_mut().insert(header::ALLOW, header::HeaderValue::from_static("GET, HEAD"));
    response
}

impl Vendor for LivingMetrics {
    fn name(&self) -> &'static str {
        "livingmetrics"
    }

    fn schema(&self) -> &'static str {
        include_str!("schema.sql")
    }

    fn openapi(&self) -> Option<&'static [u8]> {
        Some(crate::openapi_document!("livingmetrics"))
    }

    /// The route table, in the document's order. The task routes also answer without their
    /// `.json` suffix (docs/fidelity.md).
    fn configure(&self, cfg: &mut web::ServiceConfig) {
        get(cfg, &["/v1/contacts"], contacts::list); // List Contacts; Get Prospects
        get(cfg, &["/v1/contacts/count"], contacts::count);
        get(cfg, &["/v1/contacts/field"], field_defs::field);
        get(cfg, &["/v1/contacts/fields"], field_defs::fields);
        get(cfg, &["/v1/contacts/{id}"], contacts::get);
        get(cfg, &["/v1/contacts/{id}/task.json", "/v1/contacts/{id}/task"], tasks::for_contact);
        get(cfg, &["/v1/contacts/{id}/tasks.json", "/v1/contacts/{id}/tasks"], tasks::for_contact);
        get(cfg, &["/v1/organizations"], records::organizations);
        get(cfg, &["/v1/tasks.json", "/v1/tasks"], tasks::list);
        get(cfg, &["/v1/tasks/outcomes.json", "/v1/tasks/outcomes"], tasks::outcomes);
        get(cfg, &["/v1/tasks/types.json", "/v1/tasks/types"], tasks::types);
        get(cfg, &["/v1/tasks/statuses.json", "/v1/tasks/statuses"], tasks::statuses);
        get(cfg, &["/v1/tasks/contact/{id}.json", "/v1/tasks/contact/{id}"], tasks::for_contact);
        get(cfg, &["/v1/tasks/{id}.json", "/v1/tasks/{id}"], tasks::get);
        get(cfg, &["/v1/histories"], records::histories);
        get(cfg, &["/v1/contact_lists"], records::contact_lists);
        get(cfg, &["/v1/products"], records::products);
        get(cfg, &["/v1/products/statuses"], records::product_statuses);
        get(cfg, &["/v1/products/{id}"], records::product);
        cfg.default_service(web::to(|req: HttpRequest| async move {
            let message = format!("No such endpoint: {} {}", req.method(), req.path());
            error::error_body(StatusCode::NOT_FOUND, &message)
        }));
    }

    fn collections(&self) -> &'static [Collection] {
        seed::COLLECTIONS
    }

    /// An account API key, shaped like the document's `xxxxx-xxxxx-xxxxx-xxxxx`.
    fn mint_credentials(&self) -> Value {
        json!({"api_key": random_grouped(4, 5)})
    }

    fn install(&self, a: &Arranging<'_>, credentials: &Value) -> Result<(), ArrangeError> {
        seed::install(a, credentials)
    }

    fn credential(&self, req: &HttpRequest) -> Option<String> {
        auth::presented_key(req).map(std::borrow::Cow::into_owned)
    }

    fn tenant_of(&self, tx: &Tx, credential: &str) -> Option<TenantId> {
        <auth::ApiKey as Credential>::lookup(tx, credential).ok().flatten().map(|k| k.tenant)
    }

    fn error_response(&self, status: StatusCode, message: &str) -> HttpResponse {
        error::error_body(status, message)
    }

    fn generator(&self, w: &Writing<'_>) -> Result<Drafter, GenerateError> {
        generate::generator(w)
    }
}

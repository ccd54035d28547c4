//! LionDesk API v2 (a Feathers application) under `/liondesk`. This version mints the
//! credentials every tenant needs (users with bearer tokens, an OAuth client) and answers every
//! route with a Feathers `NotImplemented` error; the contact API follows.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use rusqlite::Transaction;
use serde_json::{Value, json};

use crate::core::ids::random_hex;
use crate::core::{ArrangeError, TenantId, Vendor};

pub struct LionDesk;

/// The Feathers error class names by status (`@feathersjs/errors`).
fn feathers_class(status: StatusCode) -> (&'static str, &'static str) {
    match status.as_u16() {
        400 => ("BadRequest", "bad-request"),
        401 => ("NotAuthenticated", "not-authenticated"),
        402 => ("PaymentError", "payment-error"),
        403 => ("Forbidden", "forbidden"),
        404 => ("NotFound", "not-found"),
        405 => ("MethodNotAllowed", "method-not-allowed"),
        406 => ("NotAcceptable", "not-acceptable"),
        408 => ("Timeout", "timeout"),
        409 => ("Conflict", "conflict"),
        411 => ("LengthRequired", "length-required"),
        422 => ("Unprocessable", "unprocessable"),
        429 => ("TooManyRequests", "too-many-requests"),
        501 => ("NotImplemented", "not-implemented"),
        502 => ("BadGateway", "bad-gateway"),
        503 => ("Unavailable", "unavailable"),
        _ => ("GeneralError", "general-error"),
    }
}

impl Vendor for LionDesk {
    fn name(&self) -> &'static str {
        "liondesk"
    }

    fn schema(&self) -> &'static str {
        ""
    }

    fn configure(&self, cfg: &mut web::ServiceConfig) {
        cfg.default_service(web::to(|| async {
            LionDesk.error_response(StatusCode::NOT_IMPLEMENTED, "The LionDesk API is not available in this version of crm-mock")
        }));
    }

    fn collections(&self) -> &'static [&'static str] {
        &[]
    }

    /// An OAuth client plus three users: an owner and a teammate on one team, and an outsider.
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
            "users": [user(1, "owner", "Olivia", 1), user(2, "teammate", "Theo", 1), user(3, "outsider", "Oscar", 2)],
        })
    }

    fn install(&self, _: &Transaction, _: &TenantId, _: &Value, _: DateTime<Utc>) -> Result<(), ArrangeError> {
        Ok(())
    }

    fn arrange(
        &self,
        _: &Transaction,
        _: &TenantId,
        collection: &str,
        _: &[Value],
        _: DateTime<Utc>,
    ) -> Result<Vec<Value>, ArrangeError> {
        Err(ArrangeError::unknown_collection(collection, self.collections()))
    }

    fn credential(&self, _: &HttpRequest) -> Option<String> {
        None
    }

    fn tenant_of(&self, _: &Transaction, _: &str) -> Option<TenantId> {
        None
    }

    fn error_response(&self, status: StatusCode, message: &str) -> HttpResponse {
        let (name, class_name) = feathers_class(status);
        HttpResponse::build(status).json(json!({
            "name": name, "message": message, "code": status.as_u16(), "className": class_name, "errors": {},
        }))
    }
}

//! LeadConnector (HighLevel API v2) under `/leadconnector`. This version mints the credentials
//! every tenant needs (a location, a company and an access token) and answers every route with
//! LeadConnector's `{"statusCode", "message"}` error; the contact API follows.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use rusqlite::Transaction;
use serde_json::{Value, json};

use crate::core::ids::random_alnum;
use crate::core::{ArrangeError, Arranging, Collection, Registration, TenantId, Vendor};

pub struct LeadConnector;

pub const REGISTRATION: Registration = Registration::plain("leadconnector", |_| Ok(std::sync::Arc::new(LeadConnector)));

impl Vendor for LeadConnector {
    fn name(&self) -> &'static str {
        "leadconnector"
    }

    fn schema(&self) -> &'static str {
        ""
    }

    fn configure(&self, cfg: &mut web::ServiceConfig) {
        cfg.default_service(web::to(|| async {
            LeadConnector
                .error_response(StatusCode::NOT_IMPLEMENTED, "The LeadConnector API is not available in this version of crm-mock")
        }));
    }

    fn collections(&self) -> &'static [Collection] {
        &[]
    }

    fn mint_credentials(&self) -> Value {
        json!({
            "location_id": random_alnum(20),
            "company_id": random_alnum(20),
            "access_token": format!("pit-{}", uuid::Uuid::new_v4()),
        })
    }

    fn install(&self, _: &Arranging<'_>, _: &Value) -> Result<(), ArrangeError> {
        Ok(())
    }

    fn credential(&self, _: &HttpRequest) -> Option<String> {
        None
    }

    fn tenant_of(&self, _: &Transaction, _: &str) -> Option<TenantId> {
        None
    }

    fn error_response(&self, status: StatusCode, message: &str) -> HttpResponse {
        HttpResponse::build(status).json(json!({"statusCode": status.as_u16(), "message": message}))
    }
}

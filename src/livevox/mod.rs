//! LiveVox (Contact, Session and Compliance APIs) under `/livevox`. This version mints the
//! credentials every tenant needs (a client name, an access token and one user per role) and
//! answers every route with LiveVox's `{"code", "message"}` error; the APIs follow.

pub mod dnd;
pub mod export;
pub mod store;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use rusqlite::Transaction;
use serde_json::{Value, json};

use crate::core::ids::{random_alnum, random_hex};
use crate::core::{ArrangeError, Arranging, Collection, Registration, TenantId, Vendor};

pub struct LiveVox;

pub const REGISTRATION: Registration = Registration::plain("livevox", |_| Ok(std::sync::Arc::new(LiveVox)));

/// The LiveVox Portal roles, one user each.
const ROLES: [&str; 4] = ["Sysadmin", "Superuser", "Manager", "Agent"];

impl Vendor for LiveVox {
    fn name(&self) -> &'static str {
        "livevox"
    }

    fn schema(&self) -> &'static str {
        ""
    }

    fn configure(&self, cfg: &mut web::ServiceConfig) {
        cfg.default_service(web::to(|| async {
            LiveVox.error_response(StatusCode::NOT_IMPLEMENTED, "The LiveVox API is not available in this version of crm-mock")
        }));
    }

    fn collections(&self) -> &'static [Collection] {
        &[]
    }

    fn mint_credentials(&self) -> Value {
        let client = format!("CRMMOCK{}", random_alnum(6).to_uppercase());
        let users: Vec<Value> = ROLES
            .iter()
            .map(|role| json!({"user_name": format!("{}.{}", role.to_lowercase(), random_hex(4)), "password": random_alnum(12), "role": role}))
            .collect();
        let token = uuid::Uuid::new_v4().to_string();
        json!({"client_name": client, "access_token": token, "users": users})
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
        HttpResponse::build(status).json(json!({"code": status.as_u16(), "message": message}))
    }
}

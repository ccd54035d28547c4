//! Errors of the admin API, rendered as `{"status": N, "message": "..."}`.

use actix_web::dev::Payload;
use actix_web::http::StatusCode;
use actix_web::web::Bytes;
use actix_web::{FromRequest, HttpRequest, HttpResponse, ResponseError};
use futures_util::future::LocalBoxFuture;
use serde::Serialize;
use serde_json::Value;

use super::BODY_LIMIT;
use crate::core::body::BodyError;
use crate::core::error::{error_chain, from_value};
use crate::core::state::InstallError;
use crate::core::{ArrangeError, CoreError};

#[derive(thiserror::Error, Debug)]
pub enum AdminError {
    /// 400: the request body or a parameter is wrong; the message names it.
    #[error("{0}")]
    BadRequest(String),
    /// 404: no such tenant, vendor, collection, fault rule or snapshot.
    #[error("{0}")]
    NotFound(String),
    /// 409: the request conflicts with the current state (a restored row another tenant now holds).
    #[error("{0}")]
    Conflict(String),
    /// 401: the server has an admin token and the request does not carry it.
    #[error("{0}")]
    Unauthorized(String),
    /// 413: the body is larger than the admin API accepts.
    #[error("{0}")]
    PayloadTooLarge(String),
    /// 500: a failure no request can cause; logged, opaque to the client.
    #[error("internal error")]
    Internal(#[from] CoreError),
}

#[derive(Serialize)]
struct Body<'a> {
    status: u16,
    message: &'a str,
}

impl ResponseError for AdminError {
    fn status_code(&self) -> StatusCode {
        match self {
            AdminError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AdminError::NotFound(_) => StatusCode::NOT_FOUND,
            AdminError::Conflict(_) => StatusCode::CONFLICT,
            AdminError::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            AdminError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            AdminError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let AdminError::Internal(e) = self {
            log::error!("admin: {}", error_chain(e));
        }
        let message = self.to_string();
        let mut answer = HttpResponse::build(self.status_code());
        if let AdminError::Unauthorized(_) = self {
            answer.insert_header((actix_web::http::header::WWW_AUTHENTICATE, "Bearer realm=\"crm-mock admin\""));
        }
        answer.json(Body { status: self.status_code().as_u16(), message: &message })
    }
}

impl From<rusqlite::Error> for AdminError {
    fn from(e: rusqlite::Error) -> Self {
        AdminError::Internal(e.into())
    }
}

impl From<ArrangeError> for AdminError {
    fn from(e: ArrangeError) -> Self {
        match e {
            ArrangeError::Core(core) => AdminError::Internal(core),
            ArrangeError::UnknownCollection { .. } => AdminError::NotFound(e.to_string()),
            ArrangeError::Record { .. } => AdminError::BadRequest(e.to_string()),
        }
    }
}

impl From<InstallError> for AdminError {
    fn from(e: InstallError) -> Self {
        match e {
            InstallError::Core(core) => AdminError::Internal(core),
            other => AdminError::Internal(CoreError::Startup(other.to_string())),
        }
    }
}

/// Parses an optional JSON object body into `T`; an empty body gives `T::default()`.
pub fn parse_body<T: serde::de::DeserializeOwned + Default>(body: &[u8]) -> Result<T, AdminError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    parse_object(body)
}

/// Parses a required JSON object body into `T`; the message names the wrong field.
pub fn parse_object<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, AdminError> {
    let value: Value = parse_json(body)?;
    if !value.is_object() {
        return Err(AdminError::BadRequest("the body must be a JSON object".into()));
    }
    from_value(&value).map_err(|e| match e.field {
        Some(field) => AdminError::BadRequest(format!("{field}: {}", e.message)),
        None => AdminError::BadRequest(format!("invalid body: {}", e.message)),
    })
}

/// Parses a body that must be well-formed JSON (of any type).
pub fn parse_json(body: &[u8]) -> Result<Value, AdminError> {
    serde_json::from_slice(body).map_err(|e| AdminError::BadRequest(format!("invalid JSON body: {e}")))
}

/// The raw request body, read up to `BODY_LIMIT` bytes; a larger one is a 413 in the admin
/// shape (actix's own answer would be plain text).
pub struct RawBody(pub Bytes);

impl FromRequest for RawBody {
    type Error = AdminError;
    type Future = LocalBoxFuture<'static, Result<RawBody, AdminError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let body = crate::core::body::read(req, payload, BODY_LIMIT);
        Box::pin(async move { body.await.map(RawBody).map_err(AdminError::from) })
    }
}

impl From<BodyError> for AdminError {
    fn from(e: BodyError) -> Self {
        match e {
            BodyError::TooLarge { .. } => {
                AdminError::PayloadTooLarge(format!("the body is larger than {} MiB", BODY_LIMIT / (1024 * 1024)))
            }
            BodyError::Unreadable(_) => AdminError::BadRequest(e.to_string()),
        }
    }
}

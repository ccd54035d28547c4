//! Errors of the admin API, rendered as `{"status": N, "message": "..."}`.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;

use crate::core::state::InstallError;
use crate::core::{ArrangeError, CoreError, error::error_chain};

#[derive(thiserror::Error, Debug)]
pub enum AdminError {
    /// 400: the request body or a parameter is wrong; the message names it.
    #[error("{0}")]
    BadRequest(String),
    /// 404: no such tenant, vendor, collection, fault rule or snapshot.
    #[error("{0}")]
    NotFound(String),
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
            AdminError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let AdminError::Internal(e) = self {
            log::error!("admin: {}", error_chain(e));
        }
        let message = self.to_string();
        HttpResponse::build(self.status_code()).json(Body { status: self.status_code().as_u16(), message: &message })
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

/// Parses an optional JSON body into `T`; an empty body gives `T::default()`. The message names
/// the JSON path of a wrong field.
pub fn parse_body<T: serde::de::DeserializeOwned + Default>(body: &[u8]) -> Result<T, AdminError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    parse_json(body)
}

/// Parses a required JSON body into `T`, naming the JSON path of a wrong field.
pub fn parse_json<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, AdminError> {
    let de = &mut serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        if path == "." {
            AdminError::BadRequest(format!("invalid JSON body: {inner}"))
        } else {
            AdminError::BadRequest(format!("{path}: {inner}"))
        }
    })
}

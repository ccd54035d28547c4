//! LiveVox errors: `{"code": <int>, "message": "<text>"}` (the LiveVox API Overview's error
//! body). `code` is the HTTP status except where the Contact API document gives another: a
//! duplicate contact is HTTP 202 with code 202, an unknown contact or group HTTP 404 with code
//! 203.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;

use crate::core::CoreError;
use crate::core::error::error_chain;

#[derive(thiserror::Error, Debug)]
pub enum LvError {
    /// 400 `{"code": 400, "message": "createContactDetails.phone[0].ordinal: must be 1 to 10"}`
    #[error("{0}")]
    BadRequest(String),
    /// 401 `{"code": 401, "message": "Session is not valid"}`: no, an unknown or an expired
    /// session; a refused login.
    #[error("{0}")]
    Unauthorized(String),
    /// 403 `{"code": 403, "message": "..."}`: the user's role may not call the method.
    #[error("{0}")]
    Forbidden(String),
    /// 404 `{"code": 203, "message": "No Record Found"}` (or "Contact group with 22007 not
    /// found"): the Contact API's unknown record.
    #[error("{0}")]
    NoRecord(String),
    /// 404 `{"code": 404, "message": "..."}`: no such route, session or other object.
    #[error("{0}")]
    NotFound(String),
    /// 202 `{"code": 202, "message": "Contact already exists!"}`
    #[error("Contact already exists!")]
    ContactAlreadyExists,
    /// 405 `{"code": 405, "message": "Method PATCH is not supported on /contact/contacts"}`
    #[error("{0}")]
    MethodNotAllowed(String),
    /// 500 `{"code": 500, "message": "Internal server error"}`; the cause is logged.
    #[error("Internal server error")]
    Internal(#[from] CoreError),
}

/// What LiveVox code answers.
pub type Result<T> = std::result::Result<T, LvError>;

impl LvError {
    /// A 400 naming `field` (a JSON path such as `createContactDetails[3].phone[0].ordinal`).
    pub fn bad_field(field: &str, reason: impl std::fmt::Display) -> LvError {
        LvError::BadRequest(format!("{field}: {reason}"))
    }

    /// The document's 404 for an unknown contact (and other records).
    pub fn no_record() -> LvError {
        LvError::NoRecord("No Record Found".into())
    }

    /// The document's 404 for an unknown contact group.
    pub fn group_not_found(id: impl std::fmt::Display) -> LvError {
        LvError::NoRecord(format!("Contact group with {id} not found"))
    }

    /// 401 for a request without a usable `LV-Session`.
    pub fn invalid_session() -> LvError {
        LvError::Unauthorized("Session is not valid".into())
    }

    /// The `code` of the body.
    fn code(&self) -> u16 {
        match self {
            LvError::NoRecord(_) => 203,
            other => other.status_code().as_u16(),
        }
    }
}

impl From<rusqlite::Error> for LvError {
    fn from(e: rusqlite::Error) -> Self {
        LvError::Internal(e.into())
    }
}

#[derive(Serialize)]
struct Body<'a> {
    code: u16,
    message: &'a str,
}

/// A LiveVox error body with `code` for any status (also for injected faults).
pub fn error_body(status: StatusCode, code: u16, message: &str) -> HttpResponse {
    HttpResponse::build(status).json(Body { code, message })
}

impl ResponseError for LvError {
    fn status_code(&self) -> StatusCode {
        match self {
            LvError::BadRequest(_) => StatusCode::BAD_REQUEST,
            LvError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            LvError::Forbidden(_) => StatusCode::FORBIDDEN,
            LvError::NoRecord(_) | LvError::NotFound(_) => StatusCode::NOT_FOUND,
            LvError::ContactAlreadyExists => StatusCode::ACCEPTED,
            LvError::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
            LvError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let LvError::Internal(e) = self {
            log::error!("livevox: {}", error_chain(e));
        }
        error_body(self.status_code(), self.code(), &self.to_string())
    }
}

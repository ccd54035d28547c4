//! LivingMetrics errors. The vendor publishes no error format; crm-mock answers every error as
//! `{"error": {"code": <HTTP status>, "message": "..."}}` (docs/fidelity.md, LivingMetrics).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;

use super::filters::FilterError;
use crate::core::CoreError;
use crate::core::error::error_chain;

#[derive(thiserror::Error, Debug)]
pub enum LivingMetricsError {
    /// 400 `{"error": {"code": 400, "message": "Invalid value 'x' for parameter 'page': ..."}}`
    #[error("{0}")]
    BadRequest(String),
    /// 401 `{"error": {"code": 401, "message": "Invalid API key"}}`
    #[error("{0}")]
    Unauthorized(&'static str),
    /// 404 `{"error": {"code": 404, "message": "Contact 12345 not found"}}`
    #[error("{0}")]
    NotFound(String),
    /// 405 `{"error": {"code": 405, "message": "Method POST is not allowed on /v1/contacts"}}`
    #[error("{0}")]
    MethodNotAllowed(String),
    /// 500 `{"error": {"code": 500, "message": "Internal server error"}}`; the cause is logged.
    #[error("Internal server error")]
    Internal(#[from] CoreError),
}

pub type Result<T> = std::result::Result<T, LivingMetricsError>;

impl From<FilterError> for LivingMetricsError {
    fn from(e: FilterError) -> Self {
        LivingMetricsError::BadRequest(e.to_string())
    }
}

impl From<rusqlite::Error> for LivingMetricsError {
    fn from(e: rusqlite::Error) -> Self {
        LivingMetricsError::Internal(e.into())
    }
}

#[derive(Serialize)]
struct Body<'a> {
    error: Inner<'a>,
}

#[derive(Serialize)]
struct Inner<'a> {
    code: u16,
    message: &'a str,
}

/// The vendor's error body for any status (also used for injected faults).
pub fn error_body(status: StatusCode, message: &str) -> HttpResponse {
    HttpResponse::build(status).json(Body { error: Inner { code: status.as_u16(), message } })
}

impl ResponseError for LivingMetricsError {
    fn status_code(&self) -> StatusCode {
        match self {
            LivingMetricsError::BadRequest(_) => StatusCode::BAD_REQUEST,
            LivingMetricsError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            LivingMetricsError::NotFound(_) => StatusCode::NOT_FOUND,
            LivingMetricsError::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
            LivingMetricsError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let LivingMetricsError::Internal(e) = self {
            log::error!("livingmetrics: {}", error_chain(e));
        }
        error_body(self.status_code(), &self.to_string())
    }
}

//! LeadConnector errors: NestJS bodies as the vendor's `common-schemas.json` gives them —
//! 400 `{"statusCode", "message"}` (`BadRequestDTO`), 401 `{"statusCode", "message", "error":
//! "Unauthorized"}` (`UnauthorizedDTO`), 422 `{"statusCode", "message": [...], "error":
//! "Unprocessable Entity"}` (`UnprocessableDTO`) — plus what clients observed: the duplicate
//! contact's 400 with `meta`, the `Version` header's 401 without `error`, the other location's
//! 403, NestJS's own 404 for an unknown route. The OAuth token endpoint answers RFC 6749's
//! `{"error", "error_description"}` (docs/fidelity.md, LeadConnector: requests and errors).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use serde_json::{Value, json};

use crate::core::CoreError;
use crate::core::error::error_chain;
use crate::core::oauth::OAuthError;

#[derive(thiserror::Error, Debug)]
pub enum LcError {
    /// 400 `{"statusCode": 400, "message": "Contact with id X not found"}`
    #[error("{0}")]
    BadRequest(String),
    /// 400 `{"statusCode": 400, "message": "This location does not allow duplicated contacts.",
    /// "meta": {"contactId", "contactName", "matchingField"}}`
    #[error("This location does not allow duplicated contacts.")]
    Duplicate { contact_id: String, contact_name: String, matching_field: &'static str },
    /// 401 `{"statusCode": 401, "message": "Invalid token: access token is invalid", "error": "Unauthorized"}`
    #[error("{0}")]
    Unauthorized(String),
    /// 401 `{"statusCode": 401, "message": "version header was not found."}`
    #[error("{0}")]
    Version(&'static str),
    /// 403 `{"statusCode": 403, "message": "The token does not have access to this location."}`
    #[error("{0}")]
    Forbidden(String),
    /// 404 `{"statusCode": 404, "message": "Cannot GET /x", "error": "Not Found"}`
    #[error("{0}")]
    NotFound(String),
    /// 422 `{"statusCode": 422, "message": ["property x should not exist"], "error": "Unprocessable Entity"}`
    #[error("{}", .0.join(", "))]
    Unprocessable(Vec<String>),
    /// An OAuth request refused: RFC 6749 `{"error", "error_description"}`.
    #[error("{0}")]
    OAuth(OAuthError),
    /// 500 `{"statusCode": 500, "message": "Internal server error"}`; the cause is logged.
    #[error("Internal server error")]
    Internal(#[from] CoreError),
}

/// What LeadConnector code answers.
pub type Result<T> = std::result::Result<T, LcError>;

impl LcError {
    /// The 400 of an unknown contact (`Contact with id X not found`).
    pub fn no_contact(id: &str) -> LcError {
        LcError::BadRequest(format!("Contact with id {id} not found"))
    }

    /// The 400 of an unknown task of a contact.
    pub fn no_task(id: &str) -> LcError {
        LcError::BadRequest(format!("Task with id {id} not found"))
    }

    /// The 400 of an unknown note of a contact.
    pub fn no_note(id: &str) -> LcError {
        LcError::BadRequest(format!("Note with id {id} not found"))
    }

    /// The 401 of a missing, unknown or expired token.
    pub fn invalid_token() -> LcError {
        LcError::Unauthorized("Invalid token: access token is invalid".into())
    }

    /// The 403 of a token used for another location.
    pub fn other_location() -> LcError {
        LcError::Forbidden("The token does not have access to this location.".into())
    }

    /// A 422 with one message.
    pub fn unprocessable(message: impl Into<String>) -> LcError {
        LcError::Unprocessable(vec![message.into()])
    }
}

impl From<rusqlite::Error> for LcError {
    fn from(e: rusqlite::Error) -> Self {
        LcError::Internal(e.into())
    }
}

impl From<OAuthError> for LcError {
    fn from(e: OAuthError) -> Self {
        match e {
            OAuthError::Internal(core) => LcError::Internal(core),
            refused => LcError::OAuth(refused),
        }
    }
}

#[derive(Serialize)]
#[serde(untagged)]
enum Message<'a> {
    One(&'a str),
    Many(&'a [String]),
}

#[derive(Serialize)]
struct Body<'a> {
    #[serde(rename = "statusCode")]
    status_code: u16,
    message: Message<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    meta: Option<Value>,
}

/// A `{"statusCode", "message"}` body for any status (also for injected faults).
pub fn error_body(status: StatusCode, message: &str) -> HttpResponse {
    HttpResponse::build(status).json(Body {
        status_code: status.as_u16(),
        message: Message::One(message),
        error: None,
        meta: None,
    })
}

impl ResponseError for LcError {
    fn status_code(&self) -> StatusCode {
        match self {
            LcError::BadRequest(_) | LcError::Duplicate { .. } => StatusCode::BAD_REQUEST,
            LcError::Unauthorized(_) | LcError::Version(_) => StatusCode::UNAUTHORIZED,
            LcError::Forbidden(_) => StatusCode::FORBIDDEN,
            LcError::NotFound(_) => StatusCode::NOT_FOUND,
            LcError::Unprocessable(_) => StatusCode::UNPROCESSABLE_ENTITY,
            LcError::OAuth(e) => e.status(),
            LcError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let status = self.status_code();
        let text = self.to_string();
        let mut body = Body { status_code: status.as_u16(), message: Message::One(&text), error: None, meta: None };
        match self {
            LcError::Internal(e) => log::error!("leadconnector: {}", error_chain(e)),
            LcError::Duplicate { contact_id, contact_name, matching_field } => {
                body.meta = Some(json!({"contactId": contact_id, "contactName": contact_name, "matchingField": matching_field}));
            }
            LcError::Unauthorized(_) => body.error = Some("Unauthorized"),
            LcError::NotFound(_) => body.error = Some("Not Found"),
            LcError::Unprocessable(messages) => {
                body.message = Message::Many(messages);
                body.error = Some("Unprocessable Entity");
            }
            LcError::OAuth(e) => {
                return HttpResponse::build(status).json(json!({"error": e.error(), "error_description": e.description()}));
            }
            _ => {}
        }
        HttpResponse::build(status).json(body)
    }
}

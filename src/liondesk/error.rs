//! LionDesk errors in Feathers' v3/v4 JSON (`@feathersjs/errors`): `{"name", "message", "code",
//! "className", "data"?, "errors"}`. The names and class names are Feathers' own, because the
//! Feathers REST client rebuilds typed errors from `name`.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, ResponseError};
use serde::Serialize;
use serde_json::Value;

use super::query::QueryError;
use crate::core::CoreError;
use crate::core::error::error_chain;
use crate::core::oauth::OAuthError;

#[derive(thiserror::Error, Debug)]
pub enum LionDeskError {
    /// 400 `{"name":"BadRequest","message":"Invalid query parameter $foo","code":400,
    /// "className":"bad-request","data":{"$foo":"x"},"errors":{}}`
    #[error("{message}")]
    BadRequest { message: String, data: Option<Value>, errors: Value },
    /// 401 `{"name":"NotAuthenticated","message":"Invalid access token","code":401,...}`
    #[error("{0}")]
    NotAuthenticated(String),
    /// 403 `{"name":"Forbidden","message":"...","code":403,"className":"forbidden","errors":{}}`
    #[error("{0}")]
    Forbidden(String),
    /// 404 `{"name":"NotFound","message":"No record found for id '5'","code":404,...}`
    #[error("{message}")]
    NotFound { message: String, data: Option<Value> },
    /// 405 `{"name":"MethodNotAllowed","message":"Can not patch multiple entries","code":405,...}`
    #[error("{message}")]
    MethodNotAllowed { message: String, allow: &'static str },
    /// 500 `{"name":"GeneralError","message":"Internal server error","code":500,...}`; logged.
    #[error("Internal server error")]
    GeneralError(#[from] CoreError),
    /// An error of `/oauth2/authorize` or `/oauth2/token`: RFC 6749's 400 or 401
    /// `{"error":"invalid_grant","error_description":"..."}` (500 `server_error`, logged, for a
    /// failure below), never cached. `basic`: the client authenticated with HTTP Basic, so a
    /// refused client also gets the `WWW-Authenticate` challenge (RFC 6749 §5.2).
    #[error("{error}")]
    OAuth { error: OAuthError, basic: bool },
}

/// What LionDesk code answers.
pub type Result<T> = std::result::Result<T, LionDeskError>;

impl LionDeskError {
    /// A 400 with `message`.
    pub fn bad_request(message: impl Into<String>) -> LionDeskError {
        LionDeskError::BadRequest { message: message.into(), data: None, errors: Value::Object(Default::default()) }
    }

    /// A 400 for a field, as a Sequelize validation error would report it.
    pub fn invalid_field(field: &str, reason: &str, value: &Value) -> LionDeskError {
        let message = format!("Validation error: {field} {reason}");
        let errors = serde_json::json!([{"message": format!("{field} {reason}"), "type": "Validation error", "path": field, "value": value}]);
        LionDeskError::BadRequest { message, data: None, errors }
    }

    /// Feathers' 404 for a record: `No record found for id '<id as given>'`.
    pub fn no_record(id: &str) -> LionDeskError {
        LionDeskError::NotFound { message: format!("No record found for id '{id}'"), data: None }
    }

    /// The 405 Feathers answers for a method a service does not have.
    pub fn method_not_supported(method: &str, allow: &'static str) -> LionDeskError {
        LionDeskError::MethodNotAllowed { message: format!("Method `{method}` is not supported by this endpoint."), allow }
    }
}

/// A query that cannot be run is Feathers' 400, with the `data` Feathers gives it.
impl From<QueryError> for LionDeskError {
    fn from(e: QueryError) -> Self {
        LionDeskError::BadRequest { message: e.message, data: e.data, errors: Value::Object(Default::default()) }
    }
}

impl From<OAuthError> for LionDeskError {
    fn from(error: OAuthError) -> Self {
        LionDeskError::OAuth { error, basic: false }
    }
}

impl From<rusqlite::Error> for LionDeskError {
    fn from(e: rusqlite::Error) -> Self {
        LionDeskError::GeneralError(e.into())
    }
}

#[derive(Serialize)]
struct Body<'a> {
    name: &'a str,
    message: &'a str,
    code: u16,
    #[serde(rename = "className")]
    class_name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    data: Option<&'a Value>,
    errors: &'a Value,
}

/// Feathers' error name and class name for a status.
pub fn feathers_class(status: StatusCode) -> (&'static str, &'static str) {
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
        410 => ("Gone", "gone"),
        411 => ("LengthRequired", "length-required"),
        422 => ("Unprocessable", "unprocessable"),
        429 => ("TooManyRequests", "too-many-requests"),
        501 => ("NotImplemented", "not-implemented"),
        502 => ("BadGateway", "bad-gateway"),
        503 => ("Unavailable", "unavailable"),
        _ => ("GeneralError", "general-error"),
    }
}

/// A Feathers error body for any status (also used for injected faults and unknown routes).
pub fn error_body(status: StatusCode, message: &str, data: Option<&Value>, errors: Option<&Value>) -> HttpResponse {
    let (name, class_name) = feathers_class(status);
    let empty = Value::Object(Default::default());
    let body = Body { name, message, code: status.as_u16(), class_name, data, errors: errors.unwrap_or(&empty) };
    HttpResponse::build(status).json(body)
}

/// Feathers' not-found handler: 404 "Page not found" with Express's `req.url` (the raw path
/// under the API's root, with the query string) as `data.url`. Serves unknown routes and
/// methods a route does not have (`POST /contacts/1`).
pub async fn page_not_found(req: HttpRequest) -> HttpResponse {
    // The API is mounted under `/liondesk`, or at the root of a vendor host or port. On a
    // route, its pattern tells (no LionDesk route starts with `/liondesk`); elsewhere, the
    // mount is what routing has consumed of the path.
    let mount = match req.match_pattern() {
        Some(p) if p.strip_prefix("/liondesk").is_some_and(|rest| rest.is_empty() || rest.starts_with('/')) => "/liondesk".len(),
        Some(_) => 0,
        None => req.match_info().as_str().len().saturating_sub(req.match_info().unprocessed().len()),
    };
    let path = req.path().get(mount..).unwrap_or_default();
    let path = if path.is_empty() { "/" } else { path };
    let url = match req.query_string() {
        "" => path.to_owned(),
        query => format!("{path}?{query}"),
    };
    error_body(StatusCode::NOT_FOUND, "Page not found", Some(&serde_json::json!({ "url": url })), None)
}

impl ResponseError for LionDeskError {
    fn status_code(&self) -> StatusCode {
        match self {
            LionDeskError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            LionDeskError::NotAuthenticated(_) => StatusCode::UNAUTHORIZED,
            LionDeskError::Forbidden(_) => StatusCode::FORBIDDEN,
            LionDeskError::NotFound { .. } => StatusCode::NOT_FOUND,
            LionDeskError::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            LionDeskError::GeneralError(_) => StatusCode::INTERNAL_SERVER_ERROR,
            LionDeskError::OAuth { error, .. } => error.status(),
        }
    }

    fn error_response(&self) -> HttpResponse {
        let message = self.to_string();
        let status = self.status_code();
        match self {
            LionDeskError::BadRequest { data, errors, .. } => error_body(status, &message, data.as_ref(), Some(errors)),
            LionDeskError::NotFound { data, .. } => error_body(status, &message, data.as_ref(), None),
            LionDeskError::MethodNotAllowed { allow, .. } => {
                let mut response = error_body(status, &message, None, None);
                response.headers_mut().insert(header::ALLOW, header::HeaderValue::from_static(allow));
                response
            }
            LionDeskError::GeneralError(e) => {
                log::error!("liondesk: {}", error_chain(e));
                error_body(status, &message, Some(&Value::Object(Default::default())), None)
            }
            LionDeskError::OAuth { error, basic } => oauth_error_body(error, *basic),
            _ => error_body(status, &message, None, None),
        }
    }
}

#[derive(Serialize)]
struct OAuthBody<'a> {
    error: &'a str,
    error_description: &'a str,
}

/// RFC 6749's error answer, not to be cached (§5.1).
fn oauth_error_body(error: &OAuthError, basic: bool) -> HttpResponse {
    if let OAuthError::Internal(cause) = error {
        log::error!("liondesk oauth: {}", error_chain(cause));
    }
    let mut response = HttpResponse::build(error.status())
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header((header::PRAGMA, "no-cache"))
        .json(OAuthBody { error: error.error(), error_description: error.description() });
    if basic && error.error() == "invalid_client" {
        response.headers_mut().insert(header::WWW_AUTHENTICATE, header::HeaderValue::from_static("Basic realm=\"Service\""));
    }
    response
}

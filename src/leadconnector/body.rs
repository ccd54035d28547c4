//! Request bodies: read whole up to `BODY_LIMIT` (through `core::body`). A JSON body is parsed
//! as NestJS's body parser does: an empty body is `{}` (so the DTO's checks name what is
//! missing), malformed JSON a 400. The OAuth endpoints take the raw form.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::web::Bytes;
use actix_web::{FromRequest, HttpRequest};
use serde_json::Value;

use super::error::LcError;
use crate::core::body::{self, BodyError};

/// The largest body a request may send (1 MiB: a contact with every field and many custom
/// fields stays far below it).
pub const BODY_LIMIT: usize = 1024 * 1024;

impl From<BodyError> for LcError {
    fn from(e: BodyError) -> Self {
        match e {
            BodyError::TooLarge { .. } => LcError::BadRequest("request entity too large".into()),
            BodyError::Unreadable(reason) => LcError::BadRequest(format!("Cannot read the request body: {reason}")),
        }
    }
}

/// A JSON body as a raw value (a leading UTF-8 byte order mark is skipped).
pub struct JsonBody(pub Value);

impl FromRequest for JsonBody {
    type Error = LcError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let read = body::read(req, payload, BODY_LIMIT);
        Box::pin(async move {
            match body::json(&read.await?) {
                Ok(value) => Ok(JsonBody(value.unwrap_or_else(|| Value::Object(Default::default())))),
                Err(e) => {
                    Err(LcError::BadRequest(format!("Unexpected token in JSON at line {} column {}", e.line(), e.column())))
                }
            }
        })
    }
}

/// A body as sent (the OAuth endpoints' forms).
pub struct RawBody(pub Bytes);

impl FromRequest for RawBody {
    type Error = LcError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let read = body::read(req, payload, BODY_LIMIT);
        Box::pin(async move { Ok(RawBody(read.await?)) })
    }
}

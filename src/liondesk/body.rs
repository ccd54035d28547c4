//! Request bodies: read up to 1 MiB and parsed as JSON, with Feathers-shaped errors (a 400
//! naming the problem where real Feathers' body-parser would answer 500; docs/fidelity.md).

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::web::Bytes;
use actix_web::{FromRequest, HttpRequest};
use serde_json::Value;

use super::error::LionDeskError;
use crate::core::body::{self, BodyError};

/// The largest body a request may send (1 MiB).
pub const BODY_LIMIT: usize = 1024 * 1024;

/// The raw body, at most `BODY_LIMIT` bytes.
pub struct RawBody(pub Bytes);

impl FromRequest for RawBody {
    type Error = LionDeskError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let read = body::read(req, payload, BODY_LIMIT);
        Box::pin(async move { read.await.map(RawBody).map_err(LionDeskError::from) })
    }
}

impl From<BodyError> for LionDeskError {
    fn from(e: BodyError) -> Self {
        match e {
            BodyError::TooLarge { limit } => {
                LionDeskError::bad_request(format!("The request body is larger than {} KiB", limit / 1024))
            }
            BodyError::Unreadable(reason) => LionDeskError::bad_request(format!("Cannot read the request body: {reason}")),
        }
    }
}

/// A JSON body; an empty body is `{}` (Feathers creates an empty record from it). A UTF-8 byte
/// order mark before it is skipped, as body-parser skips it.
pub struct JsonBody(pub Value);

impl FromRequest for JsonBody {
    type Error = LionDeskError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let raw = RawBody::from_request(req, payload);
        Box::pin(async move {
            let RawBody(bytes) = raw.await?;
            match body::json(&bytes) {
                Ok(value) => Ok(JsonBody(value.unwrap_or_else(|| Value::Object(Default::default())))),
                Err(e) => Err(LionDeskError::bad_request(format!("Invalid JSON in the request body: {e}"))),
            }
        })
    }
}

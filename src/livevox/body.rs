//! Request bodies: read whole up to `BODY_LIMIT` (through `core::body`) and parsed as JSON,
//! with LiveVox's 400 for what cannot be read. JSON nested deeper than serde_json's limit (128
//! levels) is refused while parsing, so no later step walks an unbounded tree.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};
use serde_json::Value;

use super::error::LvError;
use crate::core::body::{self, BodyError};

/// The largest body a request may send (32 MiB: a bulk create of 10,000 contacts with every
/// field filled stays well under it).
pub const BODY_LIMIT: usize = 32 * 1024 * 1024;

impl From<BodyError> for LvError {
    fn from(e: BodyError) -> Self {
        match e {
            BodyError::TooLarge { limit } => {
                LvError::BadRequest(format!("The request body is larger than {} MiB", limit / (1024 * 1024)))
            }
            BodyError::Unreadable(reason) => LvError::BadRequest(format!("Cannot read the request body: {reason}")),
        }
    }
}

/// A JSON body as a raw value (a leading UTF-8 byte order mark is skipped); an empty body is a
/// 400.
pub struct JsonBody(pub Value);

impl FromRequest for JsonBody {
    type Error = LvError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let read = body::read(req, payload, BODY_LIMIT);
        Box::pin(async move {
            match body::json(&read.await?) {
                Ok(Some(value)) => Ok(JsonBody(value)),
                Ok(None) => Err(LvError::BadRequest("The request body is empty: a JSON object is expected".into())),
                Err(e) => Err(LvError::BadRequest(format!("The request body is not valid JSON: {e}"))),
            }
        })
    }
}

//! Reading a request body whole, up to a limit, for extractors that answer in their own error
//! shape (the admin API's, each vendor's): actix's own extractors would answer a too-large or
//! unreadable body in plain text. A declared `Content-Length` over the limit is refused before
//! anything is read.
//!
//! ```ignore
//! impl FromRequest for RawBody {
//!     type Error = VendorError;
//!     type Future = LocalBoxFuture<'static, Result<RawBody, VendorError>>;
//!     fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
//!         let body = crate::core::body::read(req, payload, LIMIT);
//!         Box::pin(async move { body.await.map(RawBody).map_err(VendorError::from) })
//!     }
//! }
//! ```

use std::future::Future;

use actix_web::HttpRequest;
use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::web::{Bytes, BytesMut};
use futures_util::StreamExt;

/// Why a body could not be read.
#[derive(thiserror::Error, Debug, Clone, PartialEq, Eq)]
pub enum BodyError {
    /// The body (declared or as sent) is larger than `limit` bytes.
    #[error("the body is larger than {limit} bytes")]
    TooLarge { limit: usize },
    /// The connection failed while the body was read.
    #[error("cannot read the body: {0}")]
    Unreadable(String),
}

/// A JSON body read by [`read`], as JSON body parsers read one: a leading UTF-8 byte order mark
/// is skipped, and a body of only whitespace is `None` (each vendor says what an empty body
/// means: `{}` for body-parser and NestJS, an error elsewhere).
pub fn json(bytes: &[u8]) -> Result<Option<serde_json::Value>, serde_json::Error> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    serde_json::from_slice(bytes).map(Some)
}

/// The body of `req`, at most `limit` bytes.
pub fn read(req: &HttpRequest, payload: &mut Payload, limit: usize) -> impl Future<Output = Result<Bytes, BodyError>> + 'static {
    let declared =
        req.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.trim().parse::<usize>().ok());
    let mut stream = payload.take();
    async move {
        if declared.is_some_and(|n| n > limit) {
            return Err(BodyError::TooLarge { limit });
        }
        let mut bytes = BytesMut::with_capacity(declared.unwrap_or(0).min(limit));
        while let Some(chunk) = stream.next().await {
            let chunk = chunk.map_err(|e| BodyError::Unreadable(e.to_string()))?;
            if bytes.len() + chunk.len() > limit {
                return Err(BodyError::TooLarge { limit });
            }
            bytes.extend_from_slice(&chunk);
        }
        Ok(bytes.freeze())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_json_body_skips_a_byte_order_mark_and_a_blank_one_is_none() {
        assert_eq!(json(b"\xEF\xBB\xBF{\"a\": 1}").unwrap(), Some(serde_json::json!({"a": 1})));
        assert_eq!(json(b" \r\n\t").unwrap(), None);
        assert_eq!(json(b"\xEF\xBB\xBF").unwrap(), None);
        assert!(json(b"{").is_err());
    }
    use actix_web::test::TestRequest;

    fn read_with(req: TestRequest, limit: usize) -> Result<Bytes, BodyError> {
        let (req, mut payload) = req.to_http_parts();
        actix_web::rt::System::new().block_on(read(&req, &mut payload, limit))
    }

    #[test]
    fn a_body_is_read_whole_up_to_the_limit() {
        assert_eq!(read_with(TestRequest::default().set_payload("hello"), 5), Ok(Bytes::from_static(b"hello")));
        assert_eq!(read_with(TestRequest::default().set_payload("hello!"), 5), Err(BodyError::TooLarge { limit: 5 }));
        let declared = TestRequest::default().set_payload("x").insert_header((header::CONTENT_LENGTH, "9000"));
        assert_eq!(read_with(declared, 5), Err(BodyError::TooLarge { limit: 5 }));
    }
}

//! The front layer: a byte-level filter between each TCP connection and actix-http that does
//! what the vendors' own front servers (nginx, AWS ALB) do before their applications see a
//! request.
//!
//! actix-http refuses, with a bare status and an empty body, requests that those servers pass
//! on: a raw `"`, `<`, `>` or non-ASCII byte in the request-target (httparse takes them, the
//! `http` crate's URI parser does not), and so a client written against a real vendor would see
//! an answer no vendor gives. The layer reads each request head on the connection (keep-alive
//! and pipelining included) before actix does and:
//!
//! - repairs the target: the bytes the `http` crate refuses are percent-encoded, which the
//!   path and query decoders turn back into the same values (`target`);
//! - refuses, in an error body of the caller's choosing with `Connection: close`, what cannot
//!   be served: a target longer than the `http` crate takes (414), a head larger than actix
//!   reads or with more header fields (431), a request line that is not one (400);
//! - hands everything else on untouched, framing each body (`Content-Length` or chunked) to find
//!   the next head, and stepping aside for the rest of the connection when the framing is
//!   unclear (both lengths, a bad chunk, `Upgrade`, `CONNECT`), where actix answers as before.
//!
//! [`Front`] is the pure state machine; [`FrontIo`] wraps a stream with it for actix.

mod chunked;
mod io;
#[cfg(test)]
mod io_tests;
mod machine;
mod target;
#[cfg(test)]
mod tests;

use std::sync::Arc;

use actix_web::http::StatusCode;

pub use io::FrontIo;
pub use machine::{Front, Step};

/// The longest request-target the `http` crate parses (`u16::MAX - 1`).
pub const MAX_TARGET: usize = 65_534;
/// The largest request head actix-http reads (its decoder's `MAX_BUFFER_SIZE`).
pub const MAX_HEAD: usize = 131_072;
/// The most header fields actix-http parses.
pub const MAX_HEADERS: usize = 96;
/// How much of a refused request's path a [`Refusal`] keeps.
pub const MAX_REFUSAL_PATH: usize = 2048;

/// Why a request was refused before it reached the application.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// The request-target (repaired) is longer than [`MAX_TARGET`], or the request line alone
    /// fills [`MAX_HEAD`].
    TargetTooLong,
    /// The request head (repaired) is larger than [`MAX_HEAD`].
    HeadTooLarge,
    /// The head has more than [`MAX_HEADERS`] header fields.
    TooManyHeaders,
    /// The request line is not `METHOD SP target SP HTTP/1.x` with a target that can be
    /// repaired (a control byte, a space too many, an unknown version).
    BadRequestLine,
}

impl Reason {
    pub fn status(self) -> StatusCode {
        match self {
            Reason::TargetTooLong => StatusCode::URI_TOO_LONG,
            Reason::HeadTooLarge | Reason::TooManyHeaders => StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            Reason::BadRequestLine => StatusCode::BAD_REQUEST,
        }
    }

    /// A plain-English account, for error bodies.
    pub fn message(self) -> String {
        match self {
            Reason::TargetTooLong => format!("The request target is longer than {MAX_TARGET} bytes"),
            Reason::HeadTooLarge => format!("The request header fields are larger than {MAX_HEAD} bytes"),
            Reason::TooManyHeaders => format!("The request has more than {MAX_HEADERS} header fields"),
            Reason::BadRequestLine => "The request line is malformed".to_owned(),
        }
    }
}

/// A refused request: why, and what is known of it, for choosing the error's shape (the vendor
/// from the path's first segment or the `Host` header).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub reason: Reason,
    /// The method, when the request line got that far.
    pub method: Option<String>,
    /// The target's path (no query), its first [`MAX_REFUSAL_PATH`] bytes, when known.
    pub path: Option<String>,
    /// The `Host` header, when the head got that far.
    pub host: Option<String>,
}

/// Renders a refusal: the status to answer (normally `refusal.reason.status()`) and a JSON body.
pub type Renderer = Arc<dyn Fn(&Refusal) -> (StatusCode, Vec<u8>) + Send + Sync>;

/// `{"status": N, "message": "..."}`, the admin API's error shape.
pub fn default_renderer() -> Renderer {
    Arc::new(|refusal: &Refusal| {
        let status = refusal.reason.status();
        let body = serde_json::json!({"status": status.as_u16(), "message": refusal.reason.message()});
        (status, body.to_string().into_bytes())
    })
}

/// The complete HTTP/1.1 response to a refusal (no body for `HEAD`).
pub fn response(refusal: &Refusal, renderer: &Renderer) -> Vec<u8> {
    let (status, body) = renderer(refusal);
    let head = format!(
        "HTTP/1.1 {} {}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        status.as_u16(),
        status.canonical_reason().unwrap_or(""),
        body.len()
    );
    let mut out = head.into_bytes();
    if refusal.method.as_deref() != Some("HEAD") {
        out.extend_from_slice(&body);
    }
    out
}

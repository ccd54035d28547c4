//! Streaming reads: a response body written in chunks by a function running on the blocking
//! pool inside one read transaction (LiveVox's CSV export of 100,000+ rows), compressed with
//! gzip when the client accepts it. Memory stays flat: the writer hands over 64 KiB chunks
//! through a channel of four, and waits while the client is slower than the database; if the
//! client goes away, the next write fails and the transaction ends.
//!
//! ```ignore
//! let gzip = crate::core::stream::accepts_gzip(&req);
//! Ok(crate::core::stream::body(core.db.clone(), gzip, "text/csv", move |tx, out| {
//!     for row in store::export(tx, &tenant)? { writeln!(out, "{}", row)?; }
//!     Ok(())
//! }))
//! ```

use std::io::{self, Write};

use actix_web::http::header;
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse};
use flate2::Compression;
use flate2::write::GzEncoder;
use tokio::sync::mpsc;

use crate::core::Tx;

use super::db::Db;
use super::error::CoreError;

/// The size of one chunk handed to the client.
pub const CHUNK: usize = 64 * 1024;
/// Chunks written ahead of the client.
const AHEAD: usize = 4;

/// Whether the request's `Accept-Encoding` admits gzip (`gzip` or `*` with a non-zero q).
pub fn accepts_gzip(req: &HttpRequest) -> bool {
    req.headers().get_all(header::ACCEPT_ENCODING).filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(',')).any(|item| {
        let mut parts = item.split(';');
        let coding = parts.next().unwrap_or("").trim();
        let zero = parts.any(|p| p.trim().strip_prefix("q=").and_then(|q| q.trim().parse::<f32>().ok()) == Some(0.0));
        (coding.eq_ignore_ascii_case("gzip") || coding == "*") && !zero
    })
}

/// A 200 answer of `content_type` whose body `produce` writes from a read transaction on the
/// blocking pool; gzip-compressed (with `Content-Encoding: gzip`) when `gzip`.
pub fn body<F>(db: Db, gzip: bool, content_type: &'static str, produce: F) -> HttpResponse
where
    F: FnOnce(&Tx, &mut dyn Write) -> Result<(), CoreError> + Send + 'static,
{
    let (sender, receiver) = mpsc::channel::<io::Result<Bytes>>(AHEAD);
    actix_web::rt::task::spawn_blocking(move || {
        let mut chunks = Chunks { buf: Vec::with_capacity(CHUNK), sender };
        let written = db.read_blocking(|tx| -> Result<(), CoreError> {
            if gzip {
                let mut encoder = GzEncoder::new(&mut chunks, Compression::fast());
                produce(tx, &mut encoder)?;
                encoder.finish()?;
            } else {
                produce(tx, &mut chunks)?;
            }
            Ok(chunks.flush()?)
        });
        if let Err(e) = written {
            log::warn!("streamed answer cut short: {}", super::error::error_chain(&e));
            let _ = chunks.sender.blocking_send(Err(io::Error::other("the answer was cut short")));
        }
    });
    let stream =
        futures_util::stream::unfold(receiver, |mut receiver| async move { receiver.recv().await.map(|item| (item, receiver)) });
    let mut answer = HttpResponse::Ok();
    answer.content_type(content_type).insert_header((header::VARY, "Accept-Encoding"));
    if gzip {
        answer.insert_header((header::CONTENT_ENCODING, "gzip"));
    }
    answer.streaming(stream)
}

/// Buffers writes into chunks and hands each full one to the client.
struct Chunks {
    buf: Vec<u8>,
    sender: mpsc::Sender<io::Result<Bytes>>,
}

impl Chunks {
    fn send(&mut self) -> io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let chunk = Bytes::from(std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK)));
        self.sender.blocking_send(Ok(chunk)).map_err(|_| io::Error::new(io::ErrorKind::BrokenPipe, "the client went away"))
    }
}

impl Write for Chunks {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= CHUNK {
            self.send()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.send()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    #[test]
    fn gzip_is_accepted_unless_refused_with_q_zero() {
        let accepts =
            |value: &str| accepts_gzip(&TestRequest::default().insert_header((header::ACCEPT_ENCODING, value)).to_http_request());
        assert!(accepts("gzip"));
        assert!(accepts("br, GZIP;q=0.5"));
        assert!(accepts("*"));
        assert!(!accepts("gzip;q=0"));
        assert!(!accepts("identity"));
        assert!(!accepts_gzip(&TestRequest::default().to_http_request()));
    }
}

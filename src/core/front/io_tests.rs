//! `FrontIo` over a scripted stream, read the way actix-http reads: what actix is handed, and
//! what goes out on a refusal.

use std::collections::VecDeque;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_util::future::poll_fn;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

use super::{FrontIo, default_renderer};

/// A stream that answers reads with the given pieces, then the end, and keeps what is written.
#[derive(Default)]
struct Script {
    reads: VecDeque<Vec<u8>>,
    written: Vec<u8>,
    shut: bool,
}

impl Script {
    fn new(input: &[u8], piece: usize) -> Script {
        Script { reads: input.chunks(piece).map(<[u8]>::to_vec).collect(), ..Script::default() }
    }
}

impl AsyncRead for Script {
    fn poll_read(mut self: Pin<&mut Self>, _: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        if let Some(mut piece) = self.reads.pop_front() {
            let n = piece.len().min(buf.remaining());
            buf.put_slice(&piece[..n]);
            if n < piece.len() {
                self.reads.push_front(piece.split_off(n));
            }
        }
        Poll::Ready(Ok(()))
    }
}

impl AsyncWrite for Script {
    fn poll_write(mut self: Pin<&mut Self>, _: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        self.written.extend_from_slice(buf);
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.shut = true;
        Poll::Ready(Ok(()))
    }
}

/// Everything actix reads, `room` bytes of buffer at a time, up to the end of the stream.
async fn read_all(io: &mut FrontIo<Script>, room: usize) -> Vec<u8> {
    let mut out = Vec::new();
    let mut space = vec![0u8; room];
    loop {
        let mut buf = ReadBuf::new(&mut space);
        poll_fn(|cx| Pin::new(&mut *io).poll_read(cx, &mut buf)).await.expect("read");
        if buf.filled().is_empty() {
            return out;
        }
        out.extend_from_slice(buf.filled());
    }
}

const REPAIRED: &str = "GET /a?q=%22x%22 HTTP/1.1\r\nHost: h\r\n\r\n";
const POST: &str = "POST /b HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\nGET /\"c\" x\n";

#[actix_web::test]
async fn actix_reads_every_request_repaired_whatever_the_reads_and_its_buffer() {
    let input = format!("{}{POST}{}", REPAIRED.replace("%22", "\""), REPAIRED.replace("%22", "\""));
    for piece in [1, 3, 40, input.len()] {
        for room in [1, 7, 64 * 1024] {
            let mut io = FrontIo::new(Script::new(input.as_bytes(), piece), default_renderer());
            let read = read_all(&mut io, room).await;
            assert_eq!(String::from_utf8_lossy(&read), format!("{REPAIRED}{POST}{REPAIRED}"), "pieces of {piece}, room {room}");
            poll_fn(|cx| Pin::new(&mut io).poll_shutdown(cx)).await.expect("shutdown");
            assert!(io.get_ref().shut && io.get_ref().written.is_empty());
        }
    }
}

#[actix_web::test]
async fn a_refusal_is_written_after_the_answers_to_the_requests_before_it() {
    let long = format!("GET /livevox/{} HTTP/1.1\r\nHost: h\r\n\r\n", "x".repeat(70_000));
    let input = format!("{POST}{long}{REPAIRED}");
    let mut io = FrontIo::new(Script::new(input.as_bytes(), 1000), default_renderer());

    let read = read_all(&mut io, 8192).await;
    poll_fn(|cx| Pin::new(&mut io).poll_write(cx, b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n")).await.expect("write");
    poll_fn(|cx| Pin::new(&mut io).poll_shutdown(cx)).await.expect("shutdown");

    assert_eq!(String::from_utf8_lossy(&read), POST, "actix sees nothing of the refused request, then the end");
    let body = r#"{"status":414,"message":"The request target is longer than 65534 bytes"}"#;
    let written = String::from_utf8_lossy(&io.get_ref().written).into_owned();
    assert_eq!(
        written,
        format!(
            "HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\nHTTP/1.1 414 URI Too Long\r\ncontent-type: application/json\r\n\
             content-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        )
    );
    assert!(io.get_ref().shut && io.get_ref().reads.is_empty(), "closed, after reading what the client still sent");
    // Nothing written after the answer reaches the client.
    poll_fn(|cx| Pin::new(&mut io).poll_write(cx, b"late")).await.expect("write");
    assert_eq!(io.get_ref().written.len(), written.len());
}

#[actix_web::test]
async fn actix_is_handed_what_the_state_machine_decides() {
    let mut rng = fastrand::Rng::with_seed(11);
    for _ in 0..2_000 {
        let input = super::tests::soup(&mut rng);
        let piece = rng.usize(1..=input.len().max(1));
        let (expected, refusal) = super::tests::run(&input, piece);
        let mut io = FrontIo::new(Script::new(&input, piece), default_renderer());
        let read = read_all(&mut io, 64 * 1024).await;
        poll_fn(|cx| Pin::new(&mut io).poll_shutdown(cx)).await.expect("shutdown");
        assert_eq!(read, expected, "{:?} in pieces of {piece}", String::from_utf8_lossy(&input));
        assert_eq!(refusal.is_some(), !io.get_ref().written.is_empty());
    }
}

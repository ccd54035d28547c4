//! `core::stream`: an answer written in chunks from the blocking pool, gzip-compressed when the
//! client accepts it.

use std::io::{Read, Write};
use std::net::TcpStream;

use super::probe::shared_probe;

/// `GET path` with `headers` on a connection of its own, read to its end: the head (lower
/// case) and the body as sent, undone from chunked transfer coding but not from gzip.
fn raw_get(path: &str, headers: &str) -> (String, Vec<u8>) {
    let base = shared_probe();
    let mut stream = TcpStream::connect(base.trim_start_matches("http://")).expect("connect");
    write!(stream, "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n{headers}\r\n").unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).unwrap();
    let split = answer.windows(4).position(|w| w == b"\r\n\r\n").expect("a head");
    let head = String::from_utf8_lossy(&answer[..split]).to_lowercase();
    let mut rest = &answer[split + 4..];
    if !head.contains("transfer-encoding: chunked") {
        return (head, rest.to_vec());
    }
    let mut body = Vec::new();
    loop {
        let line_end = rest.windows(2).position(|w| w == b"\r\n").expect("a chunk size");
        let size = usize::from_str_radix(std::str::from_utf8(&rest[..line_end]).unwrap().trim(), 16).expect("hex size");
        rest = &rest[line_end + 2..];
        if size == 0 {
            return (head, body);
        }
        body.extend_from_slice(&rest[..size]);
        rest = &rest[size + 2..];
    }
}

fn expected_csv(rows: u32) -> String {
    let mut csv = String::from("n,note\n");
    for n in 0..rows {
        csv.push_str(&format!("{n},note number {n}\n"));
    }
    csv
}

#[test]
fn a_streamed_answer_holds_every_row() {
    let (head, body) = raw_get("/probe/export?rows=100000", "");
    assert!(head.starts_with("http/1.0 200") || head.starts_with("http/1.1 200"), "{head}");
    assert!(head.contains("content-type: text/csv"), "{head}");
    assert!(!head.contains("content-encoding"), "{head}");
    assert!(String::from_utf8(body).unwrap() == expected_csv(100_000), "the rows differ");
}

#[test]
fn a_streamed_answer_is_gzip_compressed_when_the_client_accepts_it() {
    let (head, body) = raw_get("/probe/export?rows=50000", "Accept-Encoding: deflate, gzip\r\n");
    assert!(head.contains("content-encoding: gzip"), "{head}");
    assert!(head.contains("vary: accept-encoding"), "{head}");
    let mut text = String::new();
    flate2::read::GzDecoder::new(body.as_slice()).read_to_string(&mut text).expect("gzip");
    assert!(text == expected_csv(50_000), "the rows differ");
    let (head, _) = raw_get("/probe/export?rows=1", "Accept-Encoding: gzip;q=0\r\n");
    assert!(!head.contains("content-encoding"), "{head}");
}

#[test]
fn an_empty_stream_is_an_empty_body() {
    let (_, body) = raw_get("/probe/export?rows=0", "");
    assert_eq!(String::from_utf8(body).unwrap(), "n,note\n");
}

//! The state machine on whole conversations, each cut into reads of every size from one byte up.

use super::*;

/// What actix would be handed of `input` read `size` bytes at a time, and the refusal, if any.
pub(super) fn run(input: &[u8], size: usize) -> (Vec<u8>, Option<Refusal>) {
    let mut front = Front::new();
    let (mut out, mut held) = (Vec::new(), Vec::new());
    for piece in input.chunks(size) {
        held.extend_from_slice(piece);
        while !held.is_empty() {
            match front.feed(&held) {
                Step::Forward(n) => {
                    assert!(n > 0 && n <= held.len());
                    out.extend(held.drain(..n));
                }
                Step::Replace { consumed, head } => {
                    held.drain(..consumed);
                    out.extend(head);
                }
                Step::NeedMore => break,
                Step::Refuse(refusal) => return (out, Some(refusal)),
            }
        }
    }
    (out, None)
}

/// `run` at every read size gives the same answer, which is returned.
fn through(input: &[u8]) -> (Vec<u8>, Option<Refusal>) {
    let whole = run(input, input.len().max(1));
    for size in [1, 2, 3, 5, 64, 4096] {
        assert_eq!(run(input, size), whole, "reads of {size} bytes");
    }
    whole
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

const GET: &str = "GET /livingmetrics/v1/contacts/1 HTTP/1.1\r\nHost: localhost\r\nX-Api-Key: k\r\n\r\n";

#[test]
fn a_plain_get_is_handed_on_whole_as_it_is() {
    assert_eq!(Front::new().feed(GET.as_bytes()), Step::Forward(GET.len()));
    assert_eq!(through(GET.as_bytes()), (GET.as_bytes().to_vec(), None));
    let twice = format!("{GET}{GET}");
    assert_eq!(through(twice.as_bytes()), (twice.into_bytes(), None));
}

#[test]
fn raw_quotes_in_the_query_are_percent_encoded() {
    let input = "GET /livingmetrics/v1/contacts?crm_ids=[\"crm_id_1\",\"crm_id_2\"] HTTP/1.1\r\nHost: h\r\n\r\n";
    let (out, refusal) = through(input.as_bytes());
    assert_eq!(refusal, None);
    assert_eq!(text(&out), "GET /livingmetrics/v1/contacts?crm_ids=[%22crm_id_1%22,%22crm_id_2%22] HTTP/1.1\r\nHost: h\r\n\r\n");
}

#[test]
fn non_ascii_bytes_are_percent_encoded() {
    let input = "GET /liondesk/contacts?q=Jos\u{e9}&n=\u{1F600}<> HTTP/1.1\nHost: h\n\n";
    let (out, _) = through(input.as_bytes());
    assert_eq!(text(&out), "GET /liondesk/contacts?q=Jos%C3%A9&n=%F0%9F%98%80%3C%3E HTTP/1.1\nHost: h\n\n");
    // Bytes that are not UTF-8 at all are carried the same way.
    let (out, _) = through(b"GET /a?b=\xff\xfe HTTP/1.1\r\nHost: h\r\n\r\n");
    assert_eq!(text(&out), "GET /a?b=%FF%FE HTTP/1.1\r\nHost: h\r\n\r\n");
}

#[test]
fn a_content_length_body_is_passed_as_it_is_then_the_next_request_is_read() {
    let body = "GET /\"looks like a head\" HTTP/1.1\r\n\r\n";
    let input = format!(
        "POST /liondesk/contacts HTTP/1.1\r\nHost: h\r\ncontent-LENGTH: {}\r\n\r\n{body}GET /x?q=\"1\" HTTP/1.1\r\nHost: h\r\n\r\n",
        body.len()
    );
    let expected = input.replace("?q=\"1\"", "?q=%221%22");
    assert_eq!(through(input.as_bytes()), (expected.into_bytes(), None));
}

#[test]
fn a_chunked_body_with_extensions_and_trailers_then_the_next_request() {
    let body = "4;ext=\"a b\"\r\n\"x\"\n\r\nC \r\nGET /\"y\"\r\n\r\n\r\n0;last\r\nX-Sum: \"1\"\r\n\r\n";
    let input = format!(
        "POST /a HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: Chunked\r\n\r\n{body}\r\nGET /b?q=\"2\" HTTP/1.1\r\nHost: h\r\n\r\n"
    );
    let expected = input.replace("?q=\"2\"", "?q=%222%22");
    assert_eq!(through(input.as_bytes()), (expected.into_bytes(), None));
}

#[test]
fn a_target_longer_than_the_uri_limit_is_a_414() {
    let long =
        format!("GET /livingmetrics/v1/contacts?q={} HTTP/1.1\r\nHost: livingmetrics.localhost\r\n\r\n", "a".repeat(70_000));
    let (out, refusal) = through(long.as_bytes());
    assert!(out.is_empty());
    let refusal = refusal.expect("refused");
    assert_eq!(refusal.reason, Reason::TargetTooLong);
    assert_eq!(refusal.reason.status().as_u16(), 414);
    assert_eq!((refusal.method.as_deref(), refusal.path.as_deref()), (Some("GET"), Some("/livingmetrics/v1/contacts")));
    assert_eq!(refusal.host.as_deref(), Some("livingmetrics.localhost"));
    // At the limit it passes; repairs count: 30,000 quotes become 90,000 bytes.
    let at_limit = format!("GET /{} HTTP/1.1\r\nHost: h\r\n\r\n", "a".repeat(MAX_TARGET - 1));
    assert_eq!(through(at_limit.as_bytes()).1, None);
    let quoted = format!("GET /x?q={} HTTP/1.1\r\nHost: h\r\n\r\n", "\"".repeat(30_000));
    assert_eq!(through(quoted.as_bytes()).1.map(|r| r.reason), Some(Reason::TargetTooLong));
    // A request line that fills the head limit without ending.
    let endless = format!("GET /liondesk/{}", "b".repeat(MAX_HEAD));
    let refusal = through(endless.as_bytes()).1.expect("refused");
    assert_eq!((refusal.reason, refusal.path.map(|p| p.len())), (Reason::TargetTooLong, Some(MAX_REFUSAL_PATH)));
}

#[test]
fn a_head_larger_than_actix_reads_is_a_431() {
    let big = format!("GET /leadconnector/contacts/ HTTP/1.1\r\nHost: h\r\nCookie: {}\r\n\r\n", "c".repeat(140_000));
    let (out, refusal) = through(big.as_bytes());
    let refusal = refusal.expect("refused");
    assert_eq!((out.len(), refusal.reason, refusal.reason.status().as_u16()), (0, Reason::HeadTooLarge, 431));
    assert_eq!((refusal.path.as_deref(), refusal.host.as_deref()), (Some("/leadconnector/contacts/"), Some("h")));
    // A head just within the limit is handed on.
    let head = "GET / HTTP/1.1\r\nHost: h\r\nX: \r\n\r\n";
    let fits = head.replace("X: ", &format!("X: {}", "x".repeat(MAX_HEAD - head.len())));
    assert_eq!(fits.len(), MAX_HEAD);
    assert_eq!(through(fits.as_bytes()), (fits.into_bytes(), None));
    // So is a 97th header field not.
    let many = format!("GET / HTTP/1.1\r\nHost: h\r\n{}\r\n", "X: 1\r\n".repeat(MAX_HEADERS));
    assert_eq!(through(many.as_bytes()).1.map(|r| r.reason), Some(Reason::TooManyHeaders));
}

#[test]
fn a_request_split_into_one_byte_reads_is_read_whole_once() {
    let input = format!("GET /a?q=\"1\" HTTP/1.1\r\nHost: h\r\n\r\n{GET}");
    let expected = input.replace('"', "%22");
    assert_eq!(run(input.as_bytes(), 1), (expected.into_bytes(), None));
    // The bytes of a head are only searched once however it arrives.
    let mut front = Front::new();
    let mut held = Vec::new();
    for &b in GET.as_bytes() {
        held.push(b);
        let step = front.feed(&held);
        assert_eq!(step, if held.len() == GET.len() { Step::Forward(GET.len()) } else { Step::NeedMore });
    }
}

#[test]
fn a_malformed_request_line_is_a_400() {
    for line in [
        "GET /a b HTTP/1.1",
        "GET  /a HTTP/1.1",
        "GET /a HTTP/2.0",
        "GET /a\x01 HTTP/1.1",
        "GET /a\tb HTTP/1.1",
        "G(T /a HTTP/1.1",
        "GET",
        "PRI * HTTP/2.0",
    ] {
        let input = format!("{line}\r\nHost: h\r\n\r\n");
        for size in [1, 4, input.len()] {
            // A method that is not one is refused as soon as it is seen, the rest at the head's end.
            let (out, refusal) = run(input.as_bytes(), size);
            assert!(out.is_empty(), "{line:?}");
            assert_eq!(refusal.map(|r| (r.reason, r.reason.status().as_u16())), Some((Reason::BadRequestLine, 400)), "{line:?}");
        }
    }
    // Bytes that cannot begin a request are refused at once, not after a head that never ends.
    assert_eq!(run(b"\x16\x03\x01\x02\x00", 5).1.map(|r| r.reason), Some(Reason::BadRequestLine));
    assert_eq!(run(b"\r\r\n", 3).1.map(|r| r.reason), Some(Reason::BadRequestLine));
}

#[test]
fn empty_lines_before_a_request_line_are_kept_with_it() {
    let input = format!("{GET}\r\n\r\n\nGET /?q=\"\" HTTP/1.1\r\nHost: h\r\n\r\n");
    let expected = input.replace("\"\"", "%22%22");
    assert_eq!(through(input.as_bytes()), (expected.into_bytes(), None));
}

/// After `head`, nothing on the connection is repaired any more: actix answers as it always did.
fn passes_through_after(head: &str) {
    let input = format!("{head}\r\nGET /x?q=\"1\" HTTP/1.1\r\nHost: h\r\n\r\n");
    assert_eq!(through(input.as_bytes()), (input.clone().into_bytes(), None), "{head:?}");
    let mut front = Front::new();
    assert_eq!(front.feed(input.as_bytes()), Step::Forward(head.len() + 2));
    assert!(front.is_passthrough(), "{head:?}");
}

#[test]
fn unclear_framing_passes_the_rest_of_the_connection_through() {
    for head in [
        "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n",
        "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nContent-Length: 3\r\n",
        "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: +3\r\n",
        "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip, chunked\r\n",
        "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n",
        "GET / HTTP/1.1\r\nHost: h\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n",
        "CONNECT h:443 HTTP/1.1\r\nHost: h:443\r\n",
        "GET / HTTP/1.1\r\nHost: h\r\nno colon here\r\n",
    ] {
        passes_through_after(head);
    }
    // A chunk size line that is not one.
    let input = "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nGET /?q=\"\" HTTP/1.1\r\n\r\n";
    assert_eq!(through(input.as_bytes()), (input.as_bytes().to_vec(), None));
}

#[test]
fn a_refusal_is_a_complete_json_response_that_closes() {
    let refusal = Refusal { reason: Reason::TargetTooLong, method: Some("GET".into()), path: None, host: None };
    let answer = text(&response(&refusal, &default_renderer()));
    let body = r#"{"status":414,"message":"The request target is longer than 65534 bytes"}"#;
    assert_eq!(
        answer,
        format!(
            "HTTP/1.1 414 URI Too Long\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        )
    );
    let head = Refusal { method: Some("HEAD".into()), ..refusal };
    assert!(text(&response(&head, &default_renderer())).ends_with("connection: close\r\n\r\n"));
}

/// Random conversations made of the pieces requests are made of, well formed or not.
pub(super) fn soup(rng: &mut fastrand::Rng) -> Vec<u8> {
    const PIECES: &[&[u8]] = &[
        b"GET ",
        b"POST ",
        b"CONNECT ",
        b"G(T ",
        b" ",
        b"/",
        b"/a",
        b"?",
        b"#",
        b"\"",
        b"<",
        b"`",
        "\u{e9}".as_bytes(),
        b"\xff",
        b"\x00",
        b"\r\n",
        b"\n",
        b"\r",
        b"\r\n\r\n",
        b" HTTP/1.1\r\n",
        b" HTTP/1.0\n",
        b"Host: h\r\n",
        b"Content-Length: 5\r\n",
        b"Content-Length: 99999999999999999999\r\n",
        b"Transfer-Encoding: chunked\r\n",
        b"Upgrade: x\r\n",
        b"X\r\n",
        b"5\r\n",
        b"0\r\n",
        b"f;e\r\n",
        b"abcde",
        b":",
        b";",
    ];
    let mut out = Vec::new();
    for _ in 0..rng.usize(0..80) {
        if rng.u8(..) < 8 {
            out.extend_from_slice(b"GET /x?q=\"1\" HTTP/1.1\r\nHost: h\r\n\r\n");
        } else {
            out.extend_from_slice(PIECES[rng.usize(..PIECES.len())]);
        }
    }
    out
}

#[test]
fn no_input_makes_it_panic_or_hand_on_more_than_it_has() {
    let mut rng = fastrand::Rng::with_seed(7);
    for _ in 0..20_000 {
        let input = soup(&mut rng);
        let (out, refusal) = run(&input, rng.usize(1..=input.len().max(1)));
        assert!(out.len() <= input.len() * 3, "{:?}", String::from_utf8_lossy(&input));
        if let Some(refusal) = refusal {
            let _ = response(&refusal, &default_renderer());
        }
    }
}

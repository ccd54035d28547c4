//! The front layer, over raw TCP as curl and other clients send it: raw quotes in a query reach
//! the vendor, a target or a head too large is refused in the error shape of the vendor it was
//! for (the admin API's when it was for none) and the connection closed, and a keep-alive
//! connection carries a body and the request after it untouched.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use serde_json::{Value, json};

use crate::helpers::{TestTenant, send, shared_url, url};

const DEMO_KEY: &str = "demo1-lmapi-key00-00001";

/// A response read off a raw connection.
#[derive(Debug)]
struct Raw {
    status: u16,
    /// The head, header names lowercased.
    head: String,
    body: Value,
}

fn connect() -> TcpStream {
    let stream = TcpStream::connect(shared_url().trim_start_matches("http://")).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(10))).expect("timeout");
    stream
}

/// Reads one response (a head, then `content-length` bytes) from `stream`; `buf` keeps what was
/// read past it.
fn read_response(stream: &mut TcpStream, buf: &mut Vec<u8>) -> Raw {
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        let n = stream.read(&mut chunk).expect("read a response head");
        assert!(n > 0, "the connection closed before a response: {:?}", String::from_utf8_lossy(buf));
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_ascii_lowercase();
    let status = head.get(9..12).and_then(|s| s.parse().ok()).expect("a status line");
    let length: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .map(|v| v.trim().parse().expect("a length"))
        .unwrap_or_else(|| panic!("no content-length in {head}"));
    while buf.len() < head_end + length {
        let n = stream.read(&mut chunk).expect("read a response body");
        assert!(n > 0, "the connection closed in a response body");
        buf.extend_from_slice(&chunk[..n]);
    }
    let body = serde_json::from_slice(&buf[head_end..head_end + length]).unwrap_or(Value::Null);
    buf.drain(..head_end + length);
    Raw { status, head, body }
}

/// Whether the server closes `stream` with nothing more to say.
fn closes(stream: &mut TcpStream, buf: &[u8]) -> bool {
    let mut rest = [0u8; 64];
    buf.is_empty() && matches!(stream.read(&mut rest), Ok(0))
}

/// Sends `request` on a connection of its own (write errors aside: the server may close while
/// it is still being sent) and reads one response.
fn exchange(request: &[u8]) -> (Raw, TcpStream, Vec<u8>) {
    let mut stream = connect();
    let _ = stream.write_all(request);
    let mut buf = Vec::new();
    let raw = read_response(&mut stream, &mut buf);
    (raw, stream, buf)
}

#[test]
fn the_documented_crm_ids_example_with_raw_quotes_is_answered() {
    for crm_ids in [r#"["crm_id_1","crm_id_2"]"#, r#"["00Q8d00000Xk2LmEAJ","4821"]"#] {
        let path = format!("/livingmetrics/v1/contacts?crm_ids={crm_ids}");
        let request = format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nX-Api-Key: {DEMO_KEY}\r\nConnection: close\r\n\r\n");

        let (raw, mut stream, buf) = exchange(request.as_bytes());

        assert_eq!(raw.status, 200, "{raw:?}");
        let encoded = send("GET", &url(&path.replace('"', "%22")), &[("X-Api-Key", DEMO_KEY)], None);
        assert_eq!((raw.body, encoded.status), (encoded.body, 200), "the same answer as the percent-encoded request");
        assert!(closes(&mut stream, &buf));
    }
    let (raw, ..) = exchange(
        format!("GET /livingmetrics/v1/contacts?crm_ids=[\"4821\"] HTTP/1.1\r\nHost: x\r\nX-Api-Key: {DEMO_KEY}\r\n\r\n")
            .as_bytes(),
    );
    assert_eq!(raw.body["total"], json!(1), "{raw:?}");
}

/// A refusal: its status, the JSON `body`, `connection: close`, then the end.
fn assert_refused(request: &[u8], status: u16, body: Value) {
    let (raw, mut stream, buf) = exchange(request);
    assert_eq!((raw.status, &raw.body), (status, &body), "{}", raw.head);
    assert!(
        raw.head.contains("\r\nconnection: close\r\n") && raw.head.contains("\r\ncontent-type: application/json\r\n"),
        "{}",
        raw.head
    );
    assert!(closes(&mut stream, &buf), "the connection is closed after a refusal");
}

#[test]
fn a_target_longer_than_65534_bytes_is_a_414_with_a_body() {
    let request = format!(
        "GET /livingmetrics/v1/contacts?search_term={} HTTP/1.1\r\nHost: localhost\r\nX-Api-Key: {DEMO_KEY}\r\n\r\n",
        "a".repeat(70 * 1024)
    );
    let message = "The request target is longer than 65534 bytes";
    assert_refused(request.as_bytes(), 414, json!({"error": {"code": 414, "message": message}}));
}

#[test]
fn a_head_larger_than_131072_bytes_is_a_431_with_a_body() {
    let request = format!("GET /liondesk/contacts HTTP/1.1\r\nHost: localhost\r\nX-Big: {}\r\n\r\n", "b".repeat(140 * 1024));
    let message = "The request header fields are larger than 131072 bytes";
    let feathers = json!({"name": "GeneralError", "message": message, "code": 431, "className": "general-error", "errors": {}});
    assert_refused(request.as_bytes(), 431, feathers);
}

#[test]
fn a_refusal_on_a_vendor_host_is_in_that_vendors_shape() {
    let request = format!("GET /contacts/?q={} HTTP/1.1\r\nHost: LeadConnector.localhost:4010\r\n\r\n", "q".repeat(66_000));
    let message = "The request target is longer than 65534 bytes";
    assert_refused(request.as_bytes(), 414, json!({"statusCode": 414, "message": message}));
}

#[test]
fn a_malformed_request_line_is_a_400_in_its_vendors_shape_or_else_the_admin_one() {
    let body = json!({"status": 400, "message": "The request line is malformed"});
    assert_refused(b"GET /a\x01b HTTP/1.1\r\nHost: localhost\r\n\r\n", 400, body);
    let body = json!({"code": 400, "message": "The request line is malformed"});
    assert_refused(b"GET /livevox/contact/v6.0/contacts?x=\x7f HTTP/1.1\r\nHost: localhost\r\n\r\n", 400, body);
}

#[test]
fn a_keep_alive_connection_carries_a_body_then_the_next_request() {
    let tenant = TestTenant::new();
    let key = tenant.credentials["livingmetrics"]["api_key"].as_str().expect("key").to_owned();
    // A body that looks like a request head with raw quotes: it must arrive as it was sent.
    let name = "GET /x?q=\"1\" HTTP/1.1\r\n\r\n";
    let contact = |id: i64| {
        json!([{"id": id, "first_name": name, "crm_ids": [{"crm_type": "salesforce", "crm_object_type": "Lead", "crm_id": "crm_id_1"}]}])
            .to_string()
    };
    let arrange = |framing: &str, body: &str| {
        format!(
            "POST /__admin/tenants/{}/livingmetrics/contacts HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n{framing}\r\n\r\n{body}",
            tenant.id
        )
    };
    let list = |close: &str| {
        format!(
            "GET /livingmetrics/v1/contacts?crm_ids=[\"crm_id_1\"] HTTP/1.1\r\nHost: localhost\r\nX-Api-Key: {key}\r\n{close}\r\n"
        )
    };
    let mut stream = connect();
    let mut buf = Vec::new();

    // One request after the other on the connection…
    let body = contact(1);
    stream.write_all(arrange(&format!("Content-Length: {}", body.len()), &body).as_bytes()).expect("write");
    let arranged = read_response(&mut stream, &mut buf);
    stream.write_all(list("").as_bytes()).expect("write");
    let listed = read_response(&mut stream, &mut buf);
    // …then a chunked body and the next request in one write.
    let body = contact(2);
    let chunked = format!("{:x};ext\r\n{body}\r\n0\r\nX-Trailer: \"t\"\r\n\r\n", body.len());
    let pipelined = arrange("Transfer-Encoding: chunked", &chunked) + &list("Connection: close\r\n");
    stream.write_all(pipelined.as_bytes()).expect("write");
    let rearranged = read_response(&mut stream, &mut buf);
    let relisted = read_response(&mut stream, &mut buf);

    assert_eq!((arranged.status, &arranged.body["ids"]), (201, &json!([1])), "{arranged:?}");
    assert_eq!((listed.status, &listed.body["data"][0]["first_name"]), (200, &json!(name)), "{listed:?}");
    assert!(!listed.head.contains("connection: close"), "{}", listed.head);
    assert_eq!((rearranged.status, &rearranged.body["ids"]), (201, &json!([2])), "{rearranged:?}");
    let names: Vec<&Value> = relisted.body["data"].as_array().expect("data").iter().map(|c| &c["first_name"]).collect();
    assert_eq!((relisted.status, names), (200, vec![&json!(name), &json!(name)]), "{relisted:?}");
    assert!(closes(&mut stream, &buf));
}

#[test]
fn a_refusal_on_a_vendors_own_port_is_in_that_vendors_shape() {
    let app = crate::helpers::spawn_with(crm_mock::Config {
        port: 0,
        workers: 1,
        vendor_ports: vec![("liondesk".into(), 0)],
        ..crm_mock::Config::default()
    });
    let own = app.server.vendor_url("liondesk").expect("the LionDesk port").trim_start_matches("http://").to_owned();
    let mut stream = TcpStream::connect(own).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(10))).expect("timeout");
    let _ = stream.write_all(b"GET /livingmetrics/\x00 HTTP/1.1\r\nHost: localhost\r\n\r\n");
    let raw = read_response(&mut stream, &mut Vec::new());
    let message = "The request line is malformed";
    let feathers = json!({"name": "BadRequest", "message": message, "code": 400, "className": "bad-request", "errors": {}});
    assert_eq!((raw.status, raw.body), (400, feathers));
}

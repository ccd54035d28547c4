//! A webhook receiver for the tests: an HTTP listener on a free local port that records every
//! request it gets and answers each with the next status of its script (200 once the script is
//! used up), and the checks a real receiver makes: the `x-wh-signature` of each body verified
//! against the public key the emulator publishes.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use rsa::RsaPublicKey;
use rsa::pkcs1v15::{Signature, VerifyingKey};
use rsa::pkcs8::DecodePublicKey;
use rsa::signature::Verifier;
use serde_json::Value;
use sha2::Sha256;

use crate::helpers::get;

/// One request the receiver got.
#[derive(Debug, Clone)]
pub struct Received {
    pub method: String,
    pub path: String,
    /// Header names in lowercase.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Received {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).expect("a JSON body")
    }
}

pub struct Receiver {
    pub url: String,
    received: Arc<Mutex<Vec<Received>>>,
}

impl Receiver {
    /// A receiver at `http://127.0.0.1:PORT/hooks` that answers `script` in order, then 200.
    pub fn start(script: &[u16]) -> Receiver {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
        let url = format!("http://{}/hooks", listener.local_addr().expect("address"));
        let received = Arc::new(Mutex::new(Vec::new()));
        let script: Arc<Mutex<VecDeque<u16>>> = Arc::new(Mutex::new(script.iter().copied().collect()));
        let log = received.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let Some(request) = read_request(&stream) else { continue };
                let status = script.lock().unwrap().pop_front().unwrap_or(200);
                log.lock().unwrap().push(request);
                let mut stream = stream;
                let _ = write!(stream, "HTTP/1.1 {status} Scripted\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
            }
        });
        Receiver { url, received }
    }

    /// What it got so far, oldest first.
    pub fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }

    /// Waits (polling, at most 30 s) until it has got `n` requests; answers them.
    pub fn wait_for(&self, n: usize) -> Vec<Received> {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let got = self.received();
            if got.len() >= n {
                return got;
            }
            assert!(Instant::now() < deadline, "the receiver got {} requests, not {n}", got.len());
            pause();
        }
    }
}

/// Between two polls: long enough that many tests polling at once leave the machine to the
/// servers they wait for (this measures nothing).
pub fn pause() {
    std::thread::sleep(Duration::from_millis(5));
}

fn read_request(stream: &std::net::TcpStream) -> Option<Received> {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let (method, path) = (parts.next()?.to_owned(), parts.next()?.to_owned());
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).ok()?;
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        let (name, value) = line.split_once(':')?;
        headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
    }
    let length = headers.iter().find(|(n, _)| n == "content-length").and_then(|(_, v)| v.parse().ok()).unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    Some(Received { method, path, headers, body })
}

/// A local URL that never answers: its listener hangs up on every connection without a word
/// (it keeps its port, which a freed port could not promise: another test's server may take it).
pub fn hang_up_url() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    let url = format!("http://{}/hooks", listener.local_addr().expect("address"));
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            drop(stream);
        }
    });
    url
}

/// The public key the server at `base` publishes, as its PEM.
pub fn public_key(base: &str) -> String {
    let r = get(&format!("{base}/__admin/webhooks/public-key"));
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.header("content-type"), Some("application/x-pem-file"));
    r.text
}

/// Whether `request`'s `x-wh-signature` is the RSA-SHA256 signature of its body by the key whose
/// public half is `pem`.
pub fn signed_by(request: &Received, pem: &str) -> bool {
    let key = VerifyingKey::<Sha256>::new(RsaPublicKey::from_public_key_pem(pem).expect("a PEM public key"));
    let Some(signature) = request.header("x-wh-signature").and_then(|s| STANDARD.decode(s).ok()) else {
        return false;
    };
    Signature::try_from(signature.as_slice()).is_ok_and(|s| key.verify(&request.body, &s).is_ok())
}

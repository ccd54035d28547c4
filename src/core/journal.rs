//! The request journal: a bounded in-memory ring of the vendor requests crm-mock answered and
//! what it answered, newest first, so tests can verify what their client sent and people can see
//! what went wrong. It adds no SQLite write to the hot path; the oldest entries fall off when the
//! ring is full. Bodies are kept up to `BODY_CAP`; a streamed answer's body is kept as it is sent.

use std::collections::{BTreeMap, VecDeque};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::tenant::TenantId;

/// One answered request.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    pub id: u64,
    #[serde(serialize_with = "serialize_at")]
    pub at: DateTime<Utc>,
    pub vendor: &'static str,
    pub tenant: Option<TenantId>,
    pub method: String,
    /// The path as requested (`/livingmetrics/v1/contacts`).
    pub path: String,
    /// The path relative to the vendor's base (`/v1/contacts`).
    pub vendor_path: String,
    /// The pattern of the route that answered, relative to the vendor's base
    /// (`/v1/contacts/{id}`); `None` when no route matched (the vendor's "not found").
    pub route: Option<String>,
    pub query: String,
    pub headers: BTreeMap<String, String>,
    /// The request body as text (first 64 KiB), when it had one.
    pub body: Option<String>,
    pub body_truncated: bool,
    pub status: u16,
    /// Whether a fault rule answered (or delayed) the request.
    pub fault: Option<u64>,
    /// From the request's arrival to the answer's head.
    pub duration_ms: f64,
    pub response: Response,
}

/// What was answered.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Response {
    pub status: u16,
    pub headers: BTreeMap<String, String>,
    /// The body as text (first 64 KiB; `null` when empty), and whether it was longer.
    #[serde(flatten)]
    pub body: Captured,
}

/// The start of a body, shared with the stream that is still sending it (a streamed answer's
/// entry is in the journal before its last chunk is sent).
#[derive(Debug, Clone, Default)]
pub struct Captured(Arc<Mutex<Kept>>);

#[derive(Debug, Default)]
struct Kept {
    bytes: Vec<u8>,
    truncated: bool,
}

impl Captured {
    /// Keeps what of `chunk` fits under `BODY_CAP`.
    pub fn push(&self, chunk: &[u8]) {
        let mut kept = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let room = BODY_CAP - kept.bytes.len();
        kept.bytes.extend_from_slice(&chunk[..chunk.len().min(room)]);
        kept.truncated |= chunk.len() > room;
    }

    /// The kept text (`None` when nothing was kept) and whether the body was longer.
    pub fn text(&self) -> (Option<String>, bool) {
        let kept = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let text = (!kept.bytes.is_empty()).then(|| String::from_utf8_lossy(&kept.bytes).into_owned());
        (text, kept.truncated)
    }
}

impl Serialize for Captured {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let (body, truncated) = self.text();
        let mut map = s.serialize_map(Some(2))?;
        map.serialize_entry("body", &body)?;
        map.serialize_entry("body_truncated", &truncated)?;
        map.end()
    }
}

fn serialize_at<S: serde::Serializer>(at: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&super::clock::to_rfc3339_millis(*at))
}

/// The filters of `GET /__admin/requests`; each one present must match.
#[derive(Debug, Default)]
pub struct Query {
    pub vendor: Option<String>,
    pub method: Option<String>,
    /// A glob matched against the path relative to the vendor's base or the path as requested.
    pub path: Option<glob::Pattern>,
    /// An exact status (`404`) or a class (`4xx`), as the low and high bound.
    pub status: Option<(u16, u16)>,
    pub tenant: Option<String>,
    pub since: Option<DateTime<Utc>>,
    /// Only entries recorded after the entry of this id (for polling).
    pub after: Option<u64>,
    pub limit: usize,
}

impl Query {
    fn matches(&self, e: &Entry) -> bool {
        self.vendor.as_deref().is_none_or(|v| v == e.vendor)
            && self.method.as_deref().is_none_or(|m| m.eq_ignore_ascii_case(&e.method))
            && self
                .path
                .as_ref()
                .is_none_or(|p| super::faults::path_matches(p, &e.vendor_path) || super::faults::path_matches(p, &e.path))
            && self.status.is_none_or(|(lo, hi)| (lo..=hi).contains(&e.status))
            && self.tenant.as_deref().is_none_or(|t| e.tenant.as_ref().is_some_and(|id| id.as_str() == t))
            && self.since.is_none_or(|since| e.at >= since)
            && self.after.is_none_or(|after| e.id > after)
    }
}

pub const BODY_CAP: usize = 64 * 1024;

/// The ring itself.
#[derive(Debug)]
pub struct Journal {
    capacity: usize,
    inner: Mutex<Ring>,
}

#[derive(Debug, Default)]
struct Ring {
    next_id: u64,
    entries: VecDeque<Entry>,
}

impl Journal {
    pub fn new(capacity: usize) -> Journal {
        Journal { capacity, inner: Mutex::new(Ring::default()) }
    }

    pub fn enabled(&self) -> bool {
        self.capacity > 0
    }

    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// Adds `entry` (its id is assigned here).
    pub fn record(&self, mut entry: Entry) {
        if self.capacity == 0 {
            return;
        }
        let mut ring = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        ring.next_id += 1;
        entry.id = ring.next_id;
        if ring.entries.len() == self.capacity {
            ring.entries.pop_back();
        }
        ring.entries.push_front(entry);
    }

    /// Matching entries, newest first, at most `query.limit`; and how many matched in all.
    pub fn find(&self, query: &Query) -> (Vec<Entry>, usize) {
        let ring = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let mut total = 0;
        let mut out = Vec::new();
        for entry in ring.entries.iter().filter(|e| query.matches(e)) {
            total += 1;
            if out.len() < query.limit {
                out.push(entry.clone());
            }
        }
        (out, total)
    }

    pub fn clear(&self) {
        self.inner.lock().unwrap_or_else(|e| e.into_inner()).entries.clear();
    }
}

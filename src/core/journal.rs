//! The request journal: a bounded in-memory ring of the vendor requests crm-mock answered and
//! what it answered, newest first, so tests can verify what their client sent and people can see
//! what went wrong. It adds no SQLite write to the hot path; the oldest entries fall off when the
//! ring is full. Bodies are kept up to `BODY_CAP` each; a streamed answer's body is kept as it
//! is sent. Past `BODIES_BUDGET` of bodies in all, the oldest entries give theirs up (marked
//! truncated) and stay listed, so a count of calls stays exact while memory stays bounded.

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
    /// The request body as text (first 64 KiB; `null` when none), and whether it was longer.
    #[serde(flatten)]
    pub body: Captured,
    pub status: u16,
    /// Whether a fault rule answered (or delayed) the request.
    pub fault: Option<u64>,
    /// From the request's arrival to the answer's head.
    pub duration_ms: f64,
    pub response: Response,
    /// The body bytes this entry counts against the journal's budget (set when recorded).
    #[serde(skip)]
    pub(crate) counted: usize,
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

/// The start of a body (a request's or an answer's), shared with the stream that is still
/// sending it (a streamed answer's entry is in the journal before its last chunk is sent).
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

    /// How many bytes are kept.
    pub(crate) fn len(&self) -> usize {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).bytes.len()
    }

    /// Whether the body was longer than what is kept (nothing more will be).
    pub(crate) fn is_full(&self) -> bool {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).truncated
    }

    /// Gives the kept bytes up (the body is then marked truncated).
    pub fn clear(&self) {
        let mut kept = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if !kept.bytes.is_empty() {
            kept.bytes = Vec::new();
            kept.truncated = true;
        }
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

/// The most body bytes (requests' and answers') the journal keeps in all.
pub const BODIES_BUDGET: usize = 16 * 1024 * 1024;

/// The ring itself.
#[derive(Debug)]
pub struct Journal {
    capacity: usize,
    budget: usize,
    inner: Mutex<Ring>,
}

#[derive(Debug, Default)]
struct Ring {
    next_id: u64,
    entries: VecDeque<Entry>,
    /// The body bytes the entries hold (their `counted` sizes).
    kept: usize,
    /// How many of the oldest entries hold no body bytes (given up, or never had any), so a
    /// fit starts past them.
    bare: usize,
}

impl Ring {
    /// Takes the oldest entries' bodies until the rest fit in `budget`.
    fn fit(&mut self, budget: usize) {
        for entry in self.entries.iter_mut().rev().skip(self.bare) {
            if self.kept <= budget {
                break;
            }
            self.kept -= entry.counted;
            entry.counted = 0;
            entry.body.clear();
            entry.response.body.clear();
            self.bare += 1;
        }
    }
}

impl Journal {
    pub fn new(capacity: usize) -> Journal {
        Journal::with_budget(capacity, BODIES_BUDGET)
    }

    /// A journal keeping at most `budget` body bytes in all.
    pub fn with_budget(capacity: usize, budget: usize) -> Journal {
        Journal { capacity, budget, inner: Mutex::new(Ring::default()) }
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
        entry.counted = entry.body.len() + entry.response.body.len();
        let mut ring = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        ring.next_id += 1;
        entry.id = ring.next_id;
        if ring.entries.len() == self.capacity
            && let Some(oldest) = ring.entries.pop_back()
        {
            ring.kept -= oldest.counted;
            ring.bare = ring.bare.saturating_sub(1);
        }
        ring.kept += entry.counted;
        ring.entries.push_front(entry);
        ring.fit(self.budget);
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
        let mut ring = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        ring.entries.clear();
        ring.kept = 0;
        ring.bare = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(body: &str, answer: &str) -> Entry {
        let response = Response::default();
        response.body.push(answer.as_bytes());
        let request = Captured::default();
        request.push(body.as_bytes());
        Entry {
            id: 0,
            at: DateTime::<Utc>::MIN_UTC,
            vendor: "v",
            tenant: None,
            method: "GET".into(),
            path: "/".into(),
            vendor_path: "/".into(),
            route: None,
            query: String::new(),
            headers: BTreeMap::new(),
            body: request,
            status: 200,
            fault: None,
            duration_ms: 0.0,
            response,
            counted: 0,
        }
    }

    /// Past the budget the oldest entries give their bodies up, marked truncated, and stay
    /// listed; entries that leave the ring give their bytes back.
    #[test]
    fn bodies_past_the_budget_go_from_the_oldest_entries_which_stay_listed() {
        let journal = Journal::with_budget(3, 100);
        for i in 0..3 {
            journal.record(entry(&format!("{i}").repeat(20), &"a".repeat(20)));
        }
        let all = Query { limit: 10, ..Query::default() };
        let (entries, total) = journal.find(&all);
        assert_eq!(total, 3);
        let bodies: Vec<(Option<String>, bool, Option<String>)> =
            entries.iter().map(|e| (e.body.text().0, e.body.text().1, e.response.body.text().0)).collect();
        assert_eq!(bodies[0], (Some("2".repeat(20)), false, Some("a".repeat(20))));
        assert_eq!(bodies[1], (Some("1".repeat(20)), false, Some("a".repeat(20))));
        assert_eq!(bodies[2], (None, true, None), "the oldest gave its bodies up");
        assert!(entries[2].response.body.text().1, "its answer is marked truncated");

        // The stripped entry leaves the ring; the next one over budget is the oldest left.
        journal.record(entry(&"3".repeat(20), ""));
        let (entries, _) = journal.find(&all);
        let ids: Vec<(u64, bool)> = entries.iter().map(|e| (e.id, e.body.text().0.is_some())).collect();
        assert_eq!(ids, [(4, true), (3, true), (2, true)]);
        // 2 (40 bytes) leaves; 5 brings 60: 3 (40) gives its up, 4 (20) keeps its.
        journal.record(entry(&"4".repeat(60), ""));
        let (entries, _) = journal.find(&all);
        let ids: Vec<(u64, bool)> = entries.iter().map(|e| (e.id, e.body.text().0.is_some())).collect();
        assert_eq!(ids, [(5, true), (4, true), (3, false)]);
    }
}

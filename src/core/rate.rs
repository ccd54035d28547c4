//! Rate limits: requests counted per key in fixed windows of the emulator's clock, several
//! windows at once (a burst window and a daily one). A vendor calls `RateLimits::check` from its
//! `Vendor::around` with its scope (its name), the key it limits by (a token, an app and a
//! location: opaque here) and its windows; the answer says whether the request passes and what
//! the vendor's limit headers need (each window's limit, what remains and when it resets), and,
//! when refused, the `Retry-After` seconds.
//!
//! A window starts at the key's first request after the previous one ended and lasts its length,
//! by `Clock::now`: moving the clock past the end opens a new one, and moving it back before the
//! start does too. A request passes only when every window has room, and then counts in every
//! window; a refused request counts in none. `--rate-limits off` makes `check` answer `None`:
//! nothing is counted and the vendor adds no headers. A global reset forgets every count.
//!
//! Memory is bounded: a key whose windows have all ended means nothing and is dropped when the
//! table fills; past `capacity` live keys, the least recently seen are forgotten (their counts
//! start over).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};

/// Keys kept before ended ones are dropped, and live ones past it forgotten oldest first.
const CAPACITY: usize = 100_000;

/// One window of a limit: at most `limit` requests per `length`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    pub limit: u64,
    pub length: Duration,
}

impl Window {
    pub const fn new(limit: u64, length: Duration) -> Window {
        Window { limit, length }
    }
}

/// Where one window stands once a request is decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WindowState {
    pub limit: u64,
    pub length: Duration,
    /// Requests the window still allows (this one already counted when it passed).
    pub remaining: u64,
    /// When the window ends and its count starts over.
    pub resets_at: DateTime<Utc>,
}

/// The answer to `RateLimits::check`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    /// Whether the request may pass; it was then counted in every window.
    pub allowed: bool,
    /// Each window, in the order the vendor gave them.
    pub windows: Vec<WindowState>,
    /// When refused: whole seconds, rounded up, until every full window has reset.
    pub retry_after: Option<u64>,
}

struct Count {
    start: DateTime<Utc>,
    used: u64,
}

struct Entry {
    counts: Vec<Count>,
    /// When the last of its windows ends: after it the entry means nothing.
    ends_at: DateTime<Utc>,
    last_seen: DateTime<Utc>,
}

type Key = (&'static str, String);

/// Every rate-limit count, shared through `Core::rate`.
pub struct RateLimits {
    enabled: bool,
    capacity: usize,
    entries: Mutex<HashMap<Key, Entry>>,
}

impl RateLimits {
    /// Counting when `enabled` (`--rate-limits on`), inert otherwise.
    pub fn new(enabled: bool) -> RateLimits {
        RateLimits::with_capacity(enabled, CAPACITY)
    }

    /// Like `new`, keeping at most `capacity` keys (at least 4).
    pub fn with_capacity(enabled: bool, capacity: usize) -> RateLimits {
        RateLimits { enabled, capacity: capacity.max(4), entries: Mutex::new(HashMap::new()) }
    }

    /// Whether limits are on (`--rate-limits`).
    pub fn enabled(&self) -> bool {
        self.enabled
    }

    /// Decides a request of `key` (within the vendor's `scope`) at `now` against `windows`, and
    /// counts it when it passes. `None` when limits are off.
    pub fn check(&self, scope: &'static str, key: &str, windows: &[Window], now: DateTime<Utc>) -> Option<Decision> {
        if !self.enabled {
            return None;
        }
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        let id = (scope, key.to_owned());
        if !entries.contains_key(&id) && entries.len() >= self.capacity {
            self.make_room(&mut entries, now);
        }
        let entry = entries.entry(id).or_insert_with(|| Entry { counts: Vec::new(), ends_at: now, last_seen: now });
        if entry.counts.len() != windows.len() {
            entry.counts = windows.iter().map(|_| Count { start: now, used: 0 }).collect();
        }
        for (count, window) in entry.counts.iter_mut().zip(windows) {
            if now < count.start || now >= end(count.start, window.length) {
                *count = Count { start: now, used: 0 };
            }
        }
        let allowed = entry.counts.iter().zip(windows).all(|(count, window)| count.used < window.limit);
        if allowed {
            entry.counts.iter_mut().for_each(|count| count.used += 1);
        }
        entry.last_seen = now;
        entry.ends_at = entry.counts.iter().zip(windows).map(|(c, w)| end(c.start, w.length)).max().unwrap_or(now);
        let states: Vec<WindowState> = entry
            .counts
            .iter()
            .zip(windows)
            .map(|(count, window)| WindowState {
                limit: window.limit,
                length: window.length,
                remaining: window.limit.saturating_sub(count.used),
                resets_at: end(count.start, window.length),
            })
            .collect();
        let retry_after = (!allowed)
            .then(|| states.iter().filter(|s| s.remaining == 0).map(|s| seconds_until(now, s.resets_at)).max().unwrap_or(1));
        Some(Decision { allowed, windows: states, retry_after })
    }

    /// Forgets every count (a global reset).
    pub fn clear(&self) {
        self.entries.lock().unwrap_or_else(|e| e.into_inner()).clear();
    }

    /// How many keys are remembered.
    pub fn keys(&self) -> usize {
        self.entries.lock().unwrap_or_else(|e| e.into_inner()).len()
    }

    /// Drops the keys whose windows have all ended (and those last seen after `now`: the clock
    /// was moved back past them), then, if more than three quarters of the
    /// capacity are still live, forgets the least recently seen down to that (so the next
    /// sweep is a quarter of the capacity away).
    fn make_room(&self, entries: &mut HashMap<Key, Entry>, now: DateTime<Utc>) {
        entries.retain(|_, e| now < e.ends_at && e.last_seen <= now);
        let keep = self.capacity / 4 * 3;
        if entries.len() <= keep {
            return;
        }
        let mut seen: Vec<(DateTime<Utc>, Key)> = entries.iter().map(|(k, e)| (e.last_seen, k.clone())).collect();
        let excess = seen.len() - keep;
        seen.select_nth_unstable_by_key(excess - 1, |(at, _)| *at);
        for (_, key) in &seen[..excess] {
            entries.remove(key);
        }
    }
}

/// The end of a window that started at `start`.
fn end(start: DateTime<Utc>, length: Duration) -> DateTime<Utc> {
    start.checked_add_signed(TimeDelta::from_std(length).unwrap_or(TimeDelta::MAX)).unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// Whole seconds from `now` to `at`, rounded up, at least 1.
fn seconds_until(now: DateTime<Utc>, at: DateTime<Utc>) -> u64 {
    let millis = u64::try_from((at - now).num_milliseconds()).unwrap_or(0);
    millis.div_ceil(1000).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::clock::parse_instant;

    const BURST_AND_MINUTE: [Window; 2] = [Window::new(3, Duration::from_secs(10)), Window::new(5, Duration::from_secs(60))];

    fn at(text: &str) -> DateTime<Utc> {
        parse_instant(text).expect("an instant")
    }

    fn remaining(d: &Decision) -> Vec<u64> {
        d.windows.iter().map(|w| w.remaining).collect()
    }

    fn check(limits: &RateLimits, key: &str, now: DateTime<Utc>) -> Decision {
        limits.check("test", key, &BURST_AND_MINUTE, now).expect("limits are on")
    }

    #[test]
    fn every_window_counts_a_request_and_the_fullest_refuses() {
        let limits = RateLimits::new(true);
        let t0 = at("2025-03-01T12:00:00Z");
        let answers: Vec<(bool, Vec<u64>)> =
            (0..4).map(|_| check(&limits, "k", t0)).map(|d| (d.allowed, remaining(&d))).collect();
        assert_eq!(answers, [(true, vec![2, 4]), (true, vec![1, 3]), (true, vec![0, 2]), (false, vec![0, 2])]);
        let refused = check(&limits, "k", t0 + TimeDelta::milliseconds(2500));
        assert_eq!(refused.retry_after, Some(8), "7.5 s left of the burst window, rounded up");
        assert_eq!(refused.windows[0].resets_at, at("2025-03-01T12:00:10Z"));
        assert_eq!(refused.windows[1].resets_at, at("2025-03-01T12:01:00Z"));
        assert_eq!(
            refused.windows[0],
            WindowState { limit: 3, length: Duration::from_secs(10), remaining: 0, resets_at: at("2025-03-01T12:00:10Z") }
        );
    }

    #[test]
    fn a_window_opens_anew_once_the_clock_passes_its_end() {
        let limits = RateLimits::new(true);
        let t0 = at("2025-03-01T12:00:00Z");
        for _ in 0..3 {
            assert!(check(&limits, "k", t0).allowed);
        }
        let just_before = t0 + TimeDelta::milliseconds(9999);
        assert_eq!(check(&limits, "k", just_before).retry_after, Some(1));
        let next = check(&limits, "k", t0 + TimeDelta::seconds(10));
        assert_eq!((next.allowed, remaining(&next)), (true, vec![2, 1]));
        assert_eq!(next.windows[0].resets_at, at("2025-03-01T12:00:20Z"), "the new window starts at its first request");
        assert_eq!(next.windows[1].resets_at, at("2025-03-01T12:01:00Z"));
        assert!(check(&limits, "k", t0 + TimeDelta::seconds(10)).allowed);
        let minute_full = check(&limits, "k", t0 + TimeDelta::seconds(30));
        assert_eq!((minute_full.allowed, remaining(&minute_full)), (false, vec![3, 0]));
        assert_eq!(minute_full.retry_after, Some(30), "only the full window decides when to retry");
        let fresh = check(&limits, "k", t0 + TimeDelta::seconds(60));
        assert_eq!((fresh.allowed, remaining(&fresh)), (true, vec![2, 4]));
    }

    #[test]
    fn when_several_windows_are_full_the_retry_waits_for_the_last() {
        let limits = RateLimits::new(true);
        let windows = [Window::new(1, Duration::from_secs(10)), Window::new(1, Duration::from_secs(86_400))];
        let t0 = at("2025-03-01T00:00:00Z");
        assert!(limits.check("test", "k", &windows, t0).expect("on").allowed);
        let refused = limits.check("test", "k", &windows, t0 + TimeDelta::seconds(1)).expect("on");
        assert_eq!((refused.allowed, refused.retry_after), (false, Some(86_399)));
        let later = limits.check("test", "k", &windows, t0 + TimeDelta::seconds(20)).expect("on");
        assert_eq!((later.allowed, later.retry_after, later.windows[0].remaining), (false, Some(86_380), 1));
    }

    #[test]
    fn moving_the_clock_back_before_a_window_opens_a_new_one() {
        let limits = RateLimits::new(true);
        let t0 = at("2025-03-01T12:00:00Z");
        for _ in 0..3 {
            check(&limits, "k", t0);
        }
        let earlier = check(&limits, "k", t0 - TimeDelta::hours(1));
        assert_eq!((earlier.allowed, remaining(&earlier)), (true, vec![2, 4]));
    }

    #[test]
    fn keys_and_scopes_count_apart() {
        let limits = RateLimits::new(true);
        let t0 = at("2025-03-01T12:00:00Z");
        for _ in 0..3 {
            check(&limits, "a", t0);
        }
        assert!(!check(&limits, "a", t0).allowed);
        assert_eq!(remaining(&check(&limits, "b", t0)), [2, 4]);
        let other_scope = limits.check("other", "a", &BURST_AND_MINUTE, t0).expect("on");
        assert_eq!(remaining(&other_scope), [2, 4]);
    }

    #[test]
    fn off_counts_nothing_and_clear_forgets_every_count() {
        let off = RateLimits::new(false);
        assert_eq!(off.check("test", "k", &BURST_AND_MINUTE, at("2025-03-01T12:00:00Z")), None);
        assert_eq!(off.keys(), 0);
        let limits = RateLimits::new(true);
        let t0 = at("2025-03-01T12:00:00Z");
        for _ in 0..3 {
            check(&limits, "k", t0);
        }
        limits.clear();
        assert_eq!(remaining(&check(&limits, "k", t0)), [2, 4]);
    }

    #[test]
    fn ended_keys_are_dropped_and_past_capacity_the_least_recently_seen_are_forgotten() {
        let limits = RateLimits::with_capacity(true, 8);
        let t0 = at("2025-03-01T12:00:00Z");
        for n in 0..8 {
            check(&limits, &format!("old{n}"), t0);
        }
        let later = t0 + TimeDelta::seconds(61);
        check(&limits, "new", later);
        assert_eq!(limits.keys(), 1, "every old key had ended");

        let limits = RateLimits::with_capacity(true, 8);
        for n in 0..8 {
            let key = format!("k{n}");
            check(&limits, &key, t0 + TimeDelta::seconds(n));
            check(&limits, &key, t0 + TimeDelta::seconds(n));
        }
        check(&limits, "k8", t0 + TimeDelta::seconds(8));
        assert_eq!(limits.keys(), 7, "down to three quarters, then the new key");
        assert_eq!(remaining(&check(&limits, "k0", t0 + TimeDelta::seconds(9))), [2, 4], "the oldest was forgotten");
        assert_eq!(remaining(&check(&limits, "k7", t0 + TimeDelta::seconds(9))), [0, 2], "a recent one kept its count");
    }

    #[test]
    fn a_key_checked_with_other_windows_starts_over() {
        let limits = RateLimits::new(true);
        let t0 = at("2025-03-01T12:00:00Z");
        check(&limits, "k", t0);
        let one = [Window::new(2, Duration::from_secs(10))];
        let d = limits.check("test", "k", &one, t0).expect("on");
        assert_eq!(remaining(&d), [1]);
    }
}

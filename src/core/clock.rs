//! The emulator's clock. Every timestamp crm-mock writes, and every time-dependent rule (daily
//! DND expiry, token lifetimes, rate-limit windows), reads `Clock::now`. The admin API can set it,
//! freeze it or move it forward, so tests never sleep.

use std::sync::RwLock;

use chrono::{DateTime, Duration, SecondsFormat, Utc};

#[derive(Clone, Copy, Debug)]
enum Mode {
    /// Runs with the system clock, shifted by an offset.
    Running(Duration),
    /// Stands still at one instant until moved.
    Frozen(DateTime<Utc>),
}

/// The single source of time for the whole emulator.
#[derive(Debug)]
pub struct Clock {
    mode: RwLock<Mode>,
}

impl Default for Clock {
    fn default() -> Self {
        Clock { mode: RwLock::new(Mode::Running(Duration::zero())) }
    }
}

#[allow(clippy::disallowed_methods)] // the one place that reads the system time
fn system_now() -> DateTime<Utc> {
    Utc::now()
}

impl Clock {
    /// The current instant as the emulator sees it.
    pub fn now(&self) -> DateTime<Utc> {
        match *self.mode.read().unwrap_or_else(|e| e.into_inner()) {
            Mode::Running(offset) => system_now().checked_add_signed(offset).unwrap_or(DateTime::<Utc>::MAX_UTC),
            Mode::Frozen(at) => at,
        }
    }

    pub fn is_frozen(&self) -> bool {
        matches!(*self.mode.read().unwrap_or_else(|e| e.into_inner()), Mode::Frozen(_))
    }

    /// Sets the clock to `at`; it keeps running from there unless `frozen`.
    pub fn set(&self, at: DateTime<Utc>, frozen: bool) {
        let mode = if frozen { Mode::Frozen(at) } else { Mode::Running(at - system_now()) };
        *self.mode.write().unwrap_or_else(|e| e.into_inner()) = mode;
    }

    /// Moves the clock by `by` (negative moves it back), keeping it frozen or running. False,
    /// and the clock unchanged, when that would leave the years [`in_range`] allows.
    pub fn advance(&self, by: Duration) -> bool {
        let mut mode = self.mode.write().unwrap_or_else(|e| e.into_inner());
        let moved = match *mode {
            Mode::Running(offset) => offset.checked_add(&by).map(Mode::Running),
            Mode::Frozen(at) => at.checked_add_signed(by).map(Mode::Frozen),
        };
        let target = match moved {
            Some(Mode::Running(offset)) => system_now().checked_add_signed(offset),
            Some(Mode::Frozen(at)) => Some(at),
            None => None,
        };
        match (moved, target) {
            (Some(next), Some(at)) if in_range(at) => {
                *mode = next;
                true
            }
            _ => false,
        }
    }

    /// Back to the system time, running.
    pub fn reset(&self) {
        *self.mode.write().unwrap_or_else(|e| e.into_inner()) = Mode::Running(Duration::zero());
    }
}

/// Whether `at` lies in the years 1 to 9999, the instants every timestamp format renders.
pub fn in_range(at: DateTime<Utc>) -> bool {
    use chrono::Datelike;
    (1..=9999).contains(&at.year())
}

/// RFC 3339 in UTC with milliseconds, the form crm-mock stores timestamps in
/// (`2024-05-01T09:30:00.000Z`): fixed width, so text order is time order.
pub fn to_rfc3339_millis(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Parses an ISO 8601 instant: RFC 3339 with any offset, a naive date-time taken as UTC, or a
/// bare date (midnight UTC).
pub fn parse_instant(text: &str) -> Option<DateTime<Utc>> {
    if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        return Some(at.with_timezone(&Utc));
    }
    for format in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M"] {
        if let Ok(naive) = chrono::NaiveDateTime::parse_from_str(text, format) {
            return Some(naive.and_utc());
        }
    }
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").ok().and_then(|d| d.and_hms_opt(0, 0, 0)).map(|naive| naive.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frozen_clock_moves_only_when_advanced() {
        let clock = Clock::default();
        let at = parse_instant("2025-01-02T03:04:05Z").unwrap();
        clock.set(at, true);
        assert_eq!(clock.now(), at);
        clock.advance(Duration::seconds(90));
        assert_eq!(to_rfc3339_millis(clock.now()), "2025-01-02T03:05:35.000Z");
    }

    #[test]
    fn advancing_past_year_9999_leaves_the_clock_alone() {
        let clock = Clock::default();
        let at = parse_instant("9999-12-31T23:00:00Z").unwrap();
        clock.set(at, true);
        assert!(!clock.advance(Duration::hours(2)));
        assert_eq!(clock.now(), at);
        assert!(clock.advance(Duration::minutes(59)));
    }

    #[test]
    fn parse_instant_accepts_the_iso_forms_clients_send() {
        for text in ["2024-05-01T00:00:00Z", "2024-05-01T02:00:00+02:00", "2024-05-01T00:00:00", "2024-05-01"] {
            assert_eq!(parse_instant(text).map(to_rfc3339_millis).as_deref(), Some("2024-05-01T00:00:00.000Z"), "{text}");
        }
        assert_eq!(parse_instant("yesterday"), None);
    }
}

//! Dates of Bulk Contact Download: the `startDate`/`endDate` bounds on the modify date, given as
//! "CCYY-MM-DD" (a whole day of the tenant's time zone) or epoch milliseconds (a number or a
//! numeric string, as other LiveVox dates are accepted), and the days date cells are written as.

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde_json::Value;

/// One bound of the range, as sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    /// A calendar day of the tenant's time zone.
    Day(Date),
    /// An instant.
    Millis(i64),
}

impl Bound {
    /// Reads `value`; `None` when it is neither form.
    pub fn parse(value: &Value) -> Option<Bound> {
        match value {
            Value::Number(n) => n.as_i64().map(Bound::Millis),
            Value::String(s) if is_epoch_millis(s) => s.parse().ok().map(Bound::Millis),
            Value::String(s) => day(s).map(Bound::Day),
            _ => None,
        }
    }
}

/// `-?[0-9]+`.
fn is_epoch_millis(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// "CCYY-MM-DD" exactly, naming a day that exists.
fn day(s: &str) -> Option<Date> {
    let b = s.as_bytes();
    let shaped = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shaped {
        return None;
    }
    let number = |range: std::ops::Range<usize>| s[range].parse::<i16>().ok();
    Date::new(number(0..4)?, number(5..7)? as i8, number(8..10)? as i8).ok()
}

/// The modify dates a request admits, in epoch milliseconds, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range {
    pub from: i64,
    pub to: i64,
}

/// `start` and `end` (either may be absent) in the tenant's zone `tz`: a start day from its
/// first instant, an end day to its last millisecond.
pub fn range(start: Option<Bound>, end: Option<Bound>, tz: &TimeZone) -> Range {
    let from = match start {
        None => i64::MIN,
        Some(Bound::Millis(ms)) => ms,
        Some(Bound::Day(d)) => day_start(tz, d).unwrap_or(i64::MAX),
    };
    let to = match end {
        None => i64::MAX,
        Some(Bound::Millis(ms)) => ms,
        Some(Bound::Day(d)) => d.tomorrow().ok().and_then(|next| day_start(tz, next)).map_or(i64::MAX, |ms| ms - 1),
    };
    Range { from, to }
}

/// The first instant of `day` in `tz` (where a clock change skips midnight, the end of the
/// gap); `None` past the last instant time can show (year 9999).
fn day_start(tz: &TimeZone, day: Date) -> Option<i64> {
    day.to_zoned(tz.clone()).ok().map(|midnight| midnight.timestamp().as_millisecond())
}

/// Writes `ms` as the day it falls on in `tz`, `MM/DD/YYYY` as the document's example does; false
/// (and nothing written) for an instant outside the years 1 to 9999.
pub fn write_day(out: &mut String, ms: i64, tz: &TimeZone) -> bool {
    use std::fmt::Write;
    let Ok(at) = Timestamp::from_millisecond(ms) else { return false };
    let local = tz.to_datetime(at);
    if !(1..=9999).contains(&local.year()) {
        return false;
    }
    let _ = write!(out, "{:02}/{:02}/{:04}", local.month(), local.day(), local.year());
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use jiff::tz;
    use serde_json::json;

    #[test]
    fn bounds_are_a_day_or_epoch_milliseconds() {
        let cases = [
            (json!("2020-01-01"), Some(Bound::Day(date(2020, 1, 1)))),
            (json!(1577858400000_i64), Some(Bound::Millis(1577858400000))),
            (json!("1577858400000"), Some(Bound::Millis(1577858400000))),
            (json!(-5), Some(Bound::Millis(-5))),
            (json!("2020-02-29"), Some(Bound::Day(date(2020, 2, 29)))),
            (json!("0000-01-01"), Some(Bound::Day(date(0, 1, 1)))),
            (json!("2019-02-29"), None),
            (json!("2020-00-10"), None),
            (json!("2020-1-01"), None),
            (json!("2020/01/01"), None),
            (json!("2020-01-01T00:00:00Z"), None),
            (json!("+020-01-01"), None),
            (json!("99999999999999999999"), None),
            (json!(1.5), None),
            (json!(""), None),
            (json!("-"), None),
            (json!(true), None),
            (json!(null), None),
            (json!(["2020-01-01"]), None),
        ];
        for (value, expected) in cases {
            assert_eq!(Bound::parse(&value), expected, "{value}");
        }
    }

    #[test]
    fn days_are_whole_days_of_the_tenants_zone() {
        let utc = range(Some(Bound::Day(date(2020, 1, 1))), Some(Bound::Day(date(2020, 1, 1))), &TimeZone::UTC);
        assert_eq!(utc, Range { from: 1577836800000, to: 1577923199999 });
        let eastern =
            range(Some(Bound::Day(date(2020, 1, 1))), Some(Bound::Day(date(2020, 1, 13))), &tz::offset(-5).to_time_zone());
        assert_eq!(eastern, Range { from: 1577854800000, to: 1578977999999 });
    }

    #[test]
    fn milliseconds_are_taken_as_they_are_and_absent_bounds_are_open() {
        let utc = TimeZone::UTC;
        assert_eq!(range(Some(Bound::Millis(7)), None, &utc), Range { from: 7, to: i64::MAX });
        assert_eq!(range(None, Some(Bound::Millis(9)), &utc), Range { from: i64::MIN, to: 9 });
        let last = Bound::Day(date(9999, 12, 31));
        assert_eq!(range(Some(last), Some(last), &tz::offset(-5).to_time_zone()), Range { from: i64::MAX, to: i64::MAX });
    }

    #[test]
    fn a_day_that_skips_midnight_starts_when_its_clocks_start() {
        // UTC-3, then UTC-2 from the second Sunday of March, when 00:00 becomes 01:00.
        let skips = TimeZone::posix("<-03>3<-02>,M3.2.0/0,M11.1.0/1").unwrap();
        let r = range(Some(Bound::Day(date(2020, 3, 8))), Some(Bound::Day(date(2020, 3, 7))), &skips);
        // 01:00 at UTC-2 is 03:00 UTC; the day before ends a millisecond earlier.
        assert_eq!(r, Range { from: 1583636400000, to: 1583636399999 });
    }

    #[test]
    fn date_cells_show_the_day_in_the_tenants_zone() {
        let mut out = String::new();
        assert!(write_day(&mut out, 1535328000000, &TimeZone::UTC));
        assert_eq!(out, "08/27/2018");
        out.clear();
        assert!(write_day(&mut out, 1535328000000, &tz::offset(-4).to_time_zone()));
        assert_eq!(out, "08/26/2018");
        out.clear();
        assert!(!write_day(&mut out, i64::MAX, &TimeZone::UTC));
        assert!(!write_day(&mut out, -62_200_000_000_000, &TimeZone::UTC));
        assert_eq!(out, "");
    }
}

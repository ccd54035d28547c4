//! Wire values (strings, as every REST query value is) → what they mean: the numbers of
//! `$limit`, `$skip` and `$sort` read as JavaScript's `parseInt` reads them, and condition
//! values coerced by their field's kind.

use chrono::{DateTime, NaiveDateTime, SubsecRound, Utc};
use rusqlite::types::Value;
use serde_json::Value as Json;

use crate::core::clock::{parse_instant, to_rfc3339_millis};

use super::QueryError;
use super::fields::{Field, Kind};
use crate::core::sql::Compare;

/// The longest value a condition may carry.
pub const MAX_VALUE_CHARS: usize = 4096;

/// At most 100 characters of a value, for messages.
pub fn shown(value: &Json) -> String {
    match value {
        Json::String(s) => s.chars().take(100).collect(),
        other => other.to_string().chars().take(100).collect(),
    }
}

/// JavaScript's `String(value)` of a parsed query value: a list joins its items with commas,
/// an object is `[object Object]`.
fn js_string(value: &Json) -> String {
    match value {
        Json::String(s) => s.clone(),
        Json::Array(items) => items.iter().map(js_string).collect::<Vec<_>>().join(","),
        Json::Object(_) => "[object Object]".to_owned(),
        Json::Null => String::new(),
        other => other.to_string(),
    }
}

fn js_space(c: char) -> bool {
    (c.is_whitespace() && c != '\u{85}') || c == '\u{feff}'
}

/// JavaScript's `parseInt(value, 10)`: leading white space, a sign, then as many digits as
/// there are (`"12abc"` is 12); `None` where it gives `NaN`. Saturates at the `i64` range.
pub fn parse_int(value: &Json) -> Option<i64> {
    let text = js_string(value);
    let rest = text.trim_start_matches(js_space);
    let (negative, digits) = match rest.as_bytes().first() {
        Some(b'-') => (true, &rest[1..]),
        Some(b'+') => (false, &rest[1..]),
        _ => (false, rest),
    };
    let digits: Vec<i64> = digits.bytes().take_while(u8::is_ascii_digit).map(|d| i64::from(d - b'0')).collect();
    if digits.is_empty() {
        return None;
    }
    let magnitude = digits.iter().fold(0i64, |n, d| n.saturating_mul(10).saturating_add(*d));
    Some(if negative { -magnitude } else { magnitude })
}

/// `Math.abs(parseInt(value, 10))`, `None` for `NaN`.
pub fn parse_abs(value: &Json) -> Option<i64> {
    parse_int(value).map(|n| n.unsigned_abs().min(i64::MAX as u64) as i64)
}

/// An ISO 8601 date or date-time: what `parse_instant` reads, plus times without seconds
/// (`2012-09-27T09:15Z`, `2012-09-27T09:15-07:00`) and offsets without a colon (`-0700`, `-07`).
/// A value without an offset is UTC.
fn instant(text: &str) -> Option<DateTime<Utc>> {
    if let Some(at) = parse_instant(text) {
        return Some(at);
    }
    for format in ["%Y-%m-%dT%H:%M:%S%.f%#z", "%Y-%m-%dT%H:%M%#z", "%Y-%m-%d %H:%M:%S%.f%#z", "%Y-%m-%d %H:%M%#z"] {
        if let Ok(at) = DateTime::parse_from_str(text, format) {
            return Some(at.with_timezone(&Utc));
        }
    }
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").ok().map(|naive| naive.and_utc())
}

/// Whether `at` renders in the stored fixed-width form (years 0 to 9999).
fn renders(at: DateTime<Utc>) -> bool {
    use chrono::Datelike;
    (0..=9999).contains(&at.year())
}

/// An instant as the text it compares with. Stored instants have milliseconds; one given
/// finer is compared exactly: `< x` and `>= x` as against the next millisecond, `> x` and
/// `<= x` as against its millisecond, and equality with a text no stored instant equals.
fn instant_value(at: DateTime<Utc>, op: Compare) -> Option<String> {
    let floor = at.trunc_subsecs(3);
    if floor == at {
        return renders(at).then(|| to_rfc3339_millis(at));
    }
    let bound = match op {
        Compare::Lt | Compare::Gte => floor + chrono::Duration::milliseconds(1),
        Compare::Gt | Compare::Lte => floor,
        Compare::Eq | Compare::Ne => {
            return renders(at).then(|| at.to_rfc3339_opts(chrono::SecondsFormat::Nanos, true));
        }
    };
    renders(bound).then(|| to_rfc3339_millis(bound))
}

/// A wire value (a string) as the SQL value `field` is compared with by `op` (`Eq` for
/// `$in`/`$nin` members).
pub fn coerce(field: &Field, op: Compare, value: &Json) -> Result<Value, QueryError> {
    let Json::String(text) = value else {
        return Err(QueryError::new(format!("Invalid value for {}: expected one value, not {}", field.name, shown(value))));
    };
    let bad =
        |expected: &str| QueryError::new(format!("Invalid value '{}' for {}: expected {expected}", shown(value), field.name));
    if text.chars().count() > MAX_VALUE_CHARS {
        return Err(QueryError::new(format!("The value for {} is too long (at most {MAX_VALUE_CHARS} characters)", field.name)));
    }
    if text.contains('\0') {
        return Err(bad("text without NUL characters"));
    }
    Ok(match field.kind {
        Kind::Text => Value::Text(text.clone()),
        Kind::Int => Value::Integer(text.trim().parse().map_err(|_| bad("an integer"))?),
        Kind::Bool => match text.trim() {
            "true" | "1" => Value::Integer(1),
            "false" | "0" => Value::Integer(0),
            _ => return Err(bad("true or false")),
        },
        Kind::DateTime => {
            let expected = "an ISO 8601 date or date-time between the years 0 and 9999";
            let at = instant(text.trim()).ok_or_else(|| bad(expected))?;
            Value::Text(instant_value(at, op).ok_or_else(|| bad(expected))?)
        }
    })
}

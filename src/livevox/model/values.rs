//! Reading the objects of a Contact API body as LiveVox's JSON binding reads them. Every key of
//! an object must be one the document gives it (a misspelt key is a 400 naming it, not a value
//! silently dropped), and every value its type, with the scalar coercions the document's own
//! examples rely on: a decimal or an integer as a numeric string (`"balance": "1000.00"`,
//! `"ordinal": "1"`, `"groupId": "12371"`), a boolean as `"true"`/`"false"`, a date as epoch
//! milliseconds in a number or a string (`"dateOfBirth": "621057600000"`), and a number or a
//! boolean where text is expected (a custom field's `"value": 123`). `null` is the same as the
//! key left out. Errors name the field by its JSON path (`createContactDetails[3].phone[0].ordinal`).

use serde_json::{Map, Value};

use super::super::dnd::DndCommand;
use super::super::error::{LvError, Result};
use crate::core::sequence::MAX_ID;

/// The longest text of most fields (docs/fidelity.md, LiveVox: contacts and DND).
pub const TEXT_MAX: usize = 255;
/// The longest account.
pub const ACCOUNT_MAX: usize = 50;
/// The longest phone number.
pub const PHONE_MAX: usize = 20;
/// The largest amount (`balance`, `amountToSpeak`) in either direction.
pub const AMOUNT_MAX: f64 = 1e15;
/// Dates from year 1 to year 9999, in epoch milliseconds.
const DATE_RANGE: std::ops::RangeInclusive<i64> = -62_135_596_800_000..=253_402_300_799_999;

/// One object of a body: where it is (its JSON path) and its keys.
pub struct Obj<'a> {
    pub path: String,
    map: &'a Map<String, Value>,
}

impl<'a> Obj<'a> {
    /// `value`, found at `path`, as an object holding only `keys`.
    pub fn new(path: impl Into<String>, value: &'a Value, keys: &[&str]) -> Result<Obj<'a>> {
        let path = path.into();
        let Value::Object(map) = value else {
            return Err(LvError::bad_field(&name(&path), "must be a JSON object"));
        };
        let obj = Obj { path, map };
        match map.keys().find(|k| !keys.contains(&k.as_str())) {
            Some(unknown) => Err(LvError::bad_field(&obj.field(unknown), "unknown field")),
            None => Ok(obj),
        }
    }

    /// The JSON path of `key`.
    pub fn field(&self, key: &str) -> String {
        if self.path.is_empty() { key.to_owned() } else { format!("{}.{key}", self.path) }
    }

    /// The value of `key`; `None` when it is absent or null.
    pub fn get(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    fn bad(&self, key: &str, reason: impl std::fmt::Display) -> LvError {
        LvError::bad_field(&self.field(key), reason)
    }

    /// Text of at most `max` characters (a number or a boolean is taken as its text).
    pub fn text(&self, key: &str, max: usize) -> Result<Option<String>> {
        self.get(key).map(|v| text(v, max).map_err(|reason| self.bad(key, reason))).transpose()
    }

    /// Text that must be there and not blank.
    pub fn required_text(&self, key: &str, max: usize) -> Result<String> {
        match self.text(key, max)? {
            Some(t) if !t.trim().is_empty() => Ok(t),
            _ => Err(self.bad(key, "is required")),
        }
    }

    /// `true`/`false`, or their text in any case.
    pub fn boolean(&self, key: &str) -> Result<Option<bool>> {
        self.get(key).map(|v| boolean(v).ok_or_else(|| self.bad(key, "must be true or false"))).transpose()
    }

    /// A finite decimal of at most `AMOUNT_MAX`, as a number or a numeric string.
    pub fn decimal(&self, key: &str) -> Result<Option<f64>> {
        self.get(key)
            .map(|v| {
                let n = match v {
                    Value::Number(n) => n.as_f64(),
                    Value::String(s) => s.trim().parse::<f64>().ok(),
                    _ => None,
                };
                n.filter(|n| n.is_finite() && n.abs() < AMOUNT_MAX)
                    .ok_or_else(|| self.bad(key, format!("must be a number below {AMOUNT_MAX:e}")))
            })
            .transpose()
    }

    /// An integer from `min` to `max`, as a number or a numeric string.
    pub fn integer(&self, key: &str, min: i64, max: i64) -> Result<Option<i64>> {
        self.get(key)
            .map(|v| match integer(v) {
                Some(n) if (min..=max).contains(&n) => Ok(n),
                Some(_) => Err(self.bad(key, format!("must be {min} to {max}"))),
                None => Err(self.bad(key, "must be an integer")),
            })
            .transpose()
    }

    /// An id (0 to 2^53-1).
    pub fn id(&self, key: &str) -> Result<Option<i64>> {
        self.integer(key, 0, MAX_ID)
    }

    /// A date: epoch milliseconds as a number or a numeric string, or `CCYY-MM-DD` (midnight UTC).
    pub fn date(&self, key: &str) -> Result<Option<i64>> {
        self.get(key)
            .map(|v| {
                let ms = integer(v).or_else(|| v.as_str().and_then(day_millis));
                ms.filter(|ms| DATE_RANGE.contains(ms))
                    .ok_or_else(|| self.bad(key, "must be a date in epoch milliseconds (or CCYY-MM-DD)"))
            })
            .transpose()
    }

    /// A DND value, spelt as the document spells it.
    pub fn block(&self, key: &str) -> Result<Option<DndCommand>> {
        self.get(key)
            .map(|v| {
                v.as_str()
                    .and_then(DndCommand::parse)
                    .ok_or_else(|| self.bad(key, format!("must be one of {}", DndCommand::names())))
            })
            .transpose()
    }

    /// An array of at most `max` entries.
    pub fn array(&self, key: &str, max: usize) -> Result<Option<&'a [Value]>> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Array(items)) if items.len() <= max => Ok(Some(items)),
            Some(Value::Array(_)) => Err(self.bad(key, format!("must hold at most {max} entries"))),
            Some(_) => Err(self.bad(key, "must be an array")),
        }
    }

    /// The object at `key`, holding only `keys`.
    pub fn object(&self, key: &str, keys: &[&str]) -> Result<Option<Obj<'a>>> {
        self.get(key).map(|v| Obj::new(self.field(key), v, keys)).transpose()
    }
}

/// A path as a message names it (`(body)` for the body itself).
fn name(path: &str) -> String {
    if path.is_empty() { "(body)".to_owned() } else { path.to_owned() }
}

/// Text of at most `max` characters; numbers and booleans as their text.
pub fn text(value: &Value, max: usize) -> std::result::Result<String, String> {
    let text = match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => return Err("must be a string".into()),
    };
    if text.chars().count() > max {
        return Err(format!("must be at most {max} characters"));
    }
    Ok(text)
}

/// A boolean or its text.
pub fn boolean(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(b) => Some(*b),
        Value::String(s) if s.trim().eq_ignore_ascii_case("true") => Some(true),
        Value::String(s) if s.trim().eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

/// An integer as a number (without a fraction) or a numeric string.
pub fn integer(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().filter(|f| f.fract() == 0.0 && f.abs() < 9e15).map(|f| f as i64)),
        Value::String(s) => s.trim().parse::<i64>().ok(),
        _ => None,
    }
}

/// `CCYY-MM-DD` as the epoch milliseconds of its midnight UTC.
fn day_millis(text: &str) -> Option<i64> {
    let day = chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()?;
    Some(day.and_hms_opt(0, 0, 0)?.and_utc().timestamp_millis())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn message(e: LvError) -> String {
        e.to_string()
    }

    #[test]
    fn the_documents_tolerant_forms_are_read() {
        let body = json!({"balance": "1000.00", "ordinal": "1", "active": "true", "dob": "621057600000", "v": 123, "b": true, "n": null});
        let o = Obj::new("x", &body, &["balance", "ordinal", "active", "dob", "v", "b", "n"]).unwrap();
        assert_eq!(o.decimal("balance").unwrap(), Some(1000.0));
        assert_eq!(o.integer("ordinal", 1, 10).unwrap(), Some(1));
        assert_eq!(o.boolean("active").unwrap(), Some(true));
        assert_eq!(o.date("dob").unwrap(), Some(621_057_600_000));
        assert_eq!((o.text("v", 255).unwrap(), o.text("b", 255).unwrap()), (Some("123".into()), Some("true".into())));
        assert_eq!((o.text("n", 5).unwrap(), o.boolean("missing").unwrap()), (None, None));
    }

    #[test]
    fn errors_name_the_field_by_its_path() {
        let body = json!({"ordinal": 11, "active": "yes", "city": {"a": 1}, "due": "soon", "block": "daily", "phone": "x"});
        let o =
            Obj::new("createContactDetails[3].phone[0]", &body, &["ordinal", "active", "city", "due", "block", "phone"]).unwrap();
        assert_eq!(
            message(o.integer("ordinal", 1, 10).unwrap_err()),
            "createContactDetails[3].phone[0].ordinal: must be 1 to 10"
        );
        assert_eq!(message(o.boolean("active").unwrap_err()), "createContactDetails[3].phone[0].active: must be true or false");
        assert_eq!(message(o.text("city", 255).unwrap_err()), "createContactDetails[3].phone[0].city: must be a string");
        assert!(message(o.date("due").unwrap_err()).ends_with(".due: must be a date in epoch milliseconds (or CCYY-MM-DD)"));
        assert_eq!(
            message(o.block("block").unwrap_err()),
            "createContactDetails[3].phone[0].block: must be one of DAILY, PERMANENT, NONE, BOTH, DAILY_OFF, PERMANENT_OFF"
        );
        assert_eq!(
            message(o.text("phone", 0).unwrap_err()),
            "createContactDetails[3].phone[0].phone: must be at most 0 characters"
        );
        let unknown = Obj::new("updateContactDetails", &json!({"frist_name": "x"}), &["firstName"]).err().unwrap();
        assert_eq!(message(unknown), "updateContactDetails.frist_name: unknown field");
        assert_eq!(message(Obj::new("", &json!([]), &[]).err().unwrap()), "(body): must be a JSON object");
    }

    #[test]
    fn dates_take_a_calendar_day_and_stay_in_range() {
        let body = json!({"d": "2020-01-13", "far": 253_402_300_800_000_i64, "f": 1.5, "huge": 1e16});
        let o = Obj::new("", &body, &["d", "far", "f", "huge"]).unwrap();
        assert_eq!(o.date("d").unwrap(), Some(1_578_873_600_000));
        assert!(o.date("far").is_err());
        assert!(o.integer("f", 0, 10).is_err());
        assert_eq!(message(o.decimal("huge").unwrap_err()), "huge: must be a number below 1e15");
    }
}

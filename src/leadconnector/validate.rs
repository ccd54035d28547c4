//! Strict whitelists of request properties, as HighLevel's NestJS `ValidationPipe` applies them
//! (`whitelist`, `forbidNonWhitelisted`): a property a DTO does not declare is a 422
//! `"property X should not exist"`, a value of the wrong type a 422 in class-validator's words
//! (`"title must be a string"`, `"completed must be a boolean value"`), a missing required one
//! `"X should not be empty"`. Every message of a request is collected, in the order of the
//! DTO's properties, into the 422's `message` array. Query strings are checked the same way
//! (every value is text there; a repeated name is an array, so not a string).

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::error::{LcError, Result};

/// What a property holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Str,
    Bool,
    /// A string that must look like an email address.
    Email,
    /// An array of strings.
    Strings,
    /// `dndSettings`: `{Call|Email|SMS|WhatsApp|GMB|FB: {status, message?, code?}}`.
    Dnd,
    /// `inboundDndSettings`: `{all: {status, message?}}`.
    InboundDnd,
    /// `customFields`: `[{id | key, field_value}]`.
    CustomFields,
    /// An object of any shape (arranged records only).
    Object,
    /// Any JSON value (`dateOfBirth` is typed `object` and takes strings).
    Any,
}

/// One declared property.
#[derive(Debug, Clone, Copy)]
pub struct Prop {
    pub name: &'static str,
    pub kind: Kind,
    pub required: bool,
}

/// An optional property.
pub const fn opt(name: &'static str, kind: Kind) -> Prop {
    Prop { name, kind, required: false }
}

/// A required property.
pub const fn req(name: &'static str, kind: Kind) -> Prop {
    Prop { name, kind, required: true }
}

/// The channels of `dndSettings`.
pub const DND_CHANNELS: [&str; 6] = ["Call", "Email", "SMS", "WhatsApp", "GMB", "FB"];

/// `body` as an object holding only `props` of the right types; else a 422 with every message.
pub fn object<'a>(body: &'a Value, props: &[Prop]) -> Result<&'a Map<String, Value>> {
    let Value::Object(map) = body else {
        return Err(LcError::BadRequest("The request body must be a JSON object".into()));
    };
    let mut messages = Vec::new();
    for key in map.keys() {
        if !props.iter().any(|p| p.name == key) {
            messages.push(format!("property {key} should not exist"));
        }
    }
    for prop in props {
        check(prop, map.get(prop.name), &mut messages);
    }
    if messages.is_empty() { Ok(map) } else { Err(LcError::Unprocessable(messages)) }
}

fn check(prop: &Prop, value: Option<&Value>, out: &mut Vec<String>) {
    let name = prop.name;
    let present = match value {
        None | Some(Value::Null) => false,
        Some(Value::String(s)) if prop.required && s.trim().is_empty() => false,
        Some(_) => true,
    };
    if !present {
        if prop.required {
            out.push(format!("{name} should not be empty"));
            out.extend(type_message(name, prop.kind));
        }
        return;
    }
    let Some(value) = value else { return };
    check_value(name, prop.kind, value, out);
}

/// class-validator's message for a value that is not of `kind`.
fn type_message(name: &str, kind: Kind) -> Option<String> {
    Some(match kind {
        Kind::Str | Kind::Email => format!("{name} must be a string"),
        Kind::Bool => format!("{name} must be a boolean value"),
        Kind::Strings | Kind::CustomFields => format!("{name} must be an array"),
        Kind::Dnd | Kind::InboundDnd | Kind::Object => format!("{name} must be an object"),
        Kind::Any => return None,
    })
}

fn check_value(name: &str, kind: Kind, value: &Value, out: &mut Vec<String>) {
    let wrong = |out: &mut Vec<String>| out.extend(type_message(name, kind));
    match (kind, value) {
        (Kind::Str, Value::String(_)) | (Kind::Bool, Value::Bool(_)) | (Kind::Object, Value::Object(_)) | (Kind::Any, _) => {}
        (Kind::Email, Value::String(s)) => {
            if !is_email(s) {
                out.push(format!("{name} must be an email"));
            }
        }
        (Kind::Strings, Value::Array(items)) => {
            if items.iter().any(|v| !v.is_string()) {
                out.push(format!("each value in {name} must be a string"));
            }
        }
        (Kind::Strings, _) => {
            wrong(out);
            out.push(format!("each value in {name} must be a string"));
        }
        (Kind::Dnd, Value::Object(channels)) => {
            for (channel, setting) in channels {
                if !DND_CHANNELS.contains(&channel.as_str()) {
                    out.push(format!("property {name}.{channel} should not exist"));
                    continue;
                }
                dnd_setting(
                    &format!("{name}.{channel}"),
                    setting,
                    &["active", "inactive", "permanent"],
                    &["status", "message", "code"],
                    out,
                );
            }
        }
        (Kind::InboundDnd, Value::Object(channels)) => {
            for (channel, setting) in channels {
                if channel != "all" {
                    out.push(format!("property {name}.{channel} should not exist"));
                    continue;
                }
                dnd_setting(&format!("{name}.all"), setting, &["active", "inactive"], &["status", "message"], out);
            }
        }
        (Kind::CustomFields, Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                custom_field(&format!("{name}.{i}"), item, out);
            }
        }
        _ => wrong(out),
    }
}

fn dnd_setting(path: &str, setting: &Value, statuses: &[&str], keys: &[&str], out: &mut Vec<String>) {
    let Value::Object(map) = setting else {
        out.push(format!("{path} must be an object"));
        return;
    };
    for key in map.keys().filter(|k| !keys.contains(&k.as_str())) {
        out.push(format!("property {path}.{key} should not exist"));
    }
    match map.get("status") {
        Some(Value::String(s)) if statuses.contains(&s.as_str()) => {}
        _ => out.push(format!("{path}.status must be one of the following values: {}", statuses.join(", "))),
    }
    for key in ["message", "code"] {
        if map.get(key).is_some_and(|v| !v.is_null() && !v.is_string()) {
            out.push(format!("{path}.{key} must be a string"));
        }
    }
}

fn custom_field(path: &str, item: &Value, out: &mut Vec<String>) {
    let Value::Object(map) = item else {
        out.push(format!("{path} must be an object"));
        return;
    };
    for key in map.keys().filter(|k| !["id", "key", "field_value", "value"].contains(&k.as_str())) {
        out.push(format!("property {path}.{key} should not exist"));
    }
    for key in ["id", "key"] {
        if map.get(key).is_some_and(|v| !v.is_null() && !v.is_string()) {
            out.push(format!("{path}.{key} must be a string"));
        }
    }
    let named = |key: &str| map.get(key).and_then(Value::as_str).is_some_and(|s| !s.trim().is_empty());
    if !named("id") && !named("key") {
        out.push(format!("{path}.id should not be empty"));
    }
}

/// Whether `text` looks like an email address (`local@domain.tld`, no spaces).
pub fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.rsplit_once('@') else { return false };
    !local.is_empty()
        && !text.chars().any(char::is_whitespace)
        && domain.split('.').count() >= 2
        && domain.split('.').all(|label| !label.is_empty())
}

/// The query string's parameters, each named in `allowed` and given once; else a 422 naming
/// every other one (`property X should not exist`) and every repeated one.
pub fn query(query: &str, allowed: &[&str]) -> Result<BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    let mut messages = Vec::new();
    for (name, value) in form_urlencoded::parse(query.as_bytes()) {
        let name = name.into_owned();
        if !allowed.contains(&name.as_str()) {
            let message = format!("property {name} should not exist");
            if !messages.contains(&message) {
                messages.push(message);
            }
            continue;
        }
        if out.insert(name.clone(), value.into_owned()).is_some() {
            let message = format!("{name} must be a string");
            if !messages.contains(&message) {
                messages.push(message);
            }
        }
    }
    if messages.is_empty() { Ok(out) } else { Err(LcError::Unprocessable(messages)) }
}

/// A whole number parameter from `min` to `max`, in class-validator's words when it is not.
pub fn number(params: &BTreeMap<String, String>, name: &str, min: i64, max: i64) -> Result<Option<i64>> {
    let Some(text) = params.get(name) else { return Ok(None) };
    let n: i64 = text
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|f| f.is_finite() && f.fract() == 0.0 && f.abs() < 9.0e15)
        .map(|f| f as i64)
        .ok_or_else(|| LcError::unprocessable(format!("{name} must be a number conforming to the specified constraints")))?;
    if n < min {
        return Err(LcError::unprocessable(format!("{name} must not be less than {min}")));
    }
    if n > max {
        return Err(LcError::unprocessable(format!("{name} must not be greater than {max}")));
    }
    Ok(Some(n))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const PROPS: &[Prop] = &[req("title", Kind::Str), opt("completed", Kind::Bool), opt("tags", Kind::Strings)];

    fn messages(body: Value) -> Vec<String> {
        match object(&body, PROPS) {
            Err(LcError::Unprocessable(m)) => m,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn unknown_missing_and_mistyped_properties_are_all_named() {
        assert_eq!(
            messages(json!({"x": 1, "completed": "yes", "tags": [1]})),
            [
                "property x should not exist",
                "title should not be empty",
                "title must be a string",
                "completed must be a boolean value",
                "each value in tags must be a string"
            ]
        );
        assert!(object(&json!({"title": "a", "completed": null}), PROPS).is_ok());
    }

    #[test]
    fn queries_take_each_allowed_name_once() {
        assert_eq!(query("a=1&b=2", &["a", "b"]).unwrap().get("b").map(String::as_str), Some("2"));
        match query("a=1&a=2&c=3", &["a"]) {
            Err(LcError::Unprocessable(m)) => assert_eq!(m, ["a must be a string", "property c should not exist"]),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn emails_need_a_local_part_and_a_dotted_domain() {
        assert!(is_email("a.b@example.com"));
        for bad in ["a@b", "@example.com", "a b@example.com", "a@example.", "nope"] {
            assert!(!is_email(bad), "{bad}");
        }
    }
}

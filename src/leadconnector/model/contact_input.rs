//! Contact bodies: `CreateContactDto`, `UpdateContactDto` and `UpsertContactDto` of the vendor's
//! OpenAPI file, checked as its validation pipe checks them (`validate`), and made into changes
//! of a contact's fields. Values are normalized as HighLevel stores them: the phone in E.164
//! (`+1 888-888-8888` → `+18888888888`), `dateOfBirth` from any of its eight documented formats
//! to `YYYY-MM-DD`, tags trimmed and each once, custom fields as `{id, value}`.
//! `UpdateContactDto` lacks `locationId` (a 422), and also `companyName` and `gender`, which are
//! taken anyway (docs/fidelity.md, LeadConnector: contacts).

use serde_json::{Map, Value, json};

use super::super::error::{LcError, Result};
use super::super::validate::{self, Kind, Prop, opt, req};
use super::contact::Contact;

/// Which DTO a body is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dto {
    Create,
    Update,
    Upsert,
}

/// The properties every contact DTO shares, in the OpenAPI file's order.
const FIELDS: &[Prop] = &[
    opt("firstName", Kind::Str),
    opt("lastName", Kind::Str),
    opt("name", Kind::Str),
    opt("email", Kind::Email),
    opt("gender", Kind::Str),
    opt("phone", Kind::Str),
    opt("address1", Kind::Str),
    opt("city", Kind::Str),
    opt("state", Kind::Str),
    opt("postalCode", Kind::Str),
    opt("website", Kind::Str),
    opt("timezone", Kind::Str),
    opt("dnd", Kind::Bool),
    opt("dndSettings", Kind::Dnd),
    opt("inboundDndSettings", Kind::InboundDnd),
    opt("tags", Kind::Strings),
    opt("customFields", Kind::CustomFields),
    opt("source", Kind::Str),
    opt("dateOfBirth", Kind::Any),
    opt("country", Kind::Str),
    opt("companyName", Kind::Str),
    opt("assignedTo", Kind::Str),
];

/// The DTO's properties.
pub fn props(dto: Dto) -> Vec<Prop> {
    let mut props = Vec::with_capacity(FIELDS.len() + 2);
    if dto != Dto::Update {
        props.push(req("locationId", Kind::Str));
    }
    props.extend_from_slice(FIELDS);
    if dto == Dto::Upsert {
        props.push(opt("createNewIfDuplicateAllowed", Kind::Bool));
    }
    props
}

/// A contact body, checked and normalized.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ContactInput {
    pub location_id: Option<String>,
    /// Field changes in the wire spelling; `Null` clears a field.
    pub changes: Map<String, Value>,
    pub create_new_if_duplicate_allowed: bool,
}

impl ContactInput {
    /// Reads `body` as `dto`; a 422 names every property at fault.
    pub fn read(body: &Value, dto: Dto) -> Result<ContactInput> {
        let map = validate::object(body, &props(dto))?;
        read_fields(map, FIELDS.iter().map(|p| p.name), dto)
    }

    /// The email and phone a duplicate is looked for by, once the changes are applied to `base`.
    pub fn keys(&self, base: Option<&Contact>) -> (Option<String>, Option<String>) {
        let mut contact = base.cloned().unwrap_or_else(|| Contact {
            id: String::new(),
            date_added: 0,
            date_updated: 0,
            data: Default::default(),
        });
        self.apply_to(&mut contact);
        (contact.email_lower(), contact.phone())
    }

    /// Applies the changes: a null clears the field, custom fields are merged by id.
    pub fn apply_to(&self, contact: &mut Contact) {
        let data = std::sync::Arc::make_mut(&mut contact.data);
        for (key, value) in &self.changes {
            if key == "customFields" {
                let merged = merge_custom_fields(data.get(key), value);
                data.insert(key.clone(), merged);
            } else if value.is_null() {
                data.remove(key);
            } else {
                data.insert(key.clone(), value.clone());
            }
        }
    }
}

/// Reads the fields `names` of a checked `map` into changes (arranged records use it too).
pub fn read_fields<'a>(map: &Map<String, Value>, names: impl Iterator<Item = &'a str>, dto: Dto) -> Result<ContactInput> {
    let mut input = ContactInput {
        location_id: map.get("locationId").and_then(Value::as_str).map(str::to_owned),
        create_new_if_duplicate_allowed: map.get("createNewIfDuplicateAllowed").and_then(Value::as_bool).unwrap_or(false),
        ..ContactInput::default()
    };
    let mut messages = Vec::new();
    for name in names {
        let Some(value) = map.get(name) else { continue };
        match normalize(name, value) {
            Ok(v) => {
                input.changes.insert(name.to_owned(), v);
            }
            Err(message) => messages.push(message),
        }
    }
    if !messages.is_empty() {
        return Err(LcError::Unprocessable(messages));
    }
    // A `name` alone is split into the first and last names, as HighLevel does.
    if dto != Dto::Update
        && !map.contains_key("firstName")
        && !map.contains_key("lastName")
        && let Some(name) = input.changes.get("name").and_then(Value::as_str).map(str::to_owned)
    {
        let (first, last) = name.split_once(' ').map(|(f, l)| (f, Some(l.trim()))).unwrap_or((name.as_str(), None));
        input.changes.insert("firstName".into(), json!(first));
        if let Some(last) = last.filter(|l| !l.is_empty()) {
            input.changes.insert("lastName".into(), json!(last));
        }
    }
    Ok(input)
}

/// A checked value as it is stored; `Err` a 422 message.
fn normalize(name: &str, value: &Value) -> std::result::Result<Value, String> {
    Ok(match (name, value) {
        (_, Value::Null) => Value::Null,
        ("phone", Value::String(s)) => match phone(s) {
            Some(p) => json!(p),
            None if s.trim().is_empty() => Value::Null,
            None => return Err("phone must be a valid phone number".into()),
        },
        ("dateOfBirth", v) => match v.as_str().map(str::trim) {
            Some("") => Value::Null,
            Some(s) => json!(date_of_birth(s).ok_or_else(|| "dateOfBirth must be a valid date".to_owned())?),
            None => return Err("dateOfBirth must be a valid date".into()),
        },
        ("tags", Value::Array(tags)) => json!(clean_tags(tags.iter().filter_map(Value::as_str))),
        ("customFields", Value::Array(fields)) => Value::Array(fields.iter().filter_map(custom_field).collect()),
        (_, Value::String(s)) if s.trim().is_empty() => Value::Null,
        (_, Value::String(s)) => json!(s.trim()),
        (_, other) => other.clone(),
    })
}

/// Tags trimmed, the empty ones dropped, each once in the order first given.
pub fn clean_tags<'a>(tags: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for tag in tags.map(str::trim).filter(|t| !t.is_empty()) {
        if !out.iter().any(|t| t == tag) {
            out.push(tag.to_owned());
        }
    }
    out
}

/// A custom field input (`{id | key, field_value | value}`) as stored (`{id, value}`).
fn custom_field(item: &Value) -> Option<Value> {
    let id = ["id", "key"].iter().find_map(|k| item.get(*k).and_then(Value::as_str).filter(|s| !s.trim().is_empty()))?;
    let value = item.get("field_value").or_else(|| item.get("value")).cloned().unwrap_or(Value::Null);
    Some(json!({"id": id.trim(), "value": value}))
}

/// The stored custom fields with `changes` merged in by id (a null or empty value removes one).
fn merge_custom_fields(stored: Option<&Value>, changes: &Value) -> Value {
    let mut fields: Vec<Value> = stored.and_then(Value::as_array).cloned().unwrap_or_default();
    for change in changes.as_array().into_iter().flatten() {
        let id = &change["id"];
        fields.retain(|f| &f["id"] != id);
        let empty = matches!(&change["value"], Value::Null) || change["value"] == json!("");
        if !empty {
            fields.push(change.clone());
        }
    }
    Value::Array(fields)
}

/// A phone number in E.164: formatting dropped, a 10-digit number taken as North American.
pub fn phone(text: &str) -> Option<String> {
    let trimmed = text.trim();
    let plus = trimmed.starts_with('+');
    let mut digits = String::new();
    for c in trimmed.trim_start_matches('+').chars() {
        match c {
            '0'..='9' => digits.push(c),
            ' ' | '-' | '(' | ')' | '.' => {}
            _ => return None,
        }
    }
    if !(7..=15).contains(&digits.len()) {
        return None;
    }
    Some(if plus || digits.len() != 10 { format!("+{digits}") } else { format!("+1{digits}") })
}

/// A date of birth in one of the documented formats (`YYYY/MM/DD`, `MM/DD/YYYY`, `YYYY-MM-DD`,
/// `MM-DD-YYYY`, `YYYY.MM.DD`, `MM.DD.YYYY`, `YYYY_MM_DD`, `MM_DD_YYYY`) or an ISO instant, as
/// `YYYY-MM-DD`.
pub fn date_of_birth(text: &str) -> Option<String> {
    if let Some(at) = crate::core::clock::parse_instant(text).filter(|_| text.len() > 10) {
        return Some(at.format("%Y-%m-%d").to_string());
    }
    for sep in ['/', '-', '.', '_'] {
        for order in ["%Y{s}%m{s}%d", "%m{s}%d{s}%Y"] {
            let format = order.replace("{s}", &sep.to_string());
            if let Ok(date) = chrono::NaiveDate::parse_from_str(text, &format) {
                return Some(date.format("%Y-%m-%d").to_string());
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_become_e164() {
        assert_eq!(phone("+1 888-888-8888").as_deref(), Some("+18888888888"));
        assert_eq!(phone("(555) 010-2030").as_deref(), Some("+15550102030"));
        assert_eq!(phone("+44 20 7946 0958").as_deref(), Some("+442079460958"));
        assert_eq!(phone("call me"), None);
        assert_eq!(phone("12"), None);
    }

    #[test]
    fn dates_of_birth_take_the_eight_documented_formats() {
        for text in
            ["1990/09/25", "09/25/1990", "1990-09-25", "09-25-1990", "1990.09.25", "09.25.1990", "1990_09_25", "09_25_1990"]
        {
            assert_eq!(date_of_birth(text).as_deref(), Some("1990-09-25"), "{text}");
        }
        assert_eq!(date_of_birth("1990-09-25T00:00:00.000Z").as_deref(), Some("1990-09-25"));
        assert_eq!(date_of_birth("25th of September"), None);
        assert_eq!(date_of_birth("1990-13-01"), None);
    }

    #[test]
    fn a_name_alone_is_split_and_update_refuses_a_location() {
        let input =
            ContactInput::read(&json!({"locationId": "L", "name": "Rosan Deo", "tags": [" a", "a", "b", ""]}), Dto::Create)
                .unwrap();
        assert_eq!(
            Value::Object(input.changes),
            json!({"name": "Rosan Deo", "tags": ["a", "b"], "firstName": "Rosan", "lastName": "Deo"})
        );
        match ContactInput::read(&json!({"locationId": "L"}), Dto::Update) {
            Err(LcError::Unprocessable(m)) => assert_eq!(m, ["property locationId should not exist"]),
            other => panic!("{other:?}"),
        }
    }
}

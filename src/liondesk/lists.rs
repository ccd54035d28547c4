//! A contact's addresses and each user's lists (hotnesses, contact sources, custom fields,
//! tags): the records as the API answers them, in the field order of their pages, and the
//! bodies of a create or patch, read field by field against the pages' limits. Keys a record
//! does not have are ignored, as on contacts; `id` and `user_id` are never writable.

use serde_json::{Map, Value, json};

use super::error::{LionDeskError, Result};

/// The address types the addresses page lists.
pub const ADDRESS_TYPES: [&str; 6] = ["Home", "Main Office", "Branch Office", "Second Home", "Investment", "Mailing"];

/// The custom field data types the custom fields page lists.
pub const DATA_TYPES: [&str; 4] = ["Text", "Number", "Date", "Dollar Amt"];

/// The writable text fields of an address with their limits (the addresses page).
pub const ADDRESS_TEXT: [(&str, usize); 5] =
    [("street_address_1", 45), ("street_address_2", 45), ("zip", 45), ("city", 200), ("state", 200)];

/// A field's change in a body: `None` absent, `Some(None)` null, `Some(Some(v))` a value.
type Change<T> = Option<Option<T>>;

fn object(body: &Value) -> Result<&Map<String, Value>> {
    body.as_object().ok_or_else(|| LionDeskError::bad_request("The body must be a JSON object"))
}

/// Text of at most `max` characters; numbers are taken as their text (as on contacts).
fn text(map: &Map<String, Value>, name: &str, max: usize) -> Result<Change<String>> {
    let Some(value) = map.get(name) else { return Ok(None) };
    let text = match value {
        Value::Null => return Ok(Some(None)),
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => return Err(LionDeskError::invalid_field(name, "must be a string", value)),
    };
    if text.chars().count() > max {
        return Err(LionDeskError::invalid_field(name, &format!("must be at most {max} characters"), value));
    }
    if text.contains('\0') {
        return Err(LionDeskError::invalid_field(name, "must not contain NUL characters", value));
    }
    Ok(Some(Some(text)))
}

/// An integer the size of a MySQL `INT`, given as a number or a numeric string (the custom
/// fields page sends `"rank": "1"`).
fn integer(map: &Map<String, Value>, name: &str) -> Result<Change<i64>> {
    let Some(value) = map.get(name) else { return Ok(None) };
    let n = match value {
        Value::Null => return Ok(Some(None)),
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse::<i64>().ok(),
        _ => None,
    };
    match n {
        Some(n) if i32::try_from(n).is_ok() => Ok(Some(Some(n))),
        _ => Err(LionDeskError::invalid_field(name, "must be an integer from -2147483648 to 2147483647", value)),
    }
}

/// One of `allowed`, matched without regard to case and stored as the page spells it (as a
/// MySQL `ENUM` column does).
fn one_of(map: &Map<String, Value>, name: &str, allowed: &[&'static str]) -> Result<Change<&'static str>> {
    let Some(value) = map.get(name) else { return Ok(None) };
    if value.is_null() {
        return Ok(Some(None));
    }
    let found = value.as_str().and_then(|s| allowed.iter().copied().find(|a| a.eq_ignore_ascii_case(s.trim())));
    match found {
        Some(v) => Ok(Some(Some(v))),
        None => Err(LionDeskError::invalid_field(name, &format!("must be one of: {}", allowed.join(", ")), value)),
    }
}

/// A required field's change: null is refused, and so is blank text.
fn required<T>(map: &Map<String, Value>, name: &str, change: Change<T>, blank: impl Fn(&T) -> bool) -> Result<Option<T>> {
    match change {
        None => Ok(None),
        Some(None) => Err(LionDeskError::invalid_field(name, "is required", &Value::Null)),
        Some(Some(v)) if blank(&v) => Err(LionDeskError::invalid_field(name, "must not be empty", &map[name])),
        Some(Some(v)) => Ok(Some(v)),
    }
}

fn missing(name: &str) -> LionDeskError {
    LionDeskError::invalid_field(name, "is required", &Value::Null)
}

fn blank(s: &str) -> bool {
    s.trim().is_empty()
}

fn set<T: Clone>(slot: &mut T, change: &Option<T>) {
    if let Some(v) = change {
        *slot = v.clone();
    }
}

// Addresses -------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq)]
pub struct Address {
    pub id: i64,
    pub contact_id: i64,
    pub kind: Option<String>,
    /// The values of `ADDRESS_TEXT`, in that order.
    pub text: [Option<String>; 5],
    pub created_at: Option<String>,
    pub modified_at: Option<String>,
}

impl Address {
    /// The addresses page's object; its example gives the id as a string (`"147"`).
    pub fn to_json(&self) -> Map<String, Value> {
        let mut out = Map::new();
        out.insert("id".into(), self.id.to_string().into());
        out.insert("type".into(), self.kind.clone().into());
        for ((name, _), value) in ADDRESS_TEXT.iter().zip(&self.text) {
            out.insert((*name).into(), value.clone().into());
        }
        out.insert("created_at".into(), self.created_at.clone().into());
        out.insert("modified_at".into(), self.modified_at.clone().into());
        out
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct AddressChanges {
    pub kind: Change<&'static str>,
    pub text: [Change<String>; 5],
}

impl AddressChanges {
    /// `created_at` and `modified_at` are not writable (the addresses page).
    pub fn from_json(body: &Value) -> Result<AddressChanges> {
        let map = object(body)?;
        let mut out = AddressChanges { kind: one_of(map, "type", &ADDRESS_TYPES)?, ..Default::default() };
        for (slot, (name, max)) in out.text.iter_mut().zip(ADDRESS_TEXT) {
            *slot = text(map, name, max)?;
        }
        Ok(out)
    }

    pub fn apply(&self, address: &Address) -> Address {
        let mut next = address.clone();
        if let Some(kind) = self.kind {
            next.kind = kind.map(str::to_owned);
        }
        for (slot, change) in next.text.iter_mut().zip(&self.text) {
            set(slot, change);
        }
        next
    }
}

// Hotnesses -------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq)]
pub struct Hotness {
    pub id: i64,
    pub user_id: i64,
    pub name: Option<String>,
    pub rank: Option<i64>,
    pub color: Option<String>,
}

impl Hotness {
    /// The hotnesses page's object (its DELETE example): id, rank, user_id, name, color.
    pub fn to_json(&self) -> Map<String, Value> {
        let v = json!({"id": self.id, "rank": self.rank, "user_id": self.user_id, "name": self.name, "color": self.color});
        v.as_object().cloned().unwrap_or_default()
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct HotnessChanges {
    pub name: Change<String>,
    pub rank: Change<i64>,
    pub color: Change<String>,
}

fn is_hex_color(s: &str) -> bool {
    s.len() == 7 && s.starts_with('#') && s[1..].bytes().all(|b| b.is_ascii_hexdigit())
}

impl HotnessChanges {
    /// No field is required; `name` takes 45 characters, `color` is `#rrggbb`.
    pub fn from_json(body: &Value) -> Result<HotnessChanges> {
        let map = object(body)?;
        let color = text(map, "color", 7)?;
        if let Some(Some(c)) = &color
            && !is_hex_color(c)
        {
            return Err(LionDeskError::invalid_field("color", "must be a hex color such as #3b274c", &map["color"]));
        }
        Ok(HotnessChanges { name: text(map, "name", 45)?, rank: integer(map, "rank")?, color })
    }

    pub fn apply(&self, h: &Hotness) -> Hotness {
        let mut next = h.clone();
        set(&mut next.name, &self.name);
        set(&mut next.rank, &self.rank);
        set(&mut next.color, &self.color);
        next
    }
}

// Contact sources -------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    pub id: i64,
    pub user_id: i64,
    pub name: Option<String>,
    /// Shown where a contact embeds its source, not by the sources service.
    pub created_at: String,
}

impl Source {
    /// The sources page's object (its DELETE example): id, name, user_id.
    pub fn to_json(&self) -> Map<String, Value> {
        let v = json!({"id": self.id, "name": self.name, "user_id": self.user_id});
        v.as_object().cloned().unwrap_or_default()
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct SourceChanges {
    pub name: Change<String>,
}

impl SourceChanges {
    /// `name` is not required and takes 200 characters.
    pub fn from_json(body: &Value) -> Result<SourceChanges> {
        Ok(SourceChanges { name: text(object(body)?, "name", 200)? })
    }

    pub fn apply(&self, s: &Source) -> Source {
        let mut next = s.clone();
        set(&mut next.name, &self.name);
        next
    }
}

// Custom fields ---------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq)]
pub struct CustomField {
    pub id: i64,
    pub user_id: i64,
    pub data_type: String,
    pub name: String,
    pub rank: i64,
}

/// Where `rank` is not given (the custom fields page).
pub const DEFAULT_RANK: i64 = 99999;

impl CustomField {
    /// The custom fields page's object, whose example gives `id`, `user_id` and `rank` as
    /// strings (`{"id": "147", "user_id": "13", ..., "rank": "1"}`).
    pub fn to_json(&self) -> Map<String, Value> {
        let v = json!({"id": self.id.to_string(), "user_id": self.user_id.to_string(), "data_type": self.data_type,
                       "name": self.name, "rank": self.rank.to_string()});
        v.as_object().cloned().unwrap_or_default()
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct CustomFieldChanges {
    pub data_type: Option<&'static str>,
    pub name: Option<String>,
    pub rank: Option<i64>,
}

impl CustomFieldChanges {
    /// `data_type` and `name` may be left out of a patch but never set to null or blank; `rank`
    /// is an integer.
    pub fn from_json(body: &Value) -> Result<CustomFieldChanges> {
        let map = object(body)?;
        Ok(CustomFieldChanges {
            data_type: required(map, "data_type", one_of(map, "data_type", &DATA_TYPES)?, |_| false)?,
            name: required(map, "name", text(map, "name", 255)?, |s| blank(s))?,
            rank: required(map, "rank", integer(map, "rank")?, |_| false)?,
        })
    }

    /// A new custom field: `data_type` and `name` are required; `rank` defaults to 99999.
    pub fn create(&self, id: i64, user_id: i64) -> Result<CustomField> {
        Ok(CustomField {
            id,
            user_id,
            data_type: self.data_type.ok_or_else(|| missing("data_type"))?.to_owned(),
            name: self.name.clone().ok_or_else(|| missing("name"))?,
            rank: self.rank.unwrap_or(DEFAULT_RANK),
        })
    }

    pub fn apply(&self, f: &CustomField) -> CustomField {
        let mut next = f.clone();
        set(&mut next.data_type, &self.data_type.map(str::to_owned));
        set(&mut next.name, &self.name);
        set(&mut next.rank, &self.rank);
        next
    }
}

// Tags ------------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq)]
pub struct Tag {
    pub id: i64,
    pub user_id: i64,
    pub content: String,
}

/// A tag's `content` (the page gives no limit; a contact's whole `tags` takes 508).
pub const TAG_LIMIT: usize = 255;

impl Tag {
    /// The tags page's object: id, content.
    pub fn to_json(&self) -> Map<String, Value> {
        let v = json!({"id": self.id, "content": self.content});
        v.as_object().cloned().unwrap_or_default()
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct TagChanges {
    pub content: Option<String>,
}

impl TagChanges {
    pub fn from_json(body: &Value) -> Result<TagChanges> {
        let map = object(body)?;
        Ok(TagChanges { content: required(map, "content", text(map, "content", TAG_LIMIT)?, |s| blank(s))? })
    }

    /// A new tag: `content` is required.
    pub fn create(&self, id: i64, user_id: i64) -> Result<Tag> {
        Ok(Tag { id, user_id, content: self.content.clone().ok_or_else(|| missing("content"))? })
    }

    pub fn apply(&self, t: &Tag) -> Tag {
        let mut next = t.clone();
        set(&mut next.content, &self.content);
        next
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enums_match_without_case_and_store_the_documented_spelling() {
        let c = AddressChanges::from_json(&json!({"type": "main office", "zip": 75482})).unwrap();
        assert_eq!((c.kind, c.text[2].clone()), (Some(Some("Main Office")), Some(Some("75482".to_owned()))));
        let e = AddressChanges::from_json(&json!({"type": "Castle"})).unwrap_err();
        assert_eq!(
            e.to_string(),
            "Validation error: type must be one of: Home, Main Office, Branch Office, Second Home, Investment, Mailing"
        );
    }

    #[test]
    fn required_fields_refuse_null_and_blank_and_ranks_take_numeric_strings() {
        let c = CustomFieldChanges::from_json(&json!({"data_type": "dollar amt", "name": "Budget", "rank": "1"})).unwrap();
        assert_eq!(c.create(1, 2).unwrap().rank, 1);
        assert_eq!(c.create(1, 2).unwrap().data_type, "Dollar Amt");
        assert!(CustomFieldChanges::from_json(&json!({"name": null})).is_err());
        assert!(CustomFieldChanges::from_json(&json!({"name": "  "})).is_err());
        assert!(CustomFieldChanges::from_json(&json!({"rank": 2.5})).is_err());
        assert!(CustomFieldChanges::from_json(&json!({"rank": 2147483648_i64})).is_err());
        assert_eq!(
            CustomFieldChanges::from_json(&json!({"name": "x"})).unwrap().create(1, 1).unwrap_err().to_string(),
            "Validation error: data_type is required"
        );
    }

    #[test]
    fn hotness_colors_are_hex() {
        assert!(HotnessChanges::from_json(&json!({"color": "#3b274C"})).is_ok());
        assert!(HotnessChanges::from_json(&json!({"color": "red"})).is_err());
        assert!(HotnessChanges::from_json(&json!({"color": "#3b274c1"})).is_err());
        assert!(HotnessChanges::from_json(&json!({"color": null})).is_ok());
    }
}

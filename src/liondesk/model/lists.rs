//! A contact's addresses and each user's lists (hotnesses, contact sources, custom fields,
//! tags): the records as the API answers them, in the field order of their pages, and the
//! bodies of a create or patch, read field by field against the pages' limits. Keys a record
//! does not have are ignored, as on contacts; `id` and `user_id` are never writable.

use serde::Serialize;
use serde_json::{Map, Value, json};

use super::super::error::{LionDeskError, Result};
use super::input::{Change, FromBody, blank, integer_value, missing, object, one_of, required_change, set, text_value};
use super::{Wire, object_of, serialized};
use crate::core::json::Object;

/// The address types the addresses page lists.
pub const ADDRESS_TYPES: [&str; 6] = ["Home", "Main Office", "Branch Office", "Second Home", "Investment", "Mailing"];

/// The custom field data types the custom fields page lists.
pub const DATA_TYPES: [&str; 4] = ["Text", "Number", "Date", "Dollar Amt"];

// Addresses -------------------------------------------------------------------------------

/// An address of a contact; the page's `type` is `kind`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Address {
    pub id: i64,
    pub contact_id: i64,
    pub kind: Option<String>,
    pub street_address_1: Option<String>,
    pub street_address_2: Option<String>,
    pub zip: Option<String>,
    pub city: Option<String>,
    pub state: Option<String>,
    pub created_at: Option<String>,
    pub modified_at: Option<String>,
}

/// The addresses page's object, with the id as `id`.
#[derive(Serialize)]
pub struct AddressOut<'a, Id> {
    id: Id,
    #[serde(rename = "type")]
    kind: &'a Option<String>,
    street_address_1: &'a Option<String>,
    street_address_2: &'a Option<String>,
    zip: &'a Option<String>,
    city: &'a Option<String>,
    state: &'a Option<String>,
    created_at: &'a Option<String>,
    modified_at: &'a Option<String>,
}

impl Address {
    fn out<Id>(&self, id: Id) -> AddressOut<'_, Id> {
        AddressOut {
            id,
            kind: &self.kind,
            street_address_1: &self.street_address_1,
            street_address_2: &self.street_address_2,
            zip: &self.zip,
            city: &self.city,
            state: &self.state,
            created_at: &self.created_at,
            modified_at: &self.modified_at,
        }
    }

    /// As a contact embeds it: the id is a number, as the contacts page prints it.
    pub fn embedded(&self) -> AddressOut<'_, i64> {
        self.out(self.id)
    }
}

impl Wire for Address {
    /// The addresses page's object; its example gives the id as a string (`"147"`).
    fn to_json(&self) -> Map<String, Value> {
        serialized(&self.out(self.id.to_string()))
    }
}

/// The writable fields of an address (`created_at` and `modified_at` are not, the page says).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AddressChanges {
    pub kind: Change<&'static str>,
    pub street_address_1: Change<String>,
    pub street_address_2: Change<String>,
    pub zip: Change<String>,
    pub city: Change<String>,
    pub state: Change<String>,
}

impl FromBody for AddressChanges {
    /// The page's limits: 45 characters for the street lines and the zip, 200 for city and state.
    fn from_json(body: &Value) -> Result<AddressChanges> {
        let map = object(body)?;
        Ok(AddressChanges {
            kind: one_of(map, "type", &ADDRESS_TYPES)?,
            street_address_1: text_value(map, "street_address_1", 45)?,
            street_address_2: text_value(map, "street_address_2", 45)?,
            zip: text_value(map, "zip", 45)?,
            city: text_value(map, "city", 200)?,
            state: text_value(map, "state", 200)?,
        })
    }
}

impl AddressChanges {
    /// `address` with these changes applied.
    pub fn apply(&self, address: &Address) -> Address {
        let mut next = address.clone();
        set(&mut next.kind, &self.kind.map(|kind| kind.map(str::to_owned)));
        set(&mut next.street_address_1, &self.street_address_1);
        set(&mut next.street_address_2, &self.street_address_2);
        set(&mut next.zip, &self.zip);
        set(&mut next.city, &self.city);
        set(&mut next.state, &self.state);
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

impl Wire for Hotness {
    /// The hotnesses page's object (its DELETE example): id, rank, user_id, name, color.
    fn to_json(&self) -> Map<String, Value> {
        object_of(json!({"id": self.id, "rank": self.rank, "user_id": self.user_id, "name": self.name, "color": self.color}))
    }
}

/// A hotness as a contact embeds it (the contacts page): name, rank, color.
#[derive(Serialize)]
pub struct HotnessOut<'a> {
    name: &'a Option<String>,
    rank: Option<i64>,
    color: &'a Option<String>,
}

impl Hotness {
    pub fn embedded(&self) -> HotnessOut<'_> {
        HotnessOut { name: &self.name, rank: self.rank, color: &self.color }
    }
}

impl HotnessOut<'_> {
    /// Its JSON as serialized, written by hand (`core::json`).
    pub fn write(&self, out: &mut Vec<u8>) {
        let mut o = Object::start(out);
        o.opt_str("name", self.name.as_deref());
        o.opt_int("rank", self.rank);
        o.opt_str("color", self.color.as_deref());
        o.end();
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

impl FromBody for HotnessChanges {
    /// No field is required; `name` takes 45 characters, `color` is `#rrggbb`.
    fn from_json(body: &Value) -> Result<HotnessChanges> {
        let map = object(body)?;
        let color = text_value(map, "color", 7)?;
        if let Some(Some(c)) = &color
            && !is_hex_color(c)
        {
            return Err(LionDeskError::invalid_field("color", "must be a hex color such as #3b274c", &map["color"]));
        }
        Ok(HotnessChanges { name: text_value(map, "name", 45)?, rank: integer_value(map, "rank")?, color })
    }
}

impl HotnessChanges {
    /// `h` with these changes applied.
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

impl Wire for Source {
    /// The sources page's object (its DELETE example): id, name, user_id.
    fn to_json(&self) -> Map<String, Value> {
        object_of(json!({"id": self.id, "name": self.name, "user_id": self.user_id}))
    }
}

/// A source as a contact embeds it (the contacts page): id, name, user_id, created_at.
#[derive(Serialize)]
pub struct SourceOut<'a> {
    id: i64,
    name: &'a Option<String>,
    user_id: i64,
    created_at: &'a str,
}

impl Source {
    pub fn embedded(&self) -> SourceOut<'_> {
        SourceOut { id: self.id, name: &self.name, user_id: self.user_id, created_at: &self.created_at }
    }
}

impl SourceOut<'_> {
    /// Its JSON as serialized, written by hand (`core::json`).
    pub fn write(&self, out: &mut Vec<u8>) {
        let mut o = Object::start(out);
        o.int("id", self.id);
        o.opt_str("name", self.name.as_deref());
        o.int("user_id", self.user_id);
        o.str("created_at", self.created_at);
        o.end();
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct SourceChanges {
    pub name: Change<String>,
}

impl FromBody for SourceChanges {
    /// `name` is not required and takes 200 characters.
    fn from_json(body: &Value) -> Result<SourceChanges> {
        Ok(SourceChanges { name: text_value(object(body)?, "name", 200)? })
    }
}

impl SourceChanges {
    /// `s` with these changes applied.
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

impl Wire for CustomField {
    /// The custom fields page's object, whose example gives `id`, `user_id` and `rank` as
    /// strings (`{"id": "147", "user_id": "13", ..., "rank": "1"}`).
    fn to_json(&self) -> Map<String, Value> {
        object_of(json!({"id": self.id.to_string(), "user_id": self.user_id.to_string(), "data_type": self.data_type,
                           "name": self.name, "rank": self.rank.to_string()}))
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct CustomFieldChanges {
    pub data_type: Option<&'static str>,
    pub name: Option<String>,
    pub rank: Option<i64>,
}

impl FromBody for CustomFieldChanges {
    /// `data_type` and `name` may be left out of a patch but never set to null or blank; `rank`
    /// is an integer.
    fn from_json(body: &Value) -> Result<CustomFieldChanges> {
        let map = object(body)?;
        Ok(CustomFieldChanges {
            data_type: required_change(map, "data_type", one_of(map, "data_type", &DATA_TYPES)?, |_| false)?,
            name: required_change(map, "name", text_value(map, "name", 255)?, |s| blank(s))?,
            rank: required_change(map, "rank", integer_value(map, "rank")?, |_| false)?,
        })
    }
}

impl CustomFieldChanges {
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

    /// `f` with these changes applied.
    pub fn apply(&self, f: &CustomField) -> CustomField {
        let mut next = f.clone();
        set(&mut next.data_type, &self.data_type.map(str::to_owned));
        set(&mut next.name, &self.name);
        set(&mut next.rank, &self.rank);
        next
    }
}

/// A contact's value of a custom field (the custom field values page).
#[derive(Debug, Clone, PartialEq)]
pub struct CustomValue {
    pub contact_id: i64,
    pub field: CustomField,
    pub value: Option<String>,
}

/// A custom field value as a contact embeds it, numbers as the contacts page prints them: the
/// field's id, user_id, name, rank and data_type, then the value.
#[derive(Serialize)]
pub struct CustomValueOut<'a> {
    id: i64,
    user_id: i64,
    name: &'a str,
    rank: i64,
    data_type: &'a str,
    value: &'a Option<String>,
}

impl CustomValue {
    pub fn embedded(&self) -> CustomValueOut<'_> {
        let f = &self.field;
        CustomValueOut { id: f.id, user_id: f.user_id, name: &f.name, rank: f.rank, data_type: &f.data_type, value: &self.value }
    }
}

impl CustomValueOut<'_> {
    /// Its JSON as serialized, written by hand (`core::json`).
    pub fn write(&self, out: &mut Vec<u8>) {
        let mut o = Object::start(out);
        o.int("id", self.id);
        o.int("user_id", self.user_id);
        o.str("name", self.name);
        o.int("rank", self.rank);
        o.str("data_type", self.data_type);
        o.opt_str("value", self.value.as_deref());
        o.end();
    }
}

impl Wire for CustomValue {
    fn to_json(&self) -> Map<String, Value> {
        serialized(&self.embedded())
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

impl Wire for Tag {
    /// The tags page's object: id, content.
    fn to_json(&self) -> Map<String, Value> {
        object_of(json!({"id": self.id, "content": self.content}))
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct TagChanges {
    pub content: Option<String>,
}

impl FromBody for TagChanges {
    fn from_json(body: &Value) -> Result<TagChanges> {
        let map = object(body)?;
        Ok(TagChanges { content: required_change(map, "content", text_value(map, "content", TAG_LIMIT)?, |s| blank(s))? })
    }
}

impl TagChanges {
    /// A new tag: `content` is required.
    pub fn create(&self, id: i64, user_id: i64) -> Result<Tag> {
        Ok(Tag { id, user_id, content: self.content.clone().ok_or_else(|| missing("content"))? })
    }

    /// `t` with these changes applied.
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
        assert_eq!((c.kind, c.zip), (Some(Some("Main Office")), Some(Some("75482".to_owned()))));
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

//! The contact (LionDesk's contacts page): as stored and answered, with the objects an answer
//! embeds; the body of a create or patch, checked field by field against the page's limits;
//! and the rules of creating and changing one, which the API and arranging share: who may be
//! assigned, which hotness, source and custom fields a user may set, and `owner_user_id`
//! always being the submitter.

use serde::Serialize;
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use super::super::error::{LionDeskError, Result};
use super::super::store::contacts::{self as store, Owned};
use super::super::store::embeds::Embeds;
use super::super::store::users;
use super::input::{Change, FromBody, id_value, instant_value, object, read_id, set, text_value};
use super::lists::{CustomValue, CustomValueOut, Hotness, HotnessOut, Source, SourceOut};
use super::{Wire, serialized};
use crate::core::TenantId;
use crate::core::Tx;
use crate::core::json::Object;

/// The limit of `tags`, the comma-separated tags of a contact (the page's table).
pub const TAGS_LIMIT: usize = 508;

/// The page's limit of each text field; the two it gives none take 255.
fn limit(field: &str) -> usize {
    match field {
        "first_name" | "last_name" | "email" | "mobile_phone" | "spouse_phone" | "spouse_birthday" => 255,
        "tags" => TAGS_LIMIT,
        _ => 45,
    }
}

/// A contact's own columns, in the page's order.
#[derive(Debug, Clone, Serialize, PartialEq, Default)]
pub struct Contact {
    pub id: i64,
    pub owner_user_id: i64,
    pub assigned_user_id: Option<i64>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub email: Option<String>,
    pub mobile_phone: Option<String>,
    pub home_phone: Option<String>,
    pub office_phone: Option<String>,
    pub fax: Option<String>,
    pub company: Option<String>,
    pub birthday: Option<String>,
    pub anniversary: Option<String>,
    pub spouse_name: Option<String>,
    pub spouse_email: Option<String>,
    pub spouse_phone: Option<String>,
    pub spouse_birthday: Option<String>,
    pub tags: Option<String>,
    pub hotness_id: Option<i64>,
    pub source_id: Option<i64>,
    pub created_at: String,
    pub modified_at: String,
    /// The stored documents of what an answer embeds (`ld_contacts.addresses_doc` and
    /// `custom_values_doc`, kept by the schema's triggers; None: none). Read, never written
    /// by the API's updates.
    #[serde(skip)]
    pub docs: Docs,
}

/// A contact's stored embed documents, as the schema keeps them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Docs {
    /// Its addresses as a contact embeds them: a JSON array in id order.
    pub addresses: Option<String>,
    /// Its custom field values: a JSON array of `[custom_field_id, value]` in field id order.
    pub custom_values: Option<String>,
}

impl Wire for Contact {
    /// The wire object without the embedded objects.
    fn to_json(&self) -> Map<String, Value> {
        serialized(self)
    }
}

/// What a create or patch body sets. `None`: left as it is; `Some(None)`: cleared.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct ContactChanges {
    pub assigned_user_id: Change<i64>,
    pub first_name: Change<String>,
    pub last_name: Change<String>,
    pub email: Change<String>,
    pub mobile_phone: Change<String>,
    pub home_phone: Change<String>,
    pub office_phone: Change<String>,
    pub fax: Change<String>,
    pub company: Change<String>,
    pub birthday: Change<String>,
    pub anniversary: Change<String>,
    pub spouse_name: Change<String>,
    pub spouse_email: Change<String>,
    pub spouse_phone: Change<String>,
    pub spouse_birthday: Change<String>,
    pub tags: Change<String>,
    pub hotness_id: Change<i64>,
    pub source_id: Change<i64>,
    pub created_at: Option<String>,
    pub modified_at: Option<String>,
    /// `custom_fields: [{"id", "value"}]`: the custom field ids and the values to set.
    pub custom_fields: Option<Vec<(i64, Option<String>)>>,
}

impl FromBody for ContactChanges {
    /// Reads a JSON body. Keys the contact does not have are ignored (as the real service
    /// ignores them); `id` and `owner_user_id` are never writable.
    fn from_json(body: &Value) -> Result<ContactChanges> {
        let map = object(body)?;
        let text = |field: &str| text_value(map, field, limit(field));
        Ok(ContactChanges {
            assigned_user_id: id_value(map, "assigned_user_id", true)?,
            first_name: text("first_name")?,
            last_name: text("last_name")?,
            email: text("email")?,
            mobile_phone: text("mobile_phone")?,
            home_phone: text("home_phone")?,
            office_phone: text("office_phone")?,
            fax: text("fax")?,
            company: text("company")?,
            birthday: text("birthday")?,
            anniversary: text("anniversary")?,
            spouse_name: text("spouse_name")?,
            spouse_email: text("spouse_email")?,
            spouse_phone: text("spouse_phone")?,
            spouse_birthday: text("spouse_birthday")?,
            tags: text("tags")?,
            hotness_id: id_value(map, "hotness_id", true)?,
            source_id: id_value(map, "source_id", true)?,
            created_at: instant_value(map, "created_at")?.flatten(),
            modified_at: instant_value(map, "modified_at")?.flatten(),
            custom_fields: map.get("custom_fields").map(custom_values).transpose()?,
        })
    }
}

impl ContactChanges {
    /// `contact` with these changes applied (`now` stamps `modified_at` unless given).
    pub fn apply(&self, contact: &Contact, now: &str) -> Contact {
        let mut next = contact.clone();
        set(&mut next.assigned_user_id, &self.assigned_user_id);
        set(&mut next.first_name, &self.first_name);
        set(&mut next.last_name, &self.last_name);
        set(&mut next.email, &self.email);
        set(&mut next.mobile_phone, &self.mobile_phone);
        set(&mut next.home_phone, &self.home_phone);
        set(&mut next.office_phone, &self.office_phone);
        set(&mut next.fax, &self.fax);
        set(&mut next.company, &self.company);
        set(&mut next.birthday, &self.birthday);
        set(&mut next.anniversary, &self.anniversary);
        set(&mut next.spouse_name, &self.spouse_name);
        set(&mut next.spouse_email, &self.spouse_email);
        set(&mut next.spouse_phone, &self.spouse_phone);
        set(&mut next.spouse_birthday, &self.spouse_birthday);
        set(&mut next.tags, &self.tags);
        set(&mut next.hotness_id, &self.hotness_id);
        set(&mut next.source_id, &self.source_id);
        set(&mut next.created_at, &self.created_at);
        next.modified_at = self.modified_at.clone().unwrap_or_else(|| now.to_owned());
        next
    }
}

/// `custom_fields: [{"id": 21, "value": "..."}]`.
fn custom_values(value: &Value) -> Result<Vec<(i64, Option<String>)>> {
    let bad = || LionDeskError::invalid_field("custom_fields", "must be a list of {\"id\", \"value\"} objects", value);
    let Value::Array(items) = value else { return Err(bad()) };
    if items.len() > 500 {
        return Err(LionDeskError::invalid_field("custom_fields", "must hold at most 500 values", &Value::Null));
    }
    items
        .iter()
        .map(|item| {
            let id = item.get("id").ok_or_else(bad).and_then(|id| read_id("custom_fields.id", id, false))?.ok_or_else(bad)?;
            let text = match item.get("value") {
                None | Some(Value::Null) => None,
                Some(Value::String(s)) if s.chars().count() <= 2000 => Some(s.clone()),
                Some(Value::Number(n)) => Some(n.to_string()),
                Some(Value::Bool(b)) => Some(b.to_string()),
                Some(other) => {
                    let reason = "must be a string of at most 2000 characters";
                    return Err(LionDeskError::invalid_field("custom_fields.value", reason, other));
                }
            };
            Ok((id, text))
        })
        .collect()
}

/// Which embedded objects an answer carries (all of them unless `$select` names only some).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Wanted {
    pub addresses: bool,
    pub hotness: bool,
    pub custom_fields: bool,
    pub source: bool,
}

impl Wanted {
    /// What `$select` (none: everything) asks for.
    pub fn from_select(select: Option<&[&str]>) -> Wanted {
        let wants = |name| select.is_none_or(|names| names.contains(&name));
        Wanted {
            addresses: wants("addresses"),
            hotness: wants("hotness"),
            custom_fields: wants("custom_fields"),
            source: wants("source"),
        }
    }
}

/// A contact as an answer carries it: its own columns, then the embeds the contacts page shows
/// on get and find, those `wanted` asks for: `addresses`, `hotness` (`{name, rank, color}`),
/// `custom_fields` (the contact's values of the asking user's custom fields) and `source`
/// (`{id, name, user_id, created_at}`). Serialized straight into the answer's bytes.
#[derive(Serialize)]
pub struct Answer<'a> {
    #[serde(flatten)]
    contact: &'a Contact,
    #[serde(skip_serializing_if = "Option::is_none")]
    addresses: Option<Stored<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    hotness: Option<Option<HotnessOut<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    custom_fields: Option<Embedded<'a, CustomValue, CustomValueOut<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<Option<SourceOut<'a>>>,
}

/// A contact's list of embedded records (none: `[]`), each as `view` shows it.
pub struct Embedded<'a, T, Out> {
    records: Option<&'a Vec<T>>,
    view: fn(&'a T) -> Out,
}

impl<'a, T, Out: Serialize> Serialize for Embedded<'a, T, Out> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_seq(self.records.into_iter().flatten().map(self.view))
    }
}

/// A stored JSON document (none: `[]`), written into the answer as it is.
pub struct Stored<'a>(Option<&'a str>);

impl Serialize for Stored<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let raw: &RawValue = serde_json::from_str(self.0.unwrap_or("[]")).map_err(serde::ser::Error::custom)?;
        raw.serialize(s)
    }
}

impl<'a> Answer<'a> {
    /// Its JSON, the bytes its `Serialize` gives, written by hand (`core::json`): a page's
    /// fifty answers through serde spent a fifth of the page's time, most of it escaping keys.
    /// The stored addresses document is written as the schema's triggers built it.
    pub fn write(&self, out: &mut Vec<u8>) {
        let c = self.contact;
        let mut o = Object::start(out);
        o.int("id", c.id);
        o.int("owner_user_id", c.owner_user_id);
        o.opt_int("assigned_user_id", c.assigned_user_id);
        o.opt_str("first_name", c.first_name.as_deref());
        o.opt_str("last_name", c.last_name.as_deref());
        o.opt_str("email", c.email.as_deref());
        o.opt_str("mobile_phone", c.mobile_phone.as_deref());
        o.opt_str("home_phone", c.home_phone.as_deref());
        o.opt_str("office_phone", c.office_phone.as_deref());
        o.opt_str("fax", c.fax.as_deref());
        o.opt_str("company", c.company.as_deref());
        o.opt_str("birthday", c.birthday.as_deref());
        o.opt_str("anniversary", c.anniversary.as_deref());
        o.opt_str("spouse_name", c.spouse_name.as_deref());
        o.opt_str("spouse_email", c.spouse_email.as_deref());
        o.opt_str("spouse_phone", c.spouse_phone.as_deref());
        o.opt_str("spouse_birthday", c.spouse_birthday.as_deref());
        o.opt_str("tags", c.tags.as_deref());
        o.opt_int("hotness_id", c.hotness_id);
        o.opt_int("source_id", c.source_id);
        o.str("created_at", &c.created_at);
        o.str("modified_at", &c.modified_at);
        if let Some(Stored(doc)) = &self.addresses {
            o.raw("addresses", doc.unwrap_or("[]"));
        }
        match &self.hotness {
            Some(Some(hotness)) => hotness.write(o.field("hotness")),
            Some(None) => o.null("hotness"),
            None => {}
        }
        if let Some(values) = &self.custom_fields {
            o.array("custom_fields", values.records.into_iter().flatten().map(values.view), |out, v| v.write(out));
        }
        match &self.source {
            Some(Some(source)) => source.write(o.field("source")),
            Some(None) => o.null("source"),
            None => {}
        }
        o.end();
    }

    pub fn new(c: &'a Contact, embeds: &'a Embeds, wanted: Wanted) -> Answer<'a> {
        Answer {
            contact: c,
            addresses: wanted.addresses.then_some(Stored(c.docs.addresses.as_deref())),
            hotness: wanted.hotness.then(|| c.hotness_id.and_then(|id| embeds.hotnesses.get(&id)).map(Hotness::embedded)),
            custom_fields: wanted
                .custom_fields
                .then(|| Embedded { records: embeds.custom_values.get(&c.id), view: CustomValue::embedded }),
            source: wanted.source.then(|| c.source_id.and_then(|id| embeds.sources.get(&id)).map(Source::embedded)),
        }
    }
}

/// Checks what `changes` refer to, as `user` submits them.
pub fn check(tx: &Tx, tenant: &TenantId, user: i64, changes: &ContactChanges) -> Result<()> {
    if let Some(Some(assigned)) = changes.assigned_user_id
        && !users::in_same_team(tx, tenant, user, assigned)?
    {
        let reason = format!("must be a user of one of your teams ({assigned} is not)");
        return Err(LionDeskError::invalid_field("assigned_user_id", &reason, &Value::from(assigned)));
    }
    if let Some(Some(id)) = changes.hotness_id
        && !store::owns(tx, tenant, Owned::Hotness, user, id)?
    {
        let reason = format!("must be one of your hotnesses ({id} is not)");
        return Err(LionDeskError::invalid_field("hotness_id", &reason, &Value::from(id)));
    }
    if let Some(Some(id)) = changes.source_id
        && !store::owns(tx, tenant, Owned::Source, user, id)?
    {
        let reason = format!("must be one of your contact sources ({id} is not)");
        return Err(LionDeskError::invalid_field("source_id", &reason, &Value::from(id)));
    }
    for (id, _) in changes.custom_fields.iter().flatten() {
        if !store::owns(tx, tenant, Owned::CustomField, user, *id)? {
            let reason = format!("must name your custom fields ({id} is not one)");
            return Err(LionDeskError::invalid_field("custom_fields", &reason, &Value::from(*id)));
        }
    }
    Ok(())
}

/// Creates contact `id` (the next of the contacts' sequence when none), owned by `owner`, from
/// what `owner` submits. A refused body changes nothing: it is checked before the id is taken.
pub fn create(tx: &Tx, tenant: &TenantId, owner: i64, id: Option<i64>, changes: &ContactChanges, now: &str) -> Result<Contact> {
    check(tx, tenant, owner, changes)?;
    let id = match id {
        Some(id) => id,
        None => store::TABLE.next_id(tx, tenant)?,
    };
    let blank = Contact { id, owner_user_id: owner, created_at: now.to_owned(), ..Contact::default() };
    let contact = changes.apply(&blank, now);
    store::insert(tx, tenant, &contact)?;
    set_custom_values(tx, tenant, contact, changes)
}

/// Applies `changes` to `contact` as `user` submits them; answers the contact as stored.
pub fn patch(tx: &Tx, tenant: &TenantId, user: i64, contact: &Contact, changes: &ContactChanges, now: &str) -> Result<Contact> {
    // Only what changes is checked: a body that sends a contact back as read (another user's
    // assignee, hotness or source included) is not refused for what it leaves as it was.
    let mut changed = changes.clone();
    if changed.assigned_user_id == Some(contact.assigned_user_id) {
        changed.assigned_user_id = None;
    }
    if changed.hotness_id == Some(contact.hotness_id) {
        changed.hotness_id = None;
    }
    if changed.source_id == Some(contact.source_id) {
        changed.source_id = None;
    }
    check(tx, tenant, user, &changed)?;
    let next = changes.apply(contact, now);
    store::update(tx, tenant, &next)?;
    set_custom_values(tx, tenant, next, changes)
}

/// Stores each value given; a null one stays on the contact, as `null` (the contacts page's
/// example lists such a value). Answers `contact` with its documents as they now are.
fn set_custom_values(tx: &Tx, tenant: &TenantId, contact: Contact, changes: &ContactChanges) -> Result<Contact> {
    let Some(values) = &changes.custom_fields else { return Ok(contact) };
    for (field, value) in values {
        store::set_custom_value(tx, tenant, contact.id, *field, value.as_deref())?;
    }
    Ok(Contact { docs: store::docs(tx, tenant, contact.id)?, ..contact })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ids_take_numbers_or_numeric_strings_and_zero_clears_a_source() {
        let c = ContactChanges::from_json(&json!({"assigned_user_id": "2", "source_id": 0, "hotness_id": 12})).unwrap();
        assert_eq!((c.assigned_user_id, c.source_id, c.hotness_id), (Some(Some(2)), Some(None), Some(Some(12))));
        assert!(ContactChanges::from_json(&json!({"hotness_id": "hot"})).is_err());
    }

    #[test]
    fn text_limits_follow_the_document() {
        assert!(ContactChanges::from_json(&json!({"company": "x".repeat(45)})).is_ok());
        let err = ContactChanges::from_json(&json!({"company": "x".repeat(46)})).unwrap_err();
        assert_eq!(err.to_string(), "Validation error: company must be at most 45 characters");
        assert!(ContactChanges::from_json(&json!({"tags": "t".repeat(508), "secondary_email": "ignored"})).is_ok());
        assert!(ContactChanges::from_json(&json!({"spouse_birthday": "t".repeat(255)})).is_ok());
        assert!(ContactChanges::from_json(&json!({"first_name": ["x"]})).is_err());
    }

    #[test]
    fn an_answer_written_by_hand_is_its_serialized_json() {
        use super::super::lists::CustomField;
        use std::collections::HashMap;
        use std::sync::Arc;

        let field = |id, name: &str| CustomField { id, user_id: 7, data_type: "Text".into(), name: name.into(), rank: 3 };
        let mut embeds = Embeds {
            hotnesses: Arc::new(HashMap::from([(
                12,
                Hotness { id: 12, user_id: 7, name: Some("Hot".into()), rank: None, color: None },
            )])),
            sources: Arc::new(HashMap::from([(
                5,
                Source {
                    id: 5,
                    user_id: 7,
                    name: Some("Zillow \"Premier\"".into()),
                    created_at: "2020-01-02T03:04:05.000Z".into(),
                },
            )])),
            ..Embeds::default()
        };
        let values = vec![
            CustomValue { contact_id: 1, field: field(21, "Spouse's job"), value: Some("line\nbreak".into()) },
            CustomValue { contact_id: 1, field: field(22, "Pets"), value: None },
        ];
        embeds.custom_values.insert(1, values);
        let full = Contact {
            id: 1,
            owner_user_id: 7,
            assigned_user_id: Some(8),
            first_name: Some("Zoë".into()),
            last_name: Some("O'Brien \\ Sons".into()),
            email: Some("zoe@example.com".into()),
            company: Some("Tab\there".into()),
            tags: Some("a,b".into()),
            hotness_id: Some(12),
            source_id: Some(5),
            created_at: "2021-05-06T07:08:09.000Z".into(),
            modified_at: "2022-05-06T07:08:09.000Z".into(),
            docs: Docs { addresses: Some(r#"[{"id":3,"street_address_1":"1 Main St"}]"#.into()), custom_values: None },
            ..Contact::default()
        };
        // A hotness and a source it names that the tenant no longer has, no values, no addresses.
        let bare = Contact { id: 2, hotness_id: Some(99), source_id: Some(98), ..Contact::default() };
        let wants = [
            Wanted::from_select(None),
            Wanted { addresses: false, hotness: true, custom_fields: false, source: false },
            Wanted { addresses: true, hotness: false, custom_fields: true, source: true },
        ];
        for contact in [&full, &bare, &Contact::default()] {
            for wanted in wants {
                let answer = Answer::new(contact, &embeds, wanted);
                let mut written = Vec::new();
                answer.write(&mut written);
                let serialized = serde_json::to_vec(&answer).unwrap();
                assert_eq!(String::from_utf8(written).unwrap(), String::from_utf8(serialized).unwrap());
            }
        }
    }

    #[test]
    fn the_wire_object_keeps_the_documents_field_order() {
        let keys: Vec<String> = Contact::default().to_json().keys().cloned().collect();
        assert_eq!(keys[..4], ["id", "owner_user_id", "assigned_user_id", "first_name"]);
        assert_eq!(keys[16..], ["spouse_birthday", "tags", "hotness_id", "source_id", "created_at", "modified_at"]);
    }
}

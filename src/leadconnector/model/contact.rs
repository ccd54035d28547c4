//! A contact and the shapes the API shows it in: `GetContectByIdSchema` (get, update, upsert),
//! `CreateContactSchema` (create) and the list item (the full contact plus `attributions` and
//! `followers`, docs/fidelity.md), each in the OpenAPI schema's key order. A contact's fields are
//! kept in the wire spelling (`data`); the lowercase copies, `name` and the dates are derived
//! when it is shown. A field that was never set is left out, as the vendor leaves it out.

use std::borrow::Cow;
use std::sync::Arc;

use serde_json::{Map, Value, json};

use crate::core::clock::to_rfc3339_millis;
use crate::core::json::Object;

/// A stored contact.
#[derive(Debug, Clone, PartialEq)]
pub struct Contact {
    pub id: String,
    /// Epoch milliseconds.
    pub date_added: i64,
    pub date_updated: i64,
    /// Every other field, in the wire spelling. Shared: a page's rows are kept between reads
    /// and cloned out of them (`store::contacts`); a change makes its own copy.
    pub data: Arc<Map<String, Value>>,
}

/// The shapes a contact is shown in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// `GetContectByIdSchema`.
    Get,
    /// `CreateContactSchema`.
    Create,
    /// An item of a list: `Get` plus `attributions` and `followers`.
    List,
}

/// `GetContectByIdSchema`'s keys, in its order.
const GET_KEYS: &[&str] = &[
    "id",
    "name",
    "locationId",
    "firstName",
    "lastName",
    "email",
    "emailLowerCase",
    "timezone",
    "companyName",
    "phone",
    "dnd",
    "dndSettings",
    "type",
    "source",
    "assignedTo",
    "address1",
    "city",
    "state",
    "country",
    "postalCode",
    "website",
    "tags",
    "dateOfBirth",
    "dateAdded",
    "dateUpdated",
    "attachments",
    "ssn",
    "keyword",
    "firstNameLowerCase",
    "fullNameLowerCase",
    "lastNameLowerCase",
    "lastActivity",
    "customFields",
    "businessId",
    "attributionSource",
    "lastAttributionSource",
    "visitorId",
];

/// `CreateContactSchema`'s keys, in its order.
const CREATE_KEYS: &[&str] = &[
    "id",
    "dateAdded",
    "dateUpdated",
    "deleted",
    "tags",
    "type",
    "customFields",
    "locationId",
    "firstName",
    "firstNameLowerCase",
    "fullNameLowerCase",
    "lastName",
    "lastNameLowerCase",
    "email",
    "emailLowerCase",
    "dnd",
    "dndSettings",
    "phone",
    "address1",
    "city",
    "state",
    "country",
    "postalCode",
    "website",
    "source",
    "companyName",
    "dateOfBirth",
    "birthMonth",
    "birthDay",
    "businessId",
    "assignedTo",
];

/// A timestamp as the API writes it (`2021-07-02T05:18:26.704Z`).
pub fn iso(millis: i64) -> String {
    chrono::DateTime::from_timestamp_millis(millis).map(to_rfc3339_millis).unwrap_or_default()
}

impl Contact {
    fn text(&self, key: &str) -> Option<&str> {
        self.data.get(key).and_then(Value::as_str).filter(|s| !s.is_empty())
    }

    /// `firstName lastName`, or the `name` given when there is neither.
    pub fn full_name(&self) -> Option<String> {
        let joined: Vec<&str> = [self.text("firstName"), self.text("lastName")].into_iter().flatten().collect();
        if joined.is_empty() { self.text("name").map(str::to_owned) } else { Some(joined.join(" ")) }
    }

    pub fn email_lower(&self) -> Option<String> {
        self.text("email").map(str::to_lowercase)
    }

    pub fn phone(&self) -> Option<String> {
        self.text("phone").map(str::to_owned)
    }

    pub fn business_id(&self) -> Option<String> {
        self.text("businessId").map(str::to_owned)
    }

    pub fn tags(&self) -> Vec<String> {
        self.data
            .get("tags")
            .and_then(Value::as_array)
            .map(|tags| tags.iter().filter_map(Value::as_str).map(str::to_owned).collect())
            .unwrap_or_default()
    }

    pub fn set_tags(&mut self, tags: Vec<String>) {
        Arc::make_mut(&mut self.data).insert("tags".into(), json!(tags));
    }

    /// What `query` matches a substring of: the lowercase name, email, phone, company and tags.
    pub fn search_text(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        parts.extend(self.full_name());
        parts.extend(self.text("email").map(str::to_owned));
        parts.extend(self.text("phone").map(str::to_owned));
        parts.extend(self.text("companyName").map(str::to_owned));
        parts.extend(self.tags());
        parts.join("\n").to_lowercase()
    }

    /// The value of `key` in the shapes (derived, or stored and borrowed); `None`: left out.
    fn field(&self, key: &str, form: Form, location_id: &str) -> Option<Cow<'_, Value>> {
        let owned = |value: Value| Cow::Owned(value);
        let lower = |k: &str| self.text(k).map(|s| owned(json!(s.to_lowercase())));
        let stored_or = |k: &str, default: Value| self.data.get(k).map_or(Cow::Owned(default), Cow::Borrowed);
        Some(match key {
            "id" => owned(json!(self.id)),
            "locationId" => owned(json!(location_id)),
            "dateAdded" => owned(json!(iso(self.date_added))),
            "dateUpdated" => owned(json!(iso(self.date_updated))),
            "name" => owned(json!(self.full_name()?)),
            "emailLowerCase" => lower("email")?,
            "firstNameLowerCase" => lower("firstName")?,
            "lastNameLowerCase" => lower("lastName")?,
            "fullNameLowerCase" => owned(json!(self.full_name()?.to_lowercase())),
            "deleted" => owned(json!(false)),
            "dnd" => stored_or("dnd", json!(false)),
            "type" => stored_or("type", json!("lead")),
            "tags" | "customFields" => stored_or(key, json!([])),
            "dateOfBirth" => {
                let date = self.text("dateOfBirth")?;
                owned(if form == Form::Create { json!(format!("{date}T00:00:00.000Z")) } else { json!(date) })
            }
            "birthMonth" | "birthDay" => {
                let date = chrono::NaiveDate::parse_from_str(self.text("dateOfBirth")?, "%Y-%m-%d").ok()?;
                use chrono::Datelike;
                // The example's 1990-09-25 has birthMonth 8: months count from 0.
                owned(if key == "birthMonth" { json!(date.month0()) } else { json!(date.day()) })
            }
            other => Cow::Borrowed(self.data.get(other).filter(|v| !v.is_null())?),
        })
    }

    /// The contact in `form`.
    pub fn render(&self, form: Form, location_id: &str) -> Value {
        let mut out = Map::new();
        self.fields(form, location_id, |key, value| {
            out.insert(key.to_owned(), value.into_owned());
        });
        Value::Object(out)
    }

    /// The contact in `form` as JSON, written into `out`: the bytes of [`Contact::render`]'s
    /// value, without building it (a page of contacts spent a quarter of its time building and
    /// dropping those values).
    pub fn write(&self, form: Form, location_id: &str, out: &mut Vec<u8>) {
        let mut o = Object::start(out);
        self.fields(form, location_id, |key, value| o.value(key, &*value));
        o.end();
    }

    /// Each key of `form` with its value, in order.
    fn fields<'a>(&'a self, form: Form, location_id: &str, mut each: impl FnMut(&'static str, Cow<'a, Value>)) {
        let keys = if form == Form::Create { CREATE_KEYS } else { GET_KEYS };
        for &key in keys {
            if let Some(value) = self.field(key, form, location_id) {
                each(key, value);
            }
        }
        if form == Form::List {
            let attributions: Vec<&Value> =
                ["attributionSource", "lastAttributionSource"].iter().filter_map(|k| self.data.get(*k)).collect();
            each("attributions", Cow::Owned(json!(attributions)));
            each("followers", self.data.get("followers").map_or(Cow::Owned(json!([])), Cow::Borrowed));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contact(data: Value) -> Contact {
        let Value::Object(data) = data else { unreachable!() };
        Contact { id: "c".repeat(20), date_added: 1_625_203_106_704, date_updated: 1_625_203_106_704, data: Arc::new(data) }
    }

    #[test]
    fn a_contact_written_is_its_rendered_value() {
        let stored = [
            json!({}),
            json!({"name": "Only \"Name\"", "dnd": null, "type": "customer", "tags": ["a", "b\n"], "phone": null,
                   "customFields": [{"id": "f1", "value": ["x", 2]}], "dndSettings": {"SMS": {"status": "active"}},
                   "attributionSource": {"medium": "form"}, "followers": ["u1"], "dateOfBirth": "2000-02-29"}),
            json!({"firstName": "Zoë", "lastAttributionSource": {"url": "https://e.com/?a=1&b=2"}, "email": "Z@E.COM"}),
        ];
        for data in stored {
            let c = contact(data);
            for form in [Form::Get, Form::Create, Form::List] {
                let mut written = Vec::new();
                c.write(form, "Loc\t1", &mut written);
                assert_eq!(String::from_utf8(written).unwrap(), c.render(form, "Loc\t1").to_string(), "{form:?}");
            }
        }
    }

    #[test]
    fn a_contact_shows_its_derived_fields_in_the_schemas_order() {
        let c =
            contact(json!({"firstName": "Rubika", "lastName": "Deo", "email": "Rubika@Deos.com", "dateOfBirth": "1990-09-25"}));
        let got = c.render(Form::Get, "L");
        assert_eq!(
            serde_json::to_string(&got).unwrap(),
            json!({
                "id": "c".repeat(20), "name": "Rubika Deo", "locationId": "L", "firstName": "Rubika", "lastName": "Deo",
                "email": "Rubika@Deos.com", "emailLowerCase": "rubika@deos.com", "dnd": false, "type": "lead", "tags": [],
                "dateOfBirth": "1990-09-25", "dateAdded": "2021-07-02T05:18:26.704Z", "dateUpdated": "2021-07-02T05:18:26.704Z",
                "firstNameLowerCase": "rubika", "fullNameLowerCase": "rubika deo", "lastNameLowerCase": "deo", "customFields": [],
            })
            .to_string()
        );
        for form in [Form::Get, Form::Create, Form::List] {
            let mut written = Vec::new();
            c.write(form, "L", &mut written);
            assert_eq!(String::from_utf8(written).unwrap(), c.render(form, "L").to_string(), "{form:?}");
        }
        let created = c.render(Form::Create, "L");
        assert_eq!(created["dateOfBirth"], json!("1990-09-25T00:00:00.000Z"));
        assert_eq!((created["birthMonth"].clone(), created["birthDay"].clone()), (json!(8), json!(25)));
        assert_eq!(created["deleted"], json!(false));
        assert_eq!(c.search_text(), "rubika deo\nrubika@deos.com");
    }
}

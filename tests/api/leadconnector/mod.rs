//! LeadConnector over HTTP: contacts, paging, duplicates and upsert, tags, tasks, notes,
//! appointments, OAuth, rate limits, and the errors of each. `Lc::of(&tenant)` calls with the
//! tenant's private integration token and `Version: 2021-07-28`.

mod arrange;
mod contacts;
mod errors;
mod oauth;
mod paging;
mod platform;
mod rate;
mod search;
mod tasks_notes;
mod webhooks;

use serde_json::{Value, json};

use crate::helpers::{Response, TestTenant, send};

/// The version the OpenAPI file declares.
pub const VERSION: &str = "2021-07-28";

/// A tenant's LeadConnector client.
#[derive(Debug, Clone)]
pub struct Lc {
    pub base: String,
    pub credentials: Value,
    pub token: String,
}

impl Lc {
    pub fn of(tenant: &TestTenant) -> Lc {
        let credentials = tenant.credentials["leadconnector"].clone();
        let token = credentials["access_token"].as_str().expect("access_token").to_owned();
        Lc { base: format!("{}/leadconnector", tenant.base), credentials, token }
    }

    /// The same tenant called with another bearer token.
    pub fn with_token(&self, token: &str) -> Lc {
        Lc { token: token.to_owned(), ..self.clone() }
    }

    pub fn location(&self) -> String {
        self.credentials["location_id"].as_str().expect("location_id").to_owned()
    }

    /// Sends with the token, `Version` and extra `headers`.
    pub fn send_with(&self, method: &str, path: &str, headers: &[(&str, &str)], body: Option<&Value>) -> Response {
        let bearer = format!("Bearer {}", self.token);
        let mut all: Vec<(&str, &str)> = vec![("Authorization", &bearer), ("Version", VERSION)];
        all.retain(|(name, _)| !headers.iter().any(|(given, _)| given.eq_ignore_ascii_case(name)));
        all.extend_from_slice(headers);
        let body = body.map(Value::to_string);
        send(method, &format!("{}{path}", self.base), &all, body.as_deref().map(str::as_bytes))
    }

    pub fn send(&self, method: &str, path: &str, body: Option<&Value>) -> Response {
        self.send_with(method, path, &[], body)
    }

    pub fn get(&self, path: &str) -> Response {
        self.send("GET", path, None)
    }

    pub fn post(&self, path: &str, body: &Value) -> Response {
        self.send("POST", path, Some(body))
    }

    pub fn put(&self, path: &str, body: &Value) -> Response {
        self.send("PUT", path, Some(body))
    }

    pub fn delete(&self, path: &str) -> Response {
        self.send("DELETE", path, None)
    }

    /// Creates a contact of the location from `fields`; asserts 201 and answers its id.
    pub fn create_contact(&self, fields: Value) -> String {
        let mut body = fields;
        body["locationId"] = json!(self.location());
        let r = self.post("/contacts/", &body);
        assert_eq!(r.status, 201, "create contact: {}", r.text);
        r.body["contact"]["id"].as_str().expect("id").to_owned()
    }
}

/// A NestJS error body without `error` (400, 403).
pub fn nest(status: u16, message: &str) -> Value {
    json!({"statusCode": status, "message": message})
}

/// The 400 of an unknown contact.
pub fn no_contact(id: &str) -> Value {
    nest(400, &format!("Contact with id {id} not found"))
}

/// A 422 with `messages`.
pub fn unprocessable(messages: &[&str]) -> Value {
    json!({"statusCode": 422, "message": messages, "error": "Unprocessable Entity"})
}

/// Whether `text` is a timestamp as the API writes them (`2021-07-02T05:18:26.704Z`).
pub fn is_timestamp(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 24
        && b[23] == b'Z'
        && b[19] == b'.'
        && text.chars().enumerate().all(|(i, c)| matches!(i, 4 | 7 | 10 | 13 | 16 | 19 | 23) || c.is_ascii_digit())
}

/// `value` with every `dateAdded`/`dateUpdated` timestamp as `<ts>` (after checking its shape)
/// and every occurrence of each id of `ids` as its name.
pub fn scrub(value: &Value, ids: &[(&str, &str)]) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| {
                    let v = match v {
                        Value::String(s) if (k == "dateAdded" || k == "dateUpdated") && is_timestamp(s) => json!("<ts>"),
                        other => scrub(other, ids),
                    };
                    (k.clone(), v)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(|v| scrub(v, ids)).collect()),
        Value::String(s) => match ids.iter().find(|(id, _)| id == s) {
            Some((_, name)) => json!(name),
            None => value.clone(),
        },
        other => other.clone(),
    }
}

//! LiveVox over HTTP: sessions and roles, contacts, search, DND, CSV download, groups, notes,
//! custom fields and accounts. `LiveVox::of(&tenant)` logs in as one of the tenant's users and
//! calls with its `LV-Session`.

mod accounts;
mod bulk;
mod contacts;
mod custom_fields;
mod daily;
mod dnd;
mod export;
mod groups;
mod notes;
mod roles;
mod search;
mod search_fields;
mod session;
mod settings;

use serde_json::{Value, json};

use crate::helpers::{Response, TestTenant, send};

/// LiveVox's error body.
pub fn lv_error(code: u16, message: &str) -> Value {
    json!({"code": code, "message": message})
}

/// The 401 of a call without a live session.
pub fn invalid_session() -> Value {
    lv_error(401, "Session is not valid")
}

/// A tenant's LiveVox client: its base URL and credentials.
#[derive(Debug, Clone)]
pub struct LiveVox {
    pub base: String,
    pub credentials: Value,
}

impl LiveVox {
    pub fn of(tenant: &TestTenant) -> LiveVox {
        LiveVox { base: format!("{}/livevox", tenant.base), credentials: tenant.credentials["livevox"].clone() }
    }

    pub fn access_token(&self) -> &str {
        self.credentials["access_token"].as_str().expect("access_token")
    }

    pub fn client_name(&self) -> &str {
        self.credentials["client_name"].as_str().expect("client_name")
    }

    pub fn client_id(&self) -> i64 {
        self.credentials["client_id"].as_i64().expect("client_id")
    }

    /// The user of `role` (`Sysadmin`, `Superuser`, `Manager`, `IT User`, `Agent`): its index
    /// (its user id is one more), name and password.
    pub fn user(&self, role: &str) -> (usize, String, String) {
        let users = self.credentials["users"].as_array().expect("users");
        let (i, user) = users.iter().enumerate().find(|(_, u)| u["role"] == json!(role)).expect("a user of the role");
        (i, user["user_name"].as_str().unwrap().to_owned(), user["password"].as_str().unwrap().to_owned())
    }

    /// `POST {path}` with `LV-Access` (when given) and `body`.
    pub fn login_at(&self, path: &str, token: Option<&str>, body: &Value) -> Response {
        let headers: Vec<(&str, &str)> = token.map(|t| vec![("LV-Access", t)]).unwrap_or_default();
        send("POST", &format!("{}{path}", self.base), &headers, Some(body.to_string().as_bytes()))
    }

    /// The login body of the user of `role` (agents with `"agent": true`).
    pub fn login_body(&self, role: &str) -> Value {
        let (_, name, password) = self.user(role);
        json!({"clientName": self.client_name(), "userName": name, "password": password, "agent": role == "Agent"})
    }

    /// Logs the user of `role` in; asserts 200.
    pub fn login(&self, role: &str) -> Session {
        let r = self.login_at("/session/login", Some(self.access_token()), &self.login_body(role));
        assert_eq!(r.status, 200, "login as {role}: {}", r.text);
        Session { base: self.base.clone(), id: r.body["sessionId"].as_str().expect("sessionId").to_owned() }
    }

    /// Sends without a session.
    pub fn anonymous(&self, method: &str, path: &str, body: Option<&Value>) -> Response {
        let body = body.map(Value::to_string);
        send(method, &format!("{}{path}", self.base), &[], body.as_deref().map(str::as_bytes))
    }
}

/// A logged-in session.
#[derive(Debug, Clone)]
pub struct Session {
    pub base: String,
    pub id: String,
}

impl Session {
    /// Sends with `LV-Session` (and a JSON body when given).
    pub fn send(&self, method: &str, path: &str, body: Option<&Value>) -> Response {
        let body = body.map(Value::to_string);
        send(method, &format!("{}{path}", self.base), &[("LV-Session", &self.id)], body.as_deref().map(str::as_bytes))
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
}

//! The test harness: one shared server per test process (port 0, in-memory database), a fresh
//! tenant per test, a blocking HTTP client, and typed clients per vendor. A test that changes
//! global state (clock, faults, journal, reset, snapshots of everything) starts its own server
//! with `spawn_app()`.

use std::sync::OnceLock;

use crm_mock::{Config, RunningServer};
use serde_json::{Value, json};
use ureq::http;

/// An answer: status, headers and body (parsed as JSON when it is JSON, else `Value::Null`).
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: http::HeaderMap,
    pub text: String,
    pub body: Value,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

fn agent() -> &'static ureq::Agent {
    static AGENT: OnceLock<ureq::Agent> = OnceLock::new();
    AGENT.get_or_init(|| ureq::Agent::new_with_config(ureq::Agent::config_builder().http_status_as_error(false).build()))
}

/// Sends one request. `body` is sent as is (with `Content-Type: application/json` unless a
/// header says otherwise). The answer is checked against the served OpenAPI documents
/// (`openapi::check`): every test's answers keep them true.
pub fn send(method: &str, url: &str, headers: &[(&str, &str)], body: Option<&[u8]>) -> Response {
    let response = send_unchecked(method, url, headers, body);
    crate::openapi::check(method, url, &response);
    response
}

/// `send` without the OpenAPI check.
pub fn send_unchecked(method: &str, url: &str, headers: &[(&str, &str)], body: Option<&[u8]>) -> Response {
    let mut builder = http::Request::builder().method(method).uri(url);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    let result = match body {
        Some(bytes) => {
            if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("content-type")) {
                builder = builder.header("content-type", "application/json");
            }
            agent().run(builder.body(bytes.to_vec()).expect("request"))
        }
        None => agent().run(builder.body(()).expect("request")),
    };
    let mut response = result.unwrap_or_else(|e| panic!("{method} {url}: {e}"));
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let text = response.body_mut().with_config().limit(64 * 1024 * 1024).read_to_string().unwrap_or_default();
    let body = serde_json::from_str(&text).unwrap_or(Value::Null);
    Response { status, headers, text, body }
}

pub fn get(url: &str) -> Response {
    send("GET", url, &[], None)
}

/// `GET url` without following a redirect (an OAuth authorization answers 302 to the client).
pub fn get_unredirected(url: &str) -> Response {
    let agent = ureq::Agent::new_with_config(ureq::Agent::config_builder().http_status_as_error(false).max_redirects(0).build());
    let mut r = agent.get(url).call().unwrap_or_else(|e| panic!("GET {url}: {e}"));
    let text = r.body_mut().read_to_string().unwrap_or_default();
    let body = serde_json::from_str(&text).unwrap_or(Value::Null);
    Response { status: r.status().as_u16(), headers: r.headers().clone(), text, body }
}

pub fn post_json(url: &str, body: &Value) -> Response {
    send("POST", url, &[], Some(body.to_string().as_bytes()))
}

pub fn put_json(url: &str, body: &Value) -> Response {
    send("PUT", url, &[], Some(body.to_string().as_bytes()))
}

pub fn delete(url: &str) -> Response {
    send("DELETE", url, &[], None)
}

/// A server of this test's own (for tests that change global state).
pub struct TestApp {
    pub server: RunningServer,
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.server.base_url())
    }

    pub fn new_tenant(&self) -> TestTenant {
        TestTenant::create(self.server.base_url(), "empty")
    }

    /// Sets the server's clock to `now` (RFC 3339) and stops it there.
    pub fn freeze_clock(&self, now: &str) {
        let r = put_json(&self.url("/__admin/clock"), &json!({"now": now, "frozen": true}));
        assert_eq!(r.status, 200, "freeze the clock: {}", r.text);
    }

    /// Moves the server's clock forward by `seconds`.
    pub fn advance_clock(&self, seconds: f64) {
        let r = put_json(&self.url("/__admin/clock"), &json!({"advance_seconds": seconds}));
        assert_eq!(r.status, 200, "advance the clock: {}", r.text);
    }
}

/// Starts a server of its own on a free port.
pub fn spawn_app() -> TestApp {
    spawn_with(Config { port: 0, workers: 2, ..Config::default() })
}

pub fn spawn_with(config: Config) -> TestApp {
    TestApp { server: crm_mock::spawn(config).expect("the server starts") }
}

/// The server shared by every test of this process.
pub fn shared_url() -> &'static str {
    static SHARED: OnceLock<RunningServer> = OnceLock::new();
    SHARED
        .get_or_init(|| crm_mock::spawn(Config { port: 0, workers: 2, ..Config::default() }).expect("the shared server starts"))
        .base_url()
}

/// `shared_url()` + `path`.
pub fn url(path: &str) -> String {
    format!("{}{path}", shared_url())
}

/// A tenant created for one test.
#[derive(Debug, Clone)]
pub struct TestTenant {
    pub base: String,
    pub id: String,
    pub credentials: Value,
}

impl TestTenant {
    /// A fresh, empty tenant on the shared server.
    pub fn new() -> TestTenant {
        TestTenant::create(shared_url(), "empty")
    }

    /// A fresh tenant loaded with the demo seed, on the shared server.
    pub fn demo() -> TestTenant {
        TestTenant::create(shared_url(), "demo")
    }

    pub fn create(base: &str, seed: &str) -> TestTenant {
        let r = post_json(&format!("{base}/__admin/tenants"), &json!({"seed": seed}));
        assert_eq!(r.status, 201, "create tenant: {}", r.text);
        TestTenant {
            base: base.to_owned(),
            id: r.body["id"].as_str().expect("id").to_owned(),
            credentials: r.body["credentials"].clone(),
        }
    }

    /// Arranges records; asserts 201 and answers the ids.
    pub fn arrange(&self, vendor: &str, collection: &str, records: Value) -> Vec<Value> {
        let r = self.try_arrange(vendor, collection, records);
        assert_eq!(r.status, 201, "arrange {vendor}/{collection}: {}", r.text);
        r.body["ids"].as_array().cloned().unwrap_or_default()
    }

    pub fn try_arrange(&self, vendor: &str, collection: &str, records: Value) -> Response {
        post_json(&format!("{}/__admin/tenants/{}/{vendor}/{collection}", self.base, self.id), &records)
    }

    /// LionDesk as one of the tenant's three users: 0 the owner, 1 the teammate (same team),
    /// 2 the outsider (another team).
    pub fn liondesk(&self, user: usize) -> LionDeskClient {
        LionDeskClient {
            base: format!("{}/liondesk", self.base),
            token: self.credentials["liondesk"]["users"][user]["token"].as_str().expect("token").to_owned(),
        }
    }

    /// The LionDesk user id of user `user` (see `liondesk`).
    pub fn liondesk_user_id(&self, user: usize) -> i64 {
        self.credentials["liondesk"]["users"][user]["id"].as_i64().expect("user id")
    }

    pub fn livingmetrics(&self) -> LivingMetricsClient {
        LivingMetricsClient {
            base: format!("{}/livingmetrics", self.base),
            key: self.credentials["livingmetrics"]["api_key"].as_str().expect("api key").to_owned(),
        }
    }
}

/// Calls LivingMetrics with the tenant's API key in `X-Api-Key`.
pub struct LivingMetricsClient {
    pub base: String,
    pub key: String,
}

impl LivingMetricsClient {
    /// `GET /livingmetrics` + `path_and_query` with the key.
    pub fn get(&self, path_and_query: &str) -> Response {
        send("GET", &format!("{}{path_and_query}", self.base), &[("X-Api-Key", &self.key)], None)
    }

    /// The same request without any key.
    pub fn get_anonymous(&self, path_and_query: &str) -> Response {
        get(&format!("{}{path_and_query}", self.base))
    }

    /// The ids in a list answer's `data`.
    pub fn ids(&self, path_and_query: &str) -> Vec<i64> {
        let r = self.get(path_and_query);
        assert_eq!(r.status, 200, "GET {path_and_query}: {}", r.text);
        r.body["data"].as_array().expect("data").iter().map(|d| d["id"].as_i64().expect("id")).collect()
    }
}

/// Calls LionDesk with a user's bearer token.
pub struct LionDeskClient {
    pub base: String,
    pub token: String,
}

impl LionDeskClient {
    /// Any method, `path_and_query` under `/liondesk`, an optional raw body.
    pub fn send(&self, method: &str, path_and_query: &str, body: Option<&[u8]>) -> Response {
        let auth = format!("Bearer {}", self.token);
        send(method, &format!("{}{path_and_query}", self.base), &[("Authorization", &auth)], body)
    }

    pub fn get(&self, path_and_query: &str) -> Response {
        self.send("GET", path_and_query, None)
    }

    pub fn post(&self, path: &str, body: &Value) -> Response {
        self.send("POST", path, Some(body.to_string().as_bytes()))
    }

    pub fn patch(&self, path: &str, body: &Value) -> Response {
        self.send("PATCH", path, Some(body.to_string().as_bytes()))
    }

    pub fn delete(&self, path: &str) -> Response {
        self.send("DELETE", path, None)
    }

    /// The ids in a find answer's `data`, in order.
    pub fn ids(&self, path_and_query: &str) -> Vec<i64> {
        let r = self.get(path_and_query);
        assert_eq!(r.status, 200, "GET {path_and_query}: {}", r.text);
        r.body["data"].as_array().expect("data").iter().map(|d| d["id"].as_i64().expect("id")).collect()
    }
}

/// A Feathers error body (v3/v4: `errors` always present).
pub fn feathers_error(code: u16, name: &str, class_name: &str, message: &str) -> Value {
    json!({"name": name, "message": message, "code": code, "className": class_name, "errors": {}})
}

/// The LivingMetrics error body.
pub fn lm_error(code: u16, message: &str) -> Value {
    json!({"error": {"code": code, "message": message}})
}

/// The admin API's error body.
pub fn admin_error(status: u16, message: &str) -> Value {
    json!({"status": status, "message": message})
}

/// `GET /v1/contact_lists` (default paging) holding these `(id, name)` lists, each arranged
/// untagged with `created_at` 2024-01-01T00:00:00Z.
pub fn contact_list_page(entries: &[(i64, &str)]) -> Value {
    let data: Vec<Value> = entries
        .iter()
        .map(|(id, name)| {
            json!({"id": id, "name": name, "tags": [], "created_at": "2024-01-01T00:00:00Z", "updated_at": "2024-01-01T00:00:00Z"})
        })
        .collect();
    json!({"data": data, "page": 0, "limit": 10, "total": entries.len()})
}

/// A LivingMetrics contact as listed: `own` fields over the defaults of a contact arranged
/// without them (nulls, empty lists, lead score 0).
pub fn lm_contact(own: Value) -> Value {
    let mut contact = json!({
        "first_name": null, "last_name": null, "company": null, "title": null, "emails": [], "phones": [], "tags": [],
        "lead_score": 0, "employer_id": null, "list_ids": [], "crm_ids": []
    });
    if let (Some(fields), Value::Object(own)) = (contact.as_object_mut(), own) {
        fields.extend(own);
    }
    contact
}

/// Feathers' 404 for a record LionDesk does not show: `No record found for id '<id>'`, the id
/// as the path gave it.
pub fn feathers_not_found(id: impl std::fmt::Display) -> Value {
    feathers_error(404, "NotFound", "not-found", &format!("No record found for id '{id}'"))
}

/// Feathers' 400 with `message`.
pub fn feathers_bad_request(message: &str) -> Value {
    feathers_error(400, "BadRequest", "bad-request", message)
}

/// LionDesk's 400 for a field, as a Sequelize validation error reports it.
pub fn feathers_invalid(field: &str, reason: &str, value: Value) -> Value {
    let mut body = feathers_bad_request(&format!("Validation error: {field} {reason}"));
    body["errors"] = json!([{"message": format!("{field} {reason}"), "type": "Validation error", "path": field, "value": value}]);
    body
}

/// Feathers' 405 with `message`.
pub fn feathers_method_not_allowed(message: &str) -> Value {
    feathers_error(405, "MethodNotAllowed", "method-not-allowed", message)
}

/// The ids of a find answer whose records give them as strings (LionDesk's addresses and
/// custom fields).
pub fn string_ids(r: &Response) -> Vec<String> {
    assert_eq!(r.status, 200, "{}", r.text);
    r.body["data"].as_array().expect("data").iter().map(|d| d["id"].as_str().expect("string id").to_owned()).collect()
}

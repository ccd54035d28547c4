//! The Session API: login (access token, client code, user, password, agent flag), the same
//! session again for the same user, validate, logout, the version segment, and the two-hour
//! sliding expiry by the emulator's clock.

use serde_json::{Value, json};

use super::{LiveVox, invalid_session, lv_error};
use crate::helpers::{TestApp, TestTenant, get, post_json, put_json, send, spawn_app};

const LOGIN_FAILED: &str = "Login failed: invalid client name, user name or password";

/// A call that needs a session (custom fields may be read by every role but Agent).
const A_CALL: &str = "/contact/contacts/customFields";

fn is_uuid(text: &str) -> bool {
    uuid::Uuid::parse_str(text).is_ok_and(|u| u.hyphenated().to_string() == text)
}

/// The login answer with its session id checked and replaced.
fn redacted(mut body: Value) -> Value {
    let id = body["sessionId"].as_str().unwrap_or_default();
    assert!(is_uuid(id), "sessionId {id} is a UUID");
    body["sessionId"] = json!("<uuid>");
    body
}

fn set_clock(app: &TestApp, body: Value) {
    let r = put_json(&app.url("/__admin/clock"), &body);
    assert_eq!(r.status, 200, "{}", r.text);
}

#[test]
fn each_user_logs_in_with_the_tenants_access_token() {
    let lv = LiveVox::of(&TestTenant::new());
    for (role, user_id) in [("Sysadmin", 1), ("Superuser", 2), ("Manager", 3), ("IT User", 4), ("Agent", 5)] {
        let r = lv.login_at("/session/login", Some(lv.access_token()), &lv.login_body(role));
        assert_eq!(
            (r.status, redacted(r.body)),
            (200, json!({"sessionId": "<uuid>", "userId": user_id, "clientId": lv.client_id(), "daysUntilPasswordExpires": 90})),
            "{role}"
        );
    }
}

#[test]
fn the_same_user_gets_the_same_session_while_it_is_live_and_another_user_another() {
    let lv = LiveVox::of(&TestTenant::new());
    let first = lv.login("Sysadmin");
    assert_eq!(lv.login("Sysadmin").id, first.id);
    assert_ne!(lv.login("Manager").id, first.id);
    assert_eq!(first.delete(&format!("/session/logout/{}", first.id)).status, 204);
    assert_ne!(lv.login("Sysadmin").id, first.id, "a logged-out session is not handed out again");
}

#[test]
fn a_wrong_password_user_or_client_code_is_a_401() {
    let lv = LiveVox::of(&TestTenant::new());
    let good = lv.login_body("Manager");
    let with = |key: &str, value: Value| {
        let mut body = good.clone();
        body[key] = value;
        body
    };
    let user = good["userName"].as_str().unwrap().to_owned();
    for body in [
        with("password", json!("wrong")),
        with("userName", json!("nobody")),
        with("userName", json!(user.to_uppercase())),
        with("clientName", json!("ANOTHER")),
        with("agent", json!(true)),
    ] {
        let r = lv.login_at("/session/login", Some(lv.access_token()), &body);
        assert_eq!((r.status, r.body), (401, lv_error(401, LOGIN_FAILED)), "{body}");
    }
    let lower = with("clientName", json!(lv.client_name().to_lowercase()));
    assert_eq!(lv.login_at("/session/login", Some(lv.access_token()), &lower).status, 200, "client codes ignore case");
}

#[test]
fn login_needs_the_tenants_own_access_token() {
    let (lv, other) = (LiveVox::of(&TestTenant::new()), LiveVox::of(&TestTenant::new()));
    let body = lv.login_body("Sysadmin");

    let r = lv.login_at("/session/login", None, &body);
    assert_eq!((r.status, r.body), (401, lv_error(401, "Authorization error: the LV-Access header is missing")));
    let r = lv.login_at("/session/login", Some("d3m0d3m0-0000-4000-8000-00000000dead"), &body);
    assert_eq!((r.status, r.body), (401, lv_error(401, "Authorization error: the LV-Access token is not valid")));
    let r = lv.login_at("/session/login", Some(other.access_token()), &body);
    assert_eq!((r.status, r.body), (401, lv_error(401, LOGIN_FAILED)), "another tenant's token");
}

#[test]
fn a_login_body_names_the_field_at_fault() {
    let lv = LiveVox::of(&TestTenant::new());
    let token = Some(lv.access_token());
    for (body, message) in [
        (json!({"userName": "u", "password": "p"}), "clientName: is required"),
        (json!({"clientName": "C", "userName": ["u"], "password": "p"}), "userName: must be a string"),
        (json!({"clientName": "C", "userName": "u"}), "password: is required"),
        (json!({"clientName": "C", "userName": "u", "password": "p", "agent": "yes"}), "agent: must be true or false"),
        (json!("login"), "The request body must be a JSON object"),
    ] {
        let r = lv.login_at("/session/login", token, &body);
        assert_eq!((r.status, r.body), (400, lv_error(400, message)), "{body}");
    }
    let r = send("POST", &format!("{}/session/login", lv.base), &[("LV-Access", lv.access_token())], Some(b"{\"clientName\""));
    assert_eq!(r.status, 400);
    assert!(r.body["message"].as_str().unwrap().starts_with("The request body is not valid JSON: "), "{}", r.text);
}

#[test]
fn an_agent_logs_in_with_the_agent_flag_in_any_of_its_forms() {
    let lv = LiveVox::of(&TestTenant::new());
    let (_, name, password) = lv.user("Agent");
    let base = json!({"clientName": lv.client_name(), "userName": name, "password": password});
    for (key, value) in [("agent", json!(true)), ("agent", json!("true")), ("isAgent", json!(true)), ("isAgent", json!("TRUE"))] {
        let mut body = base.clone();
        body[key] = value.clone();
        let r = lv.login_at("/session/login", Some(lv.access_token()), &body);
        assert_eq!((r.status, r.body["userId"].clone()), (200, json!(5)), "{key}: {value}");
    }
    let mut shouting = base.clone();
    shouting["userName"] = json!(name.to_uppercase());
    shouting["agent"] = json!(true);
    assert_eq!(lv.login_at("/session/login", Some(lv.access_token()), &shouting).status, 200, "agent names ignore case");
    for flag in [json!(false), json!("false"), Value::Null] {
        let mut body = base.clone();
        body["agent"] = flag.clone();
        let r = lv.login_at("/session/login", Some(lv.access_token()), &body);
        assert_eq!((r.status, r.body), (401, lv_error(401, LOGIN_FAILED)), "an agent is not a Portal user: {flag}");
    }
}

#[test]
fn every_path_takes_a_version_segment_after_its_category() {
    let lv = LiveVox::of(&TestTenant::new());
    let r = lv.login_at("/session/v6.0/login", Some(lv.access_token()), &lv.login_body("Sysadmin"));
    assert_eq!(r.status, 200, "{}", r.text);
    let id = r.body["sessionId"].as_str().unwrap().to_owned();
    assert_eq!(lv.anonymous("GET", &format!("/session/v5.0/validate/{id}"), None).status, 200);
    let session = super::Session { base: lv.base.clone(), id: id.clone() };
    let versioned = session.get("/contact/v17.0/contacts/customFields");
    let plain = session.get(A_CALL);
    assert_eq!((versioned.status, &versioned.body), (plain.status, &plain.body));
    assert_eq!((plain.status, plain.body), (200, json!({"customFields": []})));
    let r = session.get("/contact/6.0/contacts/customFields");
    assert_eq!((r.status, r.body), (404, lv_error(404, "No such method: GET /livevox/contact/6.0/contacts/customFields")));
    assert_eq!(lv.anonymous("DELETE", &format!("/session/v6.0/logout/{id}"), None).status, 204);
}

#[test]
fn validate_answers_200_for_a_live_session_and_404_otherwise() {
    let lv = LiveVox::of(&TestTenant::new());
    let session = lv.login("Manager");
    let r = lv.anonymous("GET", &format!("/session/validate/{}", session.id), None);
    assert_eq!((r.status, r.text.as_str()), (200, ""));
    for id in ["f81d4fae-7dec-11d0-a765-00a0c91e6bf6", "nonsense"] {
        let r = lv.anonymous("GET", &format!("/session/validate/{id}"), None);
        assert_eq!((r.status, r.body), (404, lv_error(404, "Session is not valid")), "{id}");
    }
}

#[test]
fn logout_ends_the_session() {
    let lv = LiveVox::of(&TestTenant::new());
    let session = lv.login("Sysadmin");
    assert_eq!(session.get(A_CALL).body, json!({"customFields": []}));

    let r = lv.anonymous("DELETE", &format!("/session/logout/{}", session.id), None);
    assert_eq!((r.status, r.text.as_str()), (204, ""));

    let r = session.get(A_CALL);
    assert_eq!((r.status, r.body), (401, invalid_session()));
    let r = lv.anonymous("GET", &format!("/session/validate/{}", session.id), None);
    assert_eq!((r.status, r.body), (404, lv_error(404, "Session is not valid")));
    let r = lv.anonymous("DELETE", &format!("/session/logout/{}", session.id), None);
    assert_eq!((r.status, r.body), (404, lv_error(404, "Session is not valid")));
}

#[test]
fn a_call_without_a_live_session_is_a_401() {
    let lv = LiveVox::of(&TestTenant::new());
    let r = lv.anonymous("GET", A_CALL, None);
    assert_eq!((r.status, r.body), (401, invalid_session()));
    let r = send("GET", &format!("{}{A_CALL}", lv.base), &[("LV-Session", "f81d4fae-7dec-11d0-a765-00a0c91e6bf6")], None);
    assert_eq!((r.status, r.body), (401, invalid_session()));
    let r = send("GET", &format!("{}{A_CALL}", lv.base), &[("LV-Access", lv.access_token())], None);
    assert_eq!((r.status, r.body), (401, invalid_session()), "the access token is no session");
}

#[test]
fn a_session_ends_two_hours_after_its_last_use_by_the_emulators_clock() {
    let app = spawn_app();
    set_clock(&app, json!({"now": "2024-05-01T10:00:00Z", "frozen": true}));
    let lv = LiveVox::of(&app.new_tenant());
    let session = lv.login("Superuser");
    let validate = || lv.anonymous("GET", &format!("/session/validate/{}", session.id), None).status;

    set_clock(&app, json!({"advance_seconds": 7199}));
    assert_eq!(validate(), 200, "1:59:59 unused");
    assert_eq!(session.get(A_CALL).body, json!({"customFields": []}), "a call at 11:59:59 renews the session until 13:59:59");
    set_clock(&app, json!({"advance_seconds": 7199}));
    assert_eq!(validate(), 200, "validating does not renew it");
    set_clock(&app, json!({"advance_seconds": 1}));
    assert_eq!(validate(), 404, "two hours unused");
    let r = session.get(A_CALL);
    assert_eq!((r.status, r.body), (401, invalid_session()));
    assert_ne!(lv.login("Superuser").id, session.id, "an expired session is not handed out again");
}

#[test]
fn many_calls_within_a_minute_keep_the_session_and_a_restart_of_the_cache_keeps_its_end() {
    let app = spawn_app();
    set_clock(&app, json!({"now": "2024-05-01T10:00:00Z", "frozen": true}));
    let tenant = app.new_tenant();
    let lv = LiveVox::of(&tenant);
    let session = lv.login("Sysadmin");
    for _ in 0..3 {
        set_clock(&app, json!({"advance_seconds": 20}));
        assert_eq!(session.get(A_CALL).body, json!({"customFields": []}));
    }
    // A snapshot taken now and restored forgets the cached sessions: the session is read again
    // from the database, with the end its last stored renewal gave it (at most a minute early).
    let r = post_json(&app.url("/__admin/snapshots"), &json!({"name": "s1", "tenant": tenant.id}));
    assert!(r.status < 300, "{}", r.text);
    let r = send("POST", &app.url("/__admin/snapshots/s1/restore"), &[], None);
    assert!(r.status < 300, "{}", r.text);
    set_clock(&app, json!({"advance_seconds": 7200 - 60}));
    assert_eq!(session.get(A_CALL).body, json!({"customFields": []}), "renewed at 10:00:20 or later, alive at 11:59:00");
    set_clock(&app, json!({"advance_seconds": 7200}));
    assert_eq!(session.get(A_CALL).status, 401);
}

#[test]
fn the_journal_and_tenant_scoped_faults_find_the_tenant_of_a_session() {
    let app = spawn_app();
    let (a, b) = (app.new_tenant(), app.new_tenant());
    let (lv_a, lv_b) = (LiveVox::of(&a), LiveVox::of(&b));
    let session = lv_a.login("Manager");
    session.get(A_CALL);
    let journal = get(&app.url(&format!("/__admin/requests?vendor=livevox&tenant={}", a.id)));
    let paths: Vec<Value> =
        journal.body["requests"].as_array().unwrap().iter().map(|e| json!([e["vendor_path"], e["tenant"]])).collect();
    assert_eq!(paths, [json!([A_CALL, a.id]), json!(["/session/login", a.id])]);

    let r = post_json(&app.url("/__admin/faults"), &json!({"tenant": a.id, "status": 503}));
    assert_eq!(r.status, 201, "{}", r.text);
    let r = session.get(A_CALL);
    assert_eq!((r.status, r.body), (503, lv_error(503, "Fault injected by crm-mock")));
    let r = lv_a.login_at("/session/login", Some(lv_a.access_token()), &lv_a.login_body("Sysadmin"));
    assert_eq!(r.status, 503, "a login is the tenant of its access token");
    assert_eq!(lv_b.login("Sysadmin").id.len(), 36, "another tenant is untouched");
}

#[test]
fn the_api_is_also_served_under_its_own_host_name() {
    let tenant = TestTenant::new();
    let lv = LiveVox::of(&tenant);
    let body = lv.login_body("Sysadmin").to_string();
    let headers = [("Host", "livevox.localhost"), ("LV-Access", lv.access_token())];
    let r = send("POST", &format!("{}/session/v6.0/login", tenant.base), &headers, Some(body.as_bytes()));
    assert_eq!((r.status, r.body["userId"].clone()), (200, json!(1)), "{}", r.text);
}

#[test]
fn hostile_login_bodies_are_400s_and_the_server_stays_up() {
    let lv = LiveVox::of(&TestTenant::new());
    let headers = [("LV-Access", lv.access_token())];
    let url = format!("{}/session/login", lv.base);
    let deep = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
    let huge = format!("{{\"clientName\": \"{}\"}}", "x".repeat(33 * 1024 * 1024));
    for body in [deep.as_bytes(), huge.as_bytes(), b"\xff\xfe", b"null"] {
        let r = send("POST", &url, &headers, Some(body));
        assert_eq!(r.status, 400, "{}", &r.text[..r.text.len().min(200)]);
        assert_eq!(r.body["code"], json!(400));
    }
    let big_array = json!({"clientName": vec!["x"; 10_000], "userName": "u", "password": "p"});
    let r = lv.login_at("/session/login", Some(lv.access_token()), &big_array);
    assert_eq!((r.status, r.body), (400, lv_error(400, "clientName: must be a string")));
    assert_eq!(lv.login("Sysadmin").id.len(), 36);
}

//! OAuth 2.0 (`/oauth2/authorize`, `/oauth2/token`) and `GET /me` (LionDesk's authentication pages).
//! Tests that need exact `expires` values or move time run their own server with a frozen clock.

mod authorize;
mod errors;
mod me;

use serde_json::{Value, json};

use crate::helpers::{LionDeskClient, Response, TestApp, TestTenant, feathers_error, put_json, send, spawn_app};

const CALLBACK: &str = "https://app.example.com/callback";
const T0: &str = "2024-05-01T10:00:00Z";

/// The tenant's OAuth client.
struct OAuth {
    base: String,
    client_id: String,
    client_secret: String,
}

impl OAuth {
    fn of(tenant: &TestTenant) -> OAuth {
        let creds = &tenant.credentials["liondesk"];
        OAuth {
            base: format!("{}/liondesk", tenant.base),
            client_id: creds["client_id"].as_str().expect("client_id").to_owned(),
            client_secret: creds["client_secret"].as_str().expect("client_secret").to_owned(),
        }
    }

    /// `GET /oauth2/authorize?<query>` without following the redirect.
    fn authorize(&self, query: &str) -> Response {
        crate::helpers::get_unredirected(&format!("{}/oauth2/authorize?{query}", self.base))
    }

    /// A fresh authorization code for `CALLBACK`, approved as `user_id` (default: the owner).
    fn code(&self, extra: &str) -> String {
        let r = self.authorize(&format!("response_type=code&client_id={}&redirect_uri={CALLBACK}{extra}", self.client_id));
        assert_eq!(r.status, 302, "{}", r.text);
        let location = r.header("location").expect("location");
        location.strip_prefix(&format!("{CALLBACK}?code=")).expect(location).to_owned()
    }

    fn token_json(&self, body: &Value) -> Response {
        send("POST", &format!("{}/oauth2/token", self.base), &[], Some(body.to_string().as_bytes()))
    }

    fn token_form(&self, pairs: &[(&str, &str)]) -> Response {
        let body = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&");
        let headers = [("Content-Type", "application/x-www-form-urlencoded")];
        send("POST", &format!("{}/oauth2/token", self.base), &headers, Some(body.as_bytes()))
    }

    fn exchange(&self, code: &str) -> Response {
        self.token_json(&json!({
            "code": code, "redirect_uri": CALLBACK, "grant_type": "authorization_code",
            "client_id": self.client_id, "client_secret": self.client_secret,
        }))
    }

    fn refresh(&self, refresh_token: &str) -> Response {
        self.token_json(&json!({
            "refresh_token": refresh_token, "grant_type": "refresh_token", "redirect_uri": CALLBACK,
            "client_id": self.client_id, "client_secret": self.client_secret,
        }))
    }

    /// A client calling the API with `token`.
    fn api(&self, token: &str) -> LionDeskClient {
        LionDeskClient { base: self.base.clone(), token: token.to_owned() }
    }
}

fn oauth_error(error: &str, description: &str) -> Value {
    json!({"error": error, "error_description": description})
}

fn is_hex40(value: &Value) -> bool {
    value.as_str().is_some_and(|t| t.len() == 40 && t.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)))
}

/// Its own server, clock frozen at `T0`, and a fresh tenant.
fn frozen_app() -> (TestApp, TestTenant) {
    let app = spawn_app();
    let r = put_json(&app.url("/__admin/clock"), &json!({"now": T0, "frozen": true}));
    assert_eq!(r.status, 200, "{}", r.text);
    let tenant = app.new_tenant();
    (app, tenant)
}

fn advance(app: &TestApp, seconds: i64) {
    let r = put_json(&app.url("/__admin/clock"), &json!({"advance_seconds": seconds}));
    assert_eq!(r.status, 200, "{}", r.text);
}

/// The document's token body, for tokens issued at `T0`.
fn token_body(r: &Response) -> Value {
    assert!(is_hex40(&r.body["access_token"]) && is_hex40(&r.body["refresh_token"]), "{}", r.text);
    assert_ne!(r.body["access_token"], r.body["refresh_token"]);
    json!({
        "access_token": r.body["access_token"], "refresh_token": r.body["refresh_token"],
        "expires": "2024-05-10T09:33:20.000Z", "expires_in": 776000, "scope": "write", "token_type": "Bearer"
    })
}

#[test]
fn authorization_code_grant_with_a_json_body_answers_the_documented_token() {
    let (_app, tenant) = frozen_app();
    let oauth = OAuth::of(&tenant);
    let code = oauth.code("&scope=write");

    let r = oauth.exchange(&code);

    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body, token_body(&r));
    let keys: Vec<&String> = r.body.as_object().expect("object").keys().collect();
    assert_eq!(keys, ["access_token", "refresh_token", "expires", "expires_in", "scope", "token_type"]);
    assert_eq!((r.header("cache-control"), r.header("pragma")), (Some("no-store"), Some("no-cache")));
}

#[test]
fn authorization_code_grant_with_a_form_body_answers_the_documented_token() {
    let (_app, tenant) = frozen_app();
    let oauth = OAuth::of(&tenant);
    let code = oauth.code("");

    let r = oauth.token_form(&[
        ("grant_type", "authorization_code"),
        ("code", &code),
        ("redirect_uri", "https%3A%2F%2Fapp.example.com%2Fcallback"),
        ("client_id", &oauth.client_id),
        ("client_secret", &oauth.client_secret),
    ]);

    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body, token_body(&r));
}

#[test]
fn client_credentials_may_come_in_http_basic_auth() {
    let tenant = TestTenant::new();
    let oauth = OAuth::of(&tenant);
    let code = oauth.code("");
    let basic = |id: &str, secret: &str| format!("Basic {}", base64(format!("{id}:{secret}").as_bytes()));
    let body = json!({"grant_type": "authorization_code", "code": code, "redirect_uri": CALLBACK}).to_string();
    let url = format!("{}/oauth2/token", oauth.base);

    let refused = send("POST", &url, &[("Authorization", &basic(&oauth.client_id, "wrong"))], Some(body.as_bytes()));
    let r = send("POST", &url, &[("Authorization", &basic(&oauth.client_id, &oauth.client_secret))], Some(body.as_bytes()));

    assert_eq!((refused.status, &refused.body), (401, &oauth_error("invalid_client", "Invalid client: client is invalid")));
    assert_eq!(refused.header("www-authenticate"), Some("Basic realm=\"Service\""));
    assert_eq!((r.status, is_hex40(&r.body["access_token"])), (200, true), "{}", r.text);
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            out.push(if i <= chunk.len() { ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char } else { '=' });
        }
    }
    out
}

#[test]
fn refresh_token_grant_in_json_rotates_the_refresh_token_and_the_old_one_stops_working() {
    let (_app, tenant) = frozen_app();
    let oauth = OAuth::of(&tenant);
    let first = oauth.exchange(&oauth.code(""));
    let old_refresh = first.body["refresh_token"].as_str().expect("refresh_token").to_owned();

    let r = oauth.refresh(&old_refresh);
    let again = oauth.refresh(&old_refresh);

    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body, token_body(&r));
    assert_ne!((&r.body["access_token"], &r.body["refresh_token"]), (&first.body["access_token"], &first.body["refresh_token"]));
    assert_eq!((again.status, again.body), (400, oauth_error("invalid_grant", "Invalid grant: refresh token is invalid")));
    let next = oauth.refresh(r.body["refresh_token"].as_str().expect("refresh_token"));
    assert_eq!(next.status, 200, "{}", next.text);
    let old_access = oauth.api(first.body["access_token"].as_str().expect("access_token"));
    assert_eq!(old_access.get("/me").status, 200, "the old access token lives until it expires");
}

#[test]
fn refresh_token_grant_accepts_a_form_body() {
    let (_app, tenant) = frozen_app();
    let oauth = OAuth::of(&tenant);
    let first = oauth.exchange(&oauth.code(""));
    let refresh = first.body["refresh_token"].as_str().expect("refresh_token");

    let r = oauth.token_form(&[
        ("grant_type", "refresh_token"),
        ("refresh_token", refresh),
        ("client_id", &oauth.client_id),
        ("client_secret", &oauth.client_secret),
    ]);

    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body, token_body(&r));
}

#[test]
fn refresh_may_narrow_the_scope_but_not_widen_it() {
    let tenant = TestTenant::new();
    let oauth = OAuth::of(&tenant);
    let first = oauth.exchange(&oauth.code("&scope=write%20read"));
    assert_eq!(first.body["scope"], json!("write read"));
    let refresh = |token: &Value, scope: &str| {
        oauth.token_json(&json!({"grant_type": "refresh_token", "refresh_token": token, "scope": scope,
            "client_id": oauth.client_id, "client_secret": oauth.client_secret}))
    };

    let wider = refresh(&first.body["refresh_token"], "write admin");
    let narrower = refresh(&first.body["refresh_token"], "read");

    let message = "Invalid scope: `scope` asks for more than was granted (write read)";
    assert_eq!((wider.status, wider.body), (400, oauth_error("invalid_scope", message)));
    assert_eq!((narrower.status, &narrower.body["scope"]), (200, &json!("read")), "{}", narrower.text);
}

#[test]
fn a_new_access_token_works_on_contacts_and_me() {
    let tenant = TestTenant::new();
    let oauth = OAuth::of(&tenant);
    let issued = oauth.exchange(&oauth.code(""));
    let api = oauth.api(issued.body["access_token"].as_str().expect("access_token"));

    let created = api.post("/contacts", &json!({"first_name": "Bill"}));
    let me = api.get("/me");

    assert_eq!((created.status, &created.body["owner_user_id"]), (201, &json!(1)), "{}", created.text);
    assert_eq!(api.ids("/contacts"), [1]);
    let refresh_as_bearer = oauth.api(issued.body["refresh_token"].as_str().expect("refresh_token")).get("/me");
    assert_eq!(refresh_as_bearer.status, 401, "a refresh token is no access token");
    assert_eq!((me.status, &me.body["id"], &me.body["first_name"]), (200, &json!(1), &json!("Olivia")), "{}", me.text);
}

#[test]
fn an_access_token_expires_after_expires_in_seconds_of_emulator_time() {
    let (app, tenant) = frozen_app();
    let oauth = OAuth::of(&tenant);
    let issued = oauth.exchange(&oauth.code(""));
    let api = oauth.api(issued.body["access_token"].as_str().expect("access_token"));
    assert_eq!(api.get("/contacts").status, 200);

    advance(&app, 775_999);
    let before = api.get("/contacts");
    advance(&app, 1);
    let after = api.get("/contacts");

    assert_eq!(before.status, 200, "{}", before.text);
    assert_eq!(
        (after.status, after.body),
        (401, feathers_error(401, "NotAuthenticated", "not-authenticated", "Invalid access token"))
    );
    let refreshed = oauth.refresh(issued.body["refresh_token"].as_str().expect("refresh_token"));
    assert_eq!(oauth.api(refreshed.body["access_token"].as_str().expect("access_token")).get("/contacts").status, 200);
}

#[test]
fn an_authorization_code_expires_after_ten_minutes() {
    let (app, tenant) = frozen_app();
    let oauth = OAuth::of(&tenant);
    let code = oauth.code("");

    advance(&app, 600);
    let r = oauth.exchange(&code);

    assert_eq!((r.status, r.body), (400, oauth_error("invalid_grant", "Invalid grant: authorization code has expired")));
}

#[test]
fn repeated_slashes_reach_the_oauth_endpoints_and_me() {
    let tenant = TestTenant::new();
    let oauth = OAuth::of(&tenant);
    let code = oauth.code("");
    let body = json!({"grant_type": "authorization_code", "code": code, "redirect_uri": CALLBACK,
        "client_id": oauth.client_id, "client_secret": oauth.client_secret});

    let r = send("POST", &format!("{}//oauth2/token", oauth.base), &[], Some(body.to_string().as_bytes()));
    let api = oauth.api(r.body["access_token"].as_str().unwrap_or_default());

    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!((api.get("//me").status, api.get("//contacts").status), (200, 200));
}

//! OAuth: `POST /oauth/token` (form; `refresh_token`, `authorization_code`,
//! `client_credentials`) with rotated refresh tokens and access tokens that expire by the
//! emulator's clock, `POST /oauth/locationToken` for a company token, and the refusals. These
//! tests move the clock, so each starts a server of its own.

use serde_json::{Value, json};

use super::{Lc, nest, unprocessable};
use crate::helpers::send;
use crate::helpers::{Response, TestApp, get_unredirected, put_json, spawn_app};

fn freeze(app: &TestApp, now: &str) {
    let r = put_json(&app.url("/__admin/clock"), &json!({"now": now, "frozen": true}));
    assert_eq!(r.status, 200, "{}", r.text);
}

fn advance(app: &TestApp, seconds: i64) {
    let r = put_json(&app.url("/__admin/clock"), &json!({"advance_seconds": seconds}));
    assert_eq!(r.status, 200, "{}", r.text);
}

/// `POST {base}/oauth/token` with a form of `pairs`.
fn token(lc: &Lc, pairs: &[(&str, &str)]) -> Response {
    let form = form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish();
    send(
        "POST",
        &format!("{}/oauth/token", lc.base),
        &[("Content-Type", "application/x-www-form-urlencoded")],
        Some(form.as_bytes()),
    )
}

fn creds(lc: &Lc, key: &str) -> String {
    lc.credentials[key].as_str().expect(key).to_owned()
}

/// The token answer with its tokens as placeholders (after checking their shape).
fn scrubbed(r: &Response) -> Value {
    let mut body = r.body.clone();
    for key in ["access_token", "refresh_token"] {
        if let Some(v) = body.get_mut(key) {
            assert!(v.as_str().is_some_and(|t| t.len() == 40 && t.bytes().all(|b| b.is_ascii_alphanumeric())), "{key}: {v}");
            *v = json!(format!("<{key}>"));
        }
    }
    if let Some(v) = body.get_mut("userId") {
        assert!(v.as_str().is_some_and(|t| t.len() == 20), "userId: {v}");
        *v = json!("<user>");
    }
    body
}

#[test]
fn a_refresh_token_is_exchanged_once_and_its_access_token_expires_by_the_clock() {
    let app = spawn_app();
    freeze(&app, "2024-05-01T10:00:00Z");
    let lc = Lc::of(&app.new_tenant());
    let (id, secret, refresh) = (creds(&lc, "client_id"), creds(&lc, "client_secret"), creds(&lc, "refresh_token"));
    let grant = [
        ("client_id", id.as_str()),
        ("client_secret", secret.as_str()),
        ("grant_type", "refresh_token"),
        ("refresh_token", refresh.as_str()),
        ("user_type", "Location"),
    ];
    let r = token(&lc, &grant);
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(
        scrubbed(&r),
        json!({"access_token": "<access_token>", "token_type": "Bearer", "expires_in": 86399, "refresh_token": "<refresh_token>",
               "scope": "contacts.readonly contacts.write", "userType": "Location", "locationId": lc.location(),
               "companyId": creds(&lc, "company_id"), "userId": "<user>", "isBulkInstallation": false})
    );
    let access = r.body["access_token"].as_str().unwrap().to_owned();
    let rotated = r.body["refresh_token"].as_str().unwrap().to_owned();
    assert_ne!(rotated, refresh);

    let r = token(&lc, &grant);
    assert_eq!(
        (r.status, r.body),
        (400, json!({"error": "invalid_grant", "error_description": "Invalid grant: refresh token is invalid"}))
    );

    let oauth = lc.with_token(&access);
    let list = format!("/contacts/?locationId={}", lc.location());
    assert_eq!(oauth.get(&list).status, 200);
    advance(&app, 86_398);
    assert_eq!(oauth.get(&list).status, 200);
    advance(&app, 1);
    let r = oauth.get(&list);
    assert_eq!(
        (r.status, r.body),
        (401, json!({"statusCode": 401, "message": "Invalid token: access token is invalid", "error": "Unauthorized"}))
    );
    let again = [
        ("client_id", id.as_str()),
        ("client_secret", secret.as_str()),
        ("grant_type", "refresh_token"),
        ("refresh_token", rotated.as_str()),
    ];
    let r = token(&lc, &again);
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(lc.with_token(r.body["access_token"].as_str().unwrap()).get(&list).status, 200);
}

#[test]
fn an_authorization_code_and_client_credentials_grant_tokens_and_a_company_token_asks_for_a_location_token() {
    let app = spawn_app();
    let lc = Lc::of(&app.new_tenant());
    let (id, secret) = (creds(&lc, "client_id"), creds(&lc, "client_secret"));
    let query = form_urlencoded::Serializer::new(String::new())
        .extend_pairs([
            ("response_type", "code"),
            ("client_id", id.as_str()),
            ("redirect_uri", "http://localhost:8080/cb"),
            ("user_type", "Company"),
        ])
        .finish();
    let url = format!("{}/oauth/chooselocation?{query}", lc.base);
    let r = get_unredirected(&url);
    crate::openapi::check("GET", &url, &r);
    assert_eq!(r.status, 302, "{}", r.text);
    let location = r.header("location").unwrap().to_owned();
    let code = location.strip_prefix("http://localhost:8080/cb?code=").expect(&location).to_owned();
    let r = token(
        &lc,
        &[
            ("client_id", &id),
            ("client_secret", &secret),
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", "http://localhost:8080/cb"),
        ],
    );
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(
        scrubbed(&r),
        json!({"access_token": "<access_token>", "token_type": "Bearer", "expires_in": 86399, "refresh_token": "<refresh_token>",
               "scope": "contacts.readonly contacts.write", "userType": "Company", "companyId": creds(&lc, "company_id"),
               "approvedLocations": [lc.location()], "userId": "<user>", "isBulkInstallation": false})
    );
    let company = lc.with_token(r.body["access_token"].as_str().unwrap());
    let r = company.get(&format!("/contacts/?locationId={}", lc.location()));
    assert_eq!((r.status, r.body), (403, nest(403, "The token does not have access to this location.")));

    let form = format!("companyId={}&locationId={}", creds(&lc, "company_id"), lc.location());
    let bearer = format!("Bearer {}", company.token);
    let headers =
        [("Authorization", bearer.as_str()), ("Version", "2021-07-28"), ("Content-Type", "application/x-www-form-urlencoded")];
    let r = send("POST", &format!("{}/oauth/locationToken", lc.base), &headers, Some(form.as_bytes()));
    assert_eq!(r.status, 200, "{}", r.text);
    let app_id = id.split('-').next().unwrap();
    assert_eq!(
        scrubbed(&r),
        json!({"access_token": "<access_token>", "token_type": "Bearer", "expires_in": 86399, "scope": "contacts.readonly contacts.write",
               "locationId": lc.location(), "userId": "<user>", "appId": app_id})
    );
    assert_eq!(
        lc.with_token(r.body["access_token"].as_str().unwrap()).get(&format!("/contacts/?locationId={}", lc.location())).status,
        200
    );

    let r = token(&lc, &[("client_id", &id), ("client_secret", &secret), ("grant_type", "client_credentials")]);
    assert_eq!((r.status, r.body["userType"].clone()), (200, json!("Location")), "{}", r.text);
}

#[test]
fn token_requests_are_checked_and_refused_in_rfc_6749_terms() {
    let app = spawn_app();
    let lc = Lc::of(&app.new_tenant());
    let id = creds(&lc, "client_id");
    let r = token(&lc, &[("client_id", &id), ("client_secret", "wrong"), ("grant_type", "client_credentials")]);
    assert_eq!(
        (r.status, r.body),
        (401, json!({"error": "invalid_client", "error_description": "Invalid client: client is invalid"}))
    );
    let r = token(&lc, &[("client_id", &id), ("grant_type", "password"), ("scope", "x")]);
    assert_eq!(
        (r.status, r.body),
        (
            422,
            unprocessable(&[
                "property scope should not exist",
                "client_secret should not be empty",
                "client_secret must be a string"
            ])
        )
    );
    let r = token(&lc, &[("client_id", &id), ("client_secret", "s"), ("grant_type", "password")]);
    assert_eq!(
        (r.status, r.body),
        (
            422,
            unprocessable(&[
                "grant_type must be one of the following values: authorization_code, refresh_token, client_credentials"
            ])
        )
    );
    let r = token(
        &lc,
        &[
            ("client_id", &id),
            ("client_secret", &creds(&lc, "client_secret")),
            ("grant_type", "authorization_code"),
            ("code", "nope"),
        ],
    );
    assert_eq!(
        (r.status, r.body),
        (400, json!({"error": "invalid_grant", "error_description": "Invalid grant: authorization code is invalid"}))
    );
    let r = lc.send("POST", "/oauth/locationToken", Some(&json!({"companyId": "x", "locationId": "y"})));
    assert_eq!(
        (r.status, r.body),
        (401, json!({"statusCode": 401, "message": "The token is not authorized for this scope.", "error": "Unauthorized"}))
    );
}

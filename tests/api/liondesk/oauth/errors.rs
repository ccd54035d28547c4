//! `POST /oauth2/token`'s refusals: RFC 6749's error codes with the texts of the Node
//! `oauth2-server` library, never cached.

use serde_json::{Value, json};

use super::{CALLBACK, OAuth, oauth_error};
use crate::helpers::{TestTenant, send};

#[test]
fn an_authorization_code_works_only_once() {
    let tenant = TestTenant::new();
    let oauth = OAuth::of(&tenant);
    let code = oauth.code("");
    assert_eq!(oauth.exchange(&code).status, 200);

    let r = oauth.exchange(&code);

    assert_eq!((r.status, &r.body), (400, &oauth_error("invalid_grant", "Invalid grant: authorization code is invalid")));
    assert_eq!(r.header("cache-control"), Some("no-store"));
}

#[test]
fn a_wrong_secret_or_an_unknown_client_is_a_401_invalid_client() {
    let tenant = TestTenant::new();
    let oauth = OAuth::of(&tenant);
    let code = oauth.code("");
    let with = |client_id: &str, secret: &str| {
        oauth.token_json(&json!({"grant_type": "authorization_code", "code": code, "redirect_uri": CALLBACK,
            "client_id": client_id, "client_secret": secret}))
    };

    let wrong_secret = with(&oauth.client_id, "0000000000000000000000000000000000000000");
    let unknown = with("ffffffffffffffffffffffffffffffff", &oauth.client_secret);

    let expected = oauth_error("invalid_client", "Invalid client: client is invalid");
    assert_eq!((wrong_secret.status, &wrong_secret.body), (401, &expected));
    assert_eq!((unknown.status, &unknown.body), (401, &expected));
    assert_eq!(wrong_secret.header("www-authenticate"), None);
    assert_eq!(oauth.exchange(&code).status, 200, "the code survives refused attempts");
}

#[test]
fn another_tenants_client_cannot_use_a_code_or_refresh_token() {
    let (mine, theirs) = (TestTenant::new(), TestTenant::new());
    let (oauth, other) = (OAuth::of(&mine), OAuth::of(&theirs));
    let code = oauth.code("");
    let refresh = oauth.exchange(&oauth.code("")).body["refresh_token"].clone();

    let r = other.exchange(&code);
    let rr = other.refresh(refresh.as_str().expect("refresh_token"));

    assert_eq!((r.status, r.body), (400, oauth_error("invalid_grant", "Invalid grant: authorization code is invalid")));
    assert_eq!((rr.status, rr.body), (400, oauth_error("invalid_grant", "Invalid grant: refresh token is invalid")));
}

#[test]
fn the_redirect_uri_at_exchange_must_match_the_one_authorized() {
    let tenant = TestTenant::new();
    let oauth = OAuth::of(&tenant);
    let code = oauth.code("");
    let with = |redirect_uri: Value| {
        oauth.token_json(&json!({"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri,
            "client_id": oauth.client_id, "client_secret": oauth.client_secret}))
    };

    let wrong = with(json!("https://evil.example.com/callback"));
    let missing = with(Value::Null);

    assert_eq!((wrong.status, wrong.body), (400, oauth_error("invalid_grant", "Invalid grant: `redirect_uri` is invalid")));
    assert_eq!((missing.status, missing.body), (400, oauth_error("invalid_request", "Missing parameter: `redirect_uri`")));
    assert_eq!(oauth.exchange(&code).status, 200, "the code survives refused attempts");
}

#[test]
fn an_unsupported_grant_type_is_a_400() {
    let tenant = TestTenant::new();
    let oauth = OAuth::of(&tenant);

    let r = oauth.token_json(&json!({"grant_type": "password", "username": "olivia", "password": "x",
        "client_id": oauth.client_id, "client_secret": oauth.client_secret}));

    assert_eq!(
        (r.status, r.body),
        (400, oauth_error("unsupported_grant_type", "Unsupported grant type: `grant_type` is invalid"))
    );
}

#[test]
fn each_missing_parameter_is_a_400_invalid_request_naming_it() {
    let tenant = TestTenant::new();
    let oauth = OAuth::of(&tenant);
    let (id, secret) = (oauth.client_id.as_str(), oauth.client_secret.as_str());
    let cases = [
        (json!({"grant_type": "authorization_code", "code": "abc", "client_secret": secret}), "client_id"),
        (json!({"grant_type": "authorization_code", "code": "abc", "client_id": id, "client_secret": ""}), "client_secret"),
        (json!({"code": "abc", "client_id": id, "client_secret": secret}), "grant_type"),
        (json!({"grant_type": "authorization_code", "redirect_uri": CALLBACK, "client_id": id, "client_secret": secret}), "code"),
        (json!({"grant_type": "refresh_token", "client_id": id, "client_secret": secret}), "refresh_token"),
    ];

    for (body, missing) in cases {
        let r = oauth.token_json(&body);
        assert_eq!(
            (r.status, r.body),
            (400, oauth_error("invalid_request", &format!("Missing parameter: `{missing}`"))),
            "{body}"
        );
    }
}

#[test]
fn malformed_and_repeated_token_parameters_are_a_400_invalid_request() {
    let tenant = TestTenant::new();
    let oauth = OAuth::of(&tenant);
    let url = format!("{}/oauth2/token", oauth.base);

    let bad_json = send("POST", &url, &[], Some(b"{\"grant_type\": "));
    let repeated = oauth.token_form(&[("grant_type", "refresh_token"), ("grant_type", "authorization_code")]);
    let not_text = oauth.token_json(&json!({"grant_type": ["refresh_token"]}));

    assert_eq!((bad_json.status, &bad_json.body["error"]), (400, &json!("invalid_request")), "{}", bad_json.text);
    assert!(bad_json.body["error_description"].as_str().unwrap_or("").starts_with("Invalid request: the body is not valid JSON"));
    let message = "Invalid request: `grant_type` is given more than once";
    assert_eq!((repeated.status, repeated.body), (400, oauth_error("invalid_request", message)));
    let message = "Invalid parameter: `grant_type` must be a string";
    assert_eq!((not_text.status, not_text.body), (400, oauth_error("invalid_request", message)));
}

//! `GET /oauth2/authorize`: the authorization-code and implicit grants, and its errors.

use serde_json::json;

use super::{CALLBACK, OAuth, advance, frozen_app, is_hex40, oauth_error};
use crate::helpers::{TestTenant, feathers_error, send};

#[test]
fn authorize_with_response_type_code_redirects_with_a_40_hex_code_and_the_state() {
    let tenant = TestTenant::new();
    let oauth = OAuth::of(&tenant);

    let r = oauth.authorize(&format!(
        "response_type=code&client_id={}&redirect_uri={CALLBACK}&scope=write&state=af%200x",
        oauth.client_id
    ));

    assert_eq!(r.status, 302, "{}", r.text);
    let location = r.header("location").expect("location");
    let code = location.strip_prefix(&format!("{CALLBACK}?code=")).and_then(|rest| rest.strip_suffix("&state=af%200x"));
    assert!(code.is_some_and(|c| is_hex40(&json!(c))), "{location}");
}

#[test]
fn authorize_with_response_type_token_puts_the_token_in_the_fragment() {
    let (app, tenant) = frozen_app();
    let oauth = OAuth::of(&tenant);

    let r = oauth
        .authorize(&format!("response_type=token&client_id={}&redirect_uri={CALLBACK}&scope=write&state=s1", oauth.client_id));

    assert_eq!(r.status, 302, "{}", r.text);
    let location = r.header("location").expect("location");
    let token = location.strip_prefix(&format!("{CALLBACK}#access_token=")).and_then(|rest| rest.get(..40)).expect(location);
    let expected = format!(
        "{CALLBACK}#access_token={token}&expires=2024-05-31T10%3A00%3A00.000Z&expires_in=2592000&scope=write&token_type=Bearer&state=s1"
    );
    assert_eq!(location, expected);
    let api = oauth.api(token);
    assert_eq!(api.get("/contacts").status, 200);
    advance(&app, 2_592_000);
    assert_eq!(api.get("/contacts").status, 401);
}

#[test]
fn authorize_acts_as_the_user_named_by_user_id() {
    let tenant = TestTenant::new();
    let oauth = OAuth::of(&tenant);

    let issued = oauth.exchange(&oauth.code("&user_id=2"));
    let me = oauth.api(issued.body["access_token"].as_str().expect("access_token")).get("/me");

    assert_eq!((me.status, &me.body["id"], &me.body["first_name"]), (200, &json!(2), &json!("Theo")), "{}", me.text);
}

#[test]
fn authorize_errors_about_the_request_itself_redirect_with_the_error() {
    let tenant = TestTenant::new();
    let oauth = OAuth::of(&tenant);
    let base = format!("client_id={}&redirect_uri={CALLBACK}&state=s", oauth.client_id);
    let cases = [
        (
            "response_type=id_token",
            "?error=unsupported_response_type&error_description=Unsupported%20response%20type%3A%20%60response_type%60%20is%20not%20supported&state=s",
        ),
        ("scope=write", "?error=invalid_request&error_description=Missing%20parameter%3A%20%60response_type%60&state=s"),
        (
            "response_type=code&user_id=99",
            "?error=invalid_request&error_description=Invalid%20parameter%3A%20%60user_id%60%3A%2099%20is%20not%20a%20user%20of%20this%20account&state=s",
        ),
        (
            "response_type=token&user_id=x",
            "#error=invalid_request&error_description=Invalid%20parameter%3A%20%60user_id%60%20must%20be%20a%20positive%20integer&state=s",
        ),
    ];

    for (query, suffix) in cases {
        let r = oauth.authorize(&format!("{base}&{query}"));
        assert_eq!((r.status, r.header("location")), (302, Some(format!("{CALLBACK}{suffix}").as_str())), "{query}");
    }
}

#[test]
fn authorize_without_a_usable_client_or_redirect_uri_is_a_400_and_no_redirect() {
    let tenant = TestTenant::new();
    let oauth = OAuth::of(&tenant);
    let id = &oauth.client_id;
    let cases = [
        (format!("response_type=code&redirect_uri={CALLBACK}"), oauth_error("invalid_request", "Missing parameter: `client_id`")),
        (
            format!("response_type=code&client_id=0123&redirect_uri={CALLBACK}"),
            oauth_error("invalid_client", "Invalid client: client is invalid"),
        ),
        (format!("response_type=code&client_id={id}"), oauth_error("invalid_request", "Missing parameter: `redirect_uri`")),
        (
            format!("response_type=code&client_id={id}&redirect_uri=/callback"),
            oauth_error("invalid_request", "Invalid request: `redirect_uri` is not a valid URI"),
        ),
        (
            format!("response_type=code&client_id={id}&client_id={id}&redirect_uri={CALLBACK}"),
            oauth_error("invalid_request", "Invalid request: `client_id` is given more than once"),
        ),
    ];

    for (query, expected) in cases {
        let r = oauth.authorize(&query);
        assert_eq!((r.status, r.header("location"), &r.body), (400, None, &expected), "{query}");
    }
}

#[test]
fn authorize_redirects_only_where_the_client_registered() {
    let tenant = TestTenant::new();
    let oauth = OAuth::of(&tenant);
    let ask = |redirect_uri: &str| {
        let encoded: String = form_urlencoded::byte_serialize(redirect_uri.as_bytes()).collect();
        oauth.authorize(&format!("response_type=code&client_id={}&redirect_uri={encoded}&state=s", oauth.client_id))
    };

    let unregistered = oauth_error("invalid_request", "Invalid request: `redirect_uri` is not registered for this client");
    for uri in [
        "javascript:alert(document.cookie)",
        "javascript://app.example.com/%0Aalert(1)",
        "https://evil.example.com/callback",
        "http://app.example.com/callback",
        "https://app.example.com:8443/callback",
        "https://app.example.com@evil.example.com/",
        "https://app.example.com/callback/../../admin",
        "http://localhost.evil.example.com/cb",
    ] {
        let r = ask(uri);
        assert_eq!((r.status, r.header("location"), &r.body), (400, None, &unregistered), "{uri}");
    }
    for uri in [
        "https://app.example.com/cb?app=1",
        "http://localhost:53682/callback",
        "http://127.0.0.1:8080/",
        "https://APP.example.com/x/y",
    ] {
        let r = ask(uri);
        let location = r.header("location").unwrap_or_default();
        assert_eq!(r.status, 302, "{uri}: {}", r.text);
        assert!(location.starts_with(uri) && location.contains("code="), "{uri}: {location}");
    }
}

#[test]
fn other_methods_on_the_oauth_paths_are_feathers_404s() {
    let tenant = TestTenant::new();

    let r = send("GET", &format!("{}/liondesk/oauth2/token", tenant.base), &[], None);

    let mut expected = feathers_error(404, "NotFound", "not-found", "Page not found");
    expected["data"] = json!({"url": "/oauth2/token"});
    assert_eq!((r.status, r.body), (404, expected));
}

//! `--admin-token`: every admin request needs `Authorization: Bearer <token>` (a 401 in the admin
//! error shape otherwise), but the dashboard's files and the OpenAPI documents; vendor APIs are
//! unaffected.

use serde_json::json;

use crate::helpers::{TestApp, admin_error, get, send, spawn_with};

const TOKEN: &str = "s3cret-admin-token";

fn protected() -> TestApp {
    spawn_with(crm_mock::Config { port: 0, workers: 1, admin_token: Some(TOKEN.into()), ..Default::default() })
}

#[test]
fn without_the_token_the_admin_api_is_a_401_and_with_it_answers() {
    let app = protected();
    let missing =
        admin_error(401, "the admin API needs Authorization: Bearer <token> (this server was started with --admin-token)");
    let wrong = admin_error(401, "the admin token is wrong (Authorization: Bearer <the token given to --admin-token>)");
    // Each request's Authorization header, if any.
    let cases = [
        ("GET", "/__admin/health", None, missing.clone()),
        ("POST", "/__admin/tenants", None, missing),
        ("GET", "/__admin/tenants", Some("Bearer nope"), wrong.clone()),
        ("DELETE", "/__admin/requests", Some(TOKEN), wrong),
    ];
    for (method, path, authorization, body) in cases {
        let headers: Vec<(&str, &str)> = authorization.map(|a| ("Authorization", a)).into_iter().collect();
        let r = send(method, &app.url(path), &headers, None);
        assert_eq!((r.status, &r.body), (401, &body), "{method} {path}");
        assert_eq!(r.header("www-authenticate"), Some("Bearer realm=\"crm-mock admin\""), "{method} {path}");
    }

    let bearer = format!("Bearer {TOKEN}");
    let r = send("GET", &app.url("/__admin/health"), &[("Authorization", &bearer)], None);
    assert_eq!((r.status, &r.body["status"]), (200, &json!("ok")));
    let r = send("POST", &app.url("/__admin/tenants"), &[("authorization", &format!("bearer {TOKEN}"))], Some(b"{}"));
    assert_eq!(r.status, 201, "{}", r.text);
}

#[test]
fn vendor_apis_the_dashboard_and_the_documents_need_no_admin_token() {
    let app = protected();
    let r = send("GET", &app.url("/livingmetrics/v1/contact_lists"), &[("X-Api-Key", "demo1-lmapi-key00-00001")], None);
    assert_eq!(r.status, 200, "{}", r.text);
    for path in ["/__admin/", "/__admin/ui", "/__admin/ui/app.js", "/__admin/ui/style.css", "/__admin/openapi/liondesk.json"] {
        assert_eq!(get(&app.url(path)).status, 200, "{path}");
    }
    // Refused before routing, so a method no route has (no document lists it): unchecked.
    let r = crate::helpers::send_unchecked("POST", &app.url("/__admin/ui"), &[], None);
    assert_eq!(r.status, 401, "only GET is open");
}

#[test]
fn an_empty_or_spaced_token_stops_the_start_saying_why() {
    for token in ["", "two words"] {
        let config = crm_mock::Config { port: 0, admin_token: Some(token.into()), ..Default::default() };
        let e = crm_mock::spawn(config).err().expect("refused");
        assert_eq!(e.to_string(), "--admin-token: give a non-empty token of printable ASCII characters without spaces");
    }
}

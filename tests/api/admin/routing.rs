//! Routing: vendors under their base path on the main port, at `/` on a `--vendor-port` and for
//! `Host: <vendor>.localhost`; unknown paths; the stub vendors; unknown admin routes; hostile
//! admin bodies.

use crm_mock::Config;
use serde_json::json;

use crate::helpers::{TestTenant, admin_error, contact_list_page, get, lm_error, send, spawn_with, url};

fn arranged_tenant(base: &str) -> TestTenant {
    let tenant = TestTenant::create(base, "empty");
    tenant.arrange("livingmetrics", "contact_lists", json!([{"id": 1, "name": "Routed", "created_at": "2024-01-01T00:00:00Z"}]));
    tenant
}

#[test]
fn a_vendor_port_serves_livingmetrics_at_its_root() {
    let app = spawn_with(Config { port: 0, workers: 2, vendor_ports: vec![("livingmetrics".into(), 0)], ..Config::default() });
    let tenant = arranged_tenant(app.server.base_url());
    let root = app.server.vendor_url("livingmetrics").expect("a vendor port").to_owned();
    assert_ne!(root, app.server.base_url());
    let key = [("X-Api-Key", tenant.credentials["livingmetrics"]["api_key"].as_str().unwrap())];

    let r = send("GET", &format!("{root}/v1/contact_lists"), &key, None);

    assert_eq!((r.status, r.body), (200, contact_list_page(&[(1, "Routed")])));
    let r = send("GET", &format!("{root}/livingmetrics/v1/contact_lists"), &key, None);
    assert_eq!((r.status, r.body), (404, lm_error(404, "No such endpoint: GET /livingmetrics/v1/contact_lists")));
    // On the vendor's port this path is LivingMetrics', not the admin API's: unchecked.
    let r = crate::helpers::send_unchecked("GET", &format!("{root}/__admin/health"), &[], None);
    assert_eq!((r.status, r.body), (404, lm_error(404, "No such endpoint: GET /__admin/health")));
    assert_eq!(app.server.vendor_url("liondesk"), None);
    // The journal and the fault rules cover the vendor port too.
    let entry = &get(&app.url("/__admin/requests?limit=1")).body["requests"][0];
    assert_eq!(
        [&entry["path"], &entry["vendor_path"], &entry["status"]],
        [&json!("/__admin/health"), &json!("/__admin/health"), &json!(404)]
    );
}

#[test]
fn an_unknown_vendor_port_stops_the_start() {
    let started = crm_mock::spawn(Config { port: 0, vendor_ports: vec![("hubspot".into(), 0)], ..Config::default() });
    let error = started.err().expect("the start fails").to_string();
    assert_eq!(error, "--vendor-port: unknown vendor 'hubspot' (known: livingmetrics, liondesk, livevox, leadconnector)");
}

#[test]
fn host_vendor_localhost_serves_that_vendor_at_the_root_of_the_main_port() {
    let tenant = arranged_tenant(crate::helpers::shared_url());
    let key = tenant.credentials["livingmetrics"]["api_key"].as_str().unwrap();
    let port = crate::helpers::shared_url().rsplit(':').next().unwrap();
    for host in
        ["livingmetrics.localhost".to_owned(), format!("livingmetrics.localhost:{port}"), "LivingMetrics.LocalHost".to_owned()]
    {
        let r = send("GET", &url("/v1/contact_lists"), &[("Host", &host), ("X-Api-Key", key)], None);
        assert_eq!((r.status, &r.body), (200, &contact_list_page(&[(1, "Routed")])), "{host}");
    }
    let r = send("GET", &url("/v1/contact_lists"), &[("Host", "liondesk.localhost")], None);
    assert_eq!(r.status, 404, "{}", r.text);
    assert_eq!(r.body["message"], json!("Page not found"), "LionDesk answers it, in Feathers' words");
}

#[test]
fn an_unknown_top_level_path_is_a_404_naming_the_vendor_bases() {
    let r = get(&url("/salesforce/v1/contacts"));
    assert_eq!(
        (r.status, r.body),
        (
            404,
            admin_error(
                404,
                "No route for GET /salesforce/v1/contacts: vendors live under /livingmetrics, /liondesk, /livevox, /leadconnector and the admin API under /__admin"
            )
        )
    );
    let r = get(&url("/v1/contacts"));
    assert_eq!(r.status, 404, "without a vendor host, the root is not a vendor");
}

#[test]
fn an_unknown_livingmetrics_path_is_a_404_in_its_error_shape() {
    let r = get(&url("/livingmetrics/v2/contacts"));
    assert_eq!((r.status, r.body), (404, lm_error(404, "No such endpoint: GET /livingmetrics/v2/contacts")));
}

#[test]
fn an_unknown_leadconnector_path_is_nestjs_404() {
    let r = get(&url("/leadconnector/v1/contacts"));
    assert_eq!(
        (r.status, r.body),
        (404, json!({"statusCode": 404, "message": "Cannot GET /leadconnector/v1/contacts", "error": "Not Found"}))
    );
}

#[test]
fn an_unknown_admin_route_is_a_404() {
    let r = get(&url("/__admin/nope"));
    assert_eq!((r.status, r.body), (404, admin_error(404, "no admin route for GET /__admin/nope")));
    let r = send("PATCH", &url("/__admin/tenants"), &[], Some(b"{}"));
    assert_eq!((r.status, r.body), (404, admin_error(404, "no admin route for PATCH /__admin/tenants")));
}

#[test]
fn an_oversized_admin_body_is_a_413_in_the_admin_shape() {
    let tenant = TestTenant::new();
    let mut body = vec![b' '; 33 * 1024 * 1024];
    body[0] = b'[';
    *body.last_mut().unwrap() = b']';

    let r = send("POST", &url(&format!("/__admin/tenants/{}/livingmetrics/contact_lists", tenant.id)), &[], Some(&body));

    assert_eq!((r.status, r.body), (413, admin_error(413, "the body is larger than 32 MiB")));
    assert_eq!(get(&url("/__admin/health")).status, 200);
}

#[test]
fn deeply_nested_admin_json_is_a_400_not_a_500() {
    let tenant = TestTenant::new();
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let nested_object = format!("{}{}", r#"{"a":"#.repeat(10_000), "}".repeat(10_000));
    let message = admin_error(400, "invalid JSON body: recursion limit exceeded at line 1 column 128");
    let arrange = format!("/__admin/tenants/{}/livingmetrics/contact_lists", tenant.id);
    for path in [arrange.as_str(), "/__admin/tenants", "/__admin/faults", "/__admin/snapshots", "/__admin/reset"] {
        let r = send("POST", &url(path), &[], Some(deep.as_bytes()));
        assert_eq!((r.status, &r.body), (400, &message), "{path}");
    }
    let r = send("POST", &url(&arrange), &[], Some(nested_object.as_bytes()));
    assert_eq!((r.status, &r.body), (400, &admin_error(400, "invalid JSON body: recursion limit exceeded at line 1 column 636")));
    let r = send("PUT", &url("/__admin/clock"), &[], Some(nested_object.as_bytes()));
    assert_eq!(r.status, 400, "{}", r.text);
}

#[test]
fn an_admin_body_that_is_not_utf8_is_a_400() {
    let tenant = TestTenant::new();
    let r = send("POST", &url(&format!("/__admin/tenants/{}/livingmetrics/contact_lists", tenant.id)), &[], Some(b"[\"\xff\"]"));
    assert_eq!(r.status, 400, "{}", r.text);
    assert!(r.body["message"].as_str().unwrap().starts_with("invalid JSON body: "), "{}", r.text);
}

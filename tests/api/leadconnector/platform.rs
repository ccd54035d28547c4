//! LeadConnector on the shared machinery: its own port and `Host: leadconnector.localhost`,
//! the journal and tenant-scoped fault rules by token, reset and snapshots of its data and of
//! its OAuth tokens.

use crm_mock::Config;
use serde_json::json;

use super::{Lc, VERSION, nest};
use crate::helpers::send;
use crate::helpers::{TestTenant, get, post_json, spawn_app, spawn_with, url};

#[test]
fn the_vendor_answers_at_the_root_of_its_port_and_of_its_host() {
    let app = spawn_with(Config { port: 0, workers: 2, vendor_ports: vec![("leadconnector".into(), 0)], ..Config::default() });
    let lc = Lc::of(&app.new_tenant());
    let id = lc.create_contact(json!({"firstName": "Rooted"}));
    let bearer = format!("Bearer {}", lc.token);
    let headers = [("Authorization", bearer.as_str()), ("Version", VERSION)];
    let root = app.server.vendor_url("leadconnector").expect("a vendor port").to_owned();
    let r = send("GET", &format!("{root}/contacts/{id}"), &headers, None);
    assert_eq!((r.status, r.body["contact"]["firstName"].clone()), (200, json!("Rooted")), "{}", r.text);
    let r = send("GET", &format!("{root}/contacts/?locationId={}&limit=1", lc.location()), &headers, None);
    assert_eq!(r.body["meta"]["nextPageUrl"], json!(null));

    let shared = Lc::of(&TestTenant::new());
    let id = shared.create_contact(json!({"firstName": "Hosted"}));
    let bearer = format!("Bearer {}", shared.token);
    let r = send(
        "GET",
        &url(&format!("/contacts/{id}")),
        &[("Host", "leadconnector.localhost"), ("Authorization", &bearer), ("Version", VERSION)],
        None,
    );
    assert_eq!((r.status, r.body["contact"]["firstName"].clone()), (200, json!("Hosted")), "{}", r.text);
}

#[test]
fn the_journal_and_fault_rules_know_the_tenant_by_its_token() {
    let app = spawn_app();
    let (a, b) = (app.new_tenant(), app.new_tenant());
    let r = post_json(&app.url("/__admin/faults"), &json!({"tenant": a.id, "status": 503}));
    assert_eq!(r.status, 201, "{}", r.text);
    let (la, lb) = (Lc::of(&a), Lc::of(&b));
    let r = la.get("/contacts/nobody");
    assert_eq!((r.status, r.body), (503, nest(503, "Fault injected by crm-mock")));
    assert_eq!(lb.get("/contacts/nobody").body, nest(400, "Contact with id nobody not found"));
    let journal = get(&app.url(&format!("/__admin/requests?vendor=leadconnector&tenant={}", b.id)));
    assert_eq!((journal.body["total"].clone(), journal.body["requests"][0]["status"].clone()), (json!(1), json!(400)));
}

#[test]
fn a_reset_brings_back_the_seed_and_the_refresh_token_a_refresh_used() {
    let app = spawn_app();
    let tenant = app.new_tenant();
    let lc = Lc::of(&tenant);
    let id = lc.create_contact(json!({"firstName": "Temporary"}));
    let form = format!(
        "client_id={}&client_secret={}&grant_type=refresh_token&refresh_token={}",
        lc.credentials["client_id"].as_str().unwrap(),
        lc.credentials["client_secret"].as_str().unwrap(),
        lc.credentials["refresh_token"].as_str().unwrap()
    );
    let refresh = || {
        send(
            "POST",
            &format!("{}/oauth/token", lc.base),
            &[("Content-Type", "application/x-www-form-urlencoded")],
            Some(form.as_bytes()),
        )
    };
    assert_eq!(refresh().status, 200);
    assert_eq!(refresh().status, 400, "a refresh token is good once");
    let r = post_json(&app.url("/__admin/snapshots"), &json!({"name": "before-reset", "tenant": tenant.id}));
    assert_eq!(r.status, 201, "{}", r.text);

    let r = post_json(&app.url("/__admin/reset"), &json!({"tenant": tenant.id}));
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(lc.get(&format!("/contacts/{id}")).body, nest(400, &format!("Contact with id {id} not found")));
    assert_eq!(refresh().status, 200, "the credentials' refresh token is back");

    let r = post_json(&app.url("/__admin/snapshots/before-reset/restore"), &json!({}));
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(lc.get(&format!("/contacts/{id}")).body["contact"]["firstName"], json!("Temporary"));
}

//! `POST /__admin/reset`: `{"tenant": id}` puts one tenant back to its seed; without a body every
//! tenant goes back to its seed and the journal, fault rules and clock are cleared; with
//! `?factory=true` only the seeded tenants remain, as at first start.

use serde_json::json;

use crate::helpers::{TestTenant, admin_error, contact_list_page, delete, get, post_json, put_json, send, spawn_app, url};

fn arrange_list(tenant: &TestTenant, name: &str) {
    tenant.arrange("livingmetrics", "contact_lists", json!([{"id": 1, "name": name, "created_at": "2024-01-01T00:00:00Z"}]));
}

#[test]
fn resetting_one_tenant_puts_it_back_to_its_seed_and_keeps_its_credentials() {
    let tenant = TestTenant::new();
    arrange_list(&tenant, "Arranged");
    tenant.arrange("livingmetrics", "task_outcomes", json!([{"id": 7, "name": "Voicemail Full"}]));
    let lm = tenant.livingmetrics();
    let defaults = lm.get("/v1/tasks/outcomes.json");
    assert_eq!(defaults.body["total"], json!(7));

    let r = post_json(&url("/__admin/reset"), &json!({"tenant": tenant.id}));

    assert_eq!((r.status, r.body), (200, json!({"status": "ok", "tenants": 1})));
    assert_eq!(lm.get("/v1/contact_lists").body, contact_list_page(&[]));
    let outcomes = lm.get("/v1/tasks/outcomes.json");
    assert_eq!(outcomes.status, 200, "the key still works: {}", outcomes.text);
    assert_eq!(outcomes.body["data"], json!(defaults.body["data"].as_array().unwrap()[..6]));
    assert_eq!(outcomes.body["total"], json!(6));
    let after = get(&url(&format!("/__admin/tenants/{}", tenant.id)));
    assert_eq!(after.body["credentials"], tenant.credentials);
    // Ids start over, as in a fresh tenant.
    assert_eq!(tenant.arrange("livingmetrics", "contact_lists", json!([{"name": "again"}])), [json!(1)]);
}

#[test]
fn resetting_one_tenant_leaves_the_other_tenants_alone() {
    let (reset, other) = (TestTenant::new(), TestTenant::new());
    arrange_list(&reset, "Goes");
    arrange_list(&other, "Stays");

    let r = post_json(&url("/__admin/reset"), &json!({"tenant": reset.id}));

    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(reset.livingmetrics().get("/v1/contact_lists").body, contact_list_page(&[]));
    assert_eq!(other.livingmetrics().get("/v1/contact_lists").body, contact_list_page(&[(1, "Stays")]));
}

#[test]
fn resetting_a_demo_seeded_tenant_brings_its_demo_records_back() {
    let tenant = TestTenant::demo();
    let lm = tenant.livingmetrics();
    let before = lm.get("/v1/contact_lists?limit=500");
    tenant.arrange("livingmetrics", "contact_lists", json!([{"id": 999_999, "name": "Extra"}]));
    assert_eq!(lm.get("/v1/contact_lists?limit=500").body["total"], json!(before.body["total"].as_i64().unwrap() + 1));

    let r = post_json(&url("/__admin/reset"), &json!({"tenant": tenant.id}));

    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(lm.get("/v1/contact_lists?limit=500").body["total"], before.body["total"]);
    assert_eq!(lm.get("/v1/contacts/count").body, TestTenant::demo().livingmetrics().get("/v1/contacts/count").body);
}

#[test]
fn resetting_an_unknown_tenant_is_404() {
    let r = post_json(&url("/__admin/reset"), &json!({"tenant": "t_nope"}));
    assert_eq!((r.status, r.body), (404, admin_error(404, "tenant: no tenant 't_nope'")));
}

#[test]
fn a_reset_body_with_a_wrong_field_is_a_400_naming_it() {
    let r = post_json(&url("/__admin/reset"), &json!({"tenant": 5}));
    assert_eq!((r.status, r.body), (400, admin_error(400, "tenant: invalid type: integer '5', expected a string")));
    let r = post_json(&url("/__admin/reset"), &json!({"tenants": ["a"]}));
    assert_eq!((r.status, r.body), (400, admin_error(400, "tenants: unknown field 'tenants', expected 'tenant'")));
    let r = send("POST", &url("/__admin/reset"), &[], Some(b"[]"));
    assert_eq!((r.status, r.body), (400, admin_error(400, "the body must be a JSON object")));
}

#[test]
fn a_global_reset_restores_every_tenant_and_clears_the_journal_faults_and_clock() {
    let app = spawn_app();
    let (a, b) = (app.new_tenant(), app.new_tenant());
    arrange_list(&a, "A");
    arrange_list(&b, "B");
    let gone = app.new_tenant();
    assert_eq!(delete(&app.url(&format!("/__admin/tenants/{}", gone.id))).status, 204);
    let rule = post_json(&app.url("/__admin/faults"), &json!({"path": "/v1/never", "status": 500}));
    assert_eq!(rule.status, 201, "{}", rule.text);
    let clock = put_json(&app.url("/__admin/clock"), &json!({"now": "2024-05-01T10:00:00Z", "frozen": true}));
    assert_eq!(clock.status, 200, "{}", clock.text);
    assert_eq!(a.livingmetrics().get("/v1/contact_lists").status, 200);
    assert_eq!(get(&app.url("/__admin/requests")).body["total"], json!(1));

    let r = send("POST", &app.url("/__admin/reset"), &[], None);

    assert_eq!((r.status, r.body), (200, json!({"status": "ok", "tenants": 3})));
    assert_eq!(a.livingmetrics().get("/v1/contact_lists").body, contact_list_page(&[]));
    assert_eq!(b.livingmetrics().get("/v1/contact_lists").body, contact_list_page(&[]));
    assert_eq!(get(&app.url("/__admin/faults")).body, json!({"faults": []}));
    let clock = get(&app.url("/__admin/clock"));
    assert_eq!(clock.body["frozen"], json!(false));
    assert!(!clock.body["now"].as_str().unwrap().starts_with("2024-05-01"), "{}", clock.text);
    // The two list requests above, made after the reset, are all the journal holds.
    assert_eq!(get(&app.url("/__admin/requests")).body["total"], json!(2));
    let tenants = get(&app.url("/__admin/tenants")).body;
    let mut ids: Vec<&str> = tenants["tenants"].as_array().unwrap().iter().map(|t| t["id"].as_str().unwrap()).collect();
    ids.sort_unstable();
    let mut expected = vec!["demo", a.id.as_str(), b.id.as_str()];
    expected.sort_unstable();
    assert_eq!(ids, expected);
}

#[test]
fn a_global_reset_with_an_empty_object_is_the_same_as_no_body() {
    let app = spawn_app();
    let tenant = app.new_tenant();
    arrange_list(&tenant, "A");

    let r = post_json(&app.url("/__admin/reset"), &json!({}));

    assert_eq!((r.status, r.body), (200, json!({"status": "ok", "tenants": 2})));
    assert_eq!(tenant.livingmetrics().get("/v1/contact_lists").body, contact_list_page(&[]));
    assert_eq!(get(&app.url("/__admin/tenants/demo")).body["seed"], json!("demo"));
}

#[test]
fn a_factory_reset_leaves_only_the_seeded_tenants_as_seeded() {
    let app = spawn_app();
    let tenant = app.new_tenant();
    arrange_list(&tenant, "Goes");
    let demo_key = get(&app.url("/__admin/tenants/demo")).body["credentials"]["livingmetrics"]["api_key"].clone();
    assert_eq!(delete(&app.url("/__admin/tenants/demo")).status, 204);
    let saved = post_json(&app.url("/__admin/snapshots"), &json!({"name": "kept"}));
    assert_eq!(saved.status, 201, "{}", saved.text);
    put_json(&app.url("/__admin/clock"), &json!({"now": "2030-01-01T00:00:00Z", "frozen": true}));

    let r = send("POST", &app.url("/__admin/reset?factory=true"), &[], None);

    assert_eq!((r.status, r.body), (200, json!({"status": "ok", "tenants": 1})));
    let tenants = get(&app.url("/__admin/tenants")).body["tenants"].clone();
    assert_eq!(tenants.as_array().map(|t| t.iter().map(|t| t["id"].clone()).collect::<Vec<_>>()), Some(vec![json!("demo")]));
    let demo = get(&app.url("/__admin/tenants/demo")).body;
    assert_eq!(demo["credentials"]["livingmetrics"]["api_key"], demo_key);
    let contacts = send("GET", &app.url("/livingmetrics/v1/contacts/count"), &[("X-Api-Key", demo_key.as_str().unwrap())], None);
    assert_eq!((contacts.status, contacts.body), (200, json!({"count": 26})), "the demo data is back");
    assert_eq!(get(&app.url(&format!("/__admin/tenants/{}", tenant.id))).status, 404);
    assert_eq!(get(&app.url("/__admin/clock")).body["frozen"], json!(false));
    let snapshots = get(&app.url("/__admin/snapshots")).body;
    assert_eq!(snapshots["snapshots"][0]["name"], json!("kept"), "snapshots are kept");
}

#[test]
fn a_reset_query_other_than_factory_is_a_400() {
    let r = send("POST", &url("/__admin/reset?factory=maybe"), &[], None);
    assert_eq!((r.status, r.body), (400, admin_error(400, "factory: 'maybe' is not true or false")));
    let r = send("POST", &url("/__admin/reset?everything=1"), &[], None);
    assert_eq!((r.status, r.body), (400, admin_error(400, "unknown parameter 'everything' (known: factory)")));
    let r = send("POST", &url("/__admin/reset?factory=true"), &[], Some(br#"{"tenant": "t_x"}"#));
    assert_eq!((r.status, r.body), (400, admin_error(400, "give either tenant or factory, not both")));
}

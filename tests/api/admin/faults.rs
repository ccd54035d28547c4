//! `POST|GET|DELETE /__admin/faults[/{id}]`: fault rules answer matching vendor requests with a
//! status and body (the vendor's own error shape by default), or delay them. Each test runs its
//! own server, as rules are global.

use serde_json::{Value, json};

use crate::helpers::{Response, TestApp, admin_error, delete, get, lm_error, post_json, send, spawn_app};

fn add(app: &TestApp, rule: Value) -> Value {
    let r = post_json(&app.url("/__admin/faults"), &rule);
    assert_eq!(r.status, 201, "{rule}: {}", r.text);
    r.body
}

fn rules(app: &TestApp) -> Value {
    let r = get(&app.url("/__admin/faults"));
    assert_eq!(r.status, 200, "{}", r.text);
    r.body
}

const FAULT: &str = "Fault injected by crm-mock";

#[test]
fn a_rule_is_stored_as_posted_and_answers_with_its_status_and_body() {
    let app = spawn_app();
    let lm = app.new_tenant().livingmetrics();

    let rule = add(&app, json!({"vendor": "livingmetrics", "path": "/v1/contacts", "status": 503, "body": {"oops": true}}));

    assert_eq!(
        rule,
        json!({"id": 1, "vendor": "livingmetrics", "path": "/v1/contacts", "status": 503, "body": {"oops": true}, "remaining": null, "fired": 0})
    );
    let r = lm.get("/v1/contacts");
    assert_eq!((r.status, &r.body), (503, &json!({"oops": true})));
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert_eq!(lm.get("/v1/contact_lists").status, 200, "another path is not touched");
    assert_eq!(
        rules(&app),
        json!({"faults": [{"id": 1, "vendor": "livingmetrics", "path": "/v1/contacts", "status": 503, "body": {"oops": true}, "remaining": null, "fired": 1}]})
    );
}

#[test]
fn without_a_body_each_vendor_answers_in_its_own_error_shape() {
    let app = spawn_app();
    let lm = app.new_tenant().livingmetrics();
    add(&app, json!({"status": 503}));

    let r = lm.get("/v1/contacts");
    assert_eq!((r.status, r.body), (503, lm_error(503, FAULT)));
    let r = get(&app.url("/liondesk/v1/contacts"));
    assert_eq!(
        (r.status, r.body),
        (503, json!({"name": "Unavailable", "message": FAULT, "code": 503, "className": "unavailable", "errors": {}}))
    );
    let r = get(&app.url("/livevox/contact/v6.0/contacts"));
    assert_eq!((r.status, r.body), (503, json!({"code": 503, "message": FAULT})));
    let r = get(&app.url("/leadconnector/contacts/"));
    assert_eq!((r.status, r.body), (503, json!({"statusCode": 503, "message": FAULT})));
}

#[test]
fn a_string_body_is_sent_as_text_with_the_rules_headers() {
    let app = spawn_app();
    add(&app, json!({"status": 429, "body": "slow down", "headers": {"Retry-After": "7", "X-RateLimit-Remaining": "0"}}));

    let r = get(&app.url("/livingmetrics/v1/contacts"));

    assert_eq!((r.status, r.text.as_str()), (429, "slow down"));
    assert_eq!(r.header("content-type"), Some("text/plain; charset=utf-8"));
    assert_eq!(r.header("retry-after"), Some("7"));
    assert_eq!(r.header("x-ratelimit-remaining"), Some("0"));
}

#[test]
fn a_rule_with_times_1_fires_once_and_is_gone() {
    let app = spawn_app();
    let lm = app.new_tenant().livingmetrics();
    add(&app, json!({"status": 500, "times": 1}));
    assert_eq!(rules(&app), json!({"faults": [{"id": 1, "status": 500, "times": 1, "remaining": 1, "fired": 0}]}));

    assert_eq!(lm.get("/v1/contacts").status, 500);
    assert_eq!(rules(&app), json!({"faults": []}));
    assert_eq!(lm.get("/v1/contacts").status, 200);
}

#[test]
fn get_lists_the_firings_a_rule_has_left() {
    let app = spawn_app();
    let lm = app.new_tenant().livingmetrics();
    add(&app, json!({"status": 502, "times": 3}));

    assert_eq!(lm.get("/v1/contacts").status, 502);

    assert_eq!(rules(&app), json!({"faults": [{"id": 1, "status": 502, "times": 3, "remaining": 2, "fired": 1}]}));
}

#[test]
fn a_rule_with_probability_0_never_fires() {
    let app = spawn_app();
    let lm = app.new_tenant().livingmetrics();
    add(&app, json!({"status": 500, "probability": 0.0, "times": 1}));

    for _ in 0..20 {
        assert_eq!(lm.get("/v1/contacts").status, 200);
    }

    assert_eq!(
        rules(&app),
        json!({"faults": [{"id": 1, "status": 500, "probability": 0.0, "times": 1, "remaining": 1, "fired": 0}]})
    );
}

#[test]
fn a_rule_with_probability_1_always_fires() {
    let app = spawn_app();
    let lm = app.new_tenant().livingmetrics();
    add(&app, json!({"status": 500, "probability": 1.0}));
    for _ in 0..5 {
        assert_eq!(lm.get("/v1/contacts").status, 500);
    }
}

#[test]
fn method_and_path_globs_select_the_requests() {
    let app = spawn_app();
    let lm = app.new_tenant().livingmetrics();
    add(&app, json!({"method": "get", "path": "/v1/contacts/*", "status": 418}));
    add(&app, json!({"path": "/v1/tasks/**", "status": 419}));
    add(&app, json!({"method": "POST", "path": "/v1/organizations", "status": 420}));

    let cases = [
        ("GET", "/v1/contacts/5", 418),
        ("GET", "/v1/contacts/count", 418),
        ("GET", "/v1/contacts", 200),
        ("GET", "/v1/contacts/5/tasks.json", 404),
        ("GET", "/v1/tasks/contact/3.json", 419),
        ("GET", "/v1/tasks/outcomes.json", 419),
        ("GET", "/v1/tasks.json", 200),
        ("GET", "/v1/organizations", 200),
        ("POST", "/v1/organizations", 420),
    ];
    for (method, path, status) in cases {
        // A rule answers before routing, so also a method no route has (`POST`), which no
        // OpenAPI document describes: unchecked.
        let r = crate::helpers::send_unchecked(method, &format!("{}{path}", lm.base), &[("X-Api-Key", &lm.key)], None);
        assert_eq!(r.status, status, "{method} {path}: {}", r.text);
    }
}

#[test]
fn a_rule_for_one_vendor_leaves_the_others_alone() {
    let app = spawn_app();
    add(&app, json!({"vendor": "LiveVox", "status": 503}));
    assert_eq!(get(&app.url("/livevox/x")).status, 503);
    assert_eq!(get(&app.url("/leadconnector/x")).status, 404);
    assert_eq!(get(&app.url("/livingmetrics/v1/contacts")).status, 401);
}

#[test]
fn a_tenant_scoped_rule_hits_only_that_tenants_key() {
    let app = spawn_app();
    let (a, b) = (app.new_tenant(), app.new_tenant());
    add(&app, json!({"tenant": a.id, "status": 500}));

    let r = a.livingmetrics().get("/v1/contacts");
    assert_eq!((r.status, r.body), (500, lm_error(500, FAULT)));
    assert_eq!(b.livingmetrics().get("/v1/contacts").status, 200);
    assert_eq!(get(&app.url("/livingmetrics/v1/contacts")).status, 401, "no key, no tenant");
    let journal = get(&app.url(&format!("/__admin/requests?status=500&tenant={}", a.id)));
    assert_eq!(journal.body["total"], json!(1), "the faulted request is journaled under its tenant");
}

#[test]
fn a_delay_alone_lets_the_request_through_and_the_journal_marks_it() {
    let app = spawn_app();
    let lm = app.new_tenant().livingmetrics();
    let rule = add(&app, json!({"path": "/v1/contacts", "delay_ms": 5}));
    assert_eq!(rule, json!({"id": 1, "path": "/v1/contacts", "delay_ms": 5, "remaining": null, "fired": 0}));

    let r = lm.get("/v1/contacts");

    assert_eq!((r.status, r.body), (200, json!({"data": [], "page": 0, "limit": 100, "total": 0})));
    let entry = &get(&app.url("/__admin/requests")).body["requests"][0];
    assert_eq!((&entry["status"], &entry["fault"]), (&json!(200), &json!(1)));
}

#[test]
fn the_journal_marks_requests_a_rule_answered() {
    let app = spawn_app();
    let lm = app.new_tenant().livingmetrics();
    add(&app, json!({"path": "/v1/contact_lists", "status": 500}));
    add(&app, json!({"path": "/v1/contacts", "status": 503}));
    lm.get("/v1/contact_lists");
    lm.get("/v1/contacts");
    lm.get("/v1/tasks.json");

    let r = get(&app.url("/__admin/requests"));

    let marks: Vec<Value> =
        r.body["requests"].as_array().unwrap().iter().map(|e| json!([e["vendor_path"], e["status"], e["fault"]])).collect();
    assert_eq!(
        marks,
        [json!(["/v1/tasks.json", 200, null]), json!(["/v1/contacts", 503, 2]), json!(["/v1/contact_lists", 500, 1])]
    );
}

#[test]
fn rule_validation_errors_are_400s_naming_the_field() {
    let app = spawn_app();
    let cases = [
        (json!({"status": 700}), "status: 700 is not an HTTP status (100-599)"),
        (json!({"status": "500"}), "status: invalid type: string \"500\", expected u16"),
        (
            json!({"vendor": "hubspot", "status": 500}),
            "vendor: unknown vendor 'hubspot' (known: livingmetrics, liondesk, livevox, leadconnector)",
        ),
        (json!({"method": "GE T", "status": 500}), "method: 'GE T' is not an HTTP method"),
        (
            json!({"path": "/v1/[", "status": 500}),
            "path: invalid glob: Pattern syntax error near position 4: invalid range pattern",
        ),
        (json!({"status": 500, "probability": 1.5}), "probability: 1.5 is not between 0 and 1"),
        (json!({"status": 500, "times": 0}), "times: must be at least 1"),
        (json!({"status": 500, "times": -1}), "times: invalid value: integer '-1', expected u64"),
        (json!({"delay_ms": 600_001}), "delay_ms: at most 600000"),
        (json!({"status": 500, "headers": {"Bad Name": "x"}}), "headers: 'Bad Name' is not a valid header"),
        (json!({"path": "/v1/contacts"}), "a rule needs a status, a delay_ms, or both"),
        (
            json!({"status": 500, "colour": "red"}),
            "colour: unknown field 'colour', expected one of 'vendor', 'method', 'path', 'tenant', 'status', 'body', 'headers', 'delay_ms', 'probability', 'times'",
        ),
    ];
    for (rule, message) in cases {
        let r = post_json(&app.url("/__admin/faults"), &rule);
        assert_eq!((r.status, &r.body), (400, &admin_error(400, message)), "{rule}");
    }
    for body in ["[]", "", "{"] {
        let r = send("POST", &app.url("/__admin/faults"), &[], Some(body.as_bytes()));
        assert_eq!(r.status, 400, "{body}: {}", r.text);
    }
    assert_eq!(rules(&app), json!({"faults": []}));
}

#[test]
fn a_rule_for_an_unknown_tenant_is_404() {
    let app = spawn_app();
    let r = post_json(&app.url("/__admin/faults"), &json!({"tenant": "t_nope", "status": 500}));
    assert_eq!((r.status, r.body), (404, admin_error(404, "tenant: no tenant 't_nope'")));
}

#[test]
fn delete_removes_one_rule_by_id() {
    let app = spawn_app();
    let lm = app.new_tenant().livingmetrics();
    add(&app, json!({"path": "/v1/contacts", "status": 500}));
    add(&app, json!({"path": "/v1/contact_lists", "status": 501}));

    let r = delete(&app.url("/__admin/faults/1"));

    assert_eq!((r.status, r.text.as_str()), (204, ""));
    assert_eq!(
        rules(&app),
        json!({"faults": [{"id": 2, "path": "/v1/contact_lists", "status": 501, "remaining": null, "fired": 0}]})
    );
    assert_eq!(lm.get("/v1/contacts").status, 200);
    assert_eq!(lm.get("/v1/contact_lists").status, 501);
}

#[test]
fn deleting_an_unknown_rule_is_404() {
    let app = spawn_app();
    for id in ["7", "abc"] {
        let r: Response = delete(&app.url(&format!("/__admin/faults/{id}")));
        assert_eq!((r.status, &r.body), (404, &admin_error(404, &format!("no fault rule '{id}'"))));
    }
}

#[test]
fn delete_without_an_id_removes_every_rule() {
    let app = spawn_app();
    let lm = app.new_tenant().livingmetrics();
    add(&app, json!({"status": 500}));
    add(&app, json!({"status": 501}));

    let r = delete(&app.url("/__admin/faults"));

    assert_eq!((r.status, r.text.as_str()), (204, ""));
    assert_eq!(rules(&app), json!({"faults": []}));
    assert_eq!(lm.get("/v1/contacts").status, 200);
    assert_eq!(add(&app, json!({"status": 500}))["id"], json!(3), "ids are never reused");
}

//! `GET|DELETE /__admin/requests`: the request journal, newest first, with what was answered and
//! its filters (vendor, method, path glob, status or class, tenant, since, after, limit). Each
//! test runs its own server, as the journal is global.

use serde_json::{Value, json};

use crate::helpers::{Response, TestApp, TestTenant, admin_error, delete, get, post_json, put_json, send, spawn_app};

fn journal(app: &TestApp, query: &str) -> Response {
    let r = get(&app.url(&format!("/__admin/requests{query}")));
    assert_eq!(r.status, 200, "{query}: {}", r.text);
    r
}

/// `[method, vendor, vendor_path, status]` of each entry answered for `query`.
fn summary(app: &TestApp, query: &str) -> Value {
    let r = journal(app, query);
    let rows: Vec<Value> = r.body["requests"]
        .as_array()
        .expect("requests")
        .iter()
        .map(|e| json!([e["method"], e["vendor"], e["vendor_path"], e["status"]]))
        .collect();
    json!(rows)
}

fn freeze(app: &TestApp, now: &str) {
    let r = put_json(&app.url("/__admin/clock"), &json!({"now": now, "frozen": true}));
    assert_eq!(r.status, 200, "{}", r.text);
}

/// Replaces the measured duration and checks it is a number.
fn without_duration(mut entry: Value) -> Value {
    assert!(entry["duration_ms"].as_f64().is_some_and(|ms| ms >= 0.0), "{entry}");
    entry["duration_ms"] = json!("<ms>");
    entry
}

#[test]
fn the_journal_records_each_request_with_its_tenant_query_headers_and_body_newest_first() {
    let app = spawn_app();
    freeze(&app, "2024-05-01T10:00:00Z");
    let tenant = app.new_tenant();
    let lm = tenant.livingmetrics();
    let host = app.server.base_url().trim_start_matches("http://").to_owned();
    let listed = lm.get("/v1/contact_lists?page=0&limit=5");
    assert_eq!(listed.status, 200);
    let posted = send(
        "POST",
        &format!("{}/v1/contacts?x=1", lm.base),
        &[("X-Api-Key", &lm.key), ("X-Trace", "abc")],
        Some(br#"{"first_name":"Ann"}"#),
    );
    assert_eq!(posted.status, 405);

    let r = journal(&app, "");

    assert_eq!(r.body["total"], json!(2));
    let entries = r.body["requests"].as_array().expect("requests");
    let (newest, oldest) = (without_duration(entries[0].clone()), without_duration(entries[1].clone()));
    assert_eq!(oldest["response"]["body"].as_str(), Some(listed.text.as_str()), "the list as it was answered");
    assert_eq!(newest["response"]["body"].as_str(), Some(posted.text.as_str()));
    for (entry, status) in [(&newest, 405), (&oldest, 200)] {
        let headers = entry["response"]["headers"].as_object().expect("response headers");
        assert_eq!(headers["content-type"], json!("application/json"), "{entry}");
        assert_eq!(
            (entry["response"]["status"].clone(), entry["response"]["body_truncated"].clone()),
            (json!(status), json!(false))
        );
    }
    for (entry, extra) in [(&newest, vec![("content-type", "application/json"), ("x-trace", "abc")]), (&oldest, vec![])] {
        let headers = entry["headers"].as_object().expect("headers");
        assert_eq!(headers["x-api-key"], json!(lm.key));
        assert_eq!(headers["host"], json!(host));
        for (name, value) in extra {
            assert_eq!(headers[name], json!(value), "{name}");
        }
    }
    let strip = |mut e: Value| {
        e["headers"] = json!("<headers>");
        e["response"] = json!("<response>");
        e
    };
    assert_eq!(
        strip(newest),
        json!({
            "id": 2, "at": "2024-05-01T10:00:00.000Z", "vendor": "livingmetrics", "tenant": null,
            "method": "POST", "path": "/livingmetrics/v1/contacts", "vendor_path": "/v1/contacts", "route": "/v1/contacts", "query": "x=1",
            "headers": "<headers>", "body": "{\"first_name\":\"Ann\"}", "body_truncated": false,
            "status": 405, "fault": null, "duration_ms": "<ms>", "response": "<response>"
        })
    );
    assert_eq!(
        strip(oldest),
        json!({
            "id": 1, "at": "2024-05-01T10:00:00.000Z", "vendor": "livingmetrics", "tenant": tenant.id,
            "method": "GET", "path": "/livingmetrics/v1/contact_lists", "vendor_path": "/v1/contact_lists", "route": "/v1/contact_lists",
            "query": "page=0&limit=5", "headers": "<headers>", "body": null, "body_truncated": false,
            "status": 200, "fault": null, "duration_ms": "<ms>", "response": "<response>"
        })
    );
}

#[test]
fn a_large_request_body_is_kept_in_part_and_marked_truncated() {
    let app = spawn_app();
    let big = "x".repeat(100 * 1024);
    assert_eq!(send("POST", &app.url("/livevox/contacts"), &[], Some(big.as_bytes())).status, 404);

    let entry = &journal(&app, "").body["requests"][0];

    assert_eq!(entry["body"].as_str().map(str::len), Some(64 * 1024));
    assert_eq!(entry["body_truncated"], json!(true));
    assert_eq!(entry["vendor"], json!("livevox"));
}

#[test]
fn each_entry_names_the_route_that_answered_or_none_when_no_route_matched() {
    let app = spawn_app();
    let tenant = app.new_tenant();
    assert_eq!(tenant.livingmetrics().get("/v1/contacts/5").status, 404);
    assert_eq!(get(&app.url("/livingmetrics/v1/nothing/here")).status, 404);
    assert_eq!(get(&app.url("/leadconnector/contacts/abc/tasks")).status, 401);

    let routes: Vec<Value> = journal(&app, "").body["requests"].as_array().unwrap().iter().map(|e| e["route"].clone()).collect();

    assert_eq!(routes, [json!("/contacts/{contactId}/tasks"), Value::Null, json!("/v1/contacts/{id}")]);
}

#[test]
fn a_large_answer_is_kept_in_part_and_marked_truncated() {
    let app = spawn_app();
    let big = "y".repeat(100 * 1024);
    let rule = post_json(&app.url("/__admin/faults"), &json!({"vendor": "liondesk", "status": 503, "body": big}));
    assert_eq!(rule.status, 201, "{}", rule.text);
    let r = get(&app.url("/liondesk/contacts"));
    assert_eq!((r.status, r.text.len()), (503, 100 * 1024));

    let response = &journal(&app, "").body["requests"][0]["response"];

    assert_eq!(response["body"].as_str(), Some(&big[..64 * 1024]));
    assert_eq!((&response["status"], &response["body_truncated"]), (&json!(503), &json!(true)));
    assert_eq!(response["headers"]["content-type"], json!("text/plain; charset=utf-8"));
}

#[test]
fn after_lists_only_what_was_answered_since_an_entry_for_polling() {
    let app = spawn_app();
    five_requests(&app);
    let r = journal(&app, "?after=3");
    assert_eq!(r.body["total"], json!(2));
    let ids: Vec<&Value> = r.body["requests"].as_array().unwrap().iter().map(|e| &e["id"]).collect();
    assert_eq!(ids, [&json!(5), &json!(4)]);
    assert_eq!(summary(&app, "?after=5"), json!([]));
    assert_eq!(summary(&app, "?after=4&status=4xx"), json!([["POST", "livingmetrics", "/v1/contacts", 405]]));
}

/// Five requests: a tenant's list (200), no key (401), an unknown LeadConnector route (404), another tenant's
/// missing contact (404) and a POST to a read-only route (405); the clock moves a minute
/// between the second and the third.
fn five_requests(app: &TestApp) -> (TestTenant, TestTenant) {
    freeze(app, "2024-05-01T10:00:00Z");
    let (a, b) = (app.new_tenant(), app.new_tenant());
    assert_eq!(a.livingmetrics().get("/v1/contact_lists").status, 200);
    assert_eq!(get(&app.url("/livingmetrics/v1/contacts")).status, 401);
    let moved = put_json(&app.url("/__admin/clock"), &json!({"advance_seconds": 60}));
    assert_eq!(moved.status, 200, "{}", moved.text);
    assert_eq!(get(&app.url("/leadconnector/v1/contacts")).status, 404);
    assert_eq!(b.livingmetrics().get("/v1/contacts/5").status, 404);
    assert_eq!(
        send("POST", &app.url("/livingmetrics/v1/contacts"), &[("X-Api-Key", &a.livingmetrics().key)], Some(b"{}")).status,
        405
    );
    (a, b)
}

#[test]
fn without_filters_the_journal_lists_every_request_newest_first() {
    let app = spawn_app();
    five_requests(&app);
    assert_eq!(
        summary(&app, ""),
        json!([
            ["POST", "livingmetrics", "/v1/contacts", 405],
            ["GET", "livingmetrics", "/v1/contacts/5", 404],
            ["GET", "leadconnector", "/v1/contacts", 404],
            ["GET", "livingmetrics", "/v1/contacts", 401],
            ["GET", "livingmetrics", "/v1/contact_lists", 200]
        ])
    );
}

#[test]
fn each_filter_narrows_the_journal() {
    let app = spawn_app();
    let (a, b) = five_requests(&app);
    let cases = [
        ("?vendor=leadconnector", json!([["GET", "leadconnector", "/v1/contacts", 404]])),
        ("?vendor=LeadConnector", json!([["GET", "leadconnector", "/v1/contacts", 404]])),
        ("?method=post", json!([["POST", "livingmetrics", "/v1/contacts", 405]])),
        (
            "?path=/v1/*",
            json!([
                ["POST", "livingmetrics", "/v1/contacts", 405],
                ["GET", "leadconnector", "/v1/contacts", 404],
                ["GET", "livingmetrics", "/v1/contacts", 401],
                ["GET", "livingmetrics", "/v1/contact_lists", 200]
            ]),
        ),
        ("?path=/v1/contacts/*", json!([["GET", "livingmetrics", "/v1/contacts/5", 404]])),
        (
            "?path=/v1/**&vendor=livingmetrics&method=GET",
            json!([
                ["GET", "livingmetrics", "/v1/contacts/5", 404],
                ["GET", "livingmetrics", "/v1/contacts", 401],
                ["GET", "livingmetrics", "/v1/contact_lists", 200]
            ]),
        ),
        ("?status=401", json!([["GET", "livingmetrics", "/v1/contacts", 401]])),
        (
            "?status=4xx",
            json!([
                ["POST", "livingmetrics", "/v1/contacts", 405],
                ["GET", "livingmetrics", "/v1/contacts/5", 404],
                ["GET", "leadconnector", "/v1/contacts", 404],
                ["GET", "livingmetrics", "/v1/contacts", 401]
            ]),
        ),
        ("?status=5xx", json!([])),
        ("?status=2xx", json!([["GET", "livingmetrics", "/v1/contact_lists", 200]])),
        (&format!("?tenant={}", a.id), json!([["GET", "livingmetrics", "/v1/contact_lists", 200]])),
        (&format!("?tenant={}", b.id), json!([["GET", "livingmetrics", "/v1/contacts/5", 404]])),
        (
            "?since=2024-05-01T10:00:30Z",
            json!([
                ["POST", "livingmetrics", "/v1/contacts", 405],
                ["GET", "livingmetrics", "/v1/contacts/5", 404],
                ["GET", "leadconnector", "/v1/contacts", 404]
            ]),
        ),
        (
            "?since=2024-05-01T10:01:00Z&status=404",
            json!([["GET", "livingmetrics", "/v1/contacts/5", 404], ["GET", "leadconnector", "/v1/contacts", 404]]),
        ),
        ("?since=2024-05-01T10:01:01Z", json!([])),
        ("?vendor=livevox", json!([])),
    ];
    for (query, expected) in cases {
        assert_eq!(summary(&app, query), expected, "{query}");
    }
}

#[test]
fn limit_keeps_the_newest_entries_and_total_counts_every_match() {
    let app = spawn_app();
    five_requests(&app);

    let r = journal(&app, "?limit=2");

    assert_eq!(r.body["total"], json!(5));
    assert_eq!(
        summary(&app, "?limit=2"),
        json!([["POST", "livingmetrics", "/v1/contacts", 405], ["GET", "livingmetrics", "/v1/contacts/5", 404]])
    );
    assert_eq!(journal(&app, "?limit=0").body, json!({"total": 5, "requests": []}));
    assert_eq!(journal(&app, "?status=4xx&limit=1").body["total"], json!(4));
}

#[test]
fn a_bad_filter_is_a_400_naming_it() {
    let app = spawn_app();
    let cases = [
        ("?verb=GET", "unknown filter 'verb' (known: vendor, method, path, status, tenant, since, after, limit)"),
        ("?after=-1", "after: '-1' is not an entry id (a non-negative integer)"),
        ("?status=abc", "status: 'abc' is not a status (404) or class (4xx)"),
        ("?status=9xx", "status: '9xx' is not a status (404) or class (4xx)"),
        ("?since=yesterday", "since: 'yesterday' is not an RFC 3339 timestamp"),
        ("?limit=-1", "limit: '-1' is not a non-negative integer"),
        ("?limit=ten", "limit: 'ten' is not a non-negative integer"),
        ("?path=%5Bx", "path: '[x' is not a valid glob"),
        ("?vendor=hubspot", "vendor: 'hubspot' is not a vendor (known: livingmetrics, liondesk, livevox, leadconnector)"),
    ];
    for (query, message) in cases {
        let r = get(&app.url(&format!("/__admin/requests{query}")));
        assert_eq!((r.status, &r.body), (400, &admin_error(400, message)), "{query}");
    }
}

#[test]
fn delete_clears_the_journal() {
    let app = spawn_app();
    five_requests(&app);

    let r = delete(&app.url("/__admin/requests"));

    assert_eq!((r.status, r.text.as_str()), (204, ""));
    assert_eq!(journal(&app, "").body, json!({"total": 0, "requests": []}));
}

#[test]
fn admin_requests_are_not_journaled() {
    let app = spawn_app();
    let tenant = app.new_tenant();
    tenant.arrange("livingmetrics", "contact_lists", json!([{"name": "x"}]));
    assert_eq!(get(&app.url("/__admin/health")).status, 200);
    assert_eq!(post_json(&app.url("/__admin/faults"), &json!({"path": "/never", "status": 500})).status, 201);
    assert_eq!(get(&app.url("/__admin/nope")).status, 404);

    assert_eq!(journal(&app, "").body, json!({"total": 0, "requests": []}));
}

#[test]
fn requests_to_unknown_top_level_paths_are_not_journaled() {
    let app = spawn_app();
    assert_eq!(get(&app.url("/nope/v1/contacts")).status, 404);
    assert_eq!(journal(&app, "").body, json!({"total": 0, "requests": []}));
}

#[test]
fn the_path_filter_also_takes_the_path_as_requested() {
    let app = spawn_app();
    five_requests(&app);
    let relative = summary(&app, "?path=/v1/contacts/*");
    assert_eq!(summary(&app, "?path=/livingmetrics/v1/contacts/*"), relative);
    assert_eq!(relative, json!([["GET", "livingmetrics", "/v1/contacts/5", 404]]));
    assert_eq!(summary(&app, "?path=/leadconnector/**"), json!([["GET", "leadconnector", "/v1/contacts", 404]]));
}

#[test]
fn with_the_journal_off_reading_it_says_so() {
    let app = crate::helpers::spawn_with(crm_mock::Config { port: 0, workers: 1, journal_size: 0, ..Default::default() });
    let r = get(&app.url("/__admin/requests"));
    assert_eq!(
        (r.status, r.body),
        (409, admin_error(409, "the request journal is off (the server was started with --journal-size 0)"))
    );
}

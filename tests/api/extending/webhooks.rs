//! `core::webhooks` through the probe, which sends `note.created` for every note it stores:
//! subscriptions through the admin API, delivery to a local receiver with a signature checked
//! against the published key, retries by the emulator's clock, every attempt listed, and reset
//! and snapshots.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::probe::{key, shared_probe, spawn_probe, tenant_on};
use super::receiver::{Receiver, hang_up_url, pause, public_key, signed_by};
use crate::helpers::{TestTenant, admin_error, delete, get, post_json, put_json, send};

fn subscribe(base: &str, body: Value) -> crate::helpers::Response {
    post_json(&format!("{base}/__admin/webhooks"), &body)
}

/// Subscribes `url` to the probe's `note.created` for `tenant`; answers the subscription.
fn subscribed(base: &str, tenant: &TestTenant, url: &str) -> Value {
    let r = subscribe(base, json!({"tenant": tenant.id, "url": url, "events": ["note.created"]}));
    assert_eq!(r.status, 201, "{}", r.text);
    r.body
}

fn note(base: &str, tenant: &TestTenant, text: &str) {
    let r = send("POST", &format!("{base}/probe/notes?text={text}"), &[("X-Probe-Key", &key(tenant))], Some(b""));
    assert_eq!(r.status, 201, "{}", r.text);
}

fn deliveries(base: &str, tenant: &TestTenant) -> Vec<Value> {
    let r = get(&format!("{base}/__admin/webhooks/deliveries?tenant={}", tenant.id));
    assert_eq!(r.status, 200, "{}", r.text);
    r.body["deliveries"].as_array().expect("deliveries").clone()
}

/// Waits (polling, at most 30 s) until the tenant's attempts number `n`; answers them, newest
/// first, each with its latency (real time, so it varies) replaced by 0.
fn attempts(base: &str, tenant: &TestTenant, n: usize) -> Vec<Value> {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let mut seen = deliveries(base, tenant);
        if seen.len() >= n {
            for attempt in &mut seen {
                assert!(attempt["latency_ms"].as_i64().is_some_and(|ms| ms >= 0), "{attempt}");
                attempt["latency_ms"] = json!(0);
            }
            return seen;
        }
        assert!(Instant::now() < deadline, "{} attempts, not {n}", seen.len());
        pause();
    }
}

/// A server of its own with the clock frozen at 2024-05-01T09:00:00Z.
fn frozen_probe() -> crate::helpers::TestApp {
    let app = spawn_probe(&[]);
    let r = put_json(&app.url("/__admin/clock"), &json!({"now": "2024-05-01T09:00:00Z", "frozen": true}));
    assert_eq!(r.status, 200, "{}", r.text);
    app
}

fn advance(base: &str, seconds: i64) {
    let r = put_json(&format!("{base}/__admin/clock"), &json!({"advance_seconds": seconds}));
    assert_eq!(r.status, 200, "{}", r.text);
}

/// One attempt at the tenant's first note (outbox message 2: the probe's own message is 1).
#[allow(clippy::too_many_arguments)]
fn attempt(
    tenant: &TestTenant,
    webhook: &Value,
    payload: &Value,
    n: i64,
    at: &str,
    status: Value,
    error: Value,
    outcome: &str,
    retry_at: Value,
) -> Value {
    json!({
        "tenant": tenant.id, "id": n, "message": 2, "vendor": "probe", "webhook": webhook["id"],
        "event": "note.created", "url": webhook["url"], "attempt": n, "at": at, "status": status,
        "latency_ms": 0, "error": error, "outcome": outcome, "retry_at": retry_at, "payload": payload,
    })
}

#[test]
fn a_subscribed_url_gets_the_event_signed_with_the_published_key() {
    let app = frozen_probe();
    let base = app.server.base_url();
    let tenant = tenant_on(base);
    let receiver = Receiver::start(&[]);
    let webhook = subscribed(base, &tenant, &receiver.url);
    assert_eq!(
        webhook,
        json!({"id": webhook["id"], "tenant": tenant.id, "vendor": "probe", "url": receiver.url,
               "events": ["note.created"], "created_at": "2024-05-01T09:00:00.000Z"})
    );
    assert!(webhook["id"].as_str().is_some_and(|id| id.len() == 20 && id.bytes().all(|b| b.is_ascii_alphanumeric())));

    note(base, &tenant, "hello");

    let got = receiver.wait_for(1);
    let request = &got[0];
    assert_eq!((request.method.as_str(), request.path.as_str()), ("POST", "/hooks"));
    assert_eq!(request.header("content-type"), Some("application/json"));
    let body = request.json();
    let webhook_id = body["webhookId"].as_str().expect("webhookId").to_owned();
    assert_eq!(webhook_id.len(), 36, "a UUID: {webhook_id}");
    assert_eq!(
        body,
        json!({"type": "note.created", "id": 1, "text": "hello", "timestamp": "2024-05-01T09:00:00.000Z", "webhookId": webhook_id})
    );
    assert_eq!(request.body, body.to_string().into_bytes(), "compact JSON, keys in the vendor's order");
    let pem = public_key(base);
    assert!(pem.starts_with("-----BEGIN PUBLIC KEY-----\n") && pem.ends_with("-----END PUBLIC KEY-----\n"), "{pem}");
    assert!(signed_by(request, &pem), "the signature verifies with the published key");
    let mut forged = request.clone();
    forged.body = body.to_string().replace("hello", "hellO").into_bytes();
    assert!(!signed_by(&forged, &pem), "and with no other body");

    let listed = attempts(base, &tenant, 1);
    let ok = attempt(&tenant, &webhook, &body, 1, "2024-05-01T09:00:00.000Z", json!(200), Value::Null, "delivered", Value::Null);
    assert_eq!(listed, [ok]);
}

#[test]
fn a_receiver_answering_429_or_5xx_gets_the_event_again_when_the_emulator_clock_reaches_the_retry() {
    let app = frozen_probe();
    let base = app.server.base_url();
    let tenant = tenant_on(base);
    let receiver = Receiver::start(&[429, 503]);
    let webhook = subscribed(base, &tenant, &receiver.url);
    note(base, &tenant, "again");
    let first = receiver.wait_for(1)[0].json();
    let retry = |n: i64, at: &str, status: u16, retry_at: &str| {
        let error = json!(format!("the receiver answered {status}"));
        attempt(&tenant, &webhook, &first, n, at, json!(status), error, "retry", json!(retry_at))
    };
    let one = retry(1, "2024-05-01T09:00:00.000Z", 429, "2024-05-01T09:01:00.000Z");
    assert_eq!(attempts(base, &tenant, 1), std::slice::from_ref(&one));

    advance(base, 60);
    let two = retry(2, "2024-05-01T09:01:00.000Z", 503, "2024-05-01T09:03:00.000Z");
    assert_eq!(attempts(base, &tenant, 2), [two.clone(), one.clone()]);

    advance(base, 119);
    advance(base, 1);
    let three =
        attempt(&tenant, &webhook, &first, 3, "2024-05-01T09:03:00.000Z", json!(200), Value::Null, "delivered", Value::Null);
    assert_eq!(attempts(base, &tenant, 3), [three, two, one], "no attempt before the retry was due");
    let got = receiver.received();
    let pem = public_key(base);
    assert_eq!(got.len(), 3);
    assert!(got.iter().all(|r| r.body == got[0].body && signed_by(r, &pem)), "the same body, signed, each time");
}

#[test]
fn a_receiver_that_hangs_up_is_tried_six_times_then_given_up() {
    let app = frozen_probe();
    let base = app.server.base_url();
    let tenant = tenant_on(base);
    let webhook = subscribed(base, &tenant, &hang_up_url());
    note(base, &tenant, "nobody");
    for (n, wait) in [(1, 60), (2, 120), (3, 240), (4, 480), (5, 960)] {
        attempts(base, &tenant, n);
        advance(base, wait);
    }
    let listed = attempts(base, &tenant, 6);
    let outcomes: Vec<(&str, &str, Option<&str>)> =
        listed.iter().map(|a| (a["outcome"].as_str().unwrap(), a["at"].as_str().unwrap(), a["retry_at"].as_str())).collect();
    assert_eq!(
        outcomes,
        [
            ("failed", "2024-05-01T09:31:00.000Z", None),
            ("retry", "2024-05-01T09:15:00.000Z", Some("2024-05-01T09:31:00.000Z")),
            ("retry", "2024-05-01T09:07:00.000Z", Some("2024-05-01T09:15:00.000Z")),
            ("retry", "2024-05-01T09:03:00.000Z", Some("2024-05-01T09:07:00.000Z")),
            ("retry", "2024-05-01T09:01:00.000Z", Some("2024-05-01T09:03:00.000Z")),
            ("retry", "2024-05-01T09:00:00.000Z", Some("2024-05-01T09:01:00.000Z")),
        ]
    );
    for a in &listed {
        assert_eq!((&a["status"], &a["webhook"]), (&Value::Null, &webhook["id"]), "{a}");
        assert!(a["error"].as_str().is_some_and(|e| !e.is_empty()), "the connection error is recorded: {a}");
    }
}

#[test]
fn a_receiver_answering_another_4xx_fails_the_delivery_at_once() {
    let base = shared_probe();
    let tenant = tenant_on(base);
    let receiver = Receiver::start(&[410]);
    let webhook = subscribed(base, &tenant, &receiver.url);
    note(base, &tenant, "gone");
    let body = receiver.wait_for(1)[0].json();
    let listed = attempts(base, &tenant, 1);
    let at = listed[0]["at"].clone();
    let error = json!("the receiver answered 410");
    let want = attempt(&tenant, &webhook, &body, 1, at.as_str().unwrap(), json!(410), error, "failed", Value::Null);
    assert_eq!(listed, [want]);
}

#[test]
fn only_the_subscribed_tenants_events_are_sent() {
    let base = shared_probe();
    let (subscriber, other) = (tenant_on(base), tenant_on(base));
    let receiver = Receiver::start(&[]);
    subscribed(base, &subscriber, &receiver.url);
    note(base, &other, "not-mine");
    note(base, &subscriber, "mine");
    attempts(base, &subscriber, 1);
    let got = receiver.received();
    assert_eq!(got.iter().map(|r| r.json()["text"].clone()).collect::<Vec<_>>(), [json!("mine")]);
    assert_eq!(deliveries(base, &other), Vec::<Value>::new());
}

#[test]
fn subscriptions_are_listed_per_tenant_and_deleted() {
    let base = shared_probe();
    let tenant = tenant_on(base);
    let first = subscribed(base, &tenant, "http://127.0.0.1:9/one");
    let second = subscribed(base, &tenant, "http://127.0.0.1:9/two");
    let list = |query: &str| get(&format!("{base}/__admin/webhooks{query}"));
    let r = list(&format!("?tenant={}", tenant.id));
    assert_eq!((r.status, r.body), (200, json!({"webhooks": [first, second]})));
    assert!(list("").body["webhooks"].as_array().unwrap().contains(&second), "all tenants' without a filter");

    let path = format!("{base}/__admin/webhooks/{}", first["id"].as_str().unwrap());
    assert_eq!(delete(&path).status, 204);
    assert_eq!(list(&format!("?tenant={}", tenant.id)).body, json!({"webhooks": [second]}));
    let r = delete(&path);
    assert_eq!((r.status, r.body), (404, admin_error(404, &format!("no webhook '{}'", first["id"].as_str().unwrap()))));
    let r = list("?tenantt=x");
    assert_eq!((r.status, r.body), (400, admin_error(400, "unknown filter 'tenantt' (known: tenant)")));
}

#[test]
fn a_wrong_subscription_is_refused_naming_the_field() {
    let base = shared_probe();
    let tenant = tenant_on(base);
    let ok = json!({"tenant": tenant.id, "url": "http://127.0.0.1:9/hooks", "events": ["note.created"]});
    let with = |key: &str, value: Value| {
        let mut body = ok.clone();
        body[key] = value;
        body
    };
    let without = |key: &str| {
        let mut body = ok.clone();
        body.as_object_mut().unwrap().remove(key);
        body
    };
    let cases = [
        (without("tenant"), 400, "tenant: missing field 'tenant'"),
        (without("url"), 400, "url: missing field 'url'"),
        (without("events"), 400, "events: missing field 'events'"),
        (with("url", json!(3)), 400, "url: invalid type: integer '3', expected a string"),
        (with("url", json!("/hooks")), 400, "url: '/hooks' is not an absolute http:// URL"),
        (
            with("url", json!("https://example.com/hooks")),
            400,
            "url: 'https://example.com/hooks' is https; webhooks are delivered over plain http (a receiver on this machine)",
        ),
        (with("events", json!("note.created")), 400, "events: invalid type: string \"note.created\", expected a sequence"),
        (with("events", json!([])), 400, "events: name at least one event"),
        (with("events", json!([1])), 400, "events[0]: invalid type: integer '1', expected a string"),
        (with("events", json!(vec!["note.created"; 101])), 400, "events: at most 100"),
        (with("url", json!(format!("http://h/{}", "x".repeat(2048)))), 400, "url: longer than 2048 characters"),
        (
            with("url", json!("http://h/'; DROP TABLE core_webhooks; --")),
            400,
            "url: 'http://h/'; DROP TABLE core_webhooks; --' is not an absolute http:// URL",
        ),
        (with("events", json!(["note.created", "note.created"])), 400, "events: 'note.created' is named twice"),
        (with("events", json!(["NoteMade"])), 400, "events: 'NoteMade' is not an event of any vendor"),
        (
            with("vendor", json!("livevox")),
            400,
            "vendor: 'livevox' is not a vendor that sends webhooks (these do: leadconnector, probe)",
        ),
        (
            with("colour", json!("red")),
            400,
            "colour: unknown field 'colour', expected one of 'tenant', 'url', 'events', 'vendor'",
        ),
        (with("tenant", json!("t_nobody")), 404, "tenant: no tenant 't_nobody'"),
        (json!(["not", "an", "object"]), 400, "the body must be a JSON object"),
    ];
    for (body, status, message) in cases {
        let r = subscribe(base, body.clone());
        assert_eq!((r.status, r.body), (status, admin_error(status, message)), "{body}");
    }
    let r = get(&format!("{base}/__admin/webhooks?tenant={}", tenant.id));
    assert_eq!(r.body, json!({"webhooks": []}), "nothing was stored");
    let r = get(&format!("{base}/__admin/webhooks/deliveries?limit=1001"));
    assert_eq!((r.status, r.body), (400, admin_error(400, "limit: '1001' is not an integer from 0 to 1000")));
}

#[test]
fn reset_forgets_subscriptions_and_attempts_and_a_snapshot_brings_them_back() {
    let app = frozen_probe();
    let base = app.server.base_url();
    let tenant = tenant_on(base);
    let receiver = Receiver::start(&[]);
    let webhook = subscribed(base, &tenant, &receiver.url);
    note(base, &tenant, "kept");
    let before = attempts(base, &tenant, 1);
    let snapshot = post_json(&format!("{base}/__admin/snapshots"), &json!({"name": "hooks", "tenant": tenant.id}));
    assert_eq!(snapshot.status, 201, "{}", snapshot.text);
    let pem = public_key(base);

    let r = post_json(&format!("{base}/__admin/reset"), &json!({"tenant": tenant.id}));
    assert_eq!(r.status, 200, "{}", r.text);
    let listed = get(&format!("{base}/__admin/webhooks?tenant={}", tenant.id));
    assert_eq!(listed.body, json!({"webhooks": []}));
    assert_eq!(deliveries(base, &tenant), Vec::<Value>::new());
    assert_eq!(public_key(base), pem, "the key pair is the emulator's, not the tenant's");

    let r = post_json(&format!("{base}/__admin/snapshots/hooks/restore"), &json!({}));
    assert_eq!(r.status, 200, "{}", r.text);
    let listed = get(&format!("{base}/__admin/webhooks?tenant={}", tenant.id));
    assert_eq!(listed.body, json!({"webhooks": [webhook]}));
    assert_eq!(attempts(base, &tenant, 1), before);
}

#[test]
fn a_change_that_rolls_back_sends_no_event() {
    let base = shared_probe();
    let tenant = tenant_on(base);
    let receiver = Receiver::start(&[]);
    subscribed(base, &tenant, &receiver.url);
    let r = send("POST", &format!("{base}/probe/notes?text=lost&fail=1"), &[("X-Probe-Key", &key(&tenant))], Some(b""));
    assert_eq!(r.status, 500, "{}", r.text);
    note(base, &tenant, "kept");
    attempts(base, &tenant, 1);
    let texts: Vec<Value> = receiver.received().iter().map(|r| r.json()["text"].clone()).collect();
    assert_eq!(texts, [json!("kept")]);
}

#[test]
fn a_deleted_subscription_gets_no_more_attempts() {
    let app = frozen_probe();
    let base = app.server.base_url();
    let tenant = tenant_on(base);
    let receiver = Receiver::start(&[500]);
    let webhook = subscribed(base, &tenant, &receiver.url);
    note(base, &tenant, "first");
    let first = attempts(base, &tenant, 1);
    assert_eq!(delete(&format!("{base}/__admin/webhooks/{}", webhook["id"].as_str().unwrap())).status, 204);
    advance(base, 60);
    let again = subscribed(base, &tenant, &receiver.url);
    note(base, &tenant, "second");
    let listed = attempts(base, &tenant, 2);
    let of = |webhook: &Value| listed.iter().filter(|a| &a["webhook"] == webhook).cloned().collect::<Vec<_>>();
    assert_eq!(listed.len(), 2, "{listed:?}");
    assert_eq!(of(&again["id"]).iter().map(|a| a["outcome"].clone()).collect::<Vec<_>>(), [json!("delivered")], "{listed:?}");
    assert_eq!(of(&webhook["id"]), first, "the deleted subscription's retry was not attempted");
    let texts: Vec<Value> = receiver.received().iter().map(|r| r.json()["text"].clone()).collect();
    assert_eq!(texts, [json!("first"), json!("second")]);
}

#[test]
fn a_receiver_gets_a_subscriptions_events_in_the_order_they_happened() {
    let base = shared_probe();
    let tenant = tenant_on(base);
    let receiver = Receiver::start(&[]);
    subscribed(base, &tenant, &receiver.url);
    let texts: Vec<String> = (1..=6).map(|n| format!("n{n}")).collect();
    for text in &texts {
        note(base, &tenant, text);
    }
    let got: Vec<Value> = receiver.wait_for(6).iter().map(|r| r.json()["text"].clone()).collect();
    assert_eq!(got, texts.iter().map(|t| json!(t)).collect::<Vec<_>>());
}

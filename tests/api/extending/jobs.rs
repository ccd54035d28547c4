//! `Vendor::jobs`, `core::outbox` and `Vendor::configure_admin`: messages written with the
//! change they announce, delivered in the background, retried by the emulator's clock, emptied
//! by reset and kept by snapshots, listed by an admin route of the vendor's own.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::probe::{key, shared_probe, spawn_probe, tenant_on};
use crate::helpers::{admin_error, get, post_json, put_json, send};

/// The tenant's outbox messages, newest first, as `(text, state, attempts)`.
fn deliveries(base: &str, tenant: &str) -> Vec<(String, String, i64)> {
    let r = get(&format!("{base}/__admin/probe/deliveries"));
    assert_eq!(r.status, 200, "{}", r.text);
    r.body["deliveries"]
        .as_array()
        .expect("deliveries")
        .iter()
        .filter(|m| m["tenant"] == json!(tenant))
        .map(|m| {
            (
                m["payload"]["text"].as_str().unwrap().to_owned(),
                m["state"].as_str().unwrap().to_owned(),
                m["attempts"].as_i64().unwrap(),
            )
        })
        .collect()
}

/// Waits (polling, at most 10 s) until the background job has brought the outbox to `want`.
fn wait_for(base: &str, tenant: &str, want: &[(&str, &str, i64)]) {
    let want: Vec<(String, String, i64)> = want.iter().map(|(t, s, a)| (t.to_string(), s.to_string(), *a)).collect();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let seen = deliveries(base, tenant);
        if seen == want {
            return;
        }
        assert!(Instant::now() < deadline, "the outbox is {seen:?}, not {want:?}");
        std::thread::yield_now();
    }
}

fn note(base: &str, key: &str, query: &str) -> crate::helpers::Response {
    send("POST", &format!("{base}/probe/notes?{query}"), &[("X-Probe-Key", key)], Some(b""))
}

#[test]
fn a_change_and_its_message_commit_together_and_the_job_delivers_it() {
    let base = shared_probe();
    let tenant = tenant_on(base);
    let r = note(base, &key(&tenant), "text=hello");
    assert_eq!((r.status, r.body), (201, json!({"id": 1})));
    wait_for(base, &tenant.id, &[("hello", "delivered", 1)]);
}

#[test]
fn a_change_that_rolls_back_leaves_no_message() {
    let base = shared_probe();
    let tenant = tenant_on(base);
    let r = note(base, &key(&tenant), "text=lost&fail=1");
    assert_eq!((r.status, r.body), (500, json!({"probe_error": "the note was not stored"})));
    let kept = note(base, &key(&tenant), "text=kept");
    assert_eq!(kept.body, json!({"id": 1}), "the failed write used up no id");
    wait_for(base, &tenant.id, &[("kept", "delivered", 1)]);
}

#[test]
fn a_failed_delivery_is_retried_when_the_emulator_clock_reaches_it() {
    let app = spawn_probe(&[]);
    let base = app.server.base_url();
    let tenant = tenant_on(base);
    put_json(&format!("{base}/__admin/clock"), &json!({"now": "2024-05-01T09:00:00Z", "frozen": true}));
    note(base, &key(&tenant), "text=flaky");
    wait_for(base, &tenant.id, &[("flaky", "pending", 1)]);
    put_json(&format!("{base}/__admin/clock"), &json!({"advance_seconds": 61}));
    wait_for(base, &tenant.id, &[("flaky", "delivered", 2)]);
}

#[test]
fn reset_empties_the_outbox_and_a_snapshot_brings_it_back() {
    let app = spawn_probe(&[]);
    let base = app.server.base_url();
    let tenant = tenant_on(base);
    note(base, &key(&tenant), "text=one");
    wait_for(base, &tenant.id, &[("one", "delivered", 1)]);
    assert_eq!(post_json(&format!("{base}/__admin/snapshots"), &json!({"name": "before", "tenant": tenant.id})).status, 201);
    post_json(&format!("{base}/__admin/reset"), &json!({"tenant": tenant.id}));
    assert_eq!(deliveries(base, &tenant.id), []);
    post_json(&format!("{base}/__admin/snapshots/before/restore"), &json!({}));
    assert_eq!(deliveries(base, &tenant.id), [("one".to_owned(), "delivered".to_owned(), 1)]);
}

#[test]
fn the_vendor_admin_route_lives_beside_the_core_ones() {
    let base = shared_probe();
    let r = get(&format!("{base}/__admin/probe/deliveries"));
    assert!(r.body["deliveries"].is_array(), "{}", r.text);
    assert_eq!(get(&format!("{base}/__admin/health")).body["vendors"][4], Value::from("probe"));
    let r = get(&format!("{base}/__admin/probe/nothing"));
    assert_eq!((r.status, r.body), (404, admin_error(404, "no admin route for GET /__admin/probe/nothing")));
}

//! `core::rate` through a vendor's middleware: the probe limits `GET /probe/limited` to 3
//! requests per 10 s and 5 per minute per key. Each test moves the clock, so each starts a
//! server of its own.

use serde_json::{Value, json};

use super::probe::{key, spawn_probe, spawn_probe_with, tenant_on};
use crate::helpers::{Response, TestApp, post_json, send};

fn limited(app: &TestApp, key: &str) -> Response {
    send("GET", &app.url("/probe/limited"), &[("X-Probe-Key", key)], None)
}

/// Status, body, the limit headers and `Retry-After`.
fn seen(r: &Response) -> (u16, Value, Option<&str>, Option<&str>, Option<&str>) {
    (r.status, r.body.clone(), r.header("x-probe-remaining"), r.header("x-probe-reset"), r.header("retry-after"))
}

fn passed() -> Value {
    json!({"passed": true})
}

fn refused() -> Value {
    json!({"probe_error": "rate limited"})
}

#[test]
fn every_window_counts_and_moving_the_clock_past_one_opens_the_next() {
    let app = spawn_probe(&[]);
    let key = key(&tenant_on(app.server.base_url()));
    app.freeze_clock("2025-06-01T08:00:00Z");
    let (t10, t20) = ("2025-06-01T08:00:10.000Z", "2025-06-01T08:00:20.000Z");
    let both = |burst_reset: &str| format!("{burst_reset},2025-06-01T08:01:00.000Z");
    assert_eq!(seen(&limited(&app, &key)), (200, passed(), Some("2,4"), Some(both(t10).as_str()), None));
    assert_eq!(seen(&limited(&app, &key)), (200, passed(), Some("1,3"), Some(both(t10).as_str()), None));
    assert_eq!(seen(&limited(&app, &key)), (200, passed(), Some("0,2"), Some(both(t10).as_str()), None));
    app.advance_clock(2.5);
    assert_eq!(seen(&limited(&app, &key)), (429, refused(), Some("0,2"), Some(both(t10).as_str()), Some("8")));

    app.advance_clock(7.5);
    assert_eq!(seen(&limited(&app, &key)), (200, passed(), Some("2,1"), Some(both(t20).as_str()), None));
    assert_eq!(seen(&limited(&app, &key)), (200, passed(), Some("1,0"), Some(both(t20).as_str()), None));
    app.advance_clock(5.0);
    assert_eq!(seen(&limited(&app, &key)), (429, refused(), Some("1,0"), Some(both(t20).as_str()), Some("45")));

    app.advance_clock(45.0);
    let (t70, t120) = ("2025-06-01T08:01:10.000Z", "2025-06-01T08:02:00.000Z");
    let fresh = format!("{t70},{t120}");
    assert_eq!(seen(&limited(&app, &key)), (200, passed(), Some("2,4"), Some(fresh.as_str()), None));
}

#[test]
fn each_key_has_its_own_count_and_other_routes_are_not_limited() {
    let app = spawn_probe(&[]);
    let (first, second) = (key(&tenant_on(app.server.base_url())), key(&tenant_on(app.server.base_url())));
    app.freeze_clock("2025-06-01T08:00:00Z");
    for _ in 0..3 {
        assert_eq!(limited(&app, &first).status, 200);
    }
    assert_eq!(limited(&app, &first).status, 429);
    let other = limited(&app, &second);
    assert_eq!((other.status, other.header("x-probe-remaining")), (200, Some("2,4")));
    let unlimited = send("GET", &app.url("/probe/settings"), &[("X-Probe-Key", &first)], None);
    assert_eq!((unlimited.status, unlimited.header("x-probe-remaining")), (200, None));
}

/// The clock runs untouched (a reset puts it back to real time, which would open a new window
/// by itself had the test moved it).
#[test]
fn a_global_reset_forgets_every_count() {
    let app = spawn_probe(&[]);
    let key = key(&tenant_on(app.server.base_url()));
    for _ in 0..3 {
        assert_eq!(limited(&app, &key).status, 200);
    }
    assert_eq!(limited(&app, &key).status, 429);
    let reset = post_json(&app.url("/__admin/reset"), &json!({}));
    assert_eq!(reset.status, 200, "{}", reset.text);
    let after = limited(&app, &key);
    assert_eq!((after.status, after.header("x-probe-remaining")), (200, Some("2,4")));
}

#[test]
fn with_rate_limits_off_nothing_is_counted_and_no_header_is_added() {
    let app = spawn_probe_with(crm_mock::Config { rate_limits: false, ..Default::default() });
    let key = key(&tenant_on(app.server.base_url()));
    app.freeze_clock("2025-06-01T08:00:00Z");
    for _ in 0..8 {
        assert_eq!(seen(&limited(&app, &key)), (200, passed(), None, None, None));
    }
}

//! The documented rate limits: 100 requests per 10 s and 200,000 per day for each app per
//! location, the five `X-RateLimit-*` headers on every answer to a live token, and past a limit
//! 429 `{"statusCode": 429, "message": "Too Many Requests"}` with `Retry-After`. The tests that
//! cross a window move the clock, so each starts a server of its own.

use serde_json::{Value, json};

use super::{Lc, no_contact};
use crate::helpers::send;
use crate::helpers::{Response, TestTenant, spawn_app, spawn_with};

/// The five headers in the document's order (limit-daily, daily-remaining,
/// interval-milliseconds, max, remaining), then `Retry-After`; `-` for an absent one.
fn limits(r: &Response) -> String {
    let names = [
        "x-ratelimit-limit-daily",
        "x-ratelimit-daily-remaining",
        "x-ratelimit-interval-milliseconds",
        "x-ratelimit-max",
        "x-ratelimit-remaining",
        "retry-after",
    ];
    names.map(|name| r.header(name).unwrap_or("-")).join(" ")
}

/// The headers of an answer that passed, with what remains of the day and of the burst window.
fn passed(daily: impl std::fmt::Display, burst: impl std::fmt::Display) -> String {
    format!("200000 {daily} 10000 100 {burst} -")
}

/// No limit header at all.
const NONE: &str = "- - - - - -";

fn too_many() -> Value {
    json!({"statusCode": 429, "message": "Too Many Requests"})
}

fn list_path(lc: &Lc) -> String {
    format!("/contacts/?locationId={}", lc.location())
}

#[test]
fn every_answer_to_a_live_token_carries_the_documented_headers() {
    let lc = Lc::of(&TestTenant::new());
    let listed = lc.get(&list_path(&lc));
    assert_eq!(listed.status, 200, "{}", listed.text);
    assert_eq!(limits(&listed), passed(199999, 99));
    let created = lc.post("/contacts/", &json!({"locationId": lc.location(), "firstName": "Ada"}));
    assert_eq!(created.status, 201, "{}", created.text);
    assert_eq!(limits(&created), passed(199998, 98));
    let unknown = lc.get("/contacts/nobody");
    assert_eq!((unknown.status, unknown.body.clone()), (400, no_contact("nobody")));
    assert_eq!(limits(&unknown), passed(199997, 97));
    let no_version =
        send("GET", &format!("{}{}", lc.base, list_path(&lc)), &[("Authorization", &format!("Bearer {}", lc.token))], None);
    assert_eq!(no_version.status, 401, "{}", no_version.text);
    assert_eq!(limits(&no_version), passed(199996, 96), "a live token counts whatever the answer");

    let stranger = lc.with_token("pit-00000000-0000-0000-0000-000000000000").get(&list_path(&lc));
    assert_eq!(stranger.status, 401, "{}", stranger.text);
    assert_eq!(limits(&stranger), NONE, "no live token, nothing counted");
    assert_eq!(limits(&lc.get(&list_path(&lc))), passed(199995, 95));
}

#[test]
fn past_100_in_10_seconds_a_429_until_the_clock_opens_the_next_window() {
    let app = spawn_app();
    let lc = Lc::of(&app.new_tenant());
    app.freeze_clock("2025-06-01T08:00:00Z");
    for n in 1..=100 {
        let r = lc.get(&list_path(&lc));
        assert_eq!(r.status, 200, "request {n}: {}", r.text);
        assert_eq!(limits(&r), passed(200_000 - n, 100 - n), "request {n}");
    }
    let refused = lc.post("/contacts/", &json!({"locationId": lc.location(), "firstName": "Refused"}));
    assert_eq!((refused.status, refused.body.clone()), (429, too_many()));
    assert_eq!(limits(&refused), "200000 199900 10000 100 0 10");
    app.advance_clock(4.0);
    let later = lc.get(&list_path(&lc));
    assert_eq!((later.status, later.body.clone()), (429, too_many()));
    assert_eq!(limits(&later), "200000 199900 10000 100 0 6", "what is left of the window");

    app.advance_clock(6.0);
    let next = lc.get(&list_path(&lc));
    assert_eq!((next.status, next.body["count"].clone()), (200, json!(0)), "the refused create did not run");
    assert_eq!(limits(&next), passed(199899, 99));
}

#[test]
fn the_daily_count_runs_across_burst_windows_and_starts_over_after_a_day() {
    let app = spawn_app();
    let lc = Lc::of(&app.new_tenant());
    app.freeze_clock("2025-06-01T08:00:00Z");
    assert_eq!(limits(&lc.get(&list_path(&lc))), passed(199999, 99));
    assert_eq!(limits(&lc.get(&list_path(&lc))), passed(199998, 98));
    app.advance_clock(10.0);
    assert_eq!(limits(&lc.get(&list_path(&lc))), passed(199997, 99));
    app.advance_clock(86_389.0);
    assert_eq!(limits(&lc.get(&list_path(&lc))), passed(199996, 99), "a second before the day ends");
    app.advance_clock(1.0);
    assert_eq!(limits(&lc.get(&list_path(&lc))), passed(199999, 98), "the day started with the first request");
}

#[test]
fn each_app_and_location_has_its_own_count() {
    let app = spawn_app();
    let tenant = app.new_tenant();
    let lc = Lc::of(&tenant);
    let other = Lc::of(&app.new_tenant());
    app.freeze_clock("2025-06-01T08:00:00Z");
    for _ in 0..100 {
        assert_eq!(lc.get(&list_path(&lc)).status, 200);
    }
    assert_eq!(lc.get(&list_path(&lc)).status, 429);
    assert_eq!(limits(&other.get(&list_path(&other))), passed(199999, 99), "another location");

    let creds = |key: &str| lc.credentials[key].as_str().expect(key).to_owned();
    let form = form_urlencoded::Serializer::new(String::new())
        .extend_pairs([
            ("client_id", creds("client_id").as_str()),
            ("client_secret", creds("client_secret").as_str()),
            ("grant_type", "client_credentials"),
        ])
        .finish();
    let issued = send(
        "POST",
        &format!("{}/oauth/token", lc.base),
        &[("Content-Type", "application/x-www-form-urlencoded")],
        Some(form.as_bytes()),
    );
    assert_eq!(issued.status, 200, "{}", issued.text);
    assert_eq!(limits(&issued), NONE, "the token endpoint takes no bearer token");
    let oauth = lc.with_token(issued.body["access_token"].as_str().expect("access_token"));
    assert_eq!(limits(&oauth.get(&list_path(&lc))), passed(199999, 99), "the OAuth app, same location");
}

#[test]
fn with_rate_limits_off_nothing_is_counted_or_refused_and_no_header_is_sent() {
    let app = spawn_with(crm_mock::Config { port: 0, workers: 2, rate_limits: false, ..Default::default() });
    let lc = Lc::of(&app.new_tenant());
    app.freeze_clock("2025-06-01T08:00:00Z");
    for n in 1..=101 {
        let r = lc.get(&list_path(&lc));
        assert_eq!((r.status, limits(&r).as_str()), (200, NONE), "request {n}");
    }
}

//! `GET|PUT|DELETE /__admin/clock`: reading, setting, freezing and moving the emulator's clock,
//! which every timestamp crm-mock writes reads. Each test runs its own server.

use serde_json::{Value, json};

use crate::helpers::{TestApp, admin_error, delete, get, put_json, send, spawn_app};

fn set(app: &TestApp, body: Value) -> Value {
    let r = put_json(&app.url("/__admin/clock"), &body);
    assert_eq!(r.status, 200, "{body}: {}", r.text);
    r.body
}

/// `YYYY-MM-DDTHH:MM:SS.mmmZ`.
fn is_millis_timestamp(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 24
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            10 => *c == b'T',
            13 | 16 => *c == b':',
            19 => *c == b'.',
            23 => *c == b'Z',
            _ => c.is_ascii_digit(),
        })
}

#[test]
fn the_clock_starts_running_at_the_system_time() {
    let app = spawn_app();

    let r = get(&app.url("/__admin/clock"));

    assert_eq!(r.status, 200);
    assert_eq!(r.body["frozen"], json!(false));
    let now = r.body["now"].as_str().expect("now");
    assert!(is_millis_timestamp(now) && now.as_bytes()[..2] == *b"20", "{now}");
    assert_eq!(r.body.as_object().unwrap().len(), 2, "{}", r.text);
}

#[test]
fn put_now_with_frozen_stops_the_clock_there() {
    let app = spawn_app();

    let body = set(&app, json!({"now": "2024-05-01T10:00:00Z", "frozen": true}));

    assert_eq!(body, json!({"now": "2024-05-01T10:00:00.000Z", "frozen": true}));
    assert_eq!(get(&app.url("/__admin/clock")).body, body);
}

#[test]
fn put_now_takes_any_offset_and_answers_in_utc() {
    let app = spawn_app();
    let body = set(&app, json!({"now": "2024-05-01T12:30:00.250+02:00", "frozen": true}));
    assert_eq!(body, json!({"now": "2024-05-01T10:30:00.250Z", "frozen": true}));
}

#[test]
fn put_now_alone_keeps_the_clock_running_from_there() {
    let app = spawn_app();

    let body = set(&app, json!({"now": "2024-05-01T10:00:00Z"}));

    assert_eq!(body["frozen"], json!(false));
    let now = body["now"].as_str().unwrap();
    assert!(now.starts_with("2024-05-01T10:0"), "{now}");
    let later = get(&app.url("/__admin/clock")).body;
    assert_eq!(later["frozen"], json!(false));
    assert!(later["now"].as_str().unwrap() >= now, "a running clock never goes back: {later}");
}

#[test]
fn advance_seconds_moves_a_frozen_clock_forward_and_back() {
    let app = spawn_app();
    set(&app, json!({"now": "2024-05-01T10:00:00Z", "frozen": true}));

    assert_eq!(set(&app, json!({"advance_seconds": 90})), json!({"now": "2024-05-01T10:01:30.000Z", "frozen": true}));
    assert_eq!(set(&app, json!({"advance_seconds": 86400})), json!({"now": "2024-05-02T10:01:30.000Z", "frozen": true}));
    assert_eq!(set(&app, json!({"advance_seconds": -30.5})), json!({"now": "2024-05-02T10:00:59.500Z", "frozen": true}));
}

#[test]
fn advance_seconds_with_frozen_false_moves_and_restarts_the_clock() {
    let app = spawn_app();
    set(&app, json!({"now": "2024-05-01T10:00:00Z", "frozen": true}));

    let body = set(&app, json!({"advance_seconds": 3600, "frozen": false}));

    assert_eq!(body["frozen"], json!(false));
    assert!(body["now"].as_str().unwrap().starts_with("2024-05-01T11:0"), "{body}");
}

#[test]
fn frozen_alone_stops_and_restarts_the_clock_where_it_is() {
    let app = spawn_app();
    set(&app, json!({"now": "2024-05-01T10:00:00Z"}));

    let frozen = set(&app, json!({"frozen": true}));

    assert_eq!(frozen["frozen"], json!(true));
    assert!(frozen["now"].as_str().unwrap().starts_with("2024-05-01T10:0"), "{frozen}");
    assert_eq!(get(&app.url("/__admin/clock")).body, frozen, "a frozen clock stands still");
    let running = set(&app, json!({"frozen": false}));
    assert_eq!(running["frozen"], json!(false));
    assert!(running["now"].as_str().unwrap() >= frozen["now"].as_str().unwrap(), "{running}");
}

#[test]
fn now_and_advance_seconds_together_are_a_400() {
    let app = spawn_app();
    let r = put_json(&app.url("/__admin/clock"), &json!({"now": "2024-05-01T10:00:00Z", "advance_seconds": 5}));
    assert_eq!((r.status, r.body), (400, admin_error(400, "give either now or advance_seconds, not both")));
}

#[test]
fn bad_clock_bodies_are_400s_naming_the_field() {
    let app = spawn_app();
    let cases = [
        (json!({"now": "next tuesday"}), "now: 'next tuesday' is not an RFC 3339 timestamp"),
        (json!({"now": "2024-13-01T00:00:00Z"}), "now: '2024-13-01T00:00:00Z' is not an RFC 3339 timestamp"),
        (json!({"now": 1714557600}), "now: invalid type: integer '1714557600', expected a string"),
        (json!({"now": "0000-01-01T00:00:00Z"}), "now: '0000-01-01T00:00:00Z' is outside the years 1 to 9999"),
        (json!({"advance_seconds": "60"}), "advance_seconds: invalid type: string \"60\", expected f64"),
        (json!({"advance_seconds": 1e12}), "advance_seconds: 1000000000000 is out of range"),
        (json!({"frozen": "yes"}), "frozen: invalid type: string \"yes\", expected a boolean"),
        (json!({"speed": 2}), "speed: unknown field 'speed', expected one of 'now', 'advance_seconds', 'frozen'"),
        (json!({}), "give now, advance_seconds or frozen"),
    ];
    for (body, message) in cases {
        let r = put_json(&app.url("/__admin/clock"), &body);
        assert_eq!((r.status, &r.body), (400, &admin_error(400, message)), "{body}");
    }
    for body in ["[]", "", "{\"now\":"] {
        let r = send("PUT", &app.url("/__admin/clock"), &[], Some(body.as_bytes()));
        assert_eq!(r.status, 400, "{body}: {}", r.text);
    }
    assert_eq!(get(&app.url("/__admin/clock")).body["frozen"], json!(false), "nothing changed");
}

#[test]
fn advancing_past_the_year_9999_is_a_400_and_leaves_the_clock_alone() {
    let app = spawn_app();
    set(&app, json!({"now": "9999-12-31T23:00:00Z", "frozen": true}));

    let r = put_json(&app.url("/__admin/clock"), &json!({"advance_seconds": 7200}));

    assert_eq!(
        (r.status, r.body),
        (400, admin_error(400, "advance_seconds: 7200 would move the clock outside the years 1 to 9999"))
    );
    assert_eq!(get(&app.url("/__admin/clock")).body, json!({"now": "9999-12-31T23:00:00.000Z", "frozen": true}));
}

#[test]
fn delete_puts_the_clock_back_to_real_time() {
    let app = spawn_app();
    set(&app, json!({"now": "2001-01-01T00:00:00Z", "frozen": true}));

    let r = delete(&app.url("/__admin/clock"));

    assert_eq!(r.status, 200);
    assert_eq!(r.body["frozen"], json!(false));
    let now = r.body["now"].as_str().unwrap();
    assert!(is_millis_timestamp(now) && now > "2020", "{now}");
}

#[test]
fn arranged_records_without_timestamps_take_the_emulator_clock_time() {
    let app = spawn_app();
    set(&app, json!({"now": "2024-05-01T10:00:00Z", "frozen": true}));
    let tenant = app.new_tenant();

    tenant.arrange("livingmetrics", "contact_lists", json!([{"id": 1, "name": "Clocked"}]));

    let r = tenant.livingmetrics().get("/v1/contact_lists");
    assert_eq!(
        r.body,
        json!({"data": [{"id": 1, "name": "Clocked", "tags": [], "created_at": "2024-05-01T10:00:00Z", "updated_at": "2024-05-01T10:00:00Z"}], "page": 0, "limit": 10, "total": 1})
    );
    let created = get(&app.url(&format!("/__admin/tenants/{}", tenant.id)));
    assert_eq!(created.body["created_at"], json!("2024-05-01T10:00:00.000Z"));
}

//! `Vendor::default_settings` and `check_settings`: per-tenant settings, stored with the
//! tenant, read and changed through the admin API, read by the vendor, put back by reset and
//! kept by snapshots.

use serde_json::{Value, json};

use super::probe::{key, shared_probe, spawn_probe, tenant_on};
use crate::helpers::{admin_error, get, post_json, send};

fn settings_url(base: &str, tenant: &str, vendor: &str) -> String {
    format!("{base}/__admin/tenants/{tenant}/{vendor}/settings")
}

fn vendor_view(base: &str, key: &str) -> Value {
    send("GET", &format!("{base}/probe/settings"), &[("X-Probe-Key", key)], None).body
}

#[test]
fn a_new_tenant_has_the_vendor_defaults_and_the_vendor_reads_them() {
    let base = shared_probe();
    let tenant = tenant_on(base);
    let r = get(&settings_url(base, &tenant.id, "probe"));
    assert_eq!((r.status, r.body), (200, json!({"time_zone": "UTC", "duplicates_allowed": false})));
    assert_eq!(vendor_view(base, &key(&tenant)), json!({"time_zone": "UTC", "duplicates_allowed": false}));
}

#[test]
fn changed_settings_are_answered_whole_and_reach_the_vendor() {
    let base = shared_probe();
    let tenant = tenant_on(base);
    let r = post_json(&settings_url(base, &tenant.id, "probe"), &json!({"time_zone": "Europe/London"}));
    assert_eq!((r.status, r.body), (200, json!({"time_zone": "Europe/London", "duplicates_allowed": false})));
    assert_eq!(vendor_view(base, &key(&tenant))["time_zone"], json!("Europe/London"));
    let other = tenant_on(base);
    assert_eq!(vendor_view(base, &key(&other))["time_zone"], json!("UTC"), "another tenant keeps its own");
}

#[test]
fn unknown_mistyped_or_refused_settings_are_a_400_and_change_nothing() {
    let base = shared_probe();
    let tenant = tenant_on(base);
    let url = settings_url(base, &tenant.id, "probe");
    for (body, message) in [
        (json!({"time_zone": "Europe/London", "tz": "x"}), "tz: unknown setting (known: time_zone, duplicates_allowed)"),
        (json!({"duplicates_allowed": "yes"}), "duplicates_allowed: expected true or false, not \"yes\""),
        (json!({"time_zone": "Mars/Olympus"}), "time_zone: Mars/Olympus is not a time zone"),
    ] {
        let r = post_json(&url, &body);
        assert_eq!((r.status, r.body), (400, admin_error(400, message)), "{body}");
    }
    let r = post_json(&url, &json!(["time_zone"]));
    assert_eq!((r.status, r.body), (400, admin_error(400, "the body must be a JSON object of settings")));
    assert_eq!(get(&url).body["time_zone"], json!("UTC"));
}

#[test]
fn settings_of_a_vendor_without_any_an_unknown_vendor_or_tenant_are_refused() {
    let base = shared_probe();
    let tenant = tenant_on(base);
    let r = post_json(&settings_url(base, &tenant.id, "livingmetrics"), &json!({"x": 1}));
    assert_eq!((r.status, r.body), (400, admin_error(400, "livingmetrics has no settings")));
    assert_eq!(get(&settings_url(base, &tenant.id, "livingmetrics")).body, json!({}));
    let r = get(&settings_url(base, &tenant.id, "hubspot"));
    assert_eq!(r.status, 404);
    assert!(r.body["message"].as_str().unwrap().starts_with("unknown vendor 'hubspot'"), "{}", r.text);
    let r = get(&settings_url(base, "t_nope", "probe"));
    assert_eq!((r.status, r.body), (404, admin_error(404, "no tenant 't_nope'")));
}

#[test]
fn reset_puts_the_defaults_back_and_a_snapshot_keeps_the_settings() {
    let app = spawn_probe(&[]);
    let base = app.server.base_url();
    let tenant = tenant_on(base);
    let url = settings_url(base, &tenant.id, "probe");
    post_json(&url, &json!({"time_zone": "America/New_York"}));
    let saved = post_json(&format!("{base}/__admin/snapshots"), &json!({"name": "ny", "tenant": tenant.id}));
    assert_eq!(saved.status, 201, "{}", saved.text);
    let reset = post_json(&format!("{base}/__admin/reset"), &json!({"tenant": tenant.id}));
    assert_eq!(reset.status, 200, "{}", reset.text);
    assert_eq!(get(&url).body["time_zone"], json!("UTC"));
    let restored = post_json(&format!("{base}/__admin/snapshots/ny/restore"), &json!({}));
    assert_eq!(restored.status, 200, "{}", restored.text);
    assert_eq!(get(&url).body["time_zone"], json!("America/New_York"));
}

#[test]
fn a_seed_directory_can_hold_a_vendor_settings_file() {
    let dir = std::env::temp_dir().join(format!("crm-mock-probe-settings-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("probe")).unwrap();
    std::fs::write(dir.join("tenants.json"), include_str!("../../../seed-data/tenants.json")).unwrap();
    std::fs::write(dir.join("probe/settings.json"), r#"{"time_zone": "Europe/London"}"#).unwrap();
    let config = crm_mock::Config { port: 0, seed_dir: Some(dir.clone()), ..Default::default() };
    let server = crm_mock::spawn_with_vendors(config, &super::probe::registry()).expect("starts");
    let demo = get(&format!("{}/__admin/tenants/demo/probe/settings", server.base_url()));
    assert_eq!(demo.body, json!({"time_zone": "Europe/London", "duplicates_allowed": false}));
    server.stop();
    std::fs::write(dir.join("probe/settings.json"), r#"{"time_zone": "Mars/Olympus"}"#).unwrap();
    let config = crm_mock::Config { port: 0, seed_dir: Some(dir.clone()), ..Default::default() };
    let error = crm_mock::spawn_with_vendors(config, &super::probe::registry()).err().expect("refused").to_string();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(error.ends_with("probe/settings.json: record 0: (settings): time_zone: Mars/Olympus is not a time zone"), "{error}");
}

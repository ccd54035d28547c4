//! Daily DND lasts until the next local midnight of the tenant's time zone (the `time_zone`
//! setting, UTC by default), by the emulator's clock: moving the clock past that midnight turns
//! it off, for the account and for its phones, while a permanent DND stays. Each test runs its
//! own server; a session lasts two hours unused, so each step after a long move logs in again.

use serde_json::json;

use super::contacts::{create, read};
use super::{LiveVox, Session};
use crate::helpers::{TestApp, TestTenant, post_json, put_json, spawn_app};

/// A server with its clock frozen at `now` and a tenant in `time_zone` (or UTC by default).
fn tenant_at(now: &str, time_zone: Option<&str>) -> (TestApp, TestTenant) {
    let app = spawn_app();
    move_clock(&app, now);
    let tenant = app.new_tenant();
    if let Some(zone) = time_zone {
        let r = post_json(&app.url(&format!("/__admin/tenants/{}/livevox/settings", tenant.id)), &json!({"time_zone": zone}));
        assert_eq!(r.status, 200, "{}", r.text);
    }
    (app, tenant)
}

fn move_clock(app: &TestApp, now: &str) {
    let r = put_json(&app.url("/__admin/clock"), &json!({"now": now, "frozen": true}));
    assert_eq!(r.status, 200, "{}", r.text);
}

/// The account's block and its phones' blocks at `now`, read in a new session.
fn blocks_at(app: &TestApp, tenant: &TestTenant, now: &str, account: &str) -> (String, Vec<String>) {
    move_clock(app, now);
    let c = read(&login(tenant), account);
    let phones = c["phone"].as_array().unwrap().iter().map(|p| p["phoneBlock"].as_str().unwrap().to_owned()).collect();
    (c["accountBlock"].as_str().unwrap().to_owned(), phones)
}

fn login(tenant: &TestTenant) -> Session {
    LiveVox::of(tenant).login("Sysadmin")
}

fn blocks(account: &str, phones: &[&str]) -> (String, Vec<String>) {
    (account.to_owned(), phones.iter().map(|p| (*p).to_owned()).collect())
}

#[test]
fn a_daily_dnd_ends_at_the_next_midnight_of_the_tenants_time_zone() {
    // 18:00 in New York (EST, UTC-5) on 10 January: the local day ends at 05:00 UTC.
    let (app, tenant) = tenant_at("2024-01-10T23:00:00Z", Some("America/New_York"));
    let s = login(&tenant);
    create(
        &s,
        json!({"account": "NY1", "accountBlock": "BOTH", "phone": [
        {"phone": "2125550101", "ordinal": 1, "phoneBlock": "DAILY"},
        {"phone": "2125550102", "ordinal": 2, "phoneBlock": "PERMANENT"}]}),
    );
    let dnd = s.put(
        "/contact/contacts/NY1/dnd",
        &json!({"updateContactDND": [{"phone": "2125550102", "ordinal": 2, "phoneBlock": "DAILY"}]}),
    );
    assert_eq!(dnd.status, 204, "{}", dnd.text);

    // Past midnight UTC, still the evening in New York.
    assert_eq!(blocks_at(&app, &tenant, "2024-01-11T00:30:00Z", "NY1"), blocks("BOTH", &["DAILY", "BOTH"]));
    assert_eq!(blocks_at(&app, &tenant, "2024-01-11T04:59:59.999Z", "NY1"), blocks("BOTH", &["DAILY", "BOTH"]));
    // Midnight in New York.
    assert_eq!(blocks_at(&app, &tenant, "2024-01-11T05:00:00Z", "NY1"), blocks("PERMANENT", &["NONE", "PERMANENT"]));
    let listed = login(&tenant).get("/contact/contacts?offset=0&count=1");
    assert_eq!(listed.body["listContactDetails"][0]["accountBlock"], "PERMANENT");
}

#[test]
fn a_daily_dnd_set_after_midnight_lasts_the_new_day() {
    let (app, tenant) = tenant_at("2024-01-11T05:00:01Z", Some("America/New_York"));
    create(&login(&tenant), json!({"account": "NY2", "accountBlock": "DAILY"}));

    assert_eq!(blocks_at(&app, &tenant, "2024-01-12T04:59:59Z", "NY2"), blocks("DAILY", &[]));
    assert_eq!(blocks_at(&app, &tenant, "2024-01-12T05:00:00Z", "NY2"), blocks("NONE", &[]));
    let s = login(&tenant);
    let again = s.put("/contact/contacts/NY2/dnd", &json!({"accountBlock": "DAILY_OFF"}));
    assert_eq!(again.status, 204);
    assert_eq!(read(&s, "NY2")["accountBlock"], "NONE");
}

#[test]
fn a_daily_dnd_ends_at_local_midnight_across_the_change_to_summer_time() {
    // 10 March 2024 in New York has 23 hours: its day after the change ends at 04:00 UTC.
    let (app, tenant) = tenant_at("2024-03-10T16:00:00Z", Some("America/New_York"));
    create(
        &login(&tenant),
        json!({"account": "DST", "accountBlock": "DAILY", "phone": [{"phone": "2125550101", "ordinal": 4, "phoneBlock": "BOTH"}]}),
    );

    assert_eq!(blocks_at(&app, &tenant, "2024-03-11T03:59:59Z", "DST"), blocks("DAILY", &["BOTH"]));
    assert_eq!(blocks_at(&app, &tenant, "2024-03-11T04:00:00Z", "DST"), blocks("NONE", &["PERMANENT"]));
}

#[test]
fn a_tenant_without_a_time_zone_ends_the_day_at_midnight_utc() {
    let (app, tenant) = tenant_at("2024-01-10T23:00:00Z", None);
    create(&login(&tenant), json!({"account": "UTC1", "accountBlock": "DAILY"}));
    let s = login(&tenant);
    let bulk = s.post(
        "/contact/contacts/dnd",
        &json!({"contactDnd": [{"account": "UTC1", "updateContactDND": [{"phone": "1", "ordinal": 9, "phoneBlock": "DAILY"}]}]}),
    );
    assert_eq!(bulk.body, json!({"updated": 1}));

    assert_eq!(blocks_at(&app, &tenant, "2024-01-10T23:59:59Z", "UTC1"), blocks("DAILY", &[]));
    assert_eq!(blocks_at(&app, &tenant, "2024-01-11T00:00:00Z", "UTC1"), blocks("NONE", &[]));
}

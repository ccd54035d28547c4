//! The tenant setting `time_zone` (an IANA name, default UTC) through the admin API, and what
//! reset does to sessions.

use serde_json::json;

use super::{LiveVox, invalid_session};
use crate::helpers::{TestTenant, get, post_json};

fn settings_url(tenant: &TestTenant) -> String {
    format!("{}/__admin/tenants/{}/livevox/settings", tenant.base, tenant.id)
}

#[test]
fn a_tenant_starts_in_utc_and_takes_any_iana_time_zone() {
    let tenant = TestTenant::new();
    let r = get(&settings_url(&tenant));
    assert_eq!((r.status, r.body), (200, json!({"time_zone": "UTC"})));
    let r = post_json(&settings_url(&tenant), &json!({"time_zone": "America/New_York"}));
    assert_eq!((r.status, r.body), (200, json!({"time_zone": "America/New_York"})));
    let r = post_json(&settings_url(&tenant), &json!({"time_zone": "asia/tokyo"}));
    assert_eq!((r.status, r.body), (200, json!({"time_zone": "asia/tokyo"})), "names are found in any case");
}

#[test]
fn a_time_zone_that_is_not_an_iana_name_is_refused_and_nothing_changes() {
    let tenant = TestTenant::new();
    for (value, message) in [
        (
            json!("Mars/Olympus_Mons"),
            "time_zone: \"Mars/Olympus_Mons\" is not an IANA time zone name (such as \"America/New_York\")",
        ),
        (json!(""), "time_zone: \"\" is not an IANA time zone name (such as \"America/New_York\")"),
        (json!(5), "time_zone: expected a string, not 5"),
    ] {
        let r = post_json(&settings_url(&tenant), &json!({ "time_zone": value }));
        assert_eq!((r.status, r.body), (400, json!({"status": 400, "message": message})), "{value}");
    }
    assert_eq!(get(&settings_url(&tenant)).body, json!({"time_zone": "UTC"}));
}

#[test]
fn resetting_a_tenant_ends_its_sessions_and_its_time_zone() {
    let tenant = TestTenant::new();
    let lv = LiveVox::of(&tenant);
    let session = lv.login("Manager");
    post_json(&settings_url(&tenant), &json!({"time_zone": "Europe/Paris"}));
    let r = post_json(&format!("{}/__admin/reset", tenant.base), &json!({"tenant": tenant.id}));
    assert_eq!(r.status, 200, "{}", r.text);

    let r = session.get("/contact/contacts/customFields");
    assert_eq!((r.status, r.body), (401, invalid_session()));
    assert_eq!(get(&settings_url(&tenant)).body, json!({"time_zone": "UTC"}));
    assert_eq!(lv.login("Manager").get("/contact/contacts/customFields").status, 200, "the users stay");
}

//! Date bounds with fractions of a second (`created_by`, `updated_by`, `start_date`,
//! `end_date`): stored timestamps have whole seconds, so a bound compares exactly. At or after
//! `x.5` leaves out `x`; at or before `x.5` keeps `x`.

use serde_json::{Value, json};

use crate::helpers::{TestTenant, lm_contact};

/// A contact arranged with only a first name and two timestamps, as listed.
fn contact(id: i64, name: &str, created: &str, updated: &str) -> Value {
    lm_contact(json!({"id": id, "first_name": name, "created_at": created, "updated_at": updated, "visible_at": created}))
}

fn contacts(ids: &[i64]) -> Value {
    let all = [
        contact(1, "Ann", "2024-05-01T10:00:00Z", "2024-06-01T10:00:00Z"),
        contact(2, "Ben", "2024-05-01T10:00:01Z", "2024-06-01T10:00:01Z"),
    ];
    let data: Vec<Value> = ids.iter().map(|id| all[*id as usize - 1].clone()).collect();
    json!({"data": data, "page": 0, "limit": 100, "total": ids.len()})
}

fn arrange_contacts(tenant: &TestTenant) {
    tenant.arrange(
        "livingmetrics",
        "contacts",
        json!([
            {"id": 1, "first_name": "Ann", "created_at": "2024-05-01T10:00:00Z", "updated_at": "2024-06-01T10:00:00Z"},
            {"id": 2, "first_name": "Ben", "created_at": "2024-05-01T10:00:01Z", "updated_at": "2024-06-01T10:00:01Z"}
        ]),
    );
}

#[test]
fn created_by_and_updated_by_with_a_fraction_leave_out_the_whole_second_before_it() {
    // Arrange
    let tenant = TestTenant::new();
    arrange_contacts(&tenant);
    let lm = tenant.livingmetrics();

    for (query, ids) in [
        ("created_by=2024-05-01T10:00:00.5Z", &[2][..]),
        ("created_by=2024-05-01T10:00:00.000Z", &[1, 2]),
        ("created_by=2024-05-01T11:00:00.000%2B01:00", &[1, 2]),
        ("created_by=2024-05-01T11:00:00.001%2B01:00", &[2]),
        ("updated_by=2024-06-01T10:00:00.25Z", &[2]),
        ("updated_by=2024-06-01T10:00:01.5Z", &[]),
    ] {
        // Act
        let r = lm.get(&format!("/v1/contacts?order=asc&{query}"));
        let count = lm.get(&format!("/v1/contacts/count?{query}"));

        // Assert
        assert_eq!((r.status, &r.body), (200, &contacts(ids)), "{query}");
        assert_eq!((count.status, &count.body), (200, &json!({"count": ids.len()})), "{query}");
    }
}

fn history(id: i64, at: &str) -> Value {
    json!({"id": id, "contact_id": null, "history_type": "SiteVisit", "campaign_id": null, "email_guid": null,
           "tracked_number_id": null, "description": null, "created_at": at})
}

#[test]
fn start_date_with_a_fraction_rounds_up_and_end_date_rounds_down() {
    // Arrange
    let tenant = TestTenant::new();
    tenant.arrange(
        "livingmetrics",
        "histories",
        json!([
            {"id": 1, "history_type": "SiteVisit", "created_at": "2024-05-01T10:00:00Z"},
            {"id": 2, "history_type": "SiteVisit", "created_at": "2024-05-01T10:00:01Z"},
            {"id": 3, "history_type": "SiteVisit", "created_at": "2024-05-01T10:00:02Z"}
        ]),
    );
    let all = [history(1, "2024-05-01T10:00:00Z"), history(2, "2024-05-01T10:00:01Z"), history(3, "2024-05-01T10:00:02Z")];
    let lm = tenant.livingmetrics();

    for (query, ids) in [
        ("start_date=2024-05-01T10:00:00.5Z", &[2, 3][..]),
        ("end_date=2024-05-01T10:00:01.5Z", &[1, 2]),
        ("start_date=2024-05-01T10:00:00.5Z&end_date=2024-05-01T10:00:01.999999Z", &[2]),
        ("start_date=2024-05-01T10:00:01.1Z&end_date=2024-05-01T10:00:01.9Z", &[]),
        ("start_date=2024-05-01T10:00:01Z&end_date=2024-05-01T10:00:01Z", &[2]),
    ] {
        // Act
        let r = lm.get(&format!("/v1/histories?contact_group=all&order=asc&{query}"));

        // Assert
        let data: Vec<Value> = ids.iter().map(|id| all[*id as usize - 1].clone()).collect();
        assert_eq!((r.status, &r.body), (200, &json!({"data": data, "page": 0, "limit": 100, "total": ids.len()})), "{query}");
    }
}

//! The enumerated parameters take any case: `order_by` like `order`, `contact_group` and the
//! booleans, on every list that has it.

use serde_json::{Value, json};

use crate::helpers::{TestTenant, lm_contact, lm_error};

/// A contact arranged with a company and two timestamps, as listed.
fn contact(id: i64, company: &str, updated: &str) -> Value {
    let created = "2024-01-01T00:00:00Z";
    lm_contact(json!({"id": id, "company": company, "created_at": created, "updated_at": updated, "visible_at": created}))
}

#[test]
fn list_contacts_takes_order_by_in_any_case() {
    // Arrange
    let tenant = TestTenant::new();
    tenant.arrange(
        "livingmetrics",
        "contacts",
        json!([
            {"id": 1, "company": "beta", "created_at": "2024-01-01T00:00:00Z", "updated_at": "2024-02-02T00:00:00Z"},
            {"id": 2, "company": "Alpha", "created_at": "2024-01-01T00:00:00Z", "updated_at": "2024-02-01T00:00:00Z"}
        ]),
    );
    let beta = contact(1, "beta", "2024-02-02T00:00:00Z");
    let alpha = contact(2, "Alpha", "2024-02-01T00:00:00Z");
    let lm = tenant.livingmetrics();

    for (query, data) in [
        ("order_by=UPDATED", [&beta, &alpha]),
        ("order_by=Updated&order=ASC", [&alpha, &beta]),
        ("order_by=COMPANY&order=asc", [&alpha, &beta]),
        ("order_by=Company", [&beta, &alpha]),
    ] {
        // Act
        let r = lm.get(&format!("/v1/contacts?{query}"));

        // Assert
        assert_eq!((r.status, &r.body), (200, &json!({"data": data, "page": 0, "limit": 100, "total": 2})), "{query}");
    }
}

#[test]
fn organizations_and_contact_lists_take_order_by_in_any_case() {
    // Arrange
    let tenant = TestTenant::new();
    tenant.arrange(
        "livingmetrics",
        "organizations",
        json!([
            {"id": 1, "name": "Old", "created_at": "2024-01-01T00:00:00Z", "last_activity_at": "2024-03-01T00:00:00Z"},
            {"id": 2, "name": "New", "created_at": "2024-02-01T00:00:00Z", "last_activity_at": "2024-02-15T00:00:00Z"}
        ]),
    );
    tenant.arrange(
        "livingmetrics",
        "contact_lists",
        json!([
            {"id": 1, "name": "Spring", "created_at": "2024-01-01T00:00:00Z", "updated_at": "2024-04-01T00:00:00Z"},
            {"id": 2, "name": "Summer", "created_at": "2024-02-01T00:00:00Z", "updated_at": "2024-02-01T00:00:00Z"}
        ]),
    );
    let organization = |id: i64, name: &str, created: &str, activity: &str| {
        json!({"id": id, "name": name, "domain": null, "phone": null, "tags": [], "created_at": created,
               "updated_at": created, "last_activity_at": activity})
    };
    let old = organization(1, "Old", "2024-01-01T00:00:00Z", "2024-03-01T00:00:00Z");
    let new = organization(2, "New", "2024-02-01T00:00:00Z", "2024-02-15T00:00:00Z");
    let spring = json!({"id": 1, "name": "Spring", "tags": [], "created_at": "2024-01-01T00:00:00Z", "updated_at": "2024-04-01T00:00:00Z"});
    let summer = json!({"id": 2, "name": "Summer", "tags": [], "created_at": "2024-02-01T00:00:00Z", "updated_at": "2024-02-01T00:00:00Z"});
    let lm = tenant.livingmetrics();

    // Act
    let by_activity = lm.get("/v1/organizations?order_by=LAST_ACTIVITY");
    let by_created = lm.get("/v1/organizations?order_by=Created_At");
    let by_updated = lm.get("/v1/contact_lists?order_by=Updated");
    let by_list_created = lm.get("/v1/contact_lists?order_by=CREATED&order=Asc");

    // Assert
    assert_eq!((by_activity.status, by_activity.body), (200, json!({"data": [&old, &new], "page": 0, "limit": 100, "total": 2})));
    assert_eq!((by_created.status, by_created.body), (200, json!({"data": [&new, &old], "page": 0, "limit": 100, "total": 2})));
    assert_eq!(
        (by_updated.status, by_updated.body),
        (200, json!({"data": [&spring, &summer], "page": 0, "limit": 10, "total": 2}))
    );
    assert_eq!(
        (by_list_created.status, by_list_created.body),
        (200, json!({"data": [&spring, &summer], "page": 0, "limit": 10, "total": 2}))
    );
}

#[test]
fn an_order_by_of_another_list_is_still_a_400_in_any_case() {
    let tenant = TestTenant::new();
    let lm = tenant.livingmetrics();

    let r = lm.get("/v1/contacts?order_by=CREATED_AT");

    let message = "Invalid value 'CREATED_AT' for parameter 'order_by': expected updated, company, lead_score or visible_at";
    assert_eq!((r.status, r.body), (400, lm_error(400, message)));
}

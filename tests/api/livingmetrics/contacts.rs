//! List Contacts (and Get Prospects), Get Contact Details: the contact's wire shape, its
//! defaults, `include_deals`, `include_timeline`, the order of the list and tenant isolation.

use serde_json::{Value, json};

use crate::helpers::{TestTenant, lm_contact, lm_error, put_json, spawn_app};

/// A contact with every field set, and what it refers to.
fn arrange_full_contact(tenant: &TestTenant) {
    tenant.arrange(
        "livingmetrics",
        "custom_fields",
        json!([{"id": 7, "name": "Department", "type": "text"}, {"id": 8, "name": "Budget", "type": "number"}]),
    );
    tenant.arrange("livingmetrics", "organizations", json!([{"id": 456, "name": "Acme Ltd"}]));
    tenant.arrange("livingmetrics", "contact_lists", json!([{"id": 123, "name": "Hot leads"}]));
    tenant.arrange(
        "livingmetrics",
        "contacts",
        json!([{
            "id": 12345, "first_name": "John", "last_name": "Doe", "company": "Acme Ltd", "title": "CTO",
            "emails": [{"email_address": "john.doe@acme.example", "type": "work"}, {"email_address": "jd@home.example", "type": "personal"}],
            "phones": [{"phone_number": "(555) 010-4477", "type": "mobile"}],
            "tags": ["lead", "customer"], "lead_score": 42, "employer_id": 456, "list_ids": [123],
            "crm_ids": [{"crm_type": "salesforce", "crm_object_type": "Lead", "crm_id": "00Q1"}],
            "custom_7": "Sales", "custom_8": 2500,
            "created_at": "2024-01-02T03:04:05Z", "updated_at": "2024-02-03T04:05:06Z", "visible_at": "2024-03-04T05:06:07Z"
        }]),
    );
}

fn full_contact() -> Value {
    json!({
        "id": 12345, "first_name": "John", "last_name": "Doe", "company": "Acme Ltd", "title": "CTO",
        "emails": [{"email_address": "john.doe@acme.example", "type": "work"}, {"email_address": "jd@home.example", "type": "personal"}],
        "phones": [{"phone_number": "(555) 010-4477", "type": "mobile"}],
        "tags": ["lead", "customer"], "lead_score": 42, "employer_id": 456, "list_ids": [123],
        "crm_ids": [{"crm_type": "salesforce", "crm_object_type": "Lead", "crm_id": "00Q1"}],
        "custom_7": "Sales", "custom_8": 2500,
        "created_at": "2024-01-02T03:04:05Z", "updated_at": "2024-02-03T04:05:06Z", "visible_at": "2024-03-04T05:06:07Z"
    })
}

#[test]
fn list_contacts_renders_every_field_of_a_contact() {
    // Arrange
    let tenant = TestTenant::new();
    arrange_full_contact(&tenant);

    // Act
    let r = tenant.livingmetrics().get("/v1/contacts");

    // Assert
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body, json!({"data": [full_contact()], "page": 0, "limit": 100, "total": 1}));
}

#[test]
fn get_contact_details_renders_the_same_contact_as_the_list() {
    let tenant = TestTenant::new();
    arrange_full_contact(&tenant);

    let r = tenant.livingmetrics().get("/v1/contacts/12345");

    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body, json!({"data": full_contact()}));
}

#[test]
fn a_contact_arranged_with_only_a_name_gets_the_defaults() {
    // Arrange: a server of its own, so that its clock can be frozen.
    let app = spawn_app();
    let frozen = put_json(&app.url("/__admin/clock"), &json!({"now": "2025-03-04T05:06:07Z", "frozen": true}));
    assert_eq!(frozen.status, 200, "{}", frozen.text);
    let tenant = app.new_tenant();
    tenant.arrange(
        "livingmetrics",
        "contacts",
        json!([
            {"first_name": "Ann"},
            {"last_name": "Lee", "emails": [{"email_address": "lee@example.com"}], "phones": [{"phone_number": "0161 496 0000"}],
             "created_at": "2024-06-01T12:00:00Z"}
        ]),
    );

    // Act
    let r = tenant.livingmetrics().get("/v1/contacts?order=asc&order_by=visible_at");

    // Assert: ids from 1, nulls and empty lists, e-mail and phone type "work", lead score 0;
    // created_at from the clock, updated_at and visible_at from created_at.
    assert_eq!(r.status, 200, "{}", r.text);
    let lee = lm_contact(json!({
        "id": 2, "last_name": "Lee",
        "emails": [{"email_address": "lee@example.com", "type": "work"}], "phones": [{"phone_number": "0161 496 0000", "type": "work"}],
        "created_at": "2024-06-01T12:00:00Z", "updated_at": "2024-06-01T12:00:00Z", "visible_at": "2024-06-01T12:00:00Z"
    }));
    let ann = lm_contact(json!({
        "id": 1, "first_name": "Ann",
        "created_at": "2025-03-04T05:06:07Z", "updated_at": "2025-03-04T05:06:07Z", "visible_at": "2025-03-04T05:06:07Z"
    }));
    assert_eq!(r.body, json!({"data": [lee, ann], "page": 0, "limit": 100, "total": 2}));
}

/// Two contacts; Ann has two deals and four histories, Bob has none.
fn arrange_deals_and_histories(tenant: &TestTenant) {
    tenant.arrange(
        "livingmetrics",
        "contacts",
        json!([
            {"id": 1, "first_name": "Ann", "created_at": "2024-01-01T00:00:00Z", "visible_at": "2024-01-02T00:00:00Z"},
            {"id": 2, "first_name": "Bob", "created_at": "2024-01-01T00:00:00Z", "visible_at": "2024-01-01T00:00:00Z"}
        ]),
    );
    tenant.arrange("livingmetrics", "products", json!([{"id": 9, "name": "Plot 9"}]));
    tenant.arrange(
        "livingmetrics",
        "deals",
        json!([
            {"id": 5, "contact_id": 1, "name": "Old deal", "value": 100, "stage": "Lost", "created_at": "2024-01-05T00:00:00Z"},
            {"id": 6, "contact_id": 1, "name": "New deal", "value": 2500.5, "stage": "Open", "product_id": 9,
             "created_at": "2024-02-05T00:00:00Z", "updated_at": "2024-02-06T00:00:00Z"}
        ]),
    );
}

fn deals_of_ann() -> Value {
    json!([
        {"id": 6, "name": "New deal", "value": 2500.5, "stage": "Open", "product_id": 9,
         "created_at": "2024-02-05T00:00:00Z", "updated_at": "2024-02-06T00:00:00Z"},
        {"id": 5, "name": "Old deal", "value": 100.0, "stage": "Lost", "product_id": null,
         "created_at": "2024-01-05T00:00:00Z", "updated_at": "2024-01-05T00:00:00Z"}
    ])
}

fn keys_of(contact: &Value) -> Vec<&str> {
    contact.as_object().expect("a contact").keys().map(String::as_str).collect()
}

#[test]
fn include_deals_true_adds_each_contacts_deals_newest_first() {
    let tenant = TestTenant::new();
    arrange_deals_and_histories(&tenant);

    let r = tenant.livingmetrics().get("/v1/contacts?include_deals=true");

    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["data"][0]["deals"], deals_of_ann());
    assert_eq!(r.body["data"][1]["deals"], json!([]));
}

#[test]
fn without_include_deals_or_with_false_contacts_have_no_deals_key() {
    let tenant = TestTenant::new();
    arrange_deals_and_histories(&tenant);
    let lm = tenant.livingmetrics();

    for query in ["/v1/contacts", "/v1/contacts?include_deals=false", "/v1/contacts?include_deals=0"] {
        let r = lm.get(query);

        assert_eq!(r.status, 200, "{query}: {}", r.text);
        assert!(!keys_of(&r.body["data"][0]).contains(&"deals"), "{query}: {}", r.text);
    }
}

#[test]
fn get_contact_details_with_include_deals_adds_its_deals() {
    let tenant = TestTenant::new();
    arrange_deals_and_histories(&tenant);
    let lm = tenant.livingmetrics();

    let with = lm.get("/v1/contacts/1?include_deals=true");
    let without = lm.get("/v1/contacts/1");

    assert_eq!(with.status, 200, "{}", with.text);
    assert_eq!(with.body["data"]["deals"], deals_of_ann());
    assert_eq!(without.status, 200);
    assert!(!keys_of(&without.body["data"]).contains(&"deals"));
}

#[test]
fn include_timeline_1_adds_the_last_30_histories_newest_first() {
    // Arrange: 32 histories of Ann (two share a time: the higher id is newer), one of Bob.
    let tenant = TestTenant::new();
    arrange_deals_and_histories(&tenant);
    let mut histories: Vec<Value> = (1..=32)
        .map(|i| json!({"id": i, "contact_id": 1, "history_type": "SiteVisit", "created_at": format!("2024-03-01T00:00:{:02}Z", i)}))
        .collect();
    histories[31]["created_at"] = json!("2024-03-01T00:00:31Z");
    histories.push(json!({
        "id": 40, "contact_id": 2, "history_type": "TextMessage", "campaign_id": 3, "email_guid": "g-1",
        "tracked_number_id": 789, "description": "Hello", "created_at": "2024-04-01T00:00:00Z"
    }));
    tenant.arrange("livingmetrics", "histories", Value::Array(histories));

    // Act
    let r = tenant.livingmetrics().get("/v1/contacts?include_timeline=1");

    // Assert
    assert_eq!(r.status, 200, "{}", r.text);
    let timeline = r.body["data"][0]["timeline"].as_array().expect("Ann's timeline");
    let ids: Vec<i64> = timeline.iter().map(|h| h["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, (3..=32).rev().collect::<Vec<i64>>());
    assert_eq!(
        timeline[0],
        json!({"id": 32, "contact_id": 1, "history_type": "SiteVisit", "campaign_id": null, "email_guid": null,
               "tracked_number_id": null, "description": null, "created_at": "2024-03-01T00:00:31Z"})
    );
    assert_eq!(
        r.body["data"][1]["timeline"],
        json!([{"id": 40, "contact_id": 2, "history_type": "TextMessage", "campaign_id": 3, "email_guid": "g-1",
                "tracked_number_id": 789, "description": "Hello", "created_at": "2024-04-01T00:00:00Z"}])
    );
}

#[test]
fn without_include_timeline_or_with_0_contacts_have_no_timeline_key() {
    let tenant = TestTenant::new();
    arrange_deals_and_histories(&tenant);
    tenant.arrange("livingmetrics", "histories", json!([{"contact_id": 1, "history_type": "SiteVisit"}]));
    let lm = tenant.livingmetrics();

    for query in ["/v1/contacts", "/v1/contacts?include_timeline=0"] {
        let r = lm.get(query);

        assert_eq!(r.status, 200, "{query}: {}", r.text);
        assert!(!keys_of(&r.body["data"][0]).contains(&"timeline"), "{query}: {}", r.text);
    }
}

#[test]
fn the_get_prospects_example_pages_ten_contacts_by_update_with_deals() {
    // Arrange: 12 contacts updated one day apart.
    let tenant = TestTenant::new();
    let contacts: Vec<Value> = (1..=12)
        .map(|i| json!({"id": i, "first_name": format!("P{i}"), "updated_at": format!("2024-01-{:02}T00:00:00Z", i)}))
        .collect();
    tenant.arrange("livingmetrics", "contacts", Value::Array(contacts));
    let lm = tenant.livingmetrics();
    let example = "/v1/contacts?page=0&limit=10&include_deals=true&order=desc&order_by=updated&include_timeline=0";

    // Act
    let first = lm.get(example);
    let second = lm.get(&example.replace("page=0", "page=1"));

    // Assert
    assert_eq!(first.status, 200, "{}", first.text);
    let ids = |r: &crate::helpers::Response| -> Vec<i64> {
        r.body["data"].as_array().unwrap().iter().map(|c| c["id"].as_i64().unwrap()).collect()
    };
    assert_eq!(ids(&first), (3..=12).rev().collect::<Vec<i64>>());
    assert_eq!((&first.body["page"], &first.body["limit"], &first.body["total"]), (&json!(0), &json!(10), &json!(12)));
    assert!(first.body["data"].as_array().unwrap().iter().all(|c| c["deals"] == json!([]) && c.get("timeline").is_none()));
    assert_eq!(ids(&second), vec![2, 1]);
    assert_eq!(second.body["page"], json!(1));
}

#[test]
fn get_contact_details_of_a_missing_contact_is_404() {
    let tenant = TestTenant::new();

    let r = tenant.livingmetrics().get("/v1/contacts/999");

    assert_eq!(r.status, 404);
    assert_eq!(r.body, lm_error(404, "Contact 999 not found"));
}

#[test]
fn get_contact_details_with_a_non_numeric_id_is_400() {
    let tenant = TestTenant::new();
    let lm = tenant.livingmetrics();

    for (id, shown) in [("abc", "abc"), ("0", "0"), ("-3", "-3"), ("1.5", "1.5")] {
        let r = lm.get(&format!("/v1/contacts/{id}"));

        assert_eq!(r.status, 400, "{id}");
        assert_eq!(r.body, lm_error(400, &format!("Invalid contact id '{shown}': expected a positive integer")));
    }
}

#[test]
fn get_contact_details_of_another_tenants_contact_is_404() {
    // Arrange: the contact exists, but in another account.
    let owner = TestTenant::new();
    owner.arrange("livingmetrics", "contacts", json!([{"id": 77, "first_name": "Hidden"}]));
    let other = TestTenant::new();

    // Act
    let r = other.livingmetrics().get("/v1/contacts/77");
    let listed = other.livingmetrics().get("/v1/contacts");

    // Assert
    assert_eq!(r.status, 404);
    assert_eq!(r.body, lm_error(404, "Contact 77 not found"));
    assert_eq!(listed.body, json!({"data": [], "page": 0, "limit": 100, "total": 0}));
    assert_eq!(owner.livingmetrics().get("/v1/contacts/77").status, 200);
}

#[test]
fn get_contact_details_accepts_only_include_deals() {
    let tenant = TestTenant::new();
    tenant.arrange("livingmetrics", "contacts", json!([{"id": 1}]));
    let lm = tenant.livingmetrics();

    let unknown = lm.get("/v1/contacts/1?include_timeline=1");
    let bad_flag = lm.get("/v1/contacts/1?include_deals=yes");

    assert_eq!(unknown.status, 400);
    assert_eq!(unknown.body, lm_error(400, "Unknown query parameter 'include_timeline' (accepted: include_deals)"));
    assert_eq!(bad_flag.status, 400);
    assert_eq!(bad_flag.body, lm_error(400, "Invalid value 'yes' for parameter 'include_deals': expected 1, 0, true or false"));
}

/// Four contacts whose order differs by every `order_by` value.
fn arrange_orderable(tenant: &TestTenant) {
    tenant.arrange(
        "livingmetrics",
        "contacts",
        json!([
            {"id": 1, "company": "beta", "lead_score": 30, "updated_at": "2024-01-04T00:00:00Z", "visible_at": "2024-02-01T00:00:00Z"},
            {"id": 2, "company": "Alpha", "lead_score": 10, "updated_at": "2024-01-01T00:00:00Z", "visible_at": "2024-02-03T00:00:00Z"},
            {"id": 3, "company": "gamma", "lead_score": 20, "updated_at": "2024-01-03T00:00:00Z", "visible_at": "2024-02-04T00:00:00Z"},
            {"id": 4, "company": "Delta", "lead_score": 40, "updated_at": "2024-01-02T00:00:00Z", "visible_at": "2024-02-02T00:00:00Z"}
        ]),
    );
}

#[test]
fn list_contacts_orders_by_visible_at_descending_by_default() {
    let tenant = TestTenant::new();
    arrange_orderable(&tenant);
    let lm = tenant.livingmetrics();

    assert_eq!(lm.ids("/v1/contacts"), vec![3, 2, 4, 1]);
    assert_eq!(lm.ids("/v1/contacts?order=asc"), vec![1, 4, 2, 3]);
    assert_eq!(lm.ids("/v1/contacts?order_by=visible_at&order=desc"), vec![3, 2, 4, 1]);
}

#[test]
fn list_contacts_orders_by_each_documented_order_by_value() {
    let tenant = TestTenant::new();
    arrange_orderable(&tenant);
    let lm = tenant.livingmetrics();

    for (order_by, descending) in [
        ("updated", vec![1, 3, 4, 2]),
        ("lead_score", vec![4, 1, 3, 2]),
        // Company names compare without regard to case.
        ("company", vec![3, 4, 1, 2]),
        ("visible_at", vec![3, 2, 4, 1]),
    ] {
        let ascending: Vec<i64> = descending.iter().rev().copied().collect();

        assert_eq!(lm.ids(&format!("/v1/contacts?order_by={order_by}")), descending, "{order_by}");
        assert_eq!(lm.ids(&format!("/v1/contacts?order_by={order_by}&order=desc")), descending, "{order_by} desc");
        assert_eq!(lm.ids(&format!("/v1/contacts?order_by={order_by}&order=asc")), ascending, "{order_by} asc");
    }
}

#[test]
fn list_contacts_breaks_ties_by_id_and_puts_contacts_without_a_company_last_when_descending() {
    let tenant = TestTenant::new();
    tenant.arrange(
        "livingmetrics",
        "contacts",
        json!([
            {"id": 1, "company": "Acme", "visible_at": "2024-01-01T00:00:00Z"},
            {"id": 2, "visible_at": "2024-01-01T00:00:00Z"},
            {"id": 3, "company": "acme", "visible_at": "2024-01-01T00:00:00Z"},
            {"id": 4, "company": "Zed", "visible_at": "2024-01-01T00:00:00Z"}
        ]),
    );
    let lm = tenant.livingmetrics();

    assert_eq!(lm.ids("/v1/contacts"), vec![4, 3, 2, 1]);
    assert_eq!(lm.ids("/v1/contacts?order=asc"), vec![1, 2, 3, 4]);
    assert_eq!(lm.ids("/v1/contacts?order_by=company"), vec![4, 3, 1, 2]);
    assert_eq!(lm.ids("/v1/contacts?order_by=company&order=asc"), vec![2, 1, 3, 4]);
}

#[test]
fn list_contacts_accepts_order_in_any_case() {
    let tenant = TestTenant::new();
    arrange_orderable(&tenant);

    assert_eq!(tenant.livingmetrics().ids("/v1/contacts?order=ASC"), vec![1, 4, 2, 3]);
}

#[test]
fn list_contacts_with_an_unknown_order_or_order_by_is_400() {
    let tenant = TestTenant::new();
    let lm = tenant.livingmetrics();

    let order = lm.get("/v1/contacts?order=up");
    let order_by = lm.get("/v1/contacts?order_by=name");
    let created = lm.get("/v1/contacts?order_by=created_at");

    assert_eq!(order.status, 400);
    assert_eq!(order.body, lm_error(400, "Invalid value 'up' for parameter 'order': expected asc or desc"));
    assert_eq!(order_by.status, 400);
    let expected = "Invalid value 'name' for parameter 'order_by': expected updated, company, lead_score or visible_at";
    assert_eq!(order_by.body, lm_error(400, expected));
    assert_eq!(created.status, 400);
    assert_eq!(created.body["error"]["message"], json!(expected.replace("'name'", "'created_at'")));
}

//! Get Histories: every documented parameter.

use serde_json::{Value, json};

use crate::helpers::{TestTenant, lm_error};

/// Contacts 20 Ann (e-mailed: an `Email...` type with a guid), 21 Ben (e-mailed: an `Email...`
/// type without guid), 22 Cy (never e-mailed) and 23 Dee (e-mailed: a guid on a click), and ten
/// histories, 8 and 9 anonymous.
fn arranged() -> TestTenant {
    let tenant = TestTenant::new();
    tenant.arrange(
        "livingmetrics",
        "contacts",
        json!([
            {"id": 20, "first_name": "Ann", "last_name": "Archer", "emails": [{"email_address": "ann@example.com"}]},
            {"id": 21, "first_name": "Ben", "last_name": "Baker"},
            {"id": 22, "first_name": "Cy", "last_name": "Cole", "phones": [{"phone_number": "+44 7700 900123"}]},
            {"id": 23, "first_name": "Dee"}
        ]),
    );
    tenant.arrange(
        "livingmetrics",
        "histories",
        json!([
            {"id": 1, "contact_id": 20, "history_type": "EmailSent", "campaign_id": 7, "email_guid": "g-1",
             "description": "Spring offer", "created_at": "2024-05-01T10:00:00Z"},
            {"id": 2, "contact_id": 20, "history_type": "EmailOpen", "campaign_id": 7, "email_guid": "g-1",
             "created_at": "2024-05-01T12:00:00Z"},
            {"id": 3, "contact_id": 20, "history_type": "SiteVisit", "description": "Visited /pricing",
             "created_at": "2024-05-02T08:00:00Z"},
            {"id": 4, "contact_id": 21, "history_type": "EmailOpen", "created_at": "2024-05-02T23:59:59Z"},
            {"id": 5, "contact_id": 21, "history_type": "TextMessage", "tracked_number_id": 55,
             "description": "Reply YES", "created_at": "2024-05-03T00:00:00Z"},
            {"id": 6, "contact_id": 22, "history_type": "SiteVisit", "created_at": "2024-05-03T09:00:00Z"},
            {"id": 7, "contact_id": 22, "history_type": "TextMessage", "tracked_number_id": 56,
             "description": "Café Émile 😀", "created_at": "2024-05-03T10:00:00Z"},
            {"id": 8, "history_type": "SiteVisit", "description": "Anonymous visit", "created_at": "2024-05-04T00:00:00Z"},
            {"id": 9, "history_type": "EmailOpen", "email_guid": "g-2", "campaign_id": 8, "created_at": "2024-05-04T01:00:00Z"},
            {"id": 10, "contact_id": 23, "history_type": "LinkClick", "email_guid": "g-3", "created_at": "2024-05-05T00:00:00Z"}
        ]),
    );
    tenant
}

fn history(id: i64) -> Value {
    let (contact, kind, campaign, guid, number, description, at) = match id {
        1 => (json!(20), "EmailSent", json!(7), json!("g-1"), json!(null), json!("Spring offer"), "2024-05-01T10:00:00Z"),
        2 => (json!(20), "EmailOpen", json!(7), json!("g-1"), json!(null), json!(null), "2024-05-01T12:00:00Z"),
        3 => (json!(20), "SiteVisit", json!(null), json!(null), json!(null), json!("Visited /pricing"), "2024-05-02T08:00:00Z"),
        4 => (json!(21), "EmailOpen", json!(null), json!(null), json!(null), json!(null), "2024-05-02T23:59:59Z"),
        5 => (json!(21), "TextMessage", json!(null), json!(null), json!(55), json!("Reply YES"), "2024-05-03T00:00:00Z"),
        6 => (json!(22), "SiteVisit", json!(null), json!(null), json!(null), json!(null), "2024-05-03T09:00:00Z"),
        7 => (json!(22), "TextMessage", json!(null), json!(null), json!(56), json!("Café Émile 😀"), "2024-05-03T10:00:00Z"),
        8 => (json!(null), "SiteVisit", json!(null), json!(null), json!(null), json!("Anonymous visit"), "2024-05-04T00:00:00Z"),
        9 => (json!(null), "EmailOpen", json!(8), json!("g-2"), json!(null), json!(null), "2024-05-04T01:00:00Z"),
        10 => (json!(23), "LinkClick", json!(null), json!("g-3"), json!(null), json!(null), "2024-05-05T00:00:00Z"),
        _ => unreachable!("no history {id}"),
    };
    json!({"id": id, "contact_id": contact, "history_type": kind, "campaign_id": campaign, "email_guid": guid,
           "tracked_number_id": number, "description": description, "created_at": at})
}

fn histories(ids: &[i64]) -> Value {
    json!({"data": ids.iter().map(|id| history(*id)).collect::<Vec<_>>(), "page": 0, "limit": 100, "total": ids.len()})
}

/// Asserts `GET /v1/histories?{query}` answers exactly `ids`, in order.
fn assert_histories(tenant: &TestTenant, query: &str, ids: &[i64]) {
    let r = tenant.livingmetrics().get(&format!("/v1/histories?{query}"));
    assert_eq!((r.status, &r.body), (200, &histories(ids)), "{query}");
}

#[test]
fn histories_default_to_emailed_contacts_newest_first() {
    let tenant = arranged();
    assert_histories(&tenant, "", &[10, 5, 4, 3, 2, 1]);
    assert_histories(&tenant, "contact_group=emailed&order=desc", &[10, 5, 4, 3, 2, 1]);
    // The document's own example, with its empty and bare parameters.
    assert_histories(
        &tenant,
        "page=0&limit=100&history_type=&start_date=&end_date=&last_history_id=&contact_group=emailed&search_term&order=asc&email_guid&tracked_number_id",
        &[1, 2, 3, 4, 5, 10],
    );
}

#[test]
fn contact_group_managed_adds_contacts_never_emailed_and_all_adds_anonymous_histories() {
    let tenant = arranged();
    assert_histories(&tenant, "contact_group=managed", &[10, 7, 6, 5, 4, 3, 2, 1]);
    assert_histories(&tenant, "contact_group=all", &[10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    assert_histories(&tenant, "contact_group=ALL&order=asc", &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    let r = tenant.livingmetrics().get("/v1/histories?contact_group=everyone");
    assert_eq!(
        (r.status, r.body),
        (400, lm_error(400, "Invalid value 'everyone' for parameter 'contact_group': expected all, managed or emailed"))
    );
}

#[test]
fn histories_filter_by_a_list_of_types_in_any_case() {
    let tenant = arranged();
    assert_histories(&tenant, "contact_group=all&history_type=EmailOpen,SiteVisit", &[9, 8, 6, 4, 3, 2]);
    assert_histories(&tenant, "contact_group=all&history_type=emailopen", &[9, 4, 2]);
    assert_histories(&tenant, "history_type=TextMessage", &[5]);
    assert_histories(&tenant, "contact_group=all&history_type=PhoneCall", &[]);
}

#[test]
fn histories_filter_by_campaign_contact_guid_and_tracked_number() {
    let tenant = arranged();
    assert_histories(&tenant, "campaign_id=7", &[2, 1]);
    assert_histories(&tenant, "contact_group=all&campaign_id=8", &[9]);
    assert_histories(&tenant, "contact_id=20", &[3, 2, 1]);
    // Cy was never e-mailed, so the default group leaves him out.
    assert_histories(&tenant, "contact_id=22", &[]);
    assert_histories(&tenant, "contact_id=22&contact_group=managed", &[7, 6]);
    // Dee's only e-mail trace is a guid on a click.
    assert_histories(&tenant, "contact_id=23", &[10]);
    assert_histories(&tenant, "email_guid=g-3", &[10]);
    assert_histories(&tenant, "email_guid=g-1", &[2, 1]);
    assert_histories(&tenant, "email_guid=g-2&contact_group=all", &[9]);
    assert_histories(&tenant, "email_guid=G-1", &[]);
    assert_histories(&tenant, "tracked_number_id=55&history_type=TextMessage", &[5]);
    assert_histories(&tenant, "tracked_number_id=56", &[]);
    assert_histories(&tenant, "tracked_number_id=56&contact_group=all", &[7]);
}

#[test]
fn histories_filter_by_inclusive_dates_and_a_bare_end_date_covers_its_day() {
    let tenant = arranged();
    assert_histories(&tenant, "contact_group=all&start_date=2024-05-02&end_date=2024-05-02", &[4, 3]);
    assert_histories(&tenant, "contact_group=all&end_date=2024-05-02T08:00:00Z", &[3, 2, 1]);
    assert_histories(&tenant, "contact_group=all&start_date=2024-05-03T00:00:00Z&end_date=2024-05-03T09:00:00Z", &[6, 5]);
    assert_histories(&tenant, "contact_group=all&start_date=2024-05-04T02:00:00%2B02:00", &[10, 9, 8]);
    assert_histories(&tenant, "start_date=2024-06-01", &[]);
    let r = tenant.livingmetrics().get("/v1/histories?end_date=yesterday");
    let message =
        "Invalid value 'yesterday' for parameter 'end_date': expected an ISO 8601 date or date-time such as 2024-05-01T00:00:00Z";
    assert_eq!((r.status, r.body), (400, lm_error(400, message)));
}

#[test]
fn last_history_id_returns_only_newer_histories() {
    let tenant = arranged();
    assert_histories(&tenant, "contact_group=all&last_history_id=5", &[10, 9, 8, 7, 6]);
    assert_histories(&tenant, "contact_group=all&last_history_id=5&order=asc", &[6, 7, 8, 9, 10]);
    assert_histories(&tenant, "last_history_id=3", &[10, 5, 4]);
    assert_histories(&tenant, "contact_group=all&last_history_id=10", &[]);
    let r = tenant.livingmetrics().get("/v1/histories?last_history_id=latest");
    assert_eq!(
        (r.status, r.body),
        (400, lm_error(400, "Invalid value 'latest' for parameter 'last_history_id': expected an integer"))
    );
}

#[test]
fn histories_search_the_description_type_and_contact() {
    let tenant = arranged();
    assert_histories(&tenant, "search_term=pricing", &[3]);
    assert_histories(&tenant, "search_term=SPRING", &[1]);
    assert_histories(&tenant, "contact_group=all&search_term=emailopen", &[9, 4, 2]);
    assert_histories(&tenant, "search_term=archer", &[3, 2, 1]);
    assert_histories(&tenant, "contact_group=all&search_term=ann@example.com", &[3, 2, 1]);
    assert_histories(&tenant, "contact_group=all&search_term=07700%20900123", &[]);
    assert_histories(&tenant, "contact_group=all&search_term=7700%20900123", &[7, 6]);
    assert_histories(&tenant, "contact_group=all&search_term=%C3%89mile", &[7]);
    assert_histories(&tenant, "contact_group=all&search_term=%F0%9F%98%80", &[7]);
    assert_histories(&tenant, "contact_group=all&search_term=caf%C3%A9", &[7]);
}

#[test]
fn histories_page_and_report_order_errors() {
    let tenant = arranged();
    let r = tenant.livingmetrics().get("/v1/histories?contact_group=all&limit=4&page=1");
    let data: Vec<Value> = [6, 5, 4, 3].iter().map(|id| history(*id)).collect();
    assert_eq!((r.status, r.body), (200, json!({"data": data, "page": 1, "limit": 4, "total": 10})));
    let r = tenant.livingmetrics().get("/v1/histories?order=newest");
    assert_eq!((r.status, r.body), (400, lm_error(400, "Invalid value 'newest' for parameter 'order': expected asc or desc")));
    let r = tenant.livingmetrics().get("/v1/histories?campaign_id=seven");
    assert_eq!(
        (r.status, r.body),
        (400, lm_error(400, "Invalid value 'seven' for parameter 'campaign_id': expected a positive integer id"))
    );
}

#[test]
fn another_tenants_histories_are_invisible() {
    let _owner = arranged();
    let other = TestTenant::new();
    assert_histories(&other, "contact_group=all", &[]);
}

#[test]
fn tracked_number_id_returns_only_the_text_messages_of_that_number() {
    // Arrange: a call and a site visit carry the tracked number too, but are no text messages.
    let tenant = TestTenant::new();
    tenant.arrange("livingmetrics", "contacts", json!([{"id": 1, "first_name": "Ann"}]));
    tenant.arrange(
        "livingmetrics",
        "histories",
        json!([
            {"id": 1, "contact_id": 1, "history_type": "EmailOpen", "email_guid": "g-1", "created_at": "2024-05-01T00:00:00Z"},
            {"id": 2, "contact_id": 1, "history_type": "PhoneCall", "tracked_number_id": 55, "created_at": "2024-05-02T00:00:00Z"},
            {"id": 3, "contact_id": 1, "history_type": "TextMessage", "tracked_number_id": 55, "description": "Reply YES",
             "created_at": "2024-05-03T00:00:00Z"},
            {"id": 4, "contact_id": 1, "history_type": "SiteVisit", "tracked_number_id": 55, "created_at": "2024-05-04T00:00:00Z"},
            {"id": 5, "contact_id": 1, "history_type": "textmessage", "tracked_number_id": 55, "created_at": "2024-05-05T00:00:00Z"},
            {"id": 6, "contact_id": 1, "history_type": "TextMessage", "tracked_number_id": 56, "created_at": "2024-05-06T00:00:00Z"}
        ]),
    );
    let text = |id: i64, description: Value, at: &str, kind: &str| {
        json!({"id": id, "contact_id": 1, "history_type": kind, "campaign_id": null, "email_guid": null,
               "tracked_number_id": 55, "description": description, "created_at": at})
    };
    let both = json!({"data": [text(5, json!(null), "2024-05-05T00:00:00Z", "textmessage"),
                               text(3, json!("Reply YES"), "2024-05-03T00:00:00Z", "TextMessage")],
                      "page": 0, "limit": 100, "total": 2});
    let lm = tenant.livingmetrics();

    // Act
    let alone = lm.get("/v1/histories?tracked_number_id=55");
    let with_type = lm.get("/v1/histories?tracked_number_id=55&history_type=TextMessage");
    let other_type = lm.get("/v1/histories?tracked_number_id=55&history_type=PhoneCall");

    // Assert
    assert_eq!((alone.status, &alone.body), (200, &both));
    assert_eq!((with_type.status, &with_type.body), (200, &both));
    assert_eq!((other_type.status, other_type.body), (200, json!({"data": [], "page": 0, "limit": 100, "total": 0})));
}

//! The filters of List Contacts and Get Contact Count: each documented parameter with its exact
//! meaning, their combination (AND), malformed values, and the count.

use serde_json::{Value, json};

use crate::helpers::{TestTenant, lm_error};

/// Ascending ids, whatever the default order.
const ASC: &str = "/v1/contacts?order=asc&order_by=visible_at&";

/// Five contacts, each matched by some filters and not others.
fn arrange_people(tenant: &TestTenant) {
    tenant.arrange("livingmetrics", "organizations", json!([{"id": 456, "name": "Acme"}, {"id": 457, "name": "Beta"}]));
    tenant.arrange("livingmetrics", "contact_lists", json!([{"id": 10, "name": "Spring"}, {"id": 11, "name": "Summer"}]));
    tenant.arrange(
        "livingmetrics",
        "contacts",
        json!([
            {"id": 1, "first_name": "John", "last_name": "Doe", "company": "Acme",
             "emails": [{"email_address": "john.doe@acme.example"}], "phones": [{"phone_number": "(555) 010-4477"}],
             "tags": ["lead", "VIP"], "employer_id": 456, "list_ids": [10],
             "crm_ids": [{"crm_type": "salesforce", "crm_object_type": "Lead", "crm_id": "00Q1"}],
             "created_at": "2024-01-01T10:00:00Z", "updated_at": "2024-03-04T00:00:00Z", "visible_at": "2024-05-01T00:00:00Z"},
            {"id": 2, "first_name": "Johnny", "last_name": "Smith", "company": "Beta Corp",
             "emails": [{"email_address": "jsmith@beta.example"}], "phones": [{"phone_number": "+44 161 496 0000"}],
             "tags": ["customer"], "employer_id": 457, "list_ids": [10, 11],
             "crm_ids": [{"crm_type": "salesforce", "crm_object_type": "Contact", "crm_id": "003A"}],
             "created_at": "2024-01-02T00:00:00Z", "updated_at": "2024-03-01T00:00:00Z", "visible_at": "2024-05-02T00:00:00Z"},
            {"id": 3, "first_name": "Mary", "last_name": "Johnson", "company": "Doe Industries",
             "emails": [{"email_address": "mary@gamma.example"}], "phones": [{"phone_number": "5550104478"}],
             "tags": ["Lead"], "employer_id": 456, "list_ids": [11],
             "crm_ids": [{"crm_type": "pipedrive", "crm_object_type": "Lead", "crm_id": "00Q1"}],
             "created_at": "2024-01-02T12:30:00Z", "updated_at": "2024-03-02T00:00:00Z", "visible_at": "2024-05-03T00:00:00Z"},
            {"id": 4, "first_name": "Peter", "last_name": "Pan", "phones": [{"phone_number": "020 7946 0018"}],
             "crm_ids": [{"crm_type": "pipedrive", "crm_object_type": "Contact", "crm_id": "7"}],
             "created_at": "2024-01-03T08:00:00Z", "updated_at": "2024-03-03T00:00:00Z", "visible_at": "2024-05-04T00:00:00Z"},
            {"id": 5, "first_name": "Élodie", "last_name": "O'Brien_Smith", "company": "50% Off",
             "created_at": "2023-12-31T23:59:59Z", "updated_at": "2024-02-01T00:00:00Z", "visible_at": "2024-05-05T00:00:00Z"}
        ]),
    );
    tenant.arrange(
        "livingmetrics",
        "histories",
        json!([
            {"contact_id": 1, "history_type": "SiteVisit"},
            {"contact_id": 1, "history_type": "TextMessage", "tracked_number_id": 789},
            {"contact_id": 2, "history_type": "EmailOpen"},
            {"contact_id": 2, "history_type": "SiteVisit"},
            {"contact_id": 2, "history_type": "TextMessage", "tracked_number_id": 790},
            {"contact_id": 3, "history_type": "SiteVisit", "tracked_number_id": 789},
            {"history_type": "TextMessage", "tracked_number_id": 789}
        ]),
    );
}

/// The ids of `GET /v1/contacts` with `query`, ascending.
fn found(tenant: &TestTenant, query: &str) -> Vec<i64> {
    tenant.livingmetrics().ids(&format!("{ASC}{query}"))
}

fn check(tenant: &TestTenant, cases: &[(&str, &[i64])]) {
    for (query, expected) in cases {
        assert_eq!(found(tenant, query), expected.to_vec(), "{query}");
    }
}

#[test]
fn search_term_matches_names_and_first_last_without_regard_to_case() {
    let tenant = TestTenant::new();
    arrange_people(&tenant);

    check(
        &tenant,
        &[
            ("search_term=john", &[1, 2, 3]),
            ("search_term=JOHN", &[1, 2, 3]),
            ("search_term=John%20Doe", &[1]),
            ("search_term=john+doe", &[1]),
            ("search_term=doe", &[1, 3]),
            ("search_term=%C3%A9LODIE", &[5]),
            ("search_term=nobody", &[]),
        ],
    );
}

#[test]
fn search_term_matches_company_and_email_addresses() {
    let tenant = TestTenant::new();
    arrange_people(&tenant);

    check(
        &tenant,
        &[
            ("search_term=acme", &[1]),
            ("search_term=beta%20corp", &[2]),
            ("search_term=beta.example", &[2]),
            ("search_term=MARY%40GAMMA", &[3]),
        ],
    );
}

#[test]
fn search_term_matches_phone_numbers_as_written_and_by_their_digits() {
    let tenant = TestTenant::new();
    arrange_people(&tenant);

    check(
        &tenant,
        &[
            ("search_term=(555)%20010-4477", &[1]),
            ("search_term=5550104477", &[1]),
            ("search_term=555.010.4477", &[1]),
            ("search_term=555-010", &[1, 3]),
            ("search_term=%2B44%20161", &[2]),
            ("search_term=441614960000", &[2]),
            ("search_term=02079460018", &[4]),
        ],
    );
}

#[test]
fn search_term_treats_like_wildcards_as_plain_characters() {
    let tenant = TestTenant::new();
    arrange_people(&tenant);

    check(&tenant, &[("search_term=50%25", &[5]), ("search_term=_", &[5]), ("search_term=o%27brien", &[5])]);
}

#[test]
fn search_tag_matches_contacts_with_any_listed_tag_without_regard_to_case() {
    let tenant = TestTenant::new();
    arrange_people(&tenant);

    check(
        &tenant,
        &[
            ("search_tag=lead", &[1, 3]),
            ("search_tag=LEAD", &[1, 3]),
            ("search_tag=customer,vip", &[1, 2]),
            ("search_tag=lead,%20customer", &[1, 2, 3]),
            ("search_tag=lea", &[]),
        ],
    );
}

#[test]
fn search_tag_ignores_case_beyond_ascii_too() {
    let tenant = TestTenant::new();
    tenant.arrange("livingmetrics", "contacts", json!([{"id": 1, "tags": ["Été"]}, {"id": 2, "tags": ["hiver"]}]));

    check(&tenant, &[("search_tag=%C3%A9t%C3%A9", &[1]), ("search_tag=%C3%89T%C3%89", &[1])]);
}

#[test]
fn search_list_id_matches_the_members_of_that_list() {
    let tenant = TestTenant::new();
    arrange_people(&tenant);

    check(&tenant, &[("search_list_id=10", &[1, 2]), ("search_list_id=11", &[2, 3]), ("search_list_id=99", &[])]);
}

#[test]
fn history_type_matches_contacts_having_a_history_of_any_listed_type() {
    let tenant = TestTenant::new();
    arrange_people(&tenant);

    check(
        &tenant,
        &[
            ("history_type=SiteVisit", &[1, 2, 3]),
            ("history_type=EmailOpen,TextMessage", &[1, 2]),
            ("history_type=emailopen", &[2]),
            ("history_type=PageView", &[]),
        ],
    );
}

#[test]
fn employer_id_and_contact_ids_select_by_id() {
    let tenant = TestTenant::new();
    arrange_people(&tenant);

    check(
        &tenant,
        &[
            ("employer_id=456", &[1, 3]),
            ("employer_id=457", &[2]),
            ("employer_id=999", &[]),
            ("contact_ids=1,2,3", &[1, 2, 3]),
            ("contact_ids=4,%201", &[1, 4]),
            ("contact_ids=2,99", &[2]),
        ],
    );
}

#[test]
fn tracked_phone_id_matches_contacts_with_a_text_message_from_that_number() {
    let tenant = TestTenant::new();
    arrange_people(&tenant);

    check(
        &tenant,
        &[
            ("tracked_phone_id=789", &[1]),
            ("tracked_phone_id=789&history_type=TextMessage", &[1]),
            ("tracked_phone_id=790", &[2]),
            ("tracked_phone_id=791", &[]),
        ],
    );
}

#[test]
fn crm_ids_take_a_json_array_or_a_comma_separated_string() {
    let tenant = TestTenant::new();
    arrange_people(&tenant);

    check(
        &tenant,
        &[
            ("crm_ids=%5B%2200Q1%22,%22003A%22%5D", &[1, 2, 3]),
            ("crm_ids=[%22003A%22]", &[2]),
            ("crm_ids=%5B7%5D", &[4]),
            ("crm_ids=00Q1,003A", &[1, 2, 3]),
            ("crm_ids=7", &[4]),
            ("crm_ids=nope", &[]),
        ],
    );
}

#[test]
fn crm_type_and_crm_object_type_narrow_the_same_crm_link() {
    let tenant = TestTenant::new();
    arrange_people(&tenant);

    check(
        &tenant,
        &[
            ("crm_ids=%5B%2200Q1%22%5D&crm_type=salesforce", &[1]),
            ("crm_ids=00Q1&crm_object_type=Lead", &[1, 3]),
            ("crm_ids=00Q1,003A&crm_type=salesforce&crm_object_type=Contact", &[2]),
            ("crm_ids=003A&crm_type=pipedrive", &[]),
            ("crm_type=pipedrive", &[3, 4]),
            ("crm_type=Salesforce&crm_object_type=contact", &[2]),
            ("crm_object_type=Lead", &[1, 3]),
        ],
    );
}

#[test]
fn created_by_and_updated_by_mean_on_or_after() {
    let tenant = TestTenant::new();
    arrange_people(&tenant);

    check(
        &tenant,
        &[
            ("created_by=2024-01-02", &[2, 3, 4]),
            ("created_by=2024-01-02T12:30:00Z", &[3, 4]),
            ("created_by=2024-01-02T12:30:01Z", &[4]),
            ("created_by=2024-01-02T13:30:00%2B01:00", &[3, 4]),
            ("created_by=2025-01-01", &[]),
            ("updated_by=2024-03-02", &[1, 3, 4]),
            ("updated_by=2024-03-03T00:00:00Z", &[1, 4]),
        ],
    );
}

#[test]
fn filters_combine_so_that_a_contact_must_match_all_of_them() {
    let tenant = TestTenant::new();
    arrange_people(&tenant);

    check(
        &tenant,
        &[
            ("search_tag=lead&employer_id=456", &[1, 3]),
            ("search_tag=lead&employer_id=456&created_by=2024-01-02", &[3]),
            ("search_term=john&history_type=SiteVisit&search_list_id=10", &[1, 2]),
            ("search_term=john&contact_ids=2,3,4&crm_type=salesforce", &[2]),
            ("search_tag=customer&tracked_phone_id=789", &[]),
        ],
    );
}

#[test]
fn empty_filter_values_count_as_absent() {
    let tenant = TestTenant::new();
    arrange_people(&tenant);

    check(&tenant, &[("search_term=&search_tag=&history_type&contact_ids=&crm_ids=&created_by=", &[1, 2, 3, 4, 5])]);
}

#[test]
fn the_documents_list_contacts_example_finds_the_contact_matching_every_filter() {
    // Arrange: the example's values, with real dates for its placeholders.
    let tenant = TestTenant::new();
    tenant.arrange("livingmetrics", "organizations", json!([{"id": 456, "name": "Acme"}]));
    tenant.arrange("livingmetrics", "contact_lists", json!([{"id": 123, "name": "Spring"}]));
    let matching = json!({
        "id": 2, "first_name": "John", "last_name": "Doe", "tags": ["customer"], "employer_id": 456, "list_ids": [123],
        "crm_ids": [{"crm_type": "salesforce", "crm_object_type": "Lead", "crm_id": "crm_id_2"}],
        "created_at": "2024-02-01T00:00:00Z", "updated_at": "2024-02-01T00:00:00Z"
    });
    let mut near_miss = matching.clone();
    near_miss["id"] = json!(3);
    near_miss["crm_ids"][0]["crm_type"] = json!("pipedrive");
    tenant.arrange("livingmetrics", "contacts", json!([matching, near_miss]));
    tenant.arrange(
        "livingmetrics",
        "histories",
        json!([
            {"contact_id": 2, "history_type": "EmailOpen"}, {"contact_id": 2, "history_type": "TextMessage", "tracked_number_id": 789},
            {"contact_id": 3, "history_type": "EmailOpen"}, {"contact_id": 3, "history_type": "TextMessage", "tracked_number_id": 789}
        ]),
    );
    let example = "/v1/contacts?page=0&limit=100&search_term=John%20Doe&search_list_id=123&search_tag=lead,customer\
        &history_type=SiteVisit,EmailOpen&employer_id=456&contact_ids=1,2,3&tracked_phone_id=789&include_deals=true\
        &crm_ids=[%22crm_id_1%22,%22crm_id_2%22]&crm_type=salesforce&crm_object_type=Lead&order=desc&order_by=updated\
        &created_by=2024-01-01T00:00:00Z&updated_by=2024-01-01T00:00:00Z&include_timeline=1";

    // Act
    let r = tenant.livingmetrics().get(example);

    // Assert
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["total"], json!(1));
    assert_eq!(r.body["data"][0]["id"], json!(2));
    assert_eq!(r.body["data"][0]["deals"], json!([]));
    assert_eq!(r.body["data"][0]["timeline"].as_array().map(Vec::len), Some(2));
}

#[test]
fn malformed_filter_values_are_400_naming_the_parameter() {
    let tenant = TestTenant::new();
    let lm = tenant.livingmetrics();
    let invalid = |value: &str, name: &str, expected: &str| {
        lm_error(400, &format!("Invalid value '{value}' for parameter '{name}': expected {expected}"))
    };
    let id = "a positive integer id";
    let ids = "a comma-separated list of positive integer ids";
    let date = "an ISO 8601 date or date-time such as 2024-05-01T00:00:00Z";
    let flag = "1, 0, true or false";
    let cases: Vec<(&str, Value)> = vec![
        ("search_list_id=abc", invalid("abc", "search_list_id", id)),
        ("employer_id=0", invalid("0", "employer_id", id)),
        ("tracked_phone_id=-4", invalid("-4", "tracked_phone_id", id)),
        ("contact_ids=1,x", invalid("x", "contact_ids", ids)),
        ("crm_ids=%5B%22a%22", invalid("[\"a\"", "crm_ids", "a JSON array of ids or a comma-separated list")),
        ("crm_ids=%5B%7B%7D%5D", invalid("[{}]", "crm_ids", "a JSON array of ids or a comma-separated list")),
        ("created_by=yesterday", invalid("yesterday", "created_by", date)),
        ("updated_by=2024-13-01", invalid("2024-13-01", "updated_by", date)),
        ("include_deals=yes", invalid("yes", "include_deals", flag)),
        ("include_timeline=2", invalid("2", "include_timeline", flag)),
        ("page=-1", invalid("-1", "page", "a non-negative integer")),
        ("page=first", invalid("first", "page", "a non-negative integer")),
        ("limit=0", invalid("0", "limit", "a positive integer")),
        ("limit=ten", invalid("ten", "limit", "a positive integer")),
    ];

    for (query, expected) in cases {
        let r = lm.get(&format!("/v1/contacts?{query}"));

        assert_eq!(r.status, 400, "{query}: {}", r.text);
        assert_eq!(r.body, expected, "{query}");
    }
}

const LIST_ACCEPTED: &str = "page, limit, include_deals, include_timeline, order, order_by, search_term, search_list_id, \
    search_tag, history_type, employer_id, contact_ids, tracked_phone_id, crm_ids, crm_type, crm_object_type, created_by, updated_by";

#[test]
fn list_contacts_with_an_unknown_or_repeated_parameter_is_400() {
    let tenant = TestTenant::new();
    let lm = tenant.livingmetrics();

    let unknown = lm.get("/v1/contacts?search_tags=lead");
    let repeated = lm.get("/v1/contacts?search_tag=lead&search_tag=vip");

    assert_eq!(unknown.status, 400);
    assert_eq!(unknown.body, lm_error(400, &format!("Unknown query parameter 'search_tags' (accepted: {LIST_ACCEPTED})")));
    assert_eq!(repeated.status, 400);
    assert_eq!(repeated.body, lm_error(400, "Query parameter 'search_tag' is given more than once"));
}

fn count(tenant: &TestTenant, query: &str) -> i64 {
    let r = tenant.livingmetrics().get(&format!("/v1/contacts/count{query}"));
    assert_eq!(r.status, 200, "{query}: {}", r.text);
    assert_eq!(r.body.as_object().map(|o| o.len()), Some(1), "{}", r.text);
    r.body["count"].as_i64().expect("count")
}

#[test]
fn get_contact_count_counts_the_contacts_matching_the_filters() {
    let tenant = TestTenant::new();
    arrange_people(&tenant);

    assert_eq!(tenant.livingmetrics().get("/v1/contacts/count").body, json!({"count": 5}));
    for (query, expected) in [
        ("?search_term=john", 3),
        ("?search_list_id=10", 2),
        ("?search_tag=lead", 2),
        ("?history_type=SiteVisit", 3),
        ("?employer_id=456", 2),
        ("?created_by=2024-01-02", 3),
        ("?updated_by=2024-03-02", 3),
        ("?contact_ids=1,2,99", 2),
        ("?tracked_phone_id=789", 1),
        ("?crm_ids=00Q1&crm_type=pipedrive", 1),
        (
            "?search_term=John%20Doe&search_list_id=10&search_tag=lead&history_type=SiteVisit&employer_id=456\
          &created_by=2024-01-01T00:00:00Z&updated_by=2024-01-01T00:00:00Z",
            1,
        ),
        ("?search_term=", 5),
    ] {
        assert_eq!(count(&tenant, query), expected, "{query}");
    }
}

#[test]
fn get_contact_count_counts_only_the_keys_own_contacts() {
    let tenant = TestTenant::new();
    arrange_people(&tenant);
    let other = TestTenant::new();

    assert_eq!(count(&other, ""), 0);
    assert_eq!(count(&other, "?search_term=john"), 0);
}

#[test]
fn get_contact_count_takes_no_paging_or_ordering_parameters() {
    let tenant = TestTenant::new();
    let lm = tenant.livingmetrics();
    let accepted = "search_term, search_list_id, search_tag, history_type, employer_id, contact_ids, tracked_phone_id, \
        crm_ids, crm_type, crm_object_type, created_by, updated_by";

    for name in ["page", "limit", "order", "order_by", "include_deals"] {
        let r = lm.get(&format!("/v1/contacts/count?{name}=1"));

        assert_eq!(r.status, 400, "{name}");
        assert_eq!(r.body, lm_error(400, &format!("Unknown query parameter '{name}' (accepted: {accepted})")));
    }
    let bad = lm.get("/v1/contacts/count?created_by=soon");
    assert_eq!(bad.status, 400);
    assert_eq!(
        bad.body,
        lm_error(
            400,
            "Invalid value 'soon' for parameter 'created_by': expected an ISO 8601 date or date-time such as 2024-05-01T00:00:00Z"
        )
    );
}

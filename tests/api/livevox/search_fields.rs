//! Find Matching Contact over contacts arranged with every kind of field: the document's
//! multiple-conditions example over postal codes and balances; names, phones, places, dates,
//! groups, custom fields and counters; sorts; daily DND and today's counters by the emulator's
//! clock.

use serde_json::{Value, json};

use super::contacts::frozen_at;
use super::search::{multiple_conditions_example, no_phones};
use super::{LiveVox, Session};
use crate::helpers::{Response, TestTenant, put_json};

fn find(session: &Session, body: &Value) -> Response {
    session.post("/contact/contacts/search?count=10&offset=0", body)
}

fn accounts(r: &Response) -> Vec<String> {
    assert_eq!(r.status, 200, "{}", r.text);
    let found = r.body["findMatchingContactsDetails"].as_array().unwrap_or_else(|| panic!("{}", r.text));
    found.iter().map(|c| c["account"].as_str().unwrap().to_owned()).collect()
}

fn condition(field: &str, condition: &str, criteria: &str) -> Value {
    json!({"search": {"field": field, "condition": condition, "criteria": criteria}})
}

/// Five contacts in the document's shape (ids 1 to 5) and a Manager's session.
fn people() -> (TestTenant, Session) {
    let tenant = TestTenant::new();
    tenant.arrange(
        "livevox",
        "contacts",
        json!([
            {"account": "1000", "person": {"firstName": "Ann", "lastName": "Lee", "zipCode": "10010"}, "balance": 0},
            {"account": "1010", "person": {"firstName": "Wilkins", "lastName": "Micawber", "zipCode": "10010"},
             "phone": [{"phone": "6503517500", "ordinal": 1}]},
            {"account": "1234", "person": {"zipCode": "10011", "dateOfBirth": 621057600000_i64}, "balance": 150.5, "city": "San Francisco"},
            {"account": "1235", "person": {"zipCode": "10011"}, "balance": 50, "groupId": "12371",
             "phone": [{"phone": "9742573688", "ordinal": 7, "smsConsent": true}], "customFields": [{"field": "COL1", "value": "50%_off"}]},
            {"account": "999", "person": {"firstName": "Mary", "lastName": "Shelley", "zipCode": "10010"}, "balance": 1000.0,
             "callAttemptsTotal": 7}
        ]),
    );
    let session = LiveVox::of(&tenant).login("Manager");
    (tenant, session)
}

#[test]
fn search_for_contacts_with_multiple_conditions_over_postal_codes_and_balances() {
    let (_, session) = people();
    let body = multiple_conditions_example();
    assert_eq!(accounts(&session.post("/contact/contacts/search?offset=0&count=5", &body)), ["1000", "1010", "1234"]);
}

#[test]
fn search_by_each_kind_of_field() {
    let (_, session) = people();
    for (field, c, criteria, expected) in [
        ("name", "CONTAINS", "shell", vec!["999"]),
        ("name", "EQUALS", "mary shelley", vec!["999"]),
        ("phone", "ENDS_WITH", "3688", vec!["1235"]),
        ("phone_sms_consent", "EQUALS", "true", vec!["1235"]),
        ("phone7_sms_consent", "EQUALS", "true", vec!["1235"]),
        ("city", "EQUALS", "san francisco", vec!["1234"]),
        ("postalcode", "EQUALS", "10011", vec!["1234", "1235"]),
        ("paymentbalance", "GREATER_EQUAL", "150.5", vec!["1234", "999"]),
        ("dob", "EQUALS", "621057600000", vec!["1234"]),
        ("group", "EQUALS", "12371", vec!["1235"]),
        ("COL1", "CONTAINS", "%_", vec!["1235"]),
        ("callattemptslifetime", "GREATER", "5", vec!["999"]),
    ] {
        assert_eq!(accounts(&find(&session, &condition(field, c, criteria))), expected, "{field} {c} {criteria}");
    }
}

#[test]
fn search_with_sort_by_balance_and_name() {
    let (_, session) = people();
    let sorted = |field: &str, order: &str| {
        accounts(&find(
            &session,
            &json!({"search": {"field": "account", "condition": "CONTAINS", "criteria": ""},
                                          "sort": [{"field": field, "order": order}]}),
        ))
    };
    assert_eq!(sorted("PAYMENTBALANCE", "DESC"), ["999", "1234", "1235", "1000", "1010"]);
    assert_eq!(sorted("LAST_NAME", "ASC"), ["1234", "1235", "1000", "1010", "999"]);
}

#[test]
fn a_found_contact_shows_its_phones_person_and_fields() {
    let (_, session) = people();
    let r = find(&session, &condition("account", "EQUALS", "1235"));
    let at = r.body["findMatchingContactsDetails"][0]["createdDate"].clone();
    let mut phones = no_phones();
    phones[6] = json!({"smsConsent": true, "cellConsent": false, "phone": "9742573688", "ordinal": 7, "position": 7, "dnd": false,
                       "dndDaily": false, "callAttemptsTotal": 0, "callAttemptsToday": 0});
    let expected = json!({"findMatchingContactsDetails": [{
        "id": 4, "person": {"zipCode": "10011"}, "phone": phones, "account": "1235", "active": false, "balance": 50.0,
        "accountBlock": "NONE", "accountToSpeak": "1235", "country": "", "postalCode": "10011", "amountToSpeak": 0.0,
        "groupId": 12371, "primaryEmailConsent": false, "agentId": 0, "happinessIndex": 0, "createdDate": at, "modifiedDate": at,
        "callAttemptsToday": 0, "callAttemptsLifetime": 0
    }]});
    assert_eq!((r.status, r.body), (200, expected));
}

/// The found contact of `account` on a new session of `tenant`.
fn found(tenant: &TestTenant, account: &str) -> Value {
    let session = LiveVox::of(tenant).login("Manager");
    let r = find(&session, &condition("account", "EQUALS", account));
    assert_eq!(r.status, 200, "{}", r.text);
    r.body["findMatchingContactsDetails"][0].clone()
}

#[test]
fn daily_dnd_and_todays_counters_end_at_midnight() {
    let (app, tenant, _) = frozen_at("2024-03-05T12:00:00Z");
    tenant.arrange(
        "livevox",
        "contacts",
        json!([
            {"account": "D1", "accountBlock": "DAILY", "callAttemptsToday": 2,
             "phone": [{"phone": "4155550100", "ordinal": 2, "phoneBlock": "BOTH"}]},
            {"account": "P1", "accountBlock": "PERMANENT"}
        ]),
    );
    let today = |tenant: &TestTenant, field: &str, criteria: &str| {
        accounts(&find(&LiveVox::of(tenant).login("Manager"), &condition(field, "EQUALS", criteria)))
    };
    assert_eq!(today(&tenant, "do_not_dial_daily", "true"), ["D1"]);
    assert_eq!(today(&tenant, "do_not_dial", "true"), ["P1"]);
    assert_eq!(today(&tenant, "account_dial_today", "true"), ["D1"]);
    assert_eq!(today(&tenant, "account_dial_yesterday", "true"), Vec::<String>::new());
    let d1 = found(&tenant, "D1");
    assert_eq!((&d1["accountBlock"], &d1["callAttemptsToday"]), (&json!("DAILY"), &json!(2)));
    assert_eq!((&d1["phone"][1]["dnd"], &d1["phone"][1]["dndDaily"]), (&json!(true), &json!(true)));

    let r = put_json(&app.url("/__admin/clock"), &json!({"now": "2024-03-06T12:00:00Z", "frozen": true}));
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(today(&tenant, "do_not_dial_daily", "true"), Vec::<String>::new());
    assert_eq!(today(&tenant, "account_dial_today", "true"), Vec::<String>::new());
    assert_eq!(today(&tenant, "account_dial_yesterday", "true"), ["D1"]);
    let d1 = found(&tenant, "D1");
    assert_eq!((&d1["accountBlock"], &d1["callAttemptsToday"]), (&json!("NONE"), &json!(0)));
    assert_eq!((&d1["phone"][1]["dnd"], &d1["phone"][1]["dndDaily"]), (&json!(true), &json!(false)));
}

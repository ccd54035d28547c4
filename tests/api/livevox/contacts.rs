//! Contacts: Create, Read, Update, Delete and List Contact, with the document's examples as
//! bodies. Tests that check a stamp of the clock run on a server of their own with the clock
//! frozen.

use serde_json::{Value, json};

use super::{LiveVox, Session, lv_error};
use crate::helpers::{TestApp, TestTenant, admin_error, put_json, spawn_app};

/// 2024-03-05T12:00:00Z, when the frozen clocks stand.
pub const NOW: &str = "2024-03-05T12:00:00Z";
pub const NOW_MS: i64 = 1_709_640_000_000;

/// A private server with its clock frozen at `now`, a tenant on it and its Sysadmin's session.
pub fn frozen_at(now: &str) -> (TestApp, TestTenant, Session) {
    let app = spawn_app();
    let r = put_json(&app.url("/__admin/clock"), &json!({"now": now, "frozen": true}));
    assert_eq!(r.status, 200, "{}", r.text);
    let tenant = app.new_tenant();
    let session = LiveVox::of(&tenant).login("Sysadmin");
    (app, tenant, session)
}

/// A tenant on the shared server and its Sysadmin's session.
pub fn sysadmin() -> (TestTenant, Session) {
    let tenant = TestTenant::new();
    let session = LiveVox::of(&tenant).login("Sysadmin");
    (tenant, session)
}

/// `readContactDetails` of a contact created with only `account` at `at` (epoch ms), with
/// `fields` over it (`person` and `guarantor` merged key by key).
pub fn read_shape(account: &str, at: i64, fields: Value) -> Value {
    let mut c = json!({
        "person": {"firstName": null, "lastName": null, "dateOfBirth": null, "email": null, "ssn": null, "zipCode": null},
        "guarantor": {"firstName": null, "lastName": null},
        "phone": [], "customFields": null, "active": false, "balance": 0, "accountBlock": "NONE", "accountToSpeak": account,
        "originalAccountNumber": null, "address1": null, "address2": null, "city": null, "state": null, "country": null,
        "amountToSpeak": 0, "dueDate": 0, "groupId": 0, "account": account, "callAttemptsToday": 0, "callAttemptsTotal": 0,
        "initialLoad": 0, "lastLoad": null, "createdDate": at, "modifiedDate": at
    });
    for (key, value) in fields.as_object().expect("fields") {
        assert!(c.get(key).is_some(), "a contact has no field {key}");
        match (key.as_str(), value) {
            ("person" | "guarantor", Value::Object(inner)) => {
                for (k, v) in inner {
                    c[key][k] = v.clone();
                }
            }
            _ => c[key] = value.clone(),
        }
    }
    c
}

/// Reads contact `account`; asserts 200 and answers `readContactDetails`.
pub fn read(s: &Session, account: &str) -> Value {
    let r = s.get(&format!("/contact/contacts/{account}"));
    assert_eq!(r.status, 200, "read {account}: {}", r.text);
    r.body["readContactDetails"].clone()
}

/// Creates `details`; asserts 201.
pub fn create(s: &Session, details: Value) -> String {
    let r = s.post("/contact/contacts/", &json!({"createContactDetails": details}));
    assert_eq!(r.status, 201, "create: {}", r.text);
    r.body["id"].as_str().expect("id").to_owned()
}

/// The document's Create Contact example.
fn create_example() -> Value {
    json!({
        "person": {"firstName": "James", "lastName": "22", "dateOfBirth": 621057600000_i64, "email": "example@liveox.com", "ssn": "123DonotChange", "zipCode": "560001"},
        "guarantor": {"firstName": "aa", "lastName": "bbb"},
        "phone": [{"phone": "6503517500", "ordinal": 1, "phoneBlock": "DAILY_OFF", "smsConsent": true, "cellConsent": true}],
        "customFields": [{"field": "COL1", "value": 123}],
        "account": "1234556", "active": true, "balance": 100.0, "accountBlock": "DAILY_OFF", "accountToSpeak": "123DonotChange",
        "originalAccountNumber": "oan123", "address1": "ABC", "address2": "XYZ", "city": "San Francisco", "state": "CA",
        "country": "UNITED_STATES_OF_AMERICA", "amountToSpeak": 100.0, "dueDate": 1641963600000_i64, "groupId": "12371",
        "primaryEmailConsent": true
    })
}

#[test]
fn the_documents_create_example_is_created_and_read_back() {
    let (_app, _tenant, s) = frozen_at(NOW);

    let r = s.post("/contact/contacts/", &json!({"createContactDetails": create_example()}));

    assert_eq!((r.status, r.body), (201, json!({"id": "1"})));
    let expected = read_shape(
        "1234556",
        NOW_MS,
        json!({
            "person": {"firstName": "James", "lastName": "22", "dateOfBirth": 621057600000_i64, "email": "example@liveox.com", "ssn": "123DonotChange", "zipCode": "560001"},
            "guarantor": {"firstName": "aa", "lastName": "bbb"},
            "phone": [{"phone": "6503517500", "ordinal": 1, "phoneBlock": "NONE"}],
            "customFields": [{"field": "COL1", "value": "123"}],
            "active": true, "balance": 100, "accountToSpeak": "123DonotChange", "originalAccountNumber": "oan123",
            "address1": "ABC", "address2": "XYZ", "city": "San Francisco", "state": "CA", "country": "UNITED_STATES_OF_AMERICA",
            "amountToSpeak": 100, "dueDate": 1641963600000_i64, "groupId": 12371
        }),
    );
    let r = s.get("/contact/contacts/1234556");
    assert_eq!((r.status, r.body), (200, json!({"readContactDetails": expected})));
}

#[test]
fn creating_an_account_that_exists_answers_202_and_changes_nothing() {
    let (_tenant, s) = sysadmin();
    create(&s, json!({"account": "1246583", "city": "Oakland"}));
    // The document's example (with the comma its text lacks after the account).
    let again = json!({"createContactDetails": {
        "account": "1246583", "active": "true", "balance": "1000.00", "accountBlock": "NONE", "originalAccountNumber": "987654",
        "city": "San Francisco", "state": "CA", "country": "UNITED_STATES_OF_AMERICA",
        "person": {"firstName": "john", "lastName": "doe"},
        "phone": [{"phone": "4085553593", "ordinal": "1", "phoneBlock": "NONE"}]
    }});

    let r = s.post("/contact/contacts/", &again);

    assert_eq!((r.status, r.body), (202, lv_error(202, "Contact already exists!")));
    assert_eq!(read(&s, "1246583")["city"], "Oakland");
    let other = s.post("/contact/contacts", &json!({"createContactDetails": {"account": "1246583 "}}));
    assert_eq!(other.status, 201, "accounts match exactly: {}", other.text);
}

#[test]
fn bad_create_bodies_are_400s_naming_the_field() {
    let (_tenant, s) = sysadmin();
    let cases = [
        (json!({}), "createContactDetails: is required"),
        (json!({"createContactDetails": {"city": "x"}}), "createContactDetails.account: is required"),
        (json!({"createContactDetails": {"account": "  "}}), "createContactDetails.account: is required"),
        (json!({"createContactDetails": []}), "createContactDetails: must be a JSON object"),
        (json!({"createContactDetails": {"account": "a", "active": 1}}), "createContactDetails.active: must be true or false"),
        (json!({"createContactDetails": {"account": "a", "frist": 1}}), "createContactDetails.frist: unknown field"),
        (
            json!({"createContactDetails": {"account": "a", "person": {"dateOfBirth": "1990-13-45"}}}),
            "createContactDetails.person.dateOfBirth: must be a date in epoch milliseconds (or CCYY-MM-DD)",
        ),
        (
            json!({"createContactDetails": {"account": "a", "accountBlock": "SOMETIMES"}}),
            "createContactDetails.accountBlock: must be one of DAILY, PERMANENT, NONE, BOTH, DAILY_OFF, PERMANENT_OFF",
        ),
        (
            json!({"createContactDetails": {"account": "a", "phone": [{"phone": "1"}]}}),
            "createContactDetails.phone[0].ordinal: is required",
        ),
        (json!({"contact": {}}), "contact: unknown field"),
    ];
    for (body, message) in cases {
        let r = s.post("/contact/contacts", &body);
        assert_eq!((r.status, r.body), (400, lv_error(400, message)), "{body}");
    }
    let r = s.get("/contact/contacts?offset=0&count=10");
    assert_eq!(r.body, json!({"listContactDetails": []}));
}

#[test]
fn an_update_changes_only_what_it_sends() {
    let (app, _tenant, s) = frozen_at(NOW);
    create(
        &s,
        json!({"account": "DOC1625198460001", "city": "Oakland", "title": "Dr", "phone": [{"phone": "4155550100", "ordinal": 2}],
        "customFields": [{"field": "COL2", "value": "kept"}]}),
    );
    put_json(&app.url("/__admin/clock"), &json!({"advance_seconds": 60}));
    // The document's example.
    let example = json!({"updateContactDetails": {
        "person": {"firstName": "Jame", "lastName": "222", "dateOfBirth": 621057600000_i64, "email": "example@liveox.com", "ssn": "1234DonotChange", "zipCode": "560002"},
        "guarantor": {"firstName": "aaa", "lastName": "bbab"},
        "phone": [{"phone": "6503517501", "ordinal": 1, "phoneBlock": "PERMANENT_OFF", "smsConsent": false, "cellConsent": false}],
        "customFields": [{"field": "COL1", "value": true}],
        "active": false, "balance": 101.0, "accountBlock": "PERMANENT_OFF", "accountToSpeak": "1234DonotChange",
        "originalAccountNumber": "oan1234", "address1": "ABC", "address2": "XYZ", "city": "San Francisco", "state": "CA",
        "country": "UNITED_STATES_OF_AMERICA", "amountToSpeak": 101.0, "dueDate": 1641963600000_i64, "groupId": "6460",
        "primaryEmailConsent": false
    }});

    let r = s.put("/contact/contacts/DOC1625198460001", &example);

    assert_eq!((r.status, r.text.as_str()), (204, ""));
    let mut expected = read_shape(
        "DOC1625198460001",
        NOW_MS,
        json!({
            "person": {"firstName": "Jame", "lastName": "222", "dateOfBirth": 621057600000_i64, "email": "example@liveox.com", "ssn": "1234DonotChange", "zipCode": "560002"},
            "guarantor": {"firstName": "aaa", "lastName": "bbab"},
            "phone": [{"phone": "6503517501", "ordinal": 1, "phoneBlock": "NONE"}, {"phone": "4155550100", "ordinal": 2, "phoneBlock": "NONE"}],
            "customFields": [{"field": "COL1", "value": "true"}, {"field": "COL2", "value": "kept"}],
            "balance": 101, "accountToSpeak": "1234DonotChange", "originalAccountNumber": "oan1234", "address1": "ABC",
            "address2": "XYZ", "city": "San Francisco", "state": "CA", "country": "UNITED_STATES_OF_AMERICA", "amountToSpeak": 101,
            "dueDate": 1641963600000_i64, "groupId": 6460
        }),
    );
    expected["modifiedDate"] = json!(NOW_MS + 60_000);
    assert_eq!(read(&s, "DOC1625198460001"), expected);

    let r = s.put(
        "/contact/contacts/DOC1625198460001",
        &json!({"updateContactDetails": {"city": null, "customFields": [{"field": "COL2", "value": null}]}}),
    );
    assert_eq!(r.status, 204, "{}", r.text);
    expected["customFields"] = json!([{"field": "COL1", "value": "true"}]);
    assert_eq!(read(&s, "DOC1625198460001"), expected, "null leaves a field as it is; a custom field's null clears it");
}

#[test]
fn updating_an_unknown_contact_is_the_documents_404() {
    let (_tenant, s) = sysadmin();
    // The document's example.
    let body = json!({"updateContactDetails": {"person": {"firstName": "mike", "lastName": "bonds"},
        "phone": [{"phone": "4565553748", "ordinal": "2", "phoneBlock": "DAILY"}]}});

    let r = s.put("/contact/contacts/1234567", &body);

    assert_eq!((r.status, r.body), (404, lv_error(203, "No Record Found")));
    let r = s.get("/contact/contacts/1234567");
    assert_eq!((r.status, r.body), (404, lv_error(203, "No Record Found")));
}

#[test]
fn an_update_renames_an_account_unless_another_contact_has_it() {
    let (_tenant, s) = sysadmin();
    create(&s, json!({"account": "OLD1"}));
    create(&s, json!({"account": "TAKEN"}));

    let taken = s.put("/contact/contacts/OLD1", &json!({"updateContactDetails": {"account": "TAKEN", "city": "Reno"}}));
    let renamed = s.put("/contact/contacts/OLD1", &json!({"updateContactDetails": {"account": "NEW1"}}));

    assert_eq!((taken.status, taken.body), (202, lv_error(202, "Contact already exists!")));
    assert_eq!(renamed.status, 204, "{}", renamed.text);
    assert_eq!(s.get("/contact/contacts/OLD1").status, 404);
    let new = read(&s, "NEW1");
    assert_eq!(
        (new["account"].clone(), new["accountToSpeak"].clone(), new["city"].clone()),
        (json!("NEW1"), json!("OLD1"), Value::Null)
    );
    let empty = s.put("/contact/contacts/NEW1", &json!({}));
    assert_eq!(empty.status, 204, "updateContactDetails is optional: {}", empty.text);
}

#[test]
fn a_deleted_contact_is_gone() {
    let (_tenant, s) = sysadmin();
    create(&s, json!({"account": "123456789"}));

    let r = s.delete("/contact/contacts/123456789");

    assert_eq!((r.status, r.text.as_str()), (204, ""));
    let again = s.delete("/contact/contacts/123456789");
    assert_eq!((again.status, again.body), (404, lv_error(203, "No Record Found")));
    assert_eq!(s.get("/contact/contacts/123456789").status, 404);
}

#[test]
fn the_list_pages_with_next_while_more_remain() {
    let (_tenant, s) = sysadmin();
    for account in ["C1", "C2", "C3"] {
        create(&s, json!({"account": account}));
    }
    let accounts = |r: &crate::helpers::Response| -> Vec<String> {
        assert_eq!(r.status, 200, "{}", r.text);
        r.body["listContactDetails"].as_array().unwrap().iter().map(|c| c["account"].as_str().unwrap().to_owned()).collect()
    };

    let first = s.get("/contact/contacts?offset=0&count=2");
    let last = s.get("/contact/contacts?count=2&offset=2");

    assert_eq!(
        (accounts(&first), first.body["next"].clone()),
        (vec!["C1".to_owned(), "C2".to_owned()], json!("contact/contacts?offset=2&count=2"))
    );
    assert_eq!((accounts(&last), last.body.get("next")), (vec!["C3".to_owned()], None));
    let keys: Vec<&String> = first.body.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["listContactDetails", "next"]);
    let all = s.get("/contact/contacts?offset=1&count=1000");
    assert_eq!((accounts(&all), all.body.get("next")), (vec!["C2".to_owned(), "C3".to_owned()], None));
    assert_eq!(accounts(&s.get("/contact/v6.0/contacts?offset=0&count=1")), ["C1"]);
}

#[test]
fn the_list_needs_count_and_offset() {
    let (_tenant, s) = sysadmin();
    let cases = [
        ("/contact/contacts", "count: is required"),
        ("/contact/contacts?count=10", "offset: is required"),
        ("/contact/contacts?count=0&offset=0", "count: must be an integer from 1 to 1000, not '0'"),
        ("/contact/contacts?count=1001&offset=0", "count: must be an integer from 1 to 1000, not '1001'"),
        ("/contact/contacts?count=ten&offset=0", "count: must be an integer from 1 to 1000, not 'ten'"),
        ("/contact/contacts?count=10&offset=-1", "offset: must be an integer from 0 to 9007199254740991, not '-1'"),
    ];
    for (path, message) in cases {
        let r = s.get(path);
        assert_eq!((r.status, r.body), (400, lv_error(400, message)), "{path}");
    }
}

#[test]
fn the_demo_list_starts_as_the_documents_example() {
    let tenant = TestTenant::demo();
    let s = LiveVox::of(&tenant).login("Manager");

    let r = s.get("/contact/contacts?offset=0&count=10");

    assert_eq!(r.status, 200, "{}", r.text);
    let listed = r.body["listContactDetails"].as_array().expect("listContactDetails");
    assert_eq!(listed.len(), 10);
    assert_eq!(
        listed[0],
        json!({
            "person": {"firstName": "Bruce", "lastName": "Banner", "dateOfBirth": null, "email": null, "ssn": null, "zipCode": null},
            "guarantor": {"firstName": null, "lastName": null},
            "phone": [], "customFields": null, "account": "101243", "active": true, "balance": 0, "accountBlock": "NONE",
            "accountToSpeak": "101243", "originalAccountNumber": "OrgAcctNum1", "address1": null, "address2": null, "city": null,
            "state": null, "country": null, "amountToSpeak": 0, "dueDate": 1506470400000_i64, "groupId": 0, "callAttemptsToday": 0,
            "callAttemptsTotal": 5, "initialLoad": 1508931850000_i64, "lastLoad": null, "createDate": 1501587068000_i64,
            "modifyDate": 1508931850000_i64
        })
    );
    assert_eq!(
        listed[1],
        json!({
            "person": {"firstName": "Agent", "lastName": "One", "dateOfBirth": 1187841600000_i64, "email": "abc@xyz.com", "ssn": "0095", "zipCode": null},
            "guarantor": {"firstName": "Gua", "lastName": "Tor"},
            "phone": [{"phone": "4158149720", "ordinal": 1, "phoneBlock": "PERMANENT"}, {"phone": "4042168962", "ordinal": 2, "phoneBlock": "NONE"}],
            "customFields": null, "account": "2222", "active": true, "balance": 100, "accountBlock": "NONE", "accountToSpeak": "2222",
            "originalAccountNumber": "ABC2222", "address1": "Route 66", "address2": null, "city": null, "state": "CA",
            "country": "UNITED_STATES_OF_AMERICA", "amountToSpeak": 100, "dueDate": 0, "groupId": 0, "callAttemptsToday": 0,
            "callAttemptsTotal": 8, "initialLoad": 0, "lastLoad": null, "createDate": 1500954412000_i64, "modifyDate": 1509550250000_i64
        })
    );
    assert_eq!(
        (listed[8]["account"].clone(), listed[8]["phone"].clone()),
        (json!("101242"), json!([{"phone": "6503517452", "ordinal": 1, "phoneBlock": "NONE"}]))
    );
    assert_eq!((listed[9]["account"].clone(), listed[9]["createDate"].clone()), (json!("4321"), json!(1505747625000_i64)));
    assert_eq!(r.body["next"], "contact/contacts?offset=10&count=10");
}

#[test]
fn arranged_contacts_carry_what_only_livevox_sets() {
    let (_app, tenant, s) = frozen_at(NOW);
    let ids = tenant.arrange(
        "livevox",
        "contacts",
        json!([
            {"id": 500, "account": "ARR1", "callAttemptsTotal": 7, "callAttemptsToday": 2, "initialLoad": 1504579232000_i64,
             "lastLoad": "1710237709000", "createDate": 1500000000000_i64, "modifyDate": 1600000000000_i64, "accountBlock": "BOTH",
             "phone": [{"phone": "6505550100", "ordinal": 2, "phoneBlock": "DAILY", "callAttemptsToday": 1}]},
            {"account": "ARR2"}
        ]),
    );

    assert_eq!(ids, [json!(500), json!(501)]);
    let expected = read_shape(
        "ARR1",
        1_500_000_000_000,
        json!({"accountBlock": "BOTH", "phone": [{"phone": "6505550100", "ordinal": 2, "phoneBlock": "DAILY"}], "callAttemptsToday": 2,
            "callAttemptsTotal": 7, "initialLoad": 1504579232000_i64, "lastLoad": 1710237709000_i64, "modifiedDate": 1600000000000_i64}),
    );
    assert_eq!(read(&s, "ARR1"), expected);
    assert_eq!(read(&s, "ARR2"), read_shape("ARR2", NOW_MS, json!({})));
    assert_eq!(create(&s, json!({"account": "API1"})), "502", "the API's ids continue after arranged ones");
    let cases = [
        (json!([{"account": "ARR1"}]), "record 0: account: ARR1 already exists"),
        (json!([{"account": "X", "frist": "y"}]), "record 0: frist: unknown field"),
        (json!([{"account": "X", "callAttemptsToday": -1}]), "record 0: callAttemptsToday: must be 0 to 2147483647"),
        (json!([{"account": "X"}, {"id": 500, "account": "Y"}]), "record 1: id: 500 already exists"),
        (json!([{"account": "X", "phone": [{"ordinal": 12}]}]), "record 0: phone[0].ordinal: must be 1 to 10"),
    ];
    for (records, message) in cases {
        let r = tenant.try_arrange("livevox", "contacts", records.clone());
        assert_eq!((r.status, r.body), (400, admin_error(400, message)), "{records}");
    }
    assert_eq!(s.get("/contact/contacts?offset=0&count=10").body["listContactDetails"].as_array().map(Vec::len), Some(3));
}

#[test]
fn a_snapshot_of_the_tenant_brings_its_contacts_back_and_reset_empties_them() {
    let tenant = TestTenant::new();
    let session = LiveVox::of(&tenant).login("Sysadmin");
    let create = json!({"createContactDetails": {"account": "SNAP1", "person": {"firstName": "Ada"}}});
    assert_eq!(session.post("/contact/contacts/", &create).status, 201);
    let name = format!("lv-{}", tenant.id);
    let r = crate::helpers::post_json(&format!("{}/__admin/snapshots", tenant.base), &json!({"name": name, "tenant": tenant.id}));
    assert!(r.status < 300, "{}", r.text);
    assert_eq!(session.delete("/contact/contacts/SNAP1").status, 204);
    assert_eq!(session.get("/contact/contacts/SNAP1").status, 404);
    let r = crate::helpers::send("POST", &format!("{}/__admin/snapshots/{name}/restore", tenant.base), &[], None);
    assert!(r.status < 300, "{}", r.text);
    let session = LiveVox::of(&tenant).login("Sysadmin");
    let r = session.get("/contact/contacts/SNAP1");
    assert_eq!((r.status, &r.body["readContactDetails"]["person"]["firstName"]), (200, &json!("Ada")));
    let r = crate::helpers::post_json(&format!("{}/__admin/reset", tenant.base), &json!({"tenant": tenant.id}));
    assert!(r.status < 300, "{}", r.text);
    let session = LiveVox::of(&tenant).login("Sysadmin");
    let r = session.get("/contact/contacts/SNAP1");
    assert_eq!((r.status, r.body), (404, json!({"code": 203, "message": "No Record Found"})));
}

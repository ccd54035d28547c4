//! Bulk Create Contact and Bulk Update Contact: the document's examples, one transaction per
//! request (one bad record writes nothing and the 400 names it), and hostile bodies (10,000
//! element arrays, wrong types, huge strings) answered 400 in LiveVox's shape with the server
//! alive.

use serde_json::{Value, json};

use super::contacts::{create, read, sysadmin};
use super::{Session, lv_error};
use crate::helpers::send;

/// The accounts listed, in order.
fn accounts(s: &Session) -> Vec<String> {
    let r = s.get("/contact/contacts?offset=0&count=1000");
    assert_eq!(r.status, 200, "{}", r.text);
    r.body["listContactDetails"].as_array().unwrap().iter().map(|c| c["account"].as_str().unwrap().to_owned()).collect()
}

fn bulk_create(s: &Session, records: Value) -> crate::helpers::Response {
    s.post("/contact/contacts/bulk", &json!({"createContactDetails": records}))
}

/// The document's Bulk Create Contact example.
fn example() -> Value {
    json!([
        {
            "person": {"firstName": "James", "lastName": "Bond", "dateOfBirth": "621057600000", "email": "example@liveox.com", "ssn": "A1234565", "zipCode": "10010"},
            "guarantor": {"firstName": "AAA", "lastName": "BBB"},
            "phone": [{"phone": "9437774229", "ordinal": 1, "phoneBlock": "DAILY", "smsConsent": true, "cellConsent": true}],
            "customFields": [{"field": "COL1", "value": 123}],
            "account": "Doc1", "active": true, "balance": 100.0, "accountBlock": "DAILY", "accountToSpeak": "X1234",
            "originalAccountNumber": "oan123", "address1": "St1", "address2": "ORR", "city": "San Francisco", "state": "CA",
            "country": "United States of America", "amountToSpeak": 100.0, "dueDate": 1641963600000_i64, "primaryEmailConsent": true,
            "department": "APIDEPT", "salutation": "Mr", "title": "Mr"
        },
        {"person": {"firstName": "Joe", "lastName": "Williams", "dateOfBirth": "621057600000", "email": "xyz@example.com", "ssn": "B123456", "zipCode": "10011"}, "account": "Doc2"},
        {"person": {"firstName": "Sally", "lastName": "Yam", "dateOfBirth": "621057600000", "email": "xyz1@example.com", "ssn": "c123456", "zipCode": "10011"},
         "account": "Doc3", "groupId": "83195", "primaryEmailConsent": true, "agentId": "657530671", "department": "APIDEPT"}
    ])
}

#[test]
fn the_documents_bulk_create_example_creates_three_contacts() {
    let (_tenant, s) = sysadmin();

    let r = s.send("POST", "/contact/contacts/bulk", Some(&json!({"createContactDetails": example()})));

    assert_eq!((r.status, r.body), (200, json!({"message": "Successfully updated contacts 3"})));
    assert_eq!(accounts(&s), ["Doc1", "Doc2", "Doc3"]);
    let doc1 = read(&s, "Doc1");
    assert_eq!(
        (doc1["accountBlock"].clone(), doc1["phone"].clone(), doc1["customFields"].clone(), doc1["accountToSpeak"].clone()),
        (
            json!("DAILY"),
            json!([{"phone": "9437774229", "ordinal": 1, "phoneBlock": "DAILY"}]),
            json!([{"field": "COL1", "value": "123"}]),
            json!("X1234")
        )
    );
    let doc3 = read(&s, "Doc3");
    assert_eq!((doc3["groupId"].clone(), doc3["person"]["dateOfBirth"].clone()), (json!(83195), json!(621057600000_i64)));
}

#[test]
fn accounts_that_exist_are_skipped_and_not_counted() {
    let (_tenant, s) = sysadmin();
    create(&s, json!({"account": "Doc1", "city": "Kept"}));

    let r =
        bulk_create(&s, json!([{"account": "Doc1", "city": "Lost"}, {"account": "Doc2"}, {"account": "Doc2", "city": "Second"}]));

    assert_eq!((r.status, r.body), (200, json!({"message": "Successfully updated contacts 1"})));
    assert_eq!(accounts(&s), ["Doc1", "Doc2"]);
    assert_eq!((read(&s, "Doc1")["city"].clone(), read(&s, "Doc2")["city"].clone()), (json!("Kept"), Value::Null));
}

#[test]
fn one_bad_record_writes_nothing_and_is_named_by_its_index() {
    let (_tenant, s) = sysadmin();
    let records = json!([{"account": "A1"}, {"account": "A2"}, {"account": "A3", "phone": [{"phone": "1", "ordinal": 11}]}, {"account": "A4"}]);

    let r = bulk_create(&s, records);

    assert_eq!((r.status, r.body), (400, lv_error(400, "createContactDetails[2].phone[0].ordinal: must be 1 to 10")));
    assert!(accounts(&s).is_empty());
}

#[test]
fn arrays_of_ten_thousand_elements_are_refused() {
    let (_tenant, s) = sysadmin();
    create(&s, json!({"account": "A1"}));
    let many = |entry: Value, n: usize| Value::Array(vec![entry; n]);
    let cases = [
        (
            "POST",
            "/contact/contacts/bulk",
            json!({"createContactDetails": [{"account": "A2", "phone": many(json!({"phone": "1", "ordinal": 1}), 10_000)}]}),
            "createContactDetails[0].phone: must hold at most 10 entries",
        ),
        (
            "POST",
            "/contact/contacts/bulk",
            json!({"createContactDetails": [{"account": "A2", "customFields": many(json!({"field": "COL1", "value": "x"}), 10_000)}]}),
            "createContactDetails[0].customFields: must hold at most 100 entries",
        ),
        (
            "POST",
            "/contact/contacts/bulk",
            json!({"createContactDetails": many(json!({"account": "A"}), 10_001)}),
            "createContactDetails: must hold at most 10000 entries",
        ),
        (
            "PUT",
            "/contact/contacts/bulk",
            json!({"updateContactDetails": many(json!({"account": "A1"}), 10_001)}),
            "updateContactDetails: must hold at most 10000 entries",
        ),
        (
            "PUT",
            "/contact/contacts/A1/dnd",
            json!({"updateContactDND": many(json!({"ordinal": 1}), 10_000)}),
            "updateContactDND: must hold at most 10 entries",
        ),
        (
            "POST",
            "/contact/contacts/dnd",
            json!({"contactDnd": many(json!({"account": "A1"}), 10_001)}),
            "contactDnd: must hold at most 10000 entries",
        ),
        (
            "PUT",
            "/contact/contacts/A1",
            json!({"updateContactDetails": {"phone": many(json!(1), 10_000)}}),
            "updateContactDetails.phone: must hold at most 10 entries",
        ),
    ];
    for (method, path, body, message) in cases {
        let r = s.send(method, path, Some(&body));
        assert_eq!((r.status, r.body), (400, lv_error(400, message)), "{method} {path}");
    }
    assert_eq!(accounts(&s), ["A1"]);
}

#[test]
fn values_of_the_wrong_type_are_400s_naming_the_field() {
    let (_tenant, s) = sysadmin();
    let cases = [
        (json!({"account": ["A"]}), "createContactDetails[0].account: must be a string"),
        (json!({"account": "A", "balance": {"amount": 1}}), "createContactDetails[0].balance: must be a number below 1e15"),
        (json!({"account": "A", "balance": "1,000"}), "createContactDetails[0].balance: must be a number below 1e15"),
        (json!({"account": "A", "active": "yes"}), "createContactDetails[0].active: must be true or false"),
        (json!({"account": "A", "person": "James"}), "createContactDetails[0].person: must be a JSON object"),
        (json!({"account": "A", "phone": {"phone": "1", "ordinal": 1}}), "createContactDetails[0].phone: must be an array"),
        (json!({"account": "A", "phone": ["6505551234"]}), "createContactDetails[0].phone[0]: must be a JSON object"),
        (
            json!({"account": "A", "phone": [{"phone": "1", "ordinal": 1.5}]}),
            "createContactDetails[0].phone[0].ordinal: must be an integer",
        ),
        (json!({"account": "A", "groupId": -1}), "createContactDetails[0].groupId: must be 0 to 9007199254740991"),
        (
            json!({"account": "A", "dueDate": true}),
            "createContactDetails[0].dueDate: must be a date in epoch milliseconds (or CCYY-MM-DD)",
        ),
        (
            json!({"account": "A", "customFields": [{"field": "COL1", "value": {"x": 1}}]}),
            "createContactDetails[0].customFields[0].value: must be a string",
        ),
        (
            json!({"account": "A", "customFields": [{"field": 1, "value": "x"}]}),
            "createContactDetails[0].customFields[0].field: must be one of COL1 to COL100",
        ),
        (json!("A"), "createContactDetails[0]: must be a JSON object"),
    ];
    for (record, message) in cases {
        let r = bulk_create(&s, json!([record]));
        assert_eq!((r.status, r.body), (400, lv_error(400, message)), "{record}");
    }
    let r = s.post("/contact/contacts/bulk", &json!({"createContactDetails": "all"}));
    assert_eq!((r.status, r.body), (400, lv_error(400, "createContactDetails: must be an array")));
    let r = s.post("/contact/contacts/bulk", &json!([]));
    assert_eq!((r.status, r.body), (400, lv_error(400, "(body): must be a JSON object")));
    assert!(accounts(&s).is_empty());
}

#[test]
fn huge_strings_are_refused_and_the_server_stays_up() {
    let (_tenant, s) = sysadmin();
    let huge = "x".repeat(1 << 20);
    let cases = [
        (json!({"account": "A", "city": huge}), "createContactDetails[0].city: must be at most 255 characters"),
        (json!({"account": "x".repeat(51)}), "createContactDetails[0].account: must be at most 50 characters"),
        (
            json!({"account": "A", "phone": [{"phone": "1".repeat(21), "ordinal": 1}]}),
            "createContactDetails[0].phone[0].phone: must be at most 20 characters",
        ),
        (
            json!({"account": "A", "customFields": [{"field": "COL100", "value": "é".repeat(256)}]}),
            "createContactDetails[0].customFields[0].value: must be at most 255 characters",
        ),
    ];
    for (record, message) in cases {
        let r = bulk_create(&s, json!([record]));
        assert_eq!((r.status, r.body), (400, lv_error(400, message)));
    }
    let at_the_cap = bulk_create(&s, json!([{"account": "A", "customFields": [{"field": "COL100", "value": "é".repeat(255)}]}]));
    assert_eq!(at_the_cap.status, 200, "{}", at_the_cap.text);
    let not_json = send(
        "POST",
        &format!("{}/contact/contacts/bulk", s.base),
        &[("LV-Session", &s.id)],
        Some(b"{\"createContactDetails\": ["),
    );
    assert_eq!((not_json.status, not_json.body["code"].clone()), (400, json!(400)), "{}", not_json.text);
    assert_eq!(accounts(&s), ["A"]);
}

/// The document's Bulk Update Contact example: ten records of one shape, by account.
fn update_example() -> Value {
    let accounts =
        ["account10", "account9", "account8", "account7", "account6", "account5", "account4", "account3", "kavita1234", "QAKY1"];
    let records: Vec<Value> = accounts
        .iter()
        .map(|account| {
            json!({
                "person": {"firstName": "James", "lastName": "22", "dateOfBirth": 621057600000_i64, "email": "kyargal@liveox.com", "ssn": "123DonotChange", "zipCode": "560001"},
                "guarantor": {"firstName": "aa", "lastName": "bbb"},
                "phone": [{"phone": "6503517500", "ordinal": 1, "phoneBlock": "PERMANENT", "smsConsent": true, "cellConsent": true}],
                "account": account, "active": true, "balance": 100.0, "accountBlock": "PERMANENT"
            })
        })
        .collect();
    json!({"updateContactDetails": records})
}

#[test]
fn the_documents_bulk_update_example_updates_the_accounts_that_exist() {
    let (_tenant, s) = sysadmin();
    create(&s, json!({"account": "account10", "city": "Kept", "phone": [{"phone": "4155550100", "ordinal": 2}]}));
    create(&s, json!({"account": "QAKY1"}));

    let r = s.put("/contact/contacts/bulk", &update_example());

    assert_eq!((r.status, r.text.as_str()), (204, ""));
    assert_eq!(accounts(&s), ["account10", "QAKY1"], "accounts that do not exist are not created");
    let updated = read(&s, "account10");
    assert_eq!(updated["accountBlock"], "PERMANENT");
    assert_eq!(updated["city"], "Kept");
    assert_eq!(updated["person"]["email"], "kyargal@liveox.com");
    assert_eq!(
        updated["phone"],
        json!([{"phone": "6503517500", "ordinal": 1, "phoneBlock": "PERMANENT"}, {"phone": "4155550100", "ordinal": 2, "phoneBlock": "NONE"}])
    );
    assert_eq!(read(&s, "QAKY1")["balance"], 100);
}

#[test]
fn a_bulk_update_names_contacts_by_id_and_is_all_or_nothing() {
    let (_tenant, s) = sysadmin();
    let id = create(&s, json!({"account": "B1"}));
    create(&s, json!({"account": "B2"}));

    let bad = s.put(
        "/contact/contacts/bulk",
        &json!({"updateContactDetails": [{"account": "B1", "city": "Lost"}, {"id": "x", "city": "y"}]}),
    );
    let taken = s.put(
        "/contact/contacts/bulk",
        &json!({"updateContactDetails": [{"account": "B2", "city": "Lost"}, {"id": id, "account": "B2"}]}),
    );
    let renamed = s.put(
        "/contact/contacts/bulk",
        &json!({"updateContactDetails": [{"id": id.parse::<i64>().unwrap(), "account": "B1-new", "city": "Reno"}]}),
    );

    assert_eq!((bad.status, bad.body), (400, lv_error(400, "updateContactDetails[1].id: must be an integer")));
    assert_eq!((taken.status, taken.body), (400, lv_error(400, "updateContactDetails[1].account: Contact already exists!")));
    assert_eq!(read(&s, "B2")["city"], Value::Null, "nothing of a refused request is written");
    assert_eq!(renamed.status, 204, "{}", renamed.text);
    assert_eq!(accounts(&s), ["B1-new", "B2"]);
    assert_eq!(read(&s, "B1-new")["city"], "Reno");
}

#[test]
fn ten_thousand_contacts_are_created_in_one_request() {
    let (_tenant, s) = sysadmin();
    let records: Vec<Value> = (0..10_000)
        .map(|i| json!({"account": format!("N{i:05}"), "person": {"lastName": "Bulk"}, "phone": [{"phone": "6505551234", "ordinal": 1}]}))
        .collect();

    let r = bulk_create(&s, Value::Array(records));

    assert_eq!((r.status, r.body), (200, json!({"message": "Successfully updated contacts 10000"})));
    let last = s.get("/contact/contacts?offset=9999&count=1000");
    let listed = &last.body["listContactDetails"];
    assert_eq!(
        (listed.as_array().map(Vec::len), listed[0]["account"].clone(), last.body.get("next")),
        (Some(1), json!("N09999"), None)
    );
}

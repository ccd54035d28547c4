//! DND through the API: every cell of the document's table (value sent × current status → new
//! status) for the account and for a phone, through Update Contact DND, Update Multiple
//! Contacts' DND, Update Contact and Bulk Update Contact; the document's 404 and `updated`
//! counts. The clock stands at noon UTC, so no daily DND ends during a test.

use serde_json::{Value, json};

use super::contacts::{NOW, create, frozen_at, read};
use super::{Session, lv_error};

/// The document's table: (value sent, current status, new status).
const TABLE: [(&str, &str, &str); 24] = [
    ("DAILY", "DAILY", "DAILY"),
    ("DAILY", "PERMANENT", "BOTH"),
    ("DAILY", "NONE", "DAILY"),
    ("DAILY", "BOTH", "BOTH"),
    ("PERMANENT", "DAILY", "BOTH"),
    ("PERMANENT", "PERMANENT", "PERMANENT"),
    ("PERMANENT", "NONE", "PERMANENT"),
    ("PERMANENT", "BOTH", "BOTH"),
    ("NONE", "DAILY", "NONE"),
    ("NONE", "PERMANENT", "NONE"),
    ("NONE", "NONE", "NONE"),
    ("NONE", "BOTH", "NONE"),
    ("BOTH", "DAILY", "BOTH"),
    ("BOTH", "PERMANENT", "BOTH"),
    ("BOTH", "NONE", "BOTH"),
    ("BOTH", "BOTH", "BOTH"),
    ("DAILY_OFF", "DAILY", "NONE"),
    ("DAILY_OFF", "PERMANENT", "PERMANENT"),
    ("DAILY_OFF", "NONE", "NONE"),
    ("DAILY_OFF", "BOTH", "PERMANENT"),
    ("PERMANENT_OFF", "DAILY", "DAILY"),
    ("PERMANENT_OFF", "PERMANENT", "NONE"),
    ("PERMANENT_OFF", "NONE", "NONE"),
    ("PERMANENT_OFF", "BOTH", "DAILY"),
];

/// The account of cell `i`.
fn account(i: usize) -> String {
    format!("CELL{i:02}")
}

/// Phone 3 of a contact as Read Contact lists it.
fn phone3(block: &str) -> Value {
    json!([{"phone": "6505550103", "ordinal": 3, "phoneBlock": block}])
}

/// A contact per cell, its account and/or its phone 3 in the cell's current status (checked).
fn arrange_cells(s: &Session, account_block: bool, phone_block: bool) {
    for (i, (_, current, _)) in TABLE.iter().enumerate() {
        let mut details = json!({"account": account(i)});
        if account_block {
            details["accountBlock"] = json!(current);
        }
        if phone_block {
            details["phone"] = json!([{"phone": "6505550103", "ordinal": 3, "phoneBlock": current}]);
        }
        create(s, details);
        let c = read(s, &account(i));
        assert_eq!(c["accountBlock"], if account_block { *current } else { "NONE" }, "cell {i} starts {current}");
        if phone_block {
            assert_eq!(c["phone"], phone3(current), "cell {i} starts {current}");
        }
    }
}

/// What each cell's contact reads, against what the table says.
fn outcomes(read_block: impl Fn(usize) -> Value) -> (Vec<Value>, Vec<Value>) {
    let got = (0..TABLE.len()).map(&read_block).collect();
    let want = TABLE.iter().map(|(sent, current, new)| json!([sent, current, new])).collect();
    (got, want)
}

#[test]
fn every_cell_of_the_table_for_the_account_through_update_contact_dnd() {
    let (_app, _tenant, s) = frozen_at(NOW);
    arrange_cells(&s, true, false);

    for (i, (sent, _, _)) in TABLE.iter().enumerate() {
        let r = s.put(&format!("/contact/contacts/{}/dnd", account(i)), &json!({"accountBlock": sent}));
        assert_eq!((r.status, r.text.as_str()), (204, ""), "cell {i}");
    }

    let (got, want) = outcomes(|i| json!([TABLE[i].0, TABLE[i].1, read(&s, &account(i))["accountBlock"]]));
    assert_eq!(got, want);
}

#[test]
fn every_cell_of_the_table_for_a_phone_through_update_multiple_contacts_dnd() {
    let (_app, _tenant, s) = frozen_at(NOW);
    arrange_cells(&s, false, true);
    let entries: Vec<Value> = TABLE
        .iter()
        .enumerate()
        .map(|(i, (sent, _, _))| json!({"account": account(i), "updateContactDND": [{"phone": "6505550103", "ordinal": "3", "phoneBlock": sent}]}))
        .collect();

    let r = s.post("/contact/contacts/dnd", &json!({"contactDnd": entries}));

    assert_eq!((r.status, r.body), (200, json!({"updated": 24})));
    let (got, want) = outcomes(|i| json!([TABLE[i].0, TABLE[i].1, read(&s, &account(i))["phone"][0]["phoneBlock"]]));
    assert_eq!(got, want);
    assert_eq!(read(&s, &account(0))["accountBlock"], "NONE", "a phone's DND is its own");
}

#[test]
fn every_cell_for_a_phone_through_update_contact_dnd_and_for_the_account_through_the_bulk_update() {
    let (_app, _tenant, s) = frozen_at(NOW);
    arrange_cells(&s, true, true);

    for (i, (sent, _, _)) in TABLE.iter().enumerate() {
        let body = json!({"updateContactDND": [{"phone": "6505550103", "ordinal": 3, "phoneBlock": sent}]});
        assert_eq!(s.put(&format!("/contact/contacts/{}/dnd", account(i)), &body).status, 204, "cell {i}");
    }
    let records: Vec<Value> =
        TABLE.iter().enumerate().map(|(i, (sent, _, _))| json!({"account": account(i), "accountBlock": sent})).collect();
    let r = s.put("/contact/contacts/bulk", &json!({"updateContactDetails": records}));

    assert_eq!(r.status, 204, "{}", r.text);
    let (got, want) = outcomes(|i| json!([TABLE[i].0, TABLE[i].1, read(&s, &account(i))["phone"][0]["phoneBlock"]]));
    assert_eq!(got, want, "phones");
    let (got, want) = outcomes(|i| json!([TABLE[i].0, TABLE[i].1, read(&s, &account(i))["accountBlock"]]));
    assert_eq!(got, want, "accounts");
}

#[test]
fn every_cell_through_update_contact_for_the_account_and_a_phone() {
    let (_app, _tenant, s) = frozen_at(NOW);
    arrange_cells(&s, true, true);

    for (i, (sent, _, _)) in TABLE.iter().enumerate() {
        let body = json!({"updateContactDetails": {"accountBlock": sent, "phone": [{"ordinal": 3, "phoneBlock": sent}]}});
        assert_eq!(s.put(&format!("/contact/contacts/{}", account(i)), &body).status, 204, "cell {i}");
    }

    let (got, want) = outcomes(|i| {
        let c = read(&s, &account(i));
        assert_eq!(c["phone"][0]["phoneBlock"], c["accountBlock"], "cell {i}");
        json!([TABLE[i].0, TABLE[i].1, c["accountBlock"]])
    });
    assert_eq!(got, want);
}

#[test]
fn a_dnd_update_changes_only_the_dnd() {
    let (_app, _tenant, s) = frozen_at(NOW);
    create(&s, json!({"account": "DOC1625198460001", "city": "Reno", "phone": [{"phone": "6505550000", "ordinal": 1}]}));
    let before = read(&s, "DOC1625198460001");

    // The document's example.
    let body = json!({"updateContactDND": [{"phone": "6505551234", "ordinal": 1, "phoneBlock": "BOTH", "smsConsent": true, "cellConsent": true}]});
    let r = s.put("/contact/contacts/DOC1625198460001/dnd", &body);

    assert_eq!((r.status, r.text.as_str()), (204, ""));
    let mut expected = before;
    expected["phone"] = json!([{"phone": "6505550000", "ordinal": 1, "phoneBlock": "BOTH"}]);
    assert_eq!(read(&s, "DOC1625198460001"), expected);
}

#[test]
fn dnd_updates_of_unknown_accounts_are_the_documents_answers() {
    let (_app, _tenant, s) = frozen_at(NOW);
    create(&s, json!({"account": "31576555260000"}));
    create(&s, json!({"account": "2q1578628860000", "phone": [{"phone": "4565553748", "ordinal": 1}]}));

    let unknown = s.put(
        "/contact/contacts/5555555/dnd",
        &json!({"updateContactDND": [{"phone": "4085550384", "ordinal": "1", "phoneBlock": "DAILY"}]}),
    );
    let none = s.post(
        "/contact/contacts/dnd",
        &json!({"contactDnd": [{"account": "nyts0", "accountBlock": "NONE",
        "updateContactDND": [{"phone": "4565553748", "ordinal": "1", "phoneBlock": "DAILY"}]}]}),
    );
    let two = s.post("/contact/contacts/dnd", &json!({"contactDnd": [
        {"account": "31576555260000", "accountBlock": "DAILY", "updateContactDND": [
            {"phone": "4565553748", "ordinal": "1", "phoneBlock": "NONE"},
            {"phone": "9133333331", "ordinal": "2", "phoneBlock": "NONE"},
            {"phone": "9133342342", "ordinal": "3", "phoneBlock": "NONE"}]},
        {"account": "2q1578628860000", "accountBlock": "NONE", "updateContactDND": [{"phone": "4565553748", "ordinal": "1", "phoneBlock": "DAILY"}]},
        {"account": "nyts0", "accountBlock": "BOTH"}
    ]}));

    assert_eq!((unknown.status, unknown.body), (404, lv_error(203, "No Record Found")));
    assert_eq!((none.status, none.body), (200, json!({"updated": 0})));
    assert_eq!((two.status, two.body), (200, json!({"updated": 2})));
    assert_eq!(read(&s, "31576555260000")["accountBlock"], "DAILY");
    assert_eq!(read(&s, "2q1578628860000")["phone"], json!([{"phone": "4565553748", "ordinal": 1, "phoneBlock": "DAILY"}]));
    let bad = s.post("/contact/contacts/dnd", &json!({"contactDnd": [{"account": "2q1578628860000", "accountBlock": "PERMANENT"}, {"account": "x", "accountBlock": "ALWAYS"}]}));
    assert_eq!(
        (bad.status, bad.body),
        (400, lv_error(400, "contactDnd[1].accountBlock: must be one of DAILY, PERMANENT, NONE, BOTH, DAILY_OFF, PERMANENT_OFF"))
    );
    assert_eq!(read(&s, "2q1578628860000")["accountBlock"], "NONE", "a refused request changes nothing");
}

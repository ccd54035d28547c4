//! List Accounts Associated with the Contact: `listAccounts` sorted by name, `count`/`offset`
//! with `next`, the contact named by its account or id, every documented field.

use serde_json::{Value, json};

use super::{LiveVox, lv_error};
use crate::helpers::TestTenant;

fn demo_account(file_index: usize) -> Value {
    let text = include_str!("../../../seed-data/livevox/accounts.json");
    let mut record: Value = serde_json::from_str::<Value>(text).unwrap()[file_index].clone();
    record.as_object_mut().unwrap().remove("contactAccount");
    record
}

#[test]
fn the_demo_lists_the_documents_accounts_with_every_field() {
    let session = LiveVox::of(&TestTenant::demo()).login("Manager");
    let r = session.get("/contact/contacts/qa123/accounts?offset=0&count=2");
    assert_eq!((r.status, r.body), (200, json!({"listAccounts": [demo_account(0), demo_account(1)]})));
    let r = session.get("/contact/contacts/qa123/accounts?offset=0&count=1");
    assert_eq!(
        (r.status, r.body),
        (200, json!({"next": "contact/contacts/qa123/accounts?offset=1&count=1", "listAccounts": [demo_account(0)]}))
    );
}

#[test]
fn accounts_are_sorted_by_name_and_paged() {
    let tenant = TestTenant::new();
    let contacts = tenant.arrange("livevox", "contacts", json!([{"account": "A1"}, {"account": "B2"}]));
    tenant.arrange(
        "livevox",
        "accounts",
        json!([
            {"contactAccount": "A1", "name": "Zeta", "createdDate": 5, "modifiedDate": 6},
            {"contactAccount": "A1", "name": "Alpha", "createdDate": 5},
            {"contactAccount": "B2", "name": "Other"},
            {"contactAccount": "A1", "name": "Mid", "createdDate": 5, "createdBy": "apiSysAdmin", "customFields": [{"field": "COL1", "value": "15"}]},
        ]),
    );
    let session = LiveVox::of(&tenant).login("Superuser");
    let account = |id: i64, name: &str, modified: i64| json!({"name": name, "customFields": [], "id": id, "createdDate": 5, "modifiedDate": modified});

    let r = session.get("/contact/contacts/A1/accounts?count=2&offset=0");
    let mut mid = account(4, "Mid", 5);
    mid["customFields"] = json!([{"field": "COL1", "value": "15"}]);
    mid.as_object_mut().unwrap().insert("createdBy".into(), json!("apiSysAdmin"));
    let expected =
        json!({"next": "contact/contacts/A1/accounts?offset=2&count=2", "listAccounts": [account(2, "Alpha", 5), mid]});
    assert_eq!((r.status, r.body), (200, expected));
    let by_id = format!("/contact/v6.0/contacts/{}/accounts?count=2&offset=2", contacts[0]);
    let r = session.get(&by_id);
    assert_eq!((r.status, r.body), (200, json!({"listAccounts": [account(1, "Zeta", 6)]})), "the contact's id names it too");
}

#[test]
fn an_unknown_contact_is_the_documents_404_and_paging_is_required() {
    let tenant = TestTenant::new();
    tenant.arrange("livevox", "contacts", json!([{"account": "A1"}]));
    let session = LiveVox::of(&tenant).login("Manager");
    let r = session.get("/contact/contacts/nobody/accounts?count=1&offset=0");
    assert_eq!((r.status, r.body), (404, json!({"code": 203, "message": "No Record Found"})));
    let r = session.get("/contact/contacts/A1/accounts?count=1&offset=0");
    assert_eq!((r.status, r.body), (200, json!({"listAccounts": []})));
    let r = session.get("/contact/contacts/A1/accounts");
    assert_eq!((r.status, r.body), (400, lv_error(400, "count: is required")));
}

#[test]
fn arranging_an_account_needs_its_contact_and_names_bad_fields() {
    let tenant = TestTenant::new();
    tenant.arrange("livevox", "contacts", json!([{"account": "A1"}]));
    for (record, message) in [
        (json!({"name": "X"}), "record 0: contactAccount: is required (the account of the contact)"),
        (json!({"contactAccount": "nobody", "name": "X"}), "record 0: contactAccount: no contact has the account 'nobody'"),
        (json!({"contactAccount": "A1", "name": " "}), "record 0: name: is required"),
        (
            json!({"contactAccount": "A1", "name": "X", "annualRevenue": "lots"}),
            "record 0: annualRevenue: invalid type: string \"lots\", expected i64",
        ),
    ] {
        let r = tenant.try_arrange("livevox", "accounts", json!([record]));
        assert_eq!((r.status, r.body["message"].clone()), (400, json!(message)), "{record}");
    }
    let r = tenant.try_arrange("livevox", "accounts", json!([{"contactAccount": "A1", "name": "X", "industri": "y"}]));
    assert_eq!(r.status, 400);
    assert!(r.body["message"].as_str().unwrap().starts_with("record 0: industri: unknown field"), "{}", r.text);
}

//! Contact Notes: list (`listContactNotes`, newest first) and read; arranged through the admin
//! API only; an unknown account or note is the document's 404.

use serde_json::{Value, json};

use super::LiveVox;
use crate::helpers::TestTenant;

fn no_record() -> Value {
    json!({"code": 203, "message": "No Record Found"})
}

#[test]
fn the_demo_has_the_documents_notes() {
    let session = LiveVox::of(&TestTenant::demo()).login("Manager");
    let r = session.get("/contact/contacts/123456/notes/");
    let expected = json!({"listContactNotes": [
        {"id": 1489384, "note": "LV_SH1: Contact was hostile"},
        {"id": 234567, "note": "Do not accept check payments from this account."},
    ]});
    assert_eq!((r.status, r.body), (200, expected));
    let r = session.get("/contact/contacts/123456/notes/1489384");
    let expected = json!({
        "id": 1489384, "note": "LV_SH1: Contact was hostile", "transactionId": 5534420908_i64,
        "sessionId": "U1FF238B4736@10.201.17.196", "createDate": 1502285778000_i64, "modifiedDate": 1502285778000_i64,
    });
    assert_eq!((r.status, r.body), (200, expected));
}

#[test]
fn notes_are_listed_newest_first_and_read_only_under_their_own_contact() {
    let tenant = TestTenant::new();
    tenant.arrange("livevox", "contacts", json!([{"account": "A1"}, {"account": "B2"}]));
    let ids = tenant.arrange(
        "livevox",
        "notes",
        json!([
            {"account": "A1", "note": "first", "createDate": 1000},
            {"account": "A1", "note": "second", "createDate": "2000", "modifiedDate": 3000},
            {"account": "B2", "note": "other"},
        ]),
    );
    assert_eq!(ids, [json!(1), json!(2), json!(3)]);
    let session = LiveVox::of(&tenant).login("Sysadmin");

    let r = session.get("/contact/contacts/A1/notes");
    assert_eq!((r.status, r.body), (200, json!({"listContactNotes": [{"id": 2, "note": "second"}, {"id": 1, "note": "first"}]})));
    let r = session.get("/contact/v6.0/contacts/A1/notes/2");
    let expected =
        json!({"id": 2, "note": "second", "transactionId": null, "sessionId": null, "createDate": 2000, "modifiedDate": 3000});
    assert_eq!((r.status, r.body), (200, expected));
    for path in [
        "/contact/contacts/A1/notes/3",
        "/contact/contacts/A1/notes/99",
        "/contact/contacts/A1/notes/x",
        "/contact/contacts/a1/notes",
        "/contact/contacts/nobody/notes/1",
    ] {
        let r = session.get(path);
        assert_eq!((r.status, r.body), (404, no_record()), "{path}");
    }
}

#[test]
fn a_contact_without_notes_lists_none() {
    let tenant = TestTenant::new();
    tenant.arrange("livevox", "contacts", json!([{"account": "A1"}]));
    let r = LiveVox::of(&tenant).login("Manager").get("/contact/contacts/A1/notes");
    assert_eq!((r.status, r.body), (200, json!({"listContactNotes": []})));
}

#[test]
fn arranging_a_note_needs_its_contact_and_a_text() {
    let tenant = TestTenant::new();
    let r = tenant.try_arrange("livevox", "notes", json!([{"account": "nobody", "note": "x"}]));
    assert_eq!((r.status, r.body["message"].clone()), (400, json!("record 0: account: no contact has the account 'nobody'")));
    tenant.arrange("livevox", "contacts", json!([{"account": "A1"}]));
    let r = tenant.try_arrange("livevox", "notes", json!([{"account": "A1", "note": ""}]));
    assert_eq!((r.status, r.body["message"].clone()), (400, json!("record 0: note: must be 1 to 4000 characters")));
}

//! Contact Groups: create (201 `{"id"}`), list (`contactGroup`, `next` while more remain),
//! read, update (204) and the document's 404 with code 203; the demo's groups.

use serde_json::{Value, json};

use super::{LiveVox, lv_error};
use crate::helpers::{TestApp, TestTenant, put_json, spawn_app};

fn group_not_found(id: &str) -> Value {
    json!({"code": 203, "message": format!("Contact group with {id} not found")})
}

fn freeze(app: &TestApp, now: &str) {
    assert_eq!(put_json(&app.url("/__admin/clock"), &json!({"now": now, "frozen": true})).status, 200);
}

#[test]
fn a_created_group_is_read_back_with_its_creator_and_the_emulators_time() {
    let app = spawn_app();
    freeze(&app, "2024-05-01T10:00:00Z");
    let lv = LiveVox::of(&app.new_tenant());
    let session = lv.login("Superuser");
    let (_, user, _) = lv.user("Superuser");

    let r = session.post("/contact/contactGroups", &json!({"name": "Client BOA"}));
    assert_eq!((r.status, r.body), (201, json!({"id": 1})));

    let r = session.get("/contact/contactGroups/1");
    let at = 1_714_557_600_000_i64;
    let expected =
        json!({"id": 1, "name": "Client BOA", "createdBy": user, "modifiedBy": user, "createdAt": at, "modifiedAt": at});
    assert_eq!((r.status, r.body), (200, expected));
}

#[test]
fn an_update_renames_the_group_and_stamps_who_and_when() {
    let app = spawn_app();
    freeze(&app, "2024-05-01T10:00:00Z");
    let tenant = app.new_tenant();
    tenant.arrange(
        "livevox",
        "groups",
        json!([{"id": 1234567, "name": "BOA Group", "createdBy": "LiveVox\\Park, Peter", "createdAt": 1427119248000_i64}]),
    );
    let lv = LiveVox::of(&tenant);
    let session = lv.login("Sysadmin");
    freeze(&app, "2024-05-01T11:00:00Z");

    let r = session.put("/contact/contactGroups/1234567", &json!({"name": "BOA Group Agents"}));
    assert_eq!((r.status, r.text.as_str()), (204, ""));

    let (_, user, _) = lv.user("Sysadmin");
    let r = session.get("/contact/contactGroups/1234567");
    let expected = json!({
        "id": 1234567, "name": "BOA Group Agents", "createdBy": "LiveVox\\Park, Peter", "modifiedBy": user,
        "createdAt": 1427119248000_i64, "modifiedAt": 1_714_561_200_000_i64,
    });
    assert_eq!((r.status, r.body), (200, expected));
}

#[test]
fn an_unknown_group_is_a_404_with_code_203_naming_it() {
    let lv = LiveVox::of(&TestTenant::new());
    let session = lv.login("Sysadmin");
    let r = session.put("/contact/contactGroups/1234567353", &json!({"name": "BOA Group Agents"}));
    assert_eq!((r.status, r.body), (404, group_not_found("1234567353")));
    let r = session.get("/contact/contactGroups/22007");
    assert_eq!((r.status, r.body), (404, group_not_found("22007")));
    let r = session.get("/contact/contactGroups/abc");
    assert_eq!((r.status, r.body), (404, group_not_found("abc")));
}

#[test]
fn a_group_name_is_required_and_capped() {
    let lv = LiveVox::of(&TestTenant::new());
    let session = lv.login("Sysadmin");
    for (body, message) in [
        (json!({}), "name: is required"),
        (json!({"name": "  "}), "name: is required"),
        (json!({"name": 7}), "name: must be a string"),
        (json!({"name": "x".repeat(256)}), "name: must be at most 255 characters"),
        (json!({"name": "x".repeat(1024 * 1024)}), "name: must be at most 255 characters"),
        (json!({"name": vec!["x"; 10_000]}), "name: must be a string"),
        (json!([{"name": "x"}]), "The request body must be a JSON object"),
    ] {
        let r = session.post("/contact/contactGroups", &body);
        assert_eq!((r.status, r.body), (400, lv_error(400, message)), "{body}");
    }
    let r = session.send("POST", "/contact/contactGroups", None);
    assert_eq!((r.status, r.body), (400, lv_error(400, "The request body is empty: a JSON object is expected")));
    let r = session.get("/contact/contactGroups?count=10&offset=0");
    assert_eq!(r.body, json!({"contactGroup": []}), "nothing was created");
}

#[test]
fn the_list_pages_by_id_with_a_next_uri_while_more_remain() {
    let tenant = TestTenant::new();
    let names = ["A", "B", "C"];
    tenant.arrange(
        "livevox",
        "groups",
        json!(
            names
                .iter()
                .enumerate()
                .map(|(i, n)| json!({"id": 10 - i, "name": n, "createdAt": 1000, "modifiedAt": 2000}))
                .collect::<Vec<_>>()
        ),
    );
    let session = LiveVox::of(&tenant).login("Manager");
    let group = |id: i64, name: &str| json!({"id": id, "name": name, "createdAt": 1000, "modifiedAt": 2000});

    let r = session.get("/contact/contactGroups?count=2&offset=0");
    assert_eq!(
        (r.status, r.body),
        (200, json!({"contactGroup": [group(8, "C"), group(9, "B")], "next": "contact/contactGroups/?offset=2&count=2"}))
    );
    let r = session.get("/contact/contactGroups?offset=2&count=2");
    assert_eq!((r.status, r.body), (200, json!({"contactGroup": [group(10, "A")]})));
    let r = session.get("/contact/v6.0/contactGroups/?count=1000&offset=3");
    assert_eq!((r.status, r.body), (200, json!({"contactGroup": []})));
}

#[test]
fn count_and_offset_are_required_and_count_is_capped_at_1000() {
    let session = LiveVox::of(&TestTenant::new()).login("Manager");
    for (query, message) in [
        ("", "count: is required"),
        ("?count=10", "offset: is required"),
        ("?count=1001&offset=0", "count: must be an integer from 1 to 1000, not '1001'"),
        ("?count=0&offset=0", "count: must be an integer from 1 to 1000, not '0'"),
        ("?count=10&offset=x", "offset: must be an integer from 0 to 9007199254740991, not 'x'"),
    ] {
        let r = session.get(&format!("/contact/contactGroups{query}"));
        assert_eq!((r.status, r.body), (400, lv_error(400, message)), "{query}");
    }
}

#[test]
fn the_demo_has_the_documents_groups() {
    let session = LiveVox::of(&TestTenant::demo()).login("Manager");
    let r = session.get("/contact/contactGroups/2200");
    let expected = json!({
        "id": 2200, "name": "Client BOA", "createdBy": "Product Management\\Simpson, Homer",
        "modifiedBy": "Product Management\\Strong, Man", "createdAt": 1509551523000_i64, "modifiedAt": 1509551523000_i64,
    });
    assert_eq!((r.status, r.body), (200, expected));
    let r = session.get("/contact/contactGroups?count=2&offset=0");
    let ids: Vec<Value> = r.body["contactGroup"].as_array().unwrap().iter().map(|g| g["id"].clone()).collect();
    assert_eq!((ids, r.body["next"].clone()), (vec![json!(1120), json!(2000)], json!("contact/contactGroups/?offset=2&count=2")));
}

#[test]
fn arranging_a_group_names_the_field_at_fault() {
    let tenant = TestTenant::new();
    let r = tenant.try_arrange("livevox", "groups", json!([{"name": "A"}, {"name": "B", "nmae": "C"}]));
    assert_eq!(r.status, 400);
    assert_eq!(r.body["message"].as_str().map(|m| m.starts_with("record 1: nmae: unknown field")), Some(true), "{}", r.text);
    let r = tenant.try_arrange("livevox", "groups", json!([{"name": ""}]));
    assert_eq!((r.status, r.body["message"].clone()), (400, json!("record 0: name: is required")));
    let r = tenant.try_arrange("livevox", "groups", json!([{"name": "A", "createdAt": "soon"}]));
    assert_eq!((r.status, r.body["message"].clone()), (400, json!("record 0: createdAt: must be epoch milliseconds")));
}

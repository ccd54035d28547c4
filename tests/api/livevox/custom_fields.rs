//! Custom Field: list, read by COL name, update of labels, data types and list values (NUMBER
//! by default, list values only for LIST, a full replace), never touching the values.

use serde_json::json;

use super::{LiveVox, lv_error};
use crate::helpers::TestTenant;

#[test]
fn the_demo_lists_the_documents_fields_by_column() {
    let session = LiveVox::of(&TestTenant::demo()).login("IT User");
    let r = session.get("/contact/contacts/customFields");
    let expected = json!({"customFields": [
        {"field": "COL8", "label": "Phone 1 Status Description", "dataType": "STRING"},
        {"field": "COL9", "label": "Company", "dataType": "STRING"},
        {"field": "COL24", "label": "Score Type", "dataType": "NUMBER"},
        {"field": "COL25", "label": "Last Agent Routing", "dataType": "STRING"},
        {"field": "COL30", "label": "Test", "dataType": "LIST", "listValues": ["blue", "green", "red"]},
    ]});
    assert_eq!((r.status, r.body), (200, expected));
    let r = session.get("/contact/contacts/customFields/COL30");
    assert_eq!(
        (r.status, r.body),
        (200, json!({"field": "COL30", "label": "Test", "dataType": "LIST", "listValues": ["blue", "green", "red"]}))
    );
}

#[test]
fn a_new_tenant_has_no_fields_and_an_undefined_one_is_not_found() {
    let session = LiveVox::of(&TestTenant::new()).login("Manager");
    let r = session.get("/contact/contacts/customFields");
    assert_eq!((r.status, r.body), (200, json!({"customFields": []})));
    let r = session.get("/contact/contacts/customFields/COL7");
    assert_eq!((r.status, r.body), (404, json!({"code": 203, "message": "No Record Found"})));
    for field in ["COL0", "COL101", "Company"] {
        let r = session.get(&format!("/contact/contacts/customFields/{field}"));
        let message = format!("field: '{field}' is not one of COL1 to COL100");
        assert_eq!((r.status, r.body), (400, lv_error(400, &message)), "{field}");
    }
}

#[test]
fn an_update_sets_labels_types_and_list_values_with_number_by_default() {
    let tenant = TestTenant::new();
    let lv = LiveVox::of(&tenant);
    let session = lv.login("IT User");
    let r = session.put(
        "/contact/contacts/customFields",
        &json!({"customFields": [
            {"field": "COL11", "label": "Balance Due After Date"},
            {"field": "col30", "label": "Colour", "dataType": "LIST", "listValues": ["blue", "green", "red"]},
        ]}),
    );
    assert_eq!((r.status, r.text.as_str()), (204, ""));
    let r = session.put(
        "/contact/contacts/customFields",
        &json!({"customFields": [{"field": "COL30", "label": "Color", "dataType": "LIST", "listValues": ["red"]}]}),
    );
    assert_eq!(r.status, 204);

    let r = session.get("/contact/contacts/customFields");
    let expected = json!({"customFields": [
        {"field": "COL11", "label": "Balance Due After Date", "dataType": "NUMBER"},
        {"field": "COL30", "label": "Color", "dataType": "LIST", "listValues": ["red"]},
    ]});
    assert_eq!((r.status, r.body), (200, expected), "list values are replaced whole");

    let r = session.put(
        "/contact/contacts/customFields",
        &json!({"customFields": [{"field": "COL30", "label": "Colour", "dataType": "LIST"}]}),
    );
    assert_eq!(r.status, 204);
    let r = session.get("/contact/contacts/customFields/COL30");
    assert_eq!(
        r.body,
        json!({"field": "COL30", "label": "Colour", "dataType": "LIST", "listValues": ["red"]}),
        "kept when not sent"
    );
    let r = session.put(
        "/contact/contacts/customFields",
        &json!({"customFields": [{"field": "COL30", "label": "Colour", "dataType": "STRING"}]}),
    );
    assert_eq!(r.status, 204);
    let r = session.get("/contact/contacts/customFields/COL30");
    assert_eq!(r.body, json!({"field": "COL30", "label": "Colour", "dataType": "STRING"}), "only LIST fields have values");
}

#[test]
fn a_bad_entry_is_a_400_naming_it_and_nothing_is_written() {
    let session = LiveVox::of(&TestTenant::new()).login("Sysadmin");
    for (body, message) in [
        (json!({}), "customFields: is required"),
        (
            json!({"customFields": [{"field": "COL1", "label": "A"}, {"field": "COL1O", "label": "B"}]}),
            "customFields[1].field: 'COL1O' is not one of COL1 to COL100",
        ),
        (json!({"customFields": [{"field": "COL1", "label": "A"}, {"field": "COL2"}]}), "customFields[1].label: is required"),
        (
            json!({"customFields": [{"field": "COL1", "label": "A", "dataType": "MONEY"}]}),
            "customFields[0].dataType: \"MONEY\" is not one of NUMBER, STRING, DATE, BOOLEAN, LIST",
        ),
        (
            json!({"customFields": [{"field": "COL1", "label": "A", "listValues": ["x"]}]}),
            "customFields[0].listValues: only a LIST field has list values",
        ),
        (
            json!({"customFields": [{"field": "COL1", "label": "A", "dataType": "LIST", "listValues": "x"}]}),
            "customFields[0].listValues: must be an array of strings",
        ),
        (
            json!({"customFields": [{"field": "COL1", "label": "x".repeat(256)}]}),
            "customFields[0].label: must be at most 255 characters",
        ),
    ] {
        let r = session.put("/contact/contacts/customFields", &body);
        assert_eq!((r.status, r.body), (400, lv_error(400, message)), "{body}");
    }
    let too_many: Vec<_> = (0..101).map(|i| json!({"field": format!("COL{}", i % 100 + 1), "label": "x"})).collect();
    let r = session.put("/contact/contacts/customFields", &json!({ "customFields": too_many }));
    assert_eq!((r.status, r.body), (400, lv_error(400, "customFields: must hold at most 100 fields")));
    let many_values =
        json!({"customFields": [{"field": "COL1", "label": "A", "dataType": "LIST", "listValues": vec!["v"; 10_000]}]});
    let r = session.put("/contact/contacts/customFields", &many_values);
    assert_eq!((r.status, r.body), (400, lv_error(400, "customFields[0].listValues: must hold at most 1000 values")));
    let r = session.get("/contact/contacts/customFields");
    assert_eq!(r.body, json!({"customFields": []}), "nothing was written");
}

#[test]
fn arranging_a_field_twice_is_a_400() {
    let tenant = TestTenant::new();
    let r =
        tenant.try_arrange("livevox", "custom_fields", json!([{"field": "COL9", "label": "A"}, {"field": "COL9", "label": "B"}]));
    assert_eq!((r.status, r.body["message"].clone()), (400, json!("record 1: field: COL9 is already defined")));
    let r = tenant.try_arrange("livevox", "custom_fields", json!([{"field": "COL9", "label": "A", "dataType": "TEXT"}]));
    assert_eq!(
        (r.status, r.body["message"].clone()),
        (400, json!("record 0: dataType: \"TEXT\" is not one of NUMBER, STRING, DATE, BOOLEAN, LIST"))
    );
}

#[test]
fn an_update_of_a_field_leaves_the_contacts_values_alone() {
    let tenant = TestTenant::new();
    let lv = LiveVox::of(&tenant);
    let admin = lv.login("Sysadmin");
    let r = admin.post(
        "/contact/contacts/",
        &json!({"createContactDetails": {"account": "CF1", "customFields": [{"field": "COL11", "value": "2024-05-01"}, {"field": "COL30", "value": "green"}]}}),
    );
    assert_eq!(r.status, 201, "{}", r.text);
    let r = admin.put(
        "/contact/contacts/customFields",
        &json!({"customFields": [
            {"field": "COL11", "label": "Balance Due After Date", "dataType": "DATE"},
            {"field": "COL30", "label": "Colour", "dataType": "LIST", "listValues": ["red"]},
        ]}),
    );
    assert_eq!((r.status, r.text.as_str()), (204, ""));
    let r = admin.get("/contact/contacts/CF1");
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(
        r.body["readContactDetails"]["customFields"],
        json!([{"field": "COL11", "value": "2024-05-01"}, {"field": "COL30", "value": "green"}])
    );
}

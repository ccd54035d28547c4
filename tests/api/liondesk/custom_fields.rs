//! Custom fields (the custom fields page) and their values on contacts (the custom field values
//! page): data_type and name required, rank 99999 by default, answers with string-typed ids and
//! rank as the page shows them; each user's own; a contact lists its values of the requesting
//! user's fields (one entry per value set, as the contacts page's examples show).

use serde_json::{Value, json};

use super::crud::{AT, contact};
use crate::helpers::{TestTenant, feathers_invalid, feathers_method_not_allowed, feathers_not_found, string_ids};

/// A custom field as the service answers it (strings, as in the page's example).
fn field(id: i64, user: i64, data_type: &str, name: &str, rank: i64) -> Value {
    json!({"id": id.to_string(), "user_id": user.to_string(), "data_type": data_type, "name": name, "rank": rank.to_string()})
}

/// A custom field value as a contact embeds it (numbers, as in the contacts page's example).
fn value(id: i64, user: i64, name: &str, rank: i64, data_type: &str, value: Value) -> Value {
    json!({"id": id, "user_id": user, "name": name, "rank": rank, "data_type": data_type, "value": value})
}

/// User 1's Kids Names (Text, rank 2), Budget (Dollar Amt, rank 1), Move date (Date, default
/// rank); the teammate's Pets (Text, rank 1).
fn arranged() -> TestTenant {
    let tenant = TestTenant::new();
    tenant.arrange(
        "liondesk",
        "custom_fields",
        json!([
            {"id": 21, "data_type": "Text", "name": "Kids Names", "rank": "2"},
            {"id": 22, "data_type": "Dollar Amt", "name": "Budget", "rank": 1},
            {"id": 23, "data_type": "Date", "name": "Move date"},
            {"id": "24", "user_id": "2", "data_type": "Text", "name": "Pets", "rank": 1}
        ]),
    );
    tenant
}

#[test]
fn submitting_the_documents_custom_field_answers_it_as_the_page_shows() {
    let tenant = TestTenant::new();
    let owner = tenant.liondesk(0);

    let r = owner.post("//custom-fields", &json!({"data_type": "Text", "name": "Kids Names", "rank": "1"}));

    assert_eq!((r.status, &r.body), (201, &field(1, 1, "Text", "Kids Names", 1)), "{}", r.text);
    assert_eq!(r.header("allow"), Some("GET,POST,PATCH,DELETE"));
    assert_eq!(owner.get("/custom-fields/1").body, field(1, 1, "Text", "Kids Names", 1));
    let r = owner.post("/custom-fields", &json!({"data_type": "dollar amt", "name": "Budget"}));
    assert_eq!(
        (r.status, r.body),
        (201, field(2, 1, "Dollar Amt", "Budget", 99999)),
        "rank defaults; the type is spelled as documented"
    );
    assert_eq!(
        owner.get("/custom-fields").body,
        json!({"total": 2, "limit": 10, "skip": 0, "data": [field(1, 1, "Text", "Kids Names", 1), field(2, 1, "Dollar Amt", "Budget", 99999)]})
    );
}

#[test]
fn data_type_and_name_are_required_and_checked() {
    let tenant = arranged();
    let owner = tenant.liondesk(0);
    let long = "n".repeat(256);
    let types = "must be one of: Text, Number, Date, Dollar Amt";

    let cases = [
        (json!({"name": "Kids"}), feathers_invalid("data_type", "is required", Value::Null)),
        (json!({"data_type": "Text"}), feathers_invalid("name", "is required", Value::Null)),
        (json!({"data_type": "Text", "name": null}), feathers_invalid("name", "is required", Value::Null)),
        (json!({"data_type": "Text", "name": " "}), feathers_invalid("name", "must not be empty", json!(" "))),
        (json!({"data_type": "Text", "name": long}), feathers_invalid("name", "must be at most 255 characters", json!(long))),
        (json!({"data_type": "Boolean", "name": "Kids"}), feathers_invalid("data_type", types, json!("Boolean"))),
        (
            json!({"data_type": "Text", "name": "Kids", "rank": "first"}),
            feathers_invalid("rank", "must be an integer from -2147483648 to 2147483647", json!("first")),
        ),
    ];
    for (body, expected) in cases {
        let r = owner.post("/custom-fields", &body);
        assert_eq!((r.status, &r.body), (400, &expected), "POST {body}");
    }
    for (body, expected) in [
        (json!({"name": null}), feathers_invalid("name", "is required", Value::Null)),
        (json!({"data_type": null}), feathers_invalid("data_type", "is required", Value::Null)),
        (json!({"rank": null}), feathers_invalid("rank", "is required", Value::Null)),
        (json!({"data_type": "Checkbox"}), feathers_invalid("data_type", types, json!("Checkbox"))),
    ] {
        let r = owner.patch("/custom-fields/21", &body);
        assert_eq!((r.status, &r.body), (400, &expected), "PATCH {body}");
    }
    assert_eq!(string_ids(&owner.get("/custom-fields")), ["21", "22", "23"], "nothing created");
    assert_eq!(owner.get("/custom-fields/21").body, field(21, 1, "Text", "Kids Names", 2), "nothing changed");
}

#[test]
fn updating_merges_and_removing_answers_the_field_removed() {
    let tenant = arranged();
    let owner = tenant.liondesk(0);

    let r = owner.patch("/custom-fields/21", &json!({"data_type": "Text", "name": "Children", "user_id": 2}));
    assert_eq!((r.status, r.body), (200, field(21, 1, "Text", "Children", 2)));
    let r = owner.patch("/custom-fields/21", &json!({"rank": 5}));
    assert_eq!((r.status, r.body), (200, field(21, 1, "Text", "Children", 5)));

    let r = owner.delete("/custom-fields/22");
    assert_eq!((r.status, r.body), (200, field(22, 1, "Dollar Amt", "Budget", 1)));
    let r = owner.get("/custom-fields/22");
    assert_eq!((r.status, r.body), (404, feathers_not_found("22")));
}

#[test]
fn find_narrows_custom_fields_with_feathers_operators() {
    let tenant = arranged();
    let owner = tenant.liondesk(0);

    assert_eq!(string_ids(&owner.get("/custom-fields?data_type=text")), ["21"]);
    assert_eq!(string_ids(&owner.get("/custom-fields?rank[$lt]=99999&$sort[rank]=1")), ["22", "21"]);
    assert_eq!(string_ids(&owner.get("/custom-fields?name[$in]=Budget&name[$in]=Move%20date&$sort[name]=-1")), ["23", "22"]);
    assert_eq!(string_ids(&owner.get("/custom-fields?data_type[$nin]=Text&rank[$gt]=1")), ["23"]);
    let r = owner.get("/custom-fields?$select[]=name&$sort[rank]=-1&$limit=1");
    assert_eq!(r.body, json!({"total": 3, "limit": 1, "skip": 0, "data": [{"id": "23", "name": "Move date"}]}));
}

#[test]
fn a_custom_field_is_seen_and_changed_only_by_the_user_who_made_it() {
    let tenant = arranged();

    let teammate = tenant.liondesk(1);
    assert_eq!(teammate.get("/custom-fields").body["data"], json!([field(24, 2, "Text", "Pets", 1)]));
    for r in [
        teammate.get("/custom-fields/21"),
        teammate.patch("/custom-fields/21", &json!({"name": "Mine"})),
        teammate.delete("/custom-fields/21"),
    ] {
        assert_eq!((r.status, r.body), (404, feathers_not_found("21")), "teammate");
    }
    assert_eq!(string_ids(&tenant.liondesk(2).get("/custom-fields")), Vec::<String>::new(), "outsider");
    let r = TestTenant::new().liondesk(0).get("/custom-fields/21");
    assert_eq!((r.status, r.body), (404, feathers_not_found("21")), "another tenant's owner");
    assert_eq!(tenant.liondesk(0).get("/custom-fields/21").body, field(21, 1, "Text", "Kids Names", 2), "unchanged");
}

#[test]
fn a_contact_lists_its_values_of_the_users_custom_fields() {
    let tenant = arranged();
    let owner = tenant.liondesk(0);

    let r = owner.post(
        "/contacts",
        &json!({"first_name": "Bill", "created_at": AT, "modified_at": AT,
                "custom_fields": [{"id": 21, "value": "Rory, Jennifer"}, {"id": "22", "value": 250000}]}),
    );

    let values = json!([
        value(22, 1, "Budget", 1, "Dollar Amt", json!("250000")),
        value(21, 1, "Kids Names", 2, "Text", json!("Rory, Jennifer"))
    ]);
    let expected = contact(1, 1, json!({"first_name": "Bill", "custom_fields": values}));
    assert_eq!((r.status, &r.body), (201, &expected), "{}", r.text);
    assert_eq!(owner.get("/contacts/1").body, expected);

    let r = owner.patch(
        "/contacts/1",
        &json!({"custom_fields": [{"id": 22, "value": null}, {"id": 23, "value": "2025-01-01"}], "modified_at": AT}),
    );
    assert_eq!(
        r.body["custom_fields"],
        json!([
            value(22, 1, "Budget", 1, "Dollar Amt", Value::Null),
            value(21, 1, "Kids Names", 2, "Text", json!("Rory, Jennifer")),
            value(23, 1, "Move date", 99999, "Date", json!("2025-01-01"))
        ])
    );
}

#[test]
fn a_contact_follows_changes_to_its_custom_fields() {
    let tenant = arranged();
    let owner = tenant.liondesk(0);
    tenant.arrange(
        "liondesk",
        "contacts",
        json!([{"id": 1, "created_at": AT, "modified_at": AT, "custom_fields": [{"id": 21, "value": "Rory"}, {"id": 23, "value": "2025-01-01"}]}]),
    );

    owner.patch("/custom-fields/21", &json!({"name": "Children", "rank": 0}));
    owner.delete("/custom-fields/23");
    owner.post("/custom-fields", &json!({"data_type": "Number", "name": "Bedrooms", "rank": 3}));

    let values = json!([value(21, 1, "Children", 0, "Text", json!("Rory"))]);
    assert_eq!(
        owner.get("/contacts/1").body,
        contact(1, 1, json!({"custom_fields": values})),
        "renamed and ranked anew; the removed field's value is gone; a new field adds no value"
    );
    let r = owner.post("/custom-fields", &json!({"data_type": "Date", "name": "Move date"}));
    assert_eq!(r.body["id"], json!("26"));
    assert_eq!(owner.get("/contacts/1").body["custom_fields"], values, "a new field adds no value");
}

#[test]
fn custom_field_values_are_not_shared_with_assigned_users_or_teammates() {
    let tenant = arranged();
    tenant.arrange(
        "liondesk",
        "contacts",
        json!([{"id": 1, "assigned_user_id": 2, "created_at": AT, "modified_at": AT, "custom_fields": [{"id": 21, "value": "Rory"}]}]),
    );
    let teammate = tenant.liondesk(1);

    assert_eq!(teammate.get("/contacts/1").body["custom_fields"], json!([]), "the owner's values are the owner's");
    let r = teammate.patch("/contacts/1", &json!({"custom_fields": [{"id": 24, "value": "Dog"}]}));
    assert_eq!(r.body["custom_fields"], json!([value(24, 2, "Pets", 1, "Text", json!("Dog"))]));
    let r = teammate.patch("/contacts/1", &json!({"custom_fields": [{"id": 21, "value": "Not mine"}]}));
    assert_eq!(
        (r.status, r.body),
        (400, feathers_invalid("custom_fields", "must name your custom fields (21 is not one)", json!(21)))
    );
    assert_eq!(
        tenant.liondesk(0).get("/contacts/1").body["custom_fields"],
        json!([value(21, 1, "Kids Names", 2, "Text", json!("Rory"))])
    );
}

#[test]
fn update_and_the_multi_methods_are_405() {
    let tenant = arranged();
    let owner = tenant.liondesk(0);
    let error = feathers_method_not_allowed;

    let r = owner.send("PUT", "/custom-fields/21", Some(br#"{"name":"x"}"#));
    assert_eq!((r.status, r.body), (405, error("Method `update` is not supported by this endpoint.")));
    let r = owner.patch("/custom-fields", &json!({"name": "x"}));
    assert_eq!((r.status, r.body), (405, error("Can not patch multiple entries")));
    let r = owner.delete("/custom-fields");
    assert_eq!((r.status, r.body), (405, error("Can not remove multiple entries")));
    let r = owner.post("/custom-fields", &json!([{"data_type": "Text", "name": "x"}]));
    assert_eq!((r.status, r.body), (405, error("Can not create multiple entries")));
    assert_eq!(string_ids(&owner.get("/custom-fields")), ["21", "22", "23"]);
}

#[test]
fn arranging_a_custom_field_requires_its_data_type_and_name() {
    let tenant = TestTenant::new();

    let r = tenant.try_arrange("liondesk", "custom_fields", json!([{"name": "Kids"}]));

    assert_eq!((r.status, &r.body["message"]), (400, &json!("record 0: data_type: Validation error: data_type is required")));
    assert_eq!(string_ids(&tenant.liondesk(0).get("/custom-fields")), Vec::<String>::new());
}

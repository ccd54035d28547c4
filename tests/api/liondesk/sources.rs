//! Contact sources (the sources page): submit, retrieve, update, remove (answers `{id, name,
//! user_id}`); a user sees only the sources they created; contacts embed theirs and clear it
//! with `source_id: 0`.

use serde_json::{Value, json};

use super::crud::{AT, contact, frozen_at};
use crate::helpers::{TestTenant, feathers_method_not_allowed, feathers_not_found};

fn source(id: i64, name: &str, user: i64) -> Value {
    json!({"id": id, "name": name, "user_id": user})
}

/// User 1's Zillow (2019), Referral (2020) and Open House (2021); the teammate's Facebook.
fn arranged() -> TestTenant {
    let tenant = TestTenant::new();
    tenant.arrange(
        "liondesk",
        "contact_sources",
        json!([
            {"id": 149, "name": "Zillow", "created_at": "2019-05-01T00:00:00Z"},
            {"id": 150, "name": "Referral", "created_at": "2020-05-01T00:00:00.000Z"},
            {"id": 151, "name": "Open House", "created_at": "2021-05-01T00:00:00Z"},
            {"id": 152, "name": "Facebook", "user_id": 2, "created_at": "2021-05-01T00:00:00Z"}
        ]),
    );
    tenant
}

#[test]
fn submitting_the_documents_source_answers_201_and_reads_it_back() {
    let tenant = TestTenant::new();
    let owner = tenant.liondesk(0);

    let r = owner.post("//contact-sources", &json!({"name": "Zillow"}));

    assert_eq!((r.status, &r.body), (201, &source(1, "Zillow", 1)), "{}", r.text);
    assert_eq!(r.header("allow"), Some("GET,POST,PATCH,DELETE"));
    assert_eq!(owner.get("/contact-sources/1").body, source(1, "Zillow", 1));
    assert_eq!(owner.get("/contact-sources").body, json!({"total": 1, "limit": 10, "skip": 0, "data": [source(1, "Zillow", 1)]}));
    let r = owner.post("/contact-sources", &json!({}));
    assert_eq!((r.status, r.body), (201, json!({"id": 2, "name": null, "user_id": 1})), "the name is not required");
    let r = owner.post("/contacts", &json!({"source_id": 2, "created_at": AT, "modified_at": AT}));
    assert_eq!((&r.body["source"]["id"], &r.body["source"]["name"]), (&json!(2), &Value::Null), "{}", r.text);
}

#[test]
fn the_documents_update_and_remove_examples_answer_the_source() {
    let tenant = arranged();
    let owner = tenant.liondesk(0);

    let r = owner.patch("/contact-sources/149", &json!({"name": "Facebook"}));
    assert_eq!((r.status, r.body), (200, source(149, "Facebook", 1)));
    owner.patch("/contact-sources/149", &json!({"name": "Zillow"}));

    let r = owner.delete("/contact-sources/149");
    assert_eq!((r.status, r.body), (200, json!({"id": 149, "name": "Zillow", "user_id": 1})));
    let r = owner.get("/contact-sources/149");
    assert_eq!((r.status, r.body), (404, feathers_not_found("149")));
    assert_eq!(owner.ids("/contact-sources"), [150, 151]);
}

#[test]
fn find_narrows_sources_with_feathers_operators() {
    let tenant = arranged();
    let owner = tenant.liondesk(0);

    assert_eq!(owner.ids("/contact-sources?name=zillow"), [149]);
    assert_eq!(owner.ids("/contact-sources?name[$ne]=Zillow"), [150, 151]);
    assert_eq!(owner.ids("/contact-sources?created_at[$gte]=2020-01-01&created_at[$lt]=2021-05-01T00:00:00Z"), [150]);
    assert_eq!(owner.ids("/contact-sources?$sort[name]=1"), [151, 150, 149]);
    assert_eq!(owner.ids("/contact-sources?name[$nin][]=Referral&$sort[created_at]=-1"), [151, 149]);
    let r = owner.get("/contact-sources?$limit=2&$sort[name]=-1");
    assert_eq!(
        r.body,
        json!({"total": 3, "limit": 2, "skip": 0, "data": [source(149, "Zillow", 1), source(150, "Referral", 1)]})
    );
    let r = owner.get("/contact-sources?name[$like]=Z%25");
    assert_eq!(
        (r.status, r.body),
        (
            400,
            json!({"name": "BadRequest", "message": "Invalid query parameter $like", "code": 400, "className": "bad-request",
                     "data": {"$like": "Z%"}, "errors": {}})
        )
    );
}

#[test]
fn a_source_is_seen_and_changed_only_by_the_user_who_made_it() {
    let tenant = arranged();

    let teammate = tenant.liondesk(1);
    assert_eq!(teammate.get("/contact-sources").body["data"], json!([source(152, "Facebook", 2)]));
    for r in [
        teammate.get("/contact-sources/149"),
        teammate.patch("/contact-sources/149", &json!({"name": "Mine"})),
        teammate.delete("/contact-sources/149"),
    ] {
        assert_eq!((r.status, r.body), (404, feathers_not_found("149")), "teammate");
    }
    assert_eq!(tenant.liondesk(2).ids("/contact-sources"), Vec::<i64>::new(), "outsider");
    let r = TestTenant::new().liondesk(0).get("/contact-sources/149");
    assert_eq!((r.status, r.body), (404, feathers_not_found("149")), "another tenant's owner");
    assert_eq!(tenant.liondesk(0).get("/contact-sources/149").body, source(149, "Zillow", 1), "unchanged");
}

#[test]
fn a_source_name_takes_200_characters() {
    let tenant = arranged();
    let owner = tenant.liondesk(0);
    let long = "s".repeat(201);

    let r = owner.post("/contact-sources", &json!({"name": long}));

    let message = "name must be at most 200 characters";
    let expected = json!({"name": "BadRequest", "message": format!("Validation error: {message}"), "code": 400,
        "className": "bad-request", "errors": [{"message": message, "type": "Validation error", "path": "name", "value": long}]});
    assert_eq!((r.status, &r.body), (400, &expected));
    let r = owner.patch("/contact-sources/150", &json!({"name": long}));
    assert_eq!((r.status, &r.body), (400, &expected));
    let r = owner.post("/contact-sources", &json!({"name": "s".repeat(200)}));
    assert_eq!(r.status, 201);
    assert_eq!(owner.get("/contact-sources/150").body, source(150, "Referral", 1), "unchanged");
}

#[test]
fn update_and_the_multi_methods_are_405() {
    let tenant = arranged();
    let owner = tenant.liondesk(0);
    let error = feathers_method_not_allowed;

    let r = owner.send("PUT", "/contact-sources/149", Some(br#"{"name":"x"}"#));
    assert_eq!((r.status, &r.body), (405, &error("Method `update` is not supported by this endpoint.")));
    assert_eq!(r.header("allow"), Some("GET,POST,PATCH,DELETE"));
    let r = owner.send("PUT", "/contact-sources", Some(b"{}"));
    assert_eq!((r.status, r.body), (405, error("Method `update` is not supported by this endpoint.")));
    let r = owner.patch("/contact-sources", &json!({"name": "x"}));
    assert_eq!((r.status, r.body), (405, error("Can not patch multiple entries")));
    let r = owner.delete("/contact-sources");
    assert_eq!((r.status, r.body), (405, error("Can not remove multiple entries")));
    assert_eq!(owner.ids("/contact-sources"), [149, 150, 151]);
}

#[test]
fn a_contact_embeds_its_source_clears_it_with_0_and_loses_it_when_the_source_is_removed() {
    let tenant = arranged();
    let owner = tenant.liondesk(0);
    tenant.arrange("liondesk", "contacts", json!([{"id": 1, "source_id": 149, "created_at": AT, "modified_at": AT}]));
    let zillow = json!({"id": 149, "name": "Zillow", "user_id": 1, "created_at": "2019-05-01T00:00:00.000Z"});

    assert_eq!(owner.get("/contacts/1").body, contact(1, 1, json!({"source_id": 149, "source": zillow})));

    let r = owner.patch("/contacts/1", &json!({"source_id": 0, "modified_at": AT}));
    assert_eq!(r.body, contact(1, 1, json!({})), "the document's way to delete a source from a contact");
    let r = owner.patch("/contacts/1", &json!({"source_id": 150, "modified_at": AT}));
    assert_eq!(r.body["source"], json!({"id": 150, "name": "Referral", "user_id": 1, "created_at": "2020-05-01T00:00:00.000Z"}));

    owner.patch("/contact-sources/150", &json!({"name": "Word of mouth"}));
    assert_eq!(owner.get("/contacts/1").body["source"]["name"], json!("Word of mouth"));
    owner.delete("/contact-sources/150");
    assert_eq!(owner.get("/contacts/1").body, contact(1, 1, json!({})));
}

#[test]
fn a_submitted_source_is_stamped_by_the_clock_where_a_contact_embeds_it() {
    let (_app, tenant) = frozen_at("2024-06-01T12:00:00Z");
    let owner = tenant.liondesk(0);

    owner.post("/contact-sources", &json!({"name": "Zillow Lead"}));
    let r = owner.post("/contacts", &json!({"source_id": 1, "created_at": AT, "modified_at": AT}));

    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.body["source"], json!({"id": 1, "name": "Zillow Lead", "user_id": 1, "created_at": "2024-06-01T12:00:00.000Z"}));
}

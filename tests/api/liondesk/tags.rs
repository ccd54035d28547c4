//! Tags (the tags page): submit, get, find (repeated equality finds any of the values), update
//! (renaming a tag renames it on the owner's contacts), remove; `content` is required; each
//! user's own.

use serde_json::{Value, json};

use super::crud::{AT, contact, frozen_at};
use crate::helpers::{TestTenant, feathers_invalid, feathers_method_not_allowed, feathers_not_found};

fn tag(id: i64, content: &str) -> Value {
    json!({"id": id, "content": content})
}

/// User 1's Buyer (10), Seller (20), Potential Buyer (30), Landlord (40); the teammate's Investor (50).
fn arranged() -> TestTenant {
    let tenant = TestTenant::new();
    tenant.arrange(
        "liondesk",
        "tags",
        json!([
            {"id": 10, "content": "Buyer"},
            {"id": 20, "content": "Seller"},
            {"id": 30, "content": "Potential Buyer"},
            {"id": 40, "content": "Landlord"},
            {"id": 50, "user_id": 2, "content": "Investor"}
        ]),
    );
    tenant
}

#[test]
fn submitting_the_documents_tag_answers_201_and_reads_it_back() {
    let tenant = TestTenant::new();
    let owner = tenant.liondesk(0);

    let r = owner.post("//tags", &json!({"content": "Buyer"}));
    assert_eq!((r.status, &r.body), (201, &tag(1, "Buyer")), "{}", r.text);
    assert_eq!(r.header("allow"), Some("GET,POST,PATCH,DELETE"));
    owner.post("/tags", &json!({"content": "Seller"}));

    assert_eq!(owner.get("/tags/1").body, tag(1, "Buyer"));
    let r = owner.get("/tags");
    assert_eq!(
        (r.status, r.body),
        (200, json!({"total": 2, "limit": 10, "skip": 0, "data": [tag(1, "Buyer"), tag(2, "Seller")]}))
    );
}

#[test]
fn the_documents_filters_find_tags() {
    let tenant = arranged();
    let owner = tenant.liondesk(0);

    let r = owner.get("/tags?content=Potential%20Buyer&content=Landlord");
    assert_eq!(
        (r.status, r.body),
        (200, json!({"total": 2, "limit": 10, "skip": 0, "data": [tag(30, "Potential Buyer"), tag(40, "Landlord")]}))
    );
    assert_eq!(owner.ids("/tags?content=Potential+Buyer&content=landlord"), [30, 40]);
    assert_eq!(owner.ids("/tags?content[$ne]=Seller"), [10, 30, 40]);
    assert_eq!(owner.ids("/tags?content[$in]=Buyer&content[$in]=Investor"), [10], "another user's tag is never found");
    assert_eq!(owner.ids("/tags?id[$gt]=10&$sort[content]=1&$limit=2"), [40, 30]);
    assert_eq!(owner.ids("/tags?$or[0][content]=Buyer&$or[1][id]=20"), [10, 20]);
}

#[test]
fn content_is_required() {
    let tenant = arranged();
    let owner = tenant.liondesk(0);
    let long = "t".repeat(256);

    let cases = [
        (json!({}), feathers_invalid("content", "is required", Value::Null)),
        (json!({"content": null}), feathers_invalid("content", "is required", Value::Null)),
        (json!({"content": ""}), feathers_invalid("content", "must not be empty", json!(""))),
        (json!({"content": long}), feathers_invalid("content", "must be at most 255 characters", json!(long))),
        (json!({"content": {"en": "Buyer"}}), feathers_invalid("content", "must be a string", json!({"en": "Buyer"}))),
    ];
    for (body, expected) in cases {
        let r = owner.post("/tags", &body);
        assert_eq!((r.status, &r.body), (400, &expected), "POST {body}");
    }
    let r = owner.patch("/tags/10", &json!({"content": null}));
    assert_eq!((r.status, r.body), (400, feathers_invalid("content", "is required", Value::Null)));
    let r = owner.patch("/tags/10", &json!({}));
    assert_eq!((r.status, r.body), (200, tag(10, "Buyer")), "a patch may leave content out");
    assert_eq!(owner.ids("/tags"), [10, 20, 30, 40], "nothing created");
}

#[test]
fn removing_a_tag_answers_it_and_leaves_contacts_tags_alone() {
    let tenant = arranged();
    let owner = tenant.liondesk(0);
    tenant.arrange("liondesk", "contacts", json!([{"id": 1, "tags": "Buyer,Seller", "created_at": AT, "modified_at": AT}]));

    let r = owner.delete("/tags/20");

    assert_eq!((r.status, r.body), (200, tag(20, "Seller")));
    let r = owner.get("/tags/20");
    assert_eq!((r.status, r.body), (404, feathers_not_found("20")));
    assert_eq!(owner.get("/contacts/1").body, contact(1, 1, json!({"tags": "Buyer,Seller"})));
}

#[test]
fn renaming_a_tag_renames_it_on_every_contact_of_its_owner() {
    let (_app, tenant) = frozen_at("2024-06-01T12:00:00Z");
    let owner = tenant.liondesk(0);
    tenant.arrange("liondesk", "tags", json!([{"id": 10, "content": "Buyer"}, {"id": 20, "content": "Seller"}]));
    tenant.arrange(
        "liondesk",
        "contacts",
        json!([
            {"id": 1, "tags": "Buyer, seller ,Hot", "created_at": AT, "modified_at": AT},
            {"id": 2, "tags": "Seller", "created_at": AT, "modified_at": AT},
            {"id": 3, "tags": "Home Seller,Sellers", "created_at": AT, "modified_at": AT},
            {"id": 4, "owner_user_id": 2, "assigned_user_id": 1, "tags": "Seller", "created_at": AT, "modified_at": AT}
        ]),
    );

    let r = owner.patch("/tags/20", &json!({"content": "Vendor"}));

    assert_eq!((r.status, r.body), (200, tag(20, "Vendor")));
    let now = "2024-06-01T12:00:00.000Z";
    assert_eq!(owner.get("/contacts/1").body, contact(1, 1, json!({"tags": "Buyer, Vendor ,Hot", "modified_at": now})));
    assert_eq!(owner.get("/contacts/2").body, contact(2, 1, json!({"tags": "Vendor", "modified_at": now})));
    assert_eq!(owner.get("/contacts/3").body, contact(3, 1, json!({"tags": "Home Seller,Sellers"})), "other tags untouched");
    let theirs = contact(4, 2, json!({"assigned_user_id": 1, "tags": "Seller"}));
    assert_eq!(owner.get("/contacts/4").body, theirs, "another owner's contact untouched");
    assert_eq!(owner.ids("/contacts?tags=Vendor"), [2]);
}

#[test]
fn a_rename_that_would_overflow_a_contacts_tags_changes_nothing() {
    let tenant = arranged();
    let owner = tenant.liondesk(0);
    let tags = format!("{},Buyer", "x".repeat(500));
    tenant.arrange(
        "liondesk",
        "contacts",
        json!([{"id": 1, "tags": "Buyer", "created_at": AT, "modified_at": AT}, {"id": 2, "tags": tags, "created_at": AT, "modified_at": AT}]),
    );
    let content = "Buyer with a budget";

    let r = owner.patch("/tags/10", &json!({"content": content}));

    let reason = "would make the tags of contact 2 longer than 508 characters";
    assert_eq!((r.status, r.body), (400, feathers_invalid("content", reason, json!(content))));
    assert_eq!(owner.get("/tags/10").body, tag(10, "Buyer"));
    assert_eq!(owner.get("/contacts/1").body, contact(1, 1, json!({"tags": "Buyer"})), "contact 1 not renamed either");
}

#[test]
fn a_tag_is_seen_and_changed_only_by_the_user_who_made_it() {
    let tenant = arranged();
    tenant.arrange(
        "liondesk",
        "contacts",
        json!([{"id": 1, "assigned_user_id": 2, "tags": "Buyer", "created_at": AT, "modified_at": AT}]),
    );

    let teammate = tenant.liondesk(1);
    assert_eq!(teammate.get("/tags").body, json!({"total": 1, "limit": 10, "skip": 0, "data": [tag(50, "Investor")]}));
    for r in [teammate.get("/tags/10"), teammate.patch("/tags/10", &json!({"content": "Mine"})), teammate.delete("/tags/10")] {
        assert_eq!((r.status, r.body), (404, feathers_not_found("10")), "teammate");
    }
    assert_eq!(tenant.liondesk(2).ids("/tags"), Vec::<i64>::new(), "outsider");
    let r = TestTenant::new().liondesk(0).get("/tags/10");
    assert_eq!((r.status, r.body), (404, feathers_not_found("10")), "another tenant's owner");
    assert_eq!(tenant.liondesk(0).get("/tags/10").body, tag(10, "Buyer"), "unchanged");
    assert_eq!(teammate.get("/contacts/1").body["tags"], json!("Buyer"));
}

#[test]
fn update_and_the_multi_methods_are_405() {
    let tenant = arranged();
    let owner = tenant.liondesk(0);
    let error = feathers_method_not_allowed;

    let r = owner.send("PUT", "/tags/10", Some(br#"{"content":"x"}"#));
    assert_eq!((r.status, r.body), (405, error("Method `update` is not supported by this endpoint.")));
    let r = owner.patch("/tags", &json!({"content": "x"}));
    assert_eq!((r.status, r.body), (405, error("Can not patch multiple entries")));
    let r = owner.delete("/tags");
    assert_eq!((r.status, r.body), (405, error("Can not remove multiple entries")));
    let r = owner.post("/tags", &json!([{"content": "x"}]));
    assert_eq!((r.status, r.body), (405, error("Can not create multiple entries")));
    assert_eq!(owner.ids("/tags"), [10, 20, 30, 40]);
}

#[test]
fn arranging_a_tag_refuses_unknown_fields() {
    let tenant = TestTenant::new();

    let r = tenant.try_arrange("liondesk", "tags", json!([{"content": "Buyer"}, {"name": "Seller"}]));

    assert_eq!(
        (r.status, &r.body["message"]),
        (400, &json!("record 1: name: unknown field (expected one of: id, user_id, content)"))
    );
    assert_eq!(tenant.liondesk(0).ids("/tags"), Vec::<i64>::new(), "all or nothing");
}

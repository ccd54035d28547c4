//! What the Feathers service gives the contacts routes beyond the contacts page: a query on an
//! id route narrows the record, `$select` applies to every method, create ignores its query,
//! an empty body creates an empty contact, and HEAD answers like GET.

use serde_json::json;

use super::crud::{AT, contact, frozen_at};
use crate::helpers::{TestTenant, feathers_error};

#[test]
fn a_query_on_an_id_route_narrows_the_record_as_feathers_get_with_a_query_does() {
    let tenant = TestTenant::new();
    tenant.arrange(
        "liondesk",
        "contacts",
        json!([{"id": 5, "first_name": "Ann", "last_name": "Gates", "created_at": AT, "modified_at": AT}]),
    );
    let owner = tenant.liondesk(0);
    let missing = feathers_error(404, "NotFound", "not-found", "No record found for id '5'");

    for path in [
        "/contacts/5?last_name=X",
        "/contacts/5?id=6",
        "/contacts/5?last_name[$ne]=gates",
        "/contacts/5?created_at[$gt]=2024-01-03",
    ] {
        let r = owner.get(path);
        assert_eq!((r.status, &r.body), (404, &missing), "GET {path}");
    }
    let patched = owner.patch("/contacts/5?last_name=X", &json!({"first_name": "Changed"}));
    let removed = owner.delete("/contacts/5?first_name[$in]=Bob&first_name[$in]=Doug");
    let matching = owner.get("/contacts/5?last_name=gates&first_name[$in]=Ann");

    assert_eq!((patched.status, &patched.body), (404, &missing));
    assert_eq!((removed.status, &removed.body), (404, &missing));
    let unchanged = contact(5, 1, json!({"first_name": "Ann", "last_name": "Gates"}));
    assert_eq!((matching.status, matching.body), (200, unchanged));
}

#[test]
fn select_keeps_the_id_and_the_named_fields_on_get_create_patch_and_remove() {
    let (_app, tenant) = frozen_at("2025-01-01T00:00:00.000Z");
    tenant.arrange(
        "liondesk",
        "contacts",
        json!([{"id": 1, "first_name": "Ann", "last_name": "Lee", "created_at": AT, "modified_at": AT}]),
    );
    let owner = tenant.liondesk(0);

    let got = owner.get("/contacts/1?$select[]=first_name&$select[]=addresses");
    let created =
        owner.post("/contacts?$select[]=last_name&$select[]=owner_user_id", &json!({"first_name": "Bo", "last_name": "Ray"}));
    let patched = owner.patch("/contacts/1?$select=modified_at", &json!({"first_name": "Anna"}));
    let removed = owner.delete("/contacts/2?$select[0]=first_name&$select[1]=hotness");

    assert_eq!((got.status, got.body), (200, json!({"id": 1, "first_name": "Ann", "addresses": []})));
    assert_eq!((created.status, created.body), (201, json!({"id": 2, "last_name": "Ray", "owner_user_id": 1})));
    assert_eq!((patched.status, patched.body), (200, json!({"id": 1, "modified_at": "2025-01-01T00:00:00.000Z"})));
    assert_eq!((removed.status, removed.body), (200, json!({"id": 2, "first_name": "Bo", "hotness": null})));
    let anna = contact(1, 1, json!({"first_name": "Anna", "last_name": "Lee", "modified_at": "2025-01-01T00:00:00.000Z"}));
    assert_eq!(owner.get("/contacts/1").body, anna, "$select shapes the answer, not what is stored");
}

#[test]
fn create_ignores_conditions_in_its_query() {
    let tenant = TestTenant::new();

    let r = tenant
        .liondesk(0)
        .post("/contacts?first_name=Other&last_name[$ne]=x", &json!({"first_name": "Ann", "created_at": AT, "modified_at": AT}));

    assert_eq!((r.status, r.body), (201, contact(1, 1, json!({"first_name": "Ann"}))));
}

#[test]
fn an_empty_or_absent_body_creates_an_empty_contact_and_a_byte_order_mark_is_skipped() {
    let (_app, tenant) = frozen_at("2025-01-01T00:00:00.000Z");
    let owner = tenant.liondesk(0);

    let absent = owner.send("POST", "/contacts", None);
    let blank = owner.send("POST", "/contacts", Some(b"  \n"));
    let empty = owner.post("/contacts", &json!({}));
    let marked = owner.send("POST", "/contacts", Some(b"\xef\xbb\xbf{\"tags\": \"BOM\"}"));

    let stamped =
        |id| contact(id, 1, json!({"created_at": "2025-01-01T00:00:00.000Z", "modified_at": "2025-01-01T00:00:00.000Z"}));
    assert_eq!((absent.status, absent.body), (201, stamped(1)));
    assert_eq!((blank.status, blank.body), (201, stamped(2)));
    assert_eq!((empty.status, empty.body), (201, stamped(3)));
    let mut tagged = stamped(4);
    tagged["tags"] = json!("BOM");
    assert_eq!((marked.status, marked.body), (201, tagged), "a leading byte order mark is skipped");
}

#[test]
fn head_answers_like_get_without_a_body() {
    let tenant = TestTenant::new();
    tenant.arrange("liondesk", "contacts", json!([{"id": 1, "created_at": AT, "modified_at": AT}]));
    let owner = tenant.liondesk(0);

    let one = owner.send("HEAD", "/contacts/1", None);
    let missing = owner.send("HEAD", "/contacts/2", None);
    let list = owner.send("HEAD", "/contacts", None);

    assert_eq!((one.status, one.text.as_str(), one.header("allow")), (200, "", Some("GET,POST,PATCH,DELETE")));
    assert_eq!((missing.status, missing.text.as_str()), (404, ""));
    assert_eq!((list.status, list.text.as_str()), (200, ""));
}

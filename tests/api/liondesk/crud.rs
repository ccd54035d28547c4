//! Contacts: create, get, patch, remove (`vendor-docs/liondesk.txt`).

use serde_json::json;

use crate::helpers::{TestTenant, feathers_error};

#[test]
fn a_created_contact_is_owned_by_the_submitter_and_read_back_whole() {
    let tenant = TestTenant::new();
    let owner = tenant.liondesk(0);

    let r = owner.post("/contacts", &json!({"first_name": "Bill", "last_name": "Gates", "created_at": "2016-07-01T12:12:11.000Z", "modified_at": "2018-01-09T12:24:09.000Z"}));

    assert_eq!(r.status, 201, "{}", r.text);
    let expected = json!({
        "id": 1, "owner_user_id": tenant.liondesk_user_id(0), "assigned_user_id": null, "first_name": "Bill", "last_name": "Gates",
        "email": null, "mobile_phone": null, "home_phone": null, "office_phone": null, "fax": null, "company": null,
        "birthday": null, "anniversary": null, "spouse_name": null, "spouse_email": null, "spouse_phone": null,
        "spouse_birthday": null, "tags": null, "hotness_id": null, "source_id": null,
        "created_at": "2016-07-01T12:12:11.000Z", "modified_at": "2018-01-09T12:24:09.000Z",
        "addresses": [], "hotness": null, "custom_fields": [], "source": null
    });
    assert_eq!(r.body, expected);
    assert_eq!(owner.get("/contacts/1").body, expected);
    let outsider = tenant.liondesk(2).get("/contacts/1");
    assert_eq!(
        (outsider.status, outsider.body),
        (404, feathers_error(404, "NotFound", "not-found", "No record found for id '1'"))
    );
}

#[test]
fn patch_merges_and_only_the_owner_removes() {
    let tenant = TestTenant::new();
    let (owner, teammate) = (tenant.liondesk(0), tenant.liondesk(1));
    owner.post("/contacts", &json!({"first_name": "Steve", "assigned_user_id": tenant.liondesk_user_id(1)}));

    let r = teammate.patch("/contacts/1", &json!({"last_name": "Jobs", "id": 99}));
    assert_eq!(
        (r.status, &r.body["first_name"], &r.body["last_name"], &r.body["id"]),
        (200, &json!("Steve"), &json!("Jobs"), &json!(1))
    );
    assert_eq!(teammate.ids("/contacts"), [1]);

    let r = teammate.delete("/contacts/1");
    assert_eq!(
        (r.status, r.body),
        (403, feathers_error(403, "Forbidden", "forbidden", "Only the owner of a contact may remove it"))
    );
    let r = owner.delete("/contacts/1");
    assert_eq!((r.status, &r.body["last_name"]), (200, &json!("Jobs")));
    assert_eq!(owner.ids("/contacts"), Vec::<i64>::new());
}

//! Contacts: create, get, patch, remove (LionDesk's contacts page), with the clock frozen
//! where a stamp comes from it.

use serde_json::{Value, json};

use crate::helpers::{TestApp, TestTenant, feathers_error, put_json, spawn_app};

/// A stamp for arranged records.
pub const AT: &str = "2024-01-02T03:04:05.000Z";

/// A contact as the API answers it: every documented field (null unless given in `fields`),
/// its id and owner, and empty embeds.
pub fn contact(id: i64, owner: i64, fields: Value) -> Value {
    let mut c = json!({
        "id": id, "owner_user_id": owner, "assigned_user_id": null, "first_name": null, "last_name": null,
        "email": null, "mobile_phone": null, "home_phone": null, "office_phone": null, "fax": null, "company": null,
        "birthday": null, "anniversary": null, "spouse_name": null, "spouse_email": null, "spouse_phone": null,
        "spouse_birthday": null, "tags": null, "hotness_id": null, "source_id": null, "created_at": AT, "modified_at": AT,
        "addresses": [], "hotness": null, "custom_fields": [], "source": null
    });
    for (key, value) in fields.as_object().expect("fields") {
        assert!(c.get(key).is_some(), "a contact has no field {key}");
        c[key] = value.clone();
    }
    c
}

/// A private server with its clock frozen at `now`, and a tenant on it.
pub fn frozen_at(now: &str) -> (TestApp, TestTenant) {
    let app = spawn_app();
    let r = put_json(&app.url("/__admin/clock"), &json!({"now": now, "frozen": true}));
    assert_eq!(r.status, 200, "{}", r.text);
    let tenant = app.new_tenant();
    (app, tenant)
}

/// The document's "Submit one Contact" request body.
fn bill_gates() -> Value {
    json!({ "assigned_user_id": 2, "first_name": "Bill", "last_name": "Gates", "email": "bill@microsoft.com",
        "mobile_phone": "1 (604) 555-4572", "home_phone": "1 (604) 555-1124", "office_phone": "1 (208) 555-4432",
        "fax": "1 (306) 555-0449", "company": "Microsoft", "birthday": "1955-10-28", "anniversary": "2017-10-31",
        "spouse_name": "Melinda Gates", "spouse_email": "melinda@gatesfoundation.com", "spouse_phone": "1 (604) 555-1124",
        "spouse_birthday": "1964-08-15", "tags": "Pending", "created_at": "2016-07-01T12:12:11.000Z",
        "modified_at": "2018-01-09T12:24:09.000Z", "hotness_id": 12, "source_id": 12 })
}

/// User 1's hotness 12 and contact source 12, as the document's examples show them.
fn arrange_hotness_and_source(tenant: &TestTenant) {
    tenant.arrange("liondesk", "hotnesses", json!([{"id": 12, "name": "Pending", "rank": 14, "color": "#3b274c"}]));
    tenant.arrange(
        "liondesk",
        "contact_sources",
        json!([{"id": 12, "name": "Zillow Lead", "created_at": "2015-01-09T03:34:15.000Z"}]),
    );
}

/// The embedded `hotness` and `source` of a contact linked to them.
fn linked(mut c: Value) -> Value {
    c["hotness"] = json!({"name": "Pending", "rank": 14, "color": "#3b274c"});
    c["source"] = json!({"id": 12, "name": "Zillow Lead", "user_id": 1, "created_at": "2015-01-09T03:34:15.000Z"});
    c
}

#[test]
fn a_created_contact_is_owned_by_the_submitter_and_read_back_whole() {
    let tenant = TestTenant::new();
    let owner = tenant.liondesk(0);

    let r = owner.post("/contacts", &json!({"first_name": "Bill", "last_name": "Gates", "created_at": "2016-07-01T12:12:11.000Z", "modified_at": "2018-01-09T12:24:09.000Z"}));

    assert_eq!(r.status, 201, "{}", r.text);
    let stamps = json!({"first_name": "Bill", "last_name": "Gates", "created_at": "2016-07-01T12:12:11.000Z", "modified_at": "2018-01-09T12:24:09.000Z"});
    let expected = contact(1, tenant.liondesk_user_id(0), stamps);
    assert_eq!(r.body, expected);
    assert_eq!(owner.get("/contacts/1").body, expected);
    let outsider = tenant.liondesk(2).get("/contacts/1");
    assert_eq!(
        (outsider.status, outsider.body),
        (404, feathers_error(404, "NotFound", "not-found", "No record found for id '1'"))
    );
}

#[test]
fn the_documents_submit_body_creates_that_contact_at_the_documents_double_slash_url() {
    let tenant = TestTenant::new();
    arrange_hotness_and_source(&tenant);
    let owner = tenant.liondesk(0);

    let r = owner.post("//contacts", &bill_gates());

    let expected = linked(contact(1, 1, bill_gates()));
    assert_eq!((r.status, &r.body), (201, &expected), "{}", r.text);
    let got = owner.get("//contacts/1");
    assert_eq!((got.status, &got.body), (200, &expected));
    let found = owner.get("//contacts");
    assert_eq!((found.status, found.body), (200, json!({"total": 1, "limit": 10, "skip": 0, "data": [expected]})));
}

#[test]
fn a_created_contact_takes_its_stamps_from_the_clock_unless_given() {
    let (_app, tenant) = frozen_at("2025-03-04T05:06:07.089Z");
    let owner = tenant.liondesk(0);
    const NOW: &str = "2025-03-04T05:06:07.089Z";

    let plain = owner.post("/contacts", &json!({"first_name": "Ann"}));
    let created_only = owner.post("/contacts", &json!({"created_at": "2016-07-01T05:12:11-07:00"}));
    let dated = owner.post("/contacts", &json!({"created_at": "2016-07-01", "modified_at": "2017-01-02T03:04:05Z"}));
    let nulls = owner.post("/contacts", &json!({"created_at": null, "modified_at": null}));

    assert_eq!(
        (plain.status, plain.body),
        (201, contact(1, 1, json!({"first_name": "Ann", "created_at": NOW, "modified_at": NOW})))
    );
    assert_eq!(
        (created_only.status, created_only.body),
        (201, contact(2, 1, json!({"created_at": "2016-07-01T12:12:11.000Z", "modified_at": NOW})))
    );
    assert_eq!(
        (dated.status, dated.body),
        (201, contact(3, 1, json!({"created_at": "2016-07-01T00:00:00.000Z", "modified_at": "2017-01-02T03:04:05.000Z"})))
    );
    assert_eq!((nulls.status, nulls.body), (201, contact(4, 1, json!({"created_at": NOW, "modified_at": NOW}))));
}

#[test]
fn owner_user_id_is_never_writable() {
    let tenant = TestTenant::new();
    let teammate = tenant.liondesk(1);

    let created =
        teammate.post("/contacts", &json!({"owner_user_id": 1, "first_name": "Ann", "created_at": AT, "modified_at": AT}));
    let patched = teammate.patch("/contacts/1", &json!({"owner_user_id": 3, "modified_at": AT}));

    assert_eq!((created.status, created.body), (201, contact(1, 2, json!({"first_name": "Ann"}))));
    assert_eq!((patched.status, patched.body), (200, contact(1, 2, json!({"first_name": "Ann"}))));
    assert_eq!(tenant.liondesk(0).ids("/contacts"), Vec::<i64>::new(), "user 1 was never made the owner");
}

#[test]
fn unknown_body_keys_are_ignored_and_not_echoed() {
    let tenant = TestTenant::new();
    let owner = tenant.liondesk(0);

    let body = json!({"first_name": "Ann", "secondary_email": "x@y.z", "addresses": [{"city": "Paris"}], "hotness": {"name": "Hot"},
        "source": {"id": 4}, "nested": {"deep": [1, 2]}, "created_at": AT, "modified_at": AT});
    let r = owner.post("/contacts", &body);

    assert_eq!((r.status, &r.body), (201, &contact(1, 1, json!({"first_name": "Ann"}))));
    assert_eq!(owner.get("/contacts/1").body, r.body);
}

#[test]
fn assigned_user_id_may_be_the_submitter_or_a_teammate_given_as_a_number_or_numeric_string() {
    let tenant = TestTenant::new();
    let owner = tenant.liondesk(0);

    let own = owner.post("/contacts", &json!({"assigned_user_id": 1, "created_at": AT, "modified_at": AT}));
    let mate = owner.post("/contacts", &json!({"assigned_user_id": "2", "created_at": AT, "modified_at": AT}));
    let padded = owner.post("/contacts", &json!({"assigned_user_id": " 2 ", "created_at": AT, "modified_at": AT}));

    assert_eq!((own.status, own.body), (201, contact(1, 1, json!({"assigned_user_id": 1}))));
    assert_eq!((mate.status, mate.body), (201, contact(2, 1, json!({"assigned_user_id": 2}))));
    assert_eq!((padded.status, padded.body), (201, contact(3, 1, json!({"assigned_user_id": 2}))));
}

#[test]
fn the_documents_patch_example_merges_and_answers_the_whole_contact_stamped_by_the_clock() {
    let (_app, tenant) = frozen_at("2025-06-07T08:09:10.000Z");
    tenant.arrange("liondesk", "contacts", json!([{"id": 10, "first_name": "William", "last_name": "Gates", "email": "bill@microsoft.com", "tags": "Pending", "created_at": AT, "modified_at": AT}]));
    let owner = tenant.liondesk(0);

    let r = owner.patch("//contacts/10", &json!({"assigned_user_id": "2", "first_name": "Bill"}));

    let expected = contact(
        10,
        1,
        json!({"assigned_user_id": 2, "first_name": "Bill", "last_name": "Gates", "email": "bill@microsoft.com",
        "tags": "Pending", "modified_at": "2025-06-07T08:09:10.000Z"}),
    );
    assert_eq!((r.status, &r.body), (200, &expected), "{}", r.text);
    assert_eq!(owner.get("/contacts/10").body, expected);
}

#[test]
fn patch_takes_given_stamps_clears_with_null_and_zero_and_ignores_an_id() {
    let tenant = TestTenant::new();
    arrange_hotness_and_source(&tenant);
    tenant.arrange(
        "liondesk",
        "contacts",
        json!([{"id": 4, "first_name": "Ann", "company": "Acme", "assigned_user_id": 2,
        "hotness_id": 12, "source_id": "12", "created_at": AT, "modified_at": AT}]),
    );
    let owner = tenant.liondesk(0);

    let r = owner.patch(
        "/contacts/4",
        &json!({"id": 99, "company": null, "assigned_user_id": 0, "hotness_id": 0, "source_id": null,
        "created_at": "2020-01-01T00:00:00Z", "modified_at": "2021-02-03T04:05:06.007+00:00", "last_name": 7}),
    );

    let expected = contact(
        4,
        1,
        json!({"first_name": "Ann", "last_name": "7", "created_at": "2020-01-01T00:00:00.000Z",
        "modified_at": "2021-02-03T04:05:06.007Z"}),
    );
    assert_eq!((r.status, &r.body), (200, &expected), "{}", r.text);
    assert_eq!(owner.ids("/contacts"), [4]);
    assert_eq!(owner.get("/contacts/99").status, 404);
}

#[test]
fn an_empty_patch_only_moves_modified_at() {
    let (_app, tenant) = frozen_at("2025-01-01T00:00:00.000Z");
    tenant.arrange("liondesk", "contacts", json!([{"id": 3, "first_name": "Ann", "created_at": AT, "modified_at": AT}]));

    let r = tenant.liondesk(0).patch("/contacts/3", &json!({}));

    assert_eq!((r.status, r.body), (200, contact(3, 1, json!({"first_name": "Ann", "modified_at": "2025-01-01T00:00:00.000Z"}))));
}

#[test]
fn delete_answers_the_contact_as_it_was_and_it_is_gone() {
    let tenant = TestTenant::new();
    tenant.arrange(
        "liondesk",
        "contacts",
        json!([
            {"id": 971, "first_name": "Gone", "assigned_user_id": 2, "created_at": AT, "modified_at": AT},
            {"id": 972, "first_name": "Kept", "created_at": AT, "modified_at": AT}
        ]),
    );
    let owner = tenant.liondesk(0);

    let r = owner.delete("//contacts/971");

    assert_eq!((r.status, r.body), (200, contact(971, 1, json!({"first_name": "Gone", "assigned_user_id": 2}))));
    let missing = feathers_error(404, "NotFound", "not-found", "No record found for id '971'");
    let again = owner.delete("/contacts/971");
    assert_eq!((again.status, again.body), (404, missing.clone()));
    let got = owner.get("/contacts/971");
    assert_eq!((got.status, got.body), (404, missing));
    assert_eq!(owner.ids("/contacts"), [972]);
    assert_eq!(tenant.liondesk(1).ids("/contacts"), Vec::<i64>::new(), "the assignee no longer sees it");
}

#[test]
fn text_fields_take_their_longest_values_in_characters_and_numbers_as_text() {
    let tenant = TestTenant::new();
    let mut body = json!({"created_at": AT, "modified_at": AT});
    for (field, max) in [("first_name", 255), ("email", 255), ("home_phone", 45), ("spouse_email", 45), ("tags", 508)] {
        body[field] = json!("é".repeat(max));
    }
    body["company"] = json!(12.5);
    body["fax"] = json!("");

    let r = tenant.liondesk(0).post("/contacts", &body);

    body["company"] = json!("12.5");
    assert_eq!((r.status, r.body), (201, contact(1, 1, body)));
}

#[test]
fn patch_merges_and_only_the_owner_removes() {
    let tenant = TestTenant::new();
    let (owner, teammate) = (tenant.liondesk(0), tenant.liondesk(1));
    owner.post("/contacts", &json!({"first_name": "Steve", "assigned_user_id": tenant.liondesk_user_id(1), "created_at": AT}));

    let r = teammate.patch("/contacts/1", &json!({"last_name": "Jobs", "id": 99, "modified_at": AT}));
    let steve = contact(1, 1, json!({"first_name": "Steve", "last_name": "Jobs", "assigned_user_id": 2}));
    assert_eq!((r.status, &r.body), (200, &steve));
    assert_eq!(teammate.ids("/contacts"), [1]);

    let r = teammate.delete("/contacts/1");
    assert_eq!(
        (r.status, r.body),
        (403, feathers_error(403, "Forbidden", "forbidden", "Only the owner of a contact may remove it"))
    );
    let r = owner.delete("/contacts/1");
    assert_eq!((r.status, r.body), (200, steve));
    assert_eq!(owner.ids("/contacts"), Vec::<i64>::new());
}

#[test]
fn hotness_and_source_take_ids_as_numbers_or_strings_and_zero_or_null_clears_them() {
    let tenant = TestTenant::new();
    arrange_hotness_and_source(&tenant);
    tenant.arrange(
        "liondesk",
        "contacts",
        json!([{"id": 1, "created_at": AT, "modified_at": AT}, {"id": 2, "created_at": AT, "modified_at": AT}]),
    );
    let owner = tenant.liondesk(0);
    let both = |id: i64| linked(contact(id, 1, json!({"hotness_id": 12, "source_id": 12})));

    let set_strings = owner.patch("/contacts/1", &json!({"hotness_id": "12", "source_id": "12", "modified_at": AT}));
    let set_numbers = owner.patch("/contacts/2", &json!({"hotness_id": 12, "source_id": 12, "modified_at": AT}));
    assert_eq!((set_strings.status, set_strings.body), (200, both(1)));
    assert_eq!((set_numbers.status, set_numbers.body), (200, both(2)));

    let zero = owner.patch("/contacts/1", &json!({"hotness_id": 0, "source_id": "0", "modified_at": AT}));
    let null = owner.patch("/contacts/2", &json!({"hotness_id": null, "source_id": null, "modified_at": AT}));
    assert_eq!((zero.status, zero.body), (200, contact(1, 1, json!({}))));
    assert_eq!((null.status, null.body), (200, contact(2, 1, json!({}))));
    assert_eq!(owner.ids("/contacts?hotness_id=12"), Vec::<i64>::new());
}

#[test]
fn a_trailing_slash_names_the_same_route_as_express_routes_it() {
    let tenant = TestTenant::new();
    let owner = tenant.liondesk(0);

    let created = owner.post("/contacts/", &json!({"first_name": "Ann", "created_at": AT, "modified_at": AT}));
    let got = owner.get("/contacts/1/");
    let found = owner.get("//contacts/?first_name=Ann");
    let patched = owner.patch("/contacts/1/", &json!({"last_name": "Lee", "modified_at": AT}));
    let removed = owner.delete("/contacts/1/");

    let ann = contact(1, 1, json!({"first_name": "Ann"}));
    let ann_lee = contact(1, 1, json!({"first_name": "Ann", "last_name": "Lee"}));
    assert_eq!((created.status, created.body), (201, ann.clone()));
    assert_eq!((got.status, got.body), (200, ann.clone()));
    assert_eq!((found.status, found.body), (200, json!({"total": 1, "limit": 10, "skip": 0, "data": [ann]})));
    assert_eq!((patched.status, patched.body), (200, ann_lee.clone()));
    assert_eq!((removed.status, removed.body), (200, ann_lee));
    assert_eq!(owner.ids("/contacts"), Vec::<i64>::new());
}

/// A page read again answers its contacts as they are after each change: a patch of one, and an
/// address added to another (which the contact embeds).
#[test]
fn a_page_read_again_answers_the_contacts_as_changed_since() {
    let (_app, tenant) = frozen_at(AT);
    let owner = tenant.liondesk(0);
    owner.post("/contacts", &json!({"first_name": "Ann", "created_at": AT}));
    owner.post("/contacts", &json!({"first_name": "Bo", "created_at": AT}));
    let page = || owner.get("/contacts?$sort[id]=1").body["data"].clone();
    let (ann, bo) = (contact(1, 1, json!({"first_name": "Ann"})), contact(2, 1, json!({"first_name": "Bo"})));
    assert_eq!(page(), json!([ann, bo]));
    assert_eq!(page(), json!([ann, bo]));

    owner.patch("/contacts/2", &json!({"first_name": "Bob"}));
    let bob = contact(2, 1, json!({"first_name": "Bob"}));
    assert_eq!(page(), json!([ann, bob]));

    let address = json!({"type": "Home", "street_address_1": "1 Main St", "street_address_2": null, "zip": "10001",
        "city": "New York", "state": "NY"});
    assert_eq!(owner.post("/contacts/1/addresses", &address).status, 201);
    let mut embedded = address;
    embedded["id"] = json!(1);
    embedded["created_at"] = json!(AT);
    embedded["modified_at"] = json!(AT);
    let ann = contact(1, 1, json!({"first_name": "Ann", "addresses": [embedded]}));
    assert_eq!(page(), json!([ann, bob]));
}

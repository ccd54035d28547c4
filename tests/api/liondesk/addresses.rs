//! A contact's addresses (the addresses page): retrieve (all, or one by id), submit, update,
//! remove; the type is one of the documented six and the text fields keep their limits; whoever
//! may see the contact may see and change them, and for anyone else the contact is a 404.

use serde_json::{Value, json};

use super::crud::{AT, contact, frozen_at};
use crate::helpers::{TestTenant, feathers_invalid, feathers_method_not_allowed, feathers_not_found, string_ids};

/// The page's first example address (id 147).
fn home() -> Value {
    json!({"id": "147", "type": "Home", "street_address_1": "820 Schoen Villages", "street_address_2": null, "zip": "64030",
           "city": "Kansas City", "state": "Kansas", "created_at": "2013-12-26T20:58:45.000Z", "modified_at": "2018-04-13T13:16:05.000Z"})
}

/// The page's second example address (id 148).
fn investment() -> Value {
    json!({"id": "148", "type": "Investment", "street_address_1": "1080 West 1st Avenue", "street_address_2": "Kitsilano",
           "zip": "V6J 4Z3", "city": "Vancouver", "state": "British Columbia", "created_at": "2017-10-10T06:45:37.000Z",
           "modified_at": "2018-04-17T00:36:22.000Z"})
}

/// `address` as a contact embeds it (a numeric id, as on the contacts page).
fn embedded(mut address: Value) -> Value {
    address["id"] = json!(address["id"].as_str().expect("id").parse::<i64>().expect("numeric id"));
    address
}

/// Contact 10 (owned by user 1, assigned to the teammate) with the page's two addresses,
/// contact 11 (user 1's, private) with address 149, and contact 12 (the teammate's).
fn arranged(tenant: &TestTenant) {
    tenant.arrange(
        "liondesk",
        "contacts",
        json!([
            {"id": 10, "assigned_user_id": 2, "created_at": AT, "modified_at": AT},
            {"id": 11, "created_at": AT, "modified_at": AT},
            {"id": 12, "owner_user_id": 2, "created_at": AT, "modified_at": AT}
        ]),
    );
    let mut first = home();
    first["contact_id"] = json!(10);
    let mut second = investment();
    second["contact_id"] = json!("10");
    tenant.arrange(
        "liondesk",
        "addresses",
        json!([first, second, {"id": 149, "contact_id": 11, "type": "mailing", "city": "Dallas", "created_at": AT}]),
    );
}

#[test]
fn the_documents_addresses_come_back_as_a_page_and_one_by_one() {
    let tenant = TestTenant::new();
    arranged(&tenant);
    let owner = tenant.liondesk(0);

    let r = owner.get("//contacts/10/addresses");

    assert_eq!(
        (r.status, &r.body),
        (200, &json!({"total": 2, "limit": 10, "skip": 0, "data": [home(), investment()]})),
        "{}",
        r.text
    );
    assert_eq!(r.header("allow"), Some("GET,POST,PATCH,DELETE"));
    assert_eq!(owner.get("/contacts/10/addresses/148").body, investment());
    let mailing = json!({"id": "149", "type": "Mailing", "street_address_1": null, "street_address_2": null, "zip": null,
                         "city": "Dallas", "state": null, "created_at": AT, "modified_at": AT});
    assert_eq!(owner.get("/contacts/11/addresses/149").body, mailing);
    let r = owner.get("/contacts/10/addresses/149");
    assert_eq!((r.status, r.body), (404, feathers_not_found("149")), "an address of another contact");
    assert_eq!(
        owner.get("/contacts/10").body,
        contact(10, 1, json!({"assigned_user_id": 2, "addresses": [embedded(home()), embedded(investment())]}))
    );
}

#[test]
fn submitting_the_documents_address_answers_201_stamped_by_the_clock() {
    let (_app, tenant) = frozen_at("2024-06-01T12:00:00Z");
    let owner = tenant.liondesk(0);
    owner.post("/contacts", &json!({"first_name": "Bill", "created_at": AT, "modified_at": AT}));

    let r = owner.post(
        "/contacts/1/addresses",
        &json!({"type": "Main Office", "street_address_1": "5045 Herman Knoll", "street_address_2": null, "zip": "39246-5277",
                "city": "Berniermouth", "state": "West Virginia", "id": 99, "created_at": AT}),
    );

    let now = "2024-06-01T12:00:00.000Z";
    let expected = json!({"id": "1", "type": "Main Office", "street_address_1": "5045 Herman Knoll", "street_address_2": null,
        "zip": "39246-5277", "city": "Berniermouth", "state": "West Virginia", "created_at": now, "modified_at": now});
    assert_eq!((r.status, &r.body), (201, &expected), "{}", r.text);
    assert_eq!(owner.get("/contacts/1/addresses/1").body, expected);
    assert_eq!(owner.get("/contacts/1").body["addresses"], json!([embedded(expected)]));
}

#[test]
fn updating_merges_and_stamps_and_removing_answers_the_address_removed() {
    let (_app, tenant) = frozen_at("2024-06-01T12:00:00Z");
    arranged(&tenant);
    let owner = tenant.liondesk(0);

    let r = owner
        .patch("/contacts/10/addresses/147", &json!({"street_address_2": "Unit 4", "type": "second home", "modified_at": AT}));

    let mut expected = home();
    expected["street_address_2"] = json!("Unit 4");
    expected["type"] = json!("Second Home");
    expected["modified_at"] = json!("2024-06-01T12:00:00.000Z");
    assert_eq!((r.status, &r.body), (200, &expected), "{}", r.text);
    let r = owner.delete("/contacts/10/addresses/148");
    assert_eq!((r.status, r.body), (200, investment()));
    let r = owner.get("/contacts/10/addresses/148");
    assert_eq!((r.status, r.body), (404, feathers_not_found("148")));
    assert_eq!(owner.get("/contacts/10").body["addresses"], json!([embedded(expected)]));
}

#[test]
fn find_narrows_a_contacts_addresses_with_feathers_operators() {
    let tenant = TestTenant::new();
    arranged(&tenant);
    let owner = tenant.liondesk(0);
    owner.post("/contacts/10/addresses", &json!({"type": "Home", "city": "Vancouver", "zip": "V5K 0A1"}));

    assert_eq!(string_ids(&owner.get("/contacts/10/addresses?type=home")), ["147", "150"]);
    assert_eq!(
        string_ids(&owner.get("/contacts/10/addresses?city[$in]=Vancouver&city[$in]=Dallas&$sort[zip]=-1")),
        ["148", "150"]
    );
    assert_eq!(string_ids(&owner.get("/contacts/10/addresses?created_at[$lt]=2018-01-01")), ["147", "148"]);
    assert_eq!(
        string_ids(&owner.get("/contacts/10/addresses?street_address_2[$ne]=Kitsilano")),
        Vec::<String>::new(),
        "$ne skips NULLs"
    );
    assert_eq!(string_ids(&owner.get("/contacts/10/addresses?contact_id=11")), Vec::<String>::new(), "only the path's contact");
    let r = owner.get("/contacts/10/addresses?$select[]=city&$limit=1&$skip=1");
    assert_eq!(r.body, json!({"total": 3, "limit": 1, "skip": 1, "data": [{"id": "148", "city": "Vancouver"}]}));
}

#[test]
fn whoever_may_see_the_contact_may_see_and_change_its_addresses() {
    let tenant = TestTenant::new();
    arranged(&tenant);
    let teammate = tenant.liondesk(1);

    assert_eq!(string_ids(&teammate.get("/contacts/10/addresses")), ["147", "148"], "assigned to the teammate");
    let r = teammate.patch("/contacts/10/addresses/147", &json!({"zip": "64031"}));
    assert_eq!((r.status, &r.body["zip"]), (200, &json!("64031")));
    let r = teammate.post("/contacts/10/addresses", &json!({"type": "Branch Office"}));
    assert_eq!((r.status, &r.body["id"]), (201, &json!("150")));
    let r = teammate.delete("/contacts/10/addresses/150");
    assert_eq!((r.status, &r.body["type"]), (200, &json!("Branch Office")));

    for r in [
        teammate.get("/contacts/11/addresses"),
        teammate.get("/contacts/11/addresses/149"),
        teammate.post("/contacts/11/addresses", &json!({"city": "Austin"})),
        teammate.patch("/contacts/11/addresses/149", &json!({"city": "Austin"})),
        teammate.delete("/contacts/11/addresses/149"),
    ] {
        assert_eq!((r.status, r.body), (404, feathers_not_found("11")), "the teammate and a private contact");
    }
    let outsider = tenant.liondesk(2);
    let r = outsider.get("/contacts/10/addresses/147");
    assert_eq!((r.status, r.body), (404, feathers_not_found("10")), "the outsider");
    let r = TestTenant::new().liondesk(0).get("/contacts/10/addresses");
    assert_eq!((r.status, r.body), (404, feathers_not_found("10")), "another tenant's owner");
    assert_eq!(tenant.liondesk(0).get("/contacts/11/addresses/149").body["city"], json!("Dallas"), "unchanged");
}

#[test]
fn with_team_sharing_teammates_reach_each_others_contacts_addresses() {
    let tenant = TestTenant::new();
    arranged(&tenant);
    tenant.arrange("liondesk", "team_settings", json!([{"team_id": 1, "is_contact_resource_sharing_enabled": true}]));

    let r = tenant.liondesk(1).patch("/contacts/11/addresses/149", &json!({"state": "Texas"}));
    assert_eq!((r.status, &r.body["state"]), (200, &json!("Texas")));
    let r = tenant.liondesk(0).post("/contacts/12/addresses", &json!({"type": "Investment"}));
    assert_eq!(r.status, 201, "{}", r.text);
    let r = tenant.liondesk(2).get("/contacts/12/addresses");
    assert_eq!((r.status, r.body), (404, feathers_not_found("12")), "the outsider still not");
}

#[test]
fn address_bodies_are_held_to_the_documented_limits() {
    let tenant = TestTenant::new();
    arranged(&tenant);
    let owner = tenant.liondesk(0);
    let types = "must be one of: Home, Main Office, Branch Office, Second Home, Investment, Mailing";

    let cases = [
        (
            "street_address_1",
            json!("s".repeat(46)),
            feathers_invalid("street_address_1", "must be at most 45 characters", json!("s".repeat(46))),
        ),
        (
            "street_address_2",
            json!("s".repeat(46)),
            feathers_invalid("street_address_2", "must be at most 45 characters", json!("s".repeat(46))),
        ),
        ("zip", json!("9".repeat(46)), feathers_invalid("zip", "must be at most 45 characters", json!("9".repeat(46)))),
        ("city", json!("c".repeat(201)), feathers_invalid("city", "must be at most 200 characters", json!("c".repeat(201)))),
        ("state", json!("s".repeat(201)), feathers_invalid("state", "must be at most 200 characters", json!("s".repeat(201)))),
        ("type", json!("Castle"), feathers_invalid("type", types, json!("Castle"))),
        ("type", json!(""), feathers_invalid("type", types, json!(""))),
        ("city", json!(true), feathers_invalid("city", "must be a string", json!(true))),
    ];
    for (field, value, expected) in cases {
        let body = json!({ field: value });
        let r = owner.post("/contacts/10/addresses", &body);
        assert_eq!((r.status, &r.body), (400, &expected), "POST {body}");
        let r = owner.patch("/contacts/10/addresses/147", &body);
        assert_eq!((r.status, &r.body), (400, &expected), "PATCH {body}");
    }
    let r = owner.post("/contacts/10/addresses", &json!({"city": "c".repeat(200), "zip": "9".repeat(45)}));
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(owner.get("/contacts/10/addresses/147").body, home(), "nothing changed");
    assert_eq!(string_ids(&owner.get("/contacts/10/addresses")), ["147", "148", "150"]);
}

#[test]
fn update_and_the_multi_methods_are_405_and_ids_must_name_records() {
    let tenant = TestTenant::new();
    arranged(&tenant);
    let owner = tenant.liondesk(0);
    let error = feathers_method_not_allowed;

    let r = owner.send("PUT", "/contacts/10/addresses/147", Some(b"{}"));
    assert_eq!((r.status, &r.body), (405, &error("Method `update` is not supported by this endpoint.")));
    assert_eq!(r.header("allow"), Some("GET,POST,PATCH,DELETE"));
    let r = owner.patch("/contacts/10/addresses", &json!({"city": "x"}));
    assert_eq!((r.status, r.body), (405, error("Can not patch multiple entries")));
    let r = owner.delete("/contacts/10/addresses");
    assert_eq!((r.status, r.body), (405, error("Can not remove multiple entries")));
    let r = owner.post("/contacts/10/addresses", &json!([{"city": "x"}]));
    assert_eq!((r.status, r.body), (405, error("Can not create multiple entries")));
    let r = owner.get("/contacts/ten/addresses");
    assert_eq!((r.status, r.body), (404, feathers_not_found("ten")));
    let r = owner.delete("/contacts/10/addresses/0");
    assert_eq!((r.status, r.body), (404, feathers_not_found("0")));
    assert_eq!(string_ids(&owner.get("/contacts/10/addresses")), ["147", "148"]);
}

#[test]
fn removing_a_contact_removes_its_addresses() {
    let tenant = TestTenant::new();
    arranged(&tenant);
    let owner = tenant.liondesk(0);

    let r = owner.delete("/contacts/10");

    assert_eq!(r.body["addresses"], json!([embedded(home()), embedded(investment())]));
    let r = owner.get("/contacts/10/addresses");
    assert_eq!((r.status, r.body), (404, feathers_not_found("10")));
    let r = tenant.try_arrange("liondesk", "addresses", json!([{"contact_id": 10, "city": "Gone"}]));
    assert_eq!((r.status, &r.body["message"]), (400, &json!("record 0: contact_id: contact 10 does not exist")));
}

//! Contacts: create (201 `{"contact"}`), get, update (`succeded`), delete, the duplicate rule,
//! upsert and tags.

use serde_json::json;

use super::{Lc, no_contact, scrub};
use crate::helpers::{TestTenant, post_json};

#[test]
fn a_created_contact_is_answered_201_and_read_back_with_every_field() {
    let lc = Lc::of(&TestTenant::new());
    let location = lc.location();
    let body = json!({
        "locationId": location, "firstName": "Rosan", "lastName": "Deo", "email": "Rosan@Deos.com",
        "phone": "+1 888-888-8888", "address1": "3535 1st St N", "city": "Dolomite", "state": "AL",
        "postalCode": "35061", "website": "https://www.tesla.com", "timezone": "America/Chihuahua", "dnd": true,
        "dndSettings": {"Call": {"status": "active", "message": "no calls", "code": "101"}},
        "inboundDndSettings": {"all": {"status": "inactive"}}, "tags": ["vip", " vip", "lead"],
        "customFields": [{"id": "6dvNaf7VhkQ9snc5vnjJ", "field_value": "9039160788"}], "source": "public api",
        "dateOfBirth": "09/25/1990", "country": "US", "companyName": "DGS VolMAX", "assignedTo": "y0BeYjuRIlDwsDcOHOJo",
        "gender": "male",
    });
    let r = lc.post("/contacts/", &body);
    assert_eq!(r.status, 201, "{}", r.text);
    let id = r.body["contact"]["id"].as_str().unwrap().to_owned();
    assert!(id.len() == 20 && id.bytes().all(|b| b.is_ascii_alphanumeric()), "{id}");
    let dnd = json!({"Call": {"status": "active", "message": "no calls", "code": "101"}});
    let custom = json!([{"id": "6dvNaf7VhkQ9snc5vnjJ", "value": "9039160788"}]);
    assert_eq!(
        scrub(&r.body, &[(&id, "<id>"), (&location, "<location>")]),
        json!({"contact": {
            "id": "<id>", "dateAdded": "<ts>", "dateUpdated": "<ts>", "deleted": false, "tags": ["vip", "lead"], "type": "lead",
            "customFields": custom, "locationId": "<location>", "firstName": "Rosan", "firstNameLowerCase": "rosan",
            "fullNameLowerCase": "rosan deo", "lastName": "Deo", "lastNameLowerCase": "deo", "email": "Rosan@Deos.com",
            "emailLowerCase": "rosan@deos.com", "dnd": true, "dndSettings": dnd, "phone": "+18888888888",
            "address1": "3535 1st St N", "city": "Dolomite", "state": "AL", "country": "US", "postalCode": "35061",
            "website": "https://www.tesla.com", "source": "public api", "companyName": "DGS VolMAX",
            "dateOfBirth": "1990-09-25T00:00:00.000Z", "birthMonth": 8, "birthDay": 25, "assignedTo": "y0BeYjuRIlDwsDcOHOJo",
        }})
    );

    let r = lc.get(&format!("/contacts/{id}"));
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(
        scrub(&r.body, &[(&id, "<id>"), (&location, "<location>")]),
        json!({"contact": {
            "id": "<id>", "name": "Rosan Deo", "locationId": "<location>", "firstName": "Rosan", "lastName": "Deo",
            "email": "Rosan@Deos.com", "emailLowerCase": "rosan@deos.com", "timezone": "America/Chihuahua",
            "companyName": "DGS VolMAX", "phone": "+18888888888", "dnd": true, "dndSettings": dnd, "type": "lead",
            "source": "public api", "assignedTo": "y0BeYjuRIlDwsDcOHOJo", "address1": "3535 1st St N", "city": "Dolomite",
            "state": "AL", "country": "US", "postalCode": "35061", "website": "https://www.tesla.com", "tags": ["vip", "lead"],
            "dateOfBirth": "1990-09-25", "dateAdded": "<ts>", "dateUpdated": "<ts>", "firstNameLowerCase": "rosan",
            "fullNameLowerCase": "rosan deo", "lastNameLowerCase": "deo", "customFields": custom,
        }})
    );
}

#[test]
fn an_update_changes_only_the_fields_given_and_answers_succeded() {
    let lc = Lc::of(&TestTenant::new());
    let location = lc.location();
    let id = lc.create_contact(json!({"firstName": "Ann", "email": "ann@example.com", "city": "Oslo", "tags": ["a"],
        "customFields": [{"id": "f1", "field_value": "one"}, {"id": "f2", "field_value": ["x", "y"]}]}));
    let r = lc.put(
        &format!("/contacts/{id}"),
        &json!({"lastName": "Lee", "city": null, "tags": ["b"], "customFields": [{"key": "f1", "field_value": 7}, {"id": "f2", "field_value": ""}]}),
    );
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(
        scrub(&r.body, &[(&id, "<id>"), (&location, "<location>")]),
        json!({"succeded": true, "contact": {
            "id": "<id>", "name": "Ann Lee", "locationId": "<location>", "firstName": "Ann", "lastName": "Lee",
            "email": "ann@example.com", "emailLowerCase": "ann@example.com", "dnd": false, "type": "lead",
            "source": "public api", "tags": ["b"], "dateAdded": "<ts>", "dateUpdated": "<ts>", "firstNameLowerCase": "ann",
            "fullNameLowerCase": "ann lee", "lastNameLowerCase": "lee", "customFields": [{"id": "f1", "value": 7}],
        }})
    );
    let r = lc.send_with("PUT", &format!("/contacts/{id}"), &[("Version", "v3")], Some(&json!({})));
    assert_eq!((r.status, r.body["succeeded"].clone(), r.body["succeded"].clone()), (200, json!(true), json!(true)));
}

#[test]
fn a_deleted_contact_takes_its_tasks_and_notes_with_it() {
    let lc = Lc::of(&TestTenant::new());
    let id = lc.create_contact(json!({"firstName": "Gone"}));
    let task =
        lc.post(&format!("/contacts/{id}/tasks"), &json!({"title": "t", "dueDate": "2030-01-01T10:00:00Z", "completed": false}));
    assert_eq!(task.status, 201, "{}", task.text);
    let r = lc.delete(&format!("/contacts/{id}"));
    assert_eq!((r.status, r.body), (200, json!({"succeded": true})));
    for path in [format!("/contacts/{id}"), format!("/contacts/{id}/tasks"), format!("/contacts/{id}/notes")] {
        let r = lc.get(&path);
        assert_eq!((r.status, r.body), (400, no_contact(&id)), "{path}");
    }
    let r = lc.delete(&format!("/contacts/{id}"));
    assert_eq!((r.status, r.body), (400, no_contact(&id)));
}

#[test]
fn unknown_contact_ids_are_the_observed_400() {
    let lc = Lc::of(&TestTenant::new());
    let other = Lc::of(&TestTenant::new());
    let theirs = other.create_contact(json!({"firstName": "Theirs"}));
    for (method, path, body) in [
        ("GET", "/contacts/lookup".to_owned(), None),
        ("GET", format!("/contacts/{theirs}"), None),
        ("PUT", format!("/contacts/{theirs}"), Some(json!({"firstName": "Mine"}))),
        ("DELETE", format!("/contacts/{theirs}"), None),
        ("GET", format!("/contacts/{theirs}/appointments"), None),
        ("POST", format!("/contacts/{theirs}/tags"), Some(json!({"tags": ["x"]}))),
        ("POST", format!("/contacts/{theirs}/notes"), Some(json!({"body": "x"}))),
    ] {
        let r = lc.send(method, &path, body.as_ref());
        let id = path.split('/').nth(2).unwrap();
        assert_eq!((r.status, r.body), (400, no_contact(id)), "{method} {path}");
    }
    assert_eq!(other.get(&format!("/contacts/{theirs}")).body["contact"]["firstName"], json!("Theirs"));
}

#[test]
fn a_location_that_forbids_duplicates_refuses_a_matching_email_then_phone() {
    let tenant = TestTenant::new();
    let lc = Lc::of(&tenant);
    let first =
        lc.create_contact(json!({"firstName": "Ann", "lastName": "Lee", "email": "ann@example.com", "phone": "+15550100001"}));
    let second = lc.create_contact(json!({"firstName": "Bob", "phone": "+15550100002"}));
    let refused = |matching: &str, id: &str, name: &str| {
        json!({"statusCode": 400, "message": "This location does not allow duplicated contacts.",
               "meta": {"contactId": id, "contactName": name, "matchingField": matching}})
    };
    let body = json!({"locationId": lc.location(), "email": "ANN@example.com", "phone": "+1 555 010 0002"});
    let r = lc.post("/contacts/", &body);
    assert_eq!((r.status, r.body), (400, refused("email", &first, "Ann Lee")));
    let r = lc.post("/contacts/", &json!({"locationId": lc.location(), "phone": "(555) 010-0002"}));
    assert_eq!((r.status, r.body), (400, refused("phone", &second, "Bob")));
    let r = lc.put(&format!("/contacts/{second}"), &json!({"email": "ann@example.com"}));
    assert_eq!((r.status, r.body), (400, refused("email", &first, "Ann Lee")));

    let settings = format!("{}/__admin/tenants/{}/leadconnector/settings", tenant.base, tenant.id);
    let r = post_json(&settings, &json!({"allowDuplicateContact": true}));
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(lc.post("/contacts/", &body).status, 201);
}

#[test]
fn an_upsert_updates_the_match_by_email_else_creates() {
    let lc = Lc::of(&TestTenant::new());
    let location = lc.location();
    let r = lc.post("/contacts/upsert", &json!({"locationId": location, "email": "up@example.com", "firstName": "Up"}));
    assert_eq!((r.status, r.body["new"].clone()), (200, json!(true)), "{}", r.text);
    let id = r.body["contact"]["id"].as_str().unwrap().to_owned();
    let trace = r.body["traceId"].as_str().unwrap().to_owned();
    let r = lc.post("/contacts/upsert", &json!({"locationId": location, "email": "UP@example.com", "lastName": "Date"}));
    assert_eq!(r.status, 200, "{}", r.text);
    let trace2 = r.body["traceId"].as_str().unwrap().to_owned();
    assert_ne!(trace, trace2);
    assert_eq!(
        scrub(&r.body, &[(&id, "<id>"), (&location, "<location>"), (&trace2, "<trace>")]),
        json!({"new": false, "succeded": true, "succeeded": true, "contact": {
            "id": "<id>", "name": "Up Date", "locationId": "<location>", "firstName": "Up", "lastName": "Date",
            "email": "UP@example.com", "emailLowerCase": "up@example.com", "dnd": false, "type": "lead", "source": "public api",
            "tags": [], "dateAdded": "<ts>", "dateUpdated": "<ts>", "firstNameLowerCase": "up", "fullNameLowerCase": "up date",
            "lastNameLowerCase": "date", "customFields": [],
        }, "traceId": "<trace>"})
    );
}

#[test]
fn tags_are_added_as_a_set_union_and_removed() {
    let lc = Lc::of(&TestTenant::new());
    let id = lc.create_contact(json!({"tags": ["a", "b"]}));
    let r = lc.post(&format!("/contacts/{id}/tags"), &json!({"tags": ["b", "c", " d "]}));
    assert_eq!((r.status, r.body), (201, json!({"tags": ["a", "b", "c", "d"]})));
    let r = lc.send("DELETE", &format!("/contacts/{id}/tags"), Some(&json!({"tags": ["a", "c", "zz"]})));
    assert_eq!((r.status, r.body), (200, json!({"tags": ["b", "d"]})));
    assert_eq!(lc.get(&format!("/contacts/{id}")).body["contact"]["tags"], json!(["b", "d"]));
    let r = lc.post(&format!("/contacts/{id}/tags"), &json!({"tags": "x"}));
    assert_eq!(
        (r.status, r.body),
        (422, super::unprocessable(&["tags must be an array", "each value in tags must be a string"]))
    );
}

#[test]
fn the_duplicate_lookup_finds_by_email_then_number() {
    let lc = Lc::of(&TestTenant::new());
    let location = lc.location();
    let id = lc.create_contact(json!({"firstName": "Dup", "email": "dup@example.com", "phone": "+15550100009"}));
    for query in ["email=DUP@example.com", "number=(555)%20010-0009", "email=other@example.com&number=5550100009"] {
        let r = lc.get(&format!("/contacts/search/duplicate?locationId={location}&{query}"));
        assert_eq!((r.status, r.body["contact"]["id"].clone()), (200, json!(id)), "{query}: {}", r.text);
    }
    let r = lc.get(&format!("/contacts/search/duplicate?locationId={location}&email=nobody@example.com"));
    assert_eq!((r.status, r.body), (200, json!({"contact": null})));
    let r = lc.get("/contacts/search/duplicate?email=dup@example.com");
    assert_eq!(
        (r.status, r.body),
        (422, super::unprocessable(&["locationId should not be empty", "locationId must be a string"]))
    );
}

/// A list and a search read again after an update answer the contact as it is now (what a page
/// reads is kept only until a commit).
#[test]
fn a_list_and_a_search_read_again_after_an_update_answer_the_contact_as_changed() {
    let lc = Lc::of(&TestTenant::new());
    let id = lc.create_contact(json!({"firstName": "Ann", "lastName": "Lee", "email": "ann@example.com"}));
    let list = format!("/contacts/?locationId={}&limit=10", lc.location());
    let search = format!("/contacts/?locationId={}&query=lee&limit=10", lc.location());
    let first_names = |path: &str| -> Vec<serde_json::Value> {
        let r = lc.get(path);
        assert_eq!(r.status, 200, "{}", r.text);
        r.body["contacts"].as_array().unwrap().iter().map(|c| c["firstName"].clone()).collect()
    };
    for _ in 0..2 {
        assert_eq!((first_names(&list), first_names(&search)), (vec![json!("Ann")], vec![json!("Ann")]));
    }
    assert_eq!(lc.put(&format!("/contacts/{id}"), &json!({"firstName": "Anna"})).status, 200);
    assert_eq!((first_names(&list), first_names(&search)), (vec![json!("Anna")], vec![json!("Anna")]));
}

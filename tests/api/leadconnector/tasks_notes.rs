//! Tasks (`{"tasks"}`, `{"task"}`, completed, `{"succeded": true}`), notes (`{"notes"}` newest
//! first, `{"note"}`) and appointments (`{"events"}`) of a contact.

use serde_json::json;

use super::{Lc, nest, no_contact, scrub, unprocessable};
use crate::helpers::TestTenant;

#[test]
fn tasks_are_created_read_updated_completed_and_deleted() {
    let lc = Lc::of(&TestTenant::new());
    let contact = lc.create_contact(json!({"firstName": "Tasked"}));
    let base = format!("/contacts/{contact}/tasks");
    let r = lc.post(
        &base,
        &json!({"title": "Call", "body": "about the offer", "dueDate": "2030-01-02T09:30:00+01:00", "completed": false}),
    );
    assert_eq!(r.status, 201, "{}", r.text);
    let id = r.body["task"]["id"].as_str().unwrap().to_owned();
    let ids = [(id.as_str(), "<task>"), (contact.as_str(), "<contact>")];
    let task = json!({"id": "<task>", "title": "Call", "body": "about the offer", "dueDate": "2030-01-02T08:30:00.000Z", "completed": false, "contactId": "<contact>"});
    assert_eq!(scrub(&r.body, &ids), json!({ "task": task }));
    let second = lc.post(&base, &json!({"title": "Mail", "dueDate": "2030-02-01", "completed": true, "assignedTo": "u1"}));
    assert_eq!(second.status, 201);
    let second_id = second.body["task"]["id"].as_str().unwrap().to_owned();

    let r = lc.get(&base);
    let all = [(id.as_str(), "<task>"), (second_id.as_str(), "<second>"), (contact.as_str(), "<contact>")];
    let mail = json!({"id": "<second>", "title": "Mail", "assignedTo": "u1", "dueDate": "2030-02-01T00:00:00.000Z", "completed": true, "contactId": "<contact>"});
    assert_eq!((r.status, scrub(&r.body, &all)), (200, json!({"tasks": [task, mail]})));
    let r = lc.get(&format!("{base}/{id}"));
    assert_eq!((r.status, scrub(&r.body, &ids)), (200, json!({ "task": task })));

    let r = lc.put(&format!("{base}/{id}"), &json!({"title": "Call back", "body": null}));
    let changed = json!({"id": "<task>", "title": "Call back", "dueDate": "2030-01-02T08:30:00.000Z", "completed": false, "contactId": "<contact>"});
    assert_eq!((r.status, scrub(&r.body, &ids)), (200, json!({ "task": changed })));
    let r = lc.put(&format!("{base}/{id}/completed"), &json!({"completed": true}));
    assert_eq!((r.status, r.body["task"]["completed"].clone()), (200, json!(true)));
    let r = lc.put(&format!("{base}/{id}/completed"), &json!({}));
    assert_eq!((r.status, r.body), (422, unprocessable(&["completed should not be empty", "completed must be a boolean value"])));

    let r = lc.delete(&format!("{base}/{id}"));
    assert_eq!((r.status, r.body), (200, json!({"succeded": true})));
    for (method, path) in
        [("GET", format!("{base}/{id}")), ("DELETE", format!("{base}/{id}")), ("PUT", format!("{base}/{id}/completed"))]
    {
        let r = lc.send(method, &path, Some(&json!({"completed": true})));
        assert_eq!((r.status, r.body), (400, nest(400, &format!("Task with id {id} not found"))), "{method} {path}");
    }
    let r = lc.post(&base, &json!({"body": "x", "dueDate": "soon"}));
    assert_eq!(
        (r.status, r.body),
        (
            422,
            unprocessable(&[
                "title should not be empty",
                "title must be a string",
                "completed should not be empty",
                "completed must be a boolean value"
            ])
        )
    );
    let r = lc.post(&base, &json!({"title": "x", "dueDate": "soon", "completed": false}));
    assert_eq!((r.status, r.body), (422, unprocessable(&["dueDate must be a valid ISO 8601 date string"])));
}

#[test]
fn notes_are_listed_newest_first_and_changed() {
    let lc = Lc::of(&TestTenant::new());
    let contact = lc.create_contact(json!({"firstName": "Noted"}));
    let base = format!("/contacts/{contact}/notes");
    let r = lc
        .post(&base, &json!({"body": "lorem ipsum", "userId": "GCs5KuzPqTls7vWclkEV", "title": "Follow-up", "color": "#FFAA00"}));
    assert_eq!(r.status, 201, "{}", r.text);
    let id = r.body["note"]["id"].as_str().unwrap().to_owned();
    let ids = [(id.as_str(), "<note>"), (contact.as_str(), "<contact>")];
    let note = json!({"id": "<note>", "body": "lorem ipsum", "userId": "GCs5KuzPqTls7vWclkEV", "dateAdded": "<ts>",
                      "contactId": "<contact>", "title": "Follow-up", "color": "#FFAA00", "pinned": false});
    assert_eq!(scrub(&r.body, &ids), json!({ "note": note }));
    let r = lc.get(&format!("{base}/{id}"));
    assert_eq!((r.status, scrub(&r.body, &ids)), (200, json!({ "note": note })));
    let r = lc.put(&format!("{base}/{id}"), &json!({"pinned": true, "color": null}));
    let pinned = json!({"id": "<note>", "body": "lorem ipsum", "userId": "GCs5KuzPqTls7vWclkEV", "dateAdded": "<ts>",
                        "contactId": "<contact>", "title": "Follow-up", "pinned": true});
    assert_eq!((r.status, scrub(&r.body, &ids)), (200, json!({ "note": pinned })));
    let r = lc.get(&base);
    assert_eq!((r.status, scrub(&r.body, &ids)), (200, json!({"notes": [pinned]})));
    let r = lc.post(&base, &json!({"title": "no body"}));
    assert_eq!((r.status, r.body), (422, unprocessable(&["body should not be empty", "body must be a string"])));
    let r = lc.delete(&format!("{base}/{id}"));
    assert_eq!((r.status, r.body), (200, json!({"succeded": true})));
    let r = lc.get(&format!("{base}/{id}"));
    assert_eq!((r.status, r.body), (400, nest(400, &format!("Note with id {id} not found"))));
    let r = lc.get(&base);
    assert_eq!((r.status, r.body), (200, json!({"notes": []})));
}

#[test]
fn appointments_are_the_contacts_arranged_events() {
    let tenant = TestTenant::new();
    let lc = Lc::of(&tenant);
    let contact = lc.create_contact(json!({"firstName": "Booked"}));
    let ids = tenant.arrange(
        "leadconnector",
        "appointments",
        json!([
            {"id": "YS3jaqqeehkR2Is80miy", "contactId": contact, "calendarId": "YlWd2wuCAZQzh2cH1fVZ", "title": "Later",
             "startTime": "2021-07-16 11:00:00", "endTime": "2021-07-16 11:30:00", "users": ["u1"]},
            {"contactId": contact, "title": "Sooner", "startTime": "2021-07-15 09:00:00", "appointmentStatus": "confirmed"},
        ]),
    );
    let second = ids[1].as_str().unwrap();
    let r = lc.get(&format!("/contacts/{contact}/appointments"));
    let location = lc.location();
    assert_eq!(
        (r.status, scrub(&r.body, &[(second, "<second>"), (&contact, "<contact>"), (&location, "<location>")])),
        (
            200,
            json!({"events": [
                {"id": "<second>", "status": "booked", "title": "Sooner", "startTime": "2021-07-15 09:00:00",
                 "locationId": "<location>", "contactId": "<contact>", "appointmentStatus": "confirmed"},
                {"id": "YS3jaqqeehkR2Is80miy", "calendarId": "YlWd2wuCAZQzh2cH1fVZ", "status": "booked", "title": "Later",
                 "startTime": "2021-07-16 11:00:00", "endTime": "2021-07-16 11:30:00", "locationId": "<location>",
                 "contactId": "<contact>", "appointmentStatus": "booked", "users": ["u1"]},
            ]})
        )
    );
    let r = lc.get("/contacts/nobody/appointments");
    assert_eq!((r.status, r.body), (400, no_contact("nobody")));
}

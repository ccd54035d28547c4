//! LeadConnector's webhook events (HighLevel's webhook documents): each write announces its
//! documented event, a flat JSON body with `type`, `locationId`, the record's fields,
//! `timestamp` and `webhookId`, signed in `x-wh-signature` with the emulator's published key.

use serde_json::{Value, json};

use super::Lc;
use crate::extending::receiver::{Receiver, public_key, signed_by};
use crate::helpers::{TestApp, TestTenant, admin_error, get, post_json, put_json, spawn_app};

const NOW: &str = "2024-05-01T09:00:00.000Z";

/// A server of its own with the clock frozen at `NOW`, a tenant, and a receiver subscribed to
/// `events` of the tenant's location (the vendor left for the admin API to infer).
fn subscribed(events: &[&str]) -> (TestApp, TestTenant, Lc, Receiver) {
    let app = spawn_app();
    let r = put_json(&app.url("/__admin/clock"), &json!({"now": NOW, "frozen": true}));
    assert_eq!(r.status, 200, "{}", r.text);
    let tenant = app.new_tenant();
    let receiver = Receiver::start(&[]);
    let r = post_json(&app.url("/__admin/webhooks"), &json!({"tenant": tenant.id, "url": receiver.url, "events": events}));
    assert_eq!((r.status, &r.body["vendor"]), (201, &json!("leadconnector")), "{}", r.text);
    let lc = Lc::of(&tenant);
    (app, tenant, lc, receiver)
}

/// The `n`th body the receiver got (1-based), once it has, after checking its signature.
fn event(app: &TestApp, receiver: &Receiver, n: usize) -> Value {
    let got = receiver.wait_for(n);
    assert!(signed_by(&got[n - 1], &public_key(app.server.base_url())), "signed with the published key");
    let body = got[n - 1].json();
    assert_eq!(body["timestamp"], json!(NOW), "{body}");
    assert!(body["webhookId"].as_str().is_some_and(|id| id.len() == 36), "{body}");
    body
}

/// `fields` led by `type` and `locationId` and followed by `appId` (the client id before its
/// `-`), `timestamp` and `webhookId` (taken from `got`), as every event is.
fn stamped(event: &str, lc: &Lc, fields: Value, got: &Value) -> Value {
    let mut body = json!({"type": event, "locationId": lc.location()});
    body.as_object_mut().unwrap().extend(fields.as_object().unwrap().clone());
    let client_id = lc.credentials["client_id"].as_str().expect("client_id");
    body["appId"] = json!(client_id.split('-').next().unwrap());
    body["timestamp"] = json!(NOW);
    body["webhookId"] = got["webhookId"].clone();
    body
}

/// Asserts `got` is `want` key for key, in order (the bytes signed follow the documents' order).
fn same(got: &Value, want: &Value) {
    assert_eq!(got.to_string(), want.to_string());
}

#[test]
fn a_contacts_writes_send_the_documented_contact_events() {
    let (app, _tenant, lc, receiver) =
        subscribed(&["ContactCreate", "ContactUpdate", "ContactDelete", "ContactTagUpdate", "ContactDndUpdate"]);
    let id = lc.create_contact(json!({
        "firstName": "Rubika", "lastName": "Deo", "email": "rubika@deos.com", "phone": "+18887324197",
        "city": "Springfield", "tags": ["lead"], "dateOfBirth": "1990-09-25",
    }));
    let contact = json!({
        "id": id, "city": "Springfield", "source": "public api", "dateAdded": NOW,
        "dateOfBirth": "1990-09-25T00:00:00.000Z", "dnd": false, "email": "rubika@deos.com", "name": "Rubika Deo",
        "firstName": "Rubika", "lastName": "Deo", "phone": "+18887324197", "tags": ["lead"], "attachments": [],
        "customFields": [],
    });
    let got = event(&app, &receiver, 1);
    same(&got, &stamped("ContactCreate", &lc, contact.clone(), &got));

    let r = lc.put(&format!("/contacts/{id}"), &json!({"companyName": "Deo Corp"}));
    assert_eq!(r.status, 200, "{}", r.text);
    let got = event(&app, &receiver, 2);
    assert_eq!((&got["type"], &got["companyName"]), (&json!("ContactUpdate"), &json!("Deo Corp")), "{got}");

    let r = lc.post(&format!("/contacts/{id}/tags"), &json!({"tags": ["vip"]}));
    assert_eq!(r.status, 201, "{}", r.text);
    let got = event(&app, &receiver, 3);
    assert_eq!((&got["type"], &got["tags"]), (&json!("ContactTagUpdate"), &json!(["lead", "vip"])), "{got}");
    let r = lc.post(&format!("/contacts/{id}/tags"), &json!({"tags": ["vip"]}));
    assert_eq!(r.status, 201, "tags already there change nothing, and send nothing: {}", r.text);

    let settings = json!({"SMS": {"status": "active", "message": "", "code": ""}});
    let r = lc.put(&format!("/contacts/{id}"), &json!({"dnd": true, "dndSettings": settings}));
    assert_eq!(r.status, 200, "{}", r.text);
    let got = event(&app, &receiver, 4);
    assert_eq!((&got["type"], &got["dnd"], &got["dndSettings"]), (&json!("ContactDndUpdate"), &json!(true), &settings), "{got}");

    let r = lc.put(&format!("/contacts/{id}"), &json!({"firstName": "Ruby", "tags": ["vip"]}));
    assert_eq!(r.status, 200, "{}", r.text);
    let (update, tags) = (event(&app, &receiver, 5), event(&app, &receiver, 6));
    assert_eq!((&update["type"], &update["firstName"]), (&json!("ContactUpdate"), &json!("Ruby")), "{update}");
    assert_eq!((&tags["type"], &tags["tags"]), (&json!("ContactTagUpdate"), &json!(["vip"])), "{tags}");
    assert!(update.get("dndSettings").is_none(), "dndSettings only in ContactDndUpdate: {update}");

    let r = lc.delete(&format!("/contacts/{id}"));
    assert_eq!(r.status, 200, "{}", r.text);
    let got = event(&app, &receiver, 7);
    assert_eq!((&got["type"], &got["id"], &got["firstName"]), (&json!("ContactDelete"), &json!(id), &json!("Ruby")), "{got}");
    assert_eq!(receiver.received().len(), 7);
}

#[test]
fn a_tasks_writes_send_create_complete_and_delete() {
    let (app, _tenant, lc, receiver) = subscribed(&["TaskCreate", "TaskComplete", "TaskDelete"]);
    let contact = lc.create_contact(json!({"firstName": "Task", "lastName": "Owner"}));
    let base = format!("/contacts/{contact}/tasks");
    let r = lc.post(&base, &json!({"title": "Call", "body": "about the offer", "dueDate": "2030-01-02T08:30:00Z", "completed": false, "assignedTo": "u1"}));
    assert_eq!(r.status, 201, "{}", r.text);
    let id = r.body["task"]["id"].as_str().expect("task id").to_owned();
    let task = json!({
        "id": id, "assignedTo": "u1", "body": "about the offer", "contactId": contact, "title": "Call",
        "dateAdded": NOW, "dueDate": "2030-01-02T08:30:00.000Z",
    });
    let got = event(&app, &receiver, 1);
    same(&got, &stamped("TaskCreate", &lc, task.clone(), &got));

    assert_eq!(lc.put(&format!("{base}/{id}"), &json!({"title": "Call back"})).status, 200, "no event for an edit");
    assert_eq!(lc.put(&format!("{base}/{id}/completed"), &json!({"completed": true})).status, 200);
    let got = event(&app, &receiver, 2);
    let mut completed = task.clone();
    completed["title"] = json!("Call back");
    same(&got, &stamped("TaskComplete", &lc, completed.clone(), &got));
    assert_eq!(lc.put(&format!("{base}/{id}/completed"), &json!({"completed": true})).status, 200, "already completed");

    assert_eq!(lc.delete(&format!("{base}/{id}")).status, 200);
    let got = event(&app, &receiver, 3);
    same(&got, &stamped("TaskDelete", &lc, completed, &got));
    assert_eq!(receiver.received().len(), 3);
}

#[test]
fn a_notes_writes_send_create_update_and_delete() {
    let (app, _tenant, lc, receiver) = subscribed(&["NoteCreate", "NoteUpdate", "NoteDelete"]);
    let contact = lc.create_contact(json!({"firstName": "Note", "lastName": "Owner"}));
    let base = format!("/contacts/{contact}/notes");
    let r = lc.post(&base, &json!({"body": "Loram ipsum"}));
    assert_eq!(r.status, 201, "{}", r.text);
    let id = r.body["note"]["id"].as_str().expect("note id").to_owned();
    let note = |body: &str| json!({"id": id, "body": body, "contactId": contact, "dateAdded": NOW});
    let got = event(&app, &receiver, 1);
    same(&got, &stamped("NoteCreate", &lc, note("Loram ipsum"), &got));

    assert_eq!(lc.put(&format!("{base}/{id}"), &json!({"body": "Dolor sit"})).status, 200);
    let got = event(&app, &receiver, 2);
    same(&got, &stamped("NoteUpdate", &lc, note("Dolor sit"), &got));

    assert_eq!(lc.delete(&format!("{base}/{id}")).status, 200);
    let got = event(&app, &receiver, 3);
    same(&got, &stamped("NoteDelete", &lc, note("Dolor sit"), &got));
}

#[test]
fn only_the_subscribed_events_are_sent_and_a_refused_write_sends_none() {
    let (app, tenant, lc, receiver) = subscribed(&["NoteCreate", "ContactCreate"]);
    let contact = lc.create_contact(json!({"firstName": "Only", "email": "only@example.com"}));
    let duplicate = lc.post("/contacts/", &json!({"locationId": lc.location(), "email": "only@example.com"}));
    assert_eq!(duplicate.status, 400, "{}", duplicate.text);
    assert_eq!(lc.put(&format!("/contacts/{contact}"), &json!({"lastName": "Once"})).status, 200);
    assert_eq!(lc.post(&format!("/contacts/{contact}/notes"), &json!({"body": "hi"})).status, 201);
    let types: Vec<Value> = (1..=2).map(|n| event(&app, &receiver, n)["type"].clone()).collect();
    assert_eq!(types, [json!("ContactCreate"), json!("NoteCreate")]);
    // The receiver has both bodies before the emulator records the second attempt's answer:
    // wait (polling, at most 10 s) for the log to hold them.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let r = loop {
        let r = get(&app.url(&format!("/__admin/webhooks/deliveries?tenant={}", tenant.id)));
        if r.body["deliveries"].as_array().is_some_and(|d| d.len() >= 2) || std::time::Instant::now() > deadline {
            break r;
        }
        std::thread::yield_now();
    };
    assert_eq!(r.body["deliveries"].as_array().map(Vec::len), Some(2), "{}", r.text);
}

#[test]
fn upsert_sends_create_for_a_new_contact_and_update_for_a_changed_one() {
    let (app, _tenant, lc, receiver) = subscribed(&["ContactCreate", "ContactUpdate"]);
    let body = json!({"locationId": lc.location(), "email": "up@example.com", "firstName": "Up"});
    let r = lc.post("/contacts/upsert", &body);
    assert_eq!((r.status, &r.body["new"]), (200, &json!(true)), "{}", r.text);
    assert_eq!(event(&app, &receiver, 1)["type"], json!("ContactCreate"));
    let mut changed = body.clone();
    changed["firstName"] = json!("Upper");
    let r = lc.post("/contacts/upsert", &changed);
    assert_eq!((r.status, &r.body["new"]), (200, &json!(false)), "{}", r.text);
    let got = event(&app, &receiver, 2);
    assert_eq!((&got["type"], &got["firstName"]), (&json!("ContactUpdate"), &json!("Upper")), "{got}");
}

#[test]
fn a_subscription_to_an_event_leadconnector_does_not_send_is_refused() {
    let app = spawn_app();
    let tenant = app.new_tenant();
    let r = post_json(
        &app.url("/__admin/webhooks"),
        &json!({"tenant": tenant.id, "url": "http://127.0.0.1:9/", "vendor": "leadconnector", "events": ["ContactCreate", "OpportunityCreate"]}),
    );
    let message = format!(
        "events: 'OpportunityCreate' is not an event of leadconnector (its events: {})",
        [
            "ContactCreate",
            "ContactUpdate",
            "ContactDelete",
            "ContactTagUpdate",
            "ContactDndUpdate",
            "TaskCreate",
            "TaskComplete",
            "TaskDelete",
            "NoteCreate",
            "NoteUpdate",
            "NoteDelete"
        ]
        .join(", ")
    );
    assert_eq!((r.status, r.body), (400, admin_error(400, &message)));
}

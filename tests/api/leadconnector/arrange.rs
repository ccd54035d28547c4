//! Arranging LeadConnector records: ids and dates as given, references checked, errors naming
//! the record and the field; the demo tenant's seed.

use serde_json::json;

use super::Lc;
use crate::helpers::{TestTenant, admin_error, spawn_with};

#[test]
fn arranged_records_keep_their_ids_and_dates_and_refuse_bad_fields() {
    let tenant = TestTenant::new();
    let ids = tenant.arrange(
        "leadconnector",
        "contacts",
        json!([{"id": "ocQHyuzHvysMo5N5VsXc", "firstName": "Old", "type": "customer", "dateAdded": "2020-10-29T09:31:30.255Z",
                "attributionSource": {"url": "https://example.com/form", "medium": "form"}}]),
    );
    assert_eq!(ids, [json!("ocQHyuzHvysMo5N5VsXc")]);
    let r = Lc::of(&tenant).get("/contacts/ocQHyuzHvysMo5N5VsXc");
    let contact = &r.body["contact"];
    assert_eq!(
        (
            contact["type"].clone(),
            contact["dateAdded"].clone(),
            contact["dateUpdated"].clone(),
            contact["attributionSource"].clone()
        ),
        (
            json!("customer"),
            json!("2020-10-29T09:31:30.255Z"),
            json!("2020-10-29T09:31:30.255Z"),
            json!({"url": "https://example.com/form", "medium": "form"})
        )
    );
    for (collection, record, message) in [
        ("contacts", json!({"id": "ocQHyuzHvysMo5N5VsXc"}), "record 0: id: ocQHyuzHvysMo5N5VsXc already exists"),
        ("contacts", json!({"id": "not an id"}), "record 0: id: must be 1 to 64 letters and digits"),
        ("contacts", json!({"emial": "x"}), "record 0: emial: unknown field"),
        ("contacts", json!({"email": "x"}), "record 0: email: must be an email"),
        ("contacts", json!({"businessId": "nope"}), "record 0: businessId: business nope does not exist"),
        ("contacts", json!({"dateAdded": "yesterday"}), "record 0: dateAdded: must be an ISO-8601 instant"),
        ("tasks", json!({"contactId": "nobody", "title": "t"}), "record 0: contactId: contact nobody does not exist"),
        ("notes", json!({"title": "t"}), "record 0: contactId: is required (the contact it belongs to)"),
        ("businesses", json!({"id": "b-1", "name": "x"}), "record 0: id: must be 1 to 64 letters and digits"),
    ] {
        let r = tenant.try_arrange("leadconnector", collection, json!([record]));
        assert_eq!((r.status, r.body), (400, admin_error(400, message)), "{collection} {record}");
    }
}

/// Reads every contact's tasks, notes and appointments: more calls than the burst limit allows,
/// so on a server of its own with rate limits off.
#[test]
fn the_demo_location_has_contacts_with_tasks_notes_appointments_and_businesses() {
    let app = spawn_with(crm_mock::Config { port: 0, workers: 2, rate_limits: false, ..Default::default() });
    let demo = TestTenant::create(app.server.base_url(), "demo");
    let lc = Lc::of(&demo);
    let r = lc.get(&format!("/contacts/?locationId={}&limit=100", lc.location()));
    assert_eq!(r.status, 200, "{}", r.text);
    let total = r.body["count"].as_i64().unwrap();
    assert!(total >= 50, "{total}");
    let contacts = r.body["contacts"].as_array().unwrap();
    let with =
        |key: &str| contacts.iter().filter(|c| c[key].as_array().is_some_and(|a| !a.is_empty()) || c[key].is_string()).count();
    assert!(with("tags") >= 10 && with("businessId") >= 5, "tags {} business {}", with("tags"), with("businessId"));
    let (mut tasks, mut notes, mut events) = (0, 0, 0);
    for c in contacts {
        let id = c["id"].as_str().unwrap();
        tasks += lc.get(&format!("/contacts/{id}/tasks")).body["tasks"].as_array().unwrap().len();
        notes += lc.get(&format!("/contacts/{id}/notes")).body["notes"].as_array().unwrap().len();
        events += lc.get(&format!("/contacts/{id}/appointments")).body["events"].as_array().unwrap().len();
    }
    assert!(tasks >= 10 && notes >= 10 && events >= 5, "tasks {tasks} notes {notes} events {events}");
}

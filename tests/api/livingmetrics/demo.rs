//! The demo seed (`seed-data/livingmetrics/`): the fixed demo tenant on the shared server, and
//! what a `TestTenant::demo()` tenant holds. Demo tenants are only read here.

use serde_json::{Value, json};

use crate::helpers::{LivingMetricsClient, TestTenant, get, url};

const DEMO_KEY: &str = "demo1-lmapi-key00-00001";
const SEED_HISTORIES: &str = include_str!("../../../seed-data/livingmetrics/histories.json");

/// The ids in a list answer, after checking it is a 200.
fn ids(r: &crate::helpers::Response) -> Vec<i64> {
    assert_eq!(r.status, 200, "{}", r.text);
    r.body["data"].as_array().expect("data").iter().map(|d| d["id"].as_i64().expect("id")).collect()
}

#[test]
fn the_demo_tenant_exists_on_the_shared_server_with_its_fixed_key() {
    let r = get(&url("/__admin/tenants/demo"));
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!((&r.body["id"], &r.body["seed"]), (&json!("demo"), &json!("demo")));
    assert_eq!(r.body["credentials"]["livingmetrics"], json!({"api_key": DEMO_KEY}));

    let demo = LivingMetricsClient { base: url("/livingmetrics"), key: DEMO_KEY.to_owned() };
    let r = demo.get("/v1/contacts/count");
    assert_eq!((r.status, r.body), (200, json!({"count": 26})));
    // The same records as any tenant created from the demo seed.
    let fresh = TestTenant::demo().livingmetrics();
    let path = "/v1/contacts/1?include_deals=true";
    let (shared, mine) = (demo.get(path), fresh.get(path));
    assert_eq!((shared.status, &shared.body["data"]["first_name"]), (200, &json!("Emily")));
    assert_eq!(shared.body, mine.body);
}

#[test]
fn every_demo_tenant_gets_its_own_key_and_the_same_seed() {
    let (first, second) = (TestTenant::demo(), TestTenant::demo());
    let (a, b) = (first.livingmetrics(), second.livingmetrics());
    assert_ne!(a.key, b.key);
    assert_ne!(a.key, DEMO_KEY);
    for lm in [a, b] {
        let r = lm.get("/v1/contacts/count");
        assert_eq!((r.status, r.body), (200, json!({"count": 26})));
    }
}

#[test]
fn a_demo_tenant_holds_the_seed_on_every_list_endpoint() {
    let lm = TestTenant::demo().livingmetrics();
    let expected: &[(&str, i64)] = &[
        ("/v1/contacts", 26),
        ("/v1/organizations", 7),
        ("/v1/tasks.json", 13),
        ("/v1/tasks.json?include_completed=1", 28),
        ("/v1/tasks.json?user_only=1", 5),
        ("/v1/tasks/outcomes.json", 6),
        ("/v1/tasks/types.json", 5),
        ("/v1/tasks/statuses.json", 4),
        ("/v1/histories", 121),
        ("/v1/histories?contact_group=managed", 130),
        ("/v1/histories?contact_group=all", 134),
        ("/v1/contact_lists", 5),
        ("/v1/products", 12),
        ("/v1/products/statuses", 5),
        ("/v1/contacts/fields", 25),
        ("/v1/contacts/fields?powerdialer_only=1", 12),
    ];
    let totals: Vec<(&str, Value)> = expected
        .iter()
        .map(|(path, _)| {
            let r = lm.get(path);
            assert_eq!(r.status, 200, "GET {path}: {}", r.text);
            (*path, r.body["total"].clone())
        })
        .collect();
    let wanted: Vec<(&str, Value)> = expected.iter().map(|(path, total)| (*path, json!(total))).collect();
    assert_eq!(totals, wanted);
    let r = lm.get("/v1/contacts/count");
    assert_eq!((r.status, r.body), (200, json!({"count": 26})));
}

#[test]
fn a_demo_contact_has_its_golden_body_with_deals() {
    let lm = TestTenant::demo().livingmetrics();
    let r = lm.get("/v1/contacts/1?include_deals=true");
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(
        r.body,
        json!({"data": {
            "id": 1,
            "first_name": "Emily",
            "last_name": "Carter",
            "company": "Brunel Software Ltd",
            "title": "Senior UX Designer",
            "emails": [
                {"email_address": "emily.carter88@gmail.com", "type": "personal"},
                {"email_address": "e.carter@brunelsoftware.co.uk", "type": "work"}
            ],
            "phones": [
                {"phone_number": "07700 900123", "type": "mobile"},
                {"phone_number": "0117 496 0345", "type": "work"}
            ],
            "tags": ["lead", "first-time-buyer", "hot"],
            "lead_score": 92,
            "employer_id": 6,
            "list_ids": [1, 5, 6],
            "crm_ids": [{"crm_type": "salesforce", "crm_object_type": "Lead", "crm_id": "00Q8d00000Xk2LmEAJ"}],
            "custom_1001": "Meadow View",
            "custom_1002": 330000,
            "custom_1003": 3,
            "custom_1004": true,
            "custom_1005": "2026-09-30",
            "custom_1006": "First-time buyer",
            "custom_1007": "conveyancing@hartleypryce.co.uk",
            "created_at": "2026-02-14T19:49:00Z",
            "updated_at": "2026-10-16T09:12:00Z",
            "visible_at": "2026-10-27T19:58:21Z",
            "deals": [
                {
                    "id": 9, "name": "Plot 14 - The Rowan reservation", "value": 307500.0, "stage": "Reserved",
                    "product_id": 5, "created_at": "2026-09-12T15:30:00Z", "updated_at": "2026-09-14T11:20:00Z"
                },
                {
                    "id": 7, "name": "Plot 8 - The Hawthorn (enquiry)", "value": 462500.0, "stage": "Lost",
                    "product_id": 4, "created_at": "2026-07-18T10:00:00Z", "updated_at": "2026-08-14T10:00:00Z"
                }
            ]
        }})
    );
}

/// Contact `id`'s histories in the seed file, newest first, as the API renders them.
fn seed_histories_of(id: i64) -> Vec<Value> {
    let records: Vec<Value> = serde_json::from_str(SEED_HISTORIES).expect("the seed file is JSON");
    let mut mine: Vec<Value> = records
        .into_iter()
        .filter(|h| h["contact_id"] == json!(id))
        .map(|h| {
            let field = |name: &str| h.get(name).cloned().unwrap_or(Value::Null);
            json!({
                "id": field("id"), "contact_id": field("contact_id"), "history_type": field("history_type"),
                "campaign_id": field("campaign_id"), "email_guid": field("email_guid"),
                "tracked_number_id": field("tracked_number_id"), "description": field("description"),
                "created_at": field("created_at"),
            })
        })
        .collect();
    mine.sort_by_key(|h| (h["created_at"].as_str().unwrap_or_default().to_owned(), h["id"].as_i64()));
    mine.reverse();
    mine
}

#[test]
fn the_timeline_of_a_busy_demo_contact_stops_at_its_30_newest_histories() {
    let lm = TestTenant::demo().livingmetrics();
    let all = lm.get("/v1/histories?contact_id=1&contact_group=all");
    assert_eq!((all.status, &all.body["total"]), (200, &json!(35)));

    let r = lm.get("/v1/contacts?contact_ids=1&include_timeline=1");
    assert_eq!((r.status, &r.body["total"]), (200, &json!(1)), "{}", r.text);
    let timeline = r.body["data"][0]["timeline"].as_array().expect("timeline").clone();
    let newest: Vec<Value> = seed_histories_of(1).into_iter().take(30).collect();
    assert_eq!(timeline.len(), 30);
    assert_eq!(timeline, newest);
    assert_eq!((&timeline[0]["id"], &timeline[29]["id"]), (&json!(134), &json!(24)));
}

#[test]
fn power_dialer_lists_are_the_static_sales_lists_tagged_power_dialer() {
    let lm = TestTenant::demo().livingmetrics();
    let r = lm.get("/v1/contact_lists?tag=PowerDialer");
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(
        r.body,
        json!({"data": [
            {"id": 2, "name": "Harbourside Quarter - Call Back", "tags": ["PowerDialer", "Apartments"],
             "created_at": "2025-06-10T08:30:00Z", "updated_at": "2026-10-08T10:00:00Z"},
            {"id": 1, "name": "Meadow View - Hot Leads", "tags": ["PowerDialer"],
             "created_at": "2025-03-03T09:00:00Z", "updated_at": "2026-09-12T16:40:00Z"}
        ], "page": 0, "limit": 10, "total": 2})
    );
    // The dynamic list (5) and the list hidden from sales users (6) are never listed.
    assert_eq!(ids(&lm.get("/v1/contact_lists")), vec![4, 7, 2, 3, 1]);
}

#[test]
fn demo_contacts_answer_the_documented_filters() {
    let lm = TestTenant::demo().livingmetrics();
    let cases: &[(&str, &[i64])] = &[
        ("search_tag=investor", &[8, 6, 16, 24]),
        ("search_tag=first-time-buyer", &[1, 5, 25, 19, 9, 23, 13]),
        ("search_list_id=1", &[1, 14, 19, 26, 13]),
        ("crm_type=salesforce&crm_object_type=Lead", &[1, 18, 5, 20, 9, 13]),
        ("crm_type=pipedrive", &[8, 14, 4, 22, 6, 16]),
        ("history_type=TextMessage&tracked_phone_id=201", &[1, 26]),
        ("history_type=EmailClick", &[1, 20, 8, 9, 23, 13, 6]),
        ("employer_id=3", &[6, 16]),
        ("search_term=07700%20900123", &[1]),
        ("search_term=hartley", &[12]),
        ("order_by=lead_score&limit=5", &[1, 6, 7, 20, 4]),
    ];
    let found: Vec<(&str, Vec<i64>)> = cases.iter().map(|(q, _)| (*q, ids(&lm.get(&format!("/v1/contacts?{q}"))))).collect();
    let wanted: Vec<(&str, Vec<i64>)> = cases.iter().map(|(q, ids)| (*q, ids.to_vec())).collect();
    assert_eq!(found, wanted);
}

#[test]
fn a_demo_email_is_followed_by_its_guid_from_send_to_click() {
    let lm = TestTenant::demo().livingmetrics();
    let r = lm.get("/v1/histories?email_guid=7b2e168a-fe1b-5c5c-adc6-86a965ef73e8&order=asc");
    assert_eq!(r.status, 200, "{}", r.text);
    let history = |id: i64, kind: &str, description: &str, at: &str| {
        json!({"id": id, "contact_id": 1, "history_type": kind, "campaign_id": 4104,
               "email_guid": "7b2e168a-fe1b-5c5c-adc6-86a965ef73e8", "tracked_number_id": null,
               "description": description, "created_at": at})
    };
    assert_eq!(
        r.body,
        json!({"data": [
            history(105, "EmailSent", "Email sent: Meadow View - Final plots remaining", "2026-09-10T09:00:00Z"),
            history(109, "EmailOpen", "Email opened: Meadow View - Final plots remaining", "2026-09-10T09:15:22Z"),
            history(110, "EmailClick", "Email link clicked: https://www.severnsidehomes.co.uk/meadow-view/plot-14-the-rowan", "2026-09-10T09:16:01Z")
        ], "page": 0, "limit": 100, "total": 3})
    );
    assert_eq!(ids(&lm.get("/v1/histories?campaign_id=4104")), vec![112, 110, 109, 108, 107, 106, 105]);
}

#[test]
fn anonymous_demo_visitors_show_only_in_the_all_contact_group() {
    let lm = TestTenant::demo().livingmetrics();
    let r = lm.get("/v1/histories?contact_group=all&start_date=2026-10-10");
    let pairs: Vec<(i64, Value)> = r.body["data"]
        .as_array()
        .expect("data")
        .iter()
        .map(|h| (h["id"].as_i64().expect("id"), h["contact_id"].clone()))
        .collect();
    let anonymous = Value::Null;
    assert_eq!(
        pairs,
        vec![
            (134, json!(1)),
            (133, anonymous.clone()),
            (132, anonymous.clone()),
            (131, anonymous.clone()),
            (130, json!(1)),
            (129, anonymous)
        ]
    );
    assert_eq!(ids(&lm.get("/v1/histories?contact_group=managed&start_date=2026-10-10")), vec![134, 130]);
}

#[test]
fn demo_products_are_units_in_every_product_status() {
    let lm = TestTenant::demo().livingmetrics();
    let r = lm.get("/v1/products/5");
    assert_eq!(
        (r.status, r.body),
        (
            200,
            json!({"data": {"id": 5, "name": "Meadow View, Plot 14 - The Rowan (3 bed end terrace)", "status_id": 2,
                            "price": 309995.0, "created_at": "2026-03-02T09:00:00Z", "updated_at": "2026-09-14T11:20:00Z"}})
        )
    );
    let list = lm.get("/v1/products");
    assert_eq!(list.status, 200, "{}", list.text);
    let mut per_status = [0; 6];
    for p in list.body["data"].as_array().expect("data") {
        per_status[p["status_id"].as_u64().expect("status_id") as usize] += 1;
    }
    // Available, Reserved, Exchanged, Completed, Withdrawn.
    assert_eq!(per_status[1..], [5, 3, 1, 2, 1]);
}

#[test]
fn demo_custom_fields_and_data_imports_describe_the_contacts() {
    let lm = TestTenant::demo().livingmetrics();
    let r = lm.get("/v1/contacts/field?field_key=custom_1002");
    assert_eq!(
        (r.status, r.body),
        (
            200,
            json!({"data": {"field_key": "custom_1002", "label": "Budget (GBP)", "type": "number", "custom": true, "powerdialer": true}})
        )
    );
    let r = lm.get("/v1/contacts/fields?data_import_id=2");
    assert_eq!(r.status, 200, "{}", r.text);
    let keys: Vec<&str> =
        r.body["data"].as_array().expect("data").iter().map(|f| f["field_key"].as_str().expect("key")).collect();
    assert_eq!(
        keys,
        ["first_name", "last_name", "emails.email_address", "phones.phone_number", "tags", "custom_1003", "custom_1006"]
    );
}

//! Arranging LionDesk records through the admin API and the seed files: ids from 1 to
//! JavaScript's largest safe integer, new in their table (nested ids too), and no key a record
//! cannot have; a refused batch leaves nothing behind and breaks nothing after it.

use std::process::Command;

use serde_json::{Value, json};

use crate::helpers::{TestTenant, admin_error};

const MAX_ID: i64 = 9_007_199_254_740_991;

/// The smallest valid record of each collection with ids, given `id`.
fn record(collection: &str, id: Value) -> Value {
    let mut r = match collection {
        "users" | "hotnesses" | "contact_sources" | "contacts" => json!({}),
        "teams" => json!({"name": "Team"}),
        "custom_fields" => json!({"data_type": "Text", "name": "Kids"}),
        "tags" => json!({"content": "Buyer"}),
        "addresses" => json!({"contact_id": 1}),
        "tasks" => json!({"action_type": "Call Contact", "description": "Call", "status": "incomplete"}),
        "events" => json!({"contact_id": 1, "type": "note"}),
        other => panic!("{other}"),
    };
    r["id"] = id;
    r
}

const WITH_IDS: [&str; 10] =
    ["users", "teams", "hotnesses", "contact_sources", "custom_fields", "tags", "contacts", "addresses", "tasks", "events"];

fn not_an_id(field: &str, id: impl std::fmt::Display) -> Value {
    admin_error(400, &format!("record 0: {field}: {id} is not an id from 1 to {MAX_ID}"))
}

#[test]
fn an_id_beyond_javascripts_safe_integers_is_a_400_and_later_creates_still_work() {
    let tenant = TestTenant::new();
    tenant.arrange("liondesk", "contacts", json!([{"id": 1}]));
    let owner = tenant.liondesk(0);

    for collection in WITH_IDS {
        for id in [i64::MAX, MAX_ID + 1, 0, -1] {
            let r = tenant.try_arrange("liondesk", collection, json!([record(collection, json!(id))]));
            assert_eq!((r.status, r.body), (400, not_an_id("id", id)), "{collection} {id}");
        }
    }

    let created = owner.post("/contacts", &json!({"first_name": "After"}));
    assert_eq!((created.status, &created.body["id"]), (201, &json!(2)), "{}", created.text);
    assert_eq!(tenant.arrange("liondesk", "contacts", json!([{"first_name": "Arranged"}])), [json!(3)]);
    let hotness = owner.post("/hotnesses", &json!({"name": "Hot"}));
    assert_eq!((hotness.status, &hotness.body["id"]), (201, &json!(1)), "{}", hotness.text);
    assert_eq!(tenant.arrange("liondesk", "tasks", json!([record("tasks", Value::Null)])), [json!(1)]);
    assert_eq!(tenant.arrange("liondesk", "contacts", json!([{"id": MAX_ID}])), [json!(MAX_ID)], "the largest id itself");
}

#[test]
fn ids_nested_in_records_are_checked_too() {
    let tenant = TestTenant::new();
    tenant.arrange("liondesk", "contacts", json!([{"id": 1}]));
    let huge = i64::MAX;
    let cases = [
        ("users", json!({"team_ids": [1, huge]}), not_an_id("team_ids[1]", huge)),
        ("users", json!({"team_ids": [7]}), admin_error(400, "record 0: team_ids[0]: team 7 does not exist")),
        ("teams", json!({"name": "T", "user_ids": [1, 2, 0]}), not_an_id("user_ids[2]", 0)),
        ("shares", json!({"contact_id": huge, "user_id": 2}), not_an_id("contact_id", huge)),
        ("shares", json!({"contact_id": 1, "user_id": -3}), not_an_id("user_id", -3)),
        ("team_settings", json!({"team_id": huge, "is_contact_resource_sharing_enabled": true}), not_an_id("team_id", huge)),
        ("hotnesses", json!({"user_id": huge}), not_an_id("user_id", huge)),
        ("contacts", json!({"owner_user_id": huge}), not_an_id("owner_user_id", huge)),
        ("addresses", json!({"contact_id": "9223372036854775807"}), not_an_id("contact_id", huge)),
        ("events", json!({"contact_id": 1, "type": "note", "dialer_session_id": 0}), not_an_id("dialer_session_id", 0)),
    ];

    for (collection, record, expected) in cases {
        let r = tenant.try_arrange("liondesk", collection, json!([record]));
        assert_eq!((r.status, r.body), (400, expected), "{collection} {record}");
    }
    assert_eq!(tenant.arrange("liondesk", "users", json!([{"team_ids": [1, 2]}])), [json!(4)], "the tenant has users 1 to 3");
}

#[test]
fn a_misspelt_key_is_a_400_naming_it_in_every_collection() {
    let tenant = TestTenant::new();
    tenant.arrange("liondesk", "contacts", json!([{"id": 1}]));
    let serde = |field: &str, expected: &str| format!("record 0: {field}: unknown field '{field}', expected {expected}");
    let listed = |field: &str, keys: &str| format!("record 0: {field}: unknown field (expected one of: {keys})");
    let contact_keys = "id, owner_user_id, assigned_user_id, first_name, last_name, email, mobile_phone, home_phone, \
                        office_phone, fax, company, birthday, anniversary, spouse_name, spouse_email, spouse_phone, \
                        spouse_birthday, tags, hotness_id, source_id, created_at, modified_at, custom_fields";
    let cases = [
        ("contacts", json!({"frist_name": "x"}), listed("frist_name", contact_keys)),
        (
            "tasks",
            json!({"action_type": "None", "description": "d", "status": "complete", "descripton": "d"}),
            listed(
                "descripton",
                "id, owner_user_id, contact_id, action_type, reminder_type, assigned_user_id, due_at, description, status, \
                 notes, created_at, modified_at",
            ),
        ),
        (
            "events",
            json!({"contact_id": 1, "type": "note", "sorce": "web"}),
            listed(
                "sorce",
                "id, user_id, contact_id, source, type, description, site_domain, dialer_session_id, property, created_at, \
                 modified_at",
            ),
        ),
        (
            "addresses",
            json!({"contact_id": 1, "street": "x"}),
            listed(
                "street",
                "id, contact_id, type, street_address_1, street_address_2, zip, city, state, created_at, modified_at",
            ),
        ),
        ("contact_sources", json!({"nmae": "x"}), listed("nmae", "id, user_id, name, created_at")),
        (
            "custom_fields",
            json!({"data_type": "Text", "name": "x", "type": "Text"}),
            listed("type", "id, user_id, data_type, name, rank"),
        ),
        ("shares", json!({"contact_id": 1, "user_id": 2, "note": "x"}), serde("note", "'contact_id' or 'user_id'")),
        (
            "team_settings",
            json!({"team_id": 1, "is_contact_resource_sharing_enabled": true, "name": "x"}),
            serde("name", "'team_id' or 'is_contact_resource_sharing_enabled'"),
        ),
    ];

    for (collection, record, message) in cases {
        let r = tenant.try_arrange("liondesk", collection, json!([record]));
        assert_eq!((r.status, r.body), (400, admin_error(400, &message)), "{collection}");
    }
    let teams = tenant.try_arrange("liondesk", "teams", json!([{"name": "T", "members": [1]}]));
    assert!(
        teams.body["message"].as_str().unwrap_or("").starts_with("record 0: members: unknown field 'members'"),
        "{}",
        teams.text
    );
    let users = tenant.try_arrange("liondesk", "users", json!([{"firstname": "x"}]));
    assert!(
        users.body["message"].as_str().unwrap_or("").starts_with("record 0: firstname: unknown field 'firstname'"),
        "{}",
        users.text
    );
    assert_eq!(tenant.liondesk(0).ids("/contacts"), [1], "nothing was arranged");
}

#[test]
fn the_api_still_ignores_keys_a_contact_does_not_have() {
    let tenant = TestTenant::new();

    let r = tenant.liondesk(0).post("/contacts", &json!({"first_name": "Ann", "frist_name": "x", "secondary_email": "a@b.c"}));

    assert_eq!((r.status, &r.body["first_name"], r.body.get("frist_name")), (201, &json!("Ann"), None), "{}", r.text);
}

#[test]
fn check_seeds_reports_a_misspelt_key_in_a_liondesk_seed_file() {
    let dir = std::env::temp_dir().join(format!("crm-mock-liondesk-seeds-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("liondesk")).expect("seed dir");
    std::fs::write(dir.join("tenants.json"), include_str!("../../../seed-data/tenants.json")).expect("tenants.json");
    std::fs::write(dir.join("liondesk/contacts.json"), r#"[{"first_name": "Ann"}, {"frist_name": "Bob"}]"#)
        .expect("contacts.json");

    let out = Command::new(env!("CARGO_BIN_EXE_crm-mock"))
        .arg("check-seeds")
        .arg("--seed-dir")
        .arg(&dir)
        .env_remove("CRM_MOCK_SEED_DIR")
        .env("RUST_LOG", "off")
        .output()
        .expect("run crm-mock check-seeds");
    let _ = std::fs::remove_dir_all(&dir);

    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let file = dir.join("liondesk/contacts.json").display().to_string();
    assert!(
        stderr.starts_with(&format!("crm-mock: seed data: {file}: record 1: frist_name: unknown field (expected one of: id, ")),
        "{stderr}"
    );
}

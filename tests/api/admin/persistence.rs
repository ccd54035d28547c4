//! `--db PATH`: state kept in a SQLite file survives a restart; the file is seeded only when new,
//! so the demo tenant is not duplicated.

use std::path::PathBuf;

use crm_mock::Config;
use serde_json::{Value, json};

use crate::helpers::{TestApp, TestTenant, contact_list_page, get, post_json, send, spawn_with};

/// A database path under the system's temp dir; the file and its WAL companions are removed
/// when dropped.
struct DbFile {
    path: PathBuf,
}

impl DbFile {
    fn new() -> DbFile {
        let name = format!("crm-mock-persistence-{}-{}.db", std::process::id(), uuid::Uuid::new_v4().simple());
        DbFile { path: std::env::temp_dir().join(name) }
    }

    fn start(&self) -> TestApp {
        spawn_with(Config { db: Some(self.path.clone()), port: 0, workers: 2, ..Config::default() })
    }
}

impl Drop for DbFile {
    fn drop(&mut self) {
        for suffix in ["", "-wal", "-shm"] {
            let mut path = self.path.clone().into_os_string();
            path.push(suffix);
            let _ = std::fs::remove_file(path);
        }
    }
}

fn tenant_ids(app: &TestApp) -> Vec<String> {
    let r = get(&app.url("/__admin/tenants"));
    assert_eq!(r.status, 200, "{}", r.text);
    r.body["tenants"].as_array().unwrap().iter().map(|t| t["id"].as_str().unwrap().to_owned()).collect()
}

#[test]
fn a_tenant_its_key_and_its_data_survive_a_restart() {
    let db = DbFile::new();
    let first = db.start();
    let tenant = first.new_tenant();
    tenant.arrange(
        "livingmetrics",
        "contact_lists",
        json!([{"id": 1, "name": "Persisted", "created_at": "2024-01-01T00:00:00Z"}]),
    );
    let record = get(&first.url(&format!("/__admin/tenants/{}", tenant.id))).body;
    let demo = get(&first.url("/__admin/tenants/demo")).body;
    first.server.stop();

    let second = db.start();
    let tenant = TestTenant { base: second.server.base_url().to_owned(), ..tenant };

    assert_eq!(get(&second.url(&format!("/__admin/tenants/{}", tenant.id))).body, record);
    assert_eq!(tenant.livingmetrics().get("/v1/contact_lists").body, contact_list_page(&[(1, "Persisted")]));
    assert_eq!(tenant.arrange("livingmetrics", "contact_lists", json!([{"name": "next"}])), [json!(2)], "the id sequence too");
    assert_eq!(tenant_ids(&second), ["demo".to_owned(), tenant.id.clone()]);
    assert_eq!(get(&second.url("/__admin/tenants/demo")).body, demo, "the demo tenant was not seeded again");
}

#[test]
fn the_demo_records_are_not_loaded_twice() {
    let db = DbFile::new();
    let first = db.start();
    let demo_key = [("X-Api-Key", "demo1-lmapi-key00-00001")];
    let count = |app: &TestApp, path: &str| send("GET", &app.url(path), &demo_key, None).body;
    let paths = ["/livingmetrics/v1/contacts/count", "/livingmetrics/v1/tasks/outcomes.json", "/livingmetrics/v1/organizations"];
    let before: Vec<Value> = paths.iter().map(|p| count(&first, p)).collect();
    first.server.stop();

    let second = db.start();

    let after: Vec<Value> = paths.iter().map(|p| count(&second, p)).collect();
    assert_eq!(after, before);
    assert_eq!(tenant_ids(&second), ["demo"]);
}

#[test]
fn snapshots_survive_a_restart() {
    let db = DbFile::new();
    let first = db.start();
    let tenant = first.new_tenant();
    tenant.arrange(
        "livingmetrics",
        "contact_lists",
        json!([{"id": 1, "name": "Snapshotted", "created_at": "2024-01-01T00:00:00Z"}]),
    );
    let saved = post_json(&first.url("/__admin/snapshots"), &json!({"name": "kept", "tenant": tenant.id}));
    assert_eq!(saved.status, 201, "{}", saved.text);
    tenant.arrange("livingmetrics", "contact_lists", json!([{"id": 2, "name": "After", "created_at": "2024-01-01T00:00:00Z"}]));
    first.server.stop();

    let second = db.start();
    let tenant = TestTenant { base: second.server.base_url().to_owned(), ..tenant };

    assert_eq!(get(&second.url("/__admin/snapshots")).body, json!({"snapshots": [saved.body]}));
    let r = send("POST", &second.url("/__admin/snapshots/kept/restore"), &[], None);
    assert_eq!((r.status, &r.body), (200, &saved.body));
    assert_eq!(tenant.livingmetrics().get("/v1/contact_lists").body, contact_list_page(&[(1, "Snapshotted")]));
}

#[test]
fn a_tenant_deleted_before_a_restart_stays_deleted() {
    let db = DbFile::new();
    let first = db.start();
    let tenant = first.new_tenant();
    assert_eq!(crate::helpers::delete(&first.url(&format!("/__admin/tenants/{}", tenant.id))).status, 204);
    first.server.stop();

    let second = db.start();
    let tenant = TestTenant { base: second.server.base_url().to_owned(), ..tenant };

    assert_eq!(tenant_ids(&second), ["demo"]);
    assert_eq!(tenant.livingmetrics().get("/v1/contacts").status, 401);
}

//! Seed directories (`--seed-dir`): a broken one stops start-up with a message naming the file,
//! the record and the field; `check-seeds` reports the same and exits non-zero.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::json;

use crate::helpers::{LivingMetricsClient, spawn_with};

const TENANTS: &str = include_str!("../../../seed-data/tenants.json");

/// A seed directory under the system's temp dir, removed when dropped.
struct SeedDir {
    path: PathBuf,
}

impl SeedDir {
    /// An empty directory with a unique name.
    fn empty(name: &str) -> SeedDir {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let unique = format!("crm-mock-seeds-{name}-{}-{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed));
        let path = std::env::temp_dir().join(unique);
        std::fs::create_dir_all(path.join("livingmetrics")).expect("create the seed dir");
        SeedDir { path }
    }

    /// `tenants.json` copied from the project's seed, plus `livingmetrics/contacts.json`.
    fn with_contacts(name: &str, contacts: &str) -> SeedDir {
        let dir = SeedDir::empty(name);
        dir.write("tenants.json", TENANTS);
        dir.write("livingmetrics/contacts.json", contacts);
        dir
    }

    fn write(&self, rel: &str, text: &str) {
        std::fs::write(self.path.join(rel), text).expect("write a seed file");
    }

    /// The name the error messages give to `rel`.
    fn file(&self, rel: &str) -> String {
        self.path.join(rel).display().to_string()
    }
}

impl Drop for SeedDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// The start-up error for `dir`.
fn start_error(dir: &Path) -> String {
    match crm_mock::spawn(crm_mock::Config { port: 0, seed_dir: Some(dir.to_path_buf()), ..Default::default() }) {
        Ok(server) => {
            server.stop();
            panic!("the server started with the seed dir {}", dir.display())
        }
        Err(e) => e.to_string(),
    }
}

#[test]
fn a_wrong_type_deep_in_a_record_names_the_record_and_its_path() {
    let dir = SeedDir::with_contacts(
        "wrong-type",
        r#"[{"id": 1, "first_name": "Ann"},
            {"id": 2, "emails": [{"email_address": 42, "type": "work"}]}]"#,
    );
    assert_eq!(
        start_error(&dir.path),
        format!(
            "seed data: {}: record 1: emails[0].email_address: invalid type: integer '42', expected a string",
            dir.file("livingmetrics/contacts.json")
        )
    );
}

#[test]
fn a_missing_required_field_is_named_with_its_parent() {
    let dir = SeedDir::with_contacts("missing-field", r#"[{"id": 1, "deals": [{"value": 250000}]}]"#);
    assert_eq!(
        start_error(&dir.path),
        format!("seed data: {}: record 0: deals[0].name: missing field 'name'", dir.file("livingmetrics/contacts.json"))
    );
}

#[test]
fn an_unknown_field_is_named() {
    let dir = SeedDir::with_contacts("unknown-field", r#"[{"id": 1, "nickname": "Em"}]"#);
    assert_eq!(
        start_error(&dir.path),
        format!(
            "seed data: {}: record 0: nickname: unknown field 'nickname', expected one of 'id', 'first_name', 'last_name', \
             'company', 'title', 'emails', 'phones', 'tags', 'lead_score', 'employer_id', 'list_ids', 'crm_ids', 'deals', \
             'created_at', 'updated_at', 'visible_at'",
            dir.file("livingmetrics/contacts.json")
        )
    );
}

#[test]
fn a_reference_to_a_missing_record_is_named() {
    let dir = SeedDir::with_contacts("missing-ref", r#"[{"id": 1, "first_name": "Ann", "employer_id": 99}]"#);
    assert_eq!(
        start_error(&dir.path),
        format!("seed data: {}: record 0: employer_id: organization 99 does not exist", dir.file("livingmetrics/contacts.json"))
    );
}

#[test]
fn invalid_json_is_reported_with_its_line_and_column() {
    let dir = SeedDir::with_contacts("invalid-json", "[\n  {\"id\": 1,}\n]\n");
    assert_eq!(
        start_error(&dir.path),
        format!("{}: trailing comma at line 2 column 12", dir.file("livingmetrics/contacts.json"))
    );
    let truncated = SeedDir::with_contacts("truncated-json", "[\n  {\"id\": 1,");
    assert_eq!(
        start_error(&truncated.path),
        format!("{}: EOF while parsing a value at line 2 column 11", truncated.file("livingmetrics/contacts.json"))
    );
}

#[test]
fn an_unknown_collection_file_is_rejected_with_the_known_ones() {
    let dir = SeedDir::with_contacts("unknown-collection", "[]");
    dir.write("livingmetrics/leads.json", "[]");
    assert_eq!(
        start_error(&dir.path),
        format!(
            "{}: unknown collection 'leads' (known: users, custom_fields, task_outcomes, task_types, task_statuses, \
             product_statuses, organizations, contact_lists, products, data_imports, contacts, deals, tasks, histories)",
            dir.file("livingmetrics/leads.json")
        )
    );
}

#[test]
fn a_seed_dir_without_tenants_json_is_rejected() {
    let dir = SeedDir::empty("no-tenants");
    dir.write("livingmetrics/contacts.json", "[]");
    assert_eq!(start_error(&dir.path), format!("{}: file is missing", dir.file("tenants.json")));
}

#[test]
fn a_valid_seed_dir_replaces_the_embedded_seed() {
    let dir = SeedDir::with_contacts("valid", r#"[{"id": 7, "first_name": "Ann", "created_at": "2026-01-02T03:04:05Z"}]"#);
    let app = spawn_with(crm_mock::Config { port: 0, workers: 1, seed_dir: Some(dir.path.clone()), ..Default::default() });
    let demo = LivingMetricsClient { base: app.url("/livingmetrics"), key: "demo1-lmapi-key00-00001".to_owned() };
    let r = demo.get("/v1/contacts/count");
    assert_eq!((r.status, r.body), (200, json!({"count": 1})));
    assert_eq!(demo.ids("/v1/contacts"), vec![7]);
}

fn check_seeds(dir: Option<&Path>) -> std::process::Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_crm-mock"));
    command.arg("check-seeds").env_remove("CRM_MOCK_SEED_DIR").env("RUST_LOG", "off");
    if let Some(dir) = dir {
        command.arg("--seed-dir").arg(dir);
    }
    command.output().expect("run crm-mock check-seeds")
}

#[test]
fn check_seeds_fails_on_a_broken_dir_and_names_the_problem() {
    let dir = SeedDir::with_contacts("check-broken", r#"[{"id": 1, "emails": [{"email_address": "not-an-address"}]}]"#);
    let out = check_seeds(Some(&dir.path));
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "");
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!(
            "crm-mock: seed data: {}: record 0: emails[0].email_address: 'not-an-address' is not an e-mail address\n",
            dir.file("livingmetrics/contacts.json")
        )
    );
}

#[test]
fn check_seeds_accepts_the_embedded_seed() {
    let out = check_seeds(None);
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "seed data is valid\n");
    assert!(out.status.success());
}

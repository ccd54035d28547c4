//! `crm-mock generate` and `POST /__admin/tenants/{id}/{vendor}/generate`: made-up contacts with
//! their related records, read back through each vendor's API like contacts created through it;
//! the same seed gives the same records; bad arguments are refused with a clear message.

use std::path::PathBuf;

use crm_mock::core::generate::Plan;
use crm_mock::generate::{Options, Progress, Target, run};
use rusqlite::Connection;
use serde_json::{Value, json};

use crate::helpers::{Response, TestTenant, admin_error, post_json};
use crate::leadconnector::Lc;
use crate::livevox::LiveVox;

fn generate(tenant: &TestTenant, vendor: &str, body: Value) -> Response {
    post_json(&format!("{}/__admin/tenants/{}/{vendor}/generate", tenant.base, tenant.id), &body)
}

/// The ids of `count` contacts generated into `tenant` with `seed`.
fn generated(tenant: &TestTenant, vendor: &str, count: u64, seed: u64) -> Vec<String> {
    let r = generate(tenant, vendor, json!({"contacts": count, "seed": seed}));
    assert_eq!((r.status, r.body["count"].as_u64()), (201, Some(count)), "{}", r.text);
    r.body["ids"].as_array().unwrap().iter().map(|id| id.as_str().unwrap().to_owned()).collect()
}

/// A file path under the temp dir, removed (with its WAL companions) when dropped.
struct TempFile(PathBuf);

impl TempFile {
    fn new(name: &str) -> TempFile {
        TempFile(std::env::temp_dir().join(format!(
            "crm-mock-gen-{}-{}-{name}",
            std::process::id(),
            uuid::Uuid::new_v4().simple()
        )))
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        for suffix in ["", "-wal", "-shm"] {
            let mut path = self.0.clone().into_os_string();
            path.push(suffix);
            let _ = std::fs::remove_file(path);
        }
    }
}

fn options(vendor: &str, contacts: u64, seed: u64, target: Target, ids: Option<PathBuf>) -> Options {
    let until = chrono::DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z").unwrap().to_utc();
    Options { vendor: vendor.into(), plan: Plan { contacts, seed, until, years: 5 }, target, tenant: "demo".into(), ids }
}

#[test]
fn generated_liondesk_contacts_are_found_and_read_like_created_ones() {
    let tenant = TestTenant::new();
    let ids = generated(&tenant, "liondesk", 150, 3);
    assert_eq!(ids.len(), 150);
    let owner = tenant.liondesk(0);
    let page = owner.get("/contacts?$limit=5&$sort[id]=1");
    assert_eq!(page.status, 200, "{}", page.text);
    assert_eq!(page.body["total"], 150, "the owner sees every generated contact");
    let first = &page.body["data"][0];
    assert!(ids.contains(&first["id"].to_string()));
    let one = owner.get(&format!("/contacts/{}", first["id"]));
    assert_eq!(one.status, 200);
    assert_eq!(&one.body, first);
    assert!(one.body["email"].as_str().unwrap().contains('@'));
    assert!(!one.body["addresses"].as_array().unwrap().is_empty());
    let events = owner.get(&format!("/events?contact_id={}", first["id"]));
    assert_eq!(events.status, 200, "{}", events.text);
}

#[test]
fn generated_contacts_of_the_other_vendors_are_read_through_their_apis() {
    let tenant = TestTenant::new();
    let lm_ids = generated(&tenant, "livingmetrics", 120, 5);
    let lm = tenant.livingmetrics();
    let page = lm.get("/v1/contacts?limit=200");
    assert_eq!(page.status, 200, "{}", page.text);
    let one = lm.get(&format!("/v1/contacts/{}", lm_ids[7]));
    assert_eq!(one.status, 200, "{}", one.text);
    assert!(one.text.contains('@'));

    let lc_ids = generated(&tenant, "leadconnector", 120, 5);
    let lc = Lc::of(&tenant);
    let one = lc.get(&format!("/contacts/{}", lc_ids[9]));
    assert_eq!((one.status, one.body["contact"]["id"].as_str()), (200, Some(lc_ids[9].as_str())), "{}", one.text);
    let email = one.body["contact"]["email"].as_str().unwrap().to_owned();
    let found = lc.get(&format!("/contacts/search/duplicate?locationId={}&email={email}", lc.location()));
    assert_eq!(found.body["contact"]["id"].as_str(), Some(lc_ids[9].as_str()), "{}", found.text);

    let lv_ids = generated(&tenant, "livevox", 120, 5);
    let session = LiveVox::of(&tenant).login("Sysadmin");
    let account = 80_000_000 + lv_ids[4].parse::<i64>().unwrap();
    let one = session.get(&format!("/contact/contacts/{account}"));
    assert_eq!(one.status, 200, "{}", one.text);
    assert!(one.body["readContactDetails"]["person"]["firstName"].is_string(), "{}", one.text);
}

#[test]
fn a_seed_gives_the_same_records_and_another_seed_others() {
    let files: Vec<TempFile> = (0..3).map(|i| TempFile::new(&format!("{i}.sqlite"))).collect();
    let id_files: Vec<TempFile> = (0..3).map(|i| TempFile::new(&format!("{i}.ids"))).collect();
    for (i, seed) in [9, 9, 10].into_iter().enumerate() {
        let o = options("liondesk", 300, seed, Target::Db(files[i].0.clone()), Some(id_files[i].0.clone()));
        assert_eq!(run(&o, &mut Progress::Quiet), Ok(300));
    }
    let rows = |f: &TempFile| -> Vec<String> {
        let conn = Connection::open(&f.0).unwrap();
        let sql = "SELECT c.id || c.first_name || c.last_name || c.email || c.created_at || ifnull(c.tags, '') || count(a.id)
                   FROM ld_contacts c LEFT JOIN ld_addresses a ON a.tenant_id = c.tenant_id AND a.contact_id = c.id
                   WHERE c.tenant_id = 'demo' GROUP BY c.id ORDER BY c.id";
        let mut stmt = conn.prepare(sql).unwrap();
        stmt.query_map([], |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap()
    };
    let counts = |f: &TempFile| -> Vec<i64> {
        let conn = Connection::open(&f.0).unwrap();
        ["ld_contacts", "ld_addresses", "ld_tasks", "ld_events"]
            .iter()
            .map(|t| conn.query_row(&format!("SELECT count(*) FROM {t} WHERE tenant_id = 'demo'"), [], |r| r.get(0)).unwrap())
            .collect()
    };
    assert_eq!(rows(&files[0]), rows(&files[1]));
    assert_ne!(rows(&files[0]), rows(&files[2]));
    assert_eq!(counts(&files[0]), counts(&files[1]));
    let ids = std::fs::read_to_string(&id_files[0].0).unwrap();
    assert_eq!(ids, std::fs::read_to_string(&id_files[1].0).unwrap());
    assert_eq!(ids.lines().count(), 300);
    let demo_contacts = counts(&files[0])[0] - 300;
    assert_eq!(ids.lines().next(), Some((demo_contacts + 1).to_string().as_str()));
}

#[test]
fn a_generated_file_keeps_the_planners_statistics_of_every_index_it_rebuilt() {
    let file = TempFile::new("stat.sqlite");
    assert_eq!(run(&options("liondesk", 50, 2, Target::Db(file.0.clone()), None), &mut Progress::Quiet), Ok(50));
    let conn = Connection::open(&file.0).unwrap();
    let missing: Vec<String> = conn
        .prepare(
            "SELECT i.name FROM sqlite_master m, pragma_index_list(m.name) i
             WHERE m.type = 'table' AND m.name LIKE 'ld\\_%' ESCAPE '\\'
               AND NOT EXISTS (SELECT 1 FROM sqlite_stat1 s WHERE s.tbl = m.name AND s.idx = i.name)",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(missing, Vec::<String>::new());
    let stat = |index: &str| -> String {
        conn.query_row("SELECT stat FROM sqlite_stat1 WHERE idx = ?1", [index], |r| r.get(0)).unwrap()
    };
    assert_eq!(stat("ld_contacts_email"), "10000000 1000000 2 2 2 2");
    assert_eq!(stat("ld_contacts_owner"), "10000000 1000000 1000000 2 2");
}

/// A generated file's trigram indexes are merged into one segment each: a search reads every
/// segment of its index, and loaded a contact at a time an index is left in many.
#[test]
fn a_generated_files_search_indexes_are_merged_into_one_segment() {
    for (vendor, index) in [("leadconnector", "lc_contacts_text"), ("livingmetrics", "lm_contacts_search")] {
        let file = TempFile::new(&format!("merged-{vendor}.sqlite"));
        assert_eq!(run(&options(vendor, 200, 3, Target::Db(file.0.clone()), None), &mut Progress::Quiet), Ok(200));
        let conn = Connection::open(&file.0).unwrap();
        let segments: i64 = conn.query_row(&format!("SELECT count(DISTINCT segid) FROM {index}_idx"), [], |r| r.get(0)).unwrap();
        assert_eq!(segments, 1, "{vendor}");
        let matches: i64 =
            conn.query_row(&format!("SELECT count(*) FROM {index} WHERE {index} MATCH '\"com\"'"), [], |r| r.get(0)).unwrap();
        assert!(matches >= 200, "{vendor}: the merged index answers ({matches} emails)");
    }
}

/// The triggers the bulk load goes without are back, and each generated contact carries the
/// documents they would have made of its addresses and custom field values.
#[test]
fn a_generated_file_keeps_every_trigger_and_its_contacts_carry_their_documents() {
    let file = TempFile::new("docs.sqlite");
    assert_eq!(run(&options("liondesk", 300, 4, Target::Db(file.0.clone()), None), &mut Progress::Quiet), Ok(300));
    let conn = Connection::open(&file.0).unwrap();
    let triggers: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'ld\\_%' ESCAPE '\\' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let doc_triggers = ["ld_addresses_doc_delete", "ld_addresses_doc_insert", "ld_addresses_doc_update"];
    assert!(doc_triggers.iter().all(|t| triggers.contains(&t.to_string())), "{triggers:?}");
    assert_eq!(triggers.len(), 6, "{triggers:?}");
    let json = |doc: Option<String>| doc.map(|d| serde_json::from_str::<Value>(&d).unwrap());
    for (view, column) in [("ld_addresses_docs", "addresses_doc"), ("ld_custom_values_docs", "custom_values_doc")] {
        let sql = format!(
            "SELECT c.{column}, v.doc FROM ld_contacts c LEFT JOIN {view} v ON v.tenant_id = c.tenant_id AND v.contact_id = c.id
             WHERE c.tenant_id = 'demo' ORDER BY c.id"
        );
        let mut stmt = conn.prepare(&sql).unwrap();
        let pairs: Vec<(Option<String>, Option<String>)> =
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().collect::<Result<_, _>>().unwrap();
        assert!(pairs.iter().filter(|(_, made)| made.is_some()).count() >= 50, "{view}: some contacts have records");
        for (carried, made) in pairs {
            assert_eq!(json(carried), json(made), "{view}");
        }
    }
}

#[test]
fn url_mode_generates_into_a_tenant_of_a_running_server() {
    let tenant = TestTenant::new();
    let ids_file = TempFile::new("url.ids");
    let target = Target::Url { base: tenant.base.clone(), admin_token: None };
    let o = Options { tenant: tenant.id.clone(), ..options("leadconnector", 300, 4, target, Some(ids_file.0.clone())) };
    assert_eq!(run(&o, &mut Progress::Quiet), Ok(300));
    let ids: Vec<String> = std::fs::read_to_string(&ids_file.0).unwrap().lines().map(str::to_owned).collect();
    assert_eq!(ids.len(), 300);
    let one = Lc::of(&tenant).get(&format!("/contacts/{}", ids[123]));
    assert_eq!(one.status, 200, "{}", one.text);
    let missing = Options { tenant: "no-such-tenant".into(), ..o };
    let error = run(&missing, &mut Progress::Quiet).unwrap_err();
    assert!(error.ends_with("answered 404: no tenant 'no-such-tenant'"), "{error}");
}

#[test]
fn bad_arguments_are_refused_with_a_clear_message() {
    let file = TempFile::new("bad.sqlite");
    let unknown = options("salesforce", 10, 1, Target::Db(file.0.clone()), None);
    let error = run(&unknown, &mut Progress::Quiet).unwrap_err();
    assert_eq!(error, "--vendor: unknown vendor 'salesforce' (known: livingmetrics, liondesk, livevox, leadconnector)");
    assert!(!file.0.exists(), "nothing is created for a refused command");
    let nowhere = options("liondesk", 10, 1, Target::Db("/nonexistent-dir/x.sqlite".into()), None);
    let error = run(&nowhere, &mut Progress::Quiet).unwrap_err();
    assert_eq!(error, "--db /nonexistent-dir/x.sqlite: the directory /nonexistent-dir does not exist");
    let tenant = TestTenant::new();
    let r = generate(&tenant, "liondesk", json!({"contacts": 0, "seed": 1}));
    assert_eq!((r.status, r.body.clone()), (400, admin_error(400, "contacts: must be at least 1")));
    let r = generate(&tenant, "nope", json!({"contacts": 1, "seed": 1}));
    assert_eq!(r.status, 404);
    let r = generate(&tenant, "liondesk", json!({"contacts": 10, "seed": 1, "from_chunk": 1}));
    assert_eq!(r.body, admin_error(400, "chunks 1..1 are not within the plan's 0..1"));
}

#[test]
fn the_command_exits_non_zero_on_bad_arguments() {
    let bin = env!("CARGO_BIN_EXE_crm-mock");
    for (args, message) in [
        (&["--vendor", "liondesk", "--contacts", "0", "--db", "x.sqlite"][..], "must be at least 1"),
        (&["--vendor", "liondesk", "--contacts", "-4", "--db", "x.sqlite"][..], "must be at least 1"),
        (&["--vendor", "nope", "--contacts", "4", "--db", "/nonexistent-dir/x.sqlite"][..], "unknown vendor 'nope'"),
        (&["--vendor", "liondesk", "--contacts", "4", "--db", "/nonexistent-dir/x.sqlite"][..], "does not exist"),
    ] {
        let out = std::process::Command::new(bin).arg("generate").args(args).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success() && stderr.contains(message), "{args:?}: {stderr}");
    }
}

#[test]
fn a_generated_file_holds_everything_without_its_write_ahead_log() {
    let file = TempFile::new("whole.sqlite");
    let mut o = options("livingmetrics", 200, 3, Target::Db(file.0.clone()), None);
    o.tenant = "whole".into();
    assert_eq!(run(&o, &mut Progress::Quiet), Ok(200));
    let mut wal = file.0.clone().into_os_string();
    wal.push("-wal");
    // Checkpointed and emptied: a copy of the file alone is the whole database.
    assert_eq!(std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0), 0);
    let conn = Connection::open(&file.0).unwrap();
    let contacts: i64 = conn.query_row("SELECT count(*) FROM lm_contacts WHERE tenant_id = 'whole'", [], |r| r.get(0)).unwrap();
    assert_eq!(contacts, 200);
}

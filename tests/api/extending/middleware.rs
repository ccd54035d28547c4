//! `Vendor::around`: the vendor's middleware sees every request to it, inside the journal and
//! the fault rules.

use serde_json::json;

use super::probe::{key, shared_probe, spawn_probe, tenant_on};
use crate::helpers::{get, post_json, send};

#[test]
fn the_vendor_middleware_wraps_every_route_and_the_vendor_404() {
    let base = shared_probe();
    let first: u64 = get(&format!("{base}/probe/greeting")).header("x-probe-calls").expect("counted").parse().unwrap();
    let second = get(&format!("{base}/probe/nowhere"));
    assert_eq!((second.status, second.body.clone()), (404, json!({"probe_error": "no such route"})));
    let counted: u64 = second.header("x-probe-calls").expect("counted").parse().unwrap();
    assert!(counted > first, "{counted} after {first}");
}

#[test]
fn the_vendor_middleware_can_answer_alone_and_the_journal_records_its_answer() {
    let app = spawn_probe(&[]);
    let tenant = tenant_on(app.server.base_url());
    let r =
        send("POST", &app.url("/probe/notes?text=x"), &[("X-Probe-Key", &key(&tenant)), ("X-Probe-Limit", "exceed")], Some(b""));
    assert_eq!((r.status, r.body), (429, json!({"probe_error": "slow down"})));
    let journal = get(&app.url("/__admin/requests?vendor=probe"));
    assert_eq!(journal.body["requests"][0]["status"], json!(429));
    assert_eq!(journal.body["requests"][0]["path"], json!("/probe/notes"));
}

#[test]
fn a_fault_rule_answers_before_the_vendor_middleware_runs() {
    let app = spawn_probe(&[]);
    let rule =
        post_json(&app.url("/__admin/faults"), &json!({"vendor": "probe", "path": "/greeting", "status": 503, "times": 1}));
    assert_eq!(rule.status, 201, "{}", rule.text);
    let r = get(&app.url("/probe/greeting"));
    assert_eq!(r.header("x-probe-calls"), None);
    assert_eq!((r.status, r.body), (503, json!({"probe_error": "Fault injected by crm-mock"})));
}

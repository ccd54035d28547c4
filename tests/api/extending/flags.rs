//! `Registration::flags`: a vendor's flags reach `serve` and the embedding `Config`.

use serde_json::json;

use super::probe::{registry, shared_probe, spawn_probe};
use crate::helpers::get;

#[test]
fn a_vendor_flag_has_its_default_when_not_given() {
    let r = get(&format!("{}/probe/greeting", shared_probe()));
    assert_eq!((r.status, r.body), (200, json!({"greeting": "hello"})));
}

#[test]
fn a_vendor_flag_given_in_the_config_reaches_the_vendor() {
    let app = spawn_probe(&["--probe-greeting=bonjour"]);
    let r = get(&app.url("/probe/greeting"));
    assert_eq!((r.status, r.body), (200, json!({"greeting": "bonjour"})));
}

#[test]
fn an_unknown_or_malformed_vendor_flag_stops_the_start_naming_it() {
    let config = crm_mock::Config { port: 0, vendor_flags: vec!["--probe-greting=x".into()], ..Default::default() };
    let error = crm_mock::spawn_with_vendors(config, &registry()).err().expect("the start fails").to_string();
    assert!(error.contains("'--probe-greting'"), "{error}");
    let config = crm_mock::Config { port: 0, vendor_flags: vec!["--liondesk-max-limit=0".into()], ..Default::default() };
    let error = crm_mock::spawn(config).err().expect("the start fails").to_string();
    assert!(error.contains("--liondesk-max-limit"), "{error}");
}

#[test]
fn the_command_line_of_serve_lists_every_vendor_flag() {
    let mut command = crm_mock::cli::command(&registry());
    let serve = command.find_subcommand_mut("serve").expect("serve");
    let help = serve.render_long_help().to_string();
    for flag in ["--probe-greeting", "--liondesk-default-limit", "--liondesk-max-limit", "--port"] {
        assert!(help.contains(flag), "{flag} in {help}");
    }
}

//! What start-up refuses, at once and in one line naming what is wrong: too many workers, a
//! `--vendor-port` that clashes with another port, a `--db` path that cannot hold a database.

use std::path::PathBuf;

use crm_mock::Config;

fn start_error(config: Config) -> String {
    crm_mock::spawn(config).err().expect("the start fails").to_string()
}

#[test]
fn more_workers_than_the_bound_are_refused() {
    assert_eq!(start_error(Config { port: 0, workers: 5000, ..Config::default() }), "--workers 5000: at most 256");
}

#[test]
fn a_vendor_port_that_is_the_main_port_or_another_vendors_is_named() {
    let config = |ports: &[(&str, u16)]| Config {
        port: 45_123,
        vendor_ports: ports.iter().map(|(v, p)| (v.to_string(), *p)).collect(),
        ..Config::default()
    };
    assert_eq!(
        start_error(config(&[("liondesk", 45_123)])),
        "--vendor-port liondesk=45123: port 45123 is also the main port (--port)"
    );
    assert_eq!(
        start_error(config(&[("liondesk", 45_124), ("livevox", 45_124)])),
        "--vendor-port livevox=45124: port 45124 is also liondesk's"
    );
    assert_eq!(
        start_error(config(&[("liondesk", 45_124), ("liondesk", 45_125)])),
        "--vendor-port liondesk=45125: liondesk is given a port twice"
    );
}

/// A path under the system's temp dir, removed (file or directory) when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        Scratch(std::env::temp_dir().join(format!("crm-mock-startup-{name}-{}", std::process::id())))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
        let _ = std::fs::remove_file(&self.0);
    }
}

fn db_error(path: PathBuf) -> String {
    start_error(Config { port: 0, db: Some(path), ..Config::default() })
}

#[test]
fn a_db_path_in_a_missing_directory_is_refused_at_once() {
    let dir = Scratch::new("missing");
    let path = dir.0.join("state.sqlite");
    assert_eq!(db_error(path.clone()), format!("--db {}: the directory {} does not exist", path.display(), dir.0.display()));
}

#[test]
fn a_db_path_that_is_a_directory_is_refused() {
    assert_eq!(db_error(PathBuf::from("/")), "--db /: is a directory; give a file path such as ./crm-mock.sqlite");
}

#[test]
fn a_db_file_that_is_not_a_database_is_refused() {
    let file = Scratch::new("not-a-db.sqlite");
    std::fs::write(&file.0, "name,email\nAda,ada@example.com\n".repeat(200)).unwrap();
    assert_eq!(db_error(file.0.clone()), format!("--db {}: is not a SQLite database", file.0.display()));
}

//! Assembling and running the server: the one vendor list (`VENDORS`), start-up (seeds,
//! database, demo tenant), the App with its middleware order, the listeners (main port and each
//! `--vendor-port`), the background jobs, and the embedding API the tests use (`spawn`).

mod app;
mod listen;
mod slashes;

use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::Arc;

use actix_web::dev::ServerHandle;
use actix_web::web;

use crate::core::background::Background;
use crate::core::{Core, CoreError, Db, Registration, Vendor, seed};

use app::{main_app, own_port_app};
use listen::{listen_through_front, refusals};

/// Every vendor crm-mock emulates. A new vendor is one folder plus one line here (and its folder in
/// `build.rs`'s `SCHEMAS`, the schema image's list: docs/extending.md).
pub const VENDORS: &[&Registration] = &[
    &crate::livingmetrics::REGISTRATION,
    &crate::liondesk::REGISTRATION,
    &crate::livevox::REGISTRATION,
    &crate::leadconnector::REGISTRATION,
];

/// The most HTTP worker threads `--workers` may ask for.
pub const MAX_WORKERS: usize = 256;

/// The vendors' own `serve` flags, as one command to parse them with.
pub fn vendor_command(registry: &[&Registration]) -> clap::Command {
    registry.iter().fold(clap::Command::new("serve").no_binary_name(true), |cmd, r| (r.flags)(cmd))
}

/// Builds the vendors of `registry` from `config.vendor_flags`.
pub fn vendors(config: &Config, registry: &[&Registration]) -> Result<Vec<Arc<dyn Vendor>>, StartError> {
    let flag_error = |e: clap::Error| {
        StartError::Config(e.render().to_string().lines().next().unwrap_or("").trim_start_matches("error: ").to_owned())
    };
    let matches = vendor_command(registry).try_get_matches_from(&config.vendor_flags).map_err(flag_error)?;
    registry.iter().map(|r| (r.build)(&matches).map_err(flag_error)).collect()
}

/// How to run: the `serve` flags, as a plain struct for embedding.
#[derive(Debug, Clone)]
pub struct Config {
    pub host: String,
    /// 0 picks a free port.
    pub port: u16,
    /// A SQLite file that survives restarts (seeded only when new); `None` keeps it in memory.
    pub db: Option<PathBuf>,
    /// Seed files to load instead of the embedded `seed-data/`.
    pub seed_dir: Option<PathBuf>,
    /// Vendors also served at the root of a port of their own.
    pub vendor_ports: Vec<(String, u16)>,
    /// Requests kept in the journal (0 turns it off).
    pub journal_size: usize,
    /// HTTP worker threads (0: one per CPU core; at most `MAX_WORKERS`).
    pub workers: usize,
    /// Whether the vendors' rate limits count and refuse (`--rate-limits on`).
    pub rate_limits: bool,
    /// The vendors' own flags, as on the command line (`--liondesk-max-limit=20`).
    pub vendor_flags: Vec<String>,
    /// When set, every `/__admin` request but the dashboard's files and the OpenAPI documents
    /// needs `Authorization: Bearer <token>`.
    pub admin_token: Option<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            host: "127.0.0.1".into(),
            port: 4010,
            db: None,
            seed_dir: None,
            vendor_ports: Vec::new(),
            journal_size: 1000,
            workers: 0,
            rate_limits: true,
            vendor_flags: Vec::new(),
            admin_token: None,
        }
    }
}

/// A token goes in a header: printable ASCII without spaces, and not empty.
fn check_admin_token(token: &str) -> Result<(), StartError> {
    if token.is_empty() || !token.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(StartError::Config(
            "--admin-token: give a non-empty token of printable ASCII characters without spaces".into(),
        ));
    }
    Ok(())
}

/// Whether serving on `host` without an admin token opens the admin API (tenants, credentials,
/// reset) to other machines: any address but a loopback one.
pub fn admin_exposed(host: &str, admin_token: Option<&str>) -> bool {
    let loopback = host.eq_ignore_ascii_case("localhost")
        || host.trim_start_matches('[').trim_end_matches(']').parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback());
    admin_token.is_none() && !loopback
}

/// Why the server could not start.
#[derive(thiserror::Error, Debug)]
pub enum StartError {
    #[error("{0}")]
    Seed(#[from] seed::SeedError),
    #[error("seed data: {0}")]
    Install(#[from] crate::core::state::InstallError),
    #[error("{0}")]
    Core(#[from] CoreError),
    #[error("cannot listen on {addr}: {source}")]
    Bind { addr: String, source: std::io::Error },
    #[error("{0}")]
    Config(String),
}

/// A built server: state loaded and ports bound, not yet serving.
pub struct Application {
    core: web::Data<Core>,
    main: TcpListener,
    own_ports: Vec<(Arc<dyn Vendor>, TcpListener)>,
    workers: usize,
}

impl Application {
    /// Loads the state and binds the ports of a server of every vendor in `VENDORS`.
    pub fn build(config: Config) -> Result<Application, StartError> {
        Application::build_with(config, VENDORS)
    }

    /// Like `build`, with the vendors of `registry` (the embedding API's way to add one).
    pub fn build_with(config: Config, registry: &[&Registration]) -> Result<Application, StartError> {
        if config.workers > MAX_WORKERS {
            return Err(StartError::Config(format!("--workers {}: at most {MAX_WORKERS}", config.workers)));
        }
        if let Some(token) = &config.admin_token {
            check_admin_token(token)?;
        }
        let vendors = vendors(&config, registry)?;
        check_ports(&config, &vendors)?;
        let schemas = crate::core::db::schemas(&vendors);
        // The seed files are read while the database opens (each a few milliseconds).
        let (seeds, opened) = std::thread::scope(|scope| {
            let seeds = scope.spawn(|| seed::load(config.seed_dir.as_deref(), &vendors));
            let opened = Db::open(config.db.as_deref(), &schemas);
            let seeds = seeds.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (seeds, opened)
        });
        let (seeds, opened) = (seeds?, opened?);
        let mut core = Core::new(opened.db, seeds, vendors, config.journal_size, config.rate_limits)?;
        core.admin_token = config.admin_token.clone();
        let now = core.clock.now();
        if opened.fresh {
            core.db.write_blocking(|tx| core.create_demo_tenant(tx, now))?;
        } else {
            core.check_seeds(now)?;
        }

        let main = bind(&config.host, config.port)?;
        let mut own_ports = Vec::new();
        for (name, port) in &config.vendor_ports {
            let vendor = core.vendor(name).cloned().ok_or_else(|| StartError::Config(format!("unknown vendor '{name}'")))?;
            own_ports.push((vendor, bind(&config.host, *port)?));
        }
        let workers =
            if config.workers == 0 { std::thread::available_parallelism().map_or(2, |n| n.get()) } else { config.workers };
        release_memory();
        Ok(Application { core: web::Data::new(core), main, own_ports, workers })
    }

    pub fn port(&self) -> u16 {
        self.main.local_addr().map(|a| a.port()).unwrap_or(0)
    }

    /// `http://HOST:PORT` of the main port.
    pub fn base_url(&self) -> String {
        url_of(&self.main)
    }

    /// Each `--vendor-port` vendor with its own root URL.
    pub fn vendor_urls(&self) -> Vec<(&'static str, String)> {
        self.own_ports.iter().map(|(v, l)| (v.name(), url_of(l))).collect()
    }

    /// Creates the HTTP servers; must run inside an actix system.
    fn servers(self, signals: bool) -> std::io::Result<Vec<actix_web::dev::Server>> {
        let mut servers = Vec::new();
        let core = self.core.clone();
        let renderer = refusals(self.core.vendors.clone(), None);
        let main = move || main_app(core.clone());
        servers.push(listen_through_front(self.main, self.workers, signals, renderer, main)?);
        for (vendor, listener) in self.own_ports {
            let core = self.core.clone();
            let workers = 1.max(self.workers / 2);
            let renderer = refusals(Vec::new(), Some(vendor.clone()));
            let app = move || own_port_app(core.clone(), vendor.clone());
            servers.push(listen_through_front(listener, workers, signals, renderer, app)?);
        }
        Ok(servers)
    }

    /// Serves until SIGINT/SIGTERM (graceful: in-flight requests finish), with the vendors'
    /// background jobs running meanwhile.
    pub async fn run(self) -> std::io::Result<()> {
        let core = self.core.clone();
        let servers = self.servers(true)?;
        serve(core, servers).await
    }
}

/// Gives back to the system the memory that loading freed: glibc keeps the pages of freed
/// blocks (SQLite's page caches) inside its heap unless asked.
fn release_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free memory; it is safe to call at any time.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Runs `servers` to their end, and the background jobs as long as they run.
async fn serve(core: web::Data<Core>, servers: Vec<actix_web::dev::Server>) -> std::io::Result<()> {
    let jobs = Background::start(core.clone());
    let served = futures_util::future::try_join_all(servers).await;
    jobs.stop().await;
    // What was written is in the database file itself when the server stops.
    if let Err(e) = core.db.checkpoint() {
        log::warn!("checkpoint at shutdown: {e}");
    }
    served.map(|_| ())
}

/// Refuses a `--vendor-port` that names an unknown vendor, the main port, or another
/// vendor's port, saying what clashes (binding would only say "Address already in use").
fn check_ports(config: &Config, vendors: &[Arc<dyn Vendor>]) -> Result<(), StartError> {
    let names: Vec<&str> = vendors.iter().map(|v| v.name()).collect();
    for (i, (name, port)) in config.vendor_ports.iter().enumerate() {
        let flag = format!("--vendor-port {name}={port}");
        if !names.contains(&name.as_str()) {
            return Err(StartError::Config(format!("--vendor-port: unknown vendor '{name}' (known: {})", names.join(", "))));
        }
        if *port == 0 {
            continue;
        }
        if *port == config.port {
            return Err(StartError::Config(format!("{flag}: port {port} is also the main port (--port)")));
        }
        if let Some((other, _)) = config.vendor_ports[..i].iter().find(|(other, p)| p == port || other == name) {
            let why =
                if other == name { format!("{name} is given a port twice") } else { format!("port {port} is also {other}'s") };
            return Err(StartError::Config(format!("{flag}: {why}")));
        }
    }
    Ok(())
}

fn bind(host: &str, port: u16) -> Result<TcpListener, StartError> {
    let addr = format!("{host}:{port}");
    TcpListener::bind(&addr).map_err(|source| StartError::Bind { addr, source })
}

fn url_of(listener: &TcpListener) -> String {
    match listener.local_addr() {
        Ok(addr) => format!("http://{addr}"),
        Err(_) => String::new(),
    }
}

/// A server running on a thread of its own, for tests and embedding.
pub struct RunningServer {
    base_url: String,
    vendor_urls: Vec<(&'static str, String)>,
    handles: Vec<ServerHandle>,
    thread: Option<std::thread::JoinHandle<std::io::Result<()>>>,
}

impl RunningServer {
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    pub fn vendor_url(&self, vendor: &str) -> Option<&str> {
        self.vendor_urls.iter().find(|(n, _)| *n == vendor).map(|(_, u)| u.as_str())
    }

    /// Stops gracefully and waits for the thread to end.
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        let handles = std::mem::take(&mut self.handles);
        if let Some(thread) = self.thread.take() {
            let stopper = std::thread::spawn(move || {
                actix_web::rt::System::new().block_on(async move {
                    for handle in handles {
                        handle.stop(true).await;
                    }
                })
            });
            let _ = stopper.join();
            let _ = thread.join();
        }
    }
}

impl Drop for RunningServer {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// Builds the server from `config` and runs it on a new thread; returns once it listens.
pub fn spawn(config: Config) -> Result<RunningServer, StartError> {
    spawn_with_vendors(config, VENDORS)
}

/// Like `spawn`, with the vendors of `registry` (crm-mock's own and any others).
pub fn spawn_with_vendors(config: Config, registry: &[&Registration]) -> Result<RunningServer, StartError> {
    let app = Application::build_with(config, registry)?;
    let core = app.core.clone();
    let base_url = app.base_url();
    let vendor_urls = app.vendor_urls();
    let (sender, receiver) = std::sync::mpsc::channel();
    let thread = std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            let servers = match app.servers(false) {
                Ok(servers) => servers,
                Err(e) => {
                    let _ = sender.send(Err(e.to_string()));
                    return Ok(());
                }
            };
            let _ = sender.send(Ok(servers.iter().map(|s| s.handle()).collect::<Vec<_>>()));
            serve(core, servers).await
        })
    });
    let handles = receiver
        .recv()
        .map_err(|_| StartError::Config("the server thread ended before listening".into()))?
        .map_err(StartError::Config)?;
    Ok(RunningServer { base_url, vendor_urls, handles, thread: Some(thread) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_non_loopback_host_without_a_token_exposes_the_admin_api() {
        for host in ["0.0.0.0", "192.168.1.5", "::", "example.test"] {
            assert!(admin_exposed(host, None), "{host}");
            assert!(!admin_exposed(host, Some("t")), "{host} with a token");
        }
        for host in ["127.0.0.1", "127.0.0.2", "::1", "[::1]", "localhost", "LOCALHOST"] {
            assert!(!admin_exposed(host, None), "{host}");
        }
    }

    #[test]
    fn a_token_must_be_printable_without_spaces() {
        for bad in ["", "a b", "tab\tbed", "é"] {
            assert!(check_admin_token(bad).is_err(), "{bad:?}");
        }
        assert!(check_admin_token("s3cret-Token_1.~").is_ok());
    }
}

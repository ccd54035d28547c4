//! `crm-mock generate`: made-up contacts at scale, with the records each vendor keeps about a
//! contact, into a `--db` file (created as `serve --db` would create it, with the demo tenant)
//! or into a tenant of a running server (`--url`, through
//! `POST /__admin/tenants/{id}/{vendor}/generate`). The records come from `Vendor::generator`
//! and `core::generate`; the same seed and arguments give the same records in both modes. The
//! contacts' ids can be written to a file (`--ids`), one per line, for load tests.

mod progress;

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::{Value, json};

use crate::core::generate::{self, Plan};
use crate::core::sql::placeholders;
use crate::core::tenant::{self, SeedKind, TenantId};
use crate::core::{Core, CoreError, Db, Vendor, seed};
use crate::startup::{Config, VENDORS, vendors};

pub use progress::Progress;

/// Chunks written per transaction into a file: 50 chunks, 50,000 contacts.
const DB_BATCH: u64 = 50;

/// The page cache of the connection that writes into a file, for the bulk load (SQLite's
/// default is 2 MiB). The secondary indexes are gone while it runs, so the rows and the unique
/// keys are written in order and a cache that holds a transaction's right edges of them is
/// enough; a larger one only costs (LionDesk 1M, load: 512 MiB 37.7-41.4 s, 32 MiB 35.4-37.4 s,
/// 8 MiB 39.6 s). A negative `cache_size` is in KiB; the file itself stays a normal WAL database.
const BULK_CACHE: &str = "PRAGMA cache_size = -32768";

/// How the indexes are built again. The page cache also bounds how much of an index's entries
/// the sorter holds before it writes a sorted run for a sorting thread to merge: with the bulk
/// load's cache it kept all of an index's entries and sorted them on the one thread. The runs go
/// to temporary files (the server keeps its temporary data in memory, where SQLite writes
/// such runs in small pieces). LionDesk's 1M indexes: 33.2 s as the server's connections are
/// set, 26.8 s with the bulk load's cache, 20.5 s so.
const REBUILD: &str = "PRAGMA cache_size = -4096; PRAGMA temp_store = FILE";

/// The sorting threads SQLite may add to the connection's own while it builds an index again
/// (`PRAGMA threads`): one per further core.
fn sort_threads() -> String {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    format!("PRAGMA threads = {}", cores.saturating_sub(1))
}

/// Chunks sent per request to a running server: 10 chunks, 10,000 contacts (the server's
/// writers wait for each request's transaction).
const URL_BATCH: u64 = 10;

/// Where the records go.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// A database file, created with the demo tenant when new.
    Db(PathBuf),
    /// A running server's base URL, with the admin token it needs, if any.
    Url { base: String, admin_token: Option<String> },
}

/// A generation to run.
#[derive(Debug, Clone)]
pub struct Options {
    pub vendor: String,
    pub plan: Plan,
    pub target: Target,
    /// The tenant that receives the records (created in a file when missing).
    pub tenant: String,
    /// Where to write the contacts' ids, one per line.
    pub ids: Option<PathBuf>,
}

/// Runs the generation; answers how many contacts were written, or what went wrong.
pub fn run(opts: &Options, progress: &mut Progress) -> Result<u64, String> {
    let known: Vec<&str> = VENDORS.iter().map(|r| r.name).collect();
    if !known.contains(&opts.vendor.as_str()) {
        return Err(format!("--vendor: unknown vendor '{}' (known: {})", opts.vendor, known.join(", ")));
    }
    let mut ids = Ids::create(opts.ids.as_deref())?;
    match &opts.target {
        Target::Db(path) => into_db(opts, path, progress, &mut ids)?,
        Target::Url { base, admin_token } => into_url(opts, base, admin_token.as_deref(), progress, &mut ids)?,
    }
    ids.finish()?;
    progress.finish();
    Ok(opts.plan.contacts)
}

/// The contacts' ids, written as they come.
struct Ids {
    out: Option<(PathBuf, BufWriter<File>)>,
    failed: Option<std::io::Error>,
}

impl Ids {
    fn create(path: Option<&Path>) -> Result<Ids, String> {
        let out = match path {
            Some(path) => {
                let file = File::create(path).map_err(|e| format!("--ids {}: {e}", path.display()))?;
                Some((path.to_owned(), BufWriter::new(file)))
            }
            None => None,
        };
        Ok(Ids { out, failed: None })
    }

    fn write(&mut self, ids: &[String]) {
        let Some((_, out)) = &mut self.out else { return };
        for id in ids {
            if let Err(e) = writeln!(out, "{id}") {
                self.failed.get_or_insert(e);
            }
        }
    }

    fn finish(self) -> Result<(), String> {
        let Some((path, mut out)) = self.out else { return Ok(()) };
        match self.failed.map_or_else(|| out.flush(), Err) {
            Ok(()) => Ok(()),
            Err(e) => Err(format!("--ids {}: {e}", path.display())),
        }
    }
}

fn into_db(opts: &Options, path: &Path, progress: &mut Progress, ids: &mut Ids) -> Result<(), String> {
    let start = |e: &dyn std::fmt::Display| e.to_string();
    let vendors = vendors(&Config::default(), VENDORS).map_err(|e| start(&e))?;
    let vendor: Arc<dyn Vendor> =
        vendors.iter().find(|v| v.name() == opts.vendor).cloned().ok_or_else(|| format!("unknown vendor '{}'", opts.vendor))?;
    let seeds = seed::load(None, &vendors).map_err(|e| start(&e))?;
    let schemas = crate::core::db::schemas(&vendors);
    let opened = Db::open(Some(path), &schemas).map_err(|e| start(&e))?;
    let core = Core::new(opened.db, seeds, vendors, 0, false).map_err(|e| start(&e))?;
    let now = core.clock.now();
    let id = TenantId::from(opts.tenant.as_str());
    core.db
        .write_blocking(|tx| -> Result<(), crate::core::state::InstallError> {
            if opened.fresh {
                core.create_demo_tenant(tx, now)?;
            }
            if tenant::find(tx, id.as_str())?.is_none() {
                core.create_tenant_as(tx, id.clone(), SeedKind::Empty, now)?;
            }
            Ok(())
        })
        .map_err(|e| start(&e))?;
    // The secondary indexes are built again after the load: sorting a million entries once is
    // several times cheaper than inserting them one by one at random places. Unique ones stay
    // (they enforce what the stores' writes rely on). The triggers whose work the generator
    // does go too, and come back after.
    let triggers = vendor.generated_triggers();
    let dropped: Vec<String> = core
        .db
        .write_blocking(|tx| -> Result<Vec<String>, CoreError> {
            let mut found = tx.prepare(&format!(
                "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL
                     AND ((type = 'index' AND sql NOT LIKE 'CREATE UNIQUE%') OR (type = 'trigger' AND name IN ({})))",
                placeholders(triggers.len())
            ))?;
            let found: Vec<(String, String, String)> = found
                .query_map(rusqlite::params_from_iter(triggers), |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<rusqlite::Result<_>>()?;
            for (kind, name, _) in &found {
                // The kind and name are SQLite's own, from sqlite_master.
                tx.execute_batch(&format!("DROP {kind} {}", crate::core::sql::quoted(name)))?;
            }
            // The search indexes too are written once, at the end.
            crate::core::sql::keyed::pause_all(tx)?;
            Ok(found.into_iter().map(|(_, _, sql)| sql).collect())
        })
        .map_err(|e| start(&e))?;
    let loaded = load(&core, vendor.as_ref(), &id, &opts.plan, progress, ids);
    core.db
        .connection_blocking(|conn| {
            conn.execute_batch(REBUILD)?;
            conn.execute_batch(&sort_threads())?;
            let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            for sql in &dropped {
                tx.execute_batch(sql)?;
            }
            crate::core::sql::keyed::resume_all(&tx)?;
            crate::core::sql::keyed::merge_all(&tx)?;
            // Dropping an index dropped its statistics.
            crate::core::statistics::write(&tx)?;
            Ok(tx.commit()?)
        })
        .map_err(|e| start(&e))?;
    // The file holds everything by itself: no write-ahead log for the next open to read.
    core.db.checkpoint().map_err(|e| start(&e))?;
    loaded
}

/// Writes the plan's contacts into the tenant, `DB_BATCH` chunks per transaction.
fn load(
    core: &Core,
    vendor: &dyn Vendor,
    id: &TenantId,
    plan: &Plan,
    progress: &mut Progress,
    ids: &mut Ids,
) -> Result<(), String> {
    core.db
        .connection_blocking(|conn| {
            conn.execute_batch(BULK_CACHE)?;
            let mut first = 0;
            while first < plan.chunks() {
                let last = (first + DB_BATCH).min(plan.chunks());
                let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
                generate::run(vendor, &tx, id, plan, first..last, &mut |chunk| {
                    progress.advance(chunk.len() as u64);
                    ids.write(&chunk);
                })
                .map_err(|e| match e {
                    generate::GenerateError::Core(core) => core,
                    other => CoreError::Startup(other.to_string()),
                })?;
                tx.commit()?;
                first = last;
            }
            Ok(())
        })
        .map_err(|e| e.to_string())
}

fn into_url(opts: &Options, base: &str, token: Option<&str>, progress: &mut Progress, ids: &mut Ids) -> Result<(), String> {
    let config = ureq::Agent::config_builder().http_status_as_error(false).build();
    let agent = ureq::Agent::new_with_config(config);
    let base = base.trim_end_matches('/');
    let url = format!("{base}/__admin/tenants/{}/{}/generate", opts.tenant, opts.vendor);
    let plan = &opts.plan;
    let mut first = 0;
    while first < plan.chunks() {
        let last = (first + URL_BATCH).min(plan.chunks());
        let body = json!({
            "contacts": plan.contacts, "seed": plan.seed, "until": crate::core::clock::to_rfc3339_millis(plan.until),
            "years": plan.years, "from_chunk": first, "to_chunk": last,
        });
        let mut request = agent.post(&url);
        if let Some(token) = token {
            request = request.header("Authorization", format!("Bearer {token}"));
        }
        let mut response = request.send_json(&body).map_err(|e| format!("--url {base}: {e}"))?;
        let status = response.status().as_u16();
        let answer: Value = response.body_mut().read_json().unwrap_or(Value::Null);
        if status != 201 {
            let message = answer.get("message").and_then(Value::as_str).unwrap_or("no message");
            return Err(format!("--url {base}: POST {url} answered {status}: {message}"));
        }
        let chunk: Vec<String> = answer["ids"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|id| id.as_str().map_or_else(|| id.to_string(), str::to_owned))
            .collect();
        progress.advance(chunk.len() as u64);
        ids.write(&chunk);
        first = last;
    }
    Ok(())
}

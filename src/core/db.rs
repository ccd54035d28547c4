//! SQLite: reads on an r2d2 pool of connections, writes on one writer thread. A read runs on
//! the HTTP worker that asked for it, in a deferred transaction (a count and its page see one
//! state): the point reads and pages clients send take tens to hundreds of microseconds, less
//! than the hand-off to a blocking thread and back cost them (a tenth of a point read's time).
//! On a file, a worker's next read uses the same snapshot while nothing is committed
//! (`core::held`).
//! Writes go to the writer (`core::writer`), which runs each under a savepoint of a
//! transaction that it commits before anyone hears back, so a failed request leaves nothing
//! half-applied and an answered one is committed; writes that queue up meanwhile share the
//! commit. Long streams (exports) read on the blocking pool with [`Db::read_blocking`]. A
//! count a read runs is kept until the next commit (`core::sql::totals`), so every commit here
//! goes through the database's `Totals`.
//!
//! Without `--db` the database lives in memory (SQLite's `memdb` VFS, shared by the pool's
//! connections and kept alive by an anchor connection); with `--db` it is a file in WAL mode.
//! An in-memory database of crm-mock's own schemas starts as a copy of the schema image that
//! `build.rs` makes (the schemas applied and their statistics written at build time): restoring
//! it takes a few milliseconds at start, running the DDL about twenty.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use r2d2_sqlite::SqliteConnectionManager;
use rusqlite::config::DbConfig;
use rusqlite::{Connection, MAIN_DB, OpenFlags, TransactionBehavior};

use super::error::CoreError;
use super::held::{HeldReads, Open, erased};
use super::sql::totals::{self, Totals};
use super::vendor::Vendor;
use super::writer::Writer;

/// Bumped whenever a table changes shape; a `--db` file of another version is refused.
pub const SCHEMA_VERSION: i64 = 11;

/// Pooled connections for reads (writes have the writer's own): an HTTP worker holds one while
/// it reads, an export one while it streams. The pool hands out the connection put back last, so
/// only as many as read at once fill a page cache.
pub const POOL_SIZE: u32 = 16;

/// The blocking threads each HTTP worker may use: an export's stream and the rare blocking call
/// (a webhook delivery, a key pair). Reads and writes take none; each thread holds a stack and
/// an allocator heap of its own.
pub const BLOCKING_THREADS: usize = 4;

/// What a read or a write runs on: a connection inside its transaction (a read's deferred one,
/// or the writer's batch under the write's own savepoint). Reads begin and end their
/// transaction with cached statements (rusqlite's `Transaction` compiles `BEGIN` and `ROLLBACK`
/// anew each time: a thirtieth of a contact's GET), so what they are handed is the connection.
pub type Tx = Connection;

/// The pooled database. Cheap to clone.
#[derive(Clone)]
pub struct Db {
    pool: r2d2::Pool<SqliteConnectionManager>,
    /// Every write goes through the one writer.
    writer: Writer,
    /// Exact totals kept between reads until a commit; every commit here goes through it.
    totals: Arc<Totals>,
    /// On a file, the read snapshots held between reads (`core::held`).
    pub(super) held: Option<Arc<HeldReads>>,
    /// Opens a connection outside the pool, set up as the pool's are.
    connect: Arc<dyn Fn() -> rusqlite::Result<Connection> + Send + Sync>,
    /// Keeps an in-memory database alive while pooled connections come and go.
    _anchor: Option<Arc<Mutex<Connection>>>,
}

/// What `Db::open` found.
pub struct Opened {
    pub db: Db,
    /// True when the database had no tables yet and must be seeded.
    pub fresh: bool,
}

/// Sets up a pooled connection: a statement cache, the pragmas, and the query planner's
/// stability guarantee. With the guarantee, a plan never depends on a bound value, so a cached
/// statement is not recompiled when it is bound again; without it SQLite recompiles every
/// statement with a bound `LIMIT` (or `LIKE` pattern) at each use, which costs more than the
/// lookup itself. Nothing here gains from value-dependent plans: the statistics are fixed and
/// per index, not per value (`core::statistics`), and every `LIKE` is a contains-pattern that
/// no index serves. The write-ahead log's file is kept at up to 128 MB when the log starts over
/// (the writer's checkpoints come every 64 MB of log: `core::writer`), so it is rewritten in
/// place rather than cut and grown again.
pub fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.set_prepared_statement_cache_capacity(256);
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)?;
    conn.execute_batch(
        "PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA temp_store = MEMORY;
         PRAGMA journal_size_limit = 134217728;",
    )
}

impl Db {
    /// Opens (or creates) the database and applies every schema in `schemas`.
    pub fn open(path: Option<&Path>, schemas: &[&str]) -> Result<Opened, CoreError> {
        super::vfs::install();
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        if let Some(path) = path {
            probe(path, flags).map_err(|reason| CoreError::Startup(format!("--db {}: {reason}", path.display())))?;
        }
        let (target, anchor) = match path {
            Some(path) => (path.to_path_buf(), None),
            None => {
                let uri = format!("file:/crm-mock-{}?vfs=memdb", uuid::Uuid::new_v4().simple());
                let anchor = Connection::open_with_flags(&uri, flags)?;
                (PathBuf::from(uri), Some(anchor))
            }
        };
        let manager = move || SqliteConnectionManager::file(&target).with_flags(flags).with_init(|conn| configure(conn));
        let connect = |manager: SqliteConnectionManager| move || r2d2::ManageConnection::connect(&manager);
        // The schemas and the planner's statistics are in place before any other connection
        // reads the schema, so every one of them loads the statistics with it. The connection
        // that wrote them (their statistics loaded too) is the writer's; the checkpointer opens
        // its own on its thread.
        let mut conn = connect(manager())()?;
        let fresh = match path {
            None if image_holds(schemas) => restore_image(&mut conn).map(|()| true)?,
            _ => apply_schemas(&conn, path.is_some(), schemas)?,
        };
        // Writing the schema (or its image) filled this connection's page cache with pages that
        // writes seldom touch again.
        conn.execute_batch("PRAGMA shrink_memory")?;
        let totals = Arc::new(Totals::default());
        let held = path.map(|_| Arc::new(HeldReads::default()));
        let writer = Writer::start(conn, path.map(|_| connect(manager())), Arc::clone(&totals), held.clone())?;
        let pool = r2d2::Pool::builder()
            .max_size(POOL_SIZE)
            // No connection is opened before a read needs it: each holds its own copy of the
            // schema and a page cache (idle at start, two cost 2.4 MB of RSS). The pool opens
            // them on its own threads only while a `get` waits, so none is still opening when
            // the last handle goes.
            .min_idle(Some(0))
            // A connection to a local file or memory does not go stale; testing it at every
            // checkout (a statement round trip) cost a point read a twentieth of its time.
            .test_on_check_out(false)
            .connection_timeout(std::time::Duration::from_secs(10))
            // Nothing to open now: the schema's own connection has proved that the database opens.
            .build_unchecked(manager());
        let connect = Arc::new(connect(manager()));
        let db = Db { pool, writer, totals, held, connect, _anchor: anchor.map(|c| Arc::new(Mutex::new(c))) };
        Ok(Opened { db, fresh })
    }

    /// Runs `f` in a read transaction, here and now (see the module's note).
    pub async fn read<T, E, F>(&self, f: F) -> Result<T, E>
    where
        F: FnOnce(&Tx) -> Result<T, E>,
        E: From<CoreError>,
    {
        match &self.held {
            Some(held) => held.read(&self.pool, &self.totals, f).unwrap_or_else(|f| self.read_blocking(f)),
            None => self.read_blocking(f),
        }
    }

    /// Runs `f` on the writer, whole or not at all; answers once its change is committed.
    pub async fn write<T, E, F>(&self, f: F) -> Result<T, E>
    where
        F: FnOnce(&Tx) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<CoreError> + Send + 'static,
    {
        answered(|reply| self.writer.submit(f, reply)).await
    }

    /// As [`Db::write`], for a write that gives the same outcome whenever it runs on the same
    /// state, so the writer may run it again (`Writer::submit_repeatable`): creates, which
    /// then share a savepoint with the creates committed with them.
    pub async fn write_repeatable<T, E, F>(&self, f: F) -> Result<T, E>
    where
        F: Fn(&Tx) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<CoreError> + Send + 'static,
    {
        answered(|reply| self.writer.submit_repeatable(None, f, reply)).await
    }

    /// As [`Db::write_repeatable`], for a create whose table's triggers add it to the keyed
    /// search index `index` (`core::sql::keyed`): the creates committed together fill the index
    /// in one statement.
    pub async fn write_repeatable_keyed<T, E, F>(&self, index: &'static str, f: F) -> Result<T, E>
    where
        F: Fn(&Tx) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<CoreError> + Send + 'static,
    {
        answered(|reply| self.writer.submit_repeatable(Some(index), f, reply)).await
    }

    /// Copies the write-ahead log back into the database file and empties it, so the file
    /// holds everything by itself (at the end of a bulk load, at shutdown). Nothing to do in
    /// memory.
    pub fn checkpoint(&self) -> Result<(), CoreError> {
        if let Some(held) = &self.held {
            held.release_idle();
        }
        let conn = self.pool.get()?;
        super::writer::checkpoint(&conn, "TRUNCATE")?;
        Ok(())
    }

    /// The synchronous form of [`Db::read`], for start-up and the blocking pool.
    pub fn read_blocking<T, E, F>(&self, f: F) -> Result<T, E>
    where
        F: FnOnce(&Tx) -> Result<T, E>,
        E: From<CoreError>,
    {
        erased(f, |f| {
            let conn = self.pool.get()?;
            let ticket = self.totals.ticket();
            let open = Open::fresh(conn, &self.totals, ticket)?;
            totals::reading_at(&self.totals, ticket, || f(open.conn()));
            Ok(())
        })
    }

    /// A write of its own on a pooled connection, for start-up and rare writes on the blocking
    /// pool (the key pair): `f` may borrow from the caller. It waits for the writer's current
    /// batch through SQLite's lock (the busy timeout) and commits only on `Ok`.
    pub fn write_blocking<T, E, F>(&self, f: F) -> Result<T, E>
    where
        F: FnOnce(&Tx) -> Result<T, E>,
        E: From<CoreError>,
    {
        // A connection of its own, closed after: a load (the demo seed) fills its page cache
        // with pages no read asks for again (~1.5 MB), and a connection put in the pool stays
        // there with its schema (~0.7 MB) until a read needs it.
        let mut conn = (self.connect)().map_err(|e| E::from(e.into()))?;
        totals::writing(|| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(|e| E::from(e.into()))?;
            let out = f(&tx)?;
            self.totals.committing(|| tx.commit()).map_err(|e| E::from(e.into()))?;
            Ok(out)
        })
    }

    /// Runs `f` on one pooled connection outside any transaction, for bulk work that sets the
    /// connection's page cache, temporary storage or sorting threads (SQLite refuses some of
    /// them inside a transaction) and runs its transactions itself; those three are set back
    /// before the connection returns to the pool.
    pub fn connection_blocking<T>(&self, f: impl FnOnce(&mut Connection) -> Result<T, CoreError>) -> Result<T, CoreError> {
        const KEPT: [&str; 3] = ["cache_size", "temp_store", "threads"];
        let mut conn = self.pool.get()?;
        let mut was = Vec::with_capacity(KEPT.len());
        for pragma in KEPT {
            was.push(conn.query_row(&format!("PRAGMA {pragma}"), [], |r| r.get::<_, i64>(0))?);
        }
        let out = totals::writing(|| self.totals.committing(|| f(&mut conn)));
        for (pragma, value) in KEPT.iter().zip(was) {
            conn.execute_batch(&format!("PRAGMA {pragma} = {value}"))?;
        }
        out
    }
}

/// The schemas a database serving `vendors` holds, in the order they are applied: core's, then
/// each vendor's.
pub fn schemas(vendors: &[Arc<dyn Vendor>]) -> Vec<&'static str> {
    std::iter::once(super::SCHEMA).chain(vendors.iter().map(|v| v.schema())).collect()
}

/// Queues a write with `submit`, handing it how to reply, and waits for its outcome.
async fn answered<T, E>(submit: impl FnOnce(Box<dyn FnOnce(Result<T, E>) + Send>) -> Result<(), CoreError>) -> Result<T, E>
where
    T: Send + 'static,
    E: From<CoreError> + Send + 'static,
{
    let (reply, answer) = tokio::sync::oneshot::channel();
    submit(Box::new(move |outcome| {
        let _ = reply.send(outcome);
    }))?;
    answer.await.map_err(|_| E::from(CoreError::Blocking))?
}

/// The schema image (`build.rs`): `SOURCES`, `SIZE` and `GZIP`.
mod image {
    include!(concat!(env!("OUT_DIR"), "/schema_image.rs"));
}

/// Whether the schema image holds exactly `schemas`, in their order.
fn image_holds(schemas: &[&str]) -> bool {
    schemas == image::SOURCES
}

/// Fills a new, empty in-memory database with the schema image: what `apply_schemas` writes,
/// copied page by page. The schema version goes into the image's header (the user version: four
/// bytes, big-endian, at offset 60 of the file format) rather than through a statement, which
/// would have this connection read the whole schema here instead of at its first write.
fn restore_image(conn: &mut Connection) -> Result<(), CoreError> {
    let mut bytes = Vec::with_capacity(image::SIZE);
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(image::GZIP), &mut bytes)?;
    bytes[60..64].copy_from_slice(&u32::try_from(SCHEMA_VERSION).unwrap_or(0).to_be_bytes());
    let mut built = Connection::open_in_memory()?;
    built.deserialize_read_exact(MAIN_DB, bytes.as_slice(), bytes.len(), true)?;
    rusqlite::backup::Backup::new(&built, conn)?.step(-1)?;
    Ok(())
}

/// Applies every schema in `schemas` on `conn`, then the planner's statistics; true when the
/// database had no tables yet. A database of another schema version is refused.
fn apply_schemas(conn: &Connection, on_file: bool, schemas: &[&str]) -> Result<bool, CoreError> {
    if on_file {
        conn.query_row("PRAGMA journal_mode = WAL", [], |_| Ok(()))?;
    }
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_master WHERE type = 'table'", [], |r| r.get(0))?;
    let fresh = tables == 0;
    if !fresh && version != SCHEMA_VERSION {
        return Err(CoreError::Startup(format!(
            "the database was written by a crm-mock with schema version {version}; this one needs {SCHEMA_VERSION}"
        )));
    }
    // One transaction: the schemas and their statistics are in place whole or not at all.
    conn.execute_batch("BEGIN IMMEDIATE")?;
    for schema in schemas {
        conn.execute_batch(schema)?;
    }
    super::statistics::write(conn)?;
    // A bulk load that stopped before its end left its search indexes paused: they catch up.
    super::sql::keyed::resume_all(conn)?;
    conn.execute_batch(&format!("PRAGMA user_version = {SCHEMA_VERSION}; COMMIT;"))?;
    Ok(fresh)
}

/// Checks that `path` can hold crm-mock's database before the pool opens it (the pool would
/// retry a failing open for its whole timeout): its directory exists and is writable, and the
/// file, if there is one, is a SQLite database. Answers why not.
fn probe(path: &Path, flags: OpenFlags) -> Result<(), String> {
    if path.is_dir() {
        return Err("is a directory; give a file path such as ./crm-mock.sqlite".into());
    }
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        return Err(format!("the directory {} does not exist", dir.display()));
    }
    let conn = Connection::open_with_flags(path, flags).map_err(|e| format!("cannot open it: {e}"))?;
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0)).map_err(|e| {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::NotADatabase) => "is not a SQLite database".to_owned(),
            _ => format!("cannot read it: {e}"),
        }
    })?;
    // Writing proves the file and its directory (where the WAL and journal files go) writable.
    conn.execute_batch("BEGIN IMMEDIATE; CREATE TABLE IF NOT EXISTS core_probe (x); DROP TABLE core_probe; COMMIT;").map_err(
        |e| match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::ReadOnly)
            | Some(rusqlite::ErrorCode::CannotOpen)
            | Some(rusqlite::ErrorCode::PermissionDenied) => {
                format!("cannot write it (is {} writable?): {e}", dir.display())
            }
            _ => format!("cannot write it: {e}"),
        },
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn default_schemas() -> Vec<&'static str> {
        schemas(&crate::vendors(&crate::Config::default(), crate::VENDORS).unwrap())
    }

    /// The schema, the statistics and the version: everything a fresh database holds.
    fn contents(conn: &Connection) -> Vec<String> {
        let mut out: Vec<String> = conn
            .prepare("SELECT type || ' ' || name || ' ' || tbl_name || ' ' || coalesce(sql, '') FROM sqlite_schema ORDER BY type, name")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let mut stats =
            conn.prepare("SELECT tbl || ' ' || coalesce(idx, '') || ' ' || stat FROM sqlite_stat1 ORDER BY tbl, idx").unwrap();
        out.extend(stats.query_map([], |r| r.get::<_, String>(0)).unwrap().map(Result::unwrap));
        out.push(format!("user_version {}", conn.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0)).unwrap()));
        out
    }

    #[test]
    fn a_server_of_every_vendor_starts_from_the_image_which_holds_what_applying_the_schemas_writes() {
        let schemas = default_schemas();
        assert!(image_holds(&schemas), "build.rs's SCHEMAS must list core and startup::VENDORS in order");
        assert!(!image_holds(&schemas[..schemas.len() - 1]));

        let applied = Connection::open_in_memory().unwrap();
        assert!(apply_schemas(&applied, false, &schemas).unwrap());
        let opened = Db::open(None, &schemas).unwrap();
        assert!(opened.fresh);
        let restored = opened.db.read_blocking(|tx| Ok::<_, CoreError>(contents(tx))).unwrap();
        let expected = contents(&applied);
        assert!(expected.len() > 300 && expected.iter().any(|s| s.starts_with("ld_contacts ld_contacts_name_created ")));
        assert_eq!(restored, expected);
    }

    #[test]
    fn other_schemas_are_applied() {
        let schemas = [super::super::SCHEMA, "CREATE TABLE extra_things (tenant_id TEXT NOT NULL, id INTEGER)"];
        let opened = Db::open(None, &schemas).unwrap();
        let tables = opened
            .db
            .read_blocking(|tx| {
                Ok::<_, CoreError>(
                    tx.query_row("SELECT count(*) FROM sqlite_schema WHERE name = 'extra_things'", [], |r| r.get::<_, i64>(0))?,
                )
            })
            .unwrap();
        assert_eq!(tables, 1);
    }

    /// Each way of committing forgets the kept totals: a count after it sees its row.
    #[test]
    fn every_commit_forgets_the_kept_totals() {
        let schemas = [super::super::SCHEMA, "CREATE TABLE extra_things (tenant_id TEXT NOT NULL, id INTEGER)"];
        let db = Db::open(None, &schemas).unwrap().db;
        let count = || {
            db.read_blocking(|tx| {
                Ok::<_, CoreError>(totals::count(
                    tx,
                    "SELECT count(*) FROM extra_things WHERE tenant_id = ?",
                    &[String::from("a").into()],
                )?)
            })
            .unwrap()
        };
        let insert = |tx: &Tx| tx.execute("INSERT INTO extra_things VALUES ('a', 1)", []).map(|_| ());
        assert_eq!((count(), count(), db.totals.kept_len()), (0, 0, 1));
        actix_web::rt::System::new().block_on(db.write(move |tx| insert(tx).map_err(CoreError::from))).unwrap();
        assert_eq!((count(), db.totals.kept_len()), (1, 1));
        db.write_blocking(|tx| insert(tx).map_err(CoreError::from)).unwrap();
        assert_eq!((count(), db.totals.kept_len()), (2, 1));
        db.connection_blocking(|conn| Ok(insert(&*conn.transaction()?)?)).unwrap();
        assert_eq!(count(), 2, "a transaction dropped without its commit changes nothing");
        db.connection_blocking(|conn| {
            let tx = conn.transaction()?;
            insert(&tx)?;
            Ok(tx.commit()?)
        })
        .unwrap();
        assert_eq!(count(), 3);
    }

    /// A read that fails or panics still ends its transaction: the connection goes back to the
    /// pool (the same one, put back last) ready for the next read, which sees a later commit.
    #[test]
    fn a_failed_or_panicking_read_ends_its_transaction() {
        let schemas = [super::super::SCHEMA, "CREATE TABLE extra_things (tenant_id TEXT NOT NULL, id INTEGER)"];
        let db = Db::open(None, &schemas).unwrap().db;
        let count =
            || db.read_blocking(|tx| Ok::<i64, CoreError>(tx.query_row("SELECT count(*) FROM extra_things", [], |r| r.get(0))?));
        assert_eq!(count().unwrap(), 0);
        let failed = db.read_blocking(|tx| -> Result<(), CoreError> {
            tx.query_row("SELECT count(*) FROM extra_things", [], |r| r.get::<_, i64>(0))?;
            Err(CoreError::Blocking)
        });
        assert!(failed.is_err());
        let panicked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            db.read_blocking(|tx| -> Result<(), CoreError> {
                tx.query_row("SELECT count(*) FROM extra_things", [], |r| r.get::<_, i64>(0))?;
                panic!("a read that panics")
            })
        }));
        assert!(panicked.is_err());
        db.write_blocking(|tx| Ok::<_, CoreError>(tx.execute("INSERT INTO extra_things VALUES ('a', 1)", [])?)).unwrap();
        assert_eq!(count().unwrap(), 1);
        assert!(!db.read_blocking(|tx| Ok::<_, CoreError>(tx.is_autocommit())).unwrap(), "a read runs in a transaction");
    }
}

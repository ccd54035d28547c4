//! Read snapshots held from one read to the next while nothing is committed (a database file
//! only). Beginning and ending a read transaction in WAL mode takes and drops two file locks
//! (the database's shared lock and a read mark of the `-shm` file: four `fcntl` calls) and runs
//! two statements: a tenth of a LionDesk contact's GET. A thread that reads keeps its
//! connection, still inside its transaction, in a slot of its own; its next read uses that
//! snapshot again when it is the database's current state: when no commit has started since the
//! snapshot's ticket (`core::sql::totals`, whose kept totals rely on the same rule) and it is
//! younger than [`HELD_AT_MOST`] (so another process's changes to the file, which no ticket
//! tells of, are seen within that time). Any other read ends it and begins afresh.
//!
//! A held snapshot keeps the write-ahead log from being copied past it (or started over), so
//! the checkpoints end the idle ones first ([`HeldReads::release_idle`]); a read in progress
//! ends its own once it sees that a commit came. Once the whole log is in the database, the
//! writer lets the idle ones go before its next commit, which starts the log over, and no read
//! keeps one until that commit is done ([`HeldReads::release_to_start_over`]): under reads and
//! writes together the log otherwise grew without end. In memory there is nothing to hold:
//! `memdb` takes no file locks, and its readers would hold off the writer's commit.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, TryLockError};
use std::time::{Duration, Instant};

use r2d2::PooledConnection;
use r2d2_sqlite::SqliteConnectionManager;

use super::db::Tx;
use super::error::CoreError;
use super::sql::totals::{self, Totals};

/// The longest a snapshot is used again (another process's change is seen within it).
pub const HELD_AT_MOST: Duration = Duration::from_millis(100);

/// Slots for the threads that read (the HTTP workers, a few background tasks); threads beyond
/// share them, and a thread that finds its slot taken reads without one.
const SLOTS: usize = 8;

type Pooled = PooledConnection<SqliteConnectionManager>;

/// A connection inside a read transaction, and the state it reads.
struct Held {
    open: Open,
    /// The ticket the transaction began under: its snapshot is that generation's state.
    ticket: u64,
    began: Instant,
}

/// A pooled connection inside a read transaction, ended when dropped (also when the read
/// fails or panics, or a held one is let go).
pub struct Open(Pooled);

impl Open {
    /// Begins a read transaction on `conn`.
    fn begin(conn: Pooled) -> rusqlite::Result<Open> {
        conn.prepare_cached("BEGIN DEFERRED")?.execute([])?;
        Ok(Open(conn))
    }

    /// Begins a read transaction on `conn` for a read under `ticket` (taken before), noting
    /// whether its snapshot shows another process's commit ([`Totals::outside`]; in memory none
    /// can commit, and the check never moves anything).
    pub fn fresh(conn: Pooled, totals: &Totals, ticket: Option<u64>) -> Result<Open, CoreError> {
        let open = Open::begin(conn)?;
        totals.outside(open.conn(), ticket)?;
        Ok(open)
    }

    pub fn conn(&self) -> &Tx {
        &self.0
    }
}

impl Drop for Open {
    /// A read changes nothing: ending it is a rollback. A failure leaves the transaction open,
    /// and the next `BEGIN` on the connection fails, as any read on a failing connection does.
    fn drop(&mut self) {
        if !self.0.is_autocommit() {
            let _ = self.0.prepare_cached("ROLLBACK").and_then(|mut s| s.execute([]));
        }
    }
}

/// Runs `f` through `run`, which takes it as a `dyn` closure answering whether it succeeded:
/// the work of a read is compiled once, not once per caller's types (every read of every
/// vendor; the release binary was 0.7 MB larger). `run` fails only when `f` could not run.
pub fn erased<T, E, F>(f: F, run: impl FnOnce(&mut dyn FnMut(&Tx) -> bool) -> Result<(), CoreError>) -> Result<T, E>
where
    F: FnOnce(&Tx) -> Result<T, E>,
    E: From<CoreError>,
{
    let mut f = Some(f);
    let mut out = None;
    let ran = run(&mut |tx| {
        let outcome = f.take().map(|f| f(tx));
        let ok = matches!(outcome, Some(Ok(_)));
        out = outcome;
        ok
    });
    match (ran, out) {
        (_, Some(outcome)) => outcome,
        (Err(e), None) => Err(E::from(e)),
        (Ok(()), None) => Err(E::from(CoreError::Blocking)),
    }
}

/// The database's held read snapshots, one slot per reading thread.
#[derive(Default)]
pub struct HeldReads {
    slots: [Mutex<Option<Held>>; SLOTS],
    /// The writer's next commit may start the log over: no read keeps its snapshot meanwhile.
    starting_over: AtomicBool,
    /// Read transactions begun (for tests).
    #[cfg(test)]
    begun: AtomicUsize,
}

thread_local! {
    /// This thread's slot.
    static SLOT: usize = {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        NEXT.fetch_add(1, Ordering::Relaxed) % SLOTS
    };
}

/// A slot's guard; a read that panicked while holding it left nothing in it worth keeping.
fn locked(slot: &Mutex<Option<Held>>) -> Option<MutexGuard<'_, Option<Held>>> {
    match slot.try_lock() {
        Ok(guard) => Some(guard),
        Err(TryLockError::Poisoned(poisoned)) => Some(poisoned.into_inner()),
        Err(TryLockError::WouldBlock) => None,
    }
}

impl HeldReads {
    /// Runs `f` in a read transaction on this thread's held snapshot when it is current, else
    /// on a new one (taken from `pool`), and holds the snapshot for the next read when no commit
    /// came meanwhile. `Err(f)` when the slot is in use (a read within a read, or threads
    /// sharing it): the caller reads without one.
    pub fn read<T, E, F>(&self, pool: &r2d2::Pool<SqliteConnectionManager>, totals: &Arc<Totals>, f: F) -> Result<Result<T, E>, F>
    where
        F: FnOnce(&Tx) -> Result<T, E>,
        E: From<CoreError>,
    {
        let Some(mut slot) = locked(&self.slots[SLOT.with(|s| *s)]) else { return Err(f) };
        Ok(erased(f, |f| self.read_in(&mut slot, pool, totals, f)))
    }

    /// Runs `f` (answering true when it succeeded) in this thread's read transaction, as
    /// [`HeldReads::read`] says.
    fn read_in(
        &self,
        slot: &mut Option<Held>,
        pool: &r2d2::Pool<SqliteConnectionManager>,
        totals: &Arc<Totals>,
        f: &mut dyn FnMut(&Tx) -> bool,
    ) -> Result<(), CoreError> {
        let ticket = totals.ticket();
        let (open, began) = match slot.take() {
            Some(held) if Some(held.ticket) == ticket && held.began.elapsed() < HELD_AT_MOST => (held.open, held.began),
            stale => {
                drop(stale);
                let open = Open::fresh(pool.get()?, totals, ticket)?;
                #[cfg(test)]
                self.begun.fetch_add(1, Ordering::SeqCst);
                (open, Instant::now())
            }
        };
        let ok = totals::reading_at(totals, ticket, || f(open.conn()));
        if let Some(ticket) = ticket
            && ok
            && totals.unchanged(ticket)
            && !self.starting_over.load(Ordering::SeqCst)
        {
            *slot = Some(Held { open, ticket, began });
        }
        Ok(())
    }

    /// Ends every held snapshot no read is using, so that a checkpoint can copy the whole log
    /// and the log can start over.
    pub fn release_idle(&self) {
        for slot in &self.slots {
            if let Some(mut slot) = locked(slot) {
                drop(slot.take());
            }
        }
    }

    /// The whole log is in the database, so the writer's next commit starts it over unless a
    /// reader holds a state of it: the idle snapshots are let go, and until [`HeldReads::started_over`]
    /// no read keeps one (a read that begins now reads the database alone).
    pub fn release_to_start_over(&self) {
        self.starting_over.store(true, Ordering::SeqCst);
        self.release_idle();
    }

    /// The commit that could start the log over is done.
    pub fn started_over(&self) {
        self.starting_over.store(false, Ordering::SeqCst);
    }

    /// How many snapshots are held (for tests).
    #[cfg(test)]
    pub fn held(&self) -> usize {
        self.slots.iter().filter(|slot| slot.lock().map(|s| s.is_some()).unwrap_or(false)).count()
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use std::sync::atomic::Ordering;

    use crate::core::{CoreError, Db};

    /// A database file with a table of numbers, removed with its directory when dropped.
    struct File {
        dir: PathBuf,
        db: Option<Db>,
    }

    impl File {
        fn new() -> File {
            let dir = std::env::temp_dir().join(format!("crm-mock-held-{}", uuid::Uuid::new_v4().simple()));
            std::fs::create_dir(&dir).unwrap();
            let schemas = [crate::core::SCHEMA, "CREATE TABLE IF NOT EXISTS numbers (n INTEGER)"];
            let db = Db::open(Some(&dir.join("db.sqlite")), &schemas).unwrap().db;
            File { dir, db: Some(db) }
        }

        fn db(&self) -> &Db {
            self.db.as_ref().unwrap()
        }

        /// The numbers' count, with whether the read used a held snapshot (began none).
        fn count(&self) -> (i64, bool) {
            let begun = || self.db().held.as_ref().map_or(0, |held| held.begun.load(Ordering::SeqCst));
            let before = begun();
            let count = actix_web::rt::System::new()
                .block_on(
                    self.db().read(|tx| Ok::<_, CoreError>(tx.query_row("SELECT count(*) FROM numbers", [], |r| r.get(0))?)),
                )
                .unwrap();
            (count, begun() == before)
        }

        /// The numbers' count as a page's total reads it (kept until a commit).
        fn total(&self) -> i64 {
            let read = self
                .db()
                .read(|tx| Ok::<_, CoreError>(crate::core::sql::totals::count(tx, "SELECT count(*) FROM numbers", &[])?));
            actix_web::rt::System::new().block_on(read).unwrap()
        }

        fn insert(&self) {
            let write = self.db().write(|tx| Ok::<_, CoreError>(tx.execute("INSERT INTO numbers VALUES (1)", [])?));
            actix_web::rt::System::new().block_on(write).unwrap();
        }

        fn held(&self) -> usize {
            self.db().held.as_ref().map_or(0, |held| held.held())
        }
    }

    impl Drop for File {
        fn drop(&mut self) {
            drop(self.db.take());
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }

    /// The next read uses the snapshot of the one before while nothing is committed; a commit
    /// ends it, and the read after sees the change.
    #[test]
    fn a_read_uses_the_snapshot_before_it_until_a_commit() {
        let file = File::new();
        assert_eq!(file.count(), (0, false));
        assert_eq!(file.held(), 1);
        assert_eq!(file.count(), (0, true));
        file.insert();
        assert_eq!(file.count(), (1, false), "a commit ends the held snapshot");
        assert_eq!(file.count(), (1, true));
        file.insert();
        file.insert();
        assert_eq!(file.count(), (3, false));
    }

    /// A read that fails holds nothing: its transaction ends, and the next read begins afresh.
    #[test]
    fn a_failed_read_holds_nothing() {
        let file = File::new();
        assert_eq!(file.count(), (0, false));
        let failed = actix_web::rt::System::new().block_on(file.db().read(|tx| -> Result<(), CoreError> {
            tx.query_row("SELECT count(*) FROM numbers", [], |r| r.get::<_, i64>(0))?;
            Err(CoreError::Blocking)
        }));
        assert!(failed.is_err());
        assert_eq!(file.held(), 0);
        file.insert();
        assert_eq!(file.count(), (1, false));
    }

    /// While the writer's next commit may start the log over, no read keeps its snapshot.
    #[test]
    fn no_read_keeps_its_snapshot_while_the_log_may_start_over() {
        let file = File::new();
        assert_eq!(file.count(), (0, false));
        let held = file.db().held.clone().unwrap();
        held.release_to_start_over();
        assert_eq!(file.held(), 0);
        assert_eq!(file.count(), (0, false));
        assert_eq!(file.held(), 0, "not kept while the log may start over");
        held.started_over();
        assert_eq!(file.count(), (0, false));
        assert_eq!(file.count(), (0, true));
    }

    /// The checkpoints end the idle held snapshots, so the log is copied whole and starts over
    /// (a `TRUNCATE` checkpoint, which waits for the readers, returns at once).
    #[test]
    fn checkpoints_end_the_idle_held_snapshots() {
        let file = File::new();
        file.insert();
        assert_eq!(file.count(), (1, false));
        assert_eq!(file.held(), 1);
        let started = std::time::Instant::now();
        file.db().checkpoint().unwrap();
        assert!(started.elapsed() < std::time::Duration::from_secs(5), "the checkpoint waited for a held read");
        assert_eq!(file.held(), 0);
        let wal = file.dir.join("db.sqlite-wal");
        assert_eq!(std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0), 0, "the log is emptied");
        assert_eq!(file.count(), (1, false));
    }

    /// What another process commits to the file is seen once the snapshot is renewed (as one
    /// older than `HELD_AT_MOST` is), kept totals included.
    #[test]
    fn another_processs_commit_is_seen_with_the_next_snapshot() {
        let file = File::new();
        assert_eq!((file.total(), file.total()), (0, 0));
        let other = rusqlite::Connection::open(file.dir.join("db.sqlite")).unwrap();
        other.execute("INSERT INTO numbers VALUES (1)", []).unwrap();
        assert_eq!(file.total(), 0, "the held snapshot is before it");
        file.db().held.as_ref().unwrap().release_idle();
        assert_eq!(file.total(), 1);
        assert_eq!(file.count(), (1, false), "the snapshot that saw it was under a generation gone by");
        assert_eq!(file.count(), (1, true));
    }
}

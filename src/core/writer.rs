//! The one writer: a thread that owns the database's write connection and runs every write,
//! committing the writes that queue up meanwhile together (group commit).
//!
//! Each write runs inside the batch's transaction under a savepoint of its own, so it still
//! applies whole or not at all: when its closure fails (or panics) only its own changes are
//! rolled back, and the others in the batch go on. Consecutive repeatable writes (creates:
//! [`Writer::submit_repeatable`]) share one savepoint instead, and run again on their own should
//! one of them fail after a change (`Group`). Nobody hears back before the batch commits,
//! so the promise of a single transaction per write holds: an answer is sent only for a change
//! that is committed. What batching saves is the per-commit work — the WAL frames of pages that
//! consecutive writes share (a table's and each index's rightmost leaves, the sequence row) are
//! written once per batch, and checkpoints come that much less often — and the hop through the
//! blocking pool: an async caller waits on a channel, not on a pooled thread. The callers of a
//! committed batch are told on a thread of their own while the writer begins the next one.
//!
//! A batch ends when the queue is empty or it holds [`MAX_BATCH`] writes, so a write waits at
//! most for the ones queued before it.
//!
//! On a file, the writer does not copy the write-ahead log back into the database itself (the
//! checkpoint SQLite would otherwise run inside a commit, with its fsyncs): a checkpointer
//! thread with a connection of its own does, each time the log has grown by
//! [`CHECKPOINT_PAGES`], while the writer goes on appending. Such a checkpoint copies the log as
//! it was when it began; what was appended meanwhile goes back to the checkpointer until it is
//! at most [`CATCH_UP_PAGES`], which the writer copies itself once it hears that the checkpoint
//! is done, and the next commit starts the log over. Every write waits while the writer copies
//! (the copy and its fsyncs), so that rest is kept short: with 100 pages the wait is about a
//! millisecond, where 500 took 8-12 ms and, coming every ~1,500 pages of log, a fifth of the
//! writer's time under a steady load of creates. A checkpoint every 16,000 pages (not SQLite's
//! 1,000) makes those waits sixteen times rarer, and copies a page written again meanwhile (an
//! index's leaf) once: LionDesk creates at 100k contacts write a leaf of the index of names at
//! a random place each, and with 16,000 pages between checkpoints (not 4,000) the checkpointer
//! copied a quarter less per create, which left that much more of the cores to the writer
//! (creates per second +4%, as ratios to the client's CPU). The log, its file kept at up to
//! 128 MB between checkpoints (`core::db`), is not shortened and grown again at each one. At
//! [`CHECKPOINT_LIMIT`] (a reader holding an old state, or a rest that never gets short) the
//! writer still checkpoints itself.

use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, mpsc};

use rusqlite::hooks::Wal;
use rusqlite::{Connection, Transaction, TransactionBehavior};

use super::db::Tx;
use super::error::CoreError;
use super::held::HeldReads;
use super::sql::keyed;
use super::sql::totals::Totals;

/// The most writes one transaction commits together.
pub const MAX_BATCH: usize = 64;

/// What the writer does with one write: runs it in the batch's transaction (or learns that no
/// transaction could be begun) and hands back how to tell its caller once the batch's commit is
/// known.
type Job = Box<dyn FnOnce(Result<&Transaction, &str>) -> Reply + Send>;
type Reply = Box<dyn FnOnce(Result<(), &str>) + Send>;

/// What the writer's queue holds.
enum Queued {
    /// A write that runs once, under a savepoint of its own ([`Writer::submit`]).
    Once(Job),
    /// A write that can run again ([`Writer::submit_repeatable`]).
    Repeatable(Box<dyn Repeatable>),
}

/// A write the writer may run again from the state it first ran on: a group of such writes
/// shares one savepoint, and when one of them fails after changing something, the group is
/// rolled back and the others run again, each under a savepoint of its own.
trait Repeatable: Send {
    /// Runs the write, under a savepoint of its own when `alone`; true when it failed after
    /// changing something (never when `alone`: its changes are taken back).
    fn run(&mut self, tx: &Transaction, alone: bool) -> bool;
    /// How to tell its caller once the batch's commit is known.
    fn reply(self: Box<Self>) -> Reply;
    /// Tells its caller that no transaction could be begun.
    fn refuse(self: Box<Self>, e: &str);
    /// The keyed search index (`core::sql::keyed`) the write adds contacts to, if any.
    fn keyed(&self) -> Option<&'static str>;
}

/// A repeatable write, its last outcome and its caller.
struct Again<F, T, E, R> {
    f: F,
    outcome: Option<Result<T, E>>,
    reply: R,
    keyed: Option<&'static str>,
}

impl<F, T, E, R> Repeatable for Again<F, T, E, R>
where
    F: Fn(&Tx) -> Result<T, E> + Send,
    T: Send + 'static,
    E: From<CoreError> + Send + 'static,
    R: FnOnce(Result<T, E>) + Send + 'static,
{
    fn run(&mut self, tx: &Transaction, alone: bool) -> bool {
        if alone {
            self.outcome = Some(in_savepoint(tx, &self.f));
            return false;
        }
        let before = tx.total_changes();
        let outcome = unwound(tx, &self.f);
        // SQLite counts every row a statement that completed changed (triggers' too); a failed
        // statement's own changes are already taken back.
        let spoiled = outcome.is_err() && tx.total_changes() != before;
        self.outcome = Some(outcome);
        spoiled
    }

    fn reply(self: Box<Self>) -> Reply {
        let Again { outcome, reply, .. } = *self;
        let outcome = outcome.unwrap_or_else(|| Err(E::from(CoreError::Blocking)));
        Box::new(move |committed: Result<(), &str>| reply(told(outcome, committed)))
    }

    fn refuse(self: Box<Self>, e: &str) {
        (self.reply)(Err(E::from(CoreError::Write(e.to_owned()))));
    }

    fn keyed(&self) -> Option<&'static str> {
        self.keyed
    }
}

/// A write's outcome once its batch's commit is known.
fn told<T, E: From<CoreError>>(outcome: Result<T, E>, committed: Result<(), &str>) -> Result<T, E> {
    match (outcome, committed) {
        (Ok(value), Ok(())) => Ok(value),
        (Ok(_), Err(e)) => Err(E::from(CoreError::Write(e.to_owned()))),
        (Err(e), _) => Err(e),
    }
}

/// The repeatable writes run since the last write that runs once, under one savepoint: each
/// page they change is copied aside once for all of them, where a savepoint per write copies
/// the pages every create changes (a table's and its indexes' last leaves, the id sequence's)
/// once per write — a tenth of the writer's time per create.
///
/// The keyed search indexes the group's writes add contacts to are paused while it runs
/// (`keyed::pause`) and given the group's contacts in one statement at its end. Each statement
/// of a create opens a savepoint of its own, and FTS5 writes what it holds to a new segment of
/// its index at every savepoint: written a create at a time, a LeadConnector create wrote a
/// segment of its own and merged the segments as they piled up, a third of the writer's time.
#[derive(Default)]
struct Group {
    /// The group's writes, run under its savepoint (open while there are any).
    writes: Vec<Box<dyn Repeatable>>,
    /// The keyed indexes paused under the group's savepoint.
    paused: Vec<&'static str>,
    /// The transaction can no longer be committed (a savepoint could not be rolled back).
    broken: Option<String>,
}

impl Group {
    fn run(&mut self, tx: &Transaction, mut write: Box<dyn Repeatable>, replies: &mut Vec<Reply>) {
        if self.writes.is_empty()
            && let Err(e) = execute(tx, "SAVEPOINT writes")
        {
            write.refuse(&e.to_string());
            return;
        }
        if let Some(index) = write.keyed()
            && !self.paused.contains(&index)
        {
            // Unpaused, the write's own triggers fill the index as they would alone.
            match keyed::pause(tx, index) {
                Ok(()) => self.paused.push(index),
                Err(e) => log::warn!("the search index {index} was not paused for a group of writes: {e}"),
            }
        }
        if !write.run(tx, false) {
            self.writes.push(write);
            return;
        }
        // It failed after changing something: the group's changes go, and the others run
        // again on what was before them, each on its own (should the rollback fail, the batch
        // is not committed and they hear so).
        let rolled_back = execute(tx, "ROLLBACK TO writes").and_then(|()| execute(tx, "RELEASE writes"));
        self.paused.clear();
        for mut other in self.writes.drain(..) {
            if rolled_back.is_ok() {
                other.run(tx, true);
            }
            replies.push(other.reply());
        }
        if let Err(e) = rolled_back {
            self.broken = Some(format!("a failed write could not be rolled back: {e}"));
        }
        replies.push(write.reply());
    }

    /// Ends the group: its writes stay in the transaction.
    fn close(&mut self, tx: &Transaction, replies: &mut Vec<Reply>) {
        let resumed = self.paused.drain(..).try_for_each(|index| keyed::resume(tx, index));
        if !self.writes.is_empty()
            && let Err(e) = resumed.and_then(|()| execute(tx, "RELEASE writes"))
        {
            self.broken = Some(format!("a group of writes could not be ended: {e}"));
        }
        replies.extend(self.writes.drain(..).map(|w| w.reply()));
    }
}

/// Runs a statement of the writer's own (cached: these run around writes).
fn execute(tx: &Transaction, sql: &str) -> rusqlite::Result<()> {
    tx.prepare_cached(sql).and_then(|mut s| s.execute([])).map(|_| ())
}

/// Log growth (pages, 64 MB) that starts a checkpoint.
pub const CHECKPOINT_PAGES: i32 = 16_000;

/// The most pages left after the checkpointer's copy that the writer copies itself (400 kB);
/// past it, the checkpointer runs again.
pub const CATCH_UP_PAGES: i32 = 100;

/// Log size (pages, ~160 MB) at which the writer checkpoints itself whatever the checkpointer
/// did: the log must start over some time, or it would grow without end.
pub const CHECKPOINT_LIMIT: i32 = 40_000;

thread_local! {
    /// True on the writer thread: a write from inside a write would wait for itself.
    static ON_WRITER: Cell<bool> = const { Cell::new(false) };
    /// The write-ahead log's size in pages after the writer's last commit.
    static LOG_PAGES: Cell<i32> = const { Cell::new(0) };
}

/// SQLite's hook after a commit in WAL mode: notes the log's size (this replaces the automatic
/// checkpoint).
fn note_log(_: &Wal, pages: std::ffi::c_int) -> rusqlite::Result<()> {
    LOG_PAGES.with(|p| p.set(pages));
    Ok(())
}

/// Copies the log back into the database: `PASSIVE` without waiting for anyone, `TRUNCATE`
/// waiting for the readers of older states, then emptying the log. Answers the number of the
/// log's pages now in the database (0 when another checkpoint was running: SQLite's -1).
pub fn checkpoint(conn: &Connection, mode: &str) -> rusqlite::Result<i32> {
    conn.query_row(&format!("PRAGMA wal_checkpoint({mode})"), [], |r| r.get::<_, i32>(2)).map(|pages| pages.max(0))
}

/// A checkpoint beside the writes: a failure is logged (as nothing copied), and the next one
/// tries again.
fn checkpoint_logged(conn: &Connection) -> i32 {
    checkpoint(conn, "PASSIVE").unwrap_or_else(|e| {
        log::warn!("checkpoint: {e}");
        0
    })
}

/// Has the kernel write the pages a checkpoint copied into the database file out to the disk,
/// on the checkpointer's thread. SQLite syncs the file only after a copy that reaches the
/// log's end — under a steady load of writes, the writer's own copy of the rest — so without
/// this its fsync would write back everything the checkpointer copied since the last one
/// (thousands of pages, ~5 ms) while every write waits.
fn write_back(file: &std::fs::File) {
    if let Err(e) = file.sync_data() {
        log::warn!("checkpoint: writing the database file back: {e}");
    }
}

/// The sending side of the writer's queue. Cheap to clone; when the last clone is dropped the
/// queue closes and the writer's, the replies' and the checkpointer's threads are waited for,
/// so nothing touches the database's files after the `Db` is gone.
#[derive(Clone)]
pub struct Writer {
    inner: Arc<Threads>,
}

/// The queue and the threads that serve it.
struct Threads {
    queue: Option<mpsc::Sender<Queued>>,
    handles: Vec<std::thread::JoinHandle<()>>,
}

impl Drop for Threads {
    fn drop(&mut self) {
        self.queue.take();
        // Dropped by a write's own closure on the writer thread: the threads end by themselves
        // (the checkpointer waits for the writer, which cannot wait for itself).
        let me = std::thread::current().id();
        if self.handles.iter().any(|h| h.thread().id() == me) {
            return;
        }
        for handle in self.handles.drain(..) {
            let _ = handle.join();
        }
    }
}

impl Writer {
    /// Starts the writer thread on `conn` and, for a database on a file, the checkpointer on
    /// the connection `checkpoints` makes (on its own thread: opening reads the schema, a few
    /// milliseconds, while start-up goes on).
    pub fn start<O>(
        conn: Connection,
        checkpoints: Option<O>,
        totals: Arc<Totals>,
        held: Option<Arc<HeldReads>>,
    ) -> std::io::Result<Writer>
    where
        O: FnOnce() -> rusqlite::Result<Connection> + Send + 'static,
    {
        let (queue, jobs) = mpsc::channel::<Queued>();
        let mut handles = Vec::with_capacity(3);
        let kick = match checkpoints {
            Some(open) => {
                let (kick, kicked) = mpsc::sync_channel::<()>(1);
                let (done, copied) = mpsc::channel::<i32>();
                let release = held.clone();
                let checkpointer =
                    std::thread::Builder::new().name("crm-mock-checkpoints".into()).spawn(move || match open() {
                        Ok(other) => {
                            let file = other.path().and_then(|path| std::fs::File::open(path).ok());
                            while kicked.recv().is_ok() {
                                release_idle(release.as_deref());
                                let copied = checkpoint_logged(&other);
                                if let (Some(file), true) = (&file, copied > 0) {
                                    write_back(file);
                                }
                                if done.send(copied).is_err() {
                                    break;
                                }
                            }
                        }
                        Err(e) => log::error!("the checkpointer's connection did not open: {e}"),
                    })?;
                handles.push(checkpointer);
                conn.wal_hook(Some(note_log));
                Some(Checkpointer { kick, copied })
            }
            None => None,
        };
        let (answer, answers) = mpsc::channel::<Answers>();
        handles.push(std::thread::Builder::new().name("crm-mock-replies".into()).spawn(move || {
            while let Ok(answers) = answers.recv() {
                answers.tell();
            }
        })?);
        handles.push(
            std::thread::Builder::new()
                .name("crm-mock-writer".into())
                .spawn(move || run(conn, jobs, kick, &answer, &totals, held.as_deref()))?,
        );
        Ok(Writer { inner: Arc::new(Threads { queue: Some(queue), handles }) })
    }

    /// Runs `f` in the writer's transaction; `reply` gets its outcome once the batch's commit
    /// is known (after it: a change is never reported before it is committed).
    pub fn submit<T, E, F>(&self, f: F, reply: impl FnOnce(Result<T, E>) + Send + 'static) -> Result<(), CoreError>
    where
        F: FnOnce(&Tx) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<CoreError> + Send + 'static,
    {
        let job: Job = Box::new(move |tx| {
            let outcome = match tx {
                Ok(tx) => in_savepoint(tx, f),
                Err(e) => Err(E::from(CoreError::Write(e.to_owned()))),
            };
            Box::new(move |committed: Result<(), &str>| reply(told(outcome, committed)))
        });
        self.queue(Queued::Once(job))
    }

    /// As [`Writer::submit`], for a write that gives the same outcome whenever it runs on the
    /// same state (a create: what it stores comes from its request, its id from a sequence in
    /// the database), so the writer may run it again. The hot writes use it: consecutive ones
    /// share a savepoint. A write that refuses its input should do so before its first change
    /// (a failure after one has the others of its group run again, each on its own); one that
    /// changes the schema must not use it (SQLite does not count such changes).
    ///
    /// `keyed` names the keyed search index the write adds contacts to (through its table's
    /// triggers), which the writes grouped with it fill together.
    pub fn submit_repeatable<T, E, F>(
        &self,
        keyed: Option<&'static str>,
        f: F,
        reply: impl FnOnce(Result<T, E>) + Send + 'static,
    ) -> Result<(), CoreError>
    where
        F: Fn(&Tx) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<CoreError> + Send + 'static,
    {
        self.queue(Queued::Repeatable(Box::new(Again { f, outcome: None, reply, keyed })))
    }

    fn queue(&self, write: Queued) -> Result<(), CoreError> {
        if ON_WRITER.with(Cell::get) {
            return Err(CoreError::Write("a write was started from inside another write".into()));
        }
        self.inner.queue.as_ref().ok_or(CoreError::Blocking)?.send(write).map_err(|_| CoreError::Blocking)
    }
}

/// What `f` answers; a panic in it is an error (the writer thread goes on).
fn unwound<T, E, F>(tx: &Transaction, f: F) -> Result<T, E>
where
    F: FnOnce(&Tx) -> Result<T, E>,
    E: From<CoreError>,
{
    catch_unwind(AssertUnwindSafe(|| f(tx))).unwrap_or_else(|_| Err(E::from(CoreError::Blocking)))
}

/// `f` under a savepoint: released when it succeeds, rolled back when it fails or panics.
fn in_savepoint<T, E, F>(tx: &Transaction, f: F) -> Result<T, E>
where
    F: FnOnce(&Tx) -> Result<T, E>,
    E: From<CoreError>,
{
    let run = |sql: &str| execute(tx, sql);
    run("SAVEPOINT write").map_err(|e| E::from(e.into()))?;
    let outcome = unwound(tx, f);
    if outcome.is_err() {
        run("ROLLBACK TO write").map_err(|e| E::from(e.into()))?;
    }
    run("RELEASE write").map_err(|e| E::from(e.into()))?;
    outcome
}

/// A committed (or failed) batch's replies and the commit's outcome. The writer hands them to
/// a thread of their own and goes on with the next batch: waking each caller's task costs a
/// system call (the runtime's wake-up), a twentieth of the writer's time per create, which
/// need not hold up the next batch.
struct Answers {
    replies: Vec<Reply>,
    committed: Result<(), String>,
}

impl Answers {
    fn tell(self) {
        for reply in self.replies {
            reply(self.committed.as_ref().map(|_| ()).map_err(String::as_str));
        }
    }
}

/// The writer's side of the checkpointer: starts a checkpoint, hears how far it copied.
struct Checkpointer {
    kick: mpsc::SyncSender<()>,
    copied: mpsc::Receiver<i32>,
}

/// Where the log stands for the writer, between its batches.
#[derive(Debug, Default, PartialEq)]
struct Log {
    /// Its size in pages after the last commit.
    pages: i32,
    /// A checkpoint is running on the checkpointer's thread.
    running: bool,
    /// The pages that the last checkpoint copied (0 when none has since the log started over).
    copied: i32,
}

/// What the log calls for.
#[derive(Debug, PartialEq)]
enum Due {
    Not,
    /// A checkpoint on the checkpointer's thread.
    Checkpointer,
    /// A checkpoint by the writer, now, so that the next commit starts the log over.
    Writer,
}

impl Log {
    /// The log is `pages` long after a commit.
    fn committed(&mut self, pages: i32) {
        if pages < self.pages {
            // It started over: what was copied was of the log before.
            self.copied = 0;
        }
        self.pages = pages;
    }

    /// The checkpointer copied the log's first `pages` pages (a checkpoint of the log before
    /// it started over, heard late, counts for nothing): the writer copies a rest of up to
    /// [`CATCH_UP_PAGES`] itself, a longer one goes back to the checkpointer.
    fn checkpointed(&mut self, pages: i32) -> Due {
        self.running = false;
        if pages > self.pages {
            self.copied = 0;
            return Due::Not;
        }
        self.copied = pages;
        match self.pages - self.copied {
            left if left <= 0 => Due::Not,
            left if left <= CATCH_UP_PAGES => Due::Writer,
            _ => Due::Checkpointer,
        }
    }

    /// Everything in the log is in the database: the next commit starts it over, if no reader
    /// holds a state of the log then (`core::held`).
    fn copied_all(&self) -> bool {
        self.copied > 0 && self.copied >= self.pages
    }

    /// What the log's size calls for, no checkpoint heard of.
    fn due(&self) -> Due {
        if self.pages >= CHECKPOINT_LIMIT {
            Due::Writer
        } else if !self.running && self.pages - self.copied >= CHECKPOINT_PAGES {
            Due::Checkpointer
        } else {
            Due::Not
        }
    }
}

/// Ends the read snapshots held idle, so that a checkpoint copies the whole log (`core::held`).
fn release_idle(held: Option<&HeldReads>) {
    if let Some(held) = held {
        held.release_idle();
    }
}

fn run(
    mut conn: Connection,
    jobs: mpsc::Receiver<Queued>,
    checkpointer: Option<Checkpointer>,
    answer: &mpsc::Sender<Answers>,
    totals: &Totals,
    held: Option<&HeldReads>,
) {
    ON_WRITER.with(|w| w.set(true));
    let mut log = Log::default();
    while let Ok(first) = jobs.recv() {
        let mut replies = Vec::new();
        let starting_over = held.filter(|_| log.copied_all());
        if let Some(held) = starting_over {
            // A snapshot held since before the copy ended would keep this commit from starting
            // the log over (a reader beginning now reads the database alone, and does not).
            held.release_to_start_over();
        }
        match conn.transaction_with_behavior(TransactionBehavior::Immediate) {
            Ok(tx) => {
                let mut group = Group::default();
                let mut next = Some(first);
                let mut taken = 0;
                while let Some(write) = next.take() {
                    match write {
                        Queued::Once(job) => {
                            group.close(&tx, &mut replies);
                            replies.push(job(Ok(&tx)));
                        }
                        Queued::Repeatable(write) => group.run(&tx, write, &mut replies),
                    }
                    taken += 1;
                    if taken < MAX_BATCH {
                        next = jobs.try_recv().ok();
                    }
                }
                group.close(&tx, &mut replies);
                let committed = match group.broken {
                    None => totals.committing(|| tx.commit()).map_err(|e| e.to_string()),
                    Some(broken) => Err(tx.rollback().err().map_or(broken, |e| e.to_string())),
                };
                if let Err(e) = &committed {
                    log::error!("a batch of {} writes did not commit: {e}", replies.len());
                }
                // Told here should the replies' thread be gone.
                if let Err(mpsc::SendError(answers)) = answer.send(Answers { replies, committed }) {
                    answers.tell();
                }
            }
            Err(e) => {
                let e = e.to_string();
                match first {
                    Queued::Once(job) => job(Err(&e))(Err(&e)),
                    Queued::Repeatable(write) => write.refuse(&e),
                }
            }
        }
        if let Some(held) = starting_over {
            held.started_over();
        }
        if let Some(checkpointer) = &checkpointer {
            log.committed(LOG_PAGES.with(Cell::get));
            let mut due = Due::Not;
            while let Ok(pages) = checkpointer.copied.try_recv() {
                due = log.checkpointed(pages);
            }
            if due == Due::Not {
                due = log.due();
            }
            match due {
                Due::Not => {}
                Due::Checkpointer => log.running = checkpointer.kick.try_send(()).is_ok(),
                Due::Writer => {
                    release_idle(held);
                    log.copied = checkpoint_logged(&conn);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Outcome = Result<i64, CoreError>;

    /// A writer on a shared in-memory database, and a connection for reading it.
    fn writer() -> (Writer, Connection) {
        writer_with("")
    }

    /// As [`writer`], the database holding `schema` too.
    fn writer_with(schema: &str) -> (Writer, Connection) {
        let uri = format!("file:/writer-{}?vfs=memdb", uuid::Uuid::new_v4().simple());
        let open = || {
            let flags = rusqlite::OpenFlags::default() | rusqlite::OpenFlags::SQLITE_OPEN_URI;
            let conn = Connection::open_with_flags(&uri, flags).unwrap();
            conn.busy_timeout(std::time::Duration::from_secs(10)).unwrap();
            conn
        };
        let conn = open();
        conn.execute_batch("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL);").unwrap();
        conn.execute_batch(schema).unwrap();
        (Writer::start(open(), None::<fn() -> rusqlite::Result<Connection>>, Arc::default(), None).unwrap(), conn)
    }

    /// Queues `f` and answers the receiver of its outcome.
    fn submit(w: &Writer, f: impl FnOnce(&Tx) -> Outcome + Send + 'static) -> mpsc::Receiver<Outcome> {
        let (reply, answer) = mpsc::sync_channel(1);
        w.submit(f, move |o| reply.send(o).unwrap()).unwrap();
        answer
    }

    fn insert(v: &'static str) -> impl FnOnce(&Tx) -> Outcome + Send + 'static {
        move |tx| {
            tx.execute("INSERT INTO t (v) VALUES (?1)", [v])?;
            Ok(tx.last_insert_rowid())
        }
    }

    /// Queues a write of `v` that holds the writer until `go` is sent, so that one batch runs
    /// it and every write queued meanwhile.
    fn holding(w: &Writer, v: &'static str) -> (mpsc::Sender<()>, mpsc::Receiver<Outcome>) {
        let (go, wait) = mpsc::channel::<()>();
        let first = submit(w, move |tx| {
            wait.recv().unwrap();
            insert(v)(tx)
        });
        (go, first)
    }

    fn values(conn: &Connection) -> Vec<String> {
        conn.prepare("SELECT v FROM t ORDER BY id").unwrap().query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
    }

    #[test]
    fn a_failed_or_panicking_write_takes_back_only_its_own_changes() {
        let (w, conn) = writer();
        let (go, first) = holding(&w, "a");
        let failing = submit(&w, |tx| {
            insert("lost")(tx)?;
            Err(CoreError::Startup("refused".into()))
        });
        let panicking = submit(&w, |tx| {
            insert("lost too")(tx)?;
            panic!("a bug in a handler")
        });
        let last = submit(&w, insert("b"));
        go.send(()).unwrap();
        assert_eq!(first.recv().unwrap().unwrap(), 1);
        assert!(matches!(failing.recv().unwrap(), Err(CoreError::Startup(m)) if m == "refused"));
        assert!(matches!(panicking.recv().unwrap(), Err(CoreError::Blocking)));
        // Every answer comes after the commit: what was answered is there for a reader.
        assert_eq!(last.recv().unwrap().unwrap(), 2);
        assert_eq!(values(&conn), ["a", "b"]);
    }

    /// Queues the repeatable `f`, counting its runs, and answers the receiver of its outcome.
    fn submit_repeatable(
        w: &Writer,
        runs: &Arc<std::sync::atomic::AtomicUsize>,
        f: impl Fn(&Tx) -> Outcome + Send + 'static,
    ) -> mpsc::Receiver<Outcome> {
        submit_keyed(w, runs, None, f)
    }

    /// As [`submit_repeatable`], for a write feeding the keyed index `keyed`.
    fn submit_keyed(
        w: &Writer,
        runs: &Arc<std::sync::atomic::AtomicUsize>,
        keyed: Option<&'static str>,
        f: impl Fn(&Tx) -> Outcome + Send + 'static,
    ) -> mpsc::Receiver<Outcome> {
        let (reply, answer) = mpsc::sync_channel(1);
        let runs = Arc::clone(runs);
        let counted = move |tx: &Tx| {
            runs.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            f(tx)
        };
        w.submit_repeatable(keyed, counted, move |o| reply.send(o).unwrap()).unwrap();
        answer
    }

    fn insert_again(v: &'static str) -> impl Fn(&Tx) -> Outcome + Send + 'static {
        move |tx| insert(v)(tx)
    }

    #[test]
    fn repeatable_writes_share_a_savepoint_and_run_again_when_one_fails_after_a_change() {
        use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
        let (w, conn) = writer();
        let (go, first) = holding(&w, "once");
        let counts: Vec<Arc<AtomicUsize>> = (0..6).map(|_| Arc::default()).collect();
        let a = submit_repeatable(&w, &counts[0], insert_again("a"));
        // Refused before any change: the group goes on.
        let refused = submit_repeatable(&w, &counts[1], |_| Err(CoreError::Startup("refused".into())));
        let b = submit_repeatable(&w, &counts[2], insert_again("b"));
        // Failing after a change: the group's changes go, and a and b run again on their own.
        let failing = submit_repeatable(&w, &counts[3], |tx| {
            insert("lost")(tx)?;
            Err(CoreError::Startup("failed late".into()))
        });
        let panicking = submit_repeatable(&w, &counts[4], |tx| {
            insert("lost too")(tx)?;
            panic!("a bug in a handler")
        });
        let c = submit_repeatable(&w, &counts[5], insert_again("c"));
        go.send(()).unwrap();
        assert_eq!(first.recv().unwrap().unwrap(), 1);
        assert!(matches!(refused.recv().unwrap(), Err(CoreError::Startup(m)) if m == "refused"));
        assert!(matches!(failing.recv().unwrap(), Err(CoreError::Startup(m)) if m == "failed late"));
        assert!(matches!(panicking.recv().unwrap(), Err(CoreError::Blocking)));
        // Run again, a and b took the same ids: the failed writes' rows were taken back.
        assert_eq!((a.recv().unwrap().unwrap(), b.recv().unwrap().unwrap(), c.recv().unwrap().unwrap()), (2, 3, 4));
        assert_eq!(values(&conn), ["once", "a", "b", "c"]);
        let runs: Vec<usize> = counts.iter().map(|n| n.load(SeqCst)).collect();
        assert_eq!(runs, [2, 2, 2, 1, 1, 1]);
    }

    /// The creates the writer commits together pause the index they feed and fill it in one
    /// statement at the end of their group (one segment); one failing after its change has the
    /// others run again on their own, filling the index themselves. Either way the index then
    /// holds exactly the contacts' keys, and no pause is left.
    #[test]
    fn the_creates_of_a_group_fill_their_index_together() {
        let schema = format!("{}{}", include_str!("schema.sql"), keyed::PAUSABLE);
        let (w, conn) = writer_with(&schema);
        let runs = Arc::default();
        let create = |text: &'static str, fail: bool| {
            submit_keyed(&w, &runs, Some("x_search"), move |tx| {
                tx.execute("INSERT INTO x (tenant_id, day, search_text) VALUES ('a', 10, ?1)", [text])?;
                if fail { Err(CoreError::Startup("failed late".into())) } else { Ok(tx.last_insert_rowid()) }
            })
        };
        let matches = |term: &str| -> Vec<i64> {
            let mut stmt = conn.prepare("SELECT rowid & 4294967295 FROM x_search WHERE x_search MATCH ?1 ORDER BY 1").unwrap();
            stmt.query_map([format!("\"{term}\"")], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
        };
        let segments = || -> i64 { conn.query_row("SELECT count(DISTINCT segid) FROM x_search_idx", [], |r| r.get(0)).unwrap() };
        let paused = || -> i64 { conn.query_row("SELECT count(*) FROM core_search_paused", [], |r| r.get(0)).unwrap() };

        let (go, held) = holding(&w, "first");
        let created: Vec<_> =
            ["ann lee", "bob lee", "cy lee", "dee lee", "eve lee", "fay lee"].into_iter().map(|t| create(t, false)).collect();
        go.send(()).unwrap();
        held.recv().unwrap().unwrap();
        let ids: Vec<i64> = created.into_iter().map(|a| a.recv().unwrap().unwrap()).collect();
        assert_eq!(ids, [1, 2, 3, 4, 5, 6]);
        assert_eq!((matches("lee"), segments(), paused()), (ids.clone(), 1, 0));

        let (go, held) = holding(&w, "second");
        let kept = create("gil kim", false);
        let failing = create("hal kim", true);
        let last = create("ida kim", false);
        go.send(()).unwrap();
        held.recv().unwrap().unwrap();
        assert_eq!(kept.recv().unwrap().unwrap(), 7);
        assert!(matches!(failing.recv().unwrap(), Err(CoreError::Startup(m)) if m == "failed late"));
        assert_eq!(last.recv().unwrap().unwrap(), 8);
        assert_eq!((matches("kim"), paused()), (vec![7, 8], 0));
        assert_eq!(keyed::indexed_keys(&conn, "x_search"), keyed::expected_keys(&conn, "x_search"));
        conn.execute("INSERT INTO x_search (x_search, rank) VALUES ('integrity-check', 1)", []).unwrap();
    }

    #[test]
    fn the_checkpointer_copies_each_checkpoint_pages_and_the_writer_a_short_rest() {
        let mut log = Log::default();
        log.committed(CHECKPOINT_PAGES - 1);
        assert_eq!(log.due(), Due::Not);
        log.committed(CHECKPOINT_PAGES);
        assert_eq!(log.due(), Due::Checkpointer);
        log.running = true;
        // It began on a log grown further meanwhile, and a rest as long as the writer takes was
        // appended while it ran.
        let began = CHECKPOINT_PAGES + 1000;
        let end = began + CATCH_UP_PAGES;
        log.committed(end);
        assert_eq!(log.due(), Due::Not, "one checkpoint at a time");
        // It copied the pages there were when it began; the writer copies the rest.
        assert_eq!(log.checkpointed(began), Due::Writer);
        // The writer copied all: the next commit may start the log over (the held read
        // snapshots are let go before it); if a reader kept it from that, it grows again.
        assert!(!log.copied_all());
        log.copied = end;
        assert!(log.copied_all());
        log.committed(end + 10);
        assert!(!log.copied_all());
        assert_eq!(log.due(), Due::Not);
        log.committed(12);
        assert_eq!(log, Log { pages: 12, running: false, copied: 0 });
        assert_eq!(log.due(), Due::Not);
        assert!(!log.copied_all());
        // A checkpoint that found nothing appended after it leaves nothing to do.
        let mut log = Log { pages: CHECKPOINT_PAGES, running: true, copied: 0 };
        assert_eq!(log.checkpointed(CHECKPOINT_PAGES), Due::Not);
        assert!(log.copied_all());
    }

    #[test]
    fn a_longer_rest_goes_back_to_the_checkpointer_and_the_limit_to_the_writer() {
        let mut log = Log { pages: 1000, running: true, copied: 0 };
        log.committed(1000 + CATCH_UP_PAGES + 1);
        assert_eq!(log.checkpointed(1000), Due::Checkpointer);
        // A checkpoint that copied nothing (a reader of an old state) is tried again, and the
        // writer checkpoints at the limit whatever runs.
        let mut log = Log { pages: 3000, running: true, copied: 0 };
        assert_eq!(log.checkpointed(0), Due::Checkpointer);
        log.running = true;
        log.committed(CHECKPOINT_LIMIT);
        assert_eq!(log.due(), Due::Writer);
        // A checkpoint of the log before it started over counts for nothing.
        let mut log = Log { pages: 40, running: true, copied: 0 };
        assert_eq!(log.checkpointed(2000), Due::Not);
        assert_eq!(log, Log { pages: 40, running: false, copied: 0 });
    }

    #[test]
    fn a_write_cannot_wait_for_a_write_of_its_own() {
        let (w, conn) = writer();
        let inner = w.clone();
        let outer = submit(&w, move |tx| {
            let nested = inner.submit(insert("nested"), |_| {});
            assert!(matches!(nested, Err(CoreError::Write(_))));
            insert("outer")(tx)
        });
        assert_eq!(outer.recv().unwrap().unwrap(), 1);
        assert_eq!(values(&conn), ["outer"]);
    }
}

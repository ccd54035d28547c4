//! Exact totals kept between reads until the next commit. A client paging through a search asks
//! for the same total with every page, and on a large tenant counting the matches is most of a
//! page's time (a trigram search's count walks every match); the page itself reads only its own
//! rows. So a count run in a read ([`Db::read`](crate::core::db::Db::read)) is kept, keyed by its
//! statement and values, and answered again by any read that sees the same state of the
//! database. Any other small read that many requests repeat may be kept the same way
//! ([`kept`]): the records a LionDesk contact embeds (its hotness, source and the user's custom
//! fields) were a third of a LionDesk point read's time. And the rows of a page ([`rows`]): a
//! page of a large table reads fifty rows from random leaves of it, while the index entries
//! that find them are adjacent, so a table may keep its rows by row id (`Table::kept_rows`).
//!
//! Which state a read sees is told by a generation that every commit moves twice, before it
//! starts and after it ends, with a count of the commits under way ([`Totals::committing`]): a
//! read takes a ticket (the generation, when no commit is under way) before its transaction
//! begins, and a total is kept or used only if, once a statement of the read has run (so its
//! snapshot is taken), no commit has started or been under way since the ticket. Every state with
//! one generation and no commit under way is then the same state. Each way `Db` commits goes
//! through [`Totals::committing`]: the writer's batches, `write_blocking`, `connection_blocking`
//! (around all of the bulk work it runs); the last two run outside any read's totals
//! ([`writing`]), so a count in a write, which sees the write's own changes, is never kept.
//! Another process's commits to a `--db` file move the generation when a read's new snapshot
//! sees them ([`Totals::outside`]).

use std::any::Any;
use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering::SeqCst};
use std::sync::{Arc, Mutex};

use rusqlite::types::Value;
use rusqlite::{MAIN_DB, TransactionState, params_from_iter};

use crate::core::Tx;

/// The most answers kept at once (all of one generation); past it they are forgotten together.
const KEPT_AT_MOST: usize = 512;

/// The most rows kept at once ([`rows`]; a few hundred pages of fifty), all of one generation;
/// past it they are forgotten together.
const ROWS_AT_MOST: usize = 16_384;

/// A statement that reads the database, so that the read's snapshot is taken (SQLite takes it
/// at a transaction's first read) before a kept answer is trusted, when no statement of the read
/// has run yet.
const SNAPSHOT: &str = "SELECT 1 FROM sqlite_schema LIMIT 1";

/// One database's kept totals and the generation they belong to.
#[derive(Debug, Default)]
pub struct Totals {
    /// Moved before and after every commit.
    generation: AtomicU64,
    /// Commits under way.
    commits: AtomicU64,
    kept: Mutex<Kept<String, Answer>>,
    rows: Mutex<Kept<RowKey, Row>>,
    /// Each reading connection's (by its handle's address) last data version and the
    /// generation it was read in ([`Totals::outside`]).
    versions: Mutex<HashMap<usize, (i64, u64)>>,
}

/// A kept answer.
type Answer = Arc<dyn Any + Send + Sync>;

/// A kept row.
type Row = Box<dyn Any + Send + Sync>;

/// What a kept row is: its table and the columns read of it (`Table::kept_rows`), and its row id.
type RowKey = (&'static str, &'static str, i64);

/// What is kept of one generation: forgotten together when a later one keeps something, or when
/// keeping more would pass a bound.
struct Kept<K, V> {
    generation: u64,
    entries: HashMap<K, V>,
}

impl<K, V> Default for Kept<K, V> {
    fn default() -> Self {
        Kept { generation: 0, entries: HashMap::new() }
    }
}

impl<K, V> std::fmt::Debug for Kept<K, V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Kept").field("generation", &self.generation).field("entries", &self.entries.len()).finish()
    }
}

impl<K: std::hash::Hash + Eq, V> Kept<K, V> {
    /// What is kept of `ticket`'s generation (nothing of another).
    fn of(&self, ticket: u64) -> Option<&HashMap<K, V>> {
        (self.generation == ticket).then_some(&self.entries)
    }

    /// Keeps `entries` of `ticket`'s generation, at most `at_most` in all (none when what is
    /// kept is of a later generation).
    fn keep(&mut self, ticket: u64, entries: Vec<(K, V)>, at_most: usize) {
        if self.generation != ticket || self.entries.len() + entries.len() > at_most {
            if self.generation > ticket {
                return;
            }
            self.entries.clear();
            self.generation = ticket;
        }
        self.entries.extend(entries);
    }
}

/// `mutex`'s guard; a panic while it was held left nothing half-kept (every change is one call).
fn locked<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// Moves the generation after a commit, also when the commit panics.
struct Committed<'a>(&'a Totals);

impl Drop for Committed<'_> {
    fn drop(&mut self) {
        self.0.generation.fetch_add(1, SeqCst);
        self.0.commits.fetch_sub(1, SeqCst);
    }
}

impl Totals {
    /// Runs `commit`: no total is kept or used across it.
    pub fn committing<T>(&self, commit: impl FnOnce() -> T) -> T {
        self.commits.fetch_add(1, SeqCst);
        self.generation.fetch_add(1, SeqCst);
        let _after = Committed(self);
        commit()
    }

    /// Notes the data version a read's new snapshot on `conn` sees (`ticket`: taken before it
    /// began). SQLite moves a connection's data version at every commit of another connection,
    /// and every commit of this process moves the generation; so when it moved on one connection
    /// while the generation did not, another process committed to the file, and the generation
    /// moves for it: nothing kept is answered past another process's change (only a database
    /// file can have one; its readers take new snapshots within `core::held::HELD_AT_MOST`).
    pub fn outside(&self, conn: &Tx, ticket: Option<u64>) -> rusqlite::Result<()> {
        let Some(ticket) = ticket else { return Ok(()) };
        let version: i64 = conn.prepare_cached("PRAGMA data_version")?.query_row([], |r| r.get(0))?;
        // SAFETY: the handle's address names the connection; it is never dereferenced.
        let handle = unsafe { conn.handle() } as usize;
        let mut versions = locked(&self.versions);
        if versions.len() >= 64 {
            versions.clear();
        }
        if let Some((before, at)) = versions.insert(handle, (version, ticket))
            && at == ticket
            && before != version
        {
            self.generation.fetch_add(1, SeqCst);
        }
        Ok(())
    }

    /// The generation, when no commit is under way.
    pub fn ticket(&self) -> Option<u64> {
        (self.commits.load(SeqCst) == 0).then(|| self.generation.load(SeqCst))
    }

    /// True when no commit has started, or been under way, since `ticket` was taken.
    pub fn unchanged(&self, ticket: u64) -> bool {
        self.generation.load(SeqCst) == ticket && self.commits.load(SeqCst) == 0
    }

    fn kept(&self, ticket: u64, key: &str) -> Option<Answer> {
        locked(&self.kept).of(ticket)?.get(key).cloned()
    }

    fn keep(&self, ticket: u64, key: String, answer: Answer) {
        locked(&self.kept).keep(ticket, vec![(key, answer)], KEPT_AT_MOST);
    }

    /// The kept rows of `table` among `rowids` (None where there is none) as of `ticket`.
    fn kept_rows<T: Clone + 'static>(&self, ticket: u64, table: Columns, rowids: &[i64]) -> Vec<Option<T>> {
        let kept = locked(&self.rows);
        let Some(rows) = kept.of(ticket) else { return vec![None; rowids.len()] };
        let row = |rowid| rows.get(&(table.0, table.1, rowid)).and_then(|row| row.downcast_ref::<T>()).cloned();
        rowids.iter().map(|&rowid| row(rowid)).collect()
    }

    fn keep_rows(&self, ticket: u64, table: Columns, rows: Vec<(i64, Row)>) {
        let rows = rows.into_iter().map(|(rowid, row)| ((table.0, table.1, rowid), row)).collect();
        locked(&self.rows).keep(ticket, rows, ROWS_AT_MOST);
    }

    /// How many answers are kept (for tests).
    #[cfg(test)]
    pub fn kept_len(&self) -> usize {
        locked(&self.kept).entries.len()
    }
}

thread_local! {
    /// The totals of the read running on this thread and its ticket.
    static READING: RefCell<Option<(Arc<Totals>, u64)>> = const { RefCell::new(None) };
}

/// Puts back the read that was running before (none, but for a read within a read).
struct Restore(Option<(Arc<Totals>, u64)>);

impl Drop for Restore {
    fn drop(&mut self) {
        let before = self.0.take();
        READING.with(|r| *r.borrow_mut() = before);
    }
}

/// Runs `read`, whose counts use and keep `totals`; `read` begins its transaction itself.
pub fn reading<T>(totals: &Arc<Totals>, read: impl FnOnce() -> T) -> T {
    reading_at(totals, totals.ticket(), read)
}

/// [`reading`] with a ticket taken before `read`'s transaction began (or none).
pub fn reading_at<T>(totals: &Arc<Totals>, ticket: Option<u64>, read: impl FnOnce() -> T) -> T {
    let now = ticket.map(|ticket| (Arc::clone(totals), ticket));
    let _restore = Restore(READING.with(|r| r.replace(now)));
    read()
}

/// Runs `write` (a transaction of its own, on this thread) with no read's totals: a count it
/// runs sees its own uncommitted changes, which no other read may be answered with.
pub fn writing<T>(write: impl FnOnce() -> T) -> T {
    let _restore = Restore(READING.with(|r| r.replace(None)));
    write()
}

/// A key for [`kept`]: each of `parts` (literals of the caller and the tenant's id) ended by
/// `\u{1}`, then `numbers`, each ended by a comma. Written straight, not formatted: formatting a
/// LionDesk GET's keys took a third of its embeds' time.
pub fn key(parts: &[&str], numbers: &[i64]) -> String {
    let mut key = String::with_capacity(parts.iter().map(|p| p.len() + 1).sum::<usize>() + 8 * numbers.len());
    for part in parts {
        key.push_str(part);
        key.push('\u{1}');
    }
    let mut digits = itoa::Buffer::new();
    for n in numbers {
        key.push_str(digits.format(*n));
        key.push(',');
    }
    key
}

/// A table and the columns read of it (`("ld_contacts", "c.id, c.owner_user_id, ...")`): rows are
/// kept, and shared, by both and the row id.
pub type Columns = (&'static str, &'static str);

/// The rows of `table` whose row ids are `rowids`, in their order: those an earlier read of the
/// same state kept, and the others read with `read` and kept for later reads when they can be.
/// The caller's read has run a statement (so its snapshot is taken) and found `rowids` in it.
/// A page of a large table reads its rows from random leaves of the table, and once they are
/// kept a page reads only the index entries that find them. Outside a read, each is read.
pub fn rows<T: Clone + Send + Sync + 'static>(
    table: Columns,
    rowids: &[i64],
    mut read: impl FnMut(i64) -> rusqlite::Result<T>,
) -> rusqlite::Result<Vec<T>> {
    let Some((totals, ticket)) = READING.with(|r| r.borrow().clone()) else {
        return rowids.iter().map(|&rowid| read(rowid)).collect();
    };
    let found = totals.kept_rows::<T>(ticket, table, rowids);
    // A commit since the ticket: what was found may be of another state, and nothing read now
    // could be kept.
    if !totals.unchanged(ticket) {
        return rowids.iter().map(|&rowid| read(rowid)).collect();
    }
    let mut fresh: Vec<(i64, Row)> = Vec::new();
    let mut out = Vec::with_capacity(rowids.len());
    for (row, &rowid) in found.into_iter().zip(rowids) {
        match row {
            Some(row) => out.push(row),
            None => {
                let row = read(rowid)?;
                fresh.push((rowid, Box::new(row.clone())));
                out.push(row);
            }
        }
    }
    if !fresh.is_empty() && totals.unchanged(ticket) {
        totals.keep_rows(ticket, table, fresh);
    }
    Ok(out)
}

/// The count `sql` returns with `values`: kept from an earlier read of the same state when
/// there is one, and kept for later reads when it can be.
pub fn count(tx: &Tx, sql: &str, values: &[Value]) -> rusqlite::Result<i64> {
    let key = || {
        let mut key = String::with_capacity(sql.len() + 16 * values.len());
        key.push_str(sql);
        for value in values {
            // Debug quotes and escapes text, so no two lists of values write the same key.
            let _ = write!(key, "\u{1}{value:?}");
        }
        key
    };
    let total = kept(tx, key, || tx.prepare_cached(sql)?.query_row(params_from_iter(values), |r| r.get(0)))?;
    Ok(*total)
}

/// What `read` answers in `tx`: kept from an earlier read of the same state when there is one,
/// and kept for later reads when it can be. `key` names what `read` reads (its statement and
/// values, or as much as tells it from every other read kept): two reads of one key must
/// answer alike in one state of the database. Outside a read (`Db::read`), `read` just runs.
pub fn kept<T: Send + Sync + 'static>(
    tx: &Tx,
    key: impl FnOnce() -> String,
    read: impl FnOnce() -> rusqlite::Result<T>,
) -> rusqlite::Result<Arc<T>> {
    let Some((totals, ticket)) = READING.with(|r| r.borrow().clone()) else { return read().map(Arc::new) };
    let key = key();
    if let Some(answer) = totals.kept(ticket, &key).and_then(|a| a.downcast::<T>().ok()) {
        // The snapshot is taken once the transaction reads (then it is in the read state).
        if tx.transaction_state(Some(MAIN_DB))? == TransactionState::None {
            tx.prepare_cached(SNAPSHOT)?.query_row([], |_| Ok(()))?;
        }
        if totals.unchanged(ticket) {
            return Ok(answer);
        }
        return read().map(Arc::new);
    }
    let answer = Arc::new(read()?);
    if totals.unchanged(ticket) {
        totals.keep(ticket, key, answer.clone());
    }
    Ok(answer)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A kept read's key tells apart what, whose and which ids it reads.
    #[test]
    fn kept_reads_are_keyed_by_what_tenant_and_ids() {
        let (a, b) = ("a", "a\u{1}5,");
        let keys = [
            key(&["h.id", a], &[5]),
            key(&["h.id", a], &[]),
            key(&["h.id", b], &[]),
            key(&["s.id", a], &[5]),
            key(&["h.id", a], &[5, 6]),
            key(&["h.id", a], &[56]),
            key(&["h.id", a], &[-5]),
        ];
        assert_eq!(keys[0], "h.id\u{1}a\u{1}5,");
        let distinct: std::collections::HashSet<_> = keys.iter().collect();
        assert_eq!(distinct.len(), keys.len(), "{keys:?}");
    }

    fn db() -> rusqlite::Connection {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1), (2), (3);").unwrap();
        conn
    }

    const COUNT: &str = "SELECT count(*) FROM t WHERE x >= ?";

    /// Counts `x >= from` in a read of `totals`, as `Db::read` runs one.
    fn counted(conn: &mut rusqlite::Connection, totals: &Arc<Totals>, from: i64) -> i64 {
        reading(totals, || {
            let tx = conn.transaction().unwrap();
            count(&tx, COUNT, &[Value::Integer(from)]).unwrap()
        })
    }

    #[test]
    fn a_total_is_kept_until_a_commit_and_by_statement_and_values() {
        let mut conn = db();
        let totals = Arc::new(Totals::default());
        assert_eq!((counted(&mut conn, &totals, 2), totals.kept_len()), (2, 1));
        assert_eq!((counted(&mut conn, &totals, 1), totals.kept_len()), (3, 2));
        // Changed behind the totals' back, the kept totals answer: they are what is used.
        conn.execute_batch("INSERT INTO t VALUES (4)").unwrap();
        assert_eq!(counted(&mut conn, &totals, 2), 2);
        // Changed through a commit, they are forgotten.
        totals.committing(|| conn.execute_batch("INSERT INTO t VALUES (5)").unwrap());
        assert_eq!((counted(&mut conn, &totals, 2), totals.kept_len()), (4, 1));
        // Outside a read, nothing is kept or used.
        let tx = conn.transaction().unwrap();
        assert_eq!(count(&tx, COUNT, &[Value::Integer(1)]).unwrap(), 5);
        drop(tx);
        assert_eq!(totals.kept_len(), 1);
    }

    /// Any answer is kept by its key the same way: read once in a state, shared by the reads
    /// that follow (not run again), and read anew after a commit; an answer of another type
    /// under the same key is never taken for it.
    #[test]
    fn an_answer_is_kept_by_its_key_until_a_commit() {
        let mut conn = db();
        let totals = Arc::new(Totals::default());
        let reads = std::cell::Cell::new(0);
        let names = |conn: &mut rusqlite::Connection| -> Arc<Vec<i64>> {
            reading(&totals, || {
                let tx = conn.transaction().unwrap();
                kept(
                    &tx,
                    || "xs".to_owned(),
                    || {
                        reads.set(reads.get() + 1);
                        tx.prepare("SELECT x FROM t ORDER BY x")?.query_map([], |r| r.get(0))?.collect()
                    },
                )
                .unwrap()
            })
        };
        let first = names(&mut conn);
        let second = names(&mut conn);
        assert_eq!((first.as_slice(), reads.get(), Arc::ptr_eq(&first, &second)), (&[1, 2, 3][..], 1, true));
        totals.committing(|| conn.execute_batch("INSERT INTO t VALUES (4)").unwrap());
        assert_eq!((names(&mut conn).as_slice(), reads.get()), (&[1, 2, 3, 4][..], 2));
        let other = reading(&totals, || {
            let tx = conn.transaction().unwrap();
            kept(&tx, || "xs".to_owned(), || Ok("not a list")).unwrap()
        });
        assert_eq!(*other, "not a list");
        assert_eq!((names(&mut conn).len(), reads.get()), (4, 3), "read again: the key held another type");
    }

    /// Rows are kept by table, columns and row id until a commit: a read of the same state reads only
    /// those no read before it kept, in the order asked; outside a read each is read.
    #[test]
    fn rows_are_kept_by_table_columns_and_row_id_until_a_commit() {
        let mut conn = db();
        let totals = Arc::new(Totals::default());
        let reads = std::cell::RefCell::new(Vec::new());
        let xs = |conn: &mut rusqlite::Connection, table: Columns, rowids: &[i64]| -> Vec<i64> {
            reading(&totals, || {
                let tx = conn.transaction().unwrap();
                tx.query_row("SELECT 1", [], |_| Ok(())).unwrap();
                rows(table, rowids, |rowid| {
                    reads.borrow_mut().push(rowid);
                    tx.query_row("SELECT x FROM t WHERE rowid = ?", [rowid], |r| r.get(0))
                })
                .unwrap()
            })
        };
        assert_eq!(xs(&mut conn, ("t", "x"), &[3, 1]), [3, 1]);
        assert_eq!(xs(&mut conn, ("t", "x"), &[1, 2, 3]), [1, 2, 3]);
        assert_eq!(reads.take(), [3, 1, 2], "each row read once");
        assert_eq!(xs(&mut conn, ("u", "x"), &[2]), [2]);
        assert_eq!(reads.take(), [2], "another table's rows are its own");
        assert_eq!(xs(&mut conn, ("t", "y"), &[2]), [2]);
        assert_eq!(reads.take(), [2], "other columns of the table are kept apart");
        // Changed behind the totals' back, the kept rows answer.
        conn.execute_batch("UPDATE t SET x = x * 10").unwrap();
        assert_eq!(xs(&mut conn, ("t", "x"), &[2, 3]), [2, 3]);
        totals.committing(|| conn.execute_batch("UPDATE t SET x = x + 1").unwrap());
        assert_eq!(xs(&mut conn, ("t", "x"), &[2, 3]), [21, 31]);
        assert_eq!(reads.take(), [2, 3], "read anew after a commit");
        let tx = conn.transaction().unwrap();
        let outside =
            rows(("t", "x"), &[1, 1], |rowid| tx.query_row("SELECT x FROM t WHERE rowid = ?", [rowid], |r| r.get::<_, i64>(0)));
        assert_eq!(outside.unwrap(), [11, 11]);
    }

    /// A change another process commits moves the generation once a connection's new snapshot
    /// sees it: what was kept is not answered again.
    #[test]
    fn another_connections_commit_moves_the_generation() {
        let dir = std::env::temp_dir().join(format!("crm-mock-outside-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir(&dir).unwrap();
        let path = dir.join("db.sqlite");
        let (reader, other) = (rusqlite::Connection::open(&path).unwrap(), rusqlite::Connection::open(&path).unwrap());
        other.execute_batch("PRAGMA journal_mode = WAL; CREATE TABLE t (x INTEGER);").unwrap();
        let totals = Totals::default();
        let snapshot = |totals: &Totals| {
            let ticket = totals.ticket();
            reader.execute_batch("BEGIN").unwrap();
            totals.outside(&reader, ticket).unwrap();
            reader.execute_batch("ROLLBACK").unwrap();
        };
        snapshot(&totals);
        snapshot(&totals);
        let before = totals.ticket().unwrap();
        snapshot(&totals);
        assert_eq!(totals.ticket(), Some(before), "nothing committed");
        other.execute_batch("INSERT INTO t VALUES (1)").unwrap();
        snapshot(&totals);
        assert_ne!(totals.ticket(), Some(before), "another process committed");
        let after = totals.ticket();
        // This process's own commits move the generation themselves, and are not counted again.
        totals.committing(|| other.execute_batch("INSERT INTO t VALUES (2)").unwrap());
        let own = totals.ticket();
        assert_ne!(own, after);
        snapshot(&totals);
        snapshot(&totals);
        assert_eq!(totals.ticket(), own);
        drop((reader, other));
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_read_that_overlaps_a_commit_neither_keeps_nor_uses_a_total() {
        let mut conn = db();
        let totals = Arc::new(Totals::default());
        // A commit under way when the read begins: no ticket.
        let during = totals.committing(|| counted(&mut conn, &totals, 1));
        assert_eq!((during, totals.kept_len()), (3, 0));
        // A commit that starts after the read's ticket, before its count ends.
        let overlapped = reading(&totals, || {
            totals.committing(|| ());
            let tx = conn.transaction().unwrap();
            count(&tx, COUNT, &[Value::Integer(1)]).unwrap()
        });
        assert_eq!((overlapped, totals.kept_len()), (3, 0));
        assert_eq!((counted(&mut conn, &totals, 1), totals.kept_len()), (3, 1));
        // A kept total is not used by a read a commit overlaps.
        conn.execute_batch("INSERT INTO t VALUES (4)").unwrap();
        let used = reading(&totals, || {
            totals.committing(|| ());
            let tx = conn.transaction().unwrap();
            count(&tx, COUNT, &[Value::Integer(1)]).unwrap()
        });
        assert_eq!(used, 4);
    }

    #[test]
    fn a_write_within_a_read_neither_keeps_nor_uses_a_total() {
        let mut conn = db();
        let totals = Arc::new(Totals::default());
        assert_eq!(counted(&mut conn, &totals, 1), 3);
        let (within, after) = reading(&totals, || {
            let within = writing(|| {
                let tx = conn.transaction().unwrap();
                tx.execute_batch("INSERT INTO t VALUES (4)").unwrap();
                count(&tx, COUNT, &[Value::Integer(1)]).unwrap()
                // Rolled back.
            });
            let tx = conn.transaction().unwrap();
            (within, count(&tx, COUNT, &[Value::Integer(1)]).unwrap())
        });
        assert_eq!((within, after, totals.kept_len()), (4, 3, 1));
    }

    #[test]
    fn a_commit_that_panics_still_moves_the_generation() {
        let totals = Totals::default();
        let ticket = totals.ticket().unwrap();
        let panicked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| totals.committing(|| panic!("commit"))));
        assert!(panicked.is_err());
        assert!(!totals.unchanged(ticket));
        assert!(totals.ticket().is_some());
    }

    #[test]
    fn keys_tell_values_apart() {
        let mut conn = db();
        let totals = Arc::new(Totals::default());
        let both = |conn: &mut rusqlite::Connection, values: [Value; 2]| {
            reading(&totals, || {
                let tx = conn.transaction().unwrap();
                count(&tx, "SELECT count(*) FROM t WHERE ? = ?", &values).unwrap()
            })
        };
        assert_eq!(both(&mut conn, [Value::Text("1".into()), Value::Text("1".into())]), 3);
        assert_eq!(both(&mut conn, [Value::Text("1".into()), Value::Integer(1)]), 0);
        assert_eq!(both(&mut conn, [Value::Text("1\u{1}Text(\"1\")".into()), Value::Text("1".into())]), 0);
        assert_eq!(totals.kept_len(), 3);
    }
}

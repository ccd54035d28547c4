//! A vendor's trigram index of its contacts' search text whose rowids are keys: bits 48-62 the
//! tenant's number (`core_search_tenants`, claimed and freed by the vendor schema's triggers),
//! bits 32-47 the day of the contact's default order (days since 1970), bits 0-31 the contact's
//! rowid. So a count of a tenant's matches reads the tenant's range of the index alone, and a
//! page in the default order reads only the matches of the days up to its last contact's.
//!
//! [`keyed_index!`] declares one from the index's name, its statements written once here.

use rusqlite::types::Value;
use rusqlite::{OptionalExtension, params};

use super::{Filter, SortDir, quoted};
use crate::core::TenantId;
use crate::core::Tx;
use crate::core::paging::Window;

/// The key bits below the tenant's number.
pub const TENANT_SHIFT: u32 = 48;
/// The key bits below the day.
pub const DAY_SHIFT: u32 = 32;
/// A contact's rowid within a key.
pub const ROWID_MASK: i64 = (1 << DAY_SHIFT) - 1;

/// The statements of one keyed index (made by [`keyed_index!`]).
#[derive(Debug)]
pub struct KeyedIndex {
    /// The FTS5 table's name.
    pub name: &'static str,
    /// The tenant's number; no row when it has no contacts.
    pub tenant_number: &'static str,
    /// How many keys of `?2..=?3` match `?1`: the index alone, no contact row.
    pub count: &'static str,
    /// The key of the match `?4` places after the newest (the last key) of `?2..=?3`.
    pub nth_newest: &'static str,
    /// The same after the oldest (the first key).
    pub nth_oldest: &'static str,
    /// `c.rowid IN` the rowids of the matches of `?` among the keys `? ..= ?`.
    pub in_range: &'static str,
}

/// The [`KeyedIndex`] of the FTS5 table `$index` (its tenants' numbers are those of kind
/// `$index` in `core_search_tenants`).
macro_rules! keyed_index {
    ($index:literal) => {
        $crate::core::sql::keyed::KeyedIndex {
            name: $index,
            tenant_number: concat!("SELECT n FROM core_search_tenants WHERE tenant = ?1 AND kind = '", $index, "'"),
            count: concat!("SELECT count(*) FROM ", $index, " WHERE ", $index, " MATCH ?1 AND rowid BETWEEN ?2 AND ?3"),
            nth_newest: concat!(
                "SELECT rowid FROM ",
                $index,
                " WHERE ",
                $index,
                " MATCH ?1 AND rowid BETWEEN ?2 AND ?3 ",
                "ORDER BY rowid DESC LIMIT 1 OFFSET ?4"
            ),
            nth_oldest: concat!(
                "SELECT rowid FROM ",
                $index,
                " WHERE ",
                $index,
                " MATCH ?1 AND rowid BETWEEN ?2 AND ?3 ",
                "ORDER BY rowid ASC LIMIT 1 OFFSET ?4"
            ),
            in_range: concat!(
                "c.rowid IN (SELECT rowid & 4294967295 FROM ",
                $index,
                " WHERE ",
                $index,
                " MATCH ? AND rowid BETWEEN ? AND ?)"
            ),
        }
    };
}
pub(crate) use keyed_index;

impl KeyedIndex {
    /// `tenant`'s range of keys; none when it has no contacts (and so no number).
    pub fn keys(&self, tx: &Tx, tenant: &TenantId) -> rusqlite::Result<Option<(i64, i64)>> {
        let n: Option<i64> = tx.prepare_cached(self.tenant_number)?.query_row([tenant.as_str()], |r| r.get(0)).optional()?;
        Ok(n.map(|n| (n << TENANT_SHIFT, (n << TENANT_SHIFT) | ((1 << TENANT_SHIFT) - 1))))
    }

    /// How many keys of `keys` match `phrase`.
    pub fn count_in(&self, tx: &Tx, phrase: &str, (from, to): (i64, i64)) -> rusqlite::Result<i64> {
        super::totals::count(tx, self.count, &[Value::Text(phrase.to_owned()), Value::Integer(from), Value::Integer(to)])
    }

    /// How many of `tenant`'s contacts match `phrase`.
    pub fn count(&self, tx: &Tx, tenant: &TenantId, phrase: &str) -> rusqlite::Result<i64> {
        match self.keys(tx, tenant)? {
            Some(keys) => self.count_in(tx, phrase, keys),
            None => Ok(0),
        }
    }

    /// The keys of `keys` that hold `window` of the matches of `phrase` in the order of the
    /// keys (`dir`): those of the window's last match's day and the days before it in that
    /// order; all of `keys` when fewer match.
    pub fn window(
        &self,
        tx: &Tx,
        phrase: &str,
        (from, to): (i64, i64),
        window: Window,
        dir: SortDir,
    ) -> rusqlite::Result<(i64, i64)> {
        if window.limit <= 0 {
            return Ok((from, to));
        }
        let nth = if dir == SortDir::Desc { self.nth_newest } else { self.nth_oldest };
        let last = window.offset.saturating_add(window.limit) - 1;
        let last: Option<i64> = tx.prepare_cached(nth)?.query_row(params![phrase, from, to, last], |r| r.get(0)).optional()?;
        Ok(match (last, dir) {
            (None, _) => (from, to),
            (Some(last), SortDir::Desc) => (last & !ROWID_MASK, to),
            (Some(last), SortDir::Asc) => (from, last | ROWID_MASK),
        })
    }

    /// `filter` narrowed to the contacts whose keys in `from..=to` match `phrase`.
    pub fn matching(&self, mut filter: Filter, phrase: &str, (from, to): (i64, i64)) -> Filter {
        filter.and(self.in_range, [Value::Text(phrase.to_owned()), Value::Integer(from), Value::Integer(to)]);
        filter
    }
}

/// Merges every full-text index of the database into one segment, after a bulk load. Loaded a
/// contact at a time, an index is left in many segments, and every search reads each of them:
/// LeadConnector's `query` page at 100k contacts answered 700 requests a second so, 1,000 merged
/// (merging took 1.2 s; 13.6 s at 1M).
pub fn merge_all(tx: &Tx) -> rusqlite::Result<()> {
    for name in full_text_indexes(tx)? {
        let index = quoted(&name);
        tx.execute(&format!("INSERT INTO {index} ({index}) VALUES ('optimize')"), [])?;
    }
    Ok(())
}

/// The full-text indexes of the database, by their names in `sqlite_master`.
fn full_text_indexes(tx: &rusqlite::Connection) -> rusqlite::Result<Vec<String>> {
    let names: Vec<String> = tx
        .prepare_cached("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE %USING fts5%'")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(names)
}

/// Pauses every keyed index of the database for a bulk load, until [`resume_all`]: the contacts
/// written meanwhile (their rowids above the largest now) are left out of it by the vendors'
/// triggers, and their keys written at the end in one statement. Written a contact at a time,
/// each statement has FTS5 write out a segment of its own and merge them as they pile up: a
/// seventh of the demo seed's time at start-up. An index already paused stays paused from where
/// it was. A keyed index is an FTS5 table with a `<name>_keys` view (`contact`, `key`,
/// `search_text`) of the key and text of every contact, as its triggers write them.
pub fn pause_all(tx: &rusqlite::Connection) -> rusqlite::Result<()> {
    for name in full_text_indexes(tx)? {
        let has_keys: bool = tx
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'view' AND name = ?1)")?
            .query_row([format!("{name}_keys")], |r| r.get(0))?;
        if has_keys {
            pause(tx, &name)?;
        }
    }
    Ok(())
}

/// Pauses the keyed index `index` (as [`pause_all`] does each), until [`resume`].
pub fn pause(tx: &rusqlite::Connection, index: &str) -> rusqlite::Result<()> {
    let sql = format!(
        "INSERT OR IGNORE INTO core_search_paused (kind, above) SELECT ?1, coalesce(max(contact), 0) FROM {}",
        quoted(&format!("{index}_keys"))
    );
    tx.prepare_cached(&sql)?.execute([index])?;
    Ok(())
}

/// Ends every pause of [`pause_all`]: writes the keys of the contacts written since, in one
/// statement per index.
pub fn resume_all(tx: &rusqlite::Connection) -> rusqlite::Result<()> {
    let paused: Vec<String> = tx
        .prepare_cached("SELECT kind FROM core_search_paused ORDER BY kind")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for name in paused {
        resume(tx, &name)?;
    }
    Ok(())
}

/// Ends the pause of `index`, if any: writes the keys of the contacts written since in one
/// statement.
pub fn resume(tx: &rusqlite::Connection, index: &str) -> rusqlite::Result<()> {
    // The delete is done by the statement's first step, which answers the pause's start.
    let Some(above) = tx
        .prepare_cached("DELETE FROM core_search_paused WHERE kind = ?1 RETURNING above")?
        .query_row([index], |r| r.get::<_, i64>(0))
        .optional()?
    else {
        return Ok(());
    };
    let fill = format!(
        "INSERT INTO {} (rowid, search_text) SELECT key, search_text FROM {} WHERE contact > ?1",
        quoted(index),
        quoted(&format!("{index}_keys"))
    );
    tx.prepare_cached(&fill)?.execute([above])?;
    Ok(())
}

/// The keys `index` holds, read from its terms (a contentless index cannot be scanned).
#[cfg(test)]
pub fn indexed_keys(conn: &rusqlite::Connection, index: &str) -> Vec<i64> {
    conn.execute_batch(&format!(
        "DROP TABLE IF EXISTS temp.indexed_terms; CREATE VIRTUAL TABLE temp.indexed_terms USING fts5vocab(main, {}, 'instance')",
        quoted(index)
    ))
    .unwrap();
    let mut stmt = conn.prepare("SELECT DISTINCT doc FROM temp.indexed_terms ORDER BY doc").unwrap();
    let keys = stmt.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect();
    drop(stmt);
    conn.execute_batch("DROP TABLE temp.indexed_terms").unwrap();
    keys
}

/// The keys `index`'s `_keys` view gives of the contacts whose text has a trigram.
#[cfg(test)]
pub fn expected_keys(conn: &rusqlite::Connection, index: &str) -> Vec<i64> {
    let sql = format!("SELECT key FROM {} WHERE length(search_text) >= 3 ORDER BY key", quoted(&format!("{index}_keys")));
    let mut stmt = conn.prepare(&sql).unwrap();
    stmt.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
}

/// A table of contacts with a keyed index, its triggers written as a vendor's are.
#[cfg(test)]
pub const PAUSABLE: &str = "
    CREATE TABLE IF NOT EXISTS x (tenant_id TEXT NOT NULL, day INTEGER NOT NULL, search_text TEXT NOT NULL);
    CREATE VIRTUAL TABLE IF NOT EXISTS x_search USING fts5(search_text, content = '', columnsize = 0, tokenize = 'trigram');
    CREATE VIEW IF NOT EXISTS x_search_keys (contact, key, search_text) AS SELECT c.rowid, (c.day << 32) | c.rowid, c.search_text FROM x c;
    CREATE TRIGGER IF NOT EXISTS x_insert AFTER INSERT ON x BEGIN
        INSERT INTO x_search (rowid, search_text) SELECT key, search_text FROM x_search_keys
            WHERE contact = new.rowid AND NOT EXISTS (SELECT 1 FROM core_search_paused WHERE kind = 'x_search' AND new.rowid > above);
    END;
    CREATE TRIGGER IF NOT EXISTS x_delete AFTER DELETE ON x BEGIN
        INSERT INTO x_search (x_search, rowid, search_text) SELECT 'delete', (old.day << 32) | old.rowid, old.search_text
            WHERE NOT EXISTS (SELECT 1 FROM core_search_paused WHERE kind = 'x_search' AND old.rowid > above);
    END;
    CREATE TRIGGER IF NOT EXISTS x_update AFTER UPDATE ON x BEGIN
        INSERT INTO x_search (x_search, rowid, search_text) SELECT 'delete', (old.day << 32) | old.rowid, old.search_text
            WHERE NOT EXISTS (SELECT 1 FROM core_search_paused WHERE kind = 'x_search' AND old.rowid > above);
        INSERT INTO x_search (rowid, search_text) SELECT key, search_text FROM x_search_keys
            WHERE contact = new.rowid AND NOT EXISTS (SELECT 1 FROM core_search_paused WHERE kind = 'x_search' AND new.rowid > above);
    END;
    CREATE VIRTUAL TABLE IF NOT EXISTS y_search USING fts5(search_text, content = '', tokenize = 'trigram');";

#[cfg(test)]
mod tests {
    use super::*;

    const INDEX: KeyedIndex = keyed_index!("x_search");

    /// A tenant's keys, and the window's days, on an index of three contacts of tenant 1 on
    /// days 10, 10 and 12.
    #[test]
    fn a_window_reads_the_days_down_to_its_last_match() {
        let mut conn = super::super::plan::schema_db(
            "CREATE VIRTUAL TABLE x_search USING fts5(t, content = '', tokenize = 'trigram');
             INSERT INTO core_search_claims (tenant, kind) VALUES ('a', 'x_search');",
        );
        let key = |day: i64, rowid: i64| (1 << TENANT_SHIFT) | (day << DAY_SHIFT) | rowid;
        for (day, rowid) in [(10, 1), (10, 2), (12, 3)] {
            conn.execute("INSERT INTO x_search (rowid, t) VALUES (?1, 'lee')", [key(day, rowid)]).unwrap();
        }
        let tx = conn.transaction().unwrap();
        let keys = INDEX.keys(&tx, &TenantId::from("a")).unwrap().unwrap();
        assert_eq!(keys, (1 << 48, (2 << 48) - 1));
        assert_eq!(INDEX.keys(&tx, &TenantId::from("b")).unwrap(), None);
        assert_eq!(
            (INDEX.count(&tx, &TenantId::from("a"), "\"lee\"").unwrap(), INDEX.count_in(&tx, "\"kim\"", keys).unwrap()),
            (3, 0)
        );
        let window = |offset, limit, dir| INDEX.window(&tx, "\"lee\"", keys, Window { offset, limit }, dir).unwrap();
        assert_eq!(window(0, 1, SortDir::Desc), (key(12, 0), keys.1));
        assert_eq!(window(0, 2, SortDir::Desc), (key(10, 0), keys.1));
        assert_eq!(window(0, 1, SortDir::Asc), (keys.0, key(10, ROWID_MASK)));
        assert_eq!(window(2, 5, SortDir::Desc), keys, "fewer match than the window holds");
        assert_eq!(window(0, 0, SortDir::Desc), keys);
    }

    #[test]
    fn merging_leaves_each_full_text_index_one_segment_and_every_match() {
        let mut conn = super::super::plan::schema_db(
            "CREATE VIRTUAL TABLE x_search USING fts5(t, content = '', tokenize = 'trigram');
             CREATE VIRTUAL TABLE \"y \"\"search\"\"\" USING fts5(t, content = '', tokenize = 'trigram');",
        );
        for rowid in 1..=12 {
            conn.execute("INSERT INTO x_search (rowid, t) VALUES (?1, 'lee')", [rowid]).unwrap();
            conn.execute("INSERT INTO \"y \"\"search\"\"\" (rowid, t) VALUES (?1, 'kim')", [rowid]).unwrap();
        }
        let segments = |conn: &rusqlite::Connection, index: &str| -> i64 {
            let table = quoted(&format!("{index}_idx"));
            conn.query_row(&format!("SELECT count(DISTINCT segid) FROM {table}"), [], |r| r.get(0)).unwrap()
        };
        assert!(segments(&conn, "x_search") > 1 && segments(&conn, "y \"search\"") > 1);
        let tx = conn.transaction().unwrap();
        merge_all(&tx).unwrap();
        tx.commit().unwrap();
        assert_eq!((segments(&conn, "x_search"), segments(&conn, "y \"search\"")), (1, 1));
        let matches: i64 = conn.query_row("SELECT count(*) FROM x_search WHERE x_search MATCH 'lee'", [], |r| r.get(0)).unwrap();
        assert_eq!(matches, 12);
    }

    #[test]
    fn a_tenant_claims_the_smallest_free_number_of_an_index_and_no_more_than_its_keys_hold() {
        let conn = super::super::plan::schema_db("");
        let claim = |tenant: &str, kind: &str| {
            conn.execute("INSERT INTO core_search_claims (tenant, kind) VALUES (?1, ?2)", [tenant, kind]).map(|_| ())
        };
        let numbers = || -> Vec<(String, String, i64)> {
            let mut stmt = conn.prepare("SELECT tenant, kind, n FROM core_search_tenants ORDER BY kind, n").unwrap();
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().map(Result::unwrap).collect()
        };
        for (tenant, kind) in [("a", "x"), ("b", "x"), ("a", "x"), ("a", "y")] {
            claim(tenant, kind).unwrap();
        }
        let owned =
            |list: &[(&str, &str, i64)]| list.iter().map(|(t, k, n)| (t.to_string(), k.to_string(), *n)).collect::<Vec<_>>();
        assert_eq!(numbers(), owned(&[("a", "x", 1), ("b", "x", 2), ("a", "y", 1)]));
        conn.execute_batch("DELETE FROM core_search_tenants WHERE tenant = 'a' AND kind = 'x'").unwrap();
        claim("c", "x").unwrap();
        assert_eq!(numbers(), owned(&[("c", "x", 1), ("b", "x", 2), ("a", "y", 1)]));
        conn.execute_batch(
            "WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < 32767)
             INSERT INTO core_search_tenants (tenant, kind, n) SELECT 't' || n, 'z', n FROM k",
        )
        .unwrap();
        let refused = claim("u", "z").unwrap_err().to_string();
        assert!(refused.contains("too many tenants for the search index keys"), "{refused}");
        claim("t5", "z").unwrap();
    }

    /// While paused, the contacts written since are not in the index and those before it follow
    /// every write; at its end the index holds exactly the keys of the contacts. A second pause keeps the first one's start; an index without a `_keys` view is
    /// left alone.
    #[test]
    fn a_paused_index_leaves_out_the_contacts_written_since_and_holds_every_key_at_its_end() {
        let mut conn = super::super::plan::schema_db(PAUSABLE);
        let tx = conn.transaction().unwrap();
        let matches = |term: &str| -> Vec<i64> {
            let mut stmt = tx.prepare("SELECT rowid & 4294967295 FROM x_search WHERE x_search MATCH ?1 ORDER BY 1").unwrap();
            stmt.query_map([format!("\"{term}\"")], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
        };
        let write = |sql: &str| tx.execute_batch(sql).unwrap();
        write(
            "INSERT INTO x (rowid, tenant_id, day, search_text) VALUES (1, 'a', 10, 'ann lee'), (2, 'a', 11, 'bob lee'), (3, 'a', 12, 'cy lee')",
        );
        pause_all(&tx).unwrap();
        pause_all(&tx).unwrap();
        let paused: Vec<(String, i64)> = tx
            .prepare("SELECT kind, above FROM core_search_paused")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(paused, [("x_search".to_owned(), 3)]);
        write(
            "INSERT INTO x (rowid, tenant_id, day, search_text) VALUES (4, 'a', 13, 'ann kim'), (5, 'b', 13, 'ann roe'), (6, 'b', 14, 'dee lee')",
        );
        write(
            "UPDATE x SET search_text = 'ann ray' WHERE rowid = 2; UPDATE x SET day = 20, search_text = 'eve lee' WHERE rowid = 5",
        );
        write("DELETE FROM x WHERE rowid IN (3, 6)");
        assert_eq!((matches("ann"), matches("lee")), (vec![1, 2], vec![1]), "paused: the contacts before the pause only");
        resume_all(&tx).unwrap();
        assert_eq!((matches("ann"), matches("lee"), matches("kim")), (vec![1, 2, 4], vec![1, 5], vec![4]));
        assert_eq!(indexed_keys(&tx, "x_search"), expected_keys(&tx, "x_search"));
        assert_eq!(tx.query_row("SELECT count(*) FROM core_search_paused", [], |r| r.get::<_, i64>(0)).unwrap(), 0);
        tx.execute("INSERT INTO x_search (x_search, rank) VALUES ('integrity-check', 1)", []).unwrap();
        write("INSERT INTO x (rowid, tenant_id, day, search_text) VALUES (7, 'a', 15, 'ann ash')");
        assert_eq!(matches("ann"), [1, 2, 4, 7], "resumed: written at once again");
    }

    /// A `generate --db` that stopped before its end leaves its indexes paused in the file: the
    /// next opening writes the keys they miss.
    #[test]
    fn a_load_that_stopped_while_paused_catches_up_when_the_file_is_next_opened() {
        use crate::core::{CoreError, Db};
        let dir = std::env::temp_dir().join(format!("crm-mock-paused-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir(&dir).unwrap();
        let path = dir.join("db.sqlite");
        let schemas = [crate::core::SCHEMA, PAUSABLE];
        let db = Db::open(Some(&path), &schemas).unwrap().db;
        db.write_blocking(|tx| -> Result<(), CoreError> {
            tx.execute_batch("INSERT INTO x (tenant_id, day, search_text) VALUES ('a', 1, 'ann lee')")?;
            pause_all(tx)?;
            Ok(tx.execute_batch("INSERT INTO x (tenant_id, day, search_text) VALUES ('a', 2, 'ann kim')")?)
        })
        .unwrap();
        drop(db);
        let db = Db::open(Some(&path), &schemas).unwrap().db;
        let (found, paused) = db
            .read_blocking(|tx| -> Result<(Vec<i64>, i64), CoreError> {
                let mut stmt = tx.prepare("SELECT rowid & 4294967295 FROM x_search WHERE x_search MATCH '\"ann\"' ORDER BY 1")?;
                let found = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
                Ok((found, tx.query_row("SELECT count(*) FROM core_search_paused", [], |r| r.get(0))?))
            })
            .unwrap();
        assert_eq!((found, paused), (vec![1, 2], 0));
        drop(db);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

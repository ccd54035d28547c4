//! The query planner's statistics, fixed: `sqlite_stat1` rows for every index of every
//! tenant-scoped table, written when the schemas are applied (and by `generate --db` after it
//! rebuilds its indexes), so every query is planned as if each tenant were large, whatever the
//! database holds now.
//!
//! Without statistics SQLite takes `tenant_id = ?` for as selective as any key: a find of
//! several keys (`IN`, `OR`) then walks the whole tenant in an index's order instead of
//! searching each key and sorting the few matches. Statistics measured by `ANALYZE` would
//! describe whatever rows happen to be there (a fresh tenant of ten contacts) and change with
//! them; the server never runs `ANALYZE` or `PRAGMA optimize`, so these stay as written.
//!
//! What they say, for each index of a table with a tenant column (`tenant_id`, or `tenant` in a
//! table derived by triggers): a tenant holds [`TENANT_ROWS`] rows of it, the table
//! [`TENANTS`] times as many; each further column narrows the matches to [`FEW`]; the last
//! column of a unique index to one. A column other than the tenant's leading an index narrows
//! to a few as well. A vendor's schema corrects what does not hold for its tables in
//! `core_planner_columns` (one user's contacts are all of a tenant's, say).

use rusqlite::{Connection, OptionalExtension};

/// The rows a tenant holds in each table.
pub const TENANT_ROWS: i64 = 1_000_000;

/// The tenants a table holds rows of.
pub const TENANTS: i64 = 10;

/// The rows an equality on an index's column after the tenant's leaves.
pub const FEW: i64 = 2;

/// The tables that hold rows of many tenants: those with a tenant column, but not snapshots.
const TABLES: &str = "SELECT m.name, (SELECT c.name FROM pragma_table_info(m.name) c WHERE c.name IN ('tenant_id', 'tenant') ORDER BY c.name DESC LIMIT 1)
     FROM sqlite_master m
     WHERE m.type = 'table' AND m.name NOT LIKE 'snap\\_%' ESCAPE '\\' AND m.name <> 'core_snapshots'
       AND EXISTS (SELECT 1 FROM pragma_table_info(m.name) c WHERE c.name IN ('tenant_id', 'tenant'))
     ORDER BY m.name";

/// Replaces `sqlite_stat1` with the statistics of every tenant-scoped table's indexes, and has
/// this connection plan with them. Connections that read the schema afterwards load them too.
pub fn write(conn: &Connection) -> rusqlite::Result<()> {
    // Whole or not at all, within a caller's transaction or without one.
    conn.execute_batch("SAVEPOINT statistics")?;
    match replace(conn) {
        Ok(()) => conn.execute_batch("RELEASE statistics"),
        Err(e) => {
            conn.execute_batch("ROLLBACK TO statistics; RELEASE statistics")?;
            Err(e)
        }
    }
}

fn replace(conn: &Connection) -> rusqlite::Result<()> {
    // Creates sqlite_stat1 when it is missing (no statement may create it by name).
    conn.execute_batch("ANALYZE sqlite_schema")?;
    conn.execute("DELETE FROM sqlite_stat1", [])?;
    let tables: Vec<(String, String)> =
        conn.prepare(TABLES)?.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
    let mut indexes = conn.prepare("SELECT name, \"unique\" FROM pragma_index_list(?1) ORDER BY name")?;
    let mut columns = conn.prepare("SELECT name FROM pragma_index_info(?1) ORDER BY seqno")?;
    // The most specific pattern naming the table wins.
    let mut declared =
        conn.prepare("SELECT rows FROM core_planner_columns WHERE ?1 GLOB tbl AND col = ?2 ORDER BY length(tbl) DESC LIMIT 1")?;
    let mut insert = conn.prepare("INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (?1, ?2, ?3)")?;
    for (table, tenant) in &tables {
        let mut rows_of = |column: &str| -> rusqlite::Result<Option<Option<i64>>> {
            declared.query_row((table, column), |r| r.get(0)).optional()
        };
        let tenant_rows = rows_of(tenant)?.flatten().unwrap_or(TENANT_ROWS);
        let found: Vec<(String, bool)> =
            indexes.query_map([table], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
        for (index, unique) in found {
            // An expression's column has no name.
            let names: Vec<Option<String>> = columns.query_map([&index], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
            let mut stat = vec![tenant_rows * TENANTS];
            for (i, name) in names.iter().enumerate() {
                let before = *stat.last().unwrap_or(&tenant_rows);
                let rows = if unique && i + 1 == names.len() {
                    1
                } else if i == 0 && name.as_deref() == Some(tenant.as_str()) {
                    tenant_rows
                } else {
                    match name.as_deref().map(&mut rows_of).transpose()?.flatten() {
                        Some(Some(rows)) => rows.min(before),
                        Some(None) => tenant_rows.min(before),
                        None => FEW.min(before),
                    }
                };
                stat.push(rows);
            }
            let stat: Vec<String> = stat.iter().map(i64::to_string).collect();
            insert.execute((table, &index, stat.join(" ")))?;
        }
    }
    // Loads what was written into this connection's planner.
    conn.execute_batch("ANALYZE sqlite_schema")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn db() -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(include_str!("schema.sql")).unwrap();
        conn.execute_batch(
            "CREATE TABLE p (tenant_id TEXT, id INTEGER, name TEXT, owner INTEGER, born TEXT, PRIMARY KEY (tenant_id, id));
             CREATE INDEX p_name_born ON p (tenant_id, name, born);
             CREATE INDEX p_owner ON p (tenant_id, owner, id);
             CREATE INDEX p_born ON p (born);
             CREATE TABLE p_tags (tenant TEXT, tag TEXT, id INTEGER, PRIMARY KEY (tenant, tag, id)) WITHOUT ROWID;
             CREATE TABLE q (tenant_id TEXT, id INTEGER, name TEXT, PRIMARY KEY (tenant_id, id));
             CREATE INDEX q_name ON q (tenant_id, name);
             CREATE TABLE keys (name TEXT PRIMARY KEY, value TEXT);
             CREATE TABLE snap_1_p (tenant_id TEXT, id INTEGER);
             CREATE INDEX snap_1_p_id ON snap_1_p (tenant_id, id);
             INSERT INTO core_planner_columns VALUES ('p*', 'owner', NULL), ('p_tags', 'tag', 1000), ('q', 'tenant_id', 100);",
        )
        .unwrap();
        conn
    }

    fn rows(conn: &Connection) -> Vec<(String, String, String)> {
        conn.prepare("SELECT tbl, idx, stat FROM sqlite_stat1 WHERE tbl NOT LIKE 'core\\_%' ESCAPE '\\' ORDER BY tbl, idx")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    }

    fn row(tbl: &str, idx: &str, stat: &str) -> (String, String, String) {
        (tbl.to_owned(), idx.to_owned(), stat.to_owned())
    }

    #[test]
    fn every_index_of_a_tenant_scoped_table_has_a_tenant_of_many_rows_and_a_few_per_further_key() {
        let conn = db();
        write(&conn).unwrap();
        let expected = [
            row("p", "p_born", "10000000 2"),
            row("p", "p_name_born", "10000000 1000000 2 2"),
            row("p", "p_owner", "10000000 1000000 1000000 2"),
            row("p", "sqlite_autoindex_p_1", "10000000 1000000 1"),
            row("p_tags", "sqlite_autoindex_p_tags_1", "10000000 1000000 1000 1"),
            row("q", "q_name", "1000 100 2"),
            row("q", "sqlite_autoindex_q_1", "1000 100 1"),
        ];
        assert_eq!(rows(&conn), expected);
        // Written again (a restart, a rebuilt index), they replace what was there.
        conn.execute_batch("DROP INDEX p_born; INSERT INTO sqlite_stat1 VALUES ('keys', NULL, '5')").unwrap();
        write(&conn).unwrap();
        assert_eq!(rows(&conn), [&expected[1..]].concat());
    }

    #[test]
    fn the_planner_uses_them_on_the_writing_connection_and_on_one_opened_after() {
        // Without statistics, two names are found by walking the tenant in id order.
        let sql = "SELECT id FROM p WHERE tenant_id = ?1 AND name IN (?2, ?3) ORDER BY id";
        let plan = |conn: &Connection| {
            crate::core::sql::Plan::of(conn, sql, &vec![rusqlite::types::Value::Null; 3]).unwrap().steps().join("; ")
        };
        let dir = std::env::temp_dir().join(format!("crm-mock-stat-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir(&dir).unwrap();
        let path = dir.join("db.sqlite");
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(include_str!("schema.sql")).unwrap();
        conn.execute_batch(
            "CREATE TABLE p (tenant_id TEXT, id INTEGER, name TEXT, PRIMARY KEY (tenant_id, id));
             CREATE INDEX p_name ON p (tenant_id, name);",
        )
        .unwrap();
        assert_eq!(plan(&conn), "SEARCH p USING INDEX sqlite_autoindex_p_1 (tenant_id=?)");
        write(&conn).unwrap();
        let searched = "SEARCH p USING INDEX p_name (tenant_id=? AND name=?); USE TEMP B-TREE FOR ORDER BY";
        assert_eq!(plan(&conn), searched);
        assert_eq!(plan(&Connection::open(&path).unwrap()), searched);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// What the server's database holds in sqlite_stat1, read on a pooled connection.
    fn stat1(db: &crate::core::Db) -> Vec<(String, String, String)> {
        db.read_blocking(|tx| -> Result<_, crate::core::CoreError> {
            let mut stmt = tx.prepare("SELECT tbl, idx, stat FROM sqlite_stat1 ORDER BY tbl, idx")?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<rusqlite::Result<_>>()?;
            Ok(rows)
        })
        .unwrap()
    }

    #[test]
    fn a_db_file_keeps_them_through_snapshots_clears_and_a_restart_and_every_pooled_connection_plans_with_them() {
        use crate::core::seed::{DemoTenant, Seeds};
        use crate::core::{Core, Db, TenantId, snapshot};

        const SCHEMA: &str = "CREATE TABLE IF NOT EXISTS p (tenant_id TEXT, id INTEGER, name TEXT, PRIMARY KEY (tenant_id, id));
                              CREATE INDEX IF NOT EXISTS p_name ON p (tenant_id, name);";
        let dir = std::env::temp_dir().join(format!("crm-mock-stat-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir(&dir).unwrap();
        let path = dir.join("db.sqlite");
        let schemas = [crate::core::SCHEMA, SCHEMA];
        let db = Db::open(Some(&path), &schemas).unwrap().db;
        let written = stat1(&db);
        assert!(written.contains(&row("p", "p_name", "10000000 1000000 2")), "{written:?}");
        let sql = "SELECT id FROM p WHERE tenant_id = ? AND name IN (?, ?) ORDER BY id";
        let plans = |db: &Db| -> Vec<String> {
            // More reads at once than the pool keeps idle, so that several connections plan.
            let db = db.clone();
            std::thread::scope(|s| {
                let reads: Vec<_> = (0..4)
                    .map(|_| {
                        let db = db.clone();
                        s.spawn(move || {
                            db.read_blocking(|tx| -> Result<_, crate::core::CoreError> {
                                let values = vec![rusqlite::types::Value::Null; 3];
                                Ok(crate::core::sql::Plan::of(tx, sql, &values)?.steps().join("; "))
                            })
                            .unwrap()
                        })
                    })
                    .collect();
                reads.into_iter().map(|r| r.join().unwrap()).collect()
            })
        };
        let searched = "SEARCH p USING INDEX p_name (tenant_id=? AND name=?); USE TEMP B-TREE FOR ORDER BY";
        assert_eq!(plans(&db), [searched; 4]);

        let seeds =
            Seeds { demo: DemoTenant { id: "demo".into(), credentials: Default::default() }, vendors: Default::default() };
        let core = Core::new(db, seeds, Vec::new(), 0, false).unwrap();
        let t = TenantId::from("t");
        core.db
            .write_blocking(|tx| -> Result<(), crate::core::CoreError> {
                tx.execute_batch("INSERT INTO p VALUES ('t', 1, 'Lee'), ('t', 2, 'Kim'), ('u', 1, 'Lee')")?;
                snapshot::save(&core, tx, "all", None, "2026-01-01T00:00:00.000Z")?;
                snapshot::save(&core, tx, "t", Some(&t), "2026-01-01T00:00:00.000Z")?;
                core.delete_tenant(tx, &t)?;
                snapshot::restore(&core, tx, "t")?;
                snapshot::restore(&core, tx, "all")?;
                Ok(())
            })
            .unwrap();
        assert_eq!(stat1(&core.db), written);
        assert_eq!(plans(&core.db), [searched; 4]);
        drop(core);

        let reopened = Db::open(Some(&path), &schemas).unwrap();
        assert!(!reopened.fresh);
        assert_eq!(stat1(&reopened.db), written);
        assert_eq!(plans(&reopened.db), [searched; 4]);
        drop(reopened);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

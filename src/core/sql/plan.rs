//! What SQLite will do with a query: `EXPLAIN QUERY PLAN` read into steps, and the questions the
//! index tests ask of it — does a step read every row of a table (or every row of one tenant),
//! does a count read table rows at all, does a page sort its matches in a temporary b-tree.
//!
//! Every list, search and count a vendor runs has a test of this kind next to its query module,
//! on the SQL the module builds and with the vendor's own schema, so an index that a query stops
//! using (or never had) fails a test instead of a benchmark.
//!
//! ```ignore
//! let plan = Plan::of(&conn, &TABLE.count_sql(&filter), filter.params())?;
//! assert!(plan.full_scans("c").is_empty(), "{plan}");
//! assert!(plan.covered("c"), "{plan}");
//! ```

use std::fmt;

use rusqlite::Connection;
use rusqlite::types::Value;

/// The steps of one statement's plan, as SQLite words them (`SEARCH c USING INDEX ...`).
#[derive(Debug, Clone)]
pub struct Plan {
    steps: Vec<String>,
}

impl Plan {
    /// The plan of `sql` with `params` bound (with the planner's stability guarantee, the plan
    /// does not depend on the values, but binding them keeps the statement valid).
    pub fn of(conn: &Connection, sql: &str, params: &[Value]) -> rusqlite::Result<Plan> {
        let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
        let steps = stmt
            .query_map(rusqlite::params_from_iter(params), |r| r.get::<_, String>(3))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(Plan { steps })
    }

    pub fn steps(&self) -> &[String] {
        &self.steps
    }

    /// The steps over `table` (a name or alias) that read all of it, or all of one tenant's
    /// rows of it: a `SCAN` (of the table, or of a whole index), or a `SEARCH` whose only
    /// constraint is the tenant column.
    pub fn full_scans<'a>(&'a self, table: &'a str) -> Vec<&'a str> {
        self.on(table)
            .filter(|(verb, rest, _)| *verb == "SCAN" || (*verb == "SEARCH" && rest.ends_with("(tenant_id=?)")))
            .map(|(_, _, step)| step)
            .collect()
    }

    /// Whether every step over `table` is answered from an index alone (a covering index, or
    /// a virtual table's index), reading no row of the table itself.
    pub fn covered(&self, table: &str) -> bool {
        let mut steps = self.on(table).peekable();
        steps.peek().is_some() && steps.all(|(_, rest, _)| rest.contains("COVERING INDEX") || rest.contains("VIRTUAL TABLE"))
    }

    /// Whether any step reads `table` (a name or alias).
    pub fn reads(&self, table: &str) -> bool {
        self.on(table).next().is_some()
    }

    /// Whether the matches are sorted in a temporary b-tree instead of read in an index's order:
    /// wholly (`FOR ORDER BY`), or the terms after those an index gives (`FOR RIGHT PART OF ORDER
    /// BY`, `FOR LAST TERM OF ORDER BY`: the rows of each run of equal leading terms are sorted).
    pub fn sorts(&self) -> bool {
        self.steps.iter().any(|s| s.contains("TEMP B-TREE FOR") && s.ends_with("ORDER BY"))
    }

    /// `(verb, rest, step)` of each `SCAN`/`SEARCH` step over `table`; `rest` is the step from
    /// its table name on (`c USING INDEX x (tenant_id=?)`).
    fn on<'a>(&'a self, table: &'a str) -> impl Iterator<Item = (&'a str, &'a str, &'a str)> + 'a {
        self.steps.iter().filter_map(move |step| {
            let (verb, rest) = step.split_once(' ')?;
            if !matches!(verb, "SCAN" | "SEARCH") {
                return None;
            }
            let name = rest.split(' ').next()?;
            (name == table).then_some((verb, rest, step.as_str()))
        })
    }
}

/// An in-memory database with the core tables, a vendor's `schema` and the planner's statistics,
/// on a connection set up as the server's are, for the plan tests.
#[cfg(test)]
pub fn schema_db(schema: &str) -> Connection {
    let conn = Connection::open_in_memory().unwrap();
    crate::core::db::configure(&conn).unwrap();
    conn.execute_batch(include_str!("../schema.sql")).unwrap();
    conn.execute_batch(schema).unwrap();
    crate::core::statistics::write(&conn).unwrap();
    conn
}

/// What tenant-wide writes do to `table` (whose name is the caller's literal): tenant `clear`'s
/// rows deleted (a reset), and tenant `restore`'s copied out, deleted and copied back in (a
/// snapshot restore), for the tests that tables derived by triggers stay in step.
#[cfg(test)]
pub fn clear_and_restore(conn: &Connection, table: &str, clear: &str, restore: &str) {
    conn.execute(&format!("DELETE FROM {table} WHERE tenant_id = ?1"), [clear]).expect("a clear");
    conn.execute(&format!("CREATE TEMP TABLE saved AS SELECT * FROM {table} WHERE tenant_id = ?1"), [restore]).expect("a copy");
    conn.execute(&format!("DELETE FROM {table} WHERE tenant_id = ?1"), [restore]).expect("a delete");
    conn.execute(&format!("INSERT INTO {table} SELECT * FROM saved"), []).expect("a restore");
    conn.execute("DROP TABLE saved", []).expect("a drop");
}

impl fmt::Display for Plan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for step in &self.steps {
            writeln!(f, "  {step}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn db() -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE p (tenant_id TEXT, id INTEGER, name TEXT COLLATE NOCASE, born TEXT, city TEXT,
                             PRIMARY KEY (tenant_id, id)) WITHOUT ROWID;
             CREATE INDEX p_name_born ON p (tenant_id, name, born);",
        )
        .unwrap();
        conn
    }

    fn plan(conn: &Connection, sql: &str, n: usize) -> Plan {
        Plan::of(conn, sql, &vec![Value::Text("x".into()); n]).unwrap()
    }

    #[test]
    fn a_search_on_an_index_prefix_is_not_a_full_scan_and_a_tenant_only_search_is() {
        let conn = db();
        let by_name = plan(&conn, "SELECT * FROM p c WHERE c.tenant_id = ? AND c.name = ? ORDER BY c.born DESC", 2);
        assert!(by_name.full_scans("c").is_empty(), "{by_name}");
        assert!(!by_name.sorts(), "{by_name}");
        assert!(!by_name.covered("c"), "{by_name}");
        let by_city = plan(&conn, "SELECT * FROM p c WHERE c.tenant_id = ? AND c.city = ? ORDER BY c.born", 2);
        assert_eq!(by_city.full_scans("c"), ["SEARCH c USING PRIMARY KEY (tenant_id=?)"], "{by_city}");
        assert!(by_city.sorts(), "{by_city}");
        let anything = plan(&conn, "SELECT * FROM p WHERE city = ?", 1);
        assert_eq!(anything.full_scans("p"), ["SCAN p"], "{anything}");
        assert!(anything.full_scans("c").is_empty() && !anything.reads("c"));
    }

    #[test]
    fn a_count_over_index_columns_reads_no_row() {
        let conn = db();
        let count = plan(&conn, "SELECT count(*) FROM p c WHERE c.tenant_id = ? AND c.name = ? AND c.born > ?", 3);
        assert!(count.covered("c") && count.full_scans("c").is_empty(), "{count}");
        let uncovered = plan(&conn, "SELECT count(*) FROM p c WHERE c.tenant_id = ? AND c.name = ? AND c.city = ?", 3);
        assert!(!uncovered.covered("c"), "{uncovered}");
    }
}

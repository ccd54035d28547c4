//! Snapshots: a named copy of every tenant-scoped table (all tenants, or one), kept inside the
//! database itself (tables `snap_<id>_<table>`), so they survive restarts with `--db`. Restoring
//! replaces the current rows in one transaction.

use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use crate::core::Tx;

use super::state::Core;
use super::tenant::TenantId;

/// A snapshot's catalogue entry.
#[derive(Debug, Clone, Serialize)]
pub struct Snapshot {
    pub name: String,
    pub tenant: Option<String>,
    pub created_at: String,
    pub rows: i64,
}

/// Tables a snapshot copies: the tenant-scoped ones, plus the tenant rows themselves.
fn tables(core: &Core) -> impl Iterator<Item = (&str, &'static str)> {
    core.scoped_tables.iter().map(|t| (t.as_str(), "tenant_id")).chain(std::iter::once(("core_tenants", "id")))
}

/// Saves (or replaces) snapshot `name` of every tenant, or of `tenant` only.
pub fn save(core: &Core, tx: &Tx, name: &str, tenant: Option<&TenantId>, created_at: &str) -> rusqlite::Result<Snapshot> {
    drop_named(tx, name)?;
    tx.execute(
        "INSERT INTO core_snapshots (name, tenant_id, created_at, tables) VALUES (?1, ?2, ?3, '')",
        params![name, tenant, created_at],
    )?;
    let id = tx.last_insert_rowid();
    let mut rows = 0;
    let mut copied = Vec::new();
    for (table, key) in tables(core) {
        // Table and key names come from sqlite_master and this file; `id` is an integer.
        let target = format!("snap_{id}_{table}");
        match tenant {
            Some(t) => tx.execute(&format!("CREATE TABLE \"{target}\" AS SELECT * FROM \"{table}\" WHERE {key} = ?1"), [t])?,
            None => tx.execute(&format!("CREATE TABLE \"{target}\" AS SELECT * FROM \"{table}\""), [])?,
        };
        rows += tx.query_row(&format!("SELECT count(*) FROM \"{target}\""), [], |r| r.get::<_, i64>(0))?;
        copied.push(table.to_owned());
    }
    tx.execute("UPDATE core_snapshots SET tables = ?1 WHERE id = ?2", params![copied.join(","), id])?;
    Ok(Snapshot { name: name.to_owned(), tenant: tenant.map(|t| t.to_string()), created_at: created_at.to_owned(), rows })
}

/// Restores snapshot `name`; `None` when there is no such snapshot.
pub fn restore(core: &Core, tx: &Tx, name: &str) -> rusqlite::Result<Option<Snapshot>> {
    let Some((id, tenant, created_at, saved)) = find(tx, name)? else {
        return Ok(None);
    };
    let saved: Vec<&str> = saved.split(',').collect();
    let mut rows = 0;
    for (table, key) in tables(core) {
        match &tenant {
            Some(t) => tx.execute(&format!("DELETE FROM \"{table}\" WHERE {key} = ?1"), [t])?,
            None => tx.execute(&format!("DELETE FROM \"{table}\""), [])?,
        };
        if saved.contains(&table) {
            rows += tx.execute(&format!("INSERT INTO \"{table}\" SELECT * FROM \"snap_{id}_{table}\""), [])? as i64;
        }
    }
    Ok(Some(Snapshot { name: name.to_owned(), tenant, created_at, rows }))
}

/// The catalogue, oldest first, each with the number of rows it holds.
pub fn list(tx: &Tx) -> rusqlite::Result<Vec<Snapshot>> {
    let mut stmt = tx.prepare("SELECT id, name, tenant_id, created_at, tables FROM core_snapshots ORDER BY id")?;
    let found = stmt
        .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get::<_, String>(4)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut out = Vec::with_capacity(found.len());
    for (id, name, tenant, created_at, saved) in found {
        let mut rows = 0;
        for table in saved.split(',').filter(|t| is_table_name(t)) {
            // `id` is an integer and `table` a checked name from the catalogue.
            rows += tx.query_row(&format!("SELECT count(*) FROM \"snap_{id}_{table}\""), [], |r| r.get::<_, i64>(0))?;
        }
        out.push(Snapshot { name, tenant, created_at, rows });
    }
    Ok(out)
}

fn is_table_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// Deletes snapshot `name`; false when there was none.
pub fn delete(tx: &Tx, name: &str) -> rusqlite::Result<bool> {
    drop_named(tx, name)
}

type Found = (i64, Option<String>, String, String);

fn find(tx: &Tx, name: &str) -> rusqlite::Result<Option<Found>> {
    tx.query_row("SELECT id, tenant_id, created_at, tables FROM core_snapshots WHERE name = ?1", [name], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
    })
    .optional()
}

fn drop_named(tx: &Tx, name: &str) -> rusqlite::Result<bool> {
    let Some((id, _, _, saved)) = find(tx, name)? else {
        return Ok(false);
    };
    for table in saved.split(',').filter(|t| is_table_name(t)) {
        tx.execute(&format!("DROP TABLE IF EXISTS \"snap_{id}_{table}\""), [])?;
    }
    tx.execute("DELETE FROM core_snapshots WHERE id = ?1", [id])?;
    Ok(true)
}

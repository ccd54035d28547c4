//! Tenants: one account at every vendor. Each credential maps to exactly one tenant, and every
//! vendor table leads with `tenant_id`, so nothing of one tenant is visible through another.

use std::fmt;
use std::sync::Arc;

use rusqlite::types::{ToSql, ToSqlOutput};
use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::core::Tx;

/// The id of a tenant. Cheap to clone.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TenantId(Arc<str>);

impl TenantId {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A fresh random id (`t_` and 16 hex digits).
    pub fn generate() -> TenantId {
        TenantId::from(format!("t_{}", super::ids::random_hex(16)).as_str())
    }
}

impl From<&str> for TenantId {
    fn from(id: &str) -> Self {
        TenantId(Arc::from(id))
    }
}

impl fmt::Display for TenantId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for TenantId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl ToSql for TenantId {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.as_str()))
    }
}

/// Which seed a tenant starts from (and returns to on reset).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum SeedKind {
    /// Only what a new account at the vendor has (default fields, statuses, ...).
    #[default]
    Empty,
    /// The demo records from `seed-data/`.
    Demo,
}

impl SeedKind {
    fn as_str(self) -> &'static str {
        match self {
            SeedKind::Empty => "empty",
            SeedKind::Demo => "demo",
        }
    }

    fn parse(text: &str) -> SeedKind {
        if text == "demo" { SeedKind::Demo } else { SeedKind::Empty }
    }
}

/// A tenant as stored: its seed and the credentials minted for it, per vendor.
#[derive(Clone, Debug, Serialize)]
pub struct TenantRecord {
    pub id: TenantId,
    pub seed: SeedKind,
    pub credentials: Value,
    pub created_at: String,
}

pub fn insert(tx: &Tx, record: &TenantRecord) -> rusqlite::Result<()> {
    tx.prepare_cached("INSERT INTO core_tenants (id, seed, credentials, created_at) VALUES (?1, ?2, ?3, ?4)")?
        .execute(params![record.id, record.seed.as_str(), record.credentials.to_string(), record.created_at])?;
    Ok(())
}

pub fn find(tx: &Tx, id: &str) -> rusqlite::Result<Option<TenantRecord>> {
    tx.prepare_cached("SELECT id, seed, credentials, created_at FROM core_tenants WHERE id = ?1")?
        .query_row([id], read_record)
        .optional()
}

pub fn list(tx: &Tx) -> rusqlite::Result<Vec<TenantRecord>> {
    tx.prepare_cached("SELECT id, seed, credentials, created_at FROM core_tenants ORDER BY created_at, id")?
        .query_map([], read_record)?
        .collect()
}

pub fn remove(tx: &Tx, id: &TenantId) -> rusqlite::Result<bool> {
    Ok(tx.prepare_cached("DELETE FROM core_tenants WHERE id = ?1")?.execute([id])? > 0)
}

fn read_record(row: &rusqlite::Row<'_>) -> rusqlite::Result<TenantRecord> {
    let id: String = row.get(0)?;
    let seed: String = row.get(1)?;
    let credentials: String = row.get(2)?;
    Ok(TenantRecord {
        id: TenantId::from(id.as_str()),
        seed: SeedKind::parse(&seed),
        credentials: serde_json::from_str(&credentials).unwrap_or(Value::Null),
        created_at: row.get(3)?,
    })
}

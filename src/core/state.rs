//! `Core`: the state every vendor and the admin API share (database, clock, journal, faults,
//! seeds, the vendor list), and the tenant lifecycle built on the `Vendor` trait: create, install
//! seeds and settings, reset (one tenant, every tenant, or back to the factory state), delete.
//! Tenant-wide operations work on every table that has a `tenant_id` column, so a vendor never
//! writes its own reset or delete.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

use tokio::sync::Notify;

use crate::core::Tx;

use super::arrange::{self, ArrangeError, Arranging};
use super::clock::{Clock, to_rfc3339_millis};
use super::credentials::CredentialCache;
use super::db::Db;
use super::error::CoreError;
use super::faults::Faults;
use super::journal::Journal;
use super::rate::RateLimits;
use super::seed::Seeds;
use super::tenant::{self, SeedKind, TenantId, TenantRecord};
use super::vendor::Vendor;

/// Shared state, reached through `web::Data<Core>`.
pub struct Core {
    pub db: Db,
    pub clock: Clock,
    pub journal: Journal,
    pub faults: Faults,
    /// Rate-limit counts (`--rate-limits`); see `core::rate`.
    pub rate: RateLimits,
    /// Resolved credentials; see `core::credentials`.
    pub credentials: CredentialCache,
    pub seeds: Seeds,
    pub vendors: Vec<Arc<dyn Vendor>>,
    /// Every table with a `tenant_id` column (vendor tables and id sequences).
    pub(crate) scoped_tables: Vec<String>,
    /// Wakes the background jobs (`core::background`).
    jobs_wake: Notify,
    /// `--admin-token`: what the admin API's `Authorization: Bearer` must carry.
    pub admin_token: Option<String>,
}

/// A failure to install a tenant's seed: which file, then which record and field.
#[derive(thiserror::Error, Debug)]
pub enum InstallError {
    #[error("{file}: {source}")]
    Seed { file: String, source: ArrangeError },
    #[error("{vendor}: {source}")]
    Defaults { vendor: &'static str, source: ArrangeError },
    #[error(transparent)]
    Core(#[from] CoreError),
}

impl From<rusqlite::Error> for InstallError {
    fn from(e: rusqlite::Error) -> Self {
        InstallError::Core(e.into())
    }
}

impl Core {
    pub fn new(
        db: Db,
        seeds: Seeds,
        vendors: Vec<Arc<dyn Vendor>>,
        journal_size: usize,
        rate_limits: bool,
    ) -> Result<Core, CoreError> {
        let scoped_tables = db.read_blocking(|tx| -> Result<Vec<String>, CoreError> {
            let mut stmt = tx.prepare(
                "SELECT m.name FROM sqlite_master m
                 WHERE m.type = 'table' AND m.name NOT LIKE 'snap\\_%' ESCAPE '\\' AND m.name <> 'core_snapshots'
                   AND EXISTS (SELECT 1 FROM pragma_table_info(m.name) WHERE name = 'tenant_id')
                 ORDER BY m.name",
            )?;
            let names = stmt.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
            Ok(names)
        })?;
        Ok(Core {
            db,
            clock: Clock::default(),
            journal: Journal::new(journal_size),
            faults: Faults::default(),
            rate: RateLimits::new(rate_limits),
            credentials: CredentialCache::default(),
            seeds,
            vendors,
            scoped_tables,
            jobs_wake: Notify::new(),
            admin_token: None,
        })
    }

    /// Wakes the background jobs now (after a transaction that gave them work commits).
    pub fn wake_jobs(&self) {
        self.jobs_wake.notify_waiters();
    }

    /// Resolves when `wake_jobs` is next called.
    pub(crate) async fn jobs_woken(&self) {
        self.jobs_wake.notified().await
    }

    pub fn vendor(&self, name: &str) -> Option<&Arc<dyn Vendor>> {
        self.vendors.iter().find(|v| v.name() == name)
    }

    pub fn vendor_names(&self) -> Vec<&'static str> {
        self.vendors.iter().map(|v| v.name()).collect()
    }

    /// Credentials for every vendor: the given ones where present, fresh ones elsewhere.
    fn credentials_for(&self, given: &Map<String, Value>) -> Value {
        let mut out = Map::new();
        for v in &self.vendors {
            let creds = given.get(v.name()).cloned().unwrap_or_else(|| v.mint_credentials());
            out.insert(v.name().to_owned(), creds);
        }
        Value::Object(out)
    }

    /// Creates a tenant with fresh credentials, installed from `seed`.
    pub fn create_tenant(&self, tx: &Tx, seed: SeedKind, now: DateTime<Utc>) -> Result<TenantRecord, InstallError> {
        self.create_tenant_as(tx, TenantId::generate(), seed, now)
    }

    /// Creates tenant `id` (which must be new) with fresh credentials, installed from `seed`.
    pub fn create_tenant_as(
        &self,
        tx: &Tx,
        id: TenantId,
        seed: SeedKind,
        now: DateTime<Utc>,
    ) -> Result<TenantRecord, InstallError> {
        let record =
            TenantRecord { id, seed, credentials: self.credentials_for(&Map::new()), created_at: to_rfc3339_millis(now) };
        tenant::insert(tx, &record)?;
        self.install(tx, &record, now)?;
        Ok(record)
    }

    /// Creates the demo tenant with the fixed id and credentials of `seed-data/tenants.json`.
    pub fn create_demo_tenant(&self, tx: &Tx, now: DateTime<Utc>) -> Result<TenantRecord, InstallError> {
        let record = TenantRecord {
            id: TenantId::from(self.seeds.demo.id.as_str()),
            seed: SeedKind::Demo,
            credentials: self.credentials_for(&self.seeds.demo.credentials),
            created_at: to_rfc3339_millis(now),
        };
        tenant::insert(tx, &record)?;
        self.install(tx, &record, now)?;
        Ok(record)
    }

    /// Installs every vendor's credentials, defaults and default settings, then (for a demo
    /// tenant) the seed files.
    fn install(&self, tx: &Tx, record: &TenantRecord, now: DateTime<Utc>) -> Result<(), InstallError> {
        let a = Arranging { tx, tenant: &record.id, now };
        let seeded = record.seed == SeedKind::Demo;
        if seeded {
            // The seed's contacts join the search indexes at its end, in one statement each.
            super::sql::keyed::pause_all(tx)?;
        }
        for vendor in &self.vendors {
            let creds = record.credentials.get(vendor.name()).unwrap_or(&Value::Null);
            let defaults = vendor.default_settings();
            if !defaults.is_empty() {
                super::settings::store(tx, &record.id, vendor.name(), &defaults)?;
            }
            vendor.install(&a, creds).map_err(|source| InstallError::Defaults { vendor: vendor.name(), source })?;
            if seeded {
                for file in self.seeds.files(vendor.name()) {
                    // The same text parsed when the seed was loaded: it parses again.
                    let records = file.records().map_err(|e| CoreError::Startup(e.to_string()))?;
                    self.seed(&a, vendor.as_ref(), &file.collection, &records)
                        .map_err(|source| InstallError::Seed { file: file.file.clone(), source })?;
                }
            }
        }
        if seeded {
            super::sql::keyed::resume_all(tx)?;
        }
        Ok(())
    }

    /// Loads one seed file: a vendor's settings, or records of a collection.
    fn seed(&self, a: &Arranging<'_>, vendor: &dyn Vendor, collection: &str, records: &[Value]) -> Result<(), ArrangeError> {
        if collection != super::seed::SETTINGS {
            return arrange::run(vendor.collections(), a, collection, records).map(|_| ());
        }
        for (index, record) in records.iter().enumerate() {
            let changes =
                record.as_object().ok_or_else(|| ArrangeError::record(index, "(settings)", "expected a JSON object"))?;
            super::settings::change(a.tx, a.tenant, vendor, changes)?
                .map_err(|message| ArrangeError::record(index, "(settings)", message))?;
        }
        Ok(())
    }

    /// Deletes every row of `tenant` in every tenant-scoped table (the tenant row stays).
    fn clear(&self, tx: &Tx, tenant: &TenantId) -> rusqlite::Result<()> {
        for table in &self.scoped_tables {
            // `table` comes from sqlite_master (our own schema), never from a request.
            tx.execute(&format!("DELETE FROM \"{table}\" WHERE tenant_id = ?1"), [tenant])?;
        }
        Ok(())
    }

    /// Removes a tenant and all its data; false when there was no such tenant.
    pub fn delete_tenant(&self, tx: &Tx, tenant: &TenantId) -> rusqlite::Result<bool> {
        self.clear(tx, tenant)?;
        tenant::remove(tx, tenant)
    }

    /// Puts one tenant back to its seed, keeping its id and credentials.
    pub fn reset_tenant(&self, tx: &Tx, record: &TenantRecord, now: DateTime<Utc>) -> Result<(), InstallError> {
        self.clear(tx, &record.id)?;
        self.install(tx, record, now)
    }

    /// Puts every tenant back to its seed.
    pub fn reset_all(&self, tx: &Tx, now: DateTime<Utc>) -> Result<usize, InstallError> {
        let records = tenant::list(tx)?;
        for record in &records {
            self.reset_tenant(tx, record, now)?;
        }
        Ok(records.len())
    }

    /// The factory state, as at first start: every tenant removed, then the seeded tenants
    /// (the demo tenant, with its fixed id and credentials) created anew. Answers how many
    /// tenants there are now.
    pub fn factory_reset(&self, tx: &Tx, now: DateTime<Utc>) -> Result<usize, InstallError> {
        for record in tenant::list(tx)? {
            self.delete_tenant(tx, &record.id)?;
        }
        self.create_demo_tenant(tx, now)?;
        Ok(1)
    }

    /// Loads the whole demo seed into a throwaway tenant and rolls it back: a broken seed file is
    /// reported at start-up even when the database already exists.
    pub fn check_seeds(&self, now: DateTime<Utc>) -> Result<(), InstallError> {
        let outcome = self.db.write_blocking(|tx| -> Result<(), InstallError> {
            let probe = TenantRecord {
                id: TenantId::from("__seed_check__"),
                seed: SeedKind::Demo,
                credentials: self.credentials_for(&Map::new()),
                created_at: to_rfc3339_millis(now),
            };
            tenant::insert(tx, &probe)?;
            self.install(tx, &probe, now)?;
            Err(InstallError::Core(CoreError::Startup("rollback".into())))
        });
        match outcome {
            Err(InstallError::Core(CoreError::Startup(m))) if m == "rollback" => Ok(()),
            other => other,
        }
    }
}

//! The one interface between the shared machinery (`core`, `admin`) and a vendor. `core` and
//! `admin` never name a vendor: they reach each through this trait, listed once in
//! `startup::vendors`.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use rusqlite::Transaction;
use serde_json::Value;

use super::error::CoreError;
use super::tenant::TenantId;

/// A record that could not be arranged (or seeded): which record, which field, why.
#[derive(thiserror::Error, Debug)]
pub enum ArrangeError {
    #[error("record {index}: {field}: {reason}")]
    Record { index: usize, field: String, reason: String },
    #[error("unknown collection '{name}' (known: {known})")]
    UnknownCollection { name: String, known: String },
    #[error("{0}")]
    Core(#[from] CoreError),
}

impl ArrangeError {
    pub fn record(index: usize, field: impl Into<String>, reason: impl Into<String>) -> ArrangeError {
        ArrangeError::Record { index, field: field.into(), reason: reason.into() }
    }

    /// Reads arranged record `index` (a JSON object) as `T`, naming the field at fault.
    pub fn parse_record<T: serde::de::DeserializeOwned>(index: usize, value: &Value) -> Result<T, ArrangeError> {
        if !value.is_object() {
            return Err(ArrangeError::record(index, "(record)", "expected a JSON object"));
        }
        super::error::from_value(value)
            .map_err(|e| ArrangeError::record(index, e.field.unwrap_or_else(|| "(record)".into()), e.message))
    }

    pub fn unknown_collection(name: &str, known: &[&str]) -> ArrangeError {
        ArrangeError::UnknownCollection { name: name.to_owned(), known: known.join(", ") }
    }
}

impl From<rusqlite::Error> for ArrangeError {
    fn from(e: rusqlite::Error) -> Self {
        ArrangeError::Core(CoreError::Db(e))
    }
}

/// One emulated vendor.
pub trait Vendor: Send + Sync + 'static {
    /// The lowercase name used in paths, credentials and the admin API (`livingmetrics`).
    fn name(&self) -> &'static str;

    /// The vendor's tables (`CREATE TABLE IF NOT EXISTS ...`), each leading with `tenant_id`.
    fn schema(&self) -> &'static str;

    /// Registers the vendor's routes, relative to its base (`/v1/contacts`, not
    /// `/livingmetrics/v1/contacts`), plus its extractor configs and its own 404.
    fn configure(&self, cfg: &mut web::ServiceConfig);

    /// Collections the admin API can arrange and the seed can hold, in load order.
    fn collections(&self) -> &'static [&'static str];

    /// Fresh credentials for a new tenant (the vendor's part of `POST /__admin/tenants`).
    fn mint_credentials(&self) -> Value;

    /// Installs a tenant's credentials and what every new account at the vendor starts with.
    fn install(&self, tx: &Transaction, tenant: &TenantId, credentials: &Value, now: DateTime<Utc>) -> Result<(), ArrangeError>;

    /// Inserts records given in the vendor's wire shape; answers their ids, in order.
    fn arrange(
        &self,
        tx: &Transaction,
        tenant: &TenantId,
        collection: &str,
        records: &[Value],
        now: DateTime<Utc>,
    ) -> Result<Vec<Value>, ArrangeError>;

    /// The credential this request carries (API key, token, session), if any; no lookup yet.
    fn credential(&self, req: &HttpRequest) -> Option<String>;

    /// The tenant a credential belongs to (used to match tenant-scoped fault rules).
    fn tenant_of(&self, tx: &Transaction, credential: &str) -> Option<TenantId>;

    /// An error answer in the vendor's own body shape (injected faults, unknown routes).
    fn error_response(&self, status: StatusCode, message: &str) -> HttpResponse;
}

//! The machinery every vendor stands on: storage, the clock, tenants, the request journal, fault
//! rules, rate limits, snapshots, seeds, SQL building, arranging, credentials, OAuth 2, settings,
//! streaming answers and answers' JSON written by hand, background work and webhooks. Nothing
//! here names a vendor.

pub mod arrange;
pub mod auth;
pub mod background;
pub mod body;
pub mod browse;
pub mod clock;
pub mod credentials;
pub mod db;
pub mod error;
pub mod faults;
pub mod front;
pub mod generate;
pub mod held;
pub mod ids;
pub mod journal;
pub mod json;
pub mod oauth;
pub mod observe;
pub mod openapi;
pub mod outbox;
pub mod paging;
pub mod rate;
pub mod seed;
pub mod sequence;
pub mod settings;
pub mod snapshot;
pub mod sql;
pub mod state;
pub mod statistics;
pub mod stream;
pub mod tenant;
pub mod vendor;
pub mod vfs;
pub mod webhooks;
pub mod writer;

pub use arrange::{ArrangeError, Arranging, Collection, Record};
pub use clock::Clock;
pub use db::{Db, Tx};
pub use error::CoreError;
pub use state::Core;
pub use tenant::TenantId;
pub use vendor::{Registration, Vendor};

/// The schema of crm-mock's own tables.
pub const SCHEMA: &str = include_str!("schema.sql");

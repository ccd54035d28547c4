//! The machinery every vendor stands on: storage, the clock, tenants, the request journal, fault
//! rules, snapshots, seeds, SQL building and paging. Nothing here names a vendor.

pub mod clock;
pub mod credentials;
pub mod db;
pub mod error;
pub mod faults;
pub mod ids;
pub mod journal;
pub mod observe;
pub mod paging;
pub mod seed;
pub mod snapshot;
pub mod sql;
pub mod state;
pub mod tenant;
pub mod vendor;

pub use clock::Clock;
pub use db::Db;
pub use error::CoreError;
pub use state::Core;
pub use tenant::TenantId;
pub use vendor::{ArrangeError, Vendor};

/// The schema of crm-mock's own tables.
pub const SCHEMA: &str = include_str!("schema.sql");

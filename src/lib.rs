//! crm-mock: a local, stateful emulator of the LivingMetrics, LionDesk, LiveVox and
//! LeadConnector (HighLevel v2) contact APIs, with a control plane (`/__admin`) for tenants,
//! the request journal, fault rules, the clock and snapshots.
//!
//! Embedding (what the integration tests do):
//!
//! ```no_run
//! let server = crm_mock::spawn(crm_mock::Config { port: 0, ..Default::default() }).unwrap();
//! println!("{}", server.base_url());
//! server.stop();
//! ```

pub mod admin;
pub mod cli;
pub mod core;
pub mod generate;
pub mod leadconnector;
pub mod liondesk;
pub mod livevox;
pub mod livingmetrics;
mod startup;

pub use startup::{Application, Config, RunningServer, StartError, VENDORS, admin_exposed, spawn, spawn_with_vendors, vendors};

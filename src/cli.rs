//! The command line (clap). Every flag can also come from a `CRM_MOCK_<FLAG>` variable.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::startup::Config;

#[derive(Parser, Debug)]
#[command(name = "crm-mock", version, about = "A local, stateful emulator of four vendors' contact APIs")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Start the server.
    Serve(ServeArgs),
    /// Load the seed files into a scratch database and report the first problem, if any.
    CheckSeeds {
        /// Seed directory to check instead of the embedded one.
        #[arg(long, env = "CRM_MOCK_SEED_DIR")]
        seed_dir: Option<PathBuf>,
    },
}

#[derive(clap::Args, Debug)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "CRM_MOCK_HOST", default_value = "127.0.0.1")]
    pub host: String,
    /// Main port (0 picks a free one; the listening line tells which).
    #[arg(long, env = "CRM_MOCK_PORT", default_value_t = 4010)]
    pub port: u16,
    /// SQLite file that keeps state across restarts (seeded only when new). Default: in memory.
    #[arg(long, env = "CRM_MOCK_DB")]
    pub db: Option<PathBuf>,
    /// Seed directory to load instead of the embedded `seed-data/`.
    #[arg(long, env = "CRM_MOCK_SEED_DIR")]
    pub seed_dir: Option<PathBuf>,
    /// Also serve VENDOR at the root of PORT (repeatable; in the variable, comma-separated).
    #[arg(long = "vendor-port", env = "CRM_MOCK_VENDOR_PORT", value_name = "VENDOR=PORT", value_parser = parse_vendor_port, value_delimiter = ',')]
    pub vendor_ports: Vec<(String, u16)>,
    /// Requests kept in the request journal (0 turns the journal off).
    #[arg(long, env = "CRM_MOCK_JOURNAL_SIZE", default_value_t = 1000)]
    pub journal_size: usize,
    /// HTTP worker threads (0: one per CPU core).
    #[arg(long, env = "CRM_MOCK_WORKERS", default_value_t = 0)]
    pub workers: usize,
    /// LionDesk's page size when a find gives no `$limit`.
    #[arg(long, env = "CRM_MOCK_LIONDESK_DEFAULT_LIMIT", default_value_t = 10, value_parser = clap::value_parser!(i64).range(1..))]
    pub liondesk_default_limit: i64,
    /// LionDesk's largest page (a larger `$limit` is clamped to it).
    #[arg(long, env = "CRM_MOCK_LIONDESK_MAX_LIMIT", default_value_t = 50, value_parser = clap::value_parser!(i64).range(1..))]
    pub liondesk_max_limit: i64,
}

fn parse_vendor_port(text: &str) -> Result<(String, u16), String> {
    let (vendor, port) = text.split_once('=').ok_or_else(|| format!("expected VENDOR=PORT, got '{text}'"))?;
    let port = port.trim().parse().map_err(|_| format!("'{port}' is not a port number"))?;
    Ok((vendor.trim().to_ascii_lowercase(), port))
}

impl From<ServeArgs> for Config {
    fn from(args: ServeArgs) -> Config {
        Config {
            host: args.host,
            port: args.port,
            db: args.db,
            seed_dir: args.seed_dir,
            vendor_ports: args.vendor_ports,
            journal_size: args.journal_size,
            workers: args.workers,
            liondesk_limits: crate::liondesk::Limits {
                default_limit: args.liondesk_default_limit.min(args.liondesk_max_limit),
                max_limit: args.liondesk_max_limit,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vendor_ports_parse_as_name_and_port() {
        assert_eq!(parse_vendor_port("LionDesk=4020"), Ok(("liondesk".into(), 4020)));
        assert!(parse_vendor_port("liondesk").is_err());
        assert!(parse_vendor_port("liondesk=x").is_err());
    }
}

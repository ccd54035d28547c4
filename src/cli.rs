//! The command line (clap). Every flag can also come from a `CRM_MOCK_<FLAG>` variable. The
//! flags of `serve` are crm-mock's own plus each vendor's (declared in the vendor's folder and
//! added through its `Registration`).

use std::ffi::OsString;
use std::path::PathBuf;

use clap::parser::ValueSource;
use clap::{ArgMatches, CommandFactory, FromArgMatches, Parser, Subcommand};

use crate::core::Registration;
use crate::startup::{Config, MAX_WORKERS, VENDORS, vendor_command};

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
    /// HTTP worker threads (0: one per CPU core; at most 256).
    #[arg(long, env = "CRM_MOCK_WORKERS", default_value_t = 0, value_parser = parse_workers)]
    pub workers: usize,
    /// The vendors' documented rate limits: `on` counts requests, adds the limit headers and
    /// answers 429 past a limit; `off` does none of it.
    #[arg(long, env = "CRM_MOCK_RATE_LIMITS", value_enum, default_value_t = OnOff::On)]
    pub rate_limits: OnOff,
    /// The vendors' own flags as given (filled from the vendors' part of the command line).
    #[arg(skip)]
    pub vendor_flags: Vec<String>,
}

/// A switch given as `on` or `off`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum OnOff {
    On,
    Off,
}

fn parse_vendor_port(text: &str) -> Result<(String, u16), String> {
    let (vendor, port) = text.split_once('=').ok_or_else(|| format!("expected VENDOR=PORT, got '{text}'"))?;
    let port = port.trim().parse().map_err(|_| format!("'{port}' is not a port number"))?;
    Ok((vendor.trim().to_ascii_lowercase(), port))
}

fn parse_workers(text: &str) -> Result<usize, String> {
    match text.trim().parse::<usize>() {
        Ok(n) if n <= MAX_WORKERS => Ok(n),
        _ => Err(format!("expected a number of threads from 0 (one per core) to {MAX_WORKERS}")),
    }
}

/// The whole command line: crm-mock's flags, and every vendor's under `serve`.
pub fn command(registry: &[&Registration]) -> clap::Command {
    let vendors = vendor_command(registry);
    Cli::command().mut_subcommand("serve", |serve| serve.args(vendors.get_arguments().cloned()))
}

/// Parses the command line (exits with clap's message on a mistake, as `--help` does).
pub fn parse(args: impl IntoIterator<Item = impl Into<OsString> + Clone>) -> Cli {
    let matches = command(VENDORS).get_matches_from(args);
    let mut cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    if let (Command::Serve(serve), Some(serve_matches)) = (&mut cli.command, matches.subcommand_matches("serve")) {
        serve.vendor_flags = vendor_flags(serve_matches, VENDORS);
    }
    cli
}

/// The vendor flags given on the command line, as `--name=value`; those from the environment
/// are read again where the vendors' flags are parsed.
fn vendor_flags(matches: &ArgMatches, registry: &[&Registration]) -> Vec<String> {
    let mut out = Vec::new();
    for arg in vendor_command(registry).get_arguments() {
        let id = arg.get_id().as_str();
        if matches.value_source(id) != Some(ValueSource::CommandLine) {
            continue;
        }
        let Some(long) = arg.get_long() else { continue };
        for value in matches.get_raw(id).into_iter().flatten() {
            out.push(format!("--{long}={}", value.to_string_lossy()));
        }
    }
    out
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
            rate_limits: args.rate_limits == OnOff::On,
            vendor_flags: args.vendor_flags,
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

    #[test]
    fn workers_are_bounded_when_parsed() {
        assert_eq!(parse_workers("0"), Ok(0));
        assert_eq!(parse_workers("256"), Ok(256));
        assert!(parse_workers("5000").unwrap_err().contains("to 256"));
    }

    #[test]
    fn rate_limits_are_on_unless_turned_off() {
        let serve = |args: &[&str]| match parse(["crm-mock", "serve"].iter().chain(args).copied()).command {
            Command::Serve(serve) => Config::from(serve).rate_limits,
            Command::CheckSeeds { .. } => panic!("serve"),
        };
        assert!(serve(&[]));
        assert!(serve(&["--rate-limits", "on"]));
        assert!(!serve(&["--rate-limits=off"]));
        let refused = command(VENDORS).try_get_matches_from(["crm-mock", "serve", "--rate-limits", "maybe"]);
        assert!(refused.unwrap_err().to_string().contains("[possible values: on, off]"));
    }

    #[test]
    fn vendor_flags_are_part_of_serve_and_reach_the_config() {
        let cli = parse(["crm-mock", "serve", "--port", "0", "--liondesk-max-limit", "20"]);
        let Command::Serve(serve) = cli.command else { panic!("serve") };
        assert_eq!(serve.vendor_flags, ["--liondesk-max-limit=20"]);
        assert!(command(VENDORS).try_get_matches_from(["crm-mock", "serve", "--nonsense"]).is_err());
    }
}

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
    /// Write made-up contacts (with their related records) for one vendor into a --db file or a
    /// running server (--url).
    Generate(GenerateArgs),
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
    /// Require `Authorization: Bearer TOKEN` on every admin request (the dashboard asks for it).
    #[arg(long, env = "CRM_MOCK_ADMIN_TOKEN", hide_env_values = true, value_name = "TOKEN")]
    pub admin_token: Option<String>,
    /// The vendors' own flags as given (filled from the vendors' part of the command line).
    #[arg(skip)]
    pub vendor_flags: Vec<String>,
}

#[derive(clap::Args, Debug)]
#[command(group(clap::ArgGroup::new("target").required(true).args(["db", "url"])))]
pub struct GenerateArgs {
    /// The vendor whose contacts to generate (livingmetrics, liondesk, livevox, leadconnector).
    #[arg(long, env = "CRM_MOCK_GENERATE_VENDOR")]
    pub vendor: String,
    /// How many contacts (each with its related records).
    #[arg(long, env = "CRM_MOCK_GENERATE_CONTACTS", allow_negative_numbers = true, value_parser = parse_contacts)]
    pub contacts: u64,
    /// The seed: the same seed and arguments give the same records.
    #[arg(long, env = "CRM_MOCK_GENERATE_SEED", default_value_t = 1)]
    pub seed: u64,
    /// The SQLite file to write (created, with the demo tenant, when new; as `serve --db` opens it).
    #[arg(long, value_name = "FILE")]
    pub db: Option<PathBuf>,
    /// A running crm-mock to write into, through its admin API (http://127.0.0.1:4010).
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// The tenant that gets the records (with --db, created when missing).
    #[arg(long, env = "CRM_MOCK_GENERATE_TENANT", default_value = "demo")]
    pub tenant: String,
    /// Write the generated contacts' ids to FILE, one per line.
    #[arg(long, value_name = "FILE")]
    pub ids: Option<PathBuf>,
    /// The latest date a record carries (RFC 3339); dates spread over --years before it.
    #[arg(long, env = "CRM_MOCK_GENERATE_UNTIL", default_value = crate::core::generate::UNTIL, value_parser = parse_until)]
    pub until: chrono::DateTime<chrono::Utc>,
    /// How many years of dates, ending at --until.
    #[arg(long, env = "CRM_MOCK_GENERATE_YEARS", default_value_t = crate::core::generate::YEARS, value_parser = clap::value_parser!(u32).range(1..=100))]
    pub years: u32,
    /// The admin token of the server at --url, if it has one.
    #[arg(long, env = "CRM_MOCK_ADMIN_TOKEN", hide_env_values = true)]
    pub admin_token: Option<String>,
}

impl From<GenerateArgs> for crate::generate::Options {
    fn from(args: GenerateArgs) -> Self {
        let target = match (args.db, args.url) {
            (Some(path), _) => crate::generate::Target::Db(path),
            (None, url) => crate::generate::Target::Url { base: url.unwrap_or_default(), admin_token: args.admin_token },
        };
        crate::generate::Options {
            vendor: args.vendor.to_ascii_lowercase(),
            plan: crate::core::generate::Plan { contacts: args.contacts, seed: args.seed, until: args.until, years: args.years },
            target,
            tenant: args.tenant,
            ids: args.ids,
        }
    }
}

fn parse_contacts(text: &str) -> Result<u64, String> {
    match text.trim().parse::<i64>() {
        Ok(n) if n >= 1 => Ok(n as u64),
        Ok(_) => Err("must be at least 1".into()),
        Err(_) => Err(format!("'{text}' is not a whole number")),
    }
}

fn parse_until(text: &str) -> Result<chrono::DateTime<chrono::Utc>, String> {
    crate::core::clock::parse_instant(text.trim()).ok_or_else(|| format!("'{text}' is not an RFC 3339 date-time"))
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
            admin_token: args.admin_token,
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
            _ => panic!("serve"),
        };
        assert!(serve(&[]));
        assert!(serve(&["--rate-limits", "on"]));
        assert!(!serve(&["--rate-limits=off"]));
        let refused = command(VENDORS).try_get_matches_from(["crm-mock", "serve", "--rate-limits", "maybe"]);
        assert!(refused.unwrap_err().to_string().contains("[possible values: on, off]"));
    }

    #[test]
    fn generate_needs_one_target_and_a_positive_count() {
        let parse = |args: &[&str]| command(VENDORS).try_get_matches_from(["crm-mock", "generate"].iter().chain(args));
        let error = |args: &[&str]| parse(args).unwrap_err().to_string();
        assert!(error(&["--vendor", "liondesk", "--contacts", "5"]).contains("--db <FILE>|--url <URL>"));
        assert!(error(&["--vendor", "liondesk", "--contacts", "5", "--db", "a", "--url", "b"]).contains("cannot be used with"));
        assert!(error(&["--vendor", "liondesk", "--contacts", "0", "--db", "a"]).contains("must be at least 1"));
        assert!(error(&["--vendor", "liondesk", "--contacts", "-3", "--db", "a"]).contains("must be at least 1"));
        assert!(error(&["--vendor", "liondesk", "--contacts", "x", "--db", "a", "--until", "later"]).contains("whole number"));
        let cli = crate::cli::parse(["crm-mock", "generate", "--vendor", "LionDesk", "--contacts", "7", "--db", "a.sqlite"]);
        let Command::Generate(args) = cli.command else { panic!("generate") };
        let options = crate::generate::Options::from(args);
        assert_eq!((options.vendor.as_str(), options.plan.contacts, options.plan.seed), ("liondesk", 7, 1));
        assert_eq!(options.target, crate::generate::Target::Db("a.sqlite".into()));
        assert_eq!((options.tenant.as_str(), options.plan.years), ("demo", 5));
        assert_eq!(crate::core::clock::to_rfc3339_millis(options.plan.until), "2026-01-01T00:00:00.000Z");
    }

    #[test]
    fn vendor_flags_are_part_of_serve_and_reach_the_config() {
        let cli = parse(["crm-mock", "serve", "--port", "0", "--liondesk-max-limit", "20"]);
        let Command::Serve(serve) = cli.command else { panic!("serve") };
        assert_eq!(serve.vendor_flags, ["--liondesk-max-limit=20"]);
        assert!(command(VENDORS).try_get_matches_from(["crm-mock", "serve", "--nonsense"]).is_err());
    }
}

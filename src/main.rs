use std::io::Write;
use std::process::ExitCode;

use crm_mock::cli::{self, Command};
use crm_mock::{Application, Config};

/// mimalloc instead of the system allocator: a request parses and drops many small JSON values,
/// which glibc's malloc serves slowly (its free lists are consolidated again and again under a
/// large body); a 10,000-contact LiveVox bulk create spends a sixth less CPU with it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = cli::parse(std::env::args_os());
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("crm_mock=info,actix_server=warn")).init();
    match cli.command {
        Command::Serve(args) => serve(args.into()),
        Command::Generate(args) => generate(args.into()),
        Command::CheckSeeds { seed_dir } => check_seeds(seed_dir),
    }
}

/// mimalloc commits its arenas eagerly on Linux, so the pages a burst of requests touched stay
/// resident after they are freed (RSS stayed at ~75 MB after a load that needs ~45, and 35 MB
/// idle). Committing on demand lets freed pages go back to the system; the throughput is the
/// same. The option must be set before the first allocation reserves an arena, which the Rust
/// runtime makes before `main`: so it is set by a constructor, which runs earlier.
///
/// Freed pages go back after a delay, and only when the allocator next runs: what start-up
/// freed (the parsed seed, the schema's statements, the workers' set-up) stayed resident in an
/// idle server (1.1 MB). Start-up gives them back at once; serving keeps mimalloc's delay, as
/// giving each page back at once made a page of fifty contacts a fifth slower.
#[cfg(target_os = "linux")]
#[used]
#[unsafe(link_section = ".init_array")]
static TUNE_ALLOCATOR: extern "C" fn() = tune_allocator;

/// `mi_option_arena_eager_commit` and `mi_option_purge_delay` in mimalloc 3's `mi_option_e`
/// (the crate does not name these two).
#[cfg(target_os = "linux")]
const ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
#[cfg(target_os = "linux")]
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// mimalloc's own purge delay (ms), kept while start-up runs without one.
#[cfg(target_os = "linux")]
static SERVING_PURGE_DELAY: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(0);

#[cfg(target_os = "linux")]
extern "C" fn tune_allocator() {
    use libmimalloc_sys::{mi_option_get, mi_option_set};
    // SAFETY: reads and sets mimalloc's plain options; no other thread exists yet.
    unsafe {
        mi_option_set(ARENA_EAGER_COMMIT, 0);
        SERVING_PURGE_DELAY.store(mi_option_get(PURGE_DELAY) as i64, std::sync::atomic::Ordering::Relaxed);
        mi_option_set(PURGE_DELAY, 0);
    }
}

/// Freed pages go back after mimalloc's own delay again.
fn purge_lazily() {
    #[cfg(target_os = "linux")]
    {
        let delay = SERVING_PURGE_DELAY.load(std::sync::atomic::Ordering::Relaxed);
        // SAFETY: sets one of mimalloc's plain options, which it reads at each use.
        unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, delay as std::ffi::c_long) };
    }
}

/// A second after the server starts serving, its start-up is over (the workers have built
/// their apps).
async fn started() {
    actix_web::rt::time::sleep(std::time::Duration::from_secs(1)).await;
    purge_lazily();
}

fn serve(config: Config) -> ExitCode {
    if crm_mock::admin_exposed(&config.host, config.admin_token.as_deref()) {
        eprintln!(
            "crm-mock: warning: listening on {} without --admin-token: anyone who reaches the port can use /__admin \
             (tenants, credentials, reset)",
            config.host
        );
    }
    let app = match Application::build(config) {
        Ok(app) => app,
        Err(e) => {
            eprintln!("crm-mock: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!("crm-mock listening on {}", app.base_url());
    for (vendor, url) in app.vendor_urls() {
        println!("crm-mock serving {vendor} on {url}");
    }
    let _ = std::io::stdout().flush();
    let served = actix_web::rt::System::new().block_on(async {
        actix_web::rt::spawn(started());
        app.run().await
    });
    match served {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("crm-mock: {e}");
            ExitCode::FAILURE
        }
    }
}

fn generate(options: crm_mock::generate::Options) -> ExitCode {
    purge_lazily();
    let started = std::time::Instant::now();
    let mut progress = crm_mock::generate::Progress::on_stderr(options.plan.contacts);
    match crm_mock::generate::run(&options, &mut progress) {
        Ok(count) => {
            let target = match &options.target {
                crm_mock::generate::Target::Db(path) => path.display().to_string(),
                crm_mock::generate::Target::Url { base, .. } => base.clone(),
            };
            let secs = started.elapsed().as_secs_f64();
            eprintln!("generated {count} {} contacts in tenant '{}' of {target} in {secs:.1} s", options.vendor, options.tenant);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("crm-mock generate: {e}");
            ExitCode::FAILURE
        }
    }
}

fn check_seeds(seed_dir: Option<std::path::PathBuf>) -> ExitCode {
    let config = Config { port: 0, seed_dir, ..Config::default() };
    match Application::build(config) {
        Ok(_) => {
            println!("seed data is valid");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("crm-mock: {e}");
            ExitCode::FAILURE
        }
    }
}

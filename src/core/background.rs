//! Background work: jobs a vendor runs while the server runs (delivering what its outbox holds),
//! and core's own webhook delivery when a vendor sends webhooks.
//! They start once the server listens and stop with it, on the server's own runtime. A job runs
//! a round, then sleeps for as long as the round asked, or until it is woken (`Core::wake_jobs`,
//! after a transaction that gave it work commits) or the server stops. Time inside a round is
//! the emulator's clock (`core.clock`): what is due is due by that clock, so moving it through
//! the admin API makes retries due at once.

use std::sync::Arc;
use std::time::Duration;

use actix_web::web;
use futures_util::future::{Either, LocalBoxFuture, select};
use tokio::sync::watch;

use super::state::Core;
use super::webhooks::delivery::Delivery;

/// A piece of background work.
pub trait Job: Send + Sync + 'static {
    /// Its name, for the log.
    fn name(&self) -> &'static str;

    /// One round: does what is due now and answers how long to wait before the next round.
    fn run(&self, core: web::Data<Core>) -> LocalBoxFuture<'static, Duration>;
}

/// The jobs of every vendor, running.
pub struct Background {
    /// Turns true once, to stop them all: every job sees it, whether it is waiting or in a round
    /// (a `Notify` keeps at most one permit, so jobs in a round at that moment could miss it).
    stop: watch::Sender<bool>,
    tasks: Vec<actix_web::rt::task::JoinHandle<()>>,
}

impl Background {
    /// Starts every vendor's jobs; must run inside the server's actix system.
    pub fn start(core: web::Data<Core>) -> Background {
        let (stop, stopped) = watch::channel(false);
        let mut jobs: Vec<_> = core.vendors.iter().flat_map(|v| v.jobs()).collect();
        if core.vendors.iter().any(|v| !v.webhook_events().is_empty()) {
            jobs.push(Arc::new(Delivery::default()));
        }
        let tasks = jobs
            .into_iter()
            .map(|job| {
                let (core, mut stopped) = (core.clone(), stopped.clone());
                actix_web::rt::spawn(async move {
                    log::debug!("background job {} started", job.name());
                    loop {
                        let wait = job.run(core.clone()).await;
                        if *stopped.borrow() {
                            break;
                        }
                        let pause = select(Box::pin(actix_web::rt::time::sleep(wait)), Box::pin(core.jobs_woken()));
                        if let Either::Right(_) = select(pause, Box::pin(stopped.changed())).await {
                            break;
                        }
                    }
                    log::debug!("background job {} stopped", job.name());
                })
            })
            .collect();
        Background { stop, tasks }
    }

    /// Stops every job after the round it is in, and waits for them.
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        for task in self.tasks {
            let _ = task.await;
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use actix_web::http::StatusCode;
    use actix_web::{HttpRequest, HttpResponse};
    use serde_json::Value;

    use super::*;
    use crate::core::Tx;
    use crate::core::arrange::{ArrangeError, Arranging, Collection};
    use crate::core::db::Db;
    use crate::core::seed::{DemoTenant, Seeds};
    use crate::core::tenant::TenantId;
    use crate::core::vendor::Vendor;

    /// A job whose rounds are long: it is in one whenever the server stops.
    struct Slow(Arc<AtomicUsize>);

    impl Job for Slow {
        fn name(&self) -> &'static str {
            "slow"
        }

        fn run(&self, _core: web::Data<Core>) -> LocalBoxFuture<'static, Duration> {
            let rounds = self.0.clone();
            Box::pin(async move {
                rounds.fetch_add(1, Ordering::SeqCst);
                actix_web::rt::time::sleep(Duration::from_millis(200)).await;
                Duration::from_millis(10)
            })
        }
    }

    /// A vendor of three slow jobs and nothing else.
    struct Busy(Arc<AtomicUsize>);

    impl Vendor for Busy {
        fn name(&self) -> &'static str {
            "busy"
        }
        fn schema(&self) -> &'static str {
            ""
        }
        fn configure(&self, _cfg: &mut web::ServiceConfig) {}
        fn collections(&self) -> &'static [Collection] {
            &[]
        }
        fn mint_credentials(&self) -> Value {
            Value::Null
        }
        fn install(&self, _a: &Arranging<'_>, _credentials: &Value) -> Result<(), ArrangeError> {
            Ok(())
        }
        fn credential(&self, _req: &HttpRequest) -> Option<String> {
            None
        }
        fn tenant_of(&self, _tx: &Tx, _credential: &str) -> Option<TenantId> {
            None
        }
        fn error_response(&self, status: StatusCode, _message: &str) -> HttpResponse {
            HttpResponse::build(status).finish()
        }
        fn jobs(&self) -> Vec<Arc<dyn Job>> {
            (0..3).map(|_| Arc::new(Slow(self.0.clone())) as Arc<dyn Job>).collect()
        }
    }

    #[test]
    fn jobs_all_stop_even_when_each_is_in_a_round() {
        let rounds = Arc::new(AtomicUsize::new(0));
        let db = Db::open(None, &[crate::core::SCHEMA]).unwrap().db;
        let seeds =
            Seeds { demo: DemoTenant { id: "demo".into(), credentials: Default::default() }, vendors: Default::default() };
        let core = Core::new(db, seeds, vec![Arc::new(Busy(rounds.clone()))], 0, false).unwrap();
        let stopped = actix_web::rt::System::new().block_on(async move {
            let jobs = Background::start(web::Data::new(core));
            while rounds.load(Ordering::SeqCst) < 3 {
                actix_web::rt::time::sleep(Duration::from_millis(5)).await;
            }
            actix_web::rt::time::timeout(Duration::from_secs(5), jobs.stop()).await
        });
        assert!(stopped.is_ok(), "every job stopped after its round");
    }
}

//! Listening: each connection's bytes pass the front layer (`core::front`) before actix-http
//! reads them, and the front layer's refusals are worded as the vendor they were for would.

use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use actix_http::error::DispatchError;
use actix_http::{HttpService, KeepAlive, Protocol, Request};
use actix_service::{IntoServiceFactory, ServiceFactoryExt, map_config};
use actix_web::body::MessageBody;
use actix_web::dev::{AppConfig, Service, ServiceFactory, fn_service};
use actix_web::rt::net::TcpStream;

use crate::core::Vendor;
use crate::core::front::{self, FrontIo, Renderer};

/// Words the front layer's refusals as the vendor the request was for would: the listener's
/// own vendor, else the vendor of a `Host: <vendor>.localhost` header or of the path's first
/// segment (`/liondesk/...`); a request for no vendor gets the admin API's shape.
pub(super) fn refusals(vendors: Vec<Arc<dyn Vendor>>, own: Option<Arc<dyn Vendor>>) -> Renderer {
    let fallback = front::default_renderer();
    Arc::new(move |refusal: &front::Refusal| {
        let named = |name: &str| vendors.iter().find(|v| v.name().eq_ignore_ascii_case(name)).cloned();
        let by_host = || {
            let host = refusal.host.as_deref()?;
            let name =
                host.rsplit_once(':').filter(|(_, port)| port.bytes().all(|b| b.is_ascii_digit())).map_or(host, |(n, _)| n);
            named(name.strip_suffix(".localhost")?)
        };
        let by_path = || named(refusal.path.as_deref()?.trim_start_matches('/').split('/').next()?);
        match own.clone().or_else(by_host).or_else(by_path) {
            Some(vendor) => {
                let status = refusal.reason.status();
                let body = vendor.error_response(status, &refusal.reason.message()).into_body().try_into_bytes();
                (status, body.map(|b| b.to_vec()).unwrap_or_default())
            }
            None => fallback(refusal),
        }
    })
}

/// Serves the app `factory` builds on `listener`, each connection's inbound bytes passing the
/// front layer (`core::front`) first, whose refusals `renderer` words.
///
/// This is actix-web's `HttpServer::listen` (4.18) with one link added: the same actix-server
/// settings (workers, blocking threads, 5 s shutdown) and the same HTTP/1 service with
/// `HttpServer`'s defaults (keep-alive 5 s, 5 s for the first request's head, 1 s to close,
/// half-closed connections allowed, graceful-shutdown signal), fed a `FrontIo` instead of the
/// bare `TcpStream`. The one difference: the app's `AppConfig` is the default one (host
/// `localhost:8080`), which only `ConnectionInfo::host` falls back on and crm-mock never reads.
pub(super) fn listen_through_front<F, I, S, B>(
    listener: TcpListener,
    workers: usize,
    signals: bool,
    renderer: Renderer,
    factory: F,
) -> std::io::Result<actix_web::dev::Server>
where
    F: Fn() -> I + Send + Clone + 'static,
    I: IntoServiceFactory<S, Request>,
    S: ServiceFactory<Request, Config = AppConfig> + 'static,
    S::Error: Into<actix_web::Error> + 'static,
    S::InitError: std::fmt::Debug,
    S::Response: Into<actix_http::Response<B>> + 'static,
    <S::Service as Service<Request>>::Future: 'static,
    S::Service: 'static,
    B: MessageBody + 'static,
{
    let addr = listener.local_addr()?;
    let mut builder = actix_server::Server::build()
        .workers(workers)
        .worker_max_blocking_threads(crate::core::db::BLOCKING_THREADS)
        .shutdown_timeout(5);
    if !signals {
        builder = builder.disable_signals();
    }
    let shutdown = builder.graceful_shutdown_signal();
    let builder = builder.listen(format!("crm-mock-{addr}"), listener, move || {
        let shutdown = shutdown.clone();
        let http = HttpService::build()
            .graceful_shutdown_signal(move || {
                let shutdown = shutdown.clone();
                async move { shutdown.notified().await }
            })
            .keep_alive(KeepAlive::default())
            .client_request_timeout(Duration::from_secs(5))
            .client_disconnect_timeout(Duration::from_secs(1))
            .h1_allow_half_closed(true)
            .local_addr(addr)
            .finish(map_config(factory().into_factory().map_err(|err| err.into().error_response()), |_| AppConfig::default()));
        let renderer = renderer.clone();
        fn_service(move |io: TcpStream| {
            let renderer = renderer.clone();
            async move {
                let peer = io.peer_addr().ok();
                Ok::<_, DispatchError>((FrontIo::new(io, renderer).with_peer(peer), Protocol::Http1, peer))
            }
        })
        .and_then(http)
    })?;
    Ok(builder.run())
}

//! The App: the main port (every vendor under its base, under `Host: <vendor>.localhost`, and
//! the admin API) and a vendor's own port, with the middleware order written once.

use std::rc::Rc;
use std::sync::Arc;

use actix_web::body::BoxBody;
use actix_web::dev::ServiceRequest;
use actix_web::http::header;
use actix_web::middleware::{Condition, Logger, Next, from_fn};
use actix_web::{App, HttpResponse, guard, web};

use crate::core::observe::{Scope, observe};
use crate::core::{Core, Vendor};

use super::slashes::MergeSlashes;

/// A vendor scope wrapped in the journal-and-faults middleware (`core::observe`).
fn vendor_scope(
    core: web::Data<Core>,
    vendor: Arc<dyn Vendor>,
    prefix: String,
) -> actix_web::Scope<
    impl actix_web::dev::ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = actix_web::dev::ServiceResponse<BoxBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let path = prefix.clone();
    let configured = vendor.clone();
    let ctx = Rc::new(Scope { core, vendor, prefix });
    web::scope(&path)
        .wrap(from_fn(move |req: ServiceRequest, next: Next<BoxBody>| observe(ctx.clone(), req, next)))
        .configure(move |cfg| configured.configure(cfg))
}

/// The main port. Request order, outside in: access log, then per vendor scope the journal and
/// fault middleware, then the vendor's routes. `Host: <vendor>.localhost` serves a vendor at `/`.
pub(super) fn main_app(
    core: web::Data<Core>,
) -> App<
    impl actix_web::dev::ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let mut app = framed(core.clone());
    let vendors = core.vendors.clone();
    for vendor in &vendors {
        let host = format!("{}.localhost", vendor.name());
        app = app.service(vendor_scope(core.clone(), vendor.clone(), String::new()).guard(host_is(host)));
    }
    app = app.service(crate::admin::scope(&vendors));
    for vendor in &vendors {
        app = app.service(vendor_scope(core.clone(), vendor.clone(), format!("/{}", vendor.name())));
    }
    app.default_service(web::to(unknown_route))
}

/// An app of either port before its routes: the shared state, repeated slashes merged before
/// routing (`slashes`), and outside that the access log.
fn framed(
    core: web::Data<Core>,
) -> App<
    impl actix_web::dev::ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    App::new().app_data(core).wrap(MergeSlashes).wrap(access_log())
}

/// A line per request (`RUST_LOG=info`), when the log takes them: Logger renders its line's
/// parts for every request whether or not the log then writes it (about a twentieth of an HTTP
/// worker's time on a point read).
fn access_log() -> Condition<Logger> {
    let wanted = log::log_enabled!(target: "actix_web::middleware::logger", log::Level::Info);
    Condition::new(wanted, Logger::new("%a \"%r\" %s %b %Dms"))
}

/// Matches a request whose `Host` (port aside) is `name`, in any case, as host names compare.
fn host_is(name: String) -> impl guard::Guard {
    guard::fn_guard(move |ctx| {
        let head = ctx.head();
        let host = head.headers().get(header::HOST).and_then(|h| h.to_str().ok()).or_else(|| head.uri.host()).unwrap_or("");
        without_port(host).eq_ignore_ascii_case(&name)
    })
}

/// A `Host` header's name without its port.
pub(super) fn without_port(host: &str) -> &str {
    match host.rsplit_once(':') {
        Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
        _ => host,
    }
}

/// A vendor's own port: that vendor at `/`.
pub(super) fn own_port_app(
    core: web::Data<Core>,
    vendor: Arc<dyn Vendor>,
) -> App<
    impl actix_web::dev::ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    framed(core.clone()).service(vendor_scope(core, vendor, String::new()))
}

async fn unknown_route(req: actix_web::HttpRequest, core: web::Data<Core>) -> HttpResponse {
    let bases: Vec<String> = core.vendor_names().iter().map(|n| format!("/{n}")).collect();
    HttpResponse::NotFound().json(serde_json::json!({
        "status": 404,
        "message": format!("No route for {} {}: vendors live under {} and the admin API under /__admin", req.method(), req.path(), bases.join(", ")),
    }))
}

//! The control plane under `/__admin`: the dashboard (`ui`), the OpenAPI documents, health,
//! tenants and their data (arranged, counted, browsed) and settings, reset, the request journal,
//! fault rules, the clock, snapshots and webhooks, and the routes vendors add of their own
//! (`Vendor::configure_admin`); with `--admin-token`, all behind the token (`token`).
//! Vendor-agnostic: vendors are reached only through `core::Vendor`.

use std::sync::Arc;

use actix_web::web;

use crate::core::Vendor;

mod clock;
mod data;
mod error;
mod faults;
mod generate;
mod health;
mod openapi;
mod requests;
mod snapshots;
mod tenants;
mod token;
mod ui;
mod webhooks;

pub use error::{AdminError, RawBody, parse_body, parse_json, parse_object};

/// Largest admin request body (arranging thousands of records at once).
pub(crate) const BODY_LIMIT: usize = 32 * 1024 * 1024;

pub fn scope(
    vendors: &[Arc<dyn Vendor>],
) -> actix_web::Scope<
    impl actix_web::dev::ServiceFactory<
        actix_web::dev::ServiceRequest,
        Config = (),
        Response = actix_web::dev::ServiceResponse<actix_web::body::BoxBody>,
        Error = actix_web::Error,
        InitError = (),
    > + use<>,
> {
    let mut scope = web::scope("/__admin")
        .wrap(actix_web::middleware::from_fn(token::require))
        .route("/health", web::get().to(health::health))
        .route("/openapi/{name}", web::get().to(openapi::get))
        .route("/tenants", web::post().to(tenants::create))
        .route("/tenants", web::get().to(tenants::list))
        .route("/tenants/{id}", web::get().to(tenants::get))
        .route("/tenants/{id}", web::delete().to(tenants::delete))
        .route("/tenants/{id}/{vendor}", web::get().to(data::counts))
        .route("/tenants/{id}/{vendor}/settings", web::get().to(tenants::settings))
        .route("/tenants/{id}/{vendor}/settings", web::post().to(tenants::change_settings))
        .route("/tenants/{id}/{vendor}/generate", web::post().to(generate::generate))
        .route("/tenants/{id}/{vendor}/{collection}", web::post().to(tenants::arrange))
        .route("/tenants/{id}/{vendor}/{collection}", web::get().to(data::page))
        .route("/reset", web::post().to(tenants::reset))
        .route("/requests", web::get().to(requests::find))
        .route("/requests", web::delete().to(requests::clear))
        .route("/faults", web::post().to(faults::add))
        .route("/faults", web::get().to(faults::list))
        .route("/faults", web::delete().to(faults::clear))
        .route("/faults/{id}", web::delete().to(faults::remove))
        .route("/clock", web::get().to(clock::get))
        .route("/clock", web::put().to(clock::set))
        .route("/clock", web::delete().to(clock::reset))
        .route("/snapshots", web::post().to(snapshots::save))
        .route("/snapshots", web::get().to(snapshots::list))
        .route("/snapshots/{name}/restore", web::post().to(snapshots::restore))
        .route("/snapshots/{name}", web::delete().to(snapshots::delete))
        .route("/webhooks", web::post().to(webhooks::subscribe))
        .route("/webhooks", web::get().to(webhooks::list))
        .route("/webhooks/deliveries", web::get().to(webhooks::deliveries))
        .route("/webhooks/public-key", web::get().to(webhooks::public_key))
        .route("/webhooks/{id}", web::delete().to(webhooks::remove));
    for (path, content_type, text) in ui::FILES {
        scope = scope.route(path, web::get().to(move || async move { ui::file(content_type, text) }));
    }
    for vendor in vendors {
        let vendor = vendor.clone();
        scope = scope.configure(move |cfg| vendor.configure_admin(cfg));
    }
    scope.default_service(web::to(not_found))
}

async fn not_found(req: actix_web::HttpRequest) -> Result<actix_web::HttpResponse, AdminError> {
    Err(AdminError::NotFound(format!("no admin route for {} {}", req.method(), req.path())))
}

//! The control plane under `/__admin`: health, tenants and their data, reset, the request
//! journal, fault rules, the clock and snapshots. Vendor-agnostic: vendors are reached only
//! through `core::Vendor`.

use actix_web::web;

mod clock;
mod error;
mod faults;
mod health;
mod requests;
mod snapshots;
mod tenants;

pub use error::AdminError;

/// Largest admin request body (arranging thousands of records at once).
pub(crate) const BODY_LIMIT: usize = 32 * 1024 * 1024;

pub fn scope() -> actix_web::Scope {
    web::scope("/__admin")
        .route("/health", web::get().to(health::health))
        .route("/tenants", web::post().to(tenants::create))
        .route("/tenants", web::get().to(tenants::list))
        .route("/tenants/{id}", web::get().to(tenants::get))
        .route("/tenants/{id}", web::delete().to(tenants::delete))
        .route("/tenants/{id}/{vendor}/{collection}", web::post().to(tenants::arrange))
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
        .default_service(web::to(not_found))
}

async fn not_found(req: actix_web::HttpRequest) -> Result<actix_web::HttpResponse, AdminError> {
    Err(AdminError::NotFound(format!("no admin route for {} {}", req.method(), req.path())))
}

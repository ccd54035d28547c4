//! `GET /__admin/health`.

use actix_web::{HttpResponse, web};
use serde_json::json;

use crate::core::Core;

pub async fn health(core: web::Data<Core>) -> HttpResponse {
    HttpResponse::Ok().json(json!({
        "status": "ok",
        "version": env!("CARGO_PKG_VERSION"),
        "vendors": core.vendor_names(),
    }))
}

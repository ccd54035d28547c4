//! Fault rules: `POST|GET|DELETE /__admin/faults`, `DELETE /__admin/faults/{id}`.

use actix_web::{HttpResponse, web};
use serde_json::json;

use super::error::{AdminError, parse_json};
use crate::core::Core;
use crate::core::faults::{FaultSpec, validate};

pub async fn add(core: web::Data<Core>, body: web::Bytes) -> Result<HttpResponse, AdminError> {
    let mut spec: FaultSpec = parse_json(&body)?;
    spec.vendor = spec.vendor.map(|v| v.to_ascii_lowercase());
    let pattern = validate(&spec, &core.vendor_names()).map_err(AdminError::BadRequest)?;
    Ok(HttpResponse::Created().json(core.faults.add(spec, pattern)))
}

pub async fn list(core: web::Data<Core>) -> HttpResponse {
    HttpResponse::Ok().json(json!({"faults": core.faults.list()}))
}

pub async fn clear(core: web::Data<Core>) -> HttpResponse {
    core.faults.clear();
    HttpResponse::NoContent().finish()
}

pub async fn remove(core: web::Data<Core>, id: web::Path<String>) -> Result<HttpResponse, AdminError> {
    let found = id.parse::<u64>().is_ok_and(|n| core.faults.remove(n));
    if found { Ok(HttpResponse::NoContent().finish()) } else { Err(AdminError::NotFound(format!("no fault rule '{id}'"))) }
}

//! Fault rules: `POST|GET|DELETE /__admin/faults`, `DELETE /__admin/faults/{id}`.

use actix_web::{HttpResponse, web};
use serde_json::json;

use super::error::{AdminError, RawBody, parse_object};
use crate::core::Core;
use crate::core::faults::{FaultSpec, validate};
use crate::core::tenant;

pub async fn add(core: web::Data<Core>, RawBody(body): RawBody) -> Result<HttpResponse, AdminError> {
    let mut spec: FaultSpec = parse_object(&body)?;
    spec.vendor = spec.vendor.map(|v| v.to_ascii_lowercase());
    let pattern = validate(&spec, &core.vendor_names()).map_err(AdminError::BadRequest)?;
    if let Some(id) = spec.tenant.clone() {
        let key = id.clone();
        if core.db.read(move |tx| tenant::find(tx, &key).map_err(AdminError::from)).await?.is_none() {
            return Err(AdminError::NotFound(format!("tenant: no tenant '{id}'")));
        }
    }
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

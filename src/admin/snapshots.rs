//! Snapshots: `POST /__admin/snapshots` `{"name", "tenant"?}`, `GET /__admin/snapshots`,
//! `POST /__admin/snapshots/{name}/restore`, `DELETE /__admin/snapshots/{name}`.

use actix_web::{HttpResponse, web};
use serde::Deserialize;
use serde_json::json;

use super::error::{AdminError, RawBody, parse_object};
use crate::core::clock::to_rfc3339_millis;
use crate::core::tenant;
use crate::core::{Core, snapshot};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Save {
    name: String,
    tenant: Option<String>,
}

/// 1-100 letters, digits, `-`, `_` or `.`, and not `.` or `..`, which clients that normalise
/// URLs would drop from `/__admin/snapshots/{name}/restore`.
fn check_name(name: &str) -> Result<(), AdminError> {
    let ok = !name.is_empty() && name.len() <= 100 && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b));
    if !ok {
        return Err(AdminError::BadRequest(format!("name: '{name}' must be 1-100 letters, digits, '-', '_' or '.'")));
    }
    if name == "." || name == ".." {
        return Err(AdminError::BadRequest(format!("name: '{name}' is a path segment of its own; choose another name")));
    }
    Ok(())
}

pub async fn save(core: web::Data<Core>, RawBody(body): RawBody) -> Result<HttpResponse, AdminError> {
    let req: Save = parse_object(&body)?;
    check_name(&req.name)?;
    let created_at = to_rfc3339_millis(core.clock.now());
    let worker = core.clone();
    let saved = core
        .db
        .write(move |tx| {
            let tenant = match &req.tenant {
                Some(id) => {
                    Some(tenant::find(tx, id)?.ok_or_else(|| AdminError::NotFound(format!("tenant: no tenant '{id}'")))?.id)
                }
                None => None,
            };
            Ok::<_, AdminError>(snapshot::save(&worker, tx, &req.name, tenant.as_ref(), &created_at)?)
        })
        .await?;
    Ok(HttpResponse::Created().json(saved))
}

pub async fn list(core: web::Data<Core>) -> Result<HttpResponse, AdminError> {
    let snapshots = core.db.read(|tx| snapshot::list(tx).map_err(AdminError::from)).await?;
    Ok(HttpResponse::Ok().json(json!({"snapshots": snapshots})))
}

pub async fn restore(core: web::Data<Core>, name: web::Path<String>) -> Result<HttpResponse, AdminError> {
    let name = name.into_inner();
    check_name(&name)?;
    let worker = core.clone();
    let key = name.clone();
    let restored = core
        .db
        .write(move |tx| {
            snapshot::restore(&worker, tx, &key).map_err(|e| match e.sqlite_error_code() {
                // A unique value in the snapshot (an API key, say) now belongs to another tenant.
                Some(rusqlite::ErrorCode::ConstraintViolation) => AdminError::Conflict(format!(
                    "snapshot '{key}' cannot be restored: a unique value in it (such as a credential) is now used by another tenant"
                )),
                _ => AdminError::from(e),
            })
        })
        .await?;
    core.credentials.invalidate();
    restored.map(|s| HttpResponse::Ok().json(s)).ok_or_else(|| AdminError::NotFound(format!("no snapshot '{name}'")))
}

pub async fn delete(core: web::Data<Core>, name: web::Path<String>) -> Result<HttpResponse, AdminError> {
    let name = name.into_inner();
    check_name(&name)?;
    let key = name.clone();
    let removed = core.db.write(move |tx| snapshot::delete(tx, &key).map_err(AdminError::from)).await?;
    if removed { Ok(HttpResponse::NoContent().finish()) } else { Err(AdminError::NotFound(format!("no snapshot '{name}'"))) }
}

//! Tenants and their data: `POST|GET /__admin/tenants`, `GET|DELETE /__admin/tenants/{id}`,
//! arranging records (`POST /__admin/tenants/{id}/{vendor}/{collection}`) and `POST /__admin/reset`.

use actix_web::{HttpResponse, web};
use serde::Deserialize;
use serde_json::{Value, json};

use super::error::{AdminError, RawBody, parse_body, parse_json};
use crate::core::Core;
use crate::core::tenant::{self, SeedKind, TenantId};

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct CreateTenant {
    #[serde(default)]
    seed: SeedKind,
}

/// `POST /__admin/tenants` → 201 with the id and credentials for every vendor.
pub async fn create(core: web::Data<Core>, RawBody(body): RawBody) -> Result<HttpResponse, AdminError> {
    let req: CreateTenant = parse_body(&body)?;
    let now = core.clock.now();
    let worker = core.clone();
    let record = core.db.write(move |tx| worker.create_tenant(tx, req.seed, now).map_err(AdminError::from)).await?;
    Ok(HttpResponse::Created().json(record))
}

pub async fn list(core: web::Data<Core>) -> Result<HttpResponse, AdminError> {
    let records = core.db.read(|tx| tenant::list(tx).map_err(AdminError::from)).await?;
    let tenants: Vec<Value> =
        records.into_iter().map(|r| json!({"id": r.id, "seed": r.seed, "created_at": r.created_at})).collect();
    Ok(HttpResponse::Ok().json(json!({"tenants": tenants})))
}

pub async fn get(core: web::Data<Core>, id: web::Path<String>) -> Result<HttpResponse, AdminError> {
    let id = id.into_inner();
    let key = id.clone();
    let record = core.db.read(move |tx| tenant::find(tx, &key).map_err(AdminError::from)).await?;
    record.map(|r| HttpResponse::Ok().json(r)).ok_or_else(|| no_tenant(&id))
}

fn no_tenant(id: &str) -> AdminError {
    AdminError::NotFound(format!("no tenant '{id}'"))
}

/// `DELETE /__admin/tenants/{id}` → 204; the tenant and all its data are gone.
pub async fn delete(core: web::Data<Core>, id: web::Path<String>) -> Result<HttpResponse, AdminError> {
    let id = TenantId::from(id.as_str());
    let worker = core.clone();
    let tenant = id.clone();
    let removed = core.db.write(move |tx| worker.delete_tenant(tx, &tenant).map_err(AdminError::from)).await?;
    core.credentials.invalidate();
    if removed { Ok(HttpResponse::NoContent().finish()) } else { Err(no_tenant(id.as_str())) }
}

/// `POST /__admin/tenants/{id}/{vendor}/{collection}` with a JSON array of records in the
/// vendor's wire shape → 201 `{"count", "ids"}`. All records or none.
pub async fn arrange(
    core: web::Data<Core>,
    path: web::Path<(String, String, String)>,
    RawBody(body): RawBody,
) -> Result<HttpResponse, AdminError> {
    let (id, vendor_name, collection) = path.into_inner();
    let vendor = core.vendor(&vendor_name).cloned().ok_or_else(|| {
        AdminError::NotFound(format!("unknown vendor '{vendor_name}' (known: {})", core.vendor_names().join(", ")))
    })?;
    if !vendor.collections().contains(&collection.as_str()) {
        let known = match vendor.collections() {
            [] => format!("{vendor_name} has none yet"),
            names => format!("known: {}", names.join(", ")),
        };
        return Err(AdminError::NotFound(format!("unknown collection '{collection}' ({known})")));
    }
    let key = id.clone();
    if core.db.read(move |tx| tenant::find(tx, &key).map_err(AdminError::from)).await?.is_none() {
        return Err(no_tenant(&id));
    }
    let records = match parse_json(&body)? {
        Value::Array(records) => records,
        Value::Object(record) => vec![Value::Object(record)],
        _ => return Err(AdminError::BadRequest("the body must be a JSON array of records (or one record)".into())),
    };
    let now = core.clock.now();
    let ids = core
        .db
        .write(move |tx| {
            // The tenant may have been deleted since it was looked up.
            if tenant::find(tx, &id)?.is_none() {
                return Err(no_tenant(&id));
            }
            Ok(vendor.arrange(tx, &TenantId::from(id.as_str()), &collection, &records, now)?)
        })
        .await?;
    Ok(HttpResponse::Created().json(json!({"count": ids.len(), "ids": ids})))
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Reset {
    tenant: Option<String>,
}

/// `POST /__admin/reset`: every tenant back to its seed, and the journal, fault rules and clock
/// cleared; with `{"tenant": id}`, only that tenant's data.
pub async fn reset(core: web::Data<Core>, RawBody(body): RawBody) -> Result<HttpResponse, AdminError> {
    let req: Reset = parse_body(&body)?;
    let now = core.clock.now();
    let worker = core.clone();
    let count = match req.tenant {
        Some(id) => {
            core.db
                .write(move |tx| {
                    let record =
                        tenant::find(tx, &id)?.ok_or_else(|| AdminError::NotFound(format!("tenant: no tenant '{id}'")))?;
                    worker.reset_tenant(tx, &record, now)?;
                    Ok::<_, AdminError>(1)
                })
                .await?
        }
        None => {
            let count = core.db.write(move |tx| worker.reset_all(tx, now).map_err(AdminError::from)).await?;
            core.journal.clear();
            core.faults.clear();
            core.clock.reset();
            count
        }
    };
    core.credentials.invalidate();
    Ok(HttpResponse::Ok().json(json!({"status": "ok", "tenants": count})))
}

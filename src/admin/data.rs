//! A tenant's stored records, for looking at them: `GET /__admin/tenants/{id}/{vendor}` counts
//! each collection; `GET /__admin/tenants/{id}/{vendor}/{collection}?offset&limit&sort&dir`
//! answers a page of its rows as stored, sorted by any column (`core::browse`).

use actix_web::{HttpRequest, HttpResponse, web};
use serde_json::json;

use super::error::AdminError;
use super::tenants::{existing, known_collection, vendor_and_tenant, vendor_named};
use crate::core::browse::{self, BrowseError, MAX_LIMIT, Paging};
use crate::core::{Core, TenantId};

/// Rows of a page when the request names no limit.
const DEFAULT_LIMIT: i64 = 50;

pub async fn counts(core: web::Data<Core>, path: web::Path<(String, String)>) -> Result<HttpResponse, AdminError> {
    let (id, vendor_name) = path.into_inner();
    let (vendor, tenant) = vendor_and_tenant(&core, &id, &vendor_name).await?;
    let counts = core.db.read(move |tx| browse::counts(tx, &tenant, vendor.collections()).map_err(AdminError::from)).await?;
    Ok(HttpResponse::Ok().json(json!({"tenant": id, "vendor": vendor_name, "collections": counts})))
}

pub async fn page(
    core: web::Data<Core>,
    path: web::Path<(String, String, String)>,
    req: HttpRequest,
) -> Result<HttpResponse, AdminError> {
    let (id, vendor_name, name) = path.into_inner();
    let vendor = vendor_named(&core, &vendor_name)?;
    let collection = known_collection(vendor.as_ref(), &name)?;
    let paging = paging(req.query_string())?;
    existing(&core, &id).await?;
    let Some(table) = collection.table else {
        return Err(AdminError::NotFound(format!("{name} are not records of their own (they change other records)")));
    };
    let tenant = TenantId::from(id.as_str());
    let page = core
        .db
        .read(move |tx| {
            browse::page(tx, &tenant, table, &paging).map_err(|e| match e {
                BrowseError::UnknownColumn(..) => AdminError::BadRequest(e.to_string()),
                BrowseError::Db(e) => AdminError::from(e),
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

fn paging(query: &str) -> Result<Paging, AdminError> {
    let mut paging = Paging { sort: None, descending: false, offset: 0, limit: DEFAULT_LIMIT };
    for (name, value) in form_urlencoded::parse(query.as_bytes()) {
        let bad = |why: &str| AdminError::BadRequest(format!("{name}: '{value}' {why}"));
        match name.as_ref() {
            "offset" => {
                paging.offset = value.parse().ok().filter(|n| *n >= 0).ok_or_else(|| bad("is not a non-negative integer"))?
            }
            "limit" => {
                paging.limit = value
                    .parse()
                    .ok()
                    .filter(|n| (1..=MAX_LIMIT).contains(n))
                    .ok_or_else(|| bad(&format!("is not an integer from 1 to {MAX_LIMIT}")))?
            }
            "sort" => paging.sort = Some(value.clone().into_owned()),
            "dir" => {
                paging.descending = match value.as_ref() {
                    "asc" => false,
                    "desc" => true,
                    _ => return Err(bad("is not asc or desc")),
                }
            }
            other => {
                return Err(AdminError::BadRequest(format!("unknown parameter '{other}' (known: offset, limit, sort, dir)")));
            }
        }
    }
    Ok(paging)
}

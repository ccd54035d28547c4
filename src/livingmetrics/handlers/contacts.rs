//! Contacts: List Contacts (and Get Prospects, the same route), Get Contact Count, Get Contact
//! Details.

use actix_web::{HttpRequest, HttpResponse, web};

use crate::core::Core;

use super::super::auth::ApiKey;
use super::super::error::{LivingMetricsError, Result};
use super::super::filters;
use super::super::model::Count;
use super::super::store::contacts as store;

/// List Contacts / Get Prospects: `GET /v1/contacts`.
pub async fn list(core: web::Data<Core>, key: ApiKey, req: HttpRequest) -> Result<HttpResponse> {
    let query = filters::contacts(req.query_string())?;
    let paging = query.paging;
    super::read_page(&core, key.tenant, paging, move |tx, tenant| Ok(store::page(tx, tenant, &query)?)).await
}

/// Get Contact Count: `GET /v1/contacts/count`.
pub async fn count(core: web::Data<Core>, key: ApiKey, req: HttpRequest) -> Result<HttpResponse> {
    let filter = filters::contact_count(req.query_string())?;
    let tenant = key.tenant;
    let count = core.db.read(move |tx| Ok::<_, LivingMetricsError>(store::count(tx, &tenant, &filter)?)).await?;
    Ok(HttpResponse::Ok().json(Count { count }))
}

/// Get Contact Details: `GET /v1/contacts/{id}`.
pub async fn get(core: web::Data<Core>, key: ApiKey, id: web::Path<String>, req: HttpRequest) -> Result<HttpResponse> {
    let id = super::path_id(&id, "contact")?;
    let include = filters::contact_details(req.query_string())?;
    let tenant = key.tenant;
    let contact = core.db.read(move |tx| Ok::<_, LivingMetricsError>(store::get(tx, &tenant, id, include)?)).await?;
    super::one(contact, "Contact", id)
}

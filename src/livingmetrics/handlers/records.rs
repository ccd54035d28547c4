//! Organizations, histories, contact lists and products.

use actix_web::{HttpRequest, HttpResponse, web};

use crate::core::Core;

use super::super::auth::ApiKey;
use super::super::error::{LivingMetricsError, Result};
use super::super::filters;
use super::super::store::records::{self as store, NamedList};

/// Get Organizations: `GET /v1/organizations`.
pub async fn organizations(core: web::Data<Core>, key: ApiKey, req: HttpRequest) -> Result<HttpResponse> {
    let query = filters::organizations(req.query_string())?;
    let paging = query.paging;
    super::read_page(&core, key.tenant, paging, move |tx, tenant| Ok(store::organizations(tx, tenant, &query)?)).await
}

/// Get Histories: `GET /v1/histories`.
pub async fn histories(core: web::Data<Core>, key: ApiKey, req: HttpRequest) -> Result<HttpResponse> {
    let query = filters::histories(req.query_string())?;
    let paging = query.paging;
    super::read_page(&core, key.tenant, paging, move |tx, tenant| Ok(store::histories(tx, tenant, &query)?)).await
}

/// Get Static Contact Lists: `GET /v1/contact_lists` (static lists visible to sales users).
pub async fn contact_lists(core: web::Data<Core>, key: ApiKey, req: HttpRequest) -> Result<HttpResponse> {
    let query = filters::contact_lists(req.query_string())?;
    let paging = query.paging;
    super::read_page(&core, key.tenant, paging, move |tx, tenant| Ok(store::contact_lists(tx, tenant, &query)?)).await
}

/// List Products (Units): `GET /v1/products`, newest first.
pub async fn products(core: web::Data<Core>, key: ApiKey, req: HttpRequest) -> Result<HttpResponse> {
    let paging = filters::products(req.query_string())?;
    super::read_page(&core, key.tenant, paging, move |tx, tenant| Ok(store::products(tx, tenant, &paging)?)).await
}

/// Get Product by ID: `GET /v1/products/{id}`.
pub async fn product(core: web::Data<Core>, key: ApiKey, id: web::Path<String>, req: HttpRequest) -> Result<HttpResponse> {
    let id = super::path_id(&id, "product")?;
    filters::no_parameters(req.query_string())?;
    let tenant = key.tenant;
    let product = core.db.read(move |tx| Ok::<_, LivingMetricsError>(store::product(tx, &tenant, id)?)).await?;
    super::one(product, "Product", id)
}

/// Get Product Statuses: `GET /v1/products/statuses`.
pub async fn product_statuses(core: web::Data<Core>, key: ApiKey, req: HttpRequest) -> Result<HttpResponse> {
    super::named_list(core, key, req.query_string(), NamedList::ProductStatuses).await
}

//! LivingMetrics handlers: read the query into its typed form (the filters module), call one
//! store function in one read transaction, answer the list envelope
//! `{"data", "page", "limit", "total"}`, `{"data": {...}}` or `{"count"}`.

pub mod contacts;
pub mod fields;
pub mod records;
pub mod tasks;

use actix_web::{HttpResponse, web};
use serde::Serialize;

use crate::core::Tx;
use crate::core::{Core, TenantId};

use super::auth::ApiKey;
use super::error::{LivingMetricsError, Result};
use super::filters::{self, Paging, parse_id};
use super::model::{One, Page};
use super::store::records::{self as store, NamedList};

/// A page of records with its total.
pub fn page<T: Serialize>(data: Vec<T>, total: i64, paging: Paging) -> HttpResponse {
    HttpResponse::Ok().json(Page { data, page: paging.page, limit: paging.limit, total })
}

/// Reads one page of the tenant's records with `read`, in one read transaction, and answers it.
pub async fn read_page<T, F>(core: &Core, tenant: TenantId, paging: Paging, read: F) -> Result<HttpResponse>
where
    T: Serialize + Send + 'static,
    F: FnOnce(&Tx, &TenantId) -> std::result::Result<(Vec<T>, i64), LivingMetricsError> + Send + 'static,
{
    let (data, total) = core.db.read(move |tx| read(tx, &tenant)).await?;
    Ok(page(data, total, paging))
}

/// One record, or a 404 naming it.
pub fn one<T: Serialize>(record: Option<T>, noun: &str, id: i64) -> Result<HttpResponse> {
    match record {
        Some(data) => Ok(HttpResponse::Ok().json(One { data })),
        None => Err(LivingMetricsError::NotFound(format!("{noun} {id} not found"))),
    }
}

/// A record id from the path (`/v1/contacts/{id}`, `/v1/tasks/{id}.json`).
pub fn path_id(text: &str, noun: &str) -> Result<i64> {
    parse_id(text)
        .ok_or_else(|| LivingMetricsError::BadRequest(format!("Invalid {noun} id '{text}': expected a positive integer")))
}

/// One of the id-and-name lists, in id order.
pub async fn named_list(core: web::Data<Core>, key: ApiKey, query: &str, list: NamedList) -> Result<HttpResponse> {
    let paging = filters::named_list(query)?;
    read_page(&core, key.tenant, paging, move |tx, tenant| Ok(store::named(tx, tenant, list, paging)?)).await
}

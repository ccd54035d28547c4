//! LivingMetrics handlers: parse the query, call one store function in one read, answer the
//! list envelope `{"data", "page", "limit", "total"}`, `{"data": {...}}` or `{"count"}`.

pub mod contacts;
pub mod fields;
pub mod records;
pub mod tasks;

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Serialize;

use crate::core::Core;
use crate::core::sql::{Column, Filter};

use super::auth::ApiKey;
use super::error::{LivingMetricsError, Result};
use super::model::{One, Page};
use super::params::{Paging, Params, parse_id};
use super::store::records::{NamedList, named_from_row, page_of};

/// A page of records with its total.
pub fn page<T: Serialize>(data: Vec<T>, total: i64, paging: Paging) -> HttpResponse {
    HttpResponse::Ok().json(Page { data, page: paging.page, limit: paging.limit, total })
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
pub async fn named_list(core: web::Data<Core>, key: ApiKey, req: HttpRequest, list: NamedList) -> Result<HttpResponse> {
    let params = Params::parse(req.query_string(), &["page", "limit"])?;
    let paging = params.paging(100)?;
    let filter = Filter::for_tenant(Column::new("n.tenant_id"), &key.tenant);
    let (data, total) = core
        .db
        .read(move |tx| {
            Ok::<_, LivingMetricsError>(page_of(
                tx,
                "n.id, n.name",
                list.from(),
                &filter,
                "n.id",
                paging.window(),
                named_from_row,
            )?)
        })
        .await?;
    Ok(page(data, total, paging))
}

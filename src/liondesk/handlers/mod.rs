//! LionDesk handlers: one module per Feathers service, most of them a `service::Service`; the
//! helpers every handler shares.

pub mod addresses;
pub mod contacts;
pub mod custom_fields;
pub mod events;
pub mod hotnesses;
pub mod me;
pub mod oauth;
pub mod service;
pub mod sources;
pub mod tags;
pub mod tasks;
pub mod teams;
pub mod users;

use actix_web::HttpResponse;
use serde::Serialize;
use serde_json::value::RawValue;

use super::error::LionDeskError;
use super::query::{Limits, Query, Resource, parse};
use crate::core::CoreError;

/// The page object of every find.
#[derive(Serialize)]
struct Page<'a> {
    total: i64,
    limit: i64,
    skip: i64,
    data: &'a [Box<RawValue>],
}

/// The page object of every find, `{"total", "limit", "skip", "data"}`, around the records'
/// serialized answers.
pub fn page(total: i64, query: &Query, data: &[Box<RawValue>]) -> HttpResponse {
    HttpResponse::Ok().json(Page { total, limit: query.limit, skip: query.skip, data })
}

/// A record's answer, serialized once: a page is written around it without reading it again.
pub fn answer(record: &impl Serialize) -> Result<Box<RawValue>, LionDeskError> {
    serde_json::value::to_raw_value(record).map_err(|e| LionDeskError::GeneralError(CoreError::Io(e.into())))
}

/// Parses the query string of any request on `resource` (find, and the id routes, whose query
/// further narrows the record, as Feathers' `get + query` does).
pub fn query_of(req: &actix_web::HttpRequest, resource: &'static Resource) -> Result<Query, LionDeskError> {
    let limits = req.app_data::<Limits>().copied().unwrap_or_default();
    Ok(parse(req.query_string(), resource, limits)?)
}

/// A record id from the path. Anything but a positive integer names no record: 404, quoting
/// the id as given, as Feathers does.
pub fn path_id(raw: &str) -> Result<i64, LionDeskError> {
    raw.parse::<i64>().ok().filter(|id| *id > 0).ok_or_else(|| LionDeskError::no_record(raw))
}

/// 405 for a method a service does not offer.
pub fn not_supported(
    method: &'static str,
    allow: &'static str,
) -> impl Fn() -> std::future::Ready<Result<HttpResponse, LionDeskError>> + Clone {
    move || std::future::ready(Err(LionDeskError::method_not_supported(method, allow)))
}

/// 405 for patch or remove without an id (Feathers' `multi` is off).
pub fn no_multi(
    message: &'static str,
    allow: &'static str,
) -> impl Fn() -> std::future::Ready<Result<HttpResponse, LionDeskError>> + Clone {
    move || std::future::ready(Err(LionDeskError::MethodNotAllowed { message: message.to_owned(), allow }))
}

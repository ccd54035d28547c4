//! Contacts: List Contacts (and Get Prospects, the same route), Get Contact Count, Get Contact
//! Details.

use actix_web::{HttpRequest, HttpResponse, web};

use crate::core::Core;

use super::super::auth::ApiKey;
use super::super::error::{LivingMetricsError, Result};
use super::super::fields::contact_order;
use super::super::filters::{self, CONTACT_FILTERS};
use super::super::model::Count;
use super::super::params::Params;
use super::super::store::contacts::{self, Include};

const LIST_PARAMS: &[&str] = &["page", "limit", "include_deals", "include_timeline", "order", "order_by"];

/// List Contacts / Get Prospects: `GET /v1/contacts`.
pub async fn list(core: web::Data<Core>, key: ApiKey, req: HttpRequest) -> Result<HttpResponse> {
    let allowed: Vec<&'static str> = LIST_PARAMS.iter().chain(CONTACT_FILTERS).copied().collect();
    let params = Params::parse(req.query_string(), &allowed)?;
    let paging = params.paging(100)?;
    let order = (contact_order(params.get("order_by"))?, params.order()?);
    let include = Include { deals: params.flag("include_deals")?, timeline: params.flag("include_timeline")? };
    let filter = filters::contacts(&params, &key.tenant)?;
    let tenant = key.tenant;
    let (data, total) = core
        .db
        .read(move |tx| Ok::<_, LivingMetricsError>(contacts::page(tx, &tenant, &filter, order, paging.window(), include)?))
        .await?;
    Ok(super::page(data, total, paging))
}

/// Get Contact Count: `GET /v1/contacts/count`.
pub async fn count(core: web::Data<Core>, key: ApiKey, req: HttpRequest) -> Result<HttpResponse> {
    let params = Params::parse(req.query_string(), CONTACT_FILTERS)?;
    let filter = filters::contacts(&params, &key.tenant)?;
    let count = core.db.read(move |tx| Ok::<_, LivingMetricsError>(contacts::count(tx, &filter)?)).await?;
    Ok(HttpResponse::Ok().json(Count { count }))
}

/// Get Contact Details: `GET /v1/contacts/{id}`.
pub async fn get(core: web::Data<Core>, key: ApiKey, id: web::Path<String>, req: HttpRequest) -> Result<HttpResponse> {
    let id = super::path_id(&id, "contact")?;
    let params = Params::parse(req.query_string(), &["include_deals"])?;
    let include = Include { deals: params.flag("include_deals")?, timeline: false };
    let tenant = key.tenant;
    let contact = core.db.read(move |tx| Ok::<_, LivingMetricsError>(contacts::get(tx, &tenant, id, include)?)).await?;
    super::one(contact, "Contact", id)
}

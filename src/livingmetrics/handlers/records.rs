//! Organizations, histories, contact lists and products.

use actix_web::{HttpRequest, HttpResponse, web};
use rusqlite::types::Value;

use crate::core::Core;
use crate::core::sql::{Column, Filter, like_contains};

use super::super::auth::ApiKey;
use super::super::error::{LivingMetricsError, Result};
use super::super::fields::{contact_list_order, organization_order};
use super::super::filters::{self, HISTORY_PARAMS};
use super::super::params::Params;
use super::super::store::records::{
    self, CONTACT_LIST_COLUMNS, HISTORY_COLUMNS, NamedList, ORGANIZATION_COLUMNS, PRODUCT_COLUMNS, PRODUCT_ORDER,
    contact_list_from_row, history_from_row, organization_from_row, page_of, product_from_row,
};

/// Get Organizations: `GET /v1/organizations`.
pub async fn organizations(core: web::Data<Core>, key: ApiKey, req: HttpRequest) -> Result<HttpResponse> {
    let params = Params::parse(req.query_string(), &["page", "limit", "tags", "tag", "search_term", "order", "order_by"])?;
    let paging = params.paging(100)?;
    let dir = params.order()?.keyword();
    let order = format!("{} {dir}, o.id {dir}", organization_order(params.get("order_by"))?.as_str());
    let mut f = Filter::for_tenant(Column::new("o.tenant_id"), &key.tenant);
    if let Some(ids) = params.ids("tags")? {
        f.and_list(
            "EXISTS (SELECT 1 FROM lm_organization_tag_links k WHERE k.tenant_id = o.tenant_id AND k.organization_id = o.id AND k.tag_id IN (?*))",
            ids.into_iter().map(Value::Integer).collect(),
        );
    }
    if let Some(name) = params.get("tag") {
        f.and(
            "EXISTS (SELECT 1 FROM lm_organization_tag_links k JOIN lm_organization_tags g ON g.tenant_id = k.tenant_id AND g.id = k.tag_id
                     WHERE k.tenant_id = o.tenant_id AND k.organization_id = o.id AND g.name = ?)",
            [Value::Text(name.to_owned())],
        );
    }
    if let Some(term) = params.get("search_term") {
        f.and("o.search_text LIKE ? ESCAPE '\\'", [Value::Text(like_contains(&term.to_lowercase()))]);
    }
    let (data, total) = core
        .db
        .read(move |tx| {
            Ok::<_, LivingMetricsError>(page_of(
                tx,
                ORGANIZATION_COLUMNS,
                "lm_organizations o",
                &f,
                &order,
                paging.window(),
                organization_from_row,
            )?)
        })
        .await?;
    Ok(super::page(data, total, paging))
}

/// Get Histories: `GET /v1/histories`.
pub async fn histories(core: web::Data<Core>, key: ApiKey, req: HttpRequest) -> Result<HttpResponse> {
    let params = Params::parse(req.query_string(), HISTORY_PARAMS)?;
    let paging = params.paging(100)?;
    let dir = params.order()?.keyword();
    let order = format!("h.created_at {dir}, h.id {dir}");
    let f = filters::histories(&params, &key.tenant)?;
    let (data, total) = core
        .db
        .read(move |tx| {
            Ok::<_, LivingMetricsError>(page_of(
                tx,
                HISTORY_COLUMNS,
                "lm_histories h",
                &f,
                &order,
                paging.window(),
                history_from_row,
            )?)
        })
        .await?;
    Ok(super::page(data, total, paging))
}

/// Get Static Contact Lists: `GET /v1/contact_lists` (static lists visible to sales users;
/// 10 a page by default).
pub async fn contact_lists(core: web::Data<Core>, key: ApiKey, req: HttpRequest) -> Result<HttpResponse> {
    let params = Params::parse(req.query_string(), &["page", "limit", "tag", "order", "order_by"])?;
    let paging = params.paging(10)?;
    let dir = params.order()?.keyword();
    let order = format!("{} {dir}, l.id {dir}", contact_list_order(params.get("order_by"))?.as_str());
    let mut f = Filter::for_tenant(Column::new("l.tenant_id"), &key.tenant);
    f.and("l.is_static = 1 AND l.sales_visible = 1", []);
    if let Some(tag) = params.get("tag") {
        f.and("EXISTS (SELECT 1 FROM json_each(l.tags) j WHERE j.value = ? COLLATE NOCASE)", [Value::Text(tag.to_owned())]);
    }
    let (data, total) = core
        .db
        .read(move |tx| {
            Ok::<_, LivingMetricsError>(page_of(
                tx,
                CONTACT_LIST_COLUMNS,
                "lm_contact_lists l",
                &f,
                &order,
                paging.window(),
                contact_list_from_row,
            )?)
        })
        .await?;
    Ok(super::page(data, total, paging))
}

/// List Products (Units): `GET /v1/products`, newest first.
pub async fn products(core: web::Data<Core>, key: ApiKey, req: HttpRequest) -> Result<HttpResponse> {
    let params = Params::parse(req.query_string(), &["limit", "page"])?;
    let paging = params.paging(100)?;
    let f = Filter::for_tenant(Column::new("p.tenant_id"), &key.tenant);
    let (data, total) = core
        .db
        .read(move |tx| {
            Ok::<_, LivingMetricsError>(page_of(
                tx,
                PRODUCT_COLUMNS,
                "lm_products p",
                &f,
                PRODUCT_ORDER,
                paging.window(),
                product_from_row,
            )?)
        })
        .await?;
    Ok(super::page(data, total, paging))
}

/// Get Product by ID: `GET /v1/products/{id}`.
pub async fn product(core: web::Data<Core>, key: ApiKey, id: web::Path<String>, req: HttpRequest) -> Result<HttpResponse> {
    let id = super::path_id(&id, "product")?;
    Params::parse(req.query_string(), &[])?;
    let tenant = key.tenant;
    let product = core.db.read(move |tx| Ok::<_, LivingMetricsError>(records::product(tx, &tenant, id)?)).await?;
    super::one(product, "Product", id)
}

/// Get Product Statuses: `GET /v1/products/statuses`.
pub async fn product_statuses(core: web::Data<Core>, key: ApiKey, req: HttpRequest) -> Result<HttpResponse> {
    super::named_list(core, key, req, NamedList::ProductStatuses).await
}

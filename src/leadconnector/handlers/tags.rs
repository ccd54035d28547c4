//! Tags of a contact: Add Tags (`POST /contacts/:contactId/tags`, 201) and Remove Tags
//! (`DELETE /contacts/:contactId/tags`, 200), both with `TagsDTO` (`{"tags": [...]}`) and both
//! answering `{"tags"}`, the contact's tags after the change. Adding is a set union in the order
//! first given; removing matches tags exactly.

use actix_web::{HttpRequest, HttpResponse, web};
use serde_json::json;

use super::super::auth::{Caller, Location};
use super::super::body::JsonBody;
use super::super::error::Result;
use super::super::model::contact_input::clean_tags;
use super::super::store::contacts as store;
use super::super::validate::{self, Kind, req};
use super::super::webhooks;
use super::contacts::contact_of;
use super::{Access, on_contact};
use crate::core::Core;

/// The tags of a `TagsDTO` body.
fn tags_of(body: &serde_json::Value) -> Result<Vec<String>> {
    let map = validate::object(body, &[req("tags", Kind::Strings)])?;
    let tags = map.get("tags").and_then(|t| t.as_array()).into_iter().flatten();
    Ok(clean_tags(tags.filter_map(|t| t.as_str())))
}

async fn change(
    req: HttpRequest,
    caller: Caller,
    core: web::Data<Core>,
    body: serde_json::Value,
    add: bool,
) -> Result<Vec<String>> {
    let given = tags_of(&body)?;
    on_contact(&req, caller, &core, Access::Write, move |tx, caller, id| {
        let mut contact = contact_of(tx, caller, id)?;
        let before = contact.clone();
        let mut tags = contact.tags();
        if add {
            tags = clean_tags(tags.iter().chain(&given).map(String::as_str));
        } else {
            tags.retain(|t| !given.contains(t));
        }
        contact.set_tags(tags.clone());
        contact.date_updated = caller.now.timestamp_millis();
        store::update(tx, caller.tenant(), &contact)?;
        webhooks::contact_changed(tx, caller, &before, &contact)?;
        Ok(tags)
    })
    .await
}

/// Add Tags: 201 `{"tags"}`.
pub async fn add(
    req: HttpRequest,
    Location(caller): Location,
    core: web::Data<Core>,
    JsonBody(body): JsonBody,
) -> Result<HttpResponse> {
    let tags = change(req, caller, core, body, true).await?;
    Ok(HttpResponse::Created().json(json!({ "tags": tags })))
}

/// Remove Tags: 200 `{"tags"}`.
pub async fn remove(
    req: HttpRequest,
    Location(caller): Location,
    core: web::Data<Core>,
    JsonBody(body): JsonBody,
) -> Result<HttpResponse> {
    let tags = change(req, caller, core, body, false).await?;
    Ok(HttpResponse::Ok().json(json!({ "tags": tags })))
}

//! The tags service (the tags page): Find All Tags, Get One Tag, Submit one Tag, Update one
//! Tag, and removal (answers the tag removed). A user sees and changes only their own tags.
//! Renaming a tag renames it in the `tags` text of every contact its owner owns ("It will
//! update the name of the tag for all contacts that have that tag").

use actix_web::http::header;
use actix_web::middleware::DefaultHeaders;
use actix_web::{HttpRequest, HttpResponse, web};
use rusqlite::Transaction;
use serde_json::Value;

use crate::core::clock::to_rfc3339_millis;
use crate::core::ids::next_id;
use crate::core::{Core, TenantId};

use super::super::auth::User;
use super::super::body::JsonBody;
use super::super::error::{LionDeskError, Result, page_not_found};
use super::super::lists::{Tag, TagChanges};
use super::super::model::TEXT_FIELDS;
use super::super::query::fields::TAGS;
use super::super::store::tags as store;
use super::{no_multi, not_supported, page, path_id, query_of, select};

const ALLOW: &str = "GET,POST,PATCH,DELETE";

pub fn configure(cfg: &mut web::ServiceConfig) {
    let allow = || DefaultHeaders::new().add((header::ALLOW, ALLOW));
    cfg.service(
        web::resource("/tags")
            .wrap(allow())
            .route(web::get().to(find))
            .route(web::head().to(find))
            .route(web::post().to(create))
            .route(web::patch().to(no_multi("Can not patch multiple entries", ALLOW)))
            .route(web::delete().to(no_multi("Can not remove multiple entries", ALLOW)))
            .route(web::put().to(not_supported("update", ALLOW)))
            .default_service(web::to(page_not_found)),
    )
    .service(
        web::resource("/tags/{id}")
            .wrap(allow())
            .route(web::get().to(get))
            .route(web::head().to(get))
            .route(web::patch().to(patch))
            .route(web::delete().to(remove))
            .route(web::put().to(not_supported("update", ALLOW)))
            .default_service(web::to(page_not_found)),
    );
}

/// Find All Tags: `GET /tags` (`content=A&content=B` finds either).
async fn find(core: web::Data<Core>, user: User, req: HttpRequest) -> Result<HttpResponse> {
    let query = query_of(&req, &TAGS)?;
    let q = query.clone();
    let (rows, total) = core.db.read(move |tx| Ok::<_, LionDeskError>(store::find(tx, &user.tenant, user.id, &q)?)).await?;
    Ok(page(total, &query, rows.iter().map(|t| select(t.to_json(), &query)).collect()))
}

/// Get One Tag: `GET /tags/:id`.
async fn get(core: web::Data<Core>, user: User, id: web::Path<String>, req: HttpRequest) -> Result<HttpResponse> {
    let raw = id.into_inner();
    let id = path_id(&raw)?;
    let query = query_of(&req, &TAGS)?;
    let q = query.clone();
    let found = core.db.read(move |tx| Ok::<_, LionDeskError>(store::get(tx, &user.tenant, user.id, id, Some(&q))?)).await?;
    let tag = found.ok_or_else(|| LionDeskError::no_record(&raw))?;
    Ok(HttpResponse::Ok().json(select(tag.to_json(), &query)))
}

/// Submit one Tag: `POST /tags` → 201; the submitter owns it.
async fn create(core: web::Data<Core>, user: User, JsonBody(body): JsonBody, req: HttpRequest) -> Result<HttpResponse> {
    if body.is_array() {
        return Err(LionDeskError::MethodNotAllowed { message: "Can not create multiple entries".into(), allow: ALLOW });
    }
    let query = query_of(&req, &TAGS)?;
    let changes = TagChanges::from_json(&body)?;
    let tag = core
        .db
        .write(move |tx| {
            let id = next_id(tx, &user.tenant, "ld_tags")?;
            let tag = changes.create(id, user.id)?;
            store::insert(tx, &user.tenant, &tag)?;
            Ok::<_, LionDeskError>(tag)
        })
        .await?;
    Ok(HttpResponse::Created().json(select(tag.to_json(), &query)))
}

/// Update one Tag: `PATCH /tags/:id`; a new `content` renames the tag on the owner's contacts too.
async fn patch(
    core: web::Data<Core>,
    user: User,
    id: web::Path<String>,
    JsonBody(body): JsonBody,
    req: HttpRequest,
) -> Result<HttpResponse> {
    let raw = id.into_inner();
    let id = path_id(&raw)?;
    let query = query_of(&req, &TAGS)?;
    let changes = TagChanges::from_json(&body)?;
    let now = to_rfc3339_millis(core.clock.now());
    let q = query.clone();
    let found = core
        .db
        .write(move |tx| {
            let Some(tag) = store::get(tx, &user.tenant, user.id, id, Some(&q))? else {
                return Ok::<_, LionDeskError>(None);
            };
            let next = changes.apply(&tag);
            store::update(tx, &user.tenant, &next)?;
            if next.content != tag.content {
                rename_on_contacts(tx, &user.tenant, &tag, &next.content, &now)?;
            }
            Ok(Some(next))
        })
        .await?;
    let tag = found.ok_or_else(|| LionDeskError::no_record(&raw))?;
    Ok(HttpResponse::Ok().json(select(tag.to_json(), &query)))
}

/// `DELETE /tags/:id` answers the tag removed; contacts keep their `tags` text.
async fn remove(core: web::Data<Core>, user: User, id: web::Path<String>, req: HttpRequest) -> Result<HttpResponse> {
    let raw = id.into_inner();
    let id = path_id(&raw)?;
    let query = query_of(&req, &TAGS)?;
    let q = query.clone();
    let found = core
        .db
        .write(move |tx| {
            let tag = store::get(tx, &user.tenant, user.id, id, Some(&q))?;
            if tag.is_some() {
                store::delete(tx, &user.tenant, id)?;
            }
            Ok::<_, LionDeskError>(tag)
        })
        .await?;
    let tag = found.ok_or_else(|| LionDeskError::no_record(&raw))?;
    Ok(HttpResponse::Ok().json(select(tag.to_json(), &query)))
}

/// Renames `tag` to `content` in the `tags` of its owner's contacts (stamping their
/// `modified_at`); a 400, and nothing renamed, if a contact's tags would outgrow their limit.
fn rename_on_contacts(tx: &Transaction, tenant: &TenantId, tag: &Tag, content: &str, now: &str) -> Result<()> {
    let limit = TEXT_FIELDS.iter().find(|(name, _)| *name == "tags").map_or(508, |(_, max)| *max);
    for (contact, tags) in store::contacts_tagged(tx, tenant, tag.user_id, tag.content.trim())? {
        let Some(renamed) = rename_tag(&tags, &tag.content, content) else { continue };
        if renamed.chars().count() > limit {
            let reason = format!("would make the tags of contact {contact} longer than {limit} characters");
            return Err(LionDeskError::invalid_field("content", &reason, &Value::from(content)));
        }
        store::set_contact_tags(tx, tenant, contact, &renamed, now)?;
    }
    Ok(())
}

/// `tags` (a contact's comma-separated tags) with every tag equal to `old` (ignoring ASCII case
/// and the spaces around it) renamed to `new`, the rest of the text kept as it was; `None` when
/// no tag matched.
pub fn rename_tag(tags: &str, old: &str, new: &str) -> Option<String> {
    let old = old.trim();
    let mut changed = false;
    let pieces: Vec<String> = tags
        .split(',')
        .map(|piece| {
            let trimmed = piece.trim();
            if !trimmed.eq_ignore_ascii_case(old) {
                return piece.to_owned();
            }
            changed = true;
            let start = piece.len() - piece.trim_start().len();
            format!("{}{}{}", &piece[..start], new.trim(), &piece[start + trimmed.len()..])
        })
        .collect();
    changed.then(|| pieces.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renaming_a_tag_keeps_the_rest_of_the_text() {
        assert_eq!(rename_tag("Buyer, seller ,Hot", "Seller", "Vendor").as_deref(), Some("Buyer, Vendor ,Hot"));
        assert_eq!(rename_tag("Buyer,Buyer", "buyer", "Lead").as_deref(), Some("Lead,Lead"));
        assert_eq!(rename_tag("First-time Buyer", "Buyer", "Lead"), None);
        assert_eq!(rename_tag("", "Buyer", "Lead"), None);
    }
}

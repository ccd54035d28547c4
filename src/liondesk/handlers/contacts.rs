//! The contacts service (`vendor-docs/liondesk.txt`): Find All Contacts, Get One Contact,
//! Submit one Contact, Update one Contact, Remove; the answers embed addresses, hotness,
//! custom field values and source as the document's examples do.

use actix_web::http::header;
use actix_web::middleware::DefaultHeaders;
use actix_web::{HttpRequest, HttpResponse, web};

use crate::core::Core;
use crate::core::clock::to_rfc3339_millis;

use super::super::auth::User;
use super::super::body::JsonBody;
use super::super::contacts as rules;
use super::super::error::{LionDeskError, Result, page_not_found};
use super::super::model::ContactChanges;
use super::super::query::fields::CONTACTS;
use super::super::store::contacts as store;
use super::super::store::embeds::{Wanted, render};
use super::{no_multi, not_supported, page, path_id, query_of, select};

/// Feathers sets `Allow` on every answer of a service: the HTTP methods of the service methods
/// it has (find/get, create, patch, remove), the same on both routes.
const ALLOW: &str = "GET,POST,PATCH,DELETE";

pub fn configure(cfg: &mut web::ServiceConfig) {
    let allow = || DefaultHeaders::new().add((header::ALLOW, ALLOW));
    cfg.service(
        // Express routes without strict routing: a trailing slash names the same route.
        web::resource(["/contacts", "/contacts/"])
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
        web::resource(["/contacts/{id}", "/contacts/{id}/"])
            .wrap(allow())
            .route(web::get().to(get))
            .route(web::head().to(get))
            .route(web::patch().to(patch))
            .route(web::delete().to(remove))
            .route(web::put().to(not_supported("update", ALLOW)))
            .default_service(web::to(page_not_found)),
    );
}

/// Find All Contacts: `GET /contacts` with the Feathers query language.
async fn find(core: web::Data<Core>, user: User, req: HttpRequest) -> Result<HttpResponse> {
    let query = query_of(&req, &CONTACTS)?;
    let wanted = Wanted::from_select(query.select.as_deref());
    let q = query.clone();
    let (records, total) = core
        .db
        .read(move |tx| {
            let (contacts, total) = store::find(tx, &user.tenant, user.id, &q)?;
            Ok::<_, LionDeskError>((render(tx, &user.tenant, user.id, &contacts, wanted)?, total))
        })
        .await?;
    let data = records.into_iter().map(|r| select(r, &query)).collect();
    Ok(page(total, &query, data))
}

/// Get One Contact: `GET /contacts/:id`; a contact the user may not see is a 404.
async fn get(core: web::Data<Core>, user: User, id: web::Path<String>, req: HttpRequest) -> Result<HttpResponse> {
    let raw = id.into_inner();
    let id = path_id(&raw)?;
    let query = query_of(&req, &CONTACTS)?;
    let wanted = Wanted::from_select(query.select.as_deref());
    let q = query.clone();
    let record = core
        .db
        .read(move |tx| {
            let Some(contact) = store::get_visible(tx, &user.tenant, user.id, id, Some(&q))? else {
                return Ok::<_, LionDeskError>(None);
            };
            Ok(render(tx, &user.tenant, user.id, &[contact], wanted)?.pop())
        })
        .await?;
    let record = record.ok_or_else(|| LionDeskError::no_record(&raw))?;
    Ok(HttpResponse::Ok().json(select(record, &query)))
}

/// Submit one Contact: `POST /contacts` → 201 with the stored contact; the submitter owns it.
async fn create(core: web::Data<Core>, user: User, JsonBody(body): JsonBody, req: HttpRequest) -> Result<HttpResponse> {
    if body.is_array() {
        return Err(LionDeskError::MethodNotAllowed { message: "Can not create multiple entries".into(), allow: ALLOW });
    }
    let query = query_of(&req, &CONTACTS)?;
    let changes = ContactChanges::from_json(&body)?;
    let now = to_rfc3339_millis(core.clock.now());
    let record = core
        .db
        .write(move |tx| {
            let contact = rules::create(tx, &user.tenant, user.id, None, &changes, &now)?;
            Ok::<_, LionDeskError>(render(tx, &user.tenant, user.id, &[contact], Wanted::ALL)?.pop())
        })
        .await?;
    let record = record.unwrap_or_default();
    Ok(HttpResponse::Created().json(select(record, &query)))
}

/// Update one Contact: `PATCH /contacts/:id` merges the body and answers the whole contact.
async fn patch(
    core: web::Data<Core>,
    user: User,
    id: web::Path<String>,
    JsonBody(body): JsonBody,
    req: HttpRequest,
) -> Result<HttpResponse> {
    let raw = id.into_inner();
    let id = path_id(&raw)?;
    let query = query_of(&req, &CONTACTS)?;
    let changes = ContactChanges::from_json(&body)?;
    let now = to_rfc3339_millis(core.clock.now());
    let q = query.clone();
    let record = core
        .db
        .write(move |tx| {
            let Some(contact) = store::get_visible(tx, &user.tenant, user.id, id, Some(&q))? else {
                return Ok::<_, LionDeskError>(None);
            };
            let next = rules::patch(tx, &user.tenant, user.id, &contact, &changes, &now)?;
            Ok(render(tx, &user.tenant, user.id, &[next], Wanted::ALL)?.pop())
        })
        .await?;
    let record = record.ok_or_else(|| LionDeskError::no_record(&raw))?;
    Ok(HttpResponse::Ok().json(select(record, &query)))
}

/// Remove: `DELETE /contacts/:id` answers the contact as it was. Only its owner may remove it;
/// others who can see it get 403.
async fn remove(core: web::Data<Core>, user: User, id: web::Path<String>, req: HttpRequest) -> Result<HttpResponse> {
    let raw = id.into_inner();
    let id = path_id(&raw)?;
    let query = query_of(&req, &CONTACTS)?;
    let q = query.clone();
    let record = core
        .db
        .write(move |tx| {
            let Some(contact) = store::get_visible(tx, &user.tenant, user.id, id, Some(&q))? else {
                return Ok::<_, LionDeskError>(None);
            };
            if contact.owner_user_id != user.id {
                return Err(LionDeskError::Forbidden("Only the owner of a contact may remove it".into()));
            }
            let record = render(tx, &user.tenant, user.id, &[contact], Wanted::ALL)?.pop();
            store::delete(tx, &user.tenant, id)?;
            Ok(record)
        })
        .await?;
    let record = record.ok_or_else(|| LionDeskError::no_record(&raw))?;
    Ok(HttpResponse::Ok().json(select(record, &query)))
}

//! The custom fields service (the custom fields page): Find All Custom Fields, Get One, Submit
//! one, Update one, and removal (answers the field removed, with its values gone from every
//! contact). A user sees and changes only their own. Their values are set through contacts.

use actix_web::http::header;
use actix_web::middleware::DefaultHeaders;
use actix_web::{HttpRequest, HttpResponse, web};

use crate::core::Core;
use crate::core::ids::next_id;

use super::super::auth::User;
use super::super::body::JsonBody;
use super::super::error::{LionDeskError, Result, page_not_found};
use super::super::lists::CustomFieldChanges;
use super::super::query::fields::CUSTOM_FIELDS;
use super::super::store::custom_fields as store;
use super::{no_multi, not_supported, page, path_id, query_of, select};

const ALLOW: &str = "GET,POST,PATCH,DELETE";

pub fn configure(cfg: &mut web::ServiceConfig) {
    let allow = || DefaultHeaders::new().add((header::ALLOW, ALLOW));
    cfg.service(
        web::resource("/custom-fields")
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
        web::resource("/custom-fields/{id}")
            .wrap(allow())
            .route(web::get().to(get))
            .route(web::head().to(get))
            .route(web::patch().to(patch))
            .route(web::delete().to(remove))
            .route(web::put().to(not_supported("update", ALLOW)))
            .default_service(web::to(page_not_found)),
    );
}

/// Find All Custom Fields: `GET /custom-fields`.
async fn find(core: web::Data<Core>, user: User, req: HttpRequest) -> Result<HttpResponse> {
    let query = query_of(&req, &CUSTOM_FIELDS)?;
    let q = query.clone();
    let (rows, total) = core.db.read(move |tx| Ok::<_, LionDeskError>(store::find(tx, &user.tenant, user.id, &q)?)).await?;
    Ok(page(total, &query, rows.iter().map(|f| select(f.to_json(), &query)).collect()))
}

/// Get One Custom Field: `GET /custom-fields/:id`.
async fn get(core: web::Data<Core>, user: User, id: web::Path<String>, req: HttpRequest) -> Result<HttpResponse> {
    let raw = id.into_inner();
    let id = path_id(&raw)?;
    let query = query_of(&req, &CUSTOM_FIELDS)?;
    let q = query.clone();
    let found = core.db.read(move |tx| Ok::<_, LionDeskError>(store::get(tx, &user.tenant, user.id, id, Some(&q))?)).await?;
    let field = found.ok_or_else(|| LionDeskError::no_record(&raw))?;
    Ok(HttpResponse::Ok().json(select(field.to_json(), &query)))
}

/// Submit one Custom Field: `POST /custom-fields` → 201; the submitter owns it.
async fn create(core: web::Data<Core>, user: User, JsonBody(body): JsonBody, req: HttpRequest) -> Result<HttpResponse> {
    if body.is_array() {
        return Err(LionDeskError::MethodNotAllowed { message: "Can not create multiple entries".into(), allow: ALLOW });
    }
    let query = query_of(&req, &CUSTOM_FIELDS)?;
    let changes = CustomFieldChanges::from_json(&body)?;
    let field = core
        .db
        .write(move |tx| {
            let id = next_id(tx, &user.tenant, "ld_custom_fields")?;
            let field = changes.create(id, user.id)?;
            store::insert(tx, &user.tenant, &field)?;
            Ok::<_, LionDeskError>(field)
        })
        .await?;
    Ok(HttpResponse::Created().json(select(field.to_json(), &query)))
}

/// Update one Custom Field: `PATCH /custom-fields/:id` merges the body.
async fn patch(
    core: web::Data<Core>,
    user: User,
    id: web::Path<String>,
    JsonBody(body): JsonBody,
    req: HttpRequest,
) -> Result<HttpResponse> {
    let raw = id.into_inner();
    let id = path_id(&raw)?;
    let query = query_of(&req, &CUSTOM_FIELDS)?;
    let changes = CustomFieldChanges::from_json(&body)?;
    let q = query.clone();
    let found = core
        .db
        .write(move |tx| {
            let Some(field) = store::get(tx, &user.tenant, user.id, id, Some(&q))? else {
                return Ok::<_, LionDeskError>(None);
            };
            let next = changes.apply(&field);
            store::update(tx, &user.tenant, &next)?;
            Ok(Some(next))
        })
        .await?;
    let field = found.ok_or_else(|| LionDeskError::no_record(&raw))?;
    Ok(HttpResponse::Ok().json(select(field.to_json(), &query)))
}

/// `DELETE /custom-fields/:id` answers the custom field removed; its values go with it.
async fn remove(core: web::Data<Core>, user: User, id: web::Path<String>, req: HttpRequest) -> Result<HttpResponse> {
    let raw = id.into_inner();
    let id = path_id(&raw)?;
    let query = query_of(&req, &CUSTOM_FIELDS)?;
    let q = query.clone();
    let found = core
        .db
        .write(move |tx| {
            let field = store::get(tx, &user.tenant, user.id, id, Some(&q))?;
            if field.is_some() {
                store::delete(tx, &user.tenant, id)?;
            }
            Ok::<_, LionDeskError>(field)
        })
        .await?;
    let field = found.ok_or_else(|| LionDeskError::no_record(&raw))?;
    Ok(HttpResponse::Ok().json(select(field.to_json(), &query)))
}

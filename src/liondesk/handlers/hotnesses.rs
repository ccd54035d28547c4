//! The hotnesses service (the hotnesses page): Retrieving Hotnesses (find, get), Submitting a
//! hotness, Updating hotnesses, Removing hotnesses (answers the hotness removed). A user sees
//! and changes only their own; contacts that had a removed hotness are left without one.

use actix_web::http::header;
use actix_web::middleware::DefaultHeaders;
use actix_web::{HttpRequest, HttpResponse, web};

use crate::core::Core;
use crate::core::ids::next_id;

use super::super::auth::User;
use super::super::body::JsonBody;
use super::super::error::{LionDeskError, Result, page_not_found};
use super::super::lists::{Hotness, HotnessChanges};
use super::super::query::fields::HOTNESSES;
use super::super::store::hotnesses as store;
use super::{no_multi, not_supported, page, path_id, query_of, select};

const ALLOW: &str = "GET,POST,PATCH,DELETE";

pub fn configure(cfg: &mut web::ServiceConfig) {
    let allow = || DefaultHeaders::new().add((header::ALLOW, ALLOW));
    cfg.service(
        web::resource("/hotnesses")
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
        web::resource("/hotnesses/{id}")
            .wrap(allow())
            .route(web::get().to(get))
            .route(web::head().to(get))
            .route(web::patch().to(patch))
            .route(web::delete().to(remove))
            .route(web::put().to(not_supported("update", ALLOW)))
            .default_service(web::to(page_not_found)),
    );
}

/// Retrieving Hotnesses: `GET /hotnesses`, by `user_id` then `rank` unless `$sort` says otherwise.
async fn find(core: web::Data<Core>, user: User, req: HttpRequest) -> Result<HttpResponse> {
    let query = query_of(&req, &HOTNESSES)?;
    let q = query.clone();
    let (rows, total) = core.db.read(move |tx| Ok::<_, LionDeskError>(store::find(tx, &user.tenant, user.id, &q)?)).await?;
    Ok(page(total, &query, rows.iter().map(|h| select(h.to_json(), &query)).collect()))
}

/// `GET /hotnesses/:id`.
async fn get(core: web::Data<Core>, user: User, id: web::Path<String>, req: HttpRequest) -> Result<HttpResponse> {
    let raw = id.into_inner();
    let id = path_id(&raw)?;
    let query = query_of(&req, &HOTNESSES)?;
    let q = query.clone();
    let found = core.db.read(move |tx| Ok::<_, LionDeskError>(store::get(tx, &user.tenant, user.id, id, Some(&q))?)).await?;
    let hotness = found.ok_or_else(|| LionDeskError::no_record(&raw))?;
    Ok(HttpResponse::Ok().json(select(hotness.to_json(), &query)))
}

/// Submitting a hotness: `POST /hotnesses` → 201; the submitter owns it.
async fn create(core: web::Data<Core>, user: User, JsonBody(body): JsonBody, req: HttpRequest) -> Result<HttpResponse> {
    if body.is_array() {
        return Err(LionDeskError::MethodNotAllowed { message: "Can not create multiple entries".into(), allow: ALLOW });
    }
    let query = query_of(&req, &HOTNESSES)?;
    let changes = HotnessChanges::from_json(&body)?;
    let hotness = core
        .db
        .write(move |tx| {
            let id = next_id(tx, &user.tenant, "ld_hotnesses")?;
            let hotness = changes.apply(&Hotness { id, user_id: user.id, name: None, rank: None, color: None });
            store::insert(tx, &user.tenant, &hotness)?;
            Ok::<_, LionDeskError>(hotness)
        })
        .await?;
    Ok(HttpResponse::Created().json(select(hotness.to_json(), &query)))
}

/// Updating hotnesses: `PATCH /hotnesses/:id` merges the body.
async fn patch(
    core: web::Data<Core>,
    user: User,
    id: web::Path<String>,
    JsonBody(body): JsonBody,
    req: HttpRequest,
) -> Result<HttpResponse> {
    let raw = id.into_inner();
    let id = path_id(&raw)?;
    let query = query_of(&req, &HOTNESSES)?;
    let changes = HotnessChanges::from_json(&body)?;
    let q = query.clone();
    let found = core
        .db
        .write(move |tx| {
            let Some(hotness) = store::get(tx, &user.tenant, user.id, id, Some(&q))? else {
                return Ok::<_, LionDeskError>(None);
            };
            let next = changes.apply(&hotness);
            store::update(tx, &user.tenant, &next)?;
            Ok(Some(next))
        })
        .await?;
    let hotness = found.ok_or_else(|| LionDeskError::no_record(&raw))?;
    Ok(HttpResponse::Ok().json(select(hotness.to_json(), &query)))
}

/// Removing hotnesses: `DELETE /hotnesses/:id` answers the hotness removed.
async fn remove(core: web::Data<Core>, user: User, id: web::Path<String>, req: HttpRequest) -> Result<HttpResponse> {
    let raw = id.into_inner();
    let id = path_id(&raw)?;
    let query = query_of(&req, &HOTNESSES)?;
    let q = query.clone();
    let found = core
        .db
        .write(move |tx| {
            let hotness = store::get(tx, &user.tenant, user.id, id, Some(&q))?;
            if hotness.is_some() {
                store::delete(tx, &user.tenant, id)?;
            }
            Ok::<_, LionDeskError>(hotness)
        })
        .await?;
    let hotness = found.ok_or_else(|| LionDeskError::no_record(&raw))?;
    Ok(HttpResponse::Ok().json(select(hotness.to_json(), &query)))
}

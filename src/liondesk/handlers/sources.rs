//! The contact sources service (the sources page): Retrieving Sources (find, get), Submitting a
//! source, Updating sources, Removing sources (answers the source removed). A user sees and
//! changes only the sources they created; contacts that had a removed source are left without one.

use actix_web::http::header;
use actix_web::middleware::DefaultHeaders;
use actix_web::{HttpRequest, HttpResponse, web};

use crate::core::Core;
use crate::core::clock::to_rfc3339_millis;
use crate::core::ids::next_id;

use super::super::auth::User;
use super::super::body::JsonBody;
use super::super::error::{LionDeskError, Result, page_not_found};
use super::super::lists::{Source, SourceChanges};
use super::super::query::fields::CONTACT_SOURCES;
use super::super::store::sources as store;
use super::{no_multi, not_supported, page, path_id, query_of, select};

const ALLOW: &str = "GET,POST,PATCH,DELETE";

pub fn configure(cfg: &mut web::ServiceConfig) {
    let allow = || DefaultHeaders::new().add((header::ALLOW, ALLOW));
    cfg.service(
        web::resource("/contact-sources")
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
        web::resource("/contact-sources/{id}")
            .wrap(allow())
            .route(web::get().to(get))
            .route(web::head().to(get))
            .route(web::patch().to(patch))
            .route(web::delete().to(remove))
            .route(web::put().to(not_supported("update", ALLOW)))
            .default_service(web::to(page_not_found)),
    );
}

/// Retrieving Sources: `GET /contact-sources`.
async fn find(core: web::Data<Core>, user: User, req: HttpRequest) -> Result<HttpResponse> {
    let query = query_of(&req, &CONTACT_SOURCES)?;
    let q = query.clone();
    let (rows, total) = core.db.read(move |tx| Ok::<_, LionDeskError>(store::find(tx, &user.tenant, user.id, &q)?)).await?;
    Ok(page(total, &query, rows.iter().map(|s| select(s.to_json(), &query)).collect()))
}

/// `GET /contact-sources/:id`.
async fn get(core: web::Data<Core>, user: User, id: web::Path<String>, req: HttpRequest) -> Result<HttpResponse> {
    let raw = id.into_inner();
    let id = path_id(&raw)?;
    let query = query_of(&req, &CONTACT_SOURCES)?;
    let q = query.clone();
    let found = core.db.read(move |tx| Ok::<_, LionDeskError>(store::get(tx, &user.tenant, user.id, id, Some(&q))?)).await?;
    let source = found.ok_or_else(|| LionDeskError::no_record(&raw))?;
    Ok(HttpResponse::Ok().json(select(source.to_json(), &query)))
}

/// Submitting a source: `POST /contact-sources` → 201; the submitter owns it.
async fn create(core: web::Data<Core>, user: User, JsonBody(body): JsonBody, req: HttpRequest) -> Result<HttpResponse> {
    if body.is_array() {
        return Err(LionDeskError::MethodNotAllowed { message: "Can not create multiple entries".into(), allow: ALLOW });
    }
    let query = query_of(&req, &CONTACT_SOURCES)?;
    let changes = SourceChanges::from_json(&body)?;
    let now = to_rfc3339_millis(core.clock.now());
    let source = core
        .db
        .write(move |tx| {
            let id = next_id(tx, &user.tenant, "ld_contact_sources")?;
            let source = changes.apply(&Source { id, user_id: user.id, name: None, created_at: now });
            store::insert(tx, &user.tenant, &source)?;
            Ok::<_, LionDeskError>(source)
        })
        .await?;
    Ok(HttpResponse::Created().json(select(source.to_json(), &query)))
}

/// Updating sources: `PATCH /contact-sources/:id` merges the body.
async fn patch(
    core: web::Data<Core>,
    user: User,
    id: web::Path<String>,
    JsonBody(body): JsonBody,
    req: HttpRequest,
) -> Result<HttpResponse> {
    let raw = id.into_inner();
    let id = path_id(&raw)?;
    let query = query_of(&req, &CONTACT_SOURCES)?;
    let changes = SourceChanges::from_json(&body)?;
    let q = query.clone();
    let found = core
        .db
        .write(move |tx| {
            let Some(source) = store::get(tx, &user.tenant, user.id, id, Some(&q))? else {
                return Ok::<_, LionDeskError>(None);
            };
            let next = changes.apply(&source);
            store::update(tx, &user.tenant, &next)?;
            Ok(Some(next))
        })
        .await?;
    let source = found.ok_or_else(|| LionDeskError::no_record(&raw))?;
    Ok(HttpResponse::Ok().json(select(source.to_json(), &query)))
}

/// Removing sources: `DELETE /contact-sources/:id` answers the source removed.
async fn remove(core: web::Data<Core>, user: User, id: web::Path<String>, req: HttpRequest) -> Result<HttpResponse> {
    let raw = id.into_inner();
    let id = path_id(&raw)?;
    let query = query_of(&req, &CONTACT_SOURCES)?;
    let q = query.clone();
    let found = core
        .db
        .write(move |tx| {
            let source = store::get(tx, &user.tenant, user.id, id, Some(&q))?;
            if source.is_some() {
                store::delete(tx, &user.tenant, id)?;
            }
            Ok::<_, LionDeskError>(source)
        })
        .await?;
    let source = found.ok_or_else(|| LionDeskError::no_record(&raw))?;
    Ok(HttpResponse::Ok().json(select(source.to_json(), &query)))
}

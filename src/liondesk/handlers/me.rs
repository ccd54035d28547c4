//! `GET /me`: the user the bearer token belongs to (LionDesk's access-tokens page).

use actix_web::{HttpResponse, web};

use crate::core::Core;

use super::super::auth::User;
use super::super::error::{LionDeskError, Result};
use super::super::store::users;
use super::not_supported;

const ALLOW: &str = "GET";

/// Registers `/me` (with or without a trailing slash), which answers only GET (and HEAD); a
/// method it has no route for is Feathers' 404, as on every service.
pub fn configure(cfg: &mut web::ServiceConfig) {
    for pattern in ["/me", "/me/"] {
        cfg.service(
            web::resource(pattern)
                .route(web::get().to(me))
                .route(web::head().to(me))
                .route(web::post().to(not_supported("create", ALLOW)))
                .route(web::put().to(not_supported("update", ALLOW)))
                .route(web::patch().to(not_supported("patch", ALLOW)))
                .route(web::delete().to(not_supported("remove", ALLOW)))
                .default_service(web::to(super::super::error::page_not_found)),
        );
    }
}

/// `{id, first_name, last_name, email, timezone_offset, created_at, modified_at, timezone}`.
async fn me(core: web::Data<Core>, user: User) -> Result<HttpResponse> {
    let found = core.db.read(move |tx| Ok::<_, LionDeskError>(users::me(tx, &user.tenant, user.id)?)).await?;
    let me = found.ok_or_else(|| LionDeskError::NotAuthenticated("Invalid access token".into()))?;
    Ok(HttpResponse::Ok().json(me))
}

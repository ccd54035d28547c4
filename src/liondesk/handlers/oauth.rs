//! The OAuth endpoints (LionDesk's authentication pages): `GET /oauth2/authorize`
//! (authorization-code and implicit grants) and `POST /oauth2/token` (`authorization_code` and
//! `refresh_token` grants, JSON or form body). Their errors are RFC 6749's `{"error",
//! "error_description"}`, never Feathers'.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};

use crate::core::Core;
use crate::core::oauth::{self, OAuthError, Params};

use super::super::body::RawBody;
use super::super::error::{LionDeskError, page_not_found};
use super::super::oauth::{POLICY, TokenResponse, subject};

/// Another method on an OAuth path finds no route in the Express app: Feathers' 404.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/oauth2/authorize").route(web::get().to(authorize)).default_service(web::to(page_not_found)))
        .service(web::resource("/oauth2/token").route(web::post().to(token)).default_service(web::to(page_not_found)));
}

fn header_of(req: &HttpRequest, name: header::HeaderName) -> Option<&str> {
    req.headers().get(name).and_then(|v| v.to_str().ok())
}

/// Authorization-code and implicit grants: approves at once and answers 302 to the
/// `redirect_uri` with `?code=` or `#access_token=`, `state` echoed.
async fn authorize(core: web::Data<Core>, req: HttpRequest) -> Result<HttpResponse, LionDeskError> {
    let params = Params::from_form(req.query_string().as_bytes())?;
    let now = core.clock.now();
    let location =
        core.db.write(move |tx| oauth::authorize(tx, &POLICY, &params, now, |client| subject(tx, &params, client))).await?;
    Ok(HttpResponse::Found()
        .insert_header((header::LOCATION, location))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .finish())
}

/// The token endpoint: 200 with `{access_token, refresh_token, expires, expires_in, scope,
/// token_type}`. A client refused while authenticating with HTTP Basic also gets the
/// `WWW-Authenticate` challenge (RFC 6749 §5.2).
async fn token(
    core: web::Data<Core>,
    req: HttpRequest,
    body: Result<RawBody, LionDeskError>,
) -> Result<HttpResponse, LionDeskError> {
    let basic = oauth::uses_basic(header_of(&req, header::AUTHORIZATION));
    let issued = grant(core, &req, body).await.map_err(|error| LionDeskError::OAuth { error, basic })?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header((header::PRAGMA, "no-cache"))
        .json(TokenResponse::from(issued)))
}

async fn grant(
    core: web::Data<Core>,
    req: &HttpRequest,
    body: Result<RawBody, LionDeskError>,
) -> Result<oauth::Issued, OAuthError> {
    let RawBody(bytes) = body.map_err(|e| OAuthError::invalid_request(e.to_string()))?;
    let params = Params::of_token_request(header_of(req, header::CONTENT_TYPE), &bytes)?;
    let credentials = oauth::client_credentials(header_of(req, header::AUTHORIZATION), &params)?;
    let now = core.clock.now();
    core.db.write(move |tx| oauth::token(tx, &POLICY, &credentials, &params, now)).await
}

//! The OAuth endpoints (research/liondesk.md §2.2): `GET /oauth2/authorize` (authorization-code
//! and implicit grants) and `POST /oauth2/token` (`authorization_code` and `refresh_token`
//! grants, JSON or form body). Their errors are RFC 6749's `{"error", "error_description"}`.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, ResponseError, web};

use crate::core::Core;

use super::super::body::RawBody;
use super::super::error::{LionDeskError, OAuthError, page_not_found};
use super::super::oauth::{self, Params, TokenResponse};

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
async fn authorize(core: web::Data<Core>, req: HttpRequest) -> Result<HttpResponse, OAuthError> {
    let params = Params::from_form(req.query_string().as_bytes())?;
    let now = core.clock.now();
    let location = core.db.write(move |tx| oauth::authorize(tx, &params, now)).await?;
    Ok(HttpResponse::Found()
        .insert_header((header::LOCATION, location))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .finish())
}

/// The token endpoint: 200 with `{access_token, refresh_token, expires, expires_in, scope,
/// token_type}`. A client refused while authenticating with HTTP Basic also gets the
/// `WWW-Authenticate` challenge (RFC 6749 §5.2).
async fn token(core: web::Data<Core>, req: HttpRequest, body: Result<RawBody, LionDeskError>) -> HttpResponse {
    let basic = oauth::uses_basic(header_of(&req, header::AUTHORIZATION));
    match grant(core, &req, body).await {
        Ok(issued) => HttpResponse::Ok()
            .insert_header((header::CACHE_CONTROL, "no-store"))
            .insert_header((header::PRAGMA, "no-cache"))
            .json(issued),
        Err(e) => {
            let mut response = e.error_response();
            if basic && e.error == "invalid_client" {
                response
                    .headers_mut()
                    .insert(header::WWW_AUTHENTICATE, header::HeaderValue::from_static("Basic realm=\"Service\""));
            }
            response
        }
    }
}

async fn grant(
    core: web::Data<Core>,
    req: &HttpRequest,
    body: Result<RawBody, LionDeskError>,
) -> Result<TokenResponse, OAuthError> {
    let RawBody(bytes) = body.map_err(|e| OAuthError::new(StatusCode::BAD_REQUEST, "invalid_request", e.to_string()))?;
    let params = Params::of_token_request(header_of(req, header::CONTENT_TYPE), &bytes)?;
    let credentials = oauth::client_credentials(header_of(req, header::AUTHORIZATION), &params)?;
    let now = core.clock.now();
    core.db.write(move |tx| oauth::token(tx, &credentials, &params, now)).await
}

//! LiveVox (the Contact API, with the Session API it needs) under `/livevox`, after LiveVox's
//! "Contact API" document: contacts, bulk create, update and CSV download, search trees, DND,
//! contact groups, notes, custom fields and the accounts of a contact. Every call but login,
//! validate and logout needs the `LV-Session` of a login; each route names the roles that may
//! call it (`auth::roles`). Errors are `{"code", "message"}` (`error.rs`).
//!
//! The roles of the files, calls going one way only:
//! - `handlers/`: HTTP in and out, one module per part of the document;
//! - `model/`: wire shapes and their checks;
//! - `store/`: the only SQL;
//! - `arrange/`: the admin API's collections and the seed files, on `model` and `store`.
//!
//! Handlers never reach `arrange`, nor `arrange` handlers.

mod arrange;
mod auth;
mod body;
mod dnd;
mod error;
mod export;
mod handlers;
mod model;
pub mod search;
mod settings;
pub mod store;

use actix_web::http::{Method, StatusCode, header};
use actix_web::middleware::from_fn;
use actix_web::{FromRequest, Handler, HttpRequest, HttpResponse, Resource, Responder, ResponseError, web};
use serde_json::{Map, Value, json};

use crate::core::Tx;
use crate::core::generate::{Drafter, GenerateError, Writing};
use crate::core::ids::{random_alnum, random_hex};
use crate::core::{ArrangeError, Arranging, Collection, Registration, TenantId, Vendor};
use auth::Role;
use auth::roles::{CHANGE, READ, READ_CUSTOM_FIELDS, UPDATE_CUSTOM_FIELDS};
use handlers::{accounts, contacts, custom_fields, groups, notes, session};

pub use error::LvError;

/// The vendor's name in paths, credentials, the admin API and the core tables.
pub const NAME: &str = "livevox";

pub struct LiveVox;

pub const REGISTRATION: Registration = Registration::plain(NAME, |_| Ok(std::sync::Arc::new(LiveVox)));

/// The users a new tenant gets: one per Portal role.
const ROLES: [Role; 5] = Role::ALL;

/// The patterns of `rest` under `category`: without and with a version segment right after
/// the category (`/contact/contacts`, `/contact/v6.0/contacts`), each also with a trailing
/// slash (the document writes `POST /contact/contacts/`). Path parameters are named
/// (`{account}`, `{contact_id}`, `{id}`, `{field}`, `{session_id}`); a versioned path also
/// has `{version}`, so handlers read parameters by name (a struct), never by position.
fn paths(category: &str, rest: &str) -> Vec<String> {
    let mut out = Vec::with_capacity(4);
    for base in [format!("/{category}"), format!("/{category}/{{version:v[0-9]+\\.[0-9]+}}")] {
        out.push(format!("{base}{rest}"));
        out.push(format!("{base}{rest}/"));
    }
    out
}

/// One documented path and the methods it has; `HEAD` answers as `GET` without the body, and
/// any other method is a 405 with `Allow`.
struct Endpoint {
    /// The path's patterns (`paths`).
    patterns: Vec<String>,
    /// Adds one method's route to a resource of one of the patterns.
    routes: Vec<Box<dyn Fn(Resource) -> Resource>>,
    allow: Vec<String>,
}

fn endpoint(category: &str, rest: &str) -> Endpoint {
    Endpoint { patterns: paths(category, rest), routes: Vec::new(), allow: Vec::new() }
}

impl Endpoint {
    /// A Contact API method the `roles` may call (the session and role are checked first).
    fn call<F, Args>(self, method: Method, roles: &'static [Role], handler: F) -> Endpoint
    where
        F: Handler<Args>,
        Args: FromRequest + 'static,
        F::Output: Responder + 'static,
    {
        self.add(method, Some(roles), handler)
    }

    /// A Session API method (no session needed).
    fn open<F, Args>(self, method: Method, handler: F) -> Endpoint
    where
        F: Handler<Args>,
        Args: FromRequest + 'static,
        F::Output: Responder + 'static,
    {
        self.add(method, None, handler)
    }

    fn add<F, Args>(mut self, method: Method, roles: Option<&'static [Role]>, handler: F) -> Endpoint
    where
        F: Handler<Args>,
        Args: FromRequest + 'static,
        F::Output: Responder + 'static,
    {
        let route = move |method: Method, handler: F| {
            let route = web::method(method).to(handler);
            match roles {
                Some(roles) => route.wrap(from_fn(move |req, next| auth::check(roles, req, next))),
                None => route,
            }
        };
        self.allow.push(method.as_str().to_owned());
        if method == Method::GET {
            let handler = handler.clone();
            self.routes.push(Box::new(move |r: Resource| r.route(route(Method::HEAD, handler.clone()))));
            self.allow.push("HEAD".to_owned());
        }
        self.routes.push(Box::new(move |r: Resource| r.route(route(method.clone(), handler.clone()))));
        self
    }

    /// A resource per pattern, each with every method's route. One resource of several patterns
    /// is matched through a regular expression per pattern, even a fixed one; a fixed pattern
    /// alone is a comparison.
    fn done(self) -> Vec<(String, Resource)> {
        let allow = self.allow.join(", ");
        let routes = self.routes;
        self.patterns
            .into_iter()
            .map(|pattern| {
                let allow = allow.clone();
                let resource = routes.iter().fold(web::resource(pattern.as_str()), |r, add| add(r));
                let resource = resource.default_service(web::to(move |req: HttpRequest| {
                    let allow = allow.clone();
                    async move {
                        let error =
                            LvError::MethodNotAllowed(format!("Method {} is not supported on {}", req.method(), req.path()));
                        let mut response = error.error_response();
                        if let Ok(value) = header::HeaderValue::from_str(&allow) {
                            response.headers_mut().insert(header::ALLOW, value);
                        }
                        response
                    }
                }));
                (pattern, resource)
            })
            .collect()
    }
}

async fn no_such_method(req: HttpRequest) -> HttpResponse {
    LvError::NotFound(format!("No such method: {} {}", req.method(), req.path())).error_response()
}

impl Vendor for LiveVox {
    fn name(&self) -> &'static str {
        NAME
    }

    fn schema(&self) -> &'static str {
        include_str!("schema.sql")
    }

    fn openapi(&self) -> Option<&'static [u8]> {
        Some(crate::openapi_document!("livevox"))
    }

    /// The route table, written in the document's order (the Session API first). Fixed paths come
    /// before the `{account}` paths they would otherwise match (docs/fidelity.md).
    fn configure(&self, cfg: &mut web::ServiceConfig) {
        use Method as M;
        let routes = [
            endpoint("session", "/login").open(M::POST, session::login),
            endpoint("session", "/validate/{session_id}").open(M::GET, session::validate),
            endpoint("session", "/logout/{session_id}").open(M::DELETE, session::logout),
            // Bulk Contact Download and Bulk Create Contact share the path: the body decides.
            endpoint("contact", "/contacts/bulk").call(M::POST, CHANGE, contacts::bulk).call(
                M::PUT,
                CHANGE,
                contacts::bulk_update,
            ),
            endpoint("contact", "/contacts/search").call(M::POST, READ, handlers::search::search),
            endpoint("contact", "/contacts/dnd").call(M::POST, CHANGE, contacts::update_dnd_bulk),
            endpoint("contact", "/contacts/customFields").call(M::GET, READ_CUSTOM_FIELDS, custom_fields::list).call(
                M::PUT,
                UPDATE_CUSTOM_FIELDS,
                custom_fields::update,
            ),
            endpoint("contact", "/contacts/customFields/{field}").call(M::GET, READ_CUSTOM_FIELDS, custom_fields::read),
            endpoint("contact", "/contacts").call(M::POST, CHANGE, contacts::create).call(M::GET, READ, contacts::list),
            endpoint("contact", "/contacts/{account}")
                .call(M::GET, READ, contacts::read)
                .call(M::PUT, CHANGE, contacts::update)
                .call(M::DELETE, CHANGE, contacts::delete),
            endpoint("contact", "/contacts/{account}/dnd").call(M::PUT, CHANGE, contacts::update_dnd),
            endpoint("contact", "/contacts/{contact_id}/accounts").call(M::GET, READ, accounts::list),
            endpoint("contact", "/contactGroups").call(M::POST, CHANGE, groups::create).call(M::GET, READ, groups::list),
            endpoint("contact", "/contactGroups/{id}").call(M::GET, READ, groups::read).call(M::PUT, CHANGE, groups::update),
            endpoint("contact", "/contacts/{account}/notes").call(M::GET, READ, notes::list),
            endpoint("contact", "/contacts/{account}/notes/{id}").call(M::GET, READ, notes::read),
        ];
        // Fixed patterns first: each matches only its own path, and the document's order put
        // each before the patterns with parameters it would otherwise match. Then those without
        // a version segment, in the document's order, the Contact API's before the Session
        // API's (their paths share no prefix), and last those with one (no path matches both
        // kinds). Within each kind, fewer segments first: a parameter is one segment, so two
        // patterns of different lengths match no path in common, and those of one length keep
        // the document's order (the sort is stable). A contact's GET so compares its path with
        // the fixed patterns and tries one regular expression, `/contact/contacts/{account}`.
        let mut resources: Vec<(String, Resource)> = routes.into_iter().flat_map(Endpoint::done).collect();
        resources.sort_by_key(|(pattern, _)| {
            let kind = match (pattern.contains('{'), pattern.contains("{version")) {
                (false, _) => 0,
                (true, false) if pattern.starts_with("/contact/") => 1,
                (true, false) => 2,
                (true, true) => 3,
            };
            (kind, pattern.matches('/').count())
        });
        for (_, resource) in resources {
            cfg.service(resource);
        }
        cfg.default_service(web::to(no_such_method));
    }

    fn collections(&self) -> &'static [Collection] {
        arrange::COLLECTIONS
    }

    /// The client (its code, numeric id and API access token) and one user per role.
    fn mint_credentials(&self) -> Value {
        let client = format!("CRMMOCK{}", random_alnum(6).to_uppercase());
        let users: Vec<Value> = ROLES
            .iter()
            .map(|role| {
                let login = role.name().to_lowercase().replace(' ', "");
                json!({"user_name": format!("{login}.{}", random_hex(4)), "password": random_alnum(12), "role": role.name()})
            })
            .collect();
        let token = uuid::Uuid::new_v4().to_string();
        json!({"client_name": client, "client_id": fastrand::i64(100_000..1_000_000), "access_token": token, "users": users})
    }

    fn install(&self, a: &Arranging<'_>, credentials: &Value) -> Result<(), ArrangeError> {
        arrange::install(a, credentials)
    }

    /// The session a call carries (`LV-Session`, or the path's session id on validate and
    /// logout), else the access token a login carries.
    fn credential(&self, req: &HttpRequest) -> Option<String> {
        if let Some(id) = auth::header(req, auth::SESSION_HEADER) {
            return Some(format!("session:{id}"));
        }
        let path = req.path().trim_end_matches('/');
        if path.ends_with("/login") && path.contains("/session") {
            return auth::header(req, auth::ACCESS_HEADER).map(|token| format!("access:{token}"));
        }
        session_in_path(path).map(|id| format!("session:{id}"))
    }

    fn tenant_of(&self, tx: &Tx, credential: &str) -> Option<TenantId> {
        if let Some(id) = credential.strip_prefix("session:") {
            return store::sessions::tenant_of(tx, id).ok().flatten();
        }
        let token = credential.strip_prefix("access:")?;
        store::directory::client_by_token(tx, token).ok().flatten().map(|c| c.tenant)
    }

    fn error_response(&self, status: StatusCode, message: &str) -> HttpResponse {
        error::error_body(status, status.as_u16(), message)
    }

    fn generator(&self, w: &Writing<'_>) -> Result<Drafter, GenerateError> {
        arrange::generator(w)
    }

    fn default_settings(&self) -> Map<String, Value> {
        settings::defaults()
    }

    fn check_settings(&self, settings: &Map<String, Value>) -> Result<(), String> {
        settings::check(settings)
    }
}

/// The session id of a validate or logout path (`.../session[/vX.Y]/validate/<id>`), read
/// before routing (fault rules match before the route does).
fn session_in_path(path: &str) -> Option<&str> {
    let mut segments = path.rsplit('/');
    let id = segments.next()?;
    let action = segments.next()?;
    let is_session = segments.take(2).any(|s| s == "session");
    (is_session && matches!(action, "validate" | "logout") && !id.is_empty()).then_some(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_validate_or_logout_path_names_its_session() {
        assert_eq!(session_in_path("/livevox/session/validate/abc"), Some("abc"));
        assert_eq!(session_in_path("/session/v6.0/logout/abc"), Some("abc"));
        assert_eq!(session_in_path("/livevox/contact/contacts/validate/abc"), None);
        assert_eq!(session_in_path("/livevox/session/login"), None);
        assert_eq!(session_in_path("/livevox/session/validate/"), None);
    }

    #[test]
    fn each_path_has_its_versioned_and_slashed_forms() {
        assert_eq!(
            paths("contact", "/contactGroups"),
            [
                "/contact/contactGroups",
                "/contact/contactGroups/",
                "/contact/{version:v[0-9]+\\.[0-9]+}/contactGroups",
                "/contact/{version:v[0-9]+\\.[0-9]+}/contactGroups/"
            ]
        );
    }
}

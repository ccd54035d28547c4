//! The users service (LionDesk's Users page, `/users`), read-only: its fields are not writable,
//! so create, patch, update and remove are Feathers' 405.
//!
//! Without `oauth_client_id` a user sees only themself (passport-liondesk reads its profile
//! from `GET /users` as `data[0]`). With `?oauth_client_id=<client>` the user sees the users
//! holding an unexpired access token of that application. The page's rules: an
//! `oauth_client_id` that does not belong to the caller (here: another tenant's application) is
//! a 401, one that does not exist a 403, and asking for a user without a valid token of the
//! application a 401.

use actix_web::{HttpRequest, HttpResponse, web};

use crate::core::clock::to_rfc3339_millis;
use crate::core::oauth;
use crate::core::{Core, Tx};

use super::super::auth::User;
use super::super::error::{LionDeskError, Result};
use super::super::model::Wire;
use super::super::query::fields::USERS;
use super::super::query::{Limits, Query, parse};
use super::super::store::directory::{self as store, UserScope};
use super::service::read_only;
use super::{Answers, page, path_id};

/// The parameter that is not a field of a user.
const CLIENT_PARAM: &str = "oauth_client_id";

/// Registers `/users` and `/users/{id}`.
pub fn configure(cfg: &mut web::ServiceConfig) {
    read_only(cfg, "/users", find, false);
    read_only(cfg, "/users/{id}", get, true);
}

/// Splits `oauth_client_id` off the query string; the rest is a Feathers query on users.
fn split_client(raw: &str) -> Result<(Option<String>, String)> {
    let mut client = None;
    let mut rest = Vec::new();
    for pair in raw.split('&').filter(|p| !p.is_empty()) {
        match form_urlencoded::parse(pair.as_bytes()).next() {
            Some((key, value)) if key == CLIENT_PARAM => {
                if client.replace(value.into_owned()).is_some() {
                    return Err(LionDeskError::bad_request(format!("Invalid query parameter {CLIENT_PARAM}: give it once")));
                }
            }
            _ => rest.push(pair),
        }
    }
    Ok((client, rest.join("&")))
}

/// The query and which users it may see.
fn scope_of(req: &HttpRequest, user: &User, now: String) -> Result<(Query, UserScope)> {
    let (client, rest) = split_client(req.query_string())?;
    let limits = req.app_data::<Limits>().copied().unwrap_or_default();
    let query = parse(&rest, &USERS, limits)?;
    let scope = match client {
        None => UserScope::Caller(user.id),
        Some(client_id) => UserScope::ClientTokenHolders { client_id, now },
    };
    Ok((query, scope))
}

/// 403 for an application that does not exist, 401 for another account's.
fn check_client(tx: &Tx, user: &User, scope: &UserScope) -> Result<()> {
    let UserScope::ClientTokenHolders { client_id, .. } = scope else { return Ok(()) };
    let shown: String = client_id.chars().take(100).collect();
    match oauth::store::client(tx, super::super::NAME, client_id)? {
        None => Err(LionDeskError::Forbidden(format!("oauth_client_id '{shown}' does not exist"))),
        Some(client) if client.tenant != user.tenant => {
            Err(LionDeskError::NotAuthenticated(format!("oauth_client_id '{shown}' does not belong to you")))
        }
        Some(_) => Ok(()),
    }
}

/// Find users: `GET /users[?oauth_client_id=...]` with the Feathers query language.
async fn find(core: web::Data<Core>, user: User, req: HttpRequest) -> Result<HttpResponse> {
    let (query, scope) = scope_of(&req, &user, to_rfc3339_millis(core.clock.now()))?;
    let (users, total) = core
        .db
        .read(|tx| {
            check_client(tx, &user, &scope)?;
            Ok::<_, LionDeskError>(store::find_users(tx, &user.tenant, &scope, &query)?)
        })
        .await?;
    let mut answers = Answers::page(total, &query);
    for u in &users {
        answers.push(&query.selected(u.to_json()))?;
    }
    Ok(page(answers))
}

/// Get one user: `GET /users/:id[?oauth_client_id=...]`.
async fn get(core: web::Data<Core>, user: User, id: web::Path<String>, req: HttpRequest) -> Result<HttpResponse> {
    let raw = id.into_inner();
    let id = path_id(&raw)?;
    let (query, scope) = scope_of(&req, &user, to_rfc3339_millis(core.clock.now()))?;
    let q = query.clone();
    let found = core
        .db
        .read(move |tx| {
            check_client(tx, &user, &scope)?;
            let holders_only = Query { filter: Vec::new(), ..q.clone() };
            if let UserScope::ClientTokenHolders { client_id, .. } = &scope
                && store::get_user(tx, &user.tenant, &scope, id, &holders_only)?.is_none()
            {
                return Err(LionDeskError::NotAuthenticated(format!(
                    "User '{id}' has no valid access token for oauth_client_id '{client_id}'"
                )));
            }
            Ok(store::get_user(tx, &user.tenant, &scope, id, &q)?)
        })
        .await?
        .ok_or_else(|| LionDeskError::no_record(&raw))?;
    Ok(HttpResponse::Ok().json(query.selected(found.to_json())))
}

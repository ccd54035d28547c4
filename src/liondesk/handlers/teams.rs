//! The teams service (LionDesk's Teams page, `/teams`), read-only here: "A user can retrieve
//! teams that they have created and teams that they are a member of", so a user finds the teams
//! they belong to and any other team is a 404. Teams and their members are managed outside the
//! v2 API (the admin API arranges them), so create, patch, update and remove are Feathers' 405.
//! Each team answers `id`, `name`, `is_contact_resource_sharing_enabled` (a boolean: whether
//! teammates see each other's contacts) and its timestamps.

use actix_web::{HttpRequest, HttpResponse, web};
use serde_json::{Map, Value};

use crate::core::Core;

use super::super::auth::User;
use super::super::error::{LionDeskError, Result};
use super::super::query::fields::TEAMS;
use super::super::store::directory::{self as store, TeamRow};
use super::users::read_only;
use super::{page, path_id, query_of, select};

pub fn configure(cfg: &mut web::ServiceConfig) {
    read_only(cfg, "/teams", find, false);
    read_only(cfg, "/teams/{id}", get, true);
}

fn wire(team: &TeamRow) -> Map<String, Value> {
    match serde_json::to_value(team) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    }
}

/// Find teams: `GET /teams`, the teams the user belongs to.
async fn find(core: web::Data<Core>, user: User, req: HttpRequest) -> Result<HttpResponse> {
    let query = query_of(&req, &TEAMS)?;
    let q = query.clone();
    let (teams, total) =
        core.db.read(move |tx| Ok::<_, LionDeskError>(store::find_teams(tx, &user.tenant, user.id, &q)?)).await?;
    Ok(page(total, &query, teams.iter().map(|t| select(wire(t), &query)).collect()))
}

/// Get one team: `GET /teams/:id`.
async fn get(core: web::Data<Core>, user: User, id: web::Path<String>, req: HttpRequest) -> Result<HttpResponse> {
    let raw = id.into_inner();
    let id = path_id(&raw)?;
    let query = query_of(&req, &TEAMS)?;
    let q = query.clone();
    let team = core
        .db
        .read(move |tx| Ok::<_, LionDeskError>(store::get_team(tx, &user.tenant, user.id, id, &q)?))
        .await?
        .ok_or_else(|| LionDeskError::no_record(&raw))?;
    Ok(HttpResponse::Ok().json(select(wire(&team), &query)))
}

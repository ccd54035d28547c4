//! The teams service (LionDesk's Teams page, `/teams`), read-only here: "A user can retrieve
//! teams that they have created and teams that they are a member of", so a user finds the teams
//! they belong to and any other team is a 404. Teams and their members are managed outside the
//! v2 API (the admin API arranges them), so create, patch, update and remove are Feathers' 405.
//! Each team answers `id`, `name`, `is_contact_resource_sharing_enabled` (a boolean: whether
//! teammates see each other's contacts) and its timestamps.

use super::super::model::users::TeamRow;
use super::super::query::{Resource, fields::TEAMS};
use super::super::store::directory as store;
use super::super::store::table::{Scope, Table};
use super::service::{Caller, Service};

/// The teams service.
pub struct Teams;

impl Service for Teams {
    type Record = TeamRow;
    const RESOURCE: &'static Resource = &TEAMS;
    const PATH: &'static str = "/teams";
    const TABLE: &'static Table<TeamRow> = &store::TEAMS;

    fn scope(caller: &Caller) -> Scope {
        store::member_of(&caller.tenant, caller.user)
    }
}

//! Arranging team settings: turning a team's contact sharing on or off (the Teams page's
//! `is_contact_resource_sharing_enabled`).

use serde::Deserialize;
use serde_json::Value;

use super::super::store::users;
use super::now;
use crate::core::{ArrangeError, Arranging, Record};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TeamSetting {
    team_id: i64,
    is_contact_resource_sharing_enabled: bool,
}

/// Answers the team's id.
pub fn arrange(a: &Arranging<'_>, record: &Record<'_>) -> Result<Value, ArrangeError> {
    let s: TeamSetting = record.parse()?;
    let team = record.check_id("team_id", s.team_id)?;
    if !users::set_team_sharing(a.tx, a.tenant, team, s.is_contact_resource_sharing_enabled, &now(a))? {
        return Err(record.error("team_id", format!("team {team} does not exist")));
    }
    Ok(team.into())
}

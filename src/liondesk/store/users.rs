//! Users, teams and team membership; the token owner `GET /me` answers.

use rusqlite::{OptionalExtension, params};

use crate::core::TenantId;
use crate::core::Tx;

use super::super::model::users::{Me, UserRow};

/// Stores a new user.
pub fn insert_user(tx: &Tx, tenant: &TenantId, u: &UserRow) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO ld_users (tenant_id, id, first_name, last_name, email, username, phone, system_phone, timezone_offset,
                               timezone, profile_picture, created_at, modified_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?
    .execute(params![
        tenant,
        u.id,
        u.first_name,
        u.last_name,
        u.email,
        u.username,
        u.phone,
        u.system_phone,
        u.timezone_offset,
        u.timezone,
        u.profile_picture,
        u.created_at,
        u.modified_at
    ])?;
    Ok(())
}

/// The ids of the tenant's users, in order.
pub fn user_ids(tx: &Tx, tenant: &TenantId) -> rusqlite::Result<Vec<i64>> {
    tx.prepare_cached("SELECT id FROM ld_users WHERE tenant_id = ?1 ORDER BY id")?.query_map([tenant], |r| r.get(0))?.collect()
}

/// Whether user `id` exists in the tenant.
pub fn user_exists(tx: &Tx, tenant: &TenantId, id: i64) -> rusqlite::Result<bool> {
    Ok(tx
        .prepare_cached("SELECT 1 FROM ld_users WHERE tenant_id = ?1 AND id = ?2")?
        .query_row(params![tenant, id], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Whether team `id` exists in the tenant.
pub fn team_exists(tx: &Tx, tenant: &TenantId, id: i64) -> rusqlite::Result<bool> {
    Ok(tx
        .prepare_cached("SELECT 1 FROM ld_teams WHERE tenant_id = ?1 AND id = ?2")?
        .query_row(params![tenant, id], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Stores a new team, stamped `at`.
pub fn insert_team(tx: &Tx, tenant: &TenantId, id: i64, name: &str, sharing: bool, at: &str) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO ld_teams (tenant_id, id, name, is_contact_resource_sharing_enabled, created_at, modified_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
    )?
    .execute(params![tenant, id, name, sharing, at])?;
    Ok(())
}

/// Turns a team's contact sharing on or off; false when there is no such team.
pub fn set_team_sharing(tx: &Tx, tenant: &TenantId, id: i64, sharing: bool, at: &str) -> rusqlite::Result<bool> {
    let n = tx
        .prepare_cached(
            "UPDATE ld_teams SET is_contact_resource_sharing_enabled = ?3, modified_at = ?4 WHERE tenant_id = ?1 AND id = ?2",
        )?
        .execute(params![tenant, id, sharing, at])?;
    Ok(n > 0)
}

/// Makes `user` a member of `team` (idempotent).
pub fn add_member(tx: &Tx, tenant: &TenantId, team: i64, user: i64) -> rusqlite::Result<()> {
    tx.prepare_cached("INSERT OR IGNORE INTO ld_team_members (tenant_id, team_id, user_id) VALUES (?1, ?2, ?3)")?
        .execute(params![tenant, team, user])?;
    Ok(())
}

/// Whether `a` and `b` are the same user or share a team ("Assigned user must belong to one
/// of your teams/groups").
pub fn in_same_team(tx: &Tx, tenant: &TenantId, a: i64, b: i64) -> rusqlite::Result<bool> {
    if a == b {
        return user_exists(tx, tenant, a);
    }
    Ok(tx
        .prepare_cached(
            "SELECT 1 FROM ld_team_members x JOIN ld_team_members y ON y.tenant_id = x.tenant_id AND y.team_id = x.team_id
             WHERE x.tenant_id = ?1 AND x.user_id = ?2 AND y.user_id = ?3",
        )?
        .query_row(params![tenant, a, b], |_| Ok(()))
        .optional()?
        .is_some())
}

/// User `user_id` as `GET /me` answers it.
pub fn me(tx: &Tx, tenant: &TenantId, user_id: i64) -> rusqlite::Result<Option<Me>> {
    tx.prepare_cached(
        "SELECT id, first_name, last_name, email, timezone_offset, created_at, modified_at, timezone
         FROM ld_users WHERE tenant_id = ?1 AND id = ?2",
    )?
    .query_row(params![tenant, user_id], |r| {
        Ok(Me {
            id: r.get(0)?,
            first_name: r.get(1)?,
            last_name: r.get(2)?,
            email: r.get(3)?,
            timezone_offset: r.get(4)?,
            created_at: r.get(5)?,
            modified_at: r.get(6)?,
            timezone: r.get(7)?,
        })
    })
    .optional()
}

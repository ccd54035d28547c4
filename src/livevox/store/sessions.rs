//! Sessions (`lv_sessions`): created at login, read when a call's session is not cached,
//! extended as calls slide their end, removed at logout. Ends are stored as UTC text with
//! milliseconds, so text order is time order.

use std::sync::Arc;
use std::sync::atomic::AtomicI64;

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};

use super::super::auth::{Role, Session};
use crate::core::TenantId;
use crate::core::Tx;
use crate::core::clock::{parse_instant, to_rfc3339_millis};

/// Session `id` with its stored end, whether or not that has passed.
pub fn find(tx: &Tx, id: &str) -> rusqlite::Result<Option<(Session, DateTime<Utc>)>> {
    let found = tx
        .prepare_cached(
            "SELECT s.tenant_id, s.user_id, u.user_name, u.role, s.expires_at FROM lv_sessions s
             JOIN lv_users u ON u.tenant_id = s.tenant_id AND u.id = s.user_id WHERE s.id = ?1",
        )?
        .query_row([id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
            ))
        })
        .optional()?;
    Ok(found.and_then(|(tenant, user_id, user_name, role, until)| {
        let until = parse_instant(&until)?;
        let session = Session {
            tenant: TenantId::from(tenant.as_str()),
            user_id,
            user_name,
            role: Role::parse(&role)?,
            stored_until: Arc::new(AtomicI64::new(until.timestamp_millis())),
        };
        Some((session, until))
    }))
}

/// The tenant of session `id` (live or not).
pub fn tenant_of(tx: &Tx, id: &str) -> rusqlite::Result<Option<TenantId>> {
    let tenant: Option<String> =
        tx.prepare_cached("SELECT tenant_id FROM lv_sessions WHERE id = ?1")?.query_row([id], |r| r.get(0)).optional()?;
    Ok(tenant.map(|t| TenantId::from(t.as_str())))
}

/// The sessions of a user (opened as an agent or not), newest first, with their stored ends.
pub fn of_user(tx: &Tx, tenant: &TenantId, user_id: i64, agent: bool) -> rusqlite::Result<Vec<(String, DateTime<Utc>)>> {
    let rows = tx
        .prepare_cached(
            "SELECT id, expires_at FROM lv_sessions WHERE tenant_id = ?1 AND user_id = ?2 AND agent = ?3
             ORDER BY created_at DESC, id",
        )?
        .query_map(params![tenant, user_id, agent], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows.into_iter().filter_map(|(id, until)| Some((id, parse_instant(&until)?))).collect())
}

/// A new session.
pub fn insert(
    tx: &Tx,
    tenant: &TenantId,
    id: &str,
    user_id: i64,
    agent: bool,
    now: DateTime<Utc>,
    until: DateTime<Utc>,
) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO lv_sessions (tenant_id, id, user_id, agent, created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![tenant, id, user_id, agent, to_rfc3339_millis(now), to_rfc3339_millis(until)])?;
    Ok(())
}

/// Moves the stored end of session `id` to `until` (never back).
pub fn extend(tx: &Tx, id: &str, until: DateTime<Utc>) -> rusqlite::Result<()> {
    tx.prepare_cached("UPDATE lv_sessions SET expires_at = ?2 WHERE id = ?1 AND expires_at < ?2")?
        .execute(params![id, to_rfc3339_millis(until)])?;
    Ok(())
}

/// Removes session `id`; false when there was none.
pub fn delete(tx: &Tx, id: &str) -> rusqlite::Result<bool> {
    Ok(tx.prepare_cached("DELETE FROM lv_sessions WHERE id = ?1")?.execute([id])? > 0)
}

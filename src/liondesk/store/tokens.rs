//! The token owner `GET /me` answers.

use rusqlite::{OptionalExtension, Transaction, params};
use serde::Serialize;

use crate::core::TenantId;

/// The user `GET /me` answers, in the document's field order.
#[derive(Debug, Clone, Serialize)]
pub struct Me {
    pub id: i64,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub email: Option<String>,
    pub timezone_offset: Option<i64>,
    pub created_at: String,
    pub modified_at: String,
    pub timezone: Option<String>,
}

pub fn me(tx: &Transaction, tenant: &TenantId, user_id: i64) -> rusqlite::Result<Option<Me>> {
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

//! Tasks (v2.0, `/tasks`): the tasks a user owns or is assigned ("Tasks you own or are assigned
//! to you: /tasks"), get, insert, update, delete.

use rusqlite::types::Value;
use rusqlite::{Row, Transaction, params};

use crate::core::TenantId;
use crate::core::sql::{Column, Filter};

use super::super::query::{Query, sql};
use super::directory::{find_one, find_page};

/// A task as stored; `reminder_type` is always `action_type` (its alias).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Task {
    pub id: i64,
    pub owner_user_id: i64,
    pub contact_id: Option<i64>,
    pub action_type: Option<String>,
    pub assigned_user_id: Option<i64>,
    pub due_at: Option<String>,
    pub description: Option<String>,
    pub status: Option<String>,
    pub notes: Option<String>,
    pub created_at: String,
    pub modified_at: String,
}

const FROM: &str = "ld_tasks k";
const COLUMNS: &str = "k.id, k.owner_user_id, k.contact_id, k.action_type, k.assigned_user_id, k.due_at, k.description,
    k.status, k.notes, k.created_at, k.modified_at";
const MINE: &str = "k.owner_user_id = ? OR k.assigned_user_id = ?";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Task> {
    Ok(Task {
        id: r.get(0)?,
        owner_user_id: r.get(1)?,
        contact_id: r.get(2)?,
        action_type: r.get(3)?,
        assigned_user_id: r.get(4)?,
        due_at: r.get(5)?,
        description: r.get(6)?,
        status: r.get(7)?,
        notes: r.get(8)?,
        created_at: r.get(9)?,
        modified_at: r.get(10)?,
    })
}

/// The tasks `user` owns or is assigned, narrowed by `query`'s conditions.
fn visible(tenant: &TenantId, user: i64, query: Option<&Query>) -> Filter {
    let mut f = Filter::for_tenant(Column::new("k.tenant_id"), tenant);
    f.and(MINE, [Value::Integer(user), Value::Integer(user)]);
    if let Some(query) = query {
        f.and_fragment(sql::condition(query));
    }
    f
}

/// A page of `user`'s tasks matching `query`, and how many match in all.
pub fn find(tx: &Transaction, tenant: &TenantId, user: i64, query: &Query) -> rusqlite::Result<(Vec<Task>, i64)> {
    find_page(tx, FROM, COLUMNS, &visible(tenant, user, Some(query)), query, "k.id", from_row)
}

/// Task `id` if `user` owns it or is assigned it (and it matches `query`, when given).
pub fn get_visible(
    tx: &Transaction,
    tenant: &TenantId,
    user: i64,
    id: i64,
    query: Option<&Query>,
) -> rusqlite::Result<Option<Task>> {
    let mut f = visible(tenant, user, query);
    f.and_eq(Column::new("k.id"), Value::Integer(id));
    find_one(tx, FROM, COLUMNS, &f, from_row)
}

/// Task `id` whoever owns it.
pub fn get(tx: &Transaction, tenant: &TenantId, id: i64) -> rusqlite::Result<Option<Task>> {
    let mut f = Filter::for_tenant(Column::new("k.tenant_id"), tenant);
    f.and_eq(Column::new("k.id"), Value::Integer(id));
    find_one(tx, FROM, COLUMNS, &f, from_row)
}

pub fn insert(tx: &Transaction, tenant: &TenantId, t: &Task) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO ld_tasks (tenant_id, id, owner_user_id, contact_id, action_type, reminder_type, assigned_user_id, due_at,
             description, status, notes, created_at, modified_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?
    .execute(params![
        tenant,
        t.id,
        t.owner_user_id,
        t.contact_id,
        t.action_type,
        t.assigned_user_id,
        t.due_at,
        t.description,
        t.status,
        t.notes,
        t.created_at,
        t.modified_at
    ])?;
    Ok(())
}

pub fn update(tx: &Transaction, tenant: &TenantId, t: &Task) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "UPDATE ld_tasks SET contact_id = ?3, action_type = ?4, reminder_type = ?4, assigned_user_id = ?5, due_at = ?6,
             description = ?7, status = ?8, notes = ?9, created_at = ?10, modified_at = ?11
         WHERE tenant_id = ?1 AND id = ?2",
    )?
    .execute(params![
        tenant,
        t.id,
        t.contact_id,
        t.action_type,
        t.assigned_user_id,
        t.due_at,
        t.description,
        t.status,
        t.notes,
        t.created_at,
        t.modified_at
    ])?;
    Ok(())
}

pub fn delete(tx: &Transaction, tenant: &TenantId, id: i64) -> rusqlite::Result<()> {
    tx.prepare_cached("DELETE FROM ld_tasks WHERE tenant_id = ?1 AND id = ?2")?.execute(params![tenant, id])?;
    Ok(())
}

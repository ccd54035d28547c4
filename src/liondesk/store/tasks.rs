//! Tasks (v2.0, `/tasks`): the tasks a user owns or is assigned ("Tasks you own or are assigned
//! to you: /tasks"), get, insert, update, delete.

use rusqlite::types::Value;
use rusqlite::{Row, params};

use crate::core::TenantId;
use crate::core::Tx;

use super::super::model::task::Task;
use super::table::{Scope, Table};

/// Tasks; deleting one deletes it alone.
pub const TABLE: Table<Task> = Table::new(
    "ld_tasks",
    "ld_tasks k",
    ["k.tenant_id", "k.id"],
    "k.id, k.owner_user_id, k.contact_id, k.action_type, k.assigned_user_id, k.due_at, k.description, k.status, k.notes,
    k.created_at, k.modified_at",
    from_row,
);

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

/// The tasks `user` owns or is assigned.
pub fn mine(user: i64) -> Scope {
    Scope::new("k.owner_user_id = ? OR k.assigned_user_id = ?", [Value::Integer(user), Value::Integer(user)])
}

/// Stores a new task.
pub fn insert(tx: &Tx, tenant: &TenantId, t: &Task) -> rusqlite::Result<()> {
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

/// Writes what may change of a task.
pub fn update(tx: &Tx, tenant: &TenantId, t: &Task) -> rusqlite::Result<()> {
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

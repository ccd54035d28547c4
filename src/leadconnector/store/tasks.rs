//! Tasks of contacts (`lc_tasks`), in the order they were added.

use rusqlite::types::Value as SqlValue;
use rusqlite::{Row, params};

use super::super::model::task::Task;
use crate::core::TenantId;
use crate::core::Tx;
use crate::core::paging::Window;
use crate::core::sql::{Filter, Order, SortDir, Table};

fn from_row(r: &Row<'_>) -> rusqlite::Result<Task> {
    Ok(Task {
        id: r.get(0)?,
        contact_id: r.get(1)?,
        title: r.get(2)?,
        body: r.get(3)?,
        assigned_to: r.get(4)?,
        due_date: r.get(5)?,
        completed: r.get(6)?,
        date_added: r.get(7)?,
    })
}

pub const TABLE: Table<Task, String> = Table::new(
    "lc_tasks",
    "lc_tasks t",
    ["t.tenant_id", "t.id"],
    "t.id, t.contact_id, t.title, t.body, t.assigned_to, t.due_date, t.completed, t.date_added",
    from_row,
)
.ordered(&[("t.date_added", SortDir::Asc), ("t.rowid", SortDir::Asc)]);

/// The tasks of a contact (the condition every read of them starts from).
pub fn of(tenant: &TenantId, contact: &str) -> Filter {
    let mut f = TABLE.filter(tenant);
    f.and("t.contact_id = ?", [SqlValue::Text(contact.to_owned())]);
    f
}

/// The tasks of a contact.
pub fn of_contact(tx: &Tx, tenant: &TenantId, contact: &str) -> rusqlite::Result<Vec<Task>> {
    let f = of(tenant, contact);
    TABLE.rows(tx, &f, &Order::default(), Window { offset: 0, limit: i64::MAX })
}

/// Task `id` of a contact.
pub fn one(tx: &Tx, tenant: &TenantId, contact: &str, id: &str) -> rusqlite::Result<Option<Task>> {
    let f = of(tenant, contact);
    TABLE.one(tx, f, &id.to_owned())
}

/// Stores a new task.
pub fn insert(tx: &Tx, tenant: &TenantId, t: &Task) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO lc_tasks (tenant_id, id, contact_id, title, body, assigned_to, due_date, completed, date_added)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![tenant, t.id, t.contact_id, t.title, t.body, t.assigned_to, t.due_date, t.completed, t.date_added])?;
    Ok(())
}

/// Stores a changed task.
pub fn update(tx: &Tx, tenant: &TenantId, t: &Task) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "UPDATE lc_tasks SET title = ?3, body = ?4, assigned_to = ?5, due_date = ?6, completed = ?7
         WHERE tenant_id = ?1 AND id = ?2",
    )?
    .execute(params![tenant, t.id, t.title, t.body, t.assigned_to, t.due_date, t.completed])?;
    Ok(())
}

/// Deletes task `id`.
pub fn delete(tx: &Tx, tenant: &TenantId, id: &str) -> rusqlite::Result<()> {
    TABLE.delete(tx, tenant, &id.to_owned())
}

/// Whether task `id` exists in the tenant (any contact's).
pub fn exists(tx: &Tx, tenant: &TenantId, id: &str) -> rusqlite::Result<bool> {
    TABLE.exists(tx, tenant, &id.to_owned())
}

//! Reading tasks: a filtered page with its total, and one task.

use crate::core::TenantId;
use crate::core::Tx;
use crate::core::sql::{Order, SortDir, Table};

use super::super::filters::{TaskQuery, sql};
use super::super::model::Task;

/// Tasks, soonest due first; tasks without a due date last.
pub const TABLE: Table<Task> = Table::new(
    "lm_tasks",
    "lm_tasks t",
    ["t.tenant_id", "t.id"],
    "t.id, t.contact_id, t.user_id, t.title, t.description, t.type_id, t.status_id, t.outcome_id,
    t.due_at, t.completed, t.completed_at, t.created_at, t.updated_at",
    |r| {
        Ok(Task {
            id: r.get(0)?,
            contact_id: r.get(1)?,
            user_id: r.get(2)?,
            title: r.get(3)?,
            description: r.get(4)?,
            type_id: r.get(5)?,
            status_id: r.get(6)?,
            outcome_id: r.get(7)?,
            due_at: r.get(8)?,
            completed: r.get(9)?,
            completed_at: r.get(10)?,
            created_at: r.get(11)?,
            updated_at: r.get(12)?,
        })
    },
)
.ordered(&[("t.due_at IS NULL", SortDir::Asc), ("t.due_at", SortDir::Asc), ("t.id", SortDir::Asc)]);

/// The tasks `query` asks for, `user_id` being the key's user, and their total.
pub fn page(tx: &Tx, tenant: &TenantId, query: &TaskQuery, user_id: i64) -> rusqlite::Result<(Vec<Task>, i64)> {
    super::page(tx, tenant, &TABLE, Some(sql::tasks(&query.filter, user_id)), &Order::default(), query.paging)
}

/// Task `id`.
pub fn get(tx: &Tx, tenant: &TenantId, id: i64) -> rusqlite::Result<Option<Task>> {
    TABLE.by_id(tx, tenant, &id)
}

//! Arranging tasks: the Tasks v2.0 page's submit body plus what only the admin sets: `id`,
//! `owner_user_id` (default: user 1), `created_at` and `modified_at` (default: now, and
//! `created_at`). The contact and the assignee must exist.

use serde_json::Value;

use super::super::model::input::FromBody;
use super::super::model::task::{Task, TaskChanges, require};
use super::super::store::tasks as store;
use super::{AtRecord, USERS, id_in, instant, now, user};
use crate::core::{ArrangeError, Arranging, Record};

const KEYS: &[&str] = &[
    "id",
    "owner_user_id",
    "contact_id",
    "action_type",
    "reminder_type",
    "assigned_user_id",
    "due_at",
    "description",
    "status",
    "notes",
    "created_at",
    "modified_at",
];

/// Arranges one record; answers its id.
pub fn arrange(a: &Arranging<'_>, record: &Record<'_>) -> Result<Value, ArrangeError> {
    let map = record.only(KEYS)?;
    let changes = TaskChanges::from_json(record.value).at(record)?;
    let created_at = instant(record, map, "created_at")?.unwrap_or_else(|| now(a));
    let modified_at = instant(record, map, "modified_at")?.unwrap_or_else(|| created_at.clone());
    let task = changes.apply(&Task { created_at, modified_at, ..Task::default() });
    require(&task).at(record)?;
    let owner_user_id = user(a, record, map, "owner_user_id")?;
    a.check_ref(record, "contact_id", "ld_contacts", "contact", task.contact_id)?;
    a.check_ref(record, "assigned_user_id", USERS, "user", task.assigned_user_id)?;
    let id = id_in(a, record, map, &store::TABLE)?;
    store::insert(a.tx, a.tenant, &Task { id, owner_user_id, ..task })?;
    Ok(id.into())
}

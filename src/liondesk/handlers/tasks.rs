//! The tasks service (LionDesk's Tasks v2.0 page, `/tasks`): find, get, submit, update and
//! remove tasks. A user sees the tasks they own or are assigned ("Tasks you own or are
//! assigned to you: /tasks"); anyone else gets 404. The owner or the assignee may update a
//! task; only its owner may remove it (403 for the assignee).

use serde_json::Value;

use crate::core::TenantId;
use crate::core::Tx;

use super::super::error::{LionDeskError, Result};
use super::super::model::task::{Task, TaskChanges, require};
use super::super::query::{Resource, fields::TASKS};
use super::super::store::table::{Scope, Table};
use super::super::store::tasks as store;
use super::super::store::{contacts, users};
use super::service::{Caller, Service, Writable};

/// What `changes` refer to, as `user` submits them: a contact `user` can see ("The contact
/// must be owned by, assigned to or shared with the user submitting this task") and an assignee
/// from one of `user`'s teams.
fn check(tx: &Tx, tenant: &TenantId, user: i64, changes: &TaskChanges) -> Result<()> {
    if let Some(Some(contact)) = changes.contact_id
        && contacts::get_visible(tx, tenant, user, contact, None)?.is_none()
    {
        let reason = format!("must be a contact you can see ({contact} is not)");
        return Err(LionDeskError::invalid_field("contact_id", &reason, &Value::from(contact)));
    }
    if let Some(Some(assigned)) = changes.assigned_user_id
        && !users::in_same_team(tx, tenant, user, assigned)?
    {
        let reason = format!("must be a user of one of your teams ({assigned} is not)");
        return Err(LionDeskError::invalid_field("assigned_user_id", &reason, &Value::from(assigned)));
    }
    Ok(())
}

/// Find and get: the user's own and assigned tasks.
pub struct Tasks;

impl Service for Tasks {
    type Record = Task;
    const RESOURCE: &'static Resource = &TASKS;
    const PATH: &'static str = "/tasks";
    const TABLE: &'static Table<Task> = &store::TABLE;

    fn scope(caller: &Caller) -> Scope {
        store::mine(caller.user)
    }
}

impl Writable for Tasks {
    type Changes = TaskChanges;

    /// The submitter owns it.
    fn create(tx: &Tx, caller: &Caller, changes: &TaskChanges, now: &str) -> Result<Task> {
        let blank =
            Task { owner_user_id: caller.user, created_at: now.to_owned(), modified_at: now.to_owned(), ..Task::default() };
        let task = changes.apply(&blank);
        require(&task)?;
        check(tx, &caller.tenant, caller.user, changes)?;
        let task = Task { id: store::TABLE.next_id(tx, &caller.tenant)?, ..task };
        store::insert(tx, &caller.tenant, &task)?;
        Ok(task)
    }

    /// The owner or the assignee may update it.
    fn patch(tx: &Tx, caller: &Caller, task: Task, changes: TaskChanges, now: &str) -> Result<Task> {
        let next = Task { modified_at: now.to_owned(), ..changes.apply(&task) };
        require(&next)?;
        check(tx, &caller.tenant, caller.user, &changes)?;
        store::update(tx, &caller.tenant, &next)?;
        Ok(next)
    }

    /// Only its owner may remove it.
    fn remove(tx: &Tx, caller: &Caller, id: i64, task: &Task) -> Result<()> {
        if task.owner_user_id != caller.user {
            return Err(LionDeskError::Forbidden("Only the owner of a task may remove it".into()));
        }
        Ok(store::TABLE.delete(tx, &caller.tenant, &id)?)
    }
}

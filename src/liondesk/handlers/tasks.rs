//! The tasks service (LionDesk's Tasks v2.0 page, `/tasks`): find, get, submit, update and
//! remove tasks. A user sees the tasks they own or are assigned ("Tasks you own or are
//! assigned to you: /tasks"); anyone else gets 404. The owner or the assignee may update a
//! task; only its owner may remove it (403 for the assignee).

use rusqlite::Transaction;
use serde_json::{Map, Value};

use crate::core::{ArrangeError, TenantId};

use super::super::error::{LionDeskError, Result};
use super::super::input::{FromBody, id_value, instant_value, object, one_of, required, set, text_value};
use super::super::model::Wire;
use super::super::query::{Resource, fields::TASKS};
use super::super::seed::record_error;
use super::super::seed_lists::{claim, record_object};
use super::super::service::{Caller, Service, Writable};
use super::super::store::table::{Scope, Table};
use super::super::store::tasks::{self as store, Task};
use super::super::store::{contacts, users};

/// The documented `action_type` values (stored in this spelling whatever the case sent).
pub const ACTION_TYPES: &[&str] = &[
    "None",
    "Email Contact",
    "Call Contact",
    "Text Contact",
    "Agent Task - Email Reminder",
    "Agent Task - Call Reminder",
    "Agent Task - Text Reminder",
    "Agent Task - No Reminder",
    "BombBomb Video Email",
    "Direct Mail: Letter",
    "Direct Mail: Postcard",
    "Agent Task - Direct Mail: Letter (Manual)",
    "Agent Task - Direct Mail: Postcard (Manual)",
];

/// The documented `status` values.
pub const STATUSES: &[&str] = &["complete", "incomplete", "deleted"];

/// A task's wire object: the document's fields after the id; `reminder_type` echoes
/// `action_type`.
impl Wire for Task {
    fn to_json(&self) -> Map<String, Value> {
        let mut out = Map::new();
        out.insert("id".into(), self.id.into());
        out.insert("owner_user_id".into(), self.owner_user_id.into());
        out.insert("contact_id".into(), self.contact_id.into());
        out.insert("action_type".into(), self.action_type.clone().into());
        out.insert("reminder_type".into(), self.action_type.clone().into());
        out.insert("assigned_user_id".into(), self.assigned_user_id.into());
        out.insert("due_at".into(), self.due_at.clone().into());
        out.insert("description".into(), self.description.clone().into());
        out.insert("status".into(), self.status.clone().into());
        out.insert("notes".into(), self.notes.clone().into());
        out.insert("created_at".into(), self.created_at.clone().into());
        out.insert("modified_at".into(), self.modified_at.clone().into());
        out
    }
}

/// What a submit or update body sets. `None`: left as it is; `Some(None)`: cleared.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct TaskChanges {
    pub contact_id: Option<Option<i64>>,
    pub action_type: Option<Option<String>>,
    pub assigned_user_id: Option<Option<i64>>,
    pub due_at: Option<Option<String>>,
    pub description: Option<Option<String>>,
    pub status: Option<Option<String>>,
    pub notes: Option<Option<String>>,
}

impl FromBody for TaskChanges {
    /// Reads a JSON body, field by field against the document's table. Keys a task does not
    /// have, and the read-only `id`, `owner_user_id`, `created_at`, `modified_at`, are ignored.
    fn from_json(body: &Value) -> Result<TaskChanges> {
        let map = object(body)?;
        let action_type = one_of(map, "action_type", ACTION_TYPES)?;
        let reminder_type = one_of(map, "reminder_type", ACTION_TYPES)?;
        if let (Some(a), Some(r)) = (&action_type, &reminder_type)
            && a != r
        {
            let value = map.get("reminder_type").cloned().unwrap_or_default();
            return Err(LionDeskError::invalid_field("reminder_type", "must equal action_type (it is its alias)", &value));
        }
        Ok(TaskChanges {
            contact_id: id_value(map, "contact_id", false)?,
            action_type: action_type.or(reminder_type),
            assigned_user_id: id_value(map, "assigned_user_id", true)?,
            due_at: instant_value(map, "due_at")?,
            description: text_value(map, "description", 2000)?,
            status: one_of(map, "status", STATUSES)?,
            notes: text_value(map, "notes", 2000)?,
        })
    }
}

impl TaskChanges {
    /// `task` with these changes applied (timestamps untouched).
    fn apply(&self, task: &Task) -> Task {
        let mut next = task.clone();
        set(&mut next.contact_id, &self.contact_id);
        set(&mut next.action_type, &self.action_type);
        set(&mut next.assigned_user_id, &self.assigned_user_id);
        set(&mut next.due_at, &self.due_at);
        set(&mut next.description, &self.description);
        set(&mut next.status, &self.status);
        set(&mut next.notes, &self.notes);
        next
    }
}

/// The document's required fields: `action_type`, `description`, `status`.
fn require(task: &Task) -> Result<()> {
    required("action_type", task.action_type.as_deref())?;
    required("description", task.description.as_deref())?;
    required("status", task.status.as_deref())
}

/// What `changes` refer to, as `user` submits them: a contact `user` can see ("The contact
/// must be owned by, assigned to or shared with the user submitting this task") and an assignee
/// from one of `user`'s teams.
fn check(tx: &Transaction, tenant: &TenantId, user: i64, changes: &TaskChanges) -> Result<()> {
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
    fn create(tx: &Transaction, caller: &Caller, changes: TaskChanges, now: &str) -> Result<Task> {
        let blank =
            Task { owner_user_id: caller.user, created_at: now.to_owned(), modified_at: now.to_owned(), ..Task::default() };
        let task = changes.apply(&blank);
        require(&task)?;
        check(tx, &caller.tenant, caller.user, &changes)?;
        let task = Task { id: store::TABLE.next_id(tx, &caller.tenant)?, ..task };
        store::insert(tx, &caller.tenant, &task)?;
        Ok(task)
    }

    /// The owner or the assignee may update it.
    fn patch(tx: &Transaction, caller: &Caller, task: Task, changes: TaskChanges, now: &str) -> Result<Task> {
        let next = Task { modified_at: now.to_owned(), ..changes.apply(&task) };
        require(&next)?;
        check(tx, &caller.tenant, caller.user, &changes)?;
        store::update(tx, &caller.tenant, &next)?;
        Ok(next)
    }

    /// Only its owner may remove it.
    fn remove(tx: &Transaction, caller: &Caller, id: i64, task: &Task) -> Result<()> {
        if task.owner_user_id != caller.user {
            return Err(LionDeskError::Forbidden("Only the owner of a task may remove it".into()));
        }
        Ok(store::TABLE.delete(tx, &caller.tenant, &id)?)
    }
}

/// Arranges a task: the submit body plus what only the admin sets — `id`, `owner_user_id`
/// (default user 1), `created_at`, `modified_at`. The contact and the assignee must exist.
pub fn arrange(
    tx: &Transaction,
    tenant: &TenantId,
    index: usize,
    record: &Value,
    now: &str,
) -> std::result::Result<i64, ArrangeError> {
    let map = record_object(index, record)?;
    let fail = |e| record_error(index, e);
    let id = id_value(map, "id", false).map_err(fail)?.flatten();
    let owner = id_value(map, "owner_user_id", false).map_err(fail)?.flatten().unwrap_or(1);
    let changes = TaskChanges::from_json(record).map_err(fail)?;
    let created_at = instant_value(map, "created_at").map_err(fail)?.flatten().unwrap_or_else(|| now.to_owned());
    let modified_at = instant_value(map, "modified_at").map_err(fail)?.flatten().unwrap_or_else(|| created_at.clone());
    let task = changes.apply(&Task { owner_user_id: owner, created_at, modified_at, ..Task::default() });
    require(&task).map_err(fail)?;
    if !users::user_exists(tx, tenant, owner)? {
        return Err(ArrangeError::record(index, "owner_user_id", format!("user {owner} does not exist")));
    }
    if let Some(contact) = task.contact_id
        && contacts::get(tx, tenant, contact)?.is_none()
    {
        return Err(ArrangeError::record(index, "contact_id", format!("contact {contact} does not exist")));
    }
    if let Some(assigned) = task.assigned_user_id
        && !users::user_exists(tx, tenant, assigned)?
    {
        return Err(ArrangeError::record(index, "assigned_user_id", format!("user {assigned} does not exist")));
    }
    let id = claim(tx, tenant, index, &store::TABLE, id)?;
    store::insert(tx, tenant, &Task { id, ..task })?;
    Ok(id)
}

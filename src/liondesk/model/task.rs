//! A task (LionDesk's Tasks v2.0 page): as stored and answered, and the body of a submit or
//! update, read field by field against the page's table.

use serde_json::{Map, Value};

use super::super::error::{LionDeskError, Result};
use super::Wire;
use super::input::{Change, FromBody, id_value, instant_value, object, one_of, required, set, text_value};

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

/// A task's wire object: the page's fields after the id; `reminder_type` echoes `action_type`.
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
    pub contact_id: Change<i64>,
    pub action_type: Change<String>,
    pub assigned_user_id: Change<i64>,
    pub due_at: Change<String>,
    pub description: Change<String>,
    pub status: Change<String>,
    pub notes: Change<String>,
}

impl FromBody for TaskChanges {
    /// Reads a JSON body, field by field against the page's table. Keys a task does not
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
    pub fn apply(&self, task: &Task) -> Task {
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

/// The page's required fields: `action_type`, `description`, `status`.
pub fn require(task: &Task) -> Result<()> {
    required("action_type", task.action_type.as_deref())?;
    required("description", task.description.as_deref())?;
    required("status", task.status.as_deref())
}

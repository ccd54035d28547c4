//! Tasks of a contact: `TaskSchema` (`{id, title, body, assignedTo, dueDate, completed,
//! contactId}`) and the bodies `CreateTaskParams` (`title`, `dueDate` and `completed`
//! required), `UpdateTaskBody` and `UpdateTaskStatusParams` (`completed`).

use serde_json::{Map, Value, json};

use super::super::error::{LcError, Result};
use super::super::validate::{self, Kind, Prop, opt, req};
use super::contact::iso;

/// A stored task.
#[derive(Debug, Clone, PartialEq)]
pub struct Task {
    pub id: String,
    pub contact_id: String,
    pub title: String,
    pub body: Option<String>,
    pub assigned_to: Option<String>,
    /// Epoch milliseconds.
    pub due_date: i64,
    pub completed: bool,
    pub date_added: i64,
}

impl Task {
    /// The task as `TaskSchema` shows it.
    pub fn render(&self) -> Value {
        let mut out = Map::new();
        out.insert("id".into(), json!(self.id));
        out.insert("title".into(), json!(self.title));
        if let Some(body) = &self.body {
            out.insert("body".into(), json!(body));
        }
        if let Some(assigned) = &self.assigned_to {
            out.insert("assignedTo".into(), json!(assigned));
        }
        out.insert("dueDate".into(), json!(iso(self.due_date)));
        out.insert("completed".into(), json!(self.completed));
        out.insert("contactId".into(), json!(self.contact_id));
        Value::Object(out)
    }
}

const CREATE: &[Prop] = &[
    req("title", Kind::Str),
    opt("body", Kind::Str),
    req("dueDate", Kind::Str),
    req("completed", Kind::Bool),
    opt("assignedTo", Kind::Str),
];

const UPDATE: &[Prop] = &[
    opt("title", Kind::Str),
    opt("body", Kind::Str),
    opt("dueDate", Kind::Str),
    opt("completed", Kind::Bool),
    opt("assignedTo", Kind::Str),
];

/// `UpdateTaskStatusParams`.
pub const STATUS: &[Prop] = &[req("completed", Kind::Bool)];

/// A task body: the fields it gives.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TaskInput {
    pub title: Option<String>,
    pub body: Option<Option<String>>,
    pub due_date: Option<i64>,
    pub completed: Option<bool>,
    pub assigned_to: Option<Option<String>>,
}

/// An ISO-8601 due date as epoch milliseconds; a 422 otherwise.
pub fn due_date(text: &str) -> Result<i64> {
    crate::core::clock::parse_instant(text.trim())
        .map(|at| at.timestamp_millis())
        .ok_or_else(|| LcError::unprocessable("dueDate must be a valid ISO 8601 date string"))
}

impl TaskInput {
    /// Reads a create (`create`) or update body.
    pub fn read(body: &Value, create: bool) -> Result<TaskInput> {
        let map = validate::object(body, if create { CREATE } else { UPDATE })?;
        let text = |k: &str| map.get(k).and_then(Value::as_str).map(|s| s.trim().to_owned());
        let optional = |k: &str| map.contains_key(k).then(|| text(k).filter(|s| !s.is_empty()));
        Ok(TaskInput {
            title: text("title").filter(|s| !s.is_empty()),
            body: optional("body"),
            due_date: text("dueDate").map(|d| due_date(&d)).transpose()?,
            completed: map.get("completed").and_then(Value::as_bool),
            assigned_to: optional("assignedTo"),
        })
    }

    /// A new task of `contact_id` (a create body has every required field).
    pub fn create(self, id: String, contact_id: String, now: i64) -> Task {
        Task {
            id,
            contact_id,
            title: self.title.unwrap_or_default(),
            body: self.body.flatten(),
            assigned_to: self.assigned_to.flatten(),
            due_date: self.due_date.unwrap_or(now),
            completed: self.completed.unwrap_or(false),
            date_added: now,
        }
    }

    /// Applies the given fields to `task`.
    pub fn apply(self, task: &mut Task) {
        if let Some(title) = self.title {
            task.title = title;
        }
        if let Some(body) = self.body {
            task.body = body;
        }
        if let Some(due) = self.due_date {
            task.due_date = due;
        }
        if let Some(completed) = self.completed {
            task.completed = completed;
        }
        if let Some(assigned) = self.assigned_to {
            task.assigned_to = assigned;
        }
    }
}

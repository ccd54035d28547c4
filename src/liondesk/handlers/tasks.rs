//! The tasks service (LionDesk's Tasks v2.0 page, `/tasks`): find, get, submit, update and
//! remove tasks. A user sees the tasks they own or are assigned ("Tasks you own or are
//! assigned to you: /tasks"); anyone else gets 404. The owner or the assignee may update a
//! task; only its owner may remove it (403 for the assignee).

use actix_web::http::header;
use actix_web::middleware::DefaultHeaders;
use actix_web::{HttpRequest, HttpResponse, web};
use rusqlite::Transaction;
use serde_json::{Map, Value};

use crate::core::clock::to_rfc3339_millis;
use crate::core::{ArrangeError, Core, TenantId};

use super::super::auth::User;
use super::super::body::JsonBody;
use super::super::error::{LionDeskError, Result, page_not_found};
use super::super::query::fields::TASKS;
use super::super::seed::record_error;
use super::super::store::tasks::{self as store, Task};
use super::super::store::{contacts, users};
use super::input::{id_value, instant_value, one_of, required, text_value};
use super::{no_multi, not_supported, page, path_id, query_of, select};

/// Feathers sets `Allow` on every answer of a service: the HTTP methods of the service methods
/// it has, the same on both routes.
const ALLOW: &str = "GET,POST,PATCH,DELETE";

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

pub fn configure(cfg: &mut web::ServiceConfig) {
    let allow = || DefaultHeaders::new().add((header::ALLOW, ALLOW));
    cfg.service(
        web::resource("/tasks")
            .wrap(allow())
            .route(web::get().to(find))
            .route(web::head().to(find))
            .route(web::post().to(create))
            .route(web::patch().to(no_multi("Can not patch multiple entries", ALLOW)))
            .route(web::delete().to(no_multi("Can not remove multiple entries", ALLOW)))
            .route(web::put().to(not_supported("update", ALLOW)))
            .default_service(web::to(page_not_found)),
    )
    .service(
        web::resource("/tasks/{id}")
            .wrap(allow())
            .route(web::get().to(get))
            .route(web::head().to(get))
            .route(web::patch().to(patch))
            .route(web::delete().to(remove))
            .route(web::put().to(not_supported("update", ALLOW)))
            .default_service(web::to(page_not_found)),
    );
}

/// A task's wire object: the document's fields after the id; `reminder_type` echoes
/// `action_type`.
fn wire(t: &Task) -> Map<String, Value> {
    let mut out = Map::new();
    out.insert("id".into(), t.id.into());
    out.insert("owner_user_id".into(), t.owner_user_id.into());
    out.insert("contact_id".into(), t.contact_id.into());
    out.insert("action_type".into(), t.action_type.clone().into());
    out.insert("reminder_type".into(), t.action_type.clone().into());
    out.insert("assigned_user_id".into(), t.assigned_user_id.into());
    out.insert("due_at".into(), t.due_at.clone().into());
    out.insert("description".into(), t.description.clone().into());
    out.insert("status".into(), t.status.clone().into());
    out.insert("notes".into(), t.notes.clone().into());
    out.insert("created_at".into(), t.created_at.clone().into());
    out.insert("modified_at".into(), t.modified_at.clone().into());
    out
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

impl TaskChanges {
    /// Reads a JSON body, field by field against the document's table. Keys a task does not
    /// have, and the read-only `id`, `owner_user_id`, `created_at`, `modified_at`, are ignored.
    pub fn from_json(body: &Value) -> Result<TaskChanges> {
        let Value::Object(map) = body else {
            return Err(LionDeskError::bad_request("The body must be a JSON object"));
        };
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

    /// `task` with these changes applied (timestamps untouched).
    fn apply(&self, task: &Task) -> Task {
        fn set<T: Clone>(slot: &mut T, change: &Option<T>) {
            if let Some(v) = change {
                *slot = v.clone();
            }
        }
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

/// Find: `GET /tasks`, the user's own and assigned tasks, with the Feathers query language.
async fn find(core: web::Data<Core>, user: User, req: HttpRequest) -> Result<HttpResponse> {
    let query = query_of(&req, &TASKS)?;
    let q = query.clone();
    let (tasks, total) = core.db.read(move |tx| Ok::<_, LionDeskError>(store::find(tx, &user.tenant, user.id, &q)?)).await?;
    Ok(page(total, &query, tasks.iter().map(|t| select(wire(t), &query)).collect()))
}

/// Get one task: `GET /tasks/:id`.
async fn get(core: web::Data<Core>, user: User, id: web::Path<String>, req: HttpRequest) -> Result<HttpResponse> {
    let raw = id.into_inner();
    let id = path_id(&raw)?;
    let query = query_of(&req, &TASKS)?;
    let q = query.clone();
    let task = core
        .db
        .read(move |tx| Ok::<_, LionDeskError>(store::get_visible(tx, &user.tenant, user.id, id, Some(&q))?))
        .await?
        .ok_or_else(|| LionDeskError::no_record(&raw))?;
    Ok(HttpResponse::Ok().json(select(wire(&task), &query)))
}

/// Submit one task: `POST /tasks` → 201; the submitter owns it.
async fn create(core: web::Data<Core>, user: User, JsonBody(body): JsonBody, req: HttpRequest) -> Result<HttpResponse> {
    if body.is_array() {
        return Err(LionDeskError::MethodNotAllowed { message: "Can not create multiple entries".into(), allow: ALLOW });
    }
    let query = query_of(&req, &TASKS)?;
    let changes = TaskChanges::from_json(&body)?;
    let now = to_rfc3339_millis(core.clock.now());
    let blank = Task { owner_user_id: user.id, created_at: now.clone(), modified_at: now, ..Task::default() };
    let task = changes.apply(&blank);
    require(&task)?;
    let task = core
        .db
        .write(move |tx| {
            check(tx, &user.tenant, user.id, &changes)?;
            let task = Task { id: crate::core::ids::next_id(tx, &user.tenant, "ld_tasks")?, ..task };
            store::insert(tx, &user.tenant, &task)?;
            Ok::<_, LionDeskError>(task)
        })
        .await?;
    Ok(HttpResponse::Created().json(select(wire(&task), &query)))
}

/// Update one task: `PATCH /tasks/:id` merges the body (owner or assignee) and answers the task.
async fn patch(
    core: web::Data<Core>,
    user: User,
    id: web::Path<String>,
    JsonBody(body): JsonBody,
    req: HttpRequest,
) -> Result<HttpResponse> {
    let raw = id.into_inner();
    let id = path_id(&raw)?;
    let query = query_of(&req, &TASKS)?;
    let changes = TaskChanges::from_json(&body)?;
    let now = to_rfc3339_millis(core.clock.now());
    let q = query.clone();
    let task = core
        .db
        .write(move |tx| {
            let Some(task) = store::get_visible(tx, &user.tenant, user.id, id, Some(&q))? else {
                return Ok::<_, LionDeskError>(None);
            };
            let next = Task { modified_at: now, ..changes.apply(&task) };
            require(&next)?;
            check(tx, &user.tenant, user.id, &changes)?;
            store::update(tx, &user.tenant, &next)?;
            Ok(Some(next))
        })
        .await?
        .ok_or_else(|| LionDeskError::no_record(&raw))?;
    Ok(HttpResponse::Ok().json(select(wire(&task), &query)))
}

/// Remove one task: `DELETE /tasks/:id` answers the task as it was; only its owner may.
async fn remove(core: web::Data<Core>, user: User, id: web::Path<String>, req: HttpRequest) -> Result<HttpResponse> {
    let raw = id.into_inner();
    let id = path_id(&raw)?;
    let query = query_of(&req, &TASKS)?;
    let q = query.clone();
    let task = core
        .db
        .write(move |tx| {
            let Some(task) = store::get_visible(tx, &user.tenant, user.id, id, Some(&q))? else {
                return Ok::<_, LionDeskError>(None);
            };
            if task.owner_user_id != user.id {
                return Err(LionDeskError::Forbidden("Only the owner of a task may remove it".into()));
            }
            store::delete(tx, &user.tenant, id)?;
            Ok(Some(task))
        })
        .await?
        .ok_or_else(|| LionDeskError::no_record(&raw))?;
    Ok(HttpResponse::Ok().json(select(wire(&task), &query)))
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
    let Value::Object(map) = record else {
        return Err(ArrangeError::record(index, "(record)", "expected a JSON object"));
    };
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
    let id = match id {
        Some(id) if store::get(tx, tenant, id)?.is_some() => {
            return Err(ArrangeError::record(index, "id", format!("{id} already exists")));
        }
        Some(id) => crate::core::ids::claim_id(tx, tenant, "ld_tasks", id).map(|_| id)?,
        None => crate::core::ids::next_id(tx, tenant, "ld_tasks")?,
    };
    store::insert(tx, tenant, &Task { id, ..task })?;
    Ok(id)
}

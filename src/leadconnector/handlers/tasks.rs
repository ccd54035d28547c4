//! Tasks of a contact: Get all Tasks (`{"tasks"}`), Get Task, Create Task (201), Update Task,
//! Update Task Completed and Delete Task (`{"succeded": true}`), each `{"task"}` otherwise. An
//! unknown contact is a 400 "Contact with id X not found", an unknown task (or one of another
//! contact) a 400 "Task with id X not found".

use actix_web::{HttpRequest, HttpResponse, web};
use serde_json::{Value, json};

use super::super::auth::Location;
use super::super::body::JsonBody;
use super::super::error::{LcError, Result};
use super::super::model::task::{STATUS, Task, TaskInput};
use super::super::store::tasks as store;
use super::super::validate;
use super::super::webhooks::{self, Event};
use super::contacts::contact_of;
use super::{no_query, param, succeded};
use crate::core::Core;
use crate::core::ids::random_alnum;

/// Get all Tasks: `GET /contacts/:contactId/tasks`.
pub async fn list(req: HttpRequest, Location(caller): Location, core: web::Data<Core>) -> Result<HttpResponse> {
    no_query(&req)?;
    let contact = param(&req, "contactId");
    let tasks = core
        .db
        .read(move |tx| {
            contact_of(tx, &caller, &contact)?;
            Ok::<_, LcError>(store::of_contact(tx, caller.tenant(), &contact)?)
        })
        .await?;
    let tasks: Vec<Value> = tasks.iter().map(Task::render).collect();
    Ok(HttpResponse::Ok().json(json!({ "tasks": tasks })))
}

/// Get Task: `GET /contacts/:contactId/tasks/:taskId`.
pub async fn get(req: HttpRequest, Location(caller): Location, core: web::Data<Core>) -> Result<HttpResponse> {
    no_query(&req)?;
    let (contact, id) = (param(&req, "contactId"), param(&req, "taskId"));
    let task = core
        .db
        .read(move |tx| {
            contact_of(tx, &caller, &contact)?;
            store::one(tx, caller.tenant(), &contact, &id)?.ok_or_else(|| LcError::no_task(&id))
        })
        .await?;
    Ok(HttpResponse::Ok().json(json!({"task": task.render()})))
}

/// Create Task: `POST /contacts/:contactId/tasks` → 201.
pub async fn create(
    req: HttpRequest,
    Location(caller): Location,
    core: web::Data<Core>,
    JsonBody(body): JsonBody,
) -> Result<HttpResponse> {
    no_query(&req)?;
    let contact = param(&req, "contactId");
    let input = TaskInput::read(&body, true)?;
    let task = core
        .db
        .write(move |tx| {
            contact_of(tx, &caller, &contact)?;
            let task = input.create(random_alnum(20), contact, caller.now.timestamp_millis());
            store::insert(tx, caller.tenant(), &task)?;
            webhooks::task(tx, &caller, Event::TaskCreate, &task)?;
            Ok::<_, LcError>(task)
        })
        .await?;
    core.wake_jobs();
    Ok(HttpResponse::Created().json(json!({"task": task.render()})))
}

/// Applies `input` to task `taskId` of contact `contactId`; a task that becomes completed sends
/// `TaskComplete`.
async fn change(req: &HttpRequest, caller: super::super::auth::Caller, core: web::Data<Core>, input: TaskInput) -> Result<Task> {
    let (contact, id) = (param(req, "contactId"), param(req, "taskId"));
    let task = core
        .db
        .write(move |tx| {
            contact_of(tx, &caller, &contact)?;
            let mut task = store::one(tx, caller.tenant(), &contact, &id)?.ok_or_else(|| LcError::no_task(&id))?;
            let was_completed = task.completed;
            input.apply(&mut task);
            store::update(tx, caller.tenant(), &task)?;
            if task.completed && !was_completed {
                webhooks::task(tx, &caller, Event::TaskComplete, &task)?;
            }
            Ok::<_, LcError>(task)
        })
        .await?;
    core.wake_jobs();
    Ok(task)
}

/// Update Task: `PUT /contacts/:contactId/tasks/:taskId`.
pub async fn update(
    req: HttpRequest,
    Location(caller): Location,
    core: web::Data<Core>,
    JsonBody(body): JsonBody,
) -> Result<HttpResponse> {
    no_query(&req)?;
    let input = TaskInput::read(&body, false)?;
    let task = change(&req, caller, core, input).await?;
    Ok(HttpResponse::Ok().json(json!({"task": task.render()})))
}

/// Update Task Completed: `PUT /contacts/:contactId/tasks/:taskId/completed`.
pub async fn completed(
    req: HttpRequest,
    Location(caller): Location,
    core: web::Data<Core>,
    JsonBody(body): JsonBody,
) -> Result<HttpResponse> {
    no_query(&req)?;
    let map = validate::object(&body, STATUS)?;
    let input = TaskInput { completed: map.get("completed").and_then(Value::as_bool), ..TaskInput::default() };
    let task = change(&req, caller, core, input).await?;
    Ok(HttpResponse::Ok().json(json!({"task": task.render()})))
}

/// Delete Task: `DELETE /contacts/:contactId/tasks/:taskId` → `{"succeded": true}`.
pub async fn delete(req: HttpRequest, Location(caller): Location, core: web::Data<Core>) -> Result<HttpResponse> {
    no_query(&req)?;
    let (contact, id) = (param(&req, "contactId"), param(&req, "taskId"));
    let v3 = caller.v3;
    core.db
        .write(move |tx| {
            contact_of(tx, &caller, &contact)?;
            let task = store::one(tx, caller.tenant(), &contact, &id)?.ok_or_else(|| LcError::no_task(&id))?;
            store::delete(tx, caller.tenant(), &id)?;
            webhooks::task(tx, &caller, Event::TaskDelete, &task)?;
            Ok::<_, LcError>(())
        })
        .await?;
    core.wake_jobs();
    Ok(HttpResponse::Ok().json(succeded(v3)))
}

//! Tasks of a contact: Get all Tasks (`{"tasks"}`), Get Task, Create Task (201), Update Task,
//! Update Task Completed and Delete Task (`{"succeded": true}`), each `{"task"}` otherwise. An
//! unknown contact is a 400 "Contact with id X not found", an unknown task (or one of another
//! contact) a 400 "Task with id X not found".

use actix_web::{HttpRequest, HttpResponse, web};
use serde_json::{Value, json};

use super::super::auth::{Caller, Location};
use super::super::body::JsonBody;
use super::super::error::{LcError, Result};
use super::super::model::task::{STATUS, Task, TaskInput};
use super::super::store::tasks as store;
use super::super::validate;
use super::super::webhooks::{self, Event};
use super::{Access, on_contact, param, succeded};
use crate::core::Core;
use crate::core::Tx;
use crate::core::ids::random_alnum;

/// Task `id` of the contact, or its 400.
fn task_of(tx: &Tx, caller: &Caller, contact: &str, id: &str) -> Result<Task> {
    store::one(tx, caller.tenant(), contact, id)?.ok_or_else(|| LcError::no_task(id))
}

/// Get all Tasks: `GET /contacts/:contactId/tasks`.
pub async fn list(req: HttpRequest, Location(caller): Location, core: web::Data<Core>) -> Result<HttpResponse> {
    let tasks =
        on_contact(&req, caller, &core, Access::Read, |tx, caller, contact| Ok(store::of_contact(tx, caller.tenant(), contact)?))
            .await?;
    let tasks: Vec<Value> = tasks.iter().map(Task::render).collect();
    Ok(HttpResponse::Ok().json(json!({ "tasks": tasks })))
}

/// Get Task: `GET /contacts/:contactId/tasks/:taskId`.
pub async fn get(req: HttpRequest, Location(caller): Location, core: web::Data<Core>) -> Result<HttpResponse> {
    let id = param(&req, "taskId");
    let task =
        on_contact(&req, caller, &core, Access::Read, move |tx, caller, contact| task_of(tx, caller, contact, &id)).await?;
    Ok(HttpResponse::Ok().json(json!({"task": task.render()})))
}

/// Create Task: `POST /contacts/:contactId/tasks` → 201.
pub async fn create(
    req: HttpRequest,
    Location(caller): Location,
    core: web::Data<Core>,
    JsonBody(body): JsonBody,
) -> Result<HttpResponse> {
    let input = TaskInput::read(&body, true)?;
    let task = on_contact(&req, caller, &core, Access::Write, |tx, caller, contact| {
        let task = input.create(random_alnum(20), contact.to_owned(), caller.now.timestamp_millis());
        store::insert(tx, caller.tenant(), &task)?;
        webhooks::task(tx, caller, Event::TaskCreate, &task)?;
        Ok(task)
    })
    .await?;
    Ok(HttpResponse::Created().json(json!({"task": task.render()})))
}

/// Applies `input` to task `taskId` of the path's contact; answers `{"task"}`. A task that
/// becomes completed sends `TaskComplete`.
async fn change(req: HttpRequest, caller: Caller, core: web::Data<Core>, input: TaskInput) -> Result<HttpResponse> {
    let id = param(&req, "taskId");
    let task = on_contact(&req, caller, &core, Access::Write, move |tx, caller, contact| {
        let mut task = task_of(tx, caller, contact, &id)?;
        let was_completed = task.completed;
        input.apply(&mut task);
        store::update(tx, caller.tenant(), &task)?;
        if task.completed && !was_completed {
            webhooks::task(tx, caller, Event::TaskComplete, &task)?;
        }
        Ok(task)
    })
    .await?;
    Ok(HttpResponse::Ok().json(json!({"task": task.render()})))
}

/// Update Task: `PUT /contacts/:contactId/tasks/:taskId`.
pub async fn update(
    req: HttpRequest,
    Location(caller): Location,
    core: web::Data<Core>,
    JsonBody(body): JsonBody,
) -> Result<HttpResponse> {
    let input = TaskInput::read(&body, false)?;
    change(req, caller, core, input).await
}

/// Update Task Completed: `PUT /contacts/:contactId/tasks/:taskId/completed`.
pub async fn completed(
    req: HttpRequest,
    Location(caller): Location,
    core: web::Data<Core>,
    JsonBody(body): JsonBody,
) -> Result<HttpResponse> {
    let map = validate::object(&body, STATUS)?;
    let input = TaskInput { completed: map.get("completed").and_then(Value::as_bool), ..TaskInput::default() };
    change(req, caller, core, input).await
}

/// Delete Task: `DELETE /contacts/:contactId/tasks/:taskId` → `{"succeded": true}`.
pub async fn delete(req: HttpRequest, Location(caller): Location, core: web::Data<Core>) -> Result<HttpResponse> {
    let id = param(&req, "taskId");
    let v3 = caller.v3;
    on_contact(&req, caller, &core, Access::Write, move |tx, caller, contact| {
        let task = task_of(tx, caller, contact, &id)?;
        store::delete(tx, caller.tenant(), &id)?;
        Ok(webhooks::task(tx, caller, Event::TaskDelete, &task)?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(succeded(v3)))
}

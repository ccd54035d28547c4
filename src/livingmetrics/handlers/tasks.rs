//! Tasks: Get Tasks for a Contact (three routes), Get Tasks, Get Task, and the task outcomes,
//! types and statuses.

use actix_web::{HttpRequest, HttpResponse, web};

use crate::core::Core;

use super::super::auth::ApiKey;
use super::super::error::{LivingMetricsError, Result};
use super::super::filters::{self, TaskQuery};
use super::super::store::records::NamedList;
use super::super::store::{contacts, tasks as store};

/// The page of tasks `query` asks for. `user_only` is forced for a key whose user may only see
/// their own tasks; `contact` must exist when the path names it.
async fn task_page(core: &Core, key: ApiKey, mut query: TaskQuery, contact: Option<i64>) -> Result<HttpResponse> {
    query.filter.user_only |= key.own_tasks_only;
    super::read_page(core, key.tenant, query.paging, move |tx, tenant| {
        if let Some(contact_id) = contact
            && !contacts::exists(tx, tenant, contact_id)?
        {
            return Err(LivingMetricsError::NotFound(format!("Contact {contact_id} not found")));
        }
        Ok(store::page(tx, tenant, &query, key.user_id)?)
    })
    .await
}

/// Get Tasks for a Contact: `GET /v1/contacts/{id}/task.json`, `/v1/contacts/{id}/tasks.json`
/// and `/v1/tasks/contact/{id}.json`.
pub async fn for_contact(core: web::Data<Core>, key: ApiKey, id: web::Path<String>, req: HttpRequest) -> Result<HttpResponse> {
    let contact_id = super::path_id(&id, "contact")?;
    let query = filters::contact_tasks(req.query_string(), contact_id)?;
    task_page(&core, key, query, Some(contact_id)).await
}

/// Get Tasks: `GET /v1/tasks.json`.
pub async fn list(core: web::Data<Core>, key: ApiKey, req: HttpRequest) -> Result<HttpResponse> {
    let query = filters::tasks(req.query_string())?;
    task_page(&core, key, query, None).await
}

/// Get Task: `GET /v1/tasks/{id}.json`. A key limited to its own tasks sees no other task.
pub async fn get(core: web::Data<Core>, key: ApiKey, id: web::Path<String>, req: HttpRequest) -> Result<HttpResponse> {
    let id = super::path_id(&id, "task")?;
    filters::no_parameters(req.query_string())?;
    let tenant = key.tenant.clone();
    let task = core.db.read(move |tx| Ok::<_, LivingMetricsError>(store::get(tx, &tenant, id)?)).await?;
    let task = task.filter(|t| !key.own_tasks_only || t.user_id == Some(key.user_id));
    super::one(task, "Task", id)
}

/// Get Task Outcomes: `GET /v1/tasks/outcomes.json`.
pub async fn outcomes(core: web::Data<Core>, key: ApiKey, req: HttpRequest) -> Result<HttpResponse> {
    super::named_list(core, key, req.query_string(), NamedList::TaskOutcomes).await
}

/// Get Task Types: `GET /v1/tasks/types.json`.
pub async fn types(core: web::Data<Core>, key: ApiKey, req: HttpRequest) -> Result<HttpResponse> {
    super::named_list(core, key, req.query_string(), NamedList::TaskTypes).await
}

/// Get Task Statuses: `GET /v1/tasks/statuses.json`.
pub async fn statuses(core: web::Data<Core>, key: ApiKey, req: HttpRequest) -> Result<HttpResponse> {
    super::named_list(core, key, req.query_string(), NamedList::TaskStatuses).await
}

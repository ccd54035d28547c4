//! Tasks: Get Tasks for a Contact (three routes), Get Tasks, Get Task, and the task outcomes,
//! types and statuses.

use actix_web::{HttpRequest, HttpResponse, web};
use rusqlite::types::Value;

use crate::core::sql::{Column, Filter};
use crate::core::{Core, TenantId};

use super::super::auth::ApiKey;
use super::super::error::{LivingMetricsError, Result};
use super::super::params::{Paging, Params};
use super::super::store::insert::{Table, exists};
use super::super::store::records::{self, NamedList, TASK_COLUMNS, TASK_ORDER, page_of, task_from_row};

/// `include_completed` and `user_only`; `user_only` is forced for a key whose user may only
/// see their own tasks.
fn task_filter(params: &Params, key: &ApiKey) -> Result<Filter> {
    let mut f = Filter::for_tenant(Column::new("t.tenant_id"), &key.tenant);
    if !params.flag("include_completed")? {
        f.and("t.completed = 0", []);
    }
    if params.flag("user_only")? || key.own_tasks_only {
        f.and_eq(Column::new("t.user_id"), Value::Integer(key.user_id));
    }
    Ok(f)
}

async fn task_page(core: &Core, filter: Filter, paging: Paging, must_exist: Option<(TenantId, i64)>) -> Result<HttpResponse> {
    let (data, total) = core
        .db
        .read(move |tx| {
            if let Some((tenant, contact_id)) = must_exist
                && !exists(tx, &tenant, Table::Contacts, contact_id)?
            {
                return Err(LivingMetricsError::NotFound(format!("Contact {contact_id} not found")));
            }
            Ok(page_of(tx, TASK_COLUMNS, "lm_tasks t", &filter, TASK_ORDER, paging.window(), task_from_row)?)
        })
        .await?;
    Ok(super::page(data, total, paging))
}

/// Get Tasks for a Contact: `GET /v1/contacts/{id}/task.json`, `/v1/contacts/{id}/tasks.json`
/// and `/v1/tasks/contact/{id}.json`.
pub async fn for_contact(core: web::Data<Core>, key: ApiKey, id: web::Path<String>, req: HttpRequest) -> Result<HttpResponse> {
    let contact_id = super::path_id(&id, "contact")?;
    let params = Params::parse(req.query_string(), &["include_completed", "user_only", "page", "limit"])?;
    let paging = params.paging(100)?;
    let mut filter = task_filter(&params, &key)?;
    filter.and_eq(Column::new("t.contact_id"), Value::Integer(contact_id));
    task_page(&core, filter, paging, Some((key.tenant, contact_id))).await
}

/// Get Tasks: `GET /v1/tasks.json`.
pub async fn list(core: web::Data<Core>, key: ApiKey, req: HttpRequest) -> Result<HttpResponse> {
    let params = Params::parse(req.query_string(), &["limit", "page", "include_completed", "user_only", "contact_id"])?;
    let paging = params.paging(100)?;
    let mut filter = task_filter(&params, &key)?;
    if let Some(contact_id) = params.id("contact_id")? {
        filter.and_eq(Column::new("t.contact_id"), Value::Integer(contact_id));
    }
    task_page(&core, filter, paging, None).await
}

/// Get Task: `GET /v1/tasks/{id}.json`. A key limited to its own tasks sees no other task.
pub async fn get(core: web::Data<Core>, key: ApiKey, id: web::Path<String>, req: HttpRequest) -> Result<HttpResponse> {
    let id = super::path_id(&id, "task")?;
    Params::parse(req.query_string(), &[])?;
    let tenant = key.tenant.clone();
    let task = core.db.read(move |tx| Ok::<_, LivingMetricsError>(records::task(tx, &tenant, id)?)).await?;
    let task = task.filter(|t| !key.own_tasks_only || t.user_id == Some(key.user_id));
    super::one(task, "Task", id)
}

/// Get Task Outcomes: `GET /v1/tasks/outcomes.json`.
pub async fn outcomes(core: web::Data<Core>, key: ApiKey, req: HttpRequest) -> Result<HttpResponse> {
    super::named_list(core, key, req, NamedList::TaskOutcomes).await
}

/// Get Task Types: `GET /v1/tasks/types.json`.
pub async fn types(core: web::Data<Core>, key: ApiKey, req: HttpRequest) -> Result<HttpResponse> {
    super::named_list(core, key, req, NamedList::TaskTypes).await
}

/// Get Task Statuses: `GET /v1/tasks/statuses.json`.
pub async fn statuses(core: web::Data<Core>, key: ApiKey, req: HttpRequest) -> Result<HttpResponse> {
    super::named_list(core, key, req, NamedList::TaskStatuses).await
}

//! Contact Groups: Create Contact Group (201 `{"id"}`), List Contact Group (`contactGroup`
//! with `next`), Read Contact Group and Update Contact Group (204). There is no delete. An
//! unknown group is 404 `{"code": 203, "message": "Contact group with <id> not found"}`.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::super::auth::{Caller, core_of};
use super::super::body::JsonBody;
use super::super::error::{LvError, Result};
use super::super::model::group::{ContactGroup, name_of};
use super::super::model::page::Page;
use super::super::store::groups::{self as store, TABLE};
use crate::core::sql::Order;

/// The group id of the path.
#[derive(Deserialize)]
pub struct GroupPath {
    id: String,
}

impl GroupPath {
    /// The id, or the document's 404 naming it as given.
    fn id(&self) -> Result<i64> {
        self.id.trim().parse::<i64>().ok().filter(|id| *id > 0).ok_or_else(|| LvError::group_not_found(&self.id))
    }
}

/// Create Contact Group: `POST /contact/contactGroups` `{"name"}` → 201 `{"id"}`. The caller
/// is its creator.
pub async fn create(req: HttpRequest, caller: Caller, body: JsonBody) -> Result<HttpResponse> {
    let name = name_of(&body.0)?;
    let core = core_of(&req)?;
    let at = caller.now.timestamp_millis();
    let id = core
        .db
        .write(move |tx| {
            let id = TABLE.next_id(tx, &caller.tenant)?;
            let by = Some(caller.user_name.clone());
            let group = ContactGroup { id, name, created_by: by.clone(), modified_by: by, created_at: at, modified_at: at };
            store::insert(tx, &caller.tenant, &group)?;
            Ok::<_, LvError>(id)
        })
        .await?;
    Ok(HttpResponse::Created().json(json!({ "id": id })))
}

/// List Contact Group: `GET /contact/contactGroups?count&offset`, by id.
pub async fn list(req: HttpRequest, caller: Caller) -> Result<HttpResponse> {
    let page = Page::from_query(req.query_string())?;
    let core = core_of(&req)?;
    let rows = core
        .db
        .read(move |tx| {
            let filter = TABLE.filter(&caller.tenant);
            Ok::<_, LvError>(TABLE.rows(tx, &filter, &Order::default(), page.window())?)
        })
        .await?;
    let (groups, next) = page.take(rows);
    let mut body = Map::new();
    body.insert("contactGroup".into(), serde_json::to_value(groups).unwrap_or(Value::Null));
    if let Some(next) = next {
        body.insert("next".into(), json!(format!("contact/contactGroups/?offset={next}&count={}", page.count)));
    }
    Ok(HttpResponse::Ok().json(body))
}

/// Read Contact Group: `GET /contact/contactGroups/{id}`.
pub async fn read(req: HttpRequest, caller: Caller, path: web::Path<GroupPath>) -> Result<HttpResponse> {
    let id = path.id()?;
    let core = core_of(&req)?;
    let group = core.db.read(move |tx| Ok::<_, LvError>(TABLE.by_id(tx, &caller.tenant, &id)?)).await?;
    let group = group.ok_or_else(|| LvError::group_not_found(&path.id))?;
    Ok(HttpResponse::Ok().json(group))
}

/// Update Contact Group: `PUT /contact/contactGroups/{id}` `{"name"}` → 204.
pub async fn update(req: HttpRequest, caller: Caller, path: web::Path<GroupPath>, body: JsonBody) -> Result<HttpResponse> {
    let id = path.id()?;
    let name = name_of(&body.0)?;
    let core = core_of(&req)?;
    let at = caller.now.timestamp_millis();
    let found =
        core.db.write(move |tx| Ok::<_, LvError>(store::rename(tx, &caller.tenant, id, &name, &caller.user_name, at)?)).await?;
    if !found {
        return Err(LvError::group_not_found(&path.id));
    }
    Ok(HttpResponse::NoContent().finish())
}

//! Custom Field: List Custom Field (`customFields`), Read Custom Field (by its COL1–COL100
//! name, not its label) and Update Custom Field (labels, data types and list values; 204). An
//! update never touches the values contacts hold.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;
use serde_json::json;

use super::super::auth::{Caller, core_of};
use super::super::body::JsonBody;
use super::super::error::{LvError, Result};
use super::super::model::custom_field::{changes_of, column};
use super::super::store::custom_fields as store;

/// The field of the path.
#[derive(Deserialize)]
pub struct FieldPath {
    field: String,
}

/// List Custom Field: `GET /contact/contacts/customFields`, by column.
pub async fn list(req: HttpRequest, caller: Caller) -> Result<HttpResponse> {
    let core = core_of(&req)?;
    let fields = core.db.read(move |tx| Ok::<_, LvError>(store::all(tx, &caller.tenant)?)).await?;
    Ok(HttpResponse::Ok().json(json!({ "customFields": fields })))
}

/// Read Custom Field: `GET /contact/contacts/customFields/{field}`; a column without a
/// definition is the document's 404.
pub async fn read(req: HttpRequest, caller: Caller, path: web::Path<FieldPath>) -> Result<HttpResponse> {
    let field = column(&path.field)
        .ok_or_else(|| LvError::bad_field("field", format!("'{}' is not one of COL1 to COL100", path.field)))?;
    let core = core_of(&req)?;
    let found = core.db.read(move |tx| Ok::<_, LvError>(store::one(tx, &caller.tenant, field)?)).await?;
    Ok(HttpResponse::Ok().json(found.ok_or_else(LvError::no_record)?))
}

/// Update Custom Field: `PUT /contact/contacts/customFields`; every entry is checked before
/// any is written.
pub async fn update(req: HttpRequest, caller: Caller, body: JsonBody) -> Result<HttpResponse> {
    let changes = changes_of(&body.0)?;
    let core = core_of(&req)?;
    core.db
        .write(move |tx| {
            for change in &changes {
                let current = store::one(tx, &caller.tenant, change.field)?;
                store::put(tx, &caller.tenant, &change.apply(current.as_ref()))?;
            }
            Ok::<_, LvError>(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

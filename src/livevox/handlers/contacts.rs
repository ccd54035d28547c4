//! The Contact methods: create, read, update, delete, list, bulk create and update, the two
//! DND updates, and `POST /contact/contacts/bulk`, which is Bulk Contact Download when the body
//! has `exportableFields` and Bulk Create Contact otherwise.

use actix_web::{HttpRequest, HttpResponse};

use super::super::auth::Caller;
use super::super::body::JsonBody;
use super::super::error::{LvError, Result};
use super::export;

/// `POST /contact/contacts/bulk`: a download when the body names `exportableFields`.
pub async fn bulk(req: HttpRequest, caller: Caller, body: JsonBody) -> Result<HttpResponse> {
    if body.0.get("exportableFields").is_some() {
        return export::download(req, caller, body.0).await;
    }
    Err(LvError::not_implemented())
}

/// Bulk Update Contact: `PUT /contact/contacts/bulk`.
pub async fn bulk_update() -> Result<HttpResponse> {
    Err(LvError::not_implemented())
}

/// Update Multiple Contacts' DND: `POST /contact/contacts/dnd`.
pub async fn update_dnd_bulk() -> Result<HttpResponse> {
    Err(LvError::not_implemented())
}

/// Create Contact: `POST /contact/contacts/`.
pub async fn create() -> Result<HttpResponse> {
    Err(LvError::not_implemented())
}

/// List Contact: `GET /contact/contacts?count&offset`.
pub async fn list() -> Result<HttpResponse> {
    Err(LvError::not_implemented())
}

/// Read Contact: `GET /contact/contacts/{account}`.
pub async fn read() -> Result<HttpResponse> {
    Err(LvError::not_implemented())
}

/// Update Contact: `PUT /contact/contacts/{account}`.
pub async fn update() -> Result<HttpResponse> {
    Err(LvError::not_implemented())
}

/// Delete Contact: `DELETE /contact/contacts/{account}`.
pub async fn delete() -> Result<HttpResponse> {
    Err(LvError::not_implemented())
}

/// Update Contact DND: `PUT /contact/contacts/{account}/dnd`.
pub async fn update_dnd() -> Result<HttpResponse> {
    Err(LvError::not_implemented())
}

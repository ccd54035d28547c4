//! Bulk Contact Download: `POST /contact/contacts/bulk` with `exportableFields`, answered as
//! CSV (gzip when the client accepts it).

use actix_web::{HttpRequest, HttpResponse};
use serde_json::Value;

use super::super::auth::Caller;
use super::super::error::{LvError, Result};

/// Bulk Contact Download (`contacts::bulk` hands it the bodies with `exportableFields`).
pub async fn download(_req: HttpRequest, _caller: Caller, _body: Value) -> Result<HttpResponse> {
    Err(LvError::not_implemented())
}

//! Bulk Contact Download: `POST /contact/contacts/bulk` with `exportableFields`, answered as
//! CSV (gzip when the client accepts it), streamed from the database.

use actix_web::{HttpRequest, HttpResponse};
use serde_json::Value;

use super::super::auth::{Caller, core_of, roles};
use super::super::error::{LvError, Result};
use super::super::export;
use super::super::settings;
use crate::core::stream;

/// Bulk Contact Download (`contacts::bulk` hands it the bodies with `exportableFields`): the
/// request is checked whole, then the CSV streams from one read transaction.
pub async fn download(req: HttpRequest, caller: Caller, body: Value) -> Result<HttpResponse> {
    caller.allow(roles::CHANGE)?;
    let export = export::parse(&body).map_err(LvError::BadRequest)?;
    let core = core_of(&req)?;
    let Caller { tenant, now, .. } = caller;
    let zone_of = tenant.clone();
    let tz = core.db.read(move |tx| settings::time_zone(tx, &zone_of)).await?;
    Ok(stream::body(core.db.clone(), stream::accepts_gzip(&req), "text/csv", move |tx, out| {
        export::write(tx, &tenant, &export, now, &tz, out)
    }))
}

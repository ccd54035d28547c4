//! HTTP in and out, one module per part of the vendor's contacts API, plus OAuth.

pub mod appointments;
pub mod contacts;
pub mod notes;
pub mod oauth;
pub mod search;
pub mod tags;
pub mod tasks;

use actix_web::{HttpRequest, web};
use serde_json::{Map, Value, json};

use super::auth::Caller;
use super::error::Result;
use super::validate;
use crate::core::Core;
use crate::core::Tx;

/// Path parameter `name` of the route (every route names the parameters it has).
pub fn param(req: &HttpRequest, name: &str) -> String {
    req.match_info().get(name).unwrap_or_default().to_owned()
}

/// A 422 for any query parameter (the route declares none).
pub fn no_query(req: &HttpRequest) -> Result<()> {
    validate::query(req.query_string(), &[]).map(|_| ())
}

/// `{"succeded": true}` (the vendor's spelling), with `succeeded` too under `Version: v3`,
/// whose schemas carry both.
pub fn succeded(v3: bool) -> Map<String, Value> {
    let mut out = Map::new();
    if v3 {
        out.insert("succeeded".into(), json!(true));
    }
    out.insert("succeded".into(), json!(true));
    out
}

/// Whether a request reads or writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Read,
    Write,
}

/// Runs `f` in one transaction on the path's contact (`contactId`) of the caller's location,
/// after checking the route's empty query: the 400 of an unknown contact comes first. `f` gets
/// the transaction, the caller and the contact's id. After a write the background jobs are
/// woken, for the webhooks it announced.
pub async fn on_contact<T, F>(req: &HttpRequest, caller: Caller, core: &web::Data<Core>, access: Access, f: F) -> Result<T>
where
    F: FnOnce(&Tx, &Caller, &str) -> Result<T> + Send + 'static,
    T: Send + 'static,
{
    no_query(req)?;
    let contact = param(req, "contactId");
    let run = move |tx: &Tx| {
        contacts::contact_of(tx, &caller, &contact)?;
        f(tx, &caller, &contact)
    };
    match access {
        Access::Read => core.db.read(run).await,
        Access::Write => {
            let written = core.db.write(run).await?;
            // The write may have announced webhooks: delivery starts now.
            core.wake_jobs();
            Ok(written)
        }
    }
}

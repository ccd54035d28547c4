//! Contact Notes: List Contact Notes (`listContactNotes`, newest first) and Read Contact Note.
//! The API cannot create notes; they are arranged through the admin API. An unknown account or
//! note is the document's 404 `{"code": 203, "message": "No Record Found"}`.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;
use serde_json::json;

use super::super::auth::{Caller, core_of};
use super::super::error::{LvError, Result};
use super::super::model::note::NoteEntry;
use super::super::store::{contact_ref, notes as store};

#[derive(Deserialize)]
pub struct AccountPath {
    account: String,
}

#[derive(Deserialize)]
pub struct NotePath {
    account: String,
    id: String,
}

/// List Contact Notes: `GET /contact/contacts/{account}/notes/`.
pub async fn list(req: HttpRequest, caller: Caller, path: web::Path<AccountPath>) -> Result<HttpResponse> {
    let core = core_of(&req)?;
    let account = path.into_inner().account;
    let notes = core
        .db
        .read(move |tx| {
            let Some(contact) = contact_ref::by_account(tx, &caller.tenant, &account)? else { return Ok(None) };
            Ok::<_, LvError>(Some(store::of_contact(tx, &caller.tenant, contact)?))
        })
        .await?
        .ok_or_else(LvError::no_record)?;
    let entries: Vec<NoteEntry> = notes.into_iter().map(NoteEntry::from).collect();
    Ok(HttpResponse::Ok().json(json!({ "listContactNotes": entries })))
}

/// Read Contact Note: `GET /contact/contacts/{account}/notes/{id}`.
pub async fn read(req: HttpRequest, caller: Caller, path: web::Path<NotePath>) -> Result<HttpResponse> {
    let NotePath { account, id } = path.into_inner();
    let id = id.trim().parse::<i64>().map_err(|_| LvError::no_record())?;
    let core = core_of(&req)?;
    let note = core
        .db
        .read(move |tx| {
            let Some(contact) = contact_ref::by_account(tx, &caller.tenant, &account)? else { return Ok(None) };
            Ok::<_, LvError>(store::one(tx, &caller.tenant, contact, id)?)
        })
        .await?
        .ok_or_else(LvError::no_record)?;
    Ok(HttpResponse::Ok().json(note))
}

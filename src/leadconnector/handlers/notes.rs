//! Notes of a contact: Get All Notes (`{"notes"}`, newest first), Get Note, Create Note (201),
//! Update Note and Delete Note (`{"succeded": true}`), each `{"note"}` otherwise. An unknown
//! contact is a 400 "Contact with id X not found", an unknown note (or one of another contact)
//! a 400 "Note with id X not found".

use actix_web::{HttpRequest, HttpResponse, web};
use serde_json::{Value, json};

use super::super::auth::{Caller, Location};
use super::super::body::JsonBody;
use super::super::error::{LcError, Result};
use super::super::model::note::{Note, NoteInput};
use super::super::store::notes as store;
use super::super::webhooks::{self, Event};
use super::{Access, on_contact, param, succeded};
use crate::core::Core;
use crate::core::Tx;
use crate::core::ids::random_alnum;

/// Note `id` of the contact, or its 400.
fn note_of(tx: &Tx, caller: &Caller, contact: &str, id: &str) -> Result<Note> {
    store::one(tx, caller.tenant(), contact, id)?.ok_or_else(|| LcError::no_note(id))
}

/// Get All Notes: `GET /contacts/:contactId/notes`.
pub async fn list(req: HttpRequest, Location(caller): Location, core: web::Data<Core>) -> Result<HttpResponse> {
    let notes =
        on_contact(&req, caller, &core, Access::Read, |tx, caller, contact| Ok(store::of_contact(tx, caller.tenant(), contact)?))
            .await?;
    let notes: Vec<Value> = notes.iter().map(Note::render).collect();
    Ok(HttpResponse::Ok().json(json!({ "notes": notes })))
}

/// Get Note: `GET /contacts/:contactId/notes/:id`.
pub async fn get(req: HttpRequest, Location(caller): Location, core: web::Data<Core>) -> Result<HttpResponse> {
    let id = param(&req, "id");
    let note =
        on_contact(&req, caller, &core, Access::Read, move |tx, caller, contact| note_of(tx, caller, contact, &id)).await?;
    Ok(HttpResponse::Ok().json(json!({"note": note.render()})))
}

/// Create Note: `POST /contacts/:contactId/notes` → 201.
pub async fn create(
    req: HttpRequest,
    Location(caller): Location,
    core: web::Data<Core>,
    JsonBody(body): JsonBody,
) -> Result<HttpResponse> {
    let input = NoteInput::read(&body, true)?;
    let note = on_contact(&req, caller, &core, Access::Write, |tx, caller, contact| {
        let note = input.create(random_alnum(20), contact.to_owned(), caller.now.timestamp_millis());
        store::insert(tx, caller.tenant(), &note)?;
        webhooks::note(tx, caller, Event::NoteCreate, &note)?;
        Ok(note)
    })
    .await?;
    Ok(HttpResponse::Created().json(json!({"note": note.render()})))
}

/// Update Note: `PUT /contacts/:contactId/notes/:id`.
pub async fn update(
    req: HttpRequest,
    Location(caller): Location,
    core: web::Data<Core>,
    JsonBody(body): JsonBody,
) -> Result<HttpResponse> {
    let id = param(&req, "id");
    let input = NoteInput::read(&body, false)?;
    let note = on_contact(&req, caller, &core, Access::Write, move |tx, caller, contact| {
        let mut note = note_of(tx, caller, contact, &id)?;
        let before = note.clone();
        input.apply(&mut note);
        store::update(tx, caller.tenant(), &note)?;
        if note != before {
            webhooks::note(tx, caller, Event::NoteUpdate, &note)?;
        }
        Ok(note)
    })
    .await?;
    Ok(HttpResponse::Ok().json(json!({"note": note.render()})))
}

/// Delete Note: `DELETE /contacts/:contactId/notes/:id` → `{"succeded": true}`.
pub async fn delete(req: HttpRequest, Location(caller): Location, core: web::Data<Core>) -> Result<HttpResponse> {
    let id = param(&req, "id");
    let v3 = caller.v3;
    on_contact(&req, caller, &core, Access::Write, move |tx, caller, contact| {
        let note = note_of(tx, caller, contact, &id)?;
        store::delete(tx, caller.tenant(), &id)?;
        Ok(webhooks::note(tx, caller, Event::NoteDelete, &note)?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(succeded(v3)))
}

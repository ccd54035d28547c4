//! Notes of a contact: Get All Notes (`{"notes"}`, newest first), Get Note, Create Note (201),
//! Update Note and Delete Note (`{"succeded": true}`), each `{"note"}` otherwise. An unknown
//! contact is a 400 "Contact with id X not found", an unknown note (or one of another contact)
//! a 400 "Note with id X not found".

use actix_web::{HttpRequest, HttpResponse, web};
use serde_json::{Value, json};

use super::super::auth::Location;
use super::super::body::JsonBody;
use super::super::error::{LcError, Result};
use super::super::model::note::{Note, NoteInput};
use super::super::store::notes as store;
use super::super::webhooks::{self, Event};
use super::contacts::contact_of;
use super::{no_query, param, succeded};
use crate::core::Core;
use crate::core::ids::random_alnum;

/// Get All Notes: `GET /contacts/:contactId/notes`.
pub async fn list(req: HttpRequest, Location(caller): Location, core: web::Data<Core>) -> Result<HttpResponse> {
    no_query(&req)?;
    let contact = param(&req, "contactId");
    let notes = core
        .db
        .read(move |tx| {
            contact_of(tx, &caller, &contact)?;
            Ok::<_, LcError>(store::of_contact(tx, caller.tenant(), &contact)?)
        })
        .await?;
    let notes: Vec<Value> = notes.iter().map(Note::render).collect();
    Ok(HttpResponse::Ok().json(json!({ "notes": notes })))
}

/// Get Note: `GET /contacts/:contactId/notes/:id`.
pub async fn get(req: HttpRequest, Location(caller): Location, core: web::Data<Core>) -> Result<HttpResponse> {
    no_query(&req)?;
    let (contact, id) = (param(&req, "contactId"), param(&req, "id"));
    let note = core
        .db
        .read(move |tx| {
            contact_of(tx, &caller, &contact)?;
            store::one(tx, caller.tenant(), &contact, &id)?.ok_or_else(|| LcError::no_note(&id))
        })
        .await?;
    Ok(HttpResponse::Ok().json(json!({"note": note.render()})))
}

/// Create Note: `POST /contacts/:contactId/notes` → 201.
pub async fn create(
    req: HttpRequest,
    Location(caller): Location,
    core: web::Data<Core>,
    JsonBody(body): JsonBody,
) -> Result<HttpResponse> {
    no_query(&req)?;
    let contact = param(&req, "contactId");
    let input = NoteInput::read(&body, true)?;
    let note = core
        .db
        .write(move |tx| {
            contact_of(tx, &caller, &contact)?;
            let note = input.create(random_alnum(20), contact, caller.now.timestamp_millis());
            store::insert(tx, caller.tenant(), &note)?;
            webhooks::note(tx, &caller, Event::NoteCreate, &note)?;
            Ok::<_, LcError>(note)
        })
        .await?;
    core.wake_jobs();
    Ok(HttpResponse::Created().json(json!({"note": note.render()})))
}

/// Update Note: `PUT /contacts/:contactId/notes/:id`.
pub async fn update(
    req: HttpRequest,
    Location(caller): Location,
    core: web::Data<Core>,
    JsonBody(body): JsonBody,
) -> Result<HttpResponse> {
    no_query(&req)?;
    let (contact, id) = (param(&req, "contactId"), param(&req, "id"));
    let input = NoteInput::read(&body, false)?;
    let note = core
        .db
        .write(move |tx| {
            contact_of(tx, &caller, &contact)?;
            let mut note = store::one(tx, caller.tenant(), &contact, &id)?.ok_or_else(|| LcError::no_note(&id))?;
            let before = note.clone();
            input.apply(&mut note);
            store::update(tx, caller.tenant(), &note)?;
            if note != before {
                webhooks::note(tx, &caller, Event::NoteUpdate, &note)?;
            }
            Ok::<_, LcError>(note)
        })
        .await?;
    core.wake_jobs();
    Ok(HttpResponse::Ok().json(json!({"note": note.render()})))
}

/// Delete Note: `DELETE /contacts/:contactId/notes/:id` → `{"succeded": true}`.
pub async fn delete(req: HttpRequest, Location(caller): Location, core: web::Data<Core>) -> Result<HttpResponse> {
    no_query(&req)?;
    let (contact, id) = (param(&req, "contactId"), param(&req, "id"));
    let v3 = caller.v3;
    core.db
        .write(move |tx| {
            contact_of(tx, &caller, &contact)?;
            let note = store::one(tx, caller.tenant(), &contact, &id)?.ok_or_else(|| LcError::no_note(&id))?;
            store::delete(tx, caller.tenant(), &id)?;
            webhooks::note(tx, &caller, Event::NoteDelete, &note)?;
            Ok::<_, LcError>(())
        })
        .await?;
    core.wake_jobs();
    Ok(HttpResponse::Ok().json(succeded(v3)))
}

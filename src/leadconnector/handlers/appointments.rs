//! Get Appointments for Contact: `GET /contacts/:contactId/appointments` → `{"events"}`, by
//! start time. An unknown contact is a 400 "Contact with id X not found".

use actix_web::{HttpRequest, HttpResponse, web};
use serde_json::{Value, json};

use super::super::auth::Location;
use super::super::error::{LcError, Result};
use super::super::store::appointments as store;
use super::contacts::contact_of;
use super::{no_query, param};
use crate::core::Core;

pub async fn list(req: HttpRequest, Location(caller): Location, core: web::Data<Core>) -> Result<HttpResponse> {
    no_query(&req)?;
    let contact = param(&req, "contactId");
    let location = caller.location_id().to_owned();
    let events = core
        .db
        .read(move |tx| {
            contact_of(tx, &caller, &contact)?;
            Ok::<_, LcError>(store::of_contact(tx, caller.tenant(), &contact)?)
        })
        .await?;
    let events: Vec<Value> = events.iter().map(|e| e.render(&location)).collect();
    Ok(HttpResponse::Ok().json(json!({ "events": events })))
}

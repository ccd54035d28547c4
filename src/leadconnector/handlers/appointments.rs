//! Get Appointments for Contact: `GET /contacts/:contactId/appointments` → `{"events"}`, by
//! start time. An unknown contact is a 400 "Contact with id X not found".

use actix_web::{HttpRequest, HttpResponse, web};
use serde_json::{Value, json};

use super::super::auth::Location;
use super::super::error::Result;
use super::super::store::appointments as store;
use super::{Access, on_contact};
use crate::core::Core;

pub async fn list(req: HttpRequest, Location(caller): Location, core: web::Data<Core>) -> Result<HttpResponse> {
    let location = caller.location_id().to_owned();
    let events =
        on_contact(&req, caller, &core, Access::Read, |tx, caller, contact| Ok(store::of_contact(tx, caller.tenant(), contact)?))
            .await?;
    let events: Vec<Value> = events.iter().map(|e| e.render(&location)).collect();
    Ok(HttpResponse::Ok().json(json!({ "events": events })))
}

//! The events service (LionDesk's Events page, `/events`; "activities" in v1). "To Submit,
//! Get, or Find events, the user must have access to the event's contact" (owner, assignee,
//! teammate of the owner when team sharing is on, shared): an event on any other contact is a
//! 404. "To Update or Remove events the user must be the owner of the event's contact": others
//! who can see it get 403.

use actix_web::http::header;
use actix_web::middleware::DefaultHeaders;
use actix_web::{HttpRequest, HttpResponse, web};
use rusqlite::Transaction;
use serde_json::{Map, Value};

use crate::core::clock::to_rfc3339_millis;
use crate::core::{ArrangeError, Core, TenantId};

use super::super::auth::User;
use super::super::body::JsonBody;
use super::super::error::{LionDeskError, Result, page_not_found};
use super::super::query::fields::EVENTS;
use super::super::seed::record_error;
use super::super::store::events::{self as store, Event};
use super::super::store::{contacts, users};
use super::input::{id_value, instant_value, one_of, required, text_value};
use super::{no_multi, not_supported, page, path_id, query_of, select};

/// Feathers sets `Allow` on every answer of a service: the HTTP methods of the service methods
/// it has, the same on both routes.
const ALLOW: &str = "GET,POST,PATCH,DELETE";

/// The documented `source` values. The API sets `api` on what it receives.
pub const SOURCES: &[&str] = &["web", "disposition", "api"];

pub fn configure(cfg: &mut web::ServiceConfig) {
    let allow = || DefaultHeaders::new().add((header::ALLOW, ALLOW));
    cfg.service(
        web::resource("/events")
            .wrap(allow())
            .route(web::get().to(find))
            .route(web::head().to(find))
            .route(web::post().to(create))
            .route(web::patch().to(no_multi("Can not patch multiple entries", ALLOW)))
            .route(web::delete().to(no_multi("Can not remove multiple entries", ALLOW)))
            .route(web::put().to(not_supported("update", ALLOW)))
            .default_service(web::to(page_not_found)),
    )
    .service(
        web::resource("/events/{id}")
            .wrap(allow())
            .route(web::get().to(get))
            .route(web::head().to(get))
            .route(web::patch().to(patch))
            .route(web::delete().to(remove))
            .route(web::put().to(not_supported("update", ALLOW)))
            .default_service(web::to(page_not_found)),
    );
}

/// An event's wire object, the document's fields after the id.
fn wire(e: &Event) -> Map<String, Value> {
    let mut out = Map::new();
    out.insert("id".into(), e.id.into());
    out.insert("user_id".into(), e.user_id.into());
    out.insert("contact_id".into(), e.contact_id.into());
    out.insert("source".into(), e.source.clone().into());
    out.insert("type".into(), e.r#type.clone().into());
    out.insert("description".into(), e.description.clone().into());
    out.insert("site_domain".into(), e.site_domain.clone().into());
    out.insert("dialer_session_id".into(), e.dialer_session_id.into());
    out.insert("property".into(), e.property.clone().into());
    out.insert("created_at".into(), e.created_at.clone().into());
    out.insert("modified_at".into(), e.modified_at.clone().into());
    out
}

/// What a submit or update body sets (the document's writable fields). `source`,
/// `dialer_session_id`, `property`, `user_id` and `id` are not writable and are ignored.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct EventChanges {
    pub contact_id: Option<i64>,
    pub r#type: Option<Option<String>>,
    pub description: Option<Option<String>>,
    pub site_domain: Option<Option<String>>,
    pub created_at: Option<String>,
    pub modified_at: Option<String>,
}

/// A timestamp that may be given but not cleared.
fn timestamp(body: &Map<String, Value>, field: &str) -> Result<Option<String>> {
    match instant_value(body, field)? {
        None => Ok(None),
        Some(Some(at)) => Ok(Some(at)),
        Some(None) => Err(LionDeskError::invalid_field(field, "must be an ISO 8601 date-time", &Value::Null)),
    }
}

impl EventChanges {
    pub fn from_json(body: &Value) -> Result<EventChanges> {
        let Value::Object(map) = body else {
            return Err(LionDeskError::bad_request("The body must be a JSON object"));
        };
        let contact_id = match id_value(map, "contact_id", false)? {
            Some(None) => return Err(LionDeskError::invalid_field("contact_id", "is required", &Value::Null)),
            other => other.flatten(),
        };
        Ok(EventChanges {
            contact_id,
            r#type: text_value(map, "type", 45)?,
            description: text_value(map, "description", 2000)?,
            site_domain: text_value(map, "site_domain", 100)?,
            created_at: timestamp(map, "created_at")?,
            modified_at: timestamp(map, "modified_at")?,
        })
    }

    /// `event` with these changes applied; `now` stamps `modified_at` unless the body gives it.
    fn apply(&self, event: &Event, now: &str) -> Event {
        let mut next = event.clone();
        if let Some(contact) = self.contact_id {
            next.contact_id = contact;
        }
        for (slot, change) in [
            (&mut next.r#type, &self.r#type),
            (&mut next.description, &self.description),
            (&mut next.site_domain, &self.site_domain),
        ] {
            if let Some(v) = change {
                *slot = v.clone();
            }
        }
        if let Some(at) = &self.created_at {
            next.created_at = at.clone();
        }
        next.modified_at = self.modified_at.clone().unwrap_or_else(|| now.to_owned());
        next
    }
}

/// The document's required fields: `contact_id` (0 stands for "not given") and `type`.
fn require(event: &Event) -> Result<()> {
    if event.contact_id == 0 {
        return Err(LionDeskError::invalid_field("contact_id", "is required", &Value::Null));
    }
    required("type", event.r#type.as_deref())
}

/// "User must have correct permissions to access the contact provided."
fn check_contact(tx: &Transaction, tenant: &TenantId, user: i64, contact: i64) -> Result<()> {
    if contacts::get_visible(tx, tenant, user, contact, None)?.is_none() {
        let reason = format!("must be a contact you can see ({contact} is not)");
        return Err(LionDeskError::invalid_field("contact_id", &reason, &Value::from(contact)));
    }
    Ok(())
}

/// Find: `GET /events`, the events on contacts the user can see.
async fn find(core: web::Data<Core>, user: User, req: HttpRequest) -> Result<HttpResponse> {
    let query = query_of(&req, &EVENTS)?;
    let q = query.clone();
    let (events, total) = core.db.read(move |tx| Ok::<_, LionDeskError>(store::find(tx, &user.tenant, user.id, &q)?)).await?;
    Ok(page(total, &query, events.iter().map(|e| select(wire(e), &query)).collect()))
}

/// Get one event: `GET /events/:id`.
async fn get(core: web::Data<Core>, user: User, id: web::Path<String>, req: HttpRequest) -> Result<HttpResponse> {
    let raw = id.into_inner();
    let id = path_id(&raw)?;
    let query = query_of(&req, &EVENTS)?;
    let q = query.clone();
    let (event, _) = core
        .db
        .read(move |tx| Ok::<_, LionDeskError>(store::get_visible(tx, &user.tenant, user.id, id, Some(&q))?))
        .await?
        .ok_or_else(|| LionDeskError::no_record(&raw))?;
    Ok(HttpResponse::Ok().json(select(wire(&event), &query)))
}

/// Submit one event: `POST /events` → 201; `user_id` is the submitter, `source` is `api`.
async fn create(core: web::Data<Core>, user: User, JsonBody(body): JsonBody, req: HttpRequest) -> Result<HttpResponse> {
    if body.is_array() {
        return Err(LionDeskError::MethodNotAllowed { message: "Can not create multiple entries".into(), allow: ALLOW });
    }
    let query = query_of(&req, &EVENTS)?;
    let changes = EventChanges::from_json(&body)?;
    let now = to_rfc3339_millis(core.clock.now());
    let blank = Event { user_id: user.id, source: Some("api".into()), created_at: now.clone(), ..Event::default() };
    let event = changes.apply(&blank, &now);
    require(&event)?;
    let event = core
        .db
        .write(move |tx| {
            check_contact(tx, &user.tenant, user.id, event.contact_id)?;
            let event = Event { id: crate::core::ids::next_id(tx, &user.tenant, "ld_events")?, ..event };
            store::insert(tx, &user.tenant, &event)?;
            Ok::<_, LionDeskError>(event)
        })
        .await?;
    Ok(HttpResponse::Created().json(select(wire(&event), &query)))
}

/// The event `id` for a change by `user`: 404 unless they can see it, 403 unless they own its
/// contact.
fn owned(tx: &Transaction, user: &User, id: i64, query: &super::super::query::Query, verb: &str) -> Result<Option<Event>> {
    let Some((event, owner)) = store::get_visible(tx, &user.tenant, user.id, id, Some(query))? else {
        return Ok(None);
    };
    if owner != user.id {
        return Err(LionDeskError::Forbidden(format!("Only the owner of an event's contact may {verb} the event")));
    }
    Ok(Some(event))
}

/// Update one event: `PATCH /events/:id` merges the body and answers the event.
async fn patch(
    core: web::Data<Core>,
    user: User,
    id: web::Path<String>,
    JsonBody(body): JsonBody,
    req: HttpRequest,
) -> Result<HttpResponse> {
    let raw = id.into_inner();
    let id = path_id(&raw)?;
    let query = query_of(&req, &EVENTS)?;
    let changes = EventChanges::from_json(&body)?;
    let now = to_rfc3339_millis(core.clock.now());
    let q = query.clone();
    let event = core
        .db
        .write(move |tx| {
            let Some(event) = owned(tx, &user, id, &q, "update")? else {
                return Ok::<_, LionDeskError>(None);
            };
            let next = changes.apply(&event, &now);
            require(&next)?;
            if next.contact_id != event.contact_id {
                check_contact(tx, &user.tenant, user.id, next.contact_id)?;
            }
            store::update(tx, &user.tenant, &next)?;
            Ok(Some(next))
        })
        .await?
        .ok_or_else(|| LionDeskError::no_record(&raw))?;
    Ok(HttpResponse::Ok().json(select(wire(&event), &query)))
}

/// Remove one event: `DELETE /events/:id` answers the event as it was.
async fn remove(core: web::Data<Core>, user: User, id: web::Path<String>, req: HttpRequest) -> Result<HttpResponse> {
    let raw = id.into_inner();
    let id = path_id(&raw)?;
    let query = query_of(&req, &EVENTS)?;
    let q = query.clone();
    let event = core
        .db
        .write(move |tx| {
            let Some(event) = owned(tx, &user, id, &q, "remove")? else {
                return Ok::<_, LionDeskError>(None);
            };
            store::delete(tx, &user.tenant, id)?;
            Ok(Some(event))
        })
        .await?
        .ok_or_else(|| LionDeskError::no_record(&raw))?;
    Ok(HttpResponse::Ok().json(select(wire(&event), &query)))
}

/// Arranges an event: the submit body plus what only LionDesk sets — `id`, `user_id` (default:
/// the contact's owner), `source` (default `api`), `dialer_session_id`, `property`. The contact
/// and the user must exist.
pub fn arrange(
    tx: &Transaction,
    tenant: &TenantId,
    index: usize,
    record: &Value,
    now: &str,
) -> std::result::Result<i64, ArrangeError> {
    let Value::Object(map) = record else {
        return Err(ArrangeError::record(index, "(record)", "expected a JSON object"));
    };
    let fail = |e| record_error(index, e);
    let id = id_value(map, "id", false).map_err(fail)?.flatten();
    let changes = EventChanges::from_json(record).map_err(fail)?;
    let blank = Event {
        user_id: id_value(map, "user_id", false).map_err(fail)?.flatten().unwrap_or(0),
        source: Some(one_of(map, "source", SOURCES).map_err(fail)?.flatten().unwrap_or_else(|| "api".into())),
        dialer_session_id: id_value(map, "dialer_session_id", false).map_err(fail)?.flatten(),
        property: text_value(map, "property", 65_535).map_err(fail)?.flatten(),
        created_at: now.to_owned(),
        ..Event::default()
    };
    let mut event = changes.apply(&blank, changes.created_at.as_deref().unwrap_or(now));
    require(&event).map_err(fail)?;
    let Some(contact) = contacts::get(tx, tenant, event.contact_id)? else {
        return Err(ArrangeError::record(index, "contact_id", format!("contact {} does not exist", event.contact_id)));
    };
    if event.user_id == 0 {
        event.user_id = contact.owner_user_id;
    } else if !users::user_exists(tx, tenant, event.user_id)? {
        return Err(ArrangeError::record(index, "user_id", format!("user {} does not exist", event.user_id)));
    }
    let id = match id {
        Some(id) if store::get(tx, tenant, id)?.is_some() => {
            return Err(ArrangeError::record(index, "id", format!("{id} already exists")));
        }
        Some(id) => crate::core::ids::claim_id(tx, tenant, "ld_events", id).map(|_| id)?,
        None => crate::core::ids::next_id(tx, tenant, "ld_events")?,
    };
    store::insert(tx, tenant, &Event { id, ..event })?;
    Ok(id)
}

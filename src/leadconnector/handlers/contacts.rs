//! Contacts (the vendor's `apps/contacts.json`): Get Contact, Update Contact, Delete Contact, Get
//! Contacts (deprecated, cursor paged), Get Contacts By BusinessId, Create Contact, Upsert
//! Contact and Get Duplicate Contact. An unknown id is a 400 "Contact with id X not found"; a location that forbids
//! duplicated contacts (the `allowDuplicateContact` setting, off by default) refuses a create or
//! an update whose email, else phone, another contact has (docs/fidelity.md, LeadConnector:
//! contacts).

use actix_web::{HttpRequest, HttpResponse, HttpResponseBuilder, web};
use serde_json::{Value, json};

use super::super::auth::{Caller, Location};
use super::super::body::JsonBody;
use super::super::error::{LcError, Result};
use super::super::model::contact::{Contact, Form};
use super::super::model::contact_input::{ContactInput, Dto, phone};
use super::super::settings;
use super::super::store::contacts as store;
use super::super::validate;
use super::super::webhooks::{self, Event};
use super::{no_query, param, succeded};
use crate::core::Core;
use crate::core::Tx;
use crate::core::ids::random_alnum;
use crate::core::json::{self, Object};

/// Contact `id` of the caller's location, or the 400 of an unknown one.
pub fn contact_of(tx: &Tx, caller: &Caller, id: &str) -> Result<Contact> {
    store::one(tx, caller.tenant(), id)?.ok_or_else(|| LcError::no_contact(id))
}

/// A 400 when `input` (applied to `base`) duplicates another contact of a location that forbids it.
fn refuse_duplicate(tx: &Tx, caller: &Caller, input: &ContactInput, base: Option<&Contact>) -> Result<()> {
    if settings::allows_duplicates(tx, caller.tenant())? {
        return Ok(());
    }
    let (email, phone) = input.keys(base);
    let except = base.map(|c| c.id.as_str()).unwrap_or_default();
    match store::duplicate(tx, caller.tenant(), email.as_deref(), phone.as_deref(), except)? {
        Some((found, field)) => Err(LcError::Duplicate {
            contact_name: found.full_name().unwrap_or_default(),
            contact_id: found.id,
            matching_field: field,
        }),
        None => Ok(()),
    }
}

/// A new contact made of `input` at the caller's time.
fn new_contact(caller: &Caller, input: &ContactInput) -> Contact {
    let now = caller.now.timestamp_millis();
    let mut contact = Contact { id: random_alnum(20), date_added: now, date_updated: now, data: Default::default() };
    input.apply_to(&mut contact);
    std::sync::Arc::make_mut(&mut contact.data).entry("source").or_insert_with(|| json!("public api"));
    contact
}

/// Get Contact: `GET /contacts/:contactId` → `{"contact"}`.
pub async fn get(req: HttpRequest, Location(caller): Location, core: web::Data<Core>) -> Result<HttpResponse> {
    no_query(&req)?;
    let id = param(&req, "contactId");
    let location = caller.location_id().to_owned();
    let contact = core.db.read(move |tx| contact_of(tx, &caller, &id)).await?;
    Ok(one_contact(HttpResponse::Ok(), &contact, Form::Get, &location))
}

/// Update Contact: `PUT /contacts/:contactId` → `{"succeded": true, "contact"}`.
pub async fn update(
    req: HttpRequest,
    Location(caller): Location,
    core: web::Data<Core>,
    JsonBody(body): JsonBody,
) -> Result<HttpResponse> {
    no_query(&req)?;
    let id = param(&req, "contactId");
    let input = ContactInput::read(&body, Dto::Update)?;
    let (location, v3) = (caller.location_id().to_owned(), caller.v3);
    let contact = core
        .db
        .write(move |tx| {
            let mut contact = contact_of(tx, &caller, &id)?;
            refuse_duplicate(tx, &caller, &input, Some(&contact))?;
            let before = contact.clone();
            input.apply_to(&mut contact);
            contact.date_updated = caller.now.timestamp_millis();
            store::update(tx, caller.tenant(), &contact)?;
            webhooks::contact_changed(tx, &caller, &before, &contact)?;
            Ok::<_, LcError>(contact)
        })
        .await?;
    core.wake_jobs();
    let mut answer = succeded(v3);
    answer.insert("contact".into(), contact.render(Form::Get, &location));
    Ok(HttpResponse::Ok().json(answer))
}

/// Delete Contact: `DELETE /contacts/:contactId` → `{"succeded": true}`.
pub async fn delete(req: HttpRequest, Location(caller): Location, core: web::Data<Core>) -> Result<HttpResponse> {
    no_query(&req)?;
    let id = param(&req, "contactId");
    let v3 = caller.v3;
    core.db
        .write(move |tx| {
            let contact = contact_of(tx, &caller, &id)?;
            store::delete(tx, caller.tenant(), &id)?;
            webhooks::contact(tx, &caller, Event::ContactDelete, &contact)?;
            Ok::<_, LcError>(())
        })
        .await?;
    core.wake_jobs();
    Ok(HttpResponse::Ok().json(succeded(v3)))
}

/// The location a list names (required): a 403 for another one.
fn listed_location(caller: &Caller, params: &std::collections::BTreeMap<String, String>) -> Result<()> {
    match params.get("locationId").filter(|l| !l.trim().is_empty()) {
        None => Err(LcError::Unprocessable(vec!["locationId should not be empty".into(), "locationId must be a string".into()])),
        Some(location) => caller.check_location(Some(location)),
    }
}

/// Get Contacts: `GET /contacts/` → `{"contacts", "count", "meta"}`, newest first, `limit`
/// (default 20, at most 100) after the cursor `startAfter` (epoch milliseconds) and
/// `startAfterId`.
pub async fn list(req: HttpRequest, Location(caller): Location, core: web::Data<Core>) -> Result<HttpResponse> {
    let params = validate::query(req.query_string(), &["locationId", "startAfterId", "startAfter", "query", "limit"])?;
    listed_location(&caller, &params)?;
    let limit = validate::number(&params, "limit", 1, 100)?.unwrap_or(20);
    let start_after = validate::number(&params, "startAfter", 0, i64::MAX)?;
    let start_after_id = params.get("startAfterId").filter(|s| !s.is_empty()).cloned();
    let q = store::ListQuery { query: params.get("query").cloned(), business_id: None };
    let location = caller.location_id().to_owned();
    let page = core
        .db
        .read(move |tx| {
            let cursor = match (start_after, start_after_id) {
                (None, None) => None,
                (Some(date_added), id) => Some(store::Cursor { date_added, id }),
                (None, Some(id)) => {
                    let after = contact_of(tx, &caller, &id)?;
                    Some(store::Cursor { date_added: after.date_added, id: Some(id) })
                }
            };
            Ok::<_, LcError>(store::list(tx, caller.tenant(), &q, cursor.as_ref(), limit)?)
        })
        .await?;
    let last = page.contacts.last();
    let current = page.before / limit + 1;
    let next_url = last.filter(|_| page.more).map(|c| {
        let mut query = form_urlencoded::Serializer::new(String::new());
        query.append_pair("locationId", &location);
        for name in ["query", "limit"] {
            if let Some(value) = params.get(name) {
                query.append_pair(name, value);
            }
        }
        query.append_pair("startAfter", &c.date_added.to_string()).append_pair("startAfterId", &c.id);
        let info = req.connection_info();
        format!("{}://{}{}?{}", info.scheme(), info.host(), req.path(), query.finish())
    });
    let meta = json!({
        "total": page.total,
        "nextPageUrl": next_url,
        "startAfterId": last.map(|c| c.id.clone()),
        "startAfter": last.map(|c| c.date_added),
        "currentPage": current,
        "nextPage": page.more.then_some(current + 1),
        "prevPage": (current > 1).then_some(current - 1),
    });
    Ok(contacts_answer(&page.contacts, &location, page.total, Some(&meta)))
}

/// Get Contacts By BusinessId: `GET /contacts/business/:businessId` → `{"contacts", "count"}`,
/// paged by `skip` and `limit` (default 25), newest first.
pub async fn by_business(req: HttpRequest, Location(caller): Location, core: web::Data<Core>) -> Result<HttpResponse> {
    let params = validate::query(req.query_string(), &["limit", "locationId", "skip", "query"])?;
    listed_location(&caller, &params)?;
    let limit = validate::number(&params, "limit", 1, 100)?.unwrap_or(25);
    let skip = validate::number(&params, "skip", 0, i64::MAX)?.unwrap_or(0);
    let q = store::ListQuery { query: params.get("query").cloned(), business_id: Some(param(&req, "businessId")) };
    let location = caller.location_id().to_owned();
    let window = crate::core::paging::Window { offset: skip, limit };
    let (contacts, count) = core.db.read(move |tx| Ok::<_, LcError>(store::page(tx, caller.tenant(), &q, window)?)).await?;
    Ok(contacts_answer(&contacts, &location, count, None))
}

/// Create Contact: `POST /contacts/` → 201 `{"contact"}`.
pub async fn create(
    req: HttpRequest,
    Location(caller): Location,
    core: web::Data<Core>,
    JsonBody(body): JsonBody,
) -> Result<HttpResponse> {
    no_query(&req)?;
    caller.check_location(body.get("locationId").and_then(Value::as_str))?;
    let input = ContactInput::read(&body, Dto::Create)?;
    let location = caller.location_id().to_owned();
    let contact = core
        .db
        .write_repeatable_keyed(store::SEARCH_INDEX.name, move |tx| {
            refuse_duplicate(tx, &caller, &input, None)?;
            let contact = new_contact(&caller, &input);
            store::insert(tx, caller.tenant(), &contact)?;
            webhooks::contact(tx, &caller, Event::ContactCreate, &contact)?;
            Ok::<_, LcError>(contact)
        })
        .await?;
    core.wake_jobs();
    Ok(one_contact(HttpResponse::Created(), &contact, Form::Create, &location))
}

/// Upsert Contact: `POST /contacts/upsert` → `{"new", "contact", "traceId"}`. The contact whose
/// email, else phone, matches is updated; otherwise (or, where duplicates are allowed, when
/// `createNewIfDuplicateAllowed` says so) one is created.
pub async fn upsert(
    req: HttpRequest,
    Location(caller): Location,
    core: web::Data<Core>,
    JsonBody(body): JsonBody,
) -> Result<HttpResponse> {
    no_query(&req)?;
    caller.check_location(body.get("locationId").and_then(Value::as_str))?;
    let input = ContactInput::read(&body, Dto::Upsert)?;
    let location = caller.location_id().to_owned();
    let (created, contact) = core
        .db
        .write(move |tx| {
            let always_new = input.create_new_if_duplicate_allowed && settings::allows_duplicates(tx, caller.tenant())?;
            let (email, phone) = input.keys(None);
            let found =
                if always_new { None } else { store::duplicate(tx, caller.tenant(), email.as_deref(), phone.as_deref(), "")? };
            match found {
                Some((mut contact, _)) => {
                    let before = contact.clone();
                    input.apply_to(&mut contact);
                    contact.date_updated = caller.now.timestamp_millis();
                    store::update(tx, caller.tenant(), &contact)?;
                    webhooks::contact_changed(tx, &caller, &before, &contact)?;
                    Ok::<_, LcError>((false, contact))
                }
                None => {
                    let contact = new_contact(&caller, &input);
                    store::insert(tx, caller.tenant(), &contact)?;
                    webhooks::contact(tx, &caller, Event::ContactCreate, &contact)?;
                    Ok((true, contact))
                }
            }
        })
        .await?;
    core.wake_jobs();
    let mut answer = serde_json::Map::new();
    answer.insert("new".into(), json!(created));
    if !created {
        // Clients observed both spellings on an update (docs/fidelity.md).
        answer.extend(succeded(true));
    }
    answer.insert("contact".into(), contact.render(Form::Get, &location));
    answer.insert("traceId".into(), json!(uuid::Uuid::new_v4().to_string()));
    Ok(HttpResponse::Ok().json(answer))
}

/// Get Duplicate Contact: `GET /contacts/search/duplicate?locationId&email&number` →
/// `{"contact"}`, the contact the location's duplicate rule would match (by email first, then
/// by phone number), or `{"contact": null}`.
pub async fn duplicate(req: HttpRequest, Location(caller): Location, core: web::Data<Core>) -> Result<HttpResponse> {
    let params = validate::query(req.query_string(), &["locationId", "number", "email"])?;
    listed_location(&caller, &params)?;
    let email = params.get("email").map(|e| e.trim().to_lowercase()).filter(|e| !e.is_empty());
    let phone = params.get("number").and_then(|n| phone(n));
    let location = caller.location_id().to_owned();
    let found = core
        .db
        .read(move |tx| Ok::<_, LcError>(store::duplicate(tx, caller.tenant(), email.as_deref(), phone.as_deref(), "")?))
        .await?;
    let contact = found.map(|(c, _)| c.render(Form::Get, &location));
    Ok(HttpResponse::Ok().json(json!({ "contact": contact })))
}

/// `{"contact"}` with the contact in `form`, written straight into the body.
fn one_contact(builder: HttpResponseBuilder, contact: &Contact, form: Form, location: &str) -> HttpResponse {
    let mut body = Vec::with_capacity(2048);
    let mut o = Object::start(&mut body);
    contact.write(form, location, o.field("contact"));
    o.end();
    json::answer(builder, body)
}

/// A list's answer, `{"contacts", "count", "meta"}` (without `meta` when none), each contact
/// written straight into the body.
fn contacts_answer(contacts: &[Contact], location: &str, count: i64, meta: Option<&Value>) -> HttpResponse {
    let mut body = Vec::with_capacity(256 + 2048 * contacts.len());
    let mut o = Object::start(&mut body);
    o.array("contacts", contacts, |out, c| c.write(Form::List, location, out));
    o.int("count", count);
    if let Some(meta) = meta {
        o.value("meta", meta);
    }
    o.end();
    json::answer(HttpResponse::Ok(), body)
}

/// A list's answer, its members in this order, built in place: `json!` would copy every contact
/// of the list again, value by value.
pub(super) fn listed<const N: usize>(members: [(&str, Value); N]) -> Value {
    Value::Object(members.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
}

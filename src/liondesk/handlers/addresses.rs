//! A contact's addresses (the addresses page): Retrieving Addresses (find, and one by id),
//! Submitting Addresses, Updating Addresses, and removal (answers the address removed). They are
//! "visible and changeable" to whoever may see the contact; for anyone else the contact does
//! not exist (404 naming the contact id).

use actix_web::http::header;
use actix_web::middleware::DefaultHeaders;
use actix_web::{HttpRequest, HttpResponse, web};
use rusqlite::Transaction;

use crate::core::clock::to_rfc3339_millis;
use crate::core::ids::next_id;
use crate::core::{Core, TenantId};

use super::super::auth::User;
use super::super::body::JsonBody;
use super::super::error::{LionDeskError, Result, page_not_found};
use super::super::lists::{Address, AddressChanges};
use super::super::query::fields::ADDRESSES;
use super::super::store::{addresses as store, contacts};
use super::{no_multi, not_supported, page, path_id, query_of, select};

const ALLOW: &str = "GET,POST,PATCH,DELETE";

pub fn configure(cfg: &mut web::ServiceConfig) {
    let allow = || DefaultHeaders::new().add((header::ALLOW, ALLOW));
    cfg.service(
        web::resource("/contacts/{contact_id}/addresses")
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
        web::resource("/contacts/{contact_id}/addresses/{id}")
            .wrap(allow())
            .route(web::get().to(get))
            .route(web::head().to(get))
            .route(web::patch().to(patch))
            .route(web::delete().to(remove))
            .route(web::put().to(not_supported("update", ALLOW)))
            .default_service(web::to(page_not_found)),
    );
}

/// The contact id from the path, as a number and as given (for the 404 message).
struct ContactRef {
    id: i64,
    raw: String,
}

impl ContactRef {
    fn parse(raw: String) -> Result<ContactRef> {
        Ok(ContactRef { id: path_id(&raw)?, raw })
    }

    /// Fails with 404 unless `user` may see the contact.
    fn check(&self, tx: &Transaction, tenant: &TenantId, user: i64) -> Result<()> {
        match contacts::get_visible(tx, tenant, user, self.id, None)? {
            Some(_) => Ok(()),
            None => Err(LionDeskError::no_record(&self.raw)),
        }
    }
}

/// Retrieving Addresses: `GET /contacts/:contactId/addresses`.
async fn find(core: web::Data<Core>, user: User, path: web::Path<String>, req: HttpRequest) -> Result<HttpResponse> {
    let contact = ContactRef::parse(path.into_inner())?;
    let query = query_of(&req, &ADDRESSES)?;
    let q = query.clone();
    let (rows, total) = core
        .db
        .read(move |tx| {
            contact.check(tx, &user.tenant, user.id)?;
            Ok::<_, LionDeskError>(store::find(tx, &user.tenant, contact.id, &q)?)
        })
        .await?;
    Ok(page(total, &query, rows.iter().map(|a| select(a.to_json(), &query)).collect()))
}

/// `GET /contacts/:contactId/addresses/:id`.
async fn get(core: web::Data<Core>, user: User, path: web::Path<(String, String)>, req: HttpRequest) -> Result<HttpResponse> {
    let (contact, raw) = path.into_inner();
    let contact = ContactRef::parse(contact)?;
    let id = path_id(&raw)?;
    let query = query_of(&req, &ADDRESSES)?;
    let q = query.clone();
    let found = core
        .db
        .read(move |tx| {
            contact.check(tx, &user.tenant, user.id)?;
            Ok::<_, LionDeskError>(store::get(tx, &user.tenant, contact.id, id, Some(&q))?)
        })
        .await?;
    let address = found.ok_or_else(|| LionDeskError::no_record(&raw))?;
    Ok(HttpResponse::Ok().json(select(address.to_json(), &query)))
}

/// Submitting Addresses: `POST /contacts/:contactId/addresses` → 201 with the address.
async fn create(
    core: web::Data<Core>,
    user: User,
    path: web::Path<String>,
    JsonBody(body): JsonBody,
    req: HttpRequest,
) -> Result<HttpResponse> {
    let contact = ContactRef::parse(path.into_inner())?;
    if body.is_array() {
        return Err(LionDeskError::MethodNotAllowed { message: "Can not create multiple entries".into(), allow: ALLOW });
    }
    let query = query_of(&req, &ADDRESSES)?;
    let changes = AddressChanges::from_json(&body)?;
    let now = to_rfc3339_millis(core.clock.now());
    let address = core
        .db
        .write(move |tx| {
            contact.check(tx, &user.tenant, user.id)?;
            let id = next_id(tx, &user.tenant, "ld_addresses")?;
            let blank = Address {
                id,
                contact_id: contact.id,
                kind: None,
                text: Default::default(),
                created_at: Some(now.clone()),
                modified_at: Some(now),
            };
            let address = changes.apply(&blank);
            store::insert(tx, &user.tenant, &address)?;
            Ok::<_, LionDeskError>(address)
        })
        .await?;
    Ok(HttpResponse::Created().json(select(address.to_json(), &query)))
}

/// Updating Addresses: `PATCH /contacts/:contactId/addresses/:id` merges the body.
async fn patch(
    core: web::Data<Core>,
    user: User,
    path: web::Path<(String, String)>,
    JsonBody(body): JsonBody,
    req: HttpRequest,
) -> Result<HttpResponse> {
    let (contact, raw) = path.into_inner();
    let contact = ContactRef::parse(contact)?;
    let id = path_id(&raw)?;
    let query = query_of(&req, &ADDRESSES)?;
    let changes = AddressChanges::from_json(&body)?;
    let now = to_rfc3339_millis(core.clock.now());
    let q = query.clone();
    let found = core
        .db
        .write(move |tx| {
            contact.check(tx, &user.tenant, user.id)?;
            let Some(address) = store::get(tx, &user.tenant, contact.id, id, Some(&q))? else {
                return Ok::<_, LionDeskError>(None);
            };
            let mut next = changes.apply(&address);
            next.modified_at = Some(now);
            store::update(tx, &user.tenant, &next)?;
            Ok(Some(next))
        })
        .await?;
    let address = found.ok_or_else(|| LionDeskError::no_record(&raw))?;
    Ok(HttpResponse::Ok().json(select(address.to_json(), &query)))
}

/// `DELETE /contacts/:contactId/addresses/:id` answers the address removed.
async fn remove(core: web::Data<Core>, user: User, path: web::Path<(String, String)>, req: HttpRequest) -> Result<HttpResponse> {
    let (contact, raw) = path.into_inner();
    let contact = ContactRef::parse(contact)?;
    let id = path_id(&raw)?;
    let query = query_of(&req, &ADDRESSES)?;
    let q = query.clone();
    let found = core
        .db
        .write(move |tx| {
            contact.check(tx, &user.tenant, user.id)?;
            let address = store::get(tx, &user.tenant, contact.id, id, Some(&q))?;
            if address.is_some() {
                store::delete(tx, &user.tenant, id)?;
            }
            Ok::<_, LionDeskError>(address)
        })
        .await?;
    let address = found.ok_or_else(|| LionDeskError::no_record(&raw))?;
    Ok(HttpResponse::Ok().json(select(address.to_json(), &query)))
}

//! List Accounts Associated with the Contact:
//! `GET /contact/contacts/{contactId}/accounts?count&offset` → `listAccounts`, sorted by name,
//! with `next` while more remain. The path names the contact by its account (as the document's
//! example does) or its id; an unknown contact is the document's 404.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::super::auth::{Caller, core_of};
use super::super::error::{LvError, Result};
use super::super::model::page::Page;
use super::super::store::{accounts as store, contact_ref};

#[derive(Deserialize)]
pub struct ContactPath {
    contact_id: String,
}

/// List Accounts Associated with the Contact.
pub async fn list(req: HttpRequest, caller: Caller, path: web::Path<ContactPath>) -> Result<HttpResponse> {
    let page = Page::from_query(req.query_string())?;
    let key = path.into_inner().contact_id;
    let core = core_of(&req)?;
    let lookup = key.clone();
    let rows = core
        .db
        .read(move |tx| {
            let Some(contact) = contact_ref::by_account_or_id(tx, &caller.tenant, &lookup)? else { return Ok(None) };
            Ok::<_, LvError>(Some(store::of_contact(tx, &caller.tenant, contact, page.window())?))
        })
        .await?
        .ok_or_else(LvError::no_record)?;
    let (accounts, next) = page.take(rows);
    let mut body = Map::new();
    if let Some(next) = next {
        let segment: String = form_urlencoded::byte_serialize(key.as_bytes()).collect();
        body.insert("next".into(), json!(format!("contact/contacts/{segment}/accounts?offset={next}&count={}", page.count)));
    }
    body.insert("listAccounts".into(), serde_json::to_value(accounts).unwrap_or(Value::Null));
    Ok(HttpResponse::Ok().json(body))
}

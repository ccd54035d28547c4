//! The Contact methods: Create Contact, Bulk Create Contact, Delete Contact, List Contact, Read
//! Contact, Update Contact, Bulk Update Contact, Update Contact DND and Update Multiple
//! Contacts' DND; and `POST /contact/contacts/bulk`, which is Bulk Contact Download when the
//! body has `exportableFields` (`export::download`) and Bulk Create Contact otherwise. A
//! contact is named by its account (matched exactly); every write runs in one transaction, so a
//! bulk request with one bad record writes nothing and its 400 names the record.

use actix_web::{HttpRequest, HttpResponse};
use serde_json::{Value, json};

use crate::core::Tx;

use super::super::auth::{Caller, core_of};
use super::super::body::JsonBody;
use super::super::dnd::Day;
use super::super::error::{LvError, Result};
use super::super::model::contact::{ContactInput, Form, read_bulk};
use super::super::model::contact_dnd::DndUpdate;
use super::super::model::details::{list_details, read_details};
use super::super::model::page::Page;
use super::super::model::values::Obj;
use super::super::settings;
use super::super::store::contact_ref;
use super::super::store::contacts::{self as store, ContactRow};
use super::export;

/// The day of `caller`'s request in the tenant's time zone.
fn day_of(tx: &Tx, caller: &Caller) -> Result<Day> {
    Ok(Day::new(caller.now, &settings::time_zone(tx, &caller.tenant)?))
}

/// The `{account}` of the path.
fn account_of(req: &HttpRequest) -> String {
    req.match_info().get("account").unwrap_or_default().to_owned()
}

/// Marks `c` as changed by `caller`.
fn stamp(c: &mut ContactRow, caller: &Caller) {
    c.modify_date = caller.now.timestamp_millis();
    c.modify_user = Some(caller.user_name.clone());
}

/// The value of the body's only key `key` (`None` when it is absent or null).
fn wrapped<'a>(body: &'a Value, key: &str) -> Result<Option<&'a Value>> {
    Ok(Obj::new("", body, &[key])?.get(key))
}

/// Create Contact: 201 `{"id": "<id>"}`; an account that exists is the document's 202
/// `{"code": 202, "message": "Contact already exists!"}`.
pub async fn create(req: HttpRequest, caller: Caller, JsonBody(body): JsonBody) -> Result<HttpResponse> {
    let details =
        wrapped(&body, "createContactDetails")?.ok_or_else(|| LvError::bad_field("createContactDetails", "is required"))?;
    let input = ContactInput::read("createContactDetails", details, Form::Create)?;
    let id = core_of(&req)?
        .db
        .write_repeatable(move |tx| {
            let day = day_of(tx, &caller)?;
            let id = store::TABLE.next_id(tx, &caller.tenant)?;
            let row = input.create(id, caller.now.timestamp_millis(), &caller.user_name, &day);
            if !store::insert(tx, &caller.tenant, &row)? {
                return Err(LvError::ContactAlreadyExists);
            }
            Ok(id)
        })
        .await?;
    // The document's example answers the id as a string (docs/fidelity.md).
    Ok(HttpResponse::Created().json(json!({"id": id.to_string()})))
}

/// `POST /contact/contacts/bulk`: Bulk Contact Download when the body names `exportableFields`,
/// else Bulk Create Contact.
pub async fn bulk(req: HttpRequest, caller: Caller, JsonBody(body): JsonBody) -> Result<HttpResponse> {
    if body.get("exportableFields").is_some() {
        return export::download(req, caller, body).await;
    }
    bulk_create(&req, caller, &body).await
}

/// Bulk Create Contact: 200 `{"message": "Successfully updated contacts N"}`, N the contacts
/// created; an account that exists already (or came earlier in the request) is skipped.
async fn bulk_create(req: &HttpRequest, caller: Caller, body: &Value) -> Result<HttpResponse> {
    let inputs = read_bulk(body, "createContactDetails", Form::Create)?;
    let created = core_of(req)?
        .db
        .write(move |tx| {
            let day = day_of(tx, &caller)?;
            let now = caller.now.timestamp_millis();
            let mut created = 0;
            let first = store::reserve_ids(tx, &caller.tenant, inputs.len())?;
            let mut inserter = store::Inserter::new(tx, &caller.tenant);
            for (id, input) in (first..).zip(&inputs) {
                if inserter.insert(&input.create(id, now, &caller.user_name, &day))? {
                    created += 1;
                }
            }
            Ok::<_, LvError>(created)
        })
        .await?;
    Ok(HttpResponse::Ok().json(json!({"message": format!("Successfully updated contacts {created}")})))
}

/// Delete Contact: 204, or the document's 404.
pub async fn delete(req: HttpRequest, caller: Caller) -> Result<HttpResponse> {
    let account = account_of(&req);
    core_of(&req)?
        .db
        .write(move |tx| {
            let row = store::by_account(tx, &caller.tenant, &account)?.ok_or_else(LvError::no_record)?;
            Ok::<_, LvError>(store::delete(tx, &caller.tenant, row.id)?)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// List Contact: `{"listContactDetails": [...], "next": "contact/contacts?offset=..&count=.."}`,
/// in the order the contacts were stored; `next` only while more remain.
pub async fn list(req: HttpRequest, caller: Caller) -> Result<HttpResponse> {
    let page = Page::from_query(req.query_string())?;
    let (listed, next) = core_of(&req)?
        .db
        .read(move |tx| {
            let (rows, next) = page.take(store::stored(tx, &caller.tenant, page.window())?);
            let day = day_of(tx, &caller)?;
            Ok::<_, LvError>((rows.iter().map(|c| list_details(c, &day)).collect::<Vec<_>>(), next))
        })
        .await?;
    let mut answer = json!({"listContactDetails": listed});
    if let Some(next) = next {
        answer["next"] = json!(format!("contact/contacts?offset={next}&count={}", page.count));
    }
    Ok(HttpResponse::Ok().json(answer))
}

/// Read Contact: `{"readContactDetails": {...}}`, or the document's 404.
pub async fn read(req: HttpRequest, caller: Caller) -> Result<HttpResponse> {
    let account = account_of(&req);
    let details = core_of(&req)?
        .db
        .read(move |tx| {
            // The row first: the time zone, kept between commits, then needs no read of its own
            // to take the transaction's snapshot (core::sql::totals::kept).
            let row = store::by_account(tx, &caller.tenant, &account)?.ok_or_else(LvError::no_record)?;
            Ok::<_, LvError>(read_details(&row, &day_of(tx, &caller)?))
        })
        .await?;
    Ok(HttpResponse::Ok().json(json!({"readContactDetails": details})))
}

/// Applies `input` to `row` for `caller`: a different `account` renames the contact, unless
/// another contact has it (`taken`).
fn change(
    tx: &Tx,
    caller: &Caller,
    day: &Day,
    mut row: ContactRow,
    input: &ContactInput,
    taken: impl Fn() -> LvError,
) -> Result<()> {
    if let Some(account) = input.account.as_deref()
        && account != row.account
        && contact_ref::by_account(tx, &caller.tenant, account)?.is_some()
    {
        return Err(taken());
    }
    input.apply(&mut row, day);
    stamp(&mut row, caller);
    Ok(store::update(tx, &caller.tenant, &row)?)
}

/// Update Contact: 204; only what `updateContactDetails` sends changes.
pub async fn update(req: HttpRequest, caller: Caller, JsonBody(body): JsonBody) -> Result<HttpResponse> {
    let account = account_of(&req);
    let input = match wrapped(&body, "updateContactDetails")? {
        Some(details) => Some(ContactInput::read("updateContactDetails", details, Form::Update)?),
        None => None,
    };
    core_of(&req)?
        .db
        .write(move |tx| {
            let row = store::by_account(tx, &caller.tenant, &account)?.ok_or_else(LvError::no_record)?;
            match input {
                Some(input) => change(tx, &caller, &day_of(tx, &caller)?, row, &input, || LvError::ContactAlreadyExists),
                None => Ok(()),
            }
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Bulk Update Contact: 204 (docs/fidelity.md). Each record names its contact by `id`, or by
/// `account` without one; a record naming no contact is skipped.
pub async fn bulk_update(req: HttpRequest, caller: Caller, JsonBody(body): JsonBody) -> Result<HttpResponse> {
    let inputs = read_bulk(&body, "updateContactDetails", Form::BulkUpdate)?;
    core_of(&req)?
        .db
        .write(move |tx| {
            let day = day_of(tx, &caller)?;
            for (i, input) in inputs.iter().enumerate() {
                let found = match (input.id, input.account.as_deref()) {
                    (Some(id), _) => store::by_id(tx, &caller.tenant, id)?,
                    (None, Some(account)) => store::by_account(tx, &caller.tenant, account)?,
                    (None, None) => None,
                };
                if let Some(row) = found {
                    let taken = || LvError::bad_field(&format!("updateContactDetails[{i}].account"), "Contact already exists!");
                    change(tx, &caller, &day, row, input, taken)?;
                }
            }
            Ok::<_, LvError>(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Update Contact DND: 204, or the document's 404 `{"code": 203, "message": "No Record Found"}`.
pub async fn update_dnd(req: HttpRequest, caller: Caller, JsonBody(body): JsonBody) -> Result<HttpResponse> {
    let account = account_of(&req);
    let update = DndUpdate::read_one(&body)?;
    core_of(&req)?
        .db
        .write(move |tx| {
            let mut row = store::by_account(tx, &caller.tenant, &account)?.ok_or_else(LvError::no_record)?;
            update.apply(&mut row, &day_of(tx, &caller)?);
            stamp(&mut row, &caller);
            Ok::<_, LvError>(store::update(tx, &caller.tenant, &row)?)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Update Multiple Contacts' DND: 200 `{"updated": N}`, N the entries whose account exists.
pub async fn update_dnd_bulk(req: HttpRequest, caller: Caller, JsonBody(body): JsonBody) -> Result<HttpResponse> {
    let updates = DndUpdate::read_many(&body)?;
    let updated = core_of(&req)?
        .db
        .write(move |tx| {
            let day = day_of(tx, &caller)?;
            let mut updated = 0;
            for update in &updates {
                let Some(mut row) = store::by_account(tx, &caller.tenant, update.account.as_deref().unwrap_or_default())? else {
                    continue;
                };
                update.apply(&mut row, &day);
                stamp(&mut row, &caller);
                store::update(tx, &caller.tenant, &row)?;
                updated += 1;
            }
            Ok::<_, LvError>(updated)
        })
        .await?;
    Ok(HttpResponse::Ok().json(json!({"updated": updated})))
}

//! Search Contacts: `POST /contacts/search` → `{"contacts", "total"}`, each contact as Get
//! Contact shows it plus its `searchAfter` (`[dateAdded in ms, id]`). The language is the pure
//! module `search`; a body it refuses is a 422 naming the property.

use actix_web::{HttpRequest, HttpResponse, web};
use serde_json::{Value, json};

use super::super::auth::Location;
use super::super::body::JsonBody;
use super::super::error::{LcError, Result};
use super::super::model::contact::Form;
use super::super::search::{self, ast::Page};
use super::super::store::contacts::{self as store, Cursor};
use super::no_query;
use crate::core::Core;
use crate::core::paging::Window;

pub async fn search(
    req: HttpRequest,
    Location(caller): Location,
    core: web::Data<Core>,
    JsonBody(body): JsonBody,
) -> Result<HttpResponse> {
    no_query(&req)?;
    caller.check_location(body.get("locationId").and_then(Value::as_str))?;
    let search = search::parse(&body).map_err(LcError::unprocessable)?;
    let compiled = search::compile(&search, caller.tenant());
    let (cursor, window) = match search.page {
        Page::Number(n) => (None, Window::page(n - 1, search.limit)),
        Page::After { date_added, id } => (Some(Cursor { date_added, id: Some(id) }), Window { offset: 0, limit: search.limit }),
    };
    let location = caller.location_id().to_owned();
    let (contacts, total) =
        core.db.read(move |tx| Ok::<_, LcError>(store::search(tx, caller.tenant(), compiled, cursor.as_ref(), window)?)).await?;
    let contacts: Vec<Value> = contacts
        .iter()
        .map(|c| {
            let mut shown = c.render(Form::Get, &location);
            shown["searchAfter"] = json!([c.date_added, c.id]);
            shown
        })
        .collect();
    Ok(HttpResponse::Ok().json(super::contacts::listed([("contacts", Value::Array(contacts)), ("total", total.into())])))
}

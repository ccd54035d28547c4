//! Find Matching Contact: `POST /contact/contacts/search?count={n}&offset={n}` with a `search`
//! tree and an optional `sort` (the pure `search` module parses and compiles them) →
//! `{"findMatchingContactsDetails": [...], "next": "/contact/contacts/search?offset=N"}`, `next`
//! only while more contacts match, shaped as the document's example.

use actix_web::{HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use jiff::tz::TimeZone;
use serde::Serialize;

use super::super::auth::{Caller, core_of};
use super::super::body::JsonBody;
use super::super::dnd::Day;
use super::super::error::{LvError, Result};
use super::super::model::page::Page;
use super::super::model::search::FoundContact;
use super::super::search::{Context, compile, parse};
use super::super::settings::time_zone;
use super::super::store::search as store;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Found {
    find_matching_contacts_details: Vec<FoundContact>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next: Option<String>,
}

/// Find Matching Contact.
pub async fn search(req: HttpRequest, caller: Caller, body: JsonBody) -> Result<HttpResponse> {
    let page = Page::from_query(req.query_string())?;
    let search = parse(&body.0).map_err(|e| LvError::BadRequest(e.to_string()))?;
    let core = core_of(&req)?;
    let now = caller.now;
    let (rows, day) = core
        .db
        .read(move |tx| {
            let tz = time_zone(tx, &caller.tenant)?;
            let compiled = compile(&search, &Context { tenant: caller.tenant.clone(), now, today: start_of_day(now, &tz) });
            Ok::<_, LvError>((store::find(tx, &caller.tenant, &compiled, page.window())?, Day::new(now, &tz)))
        })
        .await?;
    let (rows, next) = page.take(rows);
    let next = next.map(|offset| format!("/contact/contacts/search?offset={offset}"));
    let found = rows.into_iter().map(|row| FoundContact::of(row, &day)).collect();
    Ok(HttpResponse::Ok().json(Found { find_matching_contacts_details: found, next }))
}

/// The first instant of `now`'s day in `tz` (`now` itself past the time zone database's range).
fn start_of_day(now: DateTime<Utc>, tz: &TimeZone) -> DateTime<Utc> {
    jiff::Timestamp::from_millisecond(now.timestamp_millis())
        .ok()
        .and_then(|ts| ts.to_zoned(tz.clone()).start_of_day().ok())
        .and_then(|start| DateTime::from_timestamp_millis(start.timestamp().as_millisecond()))
        .unwrap_or(now)
}

//! LionDesk handlers: one module per Feathers service, most of them a `service::Service`; the
//! helpers every handler shares.

pub mod addresses;
pub mod contacts;
pub mod custom_fields;
pub mod events;
pub mod hotnesses;
pub mod me;
pub mod oauth;
pub mod service;
pub mod sources;
pub mod tags;
pub mod tasks;
pub mod teams;
pub mod users;

use std::io::Write;

use actix_web::HttpResponse;
use serde::Serialize;

use super::error::LionDeskError;
use super::query::{Limits, Query, Resource, parse};
use crate::core::{CoreError, json};

/// Records' answers written one after another straight into a response's body: the page object
/// of a find, `{"total", "limit", "skip", "data"}`, or one record's answer. A page of fifty
/// contacts serialized each into a string of its own, then copied into the page, spent a fifth
/// of its rendering growing and copying those strings.
pub struct Answers {
    body: Vec<u8>,
    count: usize,
    /// What closes the body: a page's `]}`, nothing after one record.
    close: &'static [u8],
}

impl Answers {
    /// A find's page of `total` records (the answers pushed are its `data`).
    pub fn page(total: i64, query: &Query) -> Answers {
        // A record's answer is about a kilobyte: one allocation serves a page of them.
        let mut body = Vec::with_capacity(1024 + 1024 * usize::try_from(query.limit).unwrap_or(0).min(100));
        // `write!` into a `Vec` cannot fail.
        let _ = write!(body, r#"{{"total":{total},"limit":{},"skip":{},"data":["#, query.limit, query.skip);
        Answers { body, count: 0, close: b"]}" }
    }

    /// One record's answer.
    pub fn one() -> Answers {
        Answers { body: Vec::with_capacity(1024), count: 0, close: b"" }
    }

    /// Where the next answer goes, after those before it.
    fn next(&mut self) -> &mut Vec<u8> {
        if self.count > 0 {
            self.body.push(b',');
        }
        self.count += 1;
        &mut self.body
    }

    /// Writes `answer`'s JSON after those before it.
    pub fn push(&mut self, answer: &impl Serialize) -> Result<(), LionDeskError> {
        serde_json::to_writer(self.next(), answer).map_err(|e| LionDeskError::GeneralError(CoreError::Io(e.into())))
    }

    /// Writes the answer `write` writes after those before it (a record whose JSON is written
    /// by hand: `core::json`).
    pub fn push_written(&mut self, write: impl FnOnce(&mut Vec<u8>)) {
        write(self.next());
    }

    /// Whether no answer was pushed.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The body, closed.
    pub fn done(mut self) -> Vec<u8> {
        self.body.extend_from_slice(self.close);
        self.body
    }
}

/// A page's answer.
pub fn page(answers: Answers) -> HttpResponse {
    json::answer(HttpResponse::Ok(), answers.done())
}

/// Parses the query string of any request on `resource` (find, and the id routes, whose query
/// further narrows the record, as Feathers' `get + query` does).
pub fn query_of(req: &actix_web::HttpRequest, resource: &'static Resource) -> Result<Query, LionDeskError> {
    let limits = req.app_data::<Limits>().copied().unwrap_or_default();
    Ok(parse(req.query_string(), resource, limits)?)
}

/// A record id from the path. Anything but a positive integer names no record: 404, quoting
/// the id as given, as Feathers does.
pub fn path_id(raw: &str) -> Result<i64, LionDeskError> {
    raw.parse::<i64>().ok().filter(|id| *id > 0).ok_or_else(|| LionDeskError::no_record(raw))
}

/// 405 for a method a service does not offer.
pub fn not_supported(
    method: &'static str,
    allow: &'static str,
) -> impl Fn() -> std::future::Ready<Result<HttpResponse, LionDeskError>> + Clone {
    move || std::future::ready(Err(LionDeskError::method_not_supported(method, allow)))
}

/// 405 for patch or remove without an id (Feathers' `multi` is off).
pub fn no_multi(
    message: &'static str,
    allow: &'static str,
) -> impl Fn() -> std::future::Ready<Result<HttpResponse, LionDeskError>> + Clone {
    move || std::future::ready(Err(LionDeskError::MethodNotAllowed { message: message.to_owned(), allow }))
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::super::query::fields::CONTACTS;
    use super::*;

    fn parsed(body: Vec<u8>) -> Value {
        serde_json::from_slice(&body).unwrap()
    }

    #[test]
    fn a_page_and_one_answer_are_the_json_of_their_records() {
        let query = parse("$limit=2&$skip=4", &CONTACTS, Limits::default()).unwrap();
        let mut page = Answers::page(7, &query);
        page.push(&json!({"id": 5, "name": "Ann \"A\""})).unwrap();
        page.push(&json!({"id": 6})).unwrap();
        let body = page.done();
        assert!(body.starts_with(br#"{"total":7,"limit":2,"skip":4,"data":[{"#));
        assert_eq!(parsed(body), json!({"total": 7, "limit": 2, "skip": 4, "data": [{"id": 5, "name": "Ann \"A\""}, {"id": 6}]}));
        assert_eq!(parsed(Answers::page(0, &query).done()), json!({"total": 0, "limit": 2, "skip": 4, "data": []}));
        let mut one = Answers::one();
        assert!(one.is_empty());
        one.push(&json!({"id": 5})).unwrap();
        assert!(!one.is_empty());
        assert_eq!(one.done(), br#"{"id":5}"#);
    }
}

//! The Feathers query language of LionDesk's find endpoints, parsed once, apart from storage
//! (Feathers' `filterQuery` + its SQL adapters), as: query string → `serde_qs` (qs-compatible
//! brackets, percent-encoded or not, repeated keys combined, key order kept) → validated AST →
//! SQL with bound values.
//!
//! Grammar, in Feathers' words:
//! ```text
//! query     := (filter | condition)*                  joined by '&'
//! filter    := $limit=N | $skip=N | $sort[field]=1|-1 ... | $select[]=field ... | $or[i][...] | $and[i][...]
//! condition := field=value                             equality
//!            | field=value&field=value ...             any of (repeated equality)
//!            | field[$op]=value                        $ne $lt $lte $gt $gte
//!            | field[$in]=v&field[$in]=v | field[$in][]=v | field[$in][0]=v   (also $nin)
//! $or/$and  := an array of queries of conditions and nested $or/$and
//! ```
//! Values are strings on the wire and are coerced by the field's kind (integers, instants in
//! any ISO 8601 form, booleans, text). `$limit` defaults to 10 and is clamped to 50 (both
//! configurable); `$limit=0` answers only the total; negative `$limit`/`$skip` count as their
//! absolute value. Several `$sort` keys sort in query-string order, then by id. Anything else —
//! an unknown `$x` (`Invalid query parameter $x`), an unknown field, a malformed value — is a
//! `QueryError`, a 400. Caps: 1,000 parameters, nesting depth 5, 500 conditions, 1,000 values in
//! one `$in`.

pub mod ast;
pub mod fields;
pub mod parse;
pub mod sql;
#[cfg(test)]
mod tests;

pub use ast::Query;
pub use fields::Resource;
pub use parse::{Limits, parse};

use serde_json::Value;

/// A query that cannot be run: the message names the parameter; `data` is what Feathers puts
/// in its error's `data`.
#[derive(Debug, Clone, PartialEq)]
pub struct QueryError {
    pub message: String,
    pub data: Option<Value>,
}

impl QueryError {
    pub fn new(message: impl Into<String>) -> QueryError {
        QueryError { message: message.into(), data: None }
    }
}

impl From<QueryError> for super::error::LionDeskError {
    fn from(e: QueryError) -> Self {
        super::error::LionDeskError::BadRequest { message: e.message, data: e.data, errors: Value::Object(Default::default()) }
    }
}

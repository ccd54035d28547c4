//! The Feathers query language of LionDesk's find endpoints, parsed once, apart from storage
//! (Feathers' `filterQuery` + its SQL adapters), as: query string → `qs` (Express's reading:
//! brackets percent-encoded or not, repeated keys combined, sparse list indices closed up, an
//! index above 20 making an object, key order kept) → validated AST → SQL with bound values.
//!
//! Grammar, in Feathers' words:
//! ```text
//! query     := (filter | condition)*                  joined by '&'
//! filter    := $limit=N | $skip=N | $sort[field]=1|-1 ... | $select[]=field ... | $or[i][...] | $and[i][...]
//! condition := field=value                             equality
//!            | field=value&field=value ...             any of (repeated equality)
//!            | field[$op]=value                        $ne $lt $lte $gt $gte
//!            | field[$in]=v&field[$in]=v | field[$in][]=v | field[$in][i]=v   (also $nin)
//! $or/$and  := an array of queries of conditions and nested $or/$and
//! ```
//! Values are strings on the wire and are coerced by the field's kind (integers, instants in
//! any ISO 8601 form compared as instants, booleans, text compared without regard to case).
//! `$limit`, `$skip` and `$sort` directions are read as Feathers reads them, with `parseInt`:
//! `$limit` defaults to 10 (also when it is not a number) and is clamped to 50 (both
//! configurable), `$limit=0` answers only the total, negative `$limit`/`$skip` count as their
//! absolute value, a `$sort` direction of 1 is ascending and anything else descending. Several
//! `$sort` keys sort in query-string order, then by id.
//!
//! Errors, in Feathers' order: first every `$` key of the whole query (an unknown one is
//! `Invalid query parameter $x` with the object holding it as `data`; a filter nested in a
//! condition is dropped when the query has it at the top), then fields and values (an unknown
//! field or a malformed value is a 400 naming it). Caps: 1,000 parameters, 5 levels of brackets
//! and of `$or`/`$and`, 500 conditions, 1,000 values in one `$in`, 4,096 characters a value.

pub mod ast;
pub mod fields;
pub mod parse;
pub mod qs;
pub mod sql;
#[cfg(test)]
mod tests;
pub mod values;

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
    /// A query error without `data`.
    pub fn new(message: impl Into<String>) -> QueryError {
        QueryError { message: message.into(), data: None }
    }
}

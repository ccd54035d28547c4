//! The search language of LiveVox's "Find Matching Contact" (`POST /contact/contacts/search`),
//! parsed once, apart from storage: request JSON → validated AST → one SQL condition and one
//! `ORDER BY` over `lv_contacts c`, with bound values.
//!
//! Grammar, in the document's words:
//! ```text
//! body      := { "search": branch, "sort"?: [ { "field": SORT_FIELD, "order": "ASC" | "DESC" } ... ] }
//! branch    := rule | condition
//! rule      := { "rule"?: "AND" | "OR", "left"?: branch, "right"?: branch, "isNegated"?: bool }
//! condition := { "field": FIELD, "condition": CONDITION, "criteria": string, "isNegated"?: bool }
//! CONDITION := STARTS_WITH | ENDS_WITH | EQUALS | LESS | GREATER | GREATER_EQUAL | CONTAINS
//! FIELD     := account | account_due_date | ... | email_address | COL1 ... COL100   (fields.rs)
//! SORT_FIELD:= LVACCOUNT_ID | CLIENT_ID | ACCOUNT | ... | COL1 ... COL100           (fields.rs)
//! ```
//! A rule has a left side, a right side or both; `rule` may be left out when it has one side
//! (AND). A negated rule negates its whole subtree and swaps AND and OR (De Morgan); a negated
//! condition is negated, but only under a rule: the document says a search made of one
//! condition is negated by wrapping it in a rule, so there `isNegated` changes nothing. "Less
//! or equal" is GREATER_EQUAL negated.
//!
//! Storage: `phone` reads the phone table (one row per phone of a contact) and a name EQUALS
//! the three name indexes, so both are seeks (`sql.rs`).
//!
//! Values: `criteria` is a string (numbers and booleans are read as their text). Text fields
//! compare by their column's collation (account numbers, phones and custom fields exactly;
//! names and places without regard to ASCII case); numeric fields compare as numbers, dates as
//! epoch milliseconds (or a CCYY-MM-DD date, its UTC midnight); flags take `true`/`false` with
//! EQUALS only; STARTS_WITH, ENDS_WITH and CONTAINS match text (numbers by their decimal text),
//! with LIKE and GLOB wildcards in the criteria taken literally. Field names (condition and
//! sort) are read in any ASCII case, enum values (`rule`, `condition`) as spelt, `order` in any
//! case; `isNegated` is a boolean or its string. Unset properties may be sent as null. Every page is ordered by the sort keys, then by
//! contact id.
//!
//! Errors name the JSON path (`search.left.field: unknown field 'acount'`). Caps: 32 levels of
//! rules and conditions, 1,000 rules and conditions in all, 10 sort keys, 255 characters a
//! criteria, day offsets within 100 years. Parsing recurses one level per rule and stops at the
//! depth cap, so no tree can exhaust the stack (serde_json itself refuses JSON nested deeper
//! than 128 levels before this module sees it).

pub mod ast;
pub mod fields;
pub mod parse;
pub mod sql;
#[cfg(test)]
mod tests;

pub use ast::Search;
pub use parse::parse;
pub use sql::{Compiled, Context, compile};

use std::fmt;

/// A search that cannot run: the JSON path of what is wrong and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchError {
    pub path: String,
    pub reason: String,
}

impl SearchError {
    pub fn new(path: impl Into<String>, reason: impl Into<String>) -> SearchError {
        SearchError { path: path.into(), reason: reason.into() }
    }
}

impl fmt::Display for SearchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() { f.write_str(&self.reason) } else { write!(f, "{}: {}", self.path, self.reason) }
    }
}

impl std::error::Error for SearchError {}

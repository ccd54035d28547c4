//! The search language of Search Contacts (`POST /contacts/search`), parsed once, apart from
//! storage: request JSON → validated AST → one SQL condition and one `ORDER BY` over
//! `lc_contacts c`, with bound values. The vendor's OpenAPI file leaves the body empty and links
//! its advanced-search document; the body here is that document's, as clients send it:
//!
//! ```text
//! body     := { "locationId": string, "pageLimit": 1..500, "page"?: 1.., "searchAfter"?: [epochMs, id],
//!               "query"?: string (≤ 75), "filters"?: [item ...], "sort"?: [ { "field": SORT_FIELD,
//!               "direction": "asc" | "desc" } ... ] }
//! item     := filter | group
//! group    := { "group": "AND" | "OR", "filters": [item ...] }
//! filter   := { "field": FIELD, "operator": OPERATOR, "value"?: value }
//! OPERATOR := eq | not_eq | contains | not_contains | exists | not_exists | range
//! FIELD    := id | firstName | lastName | email | phone | companyName | address1 | city | state
//!           | country | postalCode | source | type | timezone | website | assignedTo | businessId
//!           | dateOfBirth | dnd | tags | dateAdded | dateUpdated                     (fields.rs)
//! ```
//! The top-level `filters` are ANDed. `eq`/`not_eq` compare text without regard to case (`tags`:
//! one of the tags is, or none is; `id` and `businessId` exactly), `dnd` as a boolean, dates as instants; `contains`
//! and `not_contains` match a substring of text, any case; `exists`/`not_exists` take no
//! value (an empty text or tag list does not exist); `range` takes `{gt?, gte?, lt?, lte?}`, on
//! dates only (ISO-8601 instants or epoch milliseconds). A negated condition holds where the
//! value is missing. `query` matches the name, email, phone, company name or a tag.
//!
//! Paging: `page` (from 1) of `pageLimit`, up to the 10,000th contact; beyond it `searchAfter`,
//! the `searchAfter` of the last contact of the previous page (`[dateAdded in ms, id]`), which
//! needs the default order (newest first). `sort` takes at most three keys; ties are broken by
//! id in the direction of the last key.
//!
//! Errors name the property (`filters.0.operator must be one of the following values: …`), as
//! the API's 422 does. Caps: 10 levels of groups, 100 filters in all, 255 characters a value.

pub mod ast;
pub mod fields;
pub mod parse;
pub mod sql;
#[cfg(test)]
mod tests;

pub use ast::Search;
pub use parse::parse;
pub use sql::{Compiled, compile};

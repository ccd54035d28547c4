//! The query parameters of every LivingMetrics endpoint, read once, apart from storage: query
//! string → whitelisted values (`params`) → a typed query per endpoint (`ast`, built by
//! `parse`) → SQL conditions and orders over the field tables' columns only, every value bound
//! (`sql`, `fields`). Nothing can fail after parsing.
//!
//! The parameters, in the words of LeadIntuition's "LivingMetrics API Authentication" page
//! (every list answers one zero-based `page` of `limit` records: "Page number for pagination
//! (default: 0)", limit "default: 100, max: 500"):
//! ```text
//! GET /v1/contacts            page, limit, order ('asc' or 'desc', default: 'desc'),
//!                             order_by ('updated', 'company', 'lead_score', 'visible_at' (default)),
//!                             include_deals ('true': include deal information),
//!                             include_timeline ('1': the contact's last 30 history items),
//!                             and the filters below
//! GET /v1/contacts/count      the filters: search_term ("full-text search across contact details"),
//!                             search_list_id (a contact list's id), search_tag (comma-separated tags),
//!                             history_type (comma-separated: SiteVisit, EmailOpen, TextMessage, ...),
//!                             employer_id (an employer (Account) id), contact_ids (comma-separated),
//!                             tracked_phone_id ("used with history_type='TextMessage'"),
//!                             crm_ids ("JSON array or comma-separated string of CRM UIDs"),
//!                             crm_type (salesforce, pipedrive, ...), crm_object_type (Lead, Contact, ...),
//!                             created_by / updated_by ("created / updated on or after this date")
//! GET /v1/contacts/{id}       include_deals
//! GET /v1/contacts/fields     data_import_id ("a data import to get mapped fields"),
//!                             powerdialer_only ('1': "fields visible in the powerdialer")
//! GET /v1/contacts/field      field_key (required: 'emails.email_address' or 'custom_123')
//! GET /v1/organizations       page, limit, tags (comma-separated tag ids), tag (one tag name),
//!                             search_term, order (default 'desc'),
//!                             order_by ('last_activity', 'updated_at', 'created_at' (default))
//! GET /v1/tasks.json          limit, page, include_completed (default 0), user_only (default 0;
//!                             "forced true if the user only has permissions to see their own"),
//!                             contact_id
//! GET /v1/contacts/{id}/task.json, /v1/contacts/{id}/tasks.json, /v1/tasks/contact/{id}.json
//!                             include_completed, user_only
//! GET /v1/histories           page, limit, history_type, campaign_id, contact_id, start_date,
//!                             end_date, last_history_id, contact_group ("all", "managed" and
//!                             "emailed"; default "emailed"), search_term, order (default "desc"),
//!                             email_guid, tracked_number_id ("all text messages associated with
//!                             this tracked number if history_type = TextMessage")
//! GET /v1/contact_lists       page, limit (default 10 here), tag ("PowerDialer"), order (default
//!                             desc), order_by ("created, or updated and defaults to created")
//! GET /v1/products            limit, page ("ordered by creation date in descending order")
//! GET /v1/products/statuses, /v1/tasks/outcomes.json, /types.json, /statuses.json
//!                             (none documented; page and limit accepted)
//! GET /v1/tasks/{id}.json, /v1/products/{id}   none
//! ```
//! Where the page is silent (docs/fidelity.md, LivingMetrics): any other parameter, or one given
//! twice, is a 400 naming it; an empty value (`search_term=`, or a bare `search_term`, as the
//! page's own examples send) counts as absent; `limit` above 500 is clamped; `page`/`limit`
//! are also taken by the task lists and field definitions (`limit` 500 by default there);
//! booleans are `1`/`0`/`true`/`false`, and the enumerations (`order`, `order_by`,
//! `contact_group`) take any case; dates are any ISO 8601 form (a bare date is its first
//! second, or for `end_date` its last), compared exactly with the stored whole seconds.
//! Caps: 2,048 characters a value, 500 items a list, no NUL.

pub mod ast;
pub mod fields;
pub mod params;
pub mod parse;
pub mod sql;
#[cfg(test)]
mod tests;

use std::fmt;

pub use ast::*;
pub use params::parse_id;
pub use parse::*;

/// A query an endpoint cannot run: the parameter at fault and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilterError {
    /// The parameter's name as sent (its first 64 characters when it is unknown).
    pub param: String,
    pub reason: Reason,
}

/// Why a parameter was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// Not a parameter of the endpoint, which takes `accepted`.
    Unknown {
        accepted: &'static [&'static str],
    },
    Repeated,
    Nul,
    /// Longer than the cap, in characters.
    TooLong(usize),
    /// A list of more items than the cap.
    TooMany(usize),
    /// A value that is not what the parameter takes.
    Invalid {
        value: String,
        expected: Expected,
    },
    Missing,
}

/// What a parameter takes, for the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expected {
    Text(&'static str),
    /// One of the names of a field table's fields.
    OneOf(&'static [crate::core::sql::Field]),
}

impl FilterError {
    fn new(param: &str, reason: Reason) -> FilterError {
        FilterError { param: param.to_owned(), reason }
    }

    /// `value` is not what `param` takes.
    pub fn invalid(param: &str, value: &str, expected: &'static str) -> FilterError {
        FilterError::new(param, Reason::Invalid { value: value.to_owned(), expected: Expected::Text(expected) })
    }
}

impl fmt::Display for Expected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expected::Text(text) => f.write_str(text),
            Expected::OneOf(fields) => {
                let names: Vec<&str> = fields.iter().map(|field| field.name).collect();
                match names.split_last() {
                    Some((last, [])) => f.write_str(last),
                    Some((last, rest)) => write!(f, "{} or {last}", rest.join(", ")),
                    None => f.write_str("nothing"),
                }
            }
        }
    }
}

impl fmt::Display for FilterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let param = &self.param;
        match &self.reason {
            Reason::Unknown { accepted } => {
                let accepted = if accepted.is_empty() { "none".to_owned() } else { accepted.join(", ") };
                write!(f, "Unknown query parameter '{param}' (accepted: {accepted})")
            }
            Reason::Repeated => write!(f, "Query parameter '{param}' is given more than once"),
            Reason::Nul => write!(f, "Parameter '{param}' contains a NUL character"),
            Reason::TooLong(length) => {
                write!(f, "Parameter '{param}' is too long ({length} characters; at most {})", params::MAX_VALUE_LEN)
            }
            Reason::TooMany(items) => write!(f, "Parameter '{param}' lists {items} items; at most {}", params::MAX_LIST_ITEMS),
            Reason::Invalid { value, expected } => {
                write!(f, "Invalid value '{value}' for parameter '{param}': expected {expected}")
            }
            Reason::Missing => write!(f, "Missing required parameter '{param}'"),
        }
    }
}

impl std::error::Error for FilterError {}

//! The query string of one request, whitelisted: each endpoint names the parameters it takes;
//! any other, or one given twice, is refused by name, as is a value holding a NUL or longer than
//! 2,048 characters. An empty value (`search_term=`, or a bare `search_term`) counts as absent.
//! Then typed readers, each naming the parameter in its error.

use chrono::{DateTime, Utc};

use crate::core::clock::parse_instant;
use crate::core::sql::{Field, Resource, SortDir};

use super::ast::Paging;
use super::{Expected, FilterError, Reason};

/// The document's cap on `limit`.
pub const MAX_LIMIT: i64 = 500;
/// Longest value of any one parameter, in characters.
pub const MAX_VALUE_LEN: usize = 2048;
/// Most items in a comma-separated list.
pub const MAX_LIST_ITEMS: usize = 500;
/// The parameter that authenticates (LeadIntuition's page: "a parameter named api-key"); every
/// endpoint takes it, and it is no filter.
const API_KEY: &str = "api-key";

const DATE: &str = "an ISO 8601 date or date-time such as 2024-05-01T00:00:00Z";

/// The whitelisted, non-empty parameters of one request, trimmed.
#[derive(Debug, Default)]
pub struct Params {
    values: Vec<(&'static str, String)>,
}

type Result<T> = std::result::Result<T, FilterError>;

fn invalid(name: &str, value: &str, expected: &'static str) -> FilterError {
    FilterError::invalid(name, value, expected)
}

impl Params {
    /// Reads `query`, accepting only `allowed` names (and `api-key`).
    pub fn parse(query: &str, allowed: &'static [&'static str]) -> Result<Params> {
        let mut values: Vec<(&'static str, String)> = Vec::new();
        let mut seen: Vec<&'static str> = Vec::new();
        for (name, value) in form_urlencoded::parse(query.as_bytes()) {
            if name == API_KEY {
                continue;
            }
            let Some(known) = allowed.iter().copied().find(|a| *a == name) else {
                let shown: String = name.chars().take(64).collect();
                return Err(FilterError { param: shown, reason: Reason::Unknown { accepted: allowed } });
            };
            if seen.contains(&known) {
                return Err(FilterError::new(known, Reason::Repeated));
            }
            seen.push(known);
            // SQLite reads text up to a NUL, so a NUL would silently cut a search pattern short.
            if value.contains('\0') {
                return Err(FilterError::new(known, Reason::Nul));
            }
            let length = value.chars().count();
            if length > MAX_VALUE_LEN {
                return Err(FilterError::new(known, Reason::TooLong(length)));
            }
            let value = value.trim();
            if !value.is_empty() {
                values.push((known, value.to_owned()));
            }
        }
        Ok(Params { values })
    }

    /// The value of `name`, when given.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.values.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str())
    }

    /// The value of `name` as owned text.
    pub fn text(&self, name: &str) -> Option<String> {
        self.get(name).map(str::to_owned)
    }

    /// A whole number.
    pub fn int(&self, name: &str) -> Result<Option<i64>> {
        self.get(name).map(|v| v.parse::<i64>().map_err(|_| invalid(name, v, "an integer"))).transpose()
    }

    /// A positive id.
    pub fn id(&self, name: &str) -> Result<Option<i64>> {
        self.get(name).map(|v| parse_id(v).ok_or_else(|| invalid(name, v, "a positive integer id"))).transpose()
    }

    /// A comma-separated list of positive ids.
    pub fn ids(&self, name: &str) -> Result<Option<Vec<i64>>> {
        let Some(items) = self.list(name)? else { return Ok(None) };
        items
            .iter()
            .map(|item| parse_id(item).ok_or_else(|| invalid(name, item, "a comma-separated list of positive integer ids")))
            .collect::<Result<Vec<_>>>()
            .map(Some)
    }

    /// A comma-separated list of non-empty items, trimmed.
    pub fn list(&self, name: &str) -> Result<Option<Vec<String>>> {
        let Some(value) = self.get(name) else { return Ok(None) };
        let items: Vec<String> = value.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect();
        if items.len() > MAX_LIST_ITEMS {
            return Err(FilterError::new(name, Reason::TooMany(items.len())));
        }
        Ok((!items.is_empty()).then_some(items))
    }

    /// `1`/`0`, `true`/`false` (any case); absent is `false`.
    pub fn flag(&self, name: &str) -> Result<bool> {
        match self.get(name) {
            None => Ok(false),
            Some(v) if v == "1" || v.eq_ignore_ascii_case("true") => Ok(true),
            Some(v) if v == "0" || v.eq_ignore_ascii_case("false") => Ok(false),
            Some(v) => Err(invalid(name, v, "1, 0, true or false")),
        }
    }

    /// An ISO 8601 instant, exact (fractions of a second kept). A bare date means its first
    /// second, or with `end_of_day` its last.
    pub fn instant(&self, name: &str, end_of_day: bool) -> Result<Option<DateTime<Utc>>> {
        let Some(v) = self.get(name) else { return Ok(None) };
        // A `+` offset sent without percent-encoding arrives as a space (`...T13:30:00 01:00`).
        let repaired = match v.rsplit_once(' ') {
            Some((date_time, offset)) if date_time.contains('T') && offset.len() == 5 && offset.as_bytes()[2] == b':' => {
                format!("{date_time}+{offset}")
            }
            _ => v.to_owned(),
        };
        let at = parse_instant(&repaired).ok_or_else(|| invalid(name, v, DATE))?;
        let bare_date = v.len() == 10;
        Ok(Some(if end_of_day && bare_date { at + chrono::Duration::seconds(86_399) } else { at }))
    }

    /// `asc` or `desc` (any case), `desc` when absent.
    pub fn order(&self) -> Result<SortDir> {
        match self.get("order") {
            None => Ok(SortDir::Desc),
            Some(v) if v.eq_ignore_ascii_case("desc") => Ok(SortDir::Desc),
            Some(v) if v.eq_ignore_ascii_case("asc") => Ok(SortDir::Asc),
            Some(v) => Err(invalid("order", v, "asc or desc")),
        }
    }

    /// `order_by`: one of `values`' names in any case, or `default` when absent.
    pub fn order_by(&self, values: &'static Resource, default: &'static Field) -> Result<&'static Field> {
        let Some(v) = self.get("order_by") else { return Ok(default) };
        values.field_ignoring_case(v).ok_or_else(|| {
            FilterError::new("order_by", Reason::Invalid { value: v.to_owned(), expected: Expected::OneOf(values.fields) })
        })
    }

    /// `page` (zero-based, default 0) and `limit` (default `default_limit`, clamped to 500).
    pub fn paging(&self, default_limit: i64) -> Result<Paging> {
        let page = match self.get("page") {
            None => 0,
            Some(v) => v.parse::<i64>().ok().filter(|p| *p >= 0).ok_or_else(|| invalid("page", v, "a non-negative integer"))?,
        };
        let limit = match self.get("limit") {
            None => default_limit,
            Some(v) => {
                v.parse::<i64>().ok().filter(|l| *l >= 1).ok_or_else(|| invalid("limit", v, "a positive integer"))?.min(MAX_LIMIT)
            }
        };
        Ok(Paging { page, limit })
    }
}

/// A positive integer id, as in a path segment.
pub fn parse_id(text: &str) -> Option<i64> {
    text.parse::<i64>().ok().filter(|id| *id > 0)
}

//! Query parameters. Each endpoint names the parameters the document lists for it; any other
//! parameter is a 400 naming it, as is a malformed value. An empty value (`search_term=`, or a
//! bare `search_term`, as the document's own examples send) counts as absent.

use crate::core::clock::parse_instant;
use crate::core::sql::SortDir;

use super::error::{LivingMetricsError, Result};

/// The paging defaults and cap of the document: `limit` defaults to 100, at most 500.
pub const MAX_LIMIT: i64 = 500;
/// Longest value of any one parameter, in characters.
const MAX_VALUE_LEN: usize = 2048;
/// Most items in a comma-separated list.
const MAX_LIST_ITEMS: usize = 500;

/// The parsed, whitelisted query string of one request.
#[derive(Debug, Default)]
pub struct Params {
    values: Vec<(&'static str, String)>,
}

fn bad(name: &str, value: &str, expected: &str) -> LivingMetricsError {
    LivingMetricsError::BadRequest(format!("Invalid value '{value}' for parameter '{name}': expected {expected}"))
}

impl Params {
    /// Parses `query`, accepting only `allowed` names (and `api-key`, which authenticates).
    pub fn parse(query: &str, allowed: &[&'static str]) -> Result<Params> {
        let mut values: Vec<(&'static str, String)> = Vec::new();
        let mut seen: Vec<&'static str> = Vec::new();
        for (name, value) in form_urlencoded::parse(query.as_bytes()) {
            if name == "api-key" {
                continue;
            }
            let Some(known) = allowed.iter().copied().find(|a| *a == name) else {
                let shown: String = name.chars().take(64).collect();
                let accepted = if allowed.is_empty() { "none".to_owned() } else { allowed.join(", ") };
                return Err(LivingMetricsError::BadRequest(format!("Unknown query parameter '{shown}' (accepted: {accepted})")));
            };
            if seen.contains(&known) {
                return Err(LivingMetricsError::BadRequest(format!("Query parameter '{known}' is given more than once")));
            }
            seen.push(known);
            // SQLite reads text up to a NUL, so a NUL would silently cut a search pattern short.
            if value.contains('\0') {
                return Err(LivingMetricsError::BadRequest(format!("Parameter '{known}' contains a NUL character")));
            }
            let length = value.chars().count();
            if length > MAX_VALUE_LEN {
                return Err(LivingMetricsError::BadRequest(format!(
                    "Parameter '{known}' is too long ({length} characters; at most {MAX_VALUE_LEN})"
                )));
            }
            let value = value.trim();
            if !value.is_empty() {
                values.push((known, value.to_owned()));
            }
        }
        Ok(Params { values })
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.values.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str())
    }

    /// A whole number.
    pub fn int(&self, name: &str) -> Result<Option<i64>> {
        self.get(name).map(|v| v.parse::<i64>().map_err(|_| bad(name, v, "an integer"))).transpose()
    }

    /// A positive id.
    pub fn id(&self, name: &str) -> Result<Option<i64>> {
        self.get(name).map(|v| parse_id(v).ok_or_else(|| bad(name, v, "a positive integer id"))).transpose()
    }

    /// A comma-separated list of positive ids.
    pub fn ids(&self, name: &str) -> Result<Option<Vec<i64>>> {
        let Some(items) = self.list(name)? else { return Ok(None) };
        items
            .iter()
            .map(|item| parse_id(item).ok_or_else(|| bad(name, item, "a comma-separated list of positive integer ids")))
            .collect::<Result<Vec<_>>>()
            .map(Some)
    }

    /// A comma-separated list of non-empty items.
    pub fn list(&self, name: &str) -> Result<Option<Vec<String>>> {
        let Some(value) = self.get(name) else { return Ok(None) };
        let items: Vec<String> = value.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect();
        if items.len() > MAX_LIST_ITEMS {
            return Err(LivingMetricsError::BadRequest(format!(
                "Parameter '{name}' lists {} items; at most {MAX_LIST_ITEMS}",
                items.len()
            )));
        }
        Ok((!items.is_empty()).then_some(items))
    }

    /// `1`/`0`, `true`/`false` (any case); absent is `false`.
    pub fn flag(&self, name: &str) -> Result<bool> {
        match self.get(name) {
            None => Ok(false),
            Some(v) => match v.to_ascii_lowercase().as_str() {
                "1" | "true" => Ok(true),
                "0" | "false" => Ok(false),
                _ => Err(bad(name, v, "1, 0, true or false")),
            },
        }
    }

    /// An ISO 8601 instant, as stored (`YYYY-MM-DDTHH:MM:SSZ`). A bare date means its start, or
    /// with `end_of_day` its last second.
    pub fn instant(&self, name: &str, end_of_day: bool) -> Result<Option<String>> {
        let Some(v) = self.get(name) else { return Ok(None) };
        // A `+` offset sent without percent-encoding arrives as a space (`...T13:30:00 01:00`).
        let repaired = match v.rsplit_once(' ') {
            Some((date_time, offset)) if date_time.contains('T') && offset.len() == 5 && offset.as_bytes()[2] == b':' => {
                format!("{date_time}+{offset}")
            }
            _ => v.to_owned(),
        };
        let at =
            parse_instant(&repaired).ok_or_else(|| bad(name, v, "an ISO 8601 date or date-time such as 2024-05-01T00:00:00Z"))?;
        let bare_date = v.len() == 10;
        let at = if end_of_day && bare_date { at + chrono::Duration::seconds(86_399) } else { at };
        Ok(Some(super::model::timestamp(at)))
    }

    /// `asc` or `desc` (any case), `desc` when absent.
    pub fn order(&self) -> Result<SortDir> {
        match self.get("order").map(str::to_ascii_lowercase).as_deref() {
            None | Some("desc") => Ok(SortDir::Desc),
            Some("asc") => Ok(SortDir::Asc),
            Some(_) => Err(bad("order", self.get("order").unwrap_or_default(), "asc or desc")),
        }
    }

    /// `page` (zero-based, default 0) and `limit` (default `default_limit`, capped at 500).
    pub fn paging(&self, default_limit: i64) -> Result<Paging> {
        let page = match self.get("page") {
            None => 0,
            Some(v) => v.parse::<i64>().ok().filter(|p| *p >= 0).ok_or_else(|| bad("page", v, "a non-negative integer"))?,
        };
        let limit = match self.get("limit") {
            None => default_limit,
            Some(v) => {
                v.parse::<i64>().ok().filter(|l| *l >= 1).ok_or_else(|| bad("limit", v, "a positive integer"))?.min(MAX_LIMIT)
            }
        };
        Ok(Paging { page, limit })
    }
}

/// A zero-based page of `limit` records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    pub page: i64,
    pub limit: i64,
}

impl Paging {
    pub fn window(self) -> crate::core::paging::Window {
        crate::core::paging::Window::page(self.page, self.limit)
    }
}

/// A positive integer id, as in a path segment.
pub fn parse_id(text: &str) -> Option<i64> {
    text.parse::<i64>().ok().filter(|id| *id > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALLOWED: &[&str] = &["page", "limit", "search_term", "contact_ids", "include_deals", "created_by", "order"];

    fn message(result: Result<impl std::fmt::Debug>) -> String {
        result.unwrap_err().to_string()
    }

    #[test]
    fn empty_and_bare_parameters_count_as_absent() {
        let p = Params::parse("search_term&page=&limit=20", ALLOWED).unwrap();
        assert_eq!(p.get("search_term"), None);
        assert_eq!(p.paging(100).unwrap(), Paging { page: 0, limit: 20 });
    }

    #[test]
    fn unknown_and_repeated_parameters_are_rejected_by_name() {
        assert!(message(Params::parse("serch_term=x", ALLOWED)).starts_with("Unknown query parameter 'serch_term'"));
        assert_eq!(message(Params::parse("page=1&page=2", ALLOWED)), "Query parameter 'page' is given more than once");
        assert!(Params::parse("api-key=abc&page=1", ALLOWED).is_ok());
        assert_eq!(message(Params::parse("page=1", &[])), "Unknown query parameter 'page' (accepted: none)");
    }

    #[test]
    fn values_are_limited_in_characters_and_may_not_hold_a_nul() {
        let two_byte = "%C3%A9".repeat(MAX_VALUE_LEN);
        assert!(Params::parse(&format!("search_term={two_byte}"), ALLOWED).is_ok());
        let long = "a".repeat(MAX_VALUE_LEN + 1);
        assert_eq!(
            message(Params::parse(&format!("search_term={long}"), ALLOWED)),
            "Parameter 'search_term' is too long (2049 characters; at most 2048)"
        );
        assert_eq!(message(Params::parse("search_term=a%00b", ALLOWED)), "Parameter 'search_term' contains a NUL character");
    }

    #[test]
    fn paging_rejects_bad_numbers_and_caps_the_limit() {
        let p = Params::parse("limit=9000&page=2", ALLOWED).unwrap();
        assert_eq!(p.paging(100).unwrap(), Paging { page: 2, limit: 500 });
        let bad = Params::parse("page=-1", ALLOWED).unwrap();
        assert_eq!(message(bad.paging(100)), "Invalid value '-1' for parameter 'page': expected a non-negative integer");
        let zero = Params::parse("limit=0", ALLOWED).unwrap();
        assert_eq!(message(zero.paging(100)), "Invalid value '0' for parameter 'limit': expected a positive integer");
    }

    #[test]
    fn lists_flags_dates_and_order_parse_or_name_the_parameter() {
        let p = Params::parse("contact_ids=1,%202,3&include_deals=TRUE&created_by=2024-05-01&order=ASC", ALLOWED).unwrap();
        assert_eq!(p.ids("contact_ids").unwrap(), Some(vec![1, 2, 3]));
        assert!(p.flag("include_deals").unwrap());
        assert_eq!(p.instant("created_by", false).unwrap().as_deref(), Some("2024-05-01T00:00:00Z"));
        assert_eq!(p.instant("created_by", true).unwrap().as_deref(), Some("2024-05-01T23:59:59Z"));
        let unencoded_plus = Params::parse("created_by=2024-05-01T02:00:00+02:00", ALLOWED).unwrap();
        assert_eq!(unencoded_plus.instant("created_by", false).unwrap().as_deref(), Some("2024-05-01T00:00:00Z"));
        assert_eq!(p.order().unwrap(), SortDir::Asc);
        let bad = Params::parse("contact_ids=1,x&order=up", ALLOWED).unwrap();
        assert!(message(bad.ids("contact_ids")).contains("'x' for parameter 'contact_ids'"));
        assert!(message(bad.order()).contains("'up' for parameter 'order'"));
    }
}

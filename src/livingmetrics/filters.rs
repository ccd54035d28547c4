//! The filters of the contact and history lists, parsed from query parameters into typed values
//! and turned into a tenant-scoped `WHERE` clause (every value bound).

use rusqlite::types::Value;

use crate::core::TenantId;
use crate::core::sql::{Column, Filter, like_contains};

use super::error::{LivingMetricsError, Result};
use super::params::Params;

/// The filter parameters of `GET /v1/contacts` and `GET /v1/contacts/count`.
pub const CONTACT_FILTERS: &[&str] = &[
    "search_term",
    "search_list_id",
    "search_tag",
    "history_type",
    "employer_id",
    "contact_ids",
    "tracked_phone_id",
    "crm_ids",
    "crm_type",
    "crm_object_type",
    "created_by",
    "updated_by",
];

/// A `search_term` as `LIKE` patterns: the text itself, and for phone-like terms its digits.
fn search_patterns(term: &str) -> (String, String) {
    let lower = term.to_lowercase();
    let phone_like = term.chars().all(|c| c.is_ascii_digit() || " +-().".contains(c));
    let digits: String = term.chars().filter(char::is_ascii_digit).collect();
    let second = if phone_like && digits.len() >= 3 { like_contains(&digits) } else { like_contains(&lower) };
    (like_contains(&lower), second)
}

/// An FTS5 query for the trigram index that finds every contact `search_patterns` can match
/// (a quoted phrase of trigrams is a substring match), or `None` when the index cannot narrow
/// the search: a term (or its digits) under three characters, or outside ASCII, where the
/// index's case folding and Rust's might differ. The `LIKE` patterns stay the exact test.
fn trigram_match(term: &str) -> Option<String> {
    let lower = term.to_lowercase();
    if !lower.is_ascii() || lower.len() < 3 {
        return None;
    }
    let phrase = |text: &str| format!("\"{}\"", text.replace('"', "\"\""));
    let phone_like = term.chars().all(|c| c.is_ascii_digit() || " +-().".contains(c));
    let digits: String = term.chars().filter(char::is_ascii_digit).collect();
    if !phone_like || digits.len() < 3 || digits == lower {
        return Some(phrase(&lower));
    }
    Some(format!("{} OR {}", phrase(&lower), phrase(&digits)))
}

fn text(v: &str) -> Value {
    Value::Text(v.to_owned())
}

fn texts(items: Vec<String>) -> Vec<Value> {
    items.into_iter().map(Value::Text).collect()
}

fn ints(items: Vec<i64>) -> Vec<Value> {
    items.into_iter().map(Value::Integer).collect()
}

/// `crm_ids` as a JSON array (`["a","b"]`) or a comma-separated string.
fn crm_ids(params: &Params) -> Result<Option<Vec<String>>> {
    let Some(raw) = params.get("crm_ids") else { return Ok(None) };
    if !raw.starts_with('[') {
        return params.list("crm_ids");
    }
    let bad = || {
        LivingMetricsError::BadRequest(format!(
            "Invalid value '{raw}' for parameter 'crm_ids': expected a JSON array of ids or a comma-separated list"
        ))
    };
    let items: Vec<serde_json::Value> = serde_json::from_str(raw).map_err(|_| bad())?;
    let ids: Vec<String> = items
        .into_iter()
        .map(|item| match item {
            serde_json::Value::String(s) => Ok(s),
            serde_json::Value::Number(n) => Ok(n.to_string()),
            _ => Err(bad()),
        })
        .collect::<Result<_>>()?;
    Ok((!ids.is_empty()).then_some(ids))
}

/// `WHERE` for contacts (alias `c`) from the filter parameters present in `params`.
pub fn contacts(params: &Params, tenant: &TenantId) -> Result<Filter> {
    let mut f = Filter::for_tenant(Column::new("c.tenant_id"), tenant);
    if let Some(term) = params.get("search_term") {
        if let Some(expression) = trigram_match(term) {
            f.and(
                "c.rowid IN (SELECT rowid FROM lm_contacts_search WHERE lm_contacts_search MATCH ?)",
                [Value::Text(expression)],
            );
        }
        let (pattern, digits) = search_patterns(term);
        f.and(
            "c.search_text LIKE ? ESCAPE '\\' OR c.search_text LIKE ? ESCAPE '\\'",
            [Value::Text(pattern), Value::Text(digits)],
        );
    }
    if let Some(list_id) = params.id("search_list_id")? {
        f.and(
            "EXISTS (SELECT 1 FROM lm_list_members m WHERE m.tenant_id = c.tenant_id AND m.list_id = ? AND m.contact_id = c.id)",
            [Value::Integer(list_id)],
        );
    }
    if let Some(tags) = params.list("search_tag")? {
        f.and_list(
            "EXISTS (SELECT 1 FROM lm_contact_tags t WHERE t.tenant_id = c.tenant_id AND t.contact_id = c.id AND t.tag IN (?*))",
            texts(tags.iter().map(|t| t.to_lowercase()).collect()),
        );
    }
    if let Some(types) = params.list("history_type")? {
        f.and_list(
            "EXISTS (SELECT 1 FROM lm_histories h WHERE h.tenant_id = c.tenant_id AND h.contact_id = c.id AND h.history_type IN (?*))",
            texts(types),
        );
    }
    if let Some(number) = params.id("tracked_phone_id")? {
        // Text messages to or from the tracked number (docs/fidelity.md, tracked_phone_id).
        f.and(
            "EXISTS (SELECT 1 FROM lm_histories h WHERE h.tenant_id = c.tenant_id AND h.contact_id = c.id
                     AND h.history_type = 'TextMessage' AND h.tracked_number_id = ?)",
            [Value::Integer(number)],
        );
    }
    if let Some(employer) = params.id("employer_id")? {
        f.and_eq(Column::new("c.employer_id"), Value::Integer(employer));
    }
    if let Some(ids) = params.ids("contact_ids")? {
        f.and_list("c.id IN (?*)", ints(ids));
    }
    let crm_type = params.get("crm_type").map(text).unwrap_or(Value::Null);
    let crm_object = params.get("crm_object_type").map(text).unwrap_or(Value::Null);
    match crm_ids(params)? {
        Some(ids) => f.and_with_list(
            "EXISTS (SELECT 1 FROM lm_contact_crm x WHERE x.tenant_id = c.tenant_id AND x.contact_id = c.id
                     AND (? IS NULL OR x.crm_type = ?) AND (? IS NULL OR x.crm_object_type = ?) AND x.crm_id IN (?*))",
            vec![crm_type.clone(), crm_type, crm_object.clone(), crm_object],
            texts(ids),
        ),
        None if crm_type != Value::Null || crm_object != Value::Null => f.and(
            "EXISTS (SELECT 1 FROM lm_contact_crm x WHERE x.tenant_id = c.tenant_id AND x.contact_id = c.id
                     AND (? IS NULL OR x.crm_type = ?) AND (? IS NULL OR x.crm_object_type = ?))",
            [crm_type.clone(), crm_type, crm_object.clone(), crm_object],
        ),
        None => {}
    }
    if let Some(since) = params.instant("created_by", false)? {
        f.and("c.created_at >= ?", [Value::Text(since)]);
    }
    if let Some(since) = params.instant("updated_by", false)? {
        f.and("c.updated_at >= ?", [Value::Text(since)]);
    }
    Ok(f)
}

/// The parameters of `GET /v1/histories`.
pub const HISTORY_PARAMS: &[&str] = &[
    "page",
    "limit",
    "history_type",
    "campaign_id",
    "contact_id",
    "start_date",
    "end_date",
    "last_history_id",
    "contact_group",
    "search_term",
    "order",
    "email_guid",
    "tracked_number_id",
];

/// `WHERE` for histories (alias `h`).
pub fn histories(params: &Params, tenant: &TenantId) -> Result<Filter> {
    let mut f = Filter::for_tenant(Column::new("h.tenant_id"), tenant);
    if let Some(types) = params.list("history_type")? {
        f.and_list("h.history_type IN (?*)", texts(types));
    }
    for (name, column) in [
        ("campaign_id", Column::new("h.campaign_id")),
        ("contact_id", Column::new("h.contact_id")),
        ("tracked_number_id", Column::new("h.tracked_number_id")),
    ] {
        if let Some(id) = params.id(name)? {
            f.and_eq(column, Value::Integer(id));
        }
    }
    if let Some(guid) = params.get("email_guid") {
        f.and_eq(Column::new("h.email_guid"), text(guid));
    }
    if let Some(start) = params.instant("start_date", false)? {
        f.and("h.created_at >= ?", [Value::Text(start)]);
    }
    if let Some(end) = params.instant("end_date", true)? {
        f.and("h.created_at <= ?", [Value::Text(end)]);
    }
    if let Some(last) = params.int("last_history_id")? {
        f.and("h.id > ?", [Value::Integer(last)]);
    }
    match params.get("contact_group").map(str::to_ascii_lowercase).as_deref() {
        Some("all") => {}
        Some("managed") => f.and("h.contact_id IS NOT NULL", []),
        // The default (docs/fidelity.md, contact_group).
        None | Some("emailed") => f.and(
            "h.contact_id IN (SELECT e.contact_id FROM lm_histories e WHERE e.tenant_id = h.tenant_id
                              AND (e.email_guid IS NOT NULL OR e.history_type LIKE 'Email%'))",
            [],
        ),
        Some(_) => {
            let value = params.get("contact_group").unwrap_or_default();
            return Err(LivingMetricsError::BadRequest(format!(
                "Invalid value '{value}' for parameter 'contact_group': expected all, managed or emailed"
            )));
        }
    }
    if let Some(term) = params.get("search_term") {
        let (pattern, digits) = search_patterns(term);
        // SQLite folds only ASCII case, so the description is matched against the term as
        // given and lower-cased (`Émile` finds `Émile`, `émile` finds `émile`).
        f.and(
            "h.description LIKE ? ESCAPE '\\' OR h.description LIKE ? ESCAPE '\\' OR h.history_type LIKE ? ESCAPE '\\'
             OR EXISTS (SELECT 1 FROM lm_contacts c WHERE c.tenant_id = h.tenant_id AND c.id = h.contact_id
                        AND (c.search_text LIKE ? ESCAPE '\\' OR c.search_text LIKE ? ESCAPE '\\'))",
            [
                Value::Text(like_contains(term)),
                Value::Text(pattern.clone()),
                Value::Text(pattern.clone()),
                Value::Text(pattern),
                Value::Text(digits),
            ],
        );
    }
    Ok(f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_like_terms_also_match_their_digits() {
        assert_eq!(search_patterns("(555) 010-4477"), ("%(555) 010-4477%".into(), "%5550104477%".into()));
        assert_eq!(search_patterns("Ann"), ("%ann%".into(), "%ann%".into()));
    }

    #[test]
    fn the_trigram_prefilter_covers_the_term_and_its_digits() {
        assert_eq!(trigram_match("Smith").as_deref(), Some("\"smith\""));
        assert_eq!(trigram_match("(555) 010").as_deref(), Some("\"(555) 010\" OR \"555010\""));
        assert_eq!(trigram_match("say \"hi\"").as_deref(), Some("\"say \"\"hi\"\"\""));
        assert_eq!(trigram_match("al"), None);
        assert_eq!(trigram_match("Élodie"), None);
    }

    #[test]
    fn crm_ids_take_a_json_array_or_a_comma_list() {
        let json = Params::parse("crm_ids=%5B%22a%22%2C7%5D", CONTACT_FILTERS).unwrap();
        assert_eq!(crm_ids(&json).unwrap(), Some(vec!["a".to_owned(), "7".to_owned()]));
        let comma = Params::parse("crm_ids=a,b", CONTACT_FILTERS).unwrap();
        assert_eq!(crm_ids(&comma).unwrap(), Some(vec!["a".to_owned(), "b".to_owned()]));
        let broken = Params::parse("crm_ids=%5B1", CONTACT_FILTERS).unwrap();
        assert!(crm_ids(&broken).is_err());
    }

    #[test]
    fn every_contact_filter_becomes_bound_sql() {
        let q = "search_term=ann&search_list_id=3&search_tag=lead,vip&history_type=SiteVisit&tracked_phone_id=9&employer_id=4\
                 &contact_ids=1,2&crm_ids=a&crm_type=salesforce&created_by=2024-01-01&updated_by=2024-02-01T00:00:00Z";
        let f = contacts(&Params::parse(q, CONTACT_FILTERS).unwrap(), &TenantId::from("t")).unwrap();
        assert_eq!(f.sql().matches('?').count(), f.params().len());
        assert!(!f.sql().contains("ann"));
    }
}

//! Request JSON → validated `Search`. Every refusal names the JSON path of what is wrong
//! (`search.left.field: unknown field 'acount'`). Recursion goes one level per rule and stops
//! at `MAX_DEPTH`, so no tree can exhaust the stack; `MAX_NODES` bounds the work and the SQL.

use chrono::NaiveDate;
use serde_json::{Map, Value as Json};

use crate::core::sql::SortDir;

use super::SearchError;
use super::ast::{Condition, Criteria, Node, Rule, Search};
use super::fields::{Kind, SearchField, SortField, search_field, sort_field};

/// Levels of rules and conditions: a condition directly under `search` is level 1.
pub const MAX_DEPTH: usize = 32;
/// Rules and conditions in one search.
pub const MAX_NODES: usize = 1000;
/// Entries of `sort`.
pub const MAX_SORT: usize = 10;
/// Characters of one criteria (the longest value a contact field holds).
pub const MAX_CRITERIA_CHARS: usize = 255;
/// Days a `*_basedon_option` criteria may reach from today, either way.
pub const MAX_DAYS: i64 = 36_500;

/// Parses a Find Matching Contact body: `{"search": {...}, "sort": [...]}`.
pub fn parse(body: &Json) -> Result<Search, SearchError> {
    let Json::Object(body) = body else {
        return Err(SearchError::new("", "expected a JSON object with search and sort"));
    };
    let search = present(body, "search").ok_or_else(|| SearchError::new("search", "required"))?;
    let mut budget = MAX_NODES;
    let root = node(search, "search", 1, &mut budget)?;
    let sort = sort(body.get("sort"))?;
    Ok(Search { root, sort })
}

/// The value at `key` unless it is absent or null (clients send unset properties as null).
fn present<'a>(map: &'a Map<String, Json>, key: &str) -> Option<&'a Json> {
    map.get(key).filter(|v| !v.is_null())
}

/// At most 100 characters of a value, for messages.
fn shown(value: &Json) -> String {
    match value {
        Json::String(s) => s.chars().take(100).collect(),
        other => other.to_string().chars().take(100).collect(),
    }
}

fn join(path: &str, key: &str) -> String {
    format!("{path}.{key}")
}

const RULE_OR_CONDITION: &str = "a rule (rule, left, right) or a condition (field, condition, criteria)";

fn node(value: &Json, path: &str, depth: usize, budget: &mut usize) -> Result<Node, SearchError> {
    if depth > MAX_DEPTH {
        return Err(SearchError::new(path, format!("the search nests rules too deeply (at most {MAX_DEPTH} levels)")));
    }
    if *budget == 0 {
        return Err(SearchError::new(path, format!("the search has too many rules and conditions (at most {MAX_NODES})")));
    }
    *budget -= 1;
    let Json::Object(map) = value else {
        return Err(SearchError::new(path, format!("expected an object: {RULE_OR_CONDITION}")));
    };
    let is_rule = ["rule", "left", "right"].iter().any(|k| present(map, k).is_some());
    let is_condition = ["field", "condition", "criteria"].iter().any(|k| present(map, k).is_some());
    let negated = flag(present(map, "isNegated"), &join(path, "isNegated"))?;
    match (is_rule, is_condition) {
        (true, true) => Err(SearchError::new(path, format!("expected {RULE_OR_CONDITION}, not both"))),
        (false, false) => Err(SearchError::new(path, format!("expected {RULE_OR_CONDITION}"))),
        (true, false) => rule(map, path, depth, budget, negated),
        // A condition's isNegated works under a rule only: the document says to negate a
        // single-condition search, wrap it in an AND or OR rule (docs/fidelity.md).
        (false, true) => condition(map, path, negated && depth > 1),
    }
}

fn rule(map: &Map<String, Json>, path: &str, depth: usize, budget: &mut usize, negated: bool) -> Result<Node, SearchError> {
    let rule_path = join(path, "rule");
    let named = match present(map, "rule") {
        None => None,
        Some(Json::String(s)) if s == "AND" => Some(Rule::And),
        Some(Json::String(s)) if s == "OR" => Some(Rule::Or),
        Some(other @ Json::String(_)) => {
            return Err(SearchError::new(rule_path, format!("unknown rule '{}' (expected AND or OR)", shown(other))));
        }
        Some(_) => return Err(SearchError::new(rule_path, "expected AND or OR")),
    };
    let mut side = |key: &str| -> Result<Option<Box<Node>>, SearchError> {
        present(map, key).map(|v| node(v, &join(path, key), depth + 1, budget).map(Box::new)).transpose()
    };
    let left = side("left")?;
    let right = side("right")?;
    let rule = match (named, &left, &right) {
        (_, None, None) => return Err(SearchError::new(path, "a rule needs a left or a right side")),
        (Some(rule), _, _) => rule,
        (None, Some(_), Some(_)) => return Err(SearchError::new(rule_path, "required to join left and right (AND or OR)")),
        (None, _, _) => Rule::And,
    };
    Ok(Node::Rule { rule, left, right, negated })
}

fn condition(map: &Map<String, Json>, path: &str, negated: bool) -> Result<Node, SearchError> {
    let field_path = join(path, "field");
    let field = match present(map, "field") {
        None => return Err(SearchError::new(field_path, "required")),
        Some(Json::String(name)) => search_field(name)
            .ok_or_else(|| SearchError::new(&field_path, format!("unknown field '{}'", shown(&Json::String(name.clone())))))?,
        Some(_) => return Err(SearchError::new(field_path, "expected a field name")),
    };
    let condition_path = join(path, "condition");
    let expected = || Condition::ALL.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ");
    let condition = match present(map, "condition") {
        None => return Err(SearchError::new(condition_path, "required")),
        Some(Json::String(name)) => {
            Condition::ALL.iter().find(|(n, _)| *n == name.as_str()).map(|(_, c)| *c).ok_or_else(|| {
                SearchError::new(
                    &condition_path,
                    format!("unknown condition '{}' (expected {})", shown(&Json::String(name.clone())), expected()),
                )
            })?
        }
        Some(_) => return Err(SearchError::new(condition_path, format!("expected one of {}", expected()))),
    };
    applies(field, condition, &condition_path)?;
    let criteria = criteria(field, condition, present(map, "criteria"), &join(path, "criteria"))?;
    Ok(Node::Condition { field, condition, criteria, negated })
}

/// Flags take EQUALS only; day offsets take no pattern.
fn applies(field: &SearchField, condition: Condition, path: &str) -> Result<(), SearchError> {
    let refused = match field.kind {
        Kind::Flag if condition != Condition::Equals => "a true or false field: use EQUALS",
        Kind::Days if condition.is_pattern() => "a number of days: use EQUALS, LESS, GREATER or GREATER_EQUAL",
        _ => return Ok(()),
    };
    Err(SearchError::new(path, format!("{} does not apply to {} ({refused})", condition.name(), field.name)))
}

fn criteria(field: &SearchField, condition: Condition, value: Option<&Json>, path: &str) -> Result<Criteria, SearchError> {
    let text = match value {
        None => return Err(SearchError::new(path, "required")),
        Some(Json::String(s)) => s.clone(),
        Some(n @ Json::Number(_)) => n.to_string(),
        Some(Json::Bool(b)) => b.to_string(),
        Some(_) => return Err(SearchError::new(path, "expected a string")),
    };
    if text.chars().count() > MAX_CRITERIA_CHARS {
        return Err(SearchError::new(path, format!("at most {MAX_CRITERIA_CHARS} characters")));
    }
    if text.contains('\0') {
        return Err(SearchError::new(path, "expected text without NUL characters"));
    }
    if condition.is_pattern() {
        return Ok(Criteria::Text(text));
    }
    let bad = |expected: &str| {
        SearchError::new(path, format!("expected {expected} for {}, not '{}'", field.name, shown(&Json::String(text.clone()))))
    };
    let trimmed = text.trim();
    Ok(match field.kind {
        Kind::Text | Kind::TextNoCase => Criteria::Text(text.clone()),
        Kind::Int => Criteria::Int(trimmed.parse().map_err(|_| bad("an integer"))?),
        Kind::Decimal => match trimmed.parse::<f64>() {
            Ok(n) if n.is_finite() => Criteria::Decimal(n),
            _ => return Err(bad("a number")),
        },
        Kind::EpochMs => Criteria::Int(epoch_ms(trimmed).ok_or_else(|| bad("epoch milliseconds or a CCYY-MM-DD date"))?),
        Kind::Flag => match trimmed.to_ascii_lowercase().as_str() {
            "true" | "1" => Criteria::Int(1),
            "false" | "0" => Criteria::Int(0),
            _ => return Err(bad("true or false")),
        },
        Kind::Days => match trimmed.parse::<i64>() {
            Ok(n) if n.abs() <= MAX_DAYS => Criteria::Int(n),
            _ => return Err(bad(&format!("a number of days from today ({} to {MAX_DAYS})", -MAX_DAYS))),
        },
    })
}

/// Epoch milliseconds, or a CCYY-MM-DD date as its UTC midnight.
fn epoch_ms(text: &str) -> Option<i64> {
    if let Ok(ms) = text.parse::<i64>() {
        return Some(ms);
    }
    let date = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()?;
    Some(date.and_hms_opt(0, 0, 0)?.and_utc().timestamp_millis())
}

/// `isNegated`: a boolean, or the strings "true" and "false" (clients send booleans as strings
/// elsewhere in the document).
fn flag(value: Option<&Json>, path: &str) -> Result<bool, SearchError> {
    match value {
        None => Ok(false),
        Some(Json::Bool(b)) => Ok(*b),
        Some(Json::String(s)) if s.eq_ignore_ascii_case("true") => Ok(true),
        Some(Json::String(s)) if s.eq_ignore_ascii_case("false") => Ok(false),
        Some(_) => Err(SearchError::new(path, "expected true or false")),
    }
}

fn sort(value: Option<&Json>) -> Result<Vec<(&'static SortField, SortDir)>, SearchError> {
    let items = match value {
        None | Some(Json::Null) => return Ok(Vec::new()),
        Some(Json::Array(items)) => items,
        Some(_) => return Err(SearchError::new("sort", "expected an array of {field, order}")),
    };
    if items.len() > MAX_SORT {
        return Err(SearchError::new("sort", format!("at most {MAX_SORT} sort keys")));
    }
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let path = format!("sort[{i}]");
            let Json::Object(map) = item else {
                return Err(SearchError::new(path, "expected an object {field, order}"));
            };
            let field = match present(map, "field") {
                None => return Err(SearchError::new(join(&path, "field"), "required")),
                Some(Json::String(name)) => sort_field(name).ok_or_else(|| {
                    SearchError::new(join(&path, "field"), format!("unknown sort field '{}'", shown(&Json::String(name.clone()))))
                })?,
                Some(_) => return Err(SearchError::new(join(&path, "field"), "expected a field name")),
            };
            let order = match present(map, "order") {
                None => return Err(SearchError::new(join(&path, "order"), "required (ASC or DESC)")),
                Some(Json::String(s)) if s.eq_ignore_ascii_case("ASC") => SortDir::Asc,
                Some(Json::String(s)) if s.eq_ignore_ascii_case("DESC") => SortDir::Desc,
                Some(Json::String(s)) => {
                    return Err(SearchError::new(
                        join(&path, "order"),
                        format!("unknown order '{}' (expected ASC or DESC)", shown(&Json::String(s.clone()))),
                    ));
                }
                Some(_) => return Err(SearchError::new(join(&path, "order"), "expected ASC or DESC")),
            };
            Ok((field, order))
        })
        .collect()
}

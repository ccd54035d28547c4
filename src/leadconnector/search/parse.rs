//! Request JSON → `Search`: every property checked, the first fault named by its path in
//! class-validator's words (`filters.1.filters.0.field must be one of the following values: …`).

use serde_json::{Map, Value};

use super::ast::{Node, Op, Operand, Page, Search};
use super::fields::{FIELDS, sortable};
use crate::core::clock::parse_instant;
use crate::core::sql::{Field, Kind, SortDir};

/// The largest `pageLimit`.
pub const MAX_PAGE_LIMIT: i64 = 500;
/// How far `page` reaches: beyond it, `searchAfter`.
pub const MAX_PAGED: i64 = 10_000;
/// The longest `query`.
pub const MAX_QUERY: usize = 75;
/// Caps on the filter tree.
pub const MAX_DEPTH: usize = 10;
pub const MAX_FILTERS: usize = 100;
pub const MAX_VALUE: usize = 255;
/// The most sort keys.
pub const MAX_SORT: usize = 3;

const OPERATORS: &str = "eq, not_eq, contains, not_contains, exists, not_exists, range";
const TOP: [&str; 7] = ["locationId", "page", "pageLimit", "searchAfter", "filters", "sort", "query"];

/// Reads a search body; `Err` the 422's message.
pub fn parse(body: &Value) -> Result<Search, String> {
    let Value::Object(map) = body else { return Err("the body must be a JSON object".into()) };
    if let Some(key) = map.keys().find(|k| !TOP.contains(&k.as_str())) {
        return Err(format!("property {key} should not exist"));
    }
    let location_id = match map.get("locationId") {
        Some(Value::String(s)) if !s.trim().is_empty() => s.clone(),
        _ => return Err("locationId should not be empty".into()),
    };
    let limit = whole(map.get("pageLimit"), "pageLimit")?.ok_or("pageLimit should not be empty")?;
    if !(1..=MAX_PAGE_LIMIT).contains(&limit) {
        return Err(format!("pageLimit must be from 1 to {MAX_PAGE_LIMIT}"));
    }
    let query = match map.get("query") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s.chars().count() <= MAX_QUERY => Some(s.trim().to_owned()).filter(|s| !s.is_empty()),
        Some(Value::String(_)) => return Err(format!("query must be shorter than or equal to {MAX_QUERY} characters")),
        Some(_) => return Err("query must be a string".into()),
    };
    let sort = sort(map.get("sort"))?;
    let page = page(map, limit, sort.is_empty())?;
    let mut count = 0;
    let children = match map.get("filters") {
        None | Some(Value::Null) => Vec::new(),
        Some(items) => list(items, "filters", 1, &mut count)?,
    };
    Ok(Search { location_id, root: Node::Group { and: true, children }, query, sort, page, limit })
}

/// A whole number property (a number or its text).
fn whole(value: Option<&Value>, path: &str) -> Result<Option<i64>, String> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) if n.as_i64().is_some() => Ok(n.as_i64()),
        Some(Value::String(s)) if s.trim().parse::<i64>().is_ok() => Ok(s.trim().parse().ok()),
        Some(_) => Err(format!("{path} must be an integer number")),
    }
}

fn page(map: &Map<String, Value>, limit: i64, default_order: bool) -> Result<Page, String> {
    let number = whole(map.get("page"), "page")?;
    match map.get("searchAfter") {
        None | Some(Value::Null) => {}
        Some(_) if number.is_some() => return Err("page and searchAfter cannot be used together".into()),
        Some(_) if !default_order => return Err("searchAfter needs the default sort".into()),
        Some(Value::Array(items)) => match items.as_slice() {
            [at, Value::String(id)] => {
                let date_added = whole(Some(at), "searchAfter.0")?.ok_or("searchAfter.0 must be an integer number")?;
                return Ok(Page::After { date_added, id: id.clone() });
            }
            _ => return Err("searchAfter must be the searchAfter of a contact: [dateAdded, id]".into()),
        },
        Some(_) => return Err("searchAfter must be an array".into()),
    }
    let number = number.unwrap_or(1);
    if number < 1 {
        return Err("page must not be less than 1".into());
    }
    if number.saturating_mul(limit) > MAX_PAGED {
        return Err(format!("page and pageLimit reach past the {MAX_PAGED}th contact: use searchAfter"));
    }
    Ok(Page::Number(number))
}

fn field(value: Option<&Value>, path: &str, allowed: impl Fn(&Field) -> bool) -> Result<&'static Field, String> {
    let name = value.and_then(Value::as_str).unwrap_or_default();
    FIELDS.field(name).filter(|f| allowed(f)).ok_or_else(|| {
        let names: Vec<&str> = FIELDS.fields.iter().filter(|f| allowed(f)).map(|f| f.name).collect();
        format!("{path}.field must be one of the following values: {}", names.join(", "))
    })
}

fn sort(value: Option<&Value>) -> Result<Vec<(&'static Field, SortDir)>, String> {
    let items = match value {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Array(items)) if items.len() <= MAX_SORT => items,
        Some(Value::Array(_)) => return Err(format!("sort must contain no more than {MAX_SORT} elements")),
        Some(_) => return Err("sort must be an array".into()),
    };
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let path = format!("sort.{i}");
        let Value::Object(map) = item else { return Err(format!("{path} must be an object")) };
        if let Some(key) = map.keys().find(|k| !["field", "direction"].contains(&k.as_str())) {
            return Err(format!("property {path}.{key} should not exist"));
        }
        let field = field(map.get("field"), &path, sortable)?;
        let dir = match map.get("direction").and_then(Value::as_str).map(str::to_ascii_lowercase).as_deref() {
            None | Some("asc") => SortDir::Asc,
            Some("desc") => SortDir::Desc,
            Some(_) => return Err(format!("{path}.direction must be one of the following values: asc, desc")),
        };
        out.push((field, dir));
    }
    Ok(out)
}

fn list(value: &Value, path: &str, depth: usize, count: &mut usize) -> Result<Vec<Node>, String> {
    let Value::Array(items) = value else { return Err(format!("{path} must be an array")) };
    items.iter().enumerate().map(|(i, item)| node(item, &format!("{path}.{i}"), depth, count)).collect()
}

fn node(value: &Value, path: &str, depth: usize, count: &mut usize) -> Result<Node, String> {
    let Value::Object(map) = value else { return Err(format!("{path} must be an object")) };
    *count += 1;
    if *count > MAX_FILTERS {
        return Err(format!("filters must hold no more than {MAX_FILTERS} filters and groups"));
    }
    if map.contains_key("group") {
        if depth >= MAX_DEPTH {
            return Err(format!("{path}: groups nest no deeper than {MAX_DEPTH} levels"));
        }
        if let Some(key) = map.keys().find(|k| !["group", "filters"].contains(&k.as_str())) {
            return Err(format!("property {path}.{key} should not exist"));
        }
        let and = match map.get("group").and_then(Value::as_str) {
            Some("AND") => true,
            Some("OR") => false,
            _ => return Err(format!("{path}.group must be one of the following values: AND, OR")),
        };
        let children =
            list(map.get("filters").unwrap_or(&Value::Array(Vec::new())), &format!("{path}.filters"), depth + 1, count)?;
        return Ok(Node::Group { and, children });
    }
    if let Some(key) = map.keys().find(|k| !["field", "operator", "value"].contains(&k.as_str())) {
        return Err(format!("property {path}.{key} should not exist"));
    }
    let field = field(map.get("field"), path, |_| true)?;
    let value = map.get("value").filter(|v| !v.is_null());
    let operator = map.get("operator").and_then(Value::as_str).unwrap_or_default();
    let op = match operator {
        "eq" => Op::Eq(operand(field, value, path)?),
        "not_eq" => Op::NotEq(operand(field, value, path)?),
        "contains" | "not_contains" if field.kind == Kind::Text => {
            let text = text(value, path)?;
            if operator == "contains" { Op::Contains(text) } else { Op::NotContains(text) }
        }
        "contains" | "not_contains" => return Err(format!("{path}.operator {operator} does not apply to {}", field.name)),
        "exists" => Op::Exists,
        "not_exists" => Op::NotExists,
        "range" if field.kind == Kind::DateTime => range(value, path)?,
        "range" => return Err(format!("{path}.operator range applies to dateAdded and dateUpdated only")),
        _ => return Err(format!("{path}.operator must be one of the following values: {OPERATORS}")),
    };
    Ok(Node::Filter { field, op })
}

fn text(value: Option<&Value>, path: &str) -> Result<String, String> {
    let text = match value {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::Bool(b)) => b.to_string(),
        _ => return Err(format!("{path}.value must be a string")),
    };
    if text.chars().count() > MAX_VALUE {
        return Err(format!("{path}.value must be shorter than or equal to {MAX_VALUE} characters"));
    }
    Ok(text)
}

fn instant(value: &Value, path: &str) -> Result<i64, String> {
    match value {
        Value::Number(n) if n.as_i64().is_some() => Ok(n.as_i64().unwrap_or_default()),
        Value::String(s) => parse_instant(s.trim())
            .map(|at| at.timestamp_millis())
            .or_else(|| s.trim().parse().ok())
            .ok_or_else(|| format!("{path} must be an ISO-8601 instant or epoch milliseconds")),
        _ => Err(format!("{path} must be an ISO-8601 instant or epoch milliseconds")),
    }
}

fn operand(field: &Field, value: Option<&Value>, path: &str) -> Result<Operand, String> {
    match field.kind {
        Kind::Bool => match value {
            Some(Value::Bool(b)) => Ok(Operand::Bool(*b)),
            Some(Value::String(s)) if s == "true" || s == "false" => Ok(Operand::Bool(s == "true")),
            _ => Err(format!("{path}.value must be a boolean value")),
        },
        Kind::DateTime => instant(value.ok_or_else(|| format!("{path}.value should not be empty"))?, &format!("{path}.value"))
            .map(Operand::Instant),
        _ => text(value, path).map(Operand::Text),
    }
}

fn range(value: Option<&Value>, path: &str) -> Result<Op, String> {
    let Some(Value::Object(bounds)) = value else { return Err(format!("{path}.value must be an object of gt, gte, lt, lte")) };
    if let Some(key) = bounds.keys().find(|k| !["gt", "gte", "lt", "lte"].contains(&k.as_str())) {
        return Err(format!("property {path}.value.{key} should not exist"));
    }
    let bound = |k: &str| bounds.get(k).filter(|v| !v.is_null()).map(|v| instant(v, &format!("{path}.value.{k}"))).transpose();
    let op = Op::Range { gt: bound("gt")?, gte: bound("gte")?, lt: bound("lt")?, lte: bound("lte")? };
    if bounds.values().all(Value::is_null) {
        return Err(format!("{path}.value must give gt, gte, lt or lte"));
    }
    Ok(op)
}

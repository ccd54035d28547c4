//! Query string → validated `Query`. `serde_qs` does what Express's `qs` does (brackets, encoded
//! or not, repeated keys combined into a list, `[]` and `[0]` lists); this module applies
//! Feathers' `filterQuery` rules and the field table.

use rusqlite::types::Value;
use serde_json::{Map, Value as Json};

use crate::core::clock::{parse_instant, to_rfc3339_millis};
use crate::core::sql::SortDir;

use super::QueryError;
use super::ast::{CmpOp, Node, Query};
use super::fields::{Field, Kind, Resource};

/// Paging configuration: Feathers' `paginate: {default, max}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub default_limit: i64,
    pub max_limit: i64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { default_limit: 10, max_limit: 50 }
    }
}

pub const MAX_PARAMETERS: usize = 1000;
pub const MAX_DEPTH: usize = 5;
pub const MAX_CONDITIONS: usize = 500;
pub const MAX_IN_VALUES: usize = 1000;
const MAX_VALUE_CHARS: usize = 4096;

/// Parses the raw query string of a find request against `resource`'s fields.
pub fn parse(query: &str, resource: &'static Resource, limits: Limits) -> Result<Query, QueryError> {
    let root = to_json(query)?;
    let mut out = Query { filter: Vec::new(), sort: Vec::new(), select: None, limit: limits.default_limit, skip: 0 };
    let mut budget = MAX_CONDITIONS;
    for (key, value) in &root {
        match key.as_str() {
            "$limit" => out.limit = number("$limit", value)?.unsigned_abs().min(limits.max_limit as u64) as i64,
            "$skip" => out.skip = number("$skip", value)?.unsigned_abs().min(i64::MAX as u64) as i64,
            "$sort" => out.sort = sort(resource, value)?,
            "$select" => out.select = Some(select(resource, value)?),
            "$or" | "$and" => out.filter.push(group(resource, key, value, 1, &mut budget)?),
            other if other.starts_with('$') => return Err(invalid_parameter(other, Json::Object(root.clone()))),
            field => out.filter.push(condition(resource, field, value, &mut budget)?),
        }
    }
    Ok(out)
}

/// The qs-style parse, as JSON: objects (in key order), lists and strings.
pub fn to_json(query: &str) -> Result<Map<String, Json>, QueryError> {
    if query.split('&').filter(|p| !p.is_empty()).count() > MAX_PARAMETERS {
        return Err(QueryError::new(format!("Too many query parameters (at most {MAX_PARAMETERS})")));
    }
    let config = serde_qs::Config::new().max_depth(MAX_DEPTH).use_form_encoding(true);
    let parsed: Json = config.deserialize_str(query).map_err(|e| QueryError::new(format!("Invalid query string: {e}")))?;
    match parsed {
        Json::Object(map) => Ok(map),
        _ => Ok(Map::new()),
    }
}

fn invalid_parameter(name: &str, data: Json) -> QueryError {
    QueryError { message: format!("Invalid query parameter {name}"), data: Some(data) }
}

fn shown(value: &Json) -> String {
    match value {
        Json::String(s) => s.chars().take(100).collect(),
        other => other.to_string().chars().take(100).collect(),
    }
}

/// A whole number given as one string.
fn number(name: &str, value: &Json) -> Result<i64, QueryError> {
    value
        .as_str()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .ok_or_else(|| QueryError::new(format!("Invalid value '{}' for {name}: expected an integer", shown(value))))
}

fn sort(resource: &'static Resource, value: &Json) -> Result<Vec<(&'static Field, SortDir)>, QueryError> {
    let Json::Object(keys) = value else {
        return Err(QueryError::new("Invalid value for $sort: expected $sort[field]=1 or $sort[field]=-1"));
    };
    let mut out = Vec::with_capacity(keys.len());
    for (name, direction) in keys {
        let field = resource.field(name).ok_or_else(|| unknown_field(resource, name))?;
        // Feathers' SQL adapters sort ascending for 1 and descending for any other number.
        let dir = if number(&format!("$sort[{name}]"), direction)? == 1 { SortDir::Asc } else { SortDir::Desc };
        out.push((field, dir));
    }
    Ok(out)
}

fn select(resource: &'static Resource, value: &Json) -> Result<Vec<&'static str>, QueryError> {
    let names: Vec<&Json> = match value {
        Json::Array(items) => items.iter().collect(),
        Json::String(_) => vec![value],
        _ => return Err(QueryError::new("Invalid value for $select: expected $select[]=field")),
    };
    names
        .into_iter()
        .map(|name| {
            let name = name.as_str().unwrap_or_default();
            resource
                .field(name)
                .map(|f| f.name)
                .or_else(|| resource.embeds.iter().copied().find(|e| *e == name))
                .ok_or_else(|| unknown_field(resource, name))
        })
        .collect()
}

fn unknown_field(resource: &Resource, name: &str) -> QueryError {
    let shown: String = name.chars().take(100).collect();
    QueryError::new(format!("Invalid query parameter {shown}: {} has no such field", resource.name))
}

fn spend(budget: &mut usize) -> Result<(), QueryError> {
    if *budget == 0 {
        return Err(QueryError::new(format!("The query is too complex (at most {MAX_CONDITIONS} conditions)")));
    }
    *budget -= 1;
    Ok(())
}

/// `$or`/`$and`: a list of sub-queries.
fn group(resource: &'static Resource, key: &str, value: &Json, depth: usize, budget: &mut usize) -> Result<Node, QueryError> {
    let Json::Array(branches) = value else {
        return Err(QueryError::new(format!("Invalid value for {key}: expected a list, as in {key}[0][field]=value")));
    };
    if depth > MAX_DEPTH {
        return Err(QueryError::new(format!("The query nests {key} too deeply")));
    }
    let mut nodes = Vec::with_capacity(branches.len());
    for branch in branches {
        spend(budget)?;
        let Json::Object(entries) = branch else {
            return Err(QueryError::new(format!(
                "Invalid value for {key}: each entry must be a query, as in {key}[0][field]=value"
            )));
        };
        let mut all = Vec::with_capacity(entries.len());
        for (name, inner) in entries {
            match name.as_str() {
                "$or" | "$and" => all.push(group(resource, name, inner, depth + 1, budget)?),
                other if other.starts_with('$') => return Err(invalid_parameter(other, branch.clone())),
                field => all.push(condition(resource, field, inner, budget)?),
            }
        }
        nodes.push(Node::And(all));
    }
    Ok(if key == "$or" { Node::Or(nodes) } else { Node::And(nodes) })
}

/// `field=value`, `field=a&field=b`, or `field[$op]=...`.
fn condition(resource: &'static Resource, name: &str, value: &Json, budget: &mut usize) -> Result<Node, QueryError> {
    let field = resource.field(name).ok_or_else(|| unknown_field(resource, name))?;
    spend(budget)?;
    match value {
        Json::String(_) => Ok(Node::Compare { field, op: CmpOp::Eq, value: coerce(field, value)? }),
        Json::Array(items) => Ok(Node::In { field, values: list(field, items)?, negated: false }),
        Json::Object(ops) => {
            let mut all = Vec::with_capacity(ops.len());
            for (op, operand) in ops {
                let node = match op.as_str() {
                    "$in" | "$nin" => {
                        let values = match operand {
                            Json::Array(items) => list(field, items)?,
                            Json::String(_) => vec![coerce(field, operand)?],
                            _ => {
                                return Err(QueryError::new(format!(
                                    "Invalid value for {name}[{op}]: expected a list of values"
                                )));
                            }
                        };
                        Node::In { field, values, negated: op == "$nin" }
                    }
                    "$ne" | "$lt" | "$lte" | "$gt" | "$gte" => {
                        if !operand.is_string() {
                            return Err(QueryError::new(format!("Invalid value for {name}[{op}]: expected one value")));
                        }
                        let cmp = match op.as_str() {
                            "$ne" => CmpOp::Ne,
                            "$lt" => CmpOp::Lt,
                            "$lte" => CmpOp::Lte,
                            "$gt" => CmpOp::Gt,
                            _ => CmpOp::Gte,
                        };
                        Node::Compare { field, op: cmp, value: coerce(field, operand)? }
                    }
                    other if other.starts_with('$') => return Err(invalid_parameter(other, value.clone())),
                    other => {
                        let other: String = other.chars().take(100).collect();
                        return Err(QueryError::new(format!(
                            "Invalid query parameter {name}[{other}]: expected an operator such as $in"
                        )));
                    }
                };
                all.push(node);
            }
            Ok(if all.len() == 1 { all.remove(0) } else { Node::And(all) })
        }
        _ => Err(QueryError::new(format!("Invalid value for {name}"))),
    }
}

fn list(field: &'static Field, items: &[Json]) -> Result<Vec<Value>, QueryError> {
    if items.len() > MAX_IN_VALUES {
        return Err(QueryError::new(format!("Too many values for {} (at most {MAX_IN_VALUES})", field.name)));
    }
    items.iter().map(|item| coerce(field, item)).collect()
}

/// A wire value (a string) as the SQL value its field compares with.
fn coerce(field: &Field, value: &Json) -> Result<Value, QueryError> {
    let Json::String(text) = value else {
        return Err(QueryError::new(format!("Invalid value for {}: expected one value, not {}", field.name, shown(value))));
    };
    let bad =
        |expected: &str| QueryError::new(format!("Invalid value '{}' for {}: expected {expected}", shown(value), field.name));
    if text.chars().count() > MAX_VALUE_CHARS {
        return Err(QueryError::new(format!("The value for {} is too long (at most {MAX_VALUE_CHARS} characters)", field.name)));
    }
    if text.contains('\0') {
        return Err(bad("text without NUL characters"));
    }
    Ok(match field.kind {
        Kind::Text => Value::Text(text.clone()),
        Kind::Int => Value::Integer(text.trim().parse().map_err(|_| bad("an integer"))?),
        Kind::Bool => match text.trim() {
            "true" | "1" => Value::Integer(1),
            "false" | "0" => Value::Integer(0),
            _ => return Err(bad("true or false")),
        },
        Kind::DateTime => {
            let at = parse_instant(text.trim()).ok_or_else(|| bad("an ISO 8601 date or date-time"))?;
            Value::Text(to_rfc3339_millis(at))
        }
    })
}

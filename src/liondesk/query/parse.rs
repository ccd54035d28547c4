//! Query string → validated `Query`. `qs` reads the query string as Express reads it
//! (brackets, lists, repeated keys); this module applies Feathers' `filterQuery` rules (v4) and
//! the field table, in Feathers' order: the `$` keys are checked over the whole query first,
//! then fields and values. Where a list is taken (`$in`, `$nin`, `$or`, `$and`, `$select`), an
//! object `qs` built from list indices above its limit is read as the list of its values.

use serde_json::{Map, Value as Json};

use crate::core::sql::{Compare, SortDir};

use super::QueryError;
use super::ast::{Node, Query};
use super::fields::{Field, Resource};
use super::qs::{list_items, to_json};
use super::values::{coerce, parse_abs, parse_int, shown};

pub use super::qs::{MAX_DEPTH, MAX_PARAMETERS};

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

/// Conditions a query may hold, `$or`/`$and` branches counted.
pub const MAX_CONDITIONS: usize = 500;
/// Values one `$in` or `$nin` may list.
pub const MAX_IN_VALUES: usize = 1000;

/// Feathers' filters: taken out of the query before its conditions are read.
const FILTERS: [&str; 4] = ["$limit", "$skip", "$sort", "$select"];
/// Feathers' operators (v4's list, plus `$and`, which its SQL adapters accept).
const OPERATORS: [&str; 9] = ["$in", "$nin", "$lt", "$lte", "$gt", "$gte", "$ne", "$or", "$and"];

/// Parses the raw query string of a find request against `resource`'s fields.
pub fn parse(query: &str, resource: &'static Resource, limits: Limits) -> Result<Query, QueryError> {
    from_json(&to_json(query)?, resource, limits)
}

/// A parsed query (as `to_json` gives it) → `Query`.
pub fn from_json(root: &Map<String, Json>, resource: &'static Resource, limits: Limits) -> Result<Query, QueryError> {
    let conditions = clean_root(root)?;
    let mut out = Query { filter: Vec::new(), sort: Vec::new(), select: None, limit: limits.default_limit, skip: 0 };
    if let Some(value) = root.get("$limit") {
        out.limit = parse_abs(value).unwrap_or(limits.default_limit);
    }
    out.limit = out.limit.min(limits.max_limit);
    if let Some(value) = root.get("$skip") {
        out.skip = parse_abs(value).unwrap_or(0);
    }
    if let Some(value) = root.get("$sort") {
        out.sort = sort(resource, value)?;
    }
    if let Some(value) = root.get("$select") {
        out.select = Some(select(resource, value)?);
    }
    let mut budget = MAX_CONDITIONS;
    out.filter = query_nodes(resource, &conditions, 0, &mut budget)?;
    Ok(out)
}

fn invalid_parameter(name: &str, data: Json) -> QueryError {
    QueryError { message: format!("Invalid query parameter {name}"), data: Some(data) }
}

/// Feathers' `cleanQuery` at the top: the filters come out; any other `$` key must be an
/// operator, or the answer is `Invalid query parameter $x` with the whole query as `data`.
fn clean_root(root: &Map<String, Json>) -> Result<Map<String, Json>, QueryError> {
    let mut out = Map::new();
    for (key, value) in root {
        if FILTERS.contains(&key.as_str()) {
            continue;
        }
        if key.starts_with('$') && !OPERATORS.contains(&key.as_str()) {
            return Err(invalid_parameter(key, Json::Object(root.clone())));
        }
        out.insert(key.clone(), clean(root, value)?);
    }
    Ok(out)
}

/// `cleanQuery` below the top, through lists and objects alike: a filter the query has at its
/// top is dropped (Feathers compares against the filters it took out; `$limit` is always one,
/// because finds are paginated); another `$` key must be an operator, or the answer is
/// `Invalid query parameter $x` with that object as `data`.
fn clean(root: &Map<String, Json>, value: &Json) -> Result<Json, QueryError> {
    Ok(match value {
        Json::Array(items) => Json::Array(items.iter().map(|item| clean(root, item)).collect::<Result<_, _>>()?),
        Json::Object(map) => {
            let mut out = Map::new();
            for (key, inner) in map {
                if key.starts_with('$') {
                    if key == "$limit" || (FILTERS.contains(&key.as_str()) && root.contains_key(key)) {
                        continue;
                    }
                    if !OPERATORS.contains(&key.as_str()) {
                        return Err(invalid_parameter(key, value.clone()));
                    }
                }
                out.insert(key.clone(), clean(root, inner)?);
            }
            Json::Object(out)
        }
        other => other.clone(),
    })
}

/// `$sort[field]=1|-1 ...`: each direction read by `parseInt`; 1 is ascending and anything
/// else descending, as Feathers' SQL adapters have it.
fn sort(resource: &'static Resource, value: &Json) -> Result<Vec<(&'static Field, SortDir)>, QueryError> {
    let Json::Object(keys) = value else {
        return Err(QueryError::new("Invalid value for $sort: expected $sort[field]=1 or $sort[field]=-1"));
    };
    keys.iter()
        .map(|(name, direction)| {
            let field = field(resource, name)?;
            Ok((field, if parse_int(direction) == Some(1) { SortDir::Asc } else { SortDir::Desc }))
        })
        .collect()
}

/// `$select[]=field ...` (or one `$select=field`): fields and embedded objects.
fn select(resource: &'static Resource, value: &Json) -> Result<Vec<&'static str>, QueryError> {
    let names: Vec<&Json> = match (value, list_items(value)) {
        (_, Some(items)) => items,
        (Json::String(_), None) => vec![value],
        _ => return Err(QueryError::new("Invalid value for $select: expected $select[]=field")),
    };
    names
        .into_iter()
        .map(|name| {
            let Json::String(name) = name else {
                return Err(QueryError::new(format!("Invalid value for $select: expected field names, not {}", shown(name))));
            };
            match resource.embeds.iter().copied().find(|e| e == name) {
                Some(embed) => Ok(embed),
                None => field(resource, name).map(|f| f.name),
            }
        })
        .collect()
}

fn field(resource: &'static Resource, name: &str) -> Result<&'static Field, QueryError> {
    resource.field(name).ok_or_else(|| {
        let shown: String = name.chars().take(100).collect();
        if name.starts_with('[') {
            QueryError::new(format!(
                "Invalid query parameter {shown}: the query nests brackets too deeply (at most {MAX_DEPTH} levels)"
            ))
        } else {
            QueryError::new(format!("Invalid query parameter {shown}: {} has no such field", resource.name))
        }
    })
}

fn spend(budget: &mut usize) -> Result<(), QueryError> {
    if *budget == 0 {
        return Err(QueryError::new(format!("The query is too complex (at most {MAX_CONDITIONS} conditions)")));
    }
    *budget -= 1;
    Ok(())
}

/// The conditions of one (cleaned) query object: fields and `$or`/`$and`, all of which hold.
fn query_nodes(
    resource: &'static Resource,
    query: &Map<String, Json>,
    depth: usize,
    budget: &mut usize,
) -> Result<Vec<Node>, QueryError> {
    let mut all = Vec::with_capacity(query.len());
    for (key, value) in query {
        match key.as_str() {
            "$or" | "$and" => all.push(group(resource, key, value, depth + 1, budget)?),
            op if op.starts_with('$') => {
                return Err(QueryError::new(format!(
                    "Invalid query parameter {op}: it applies to a field, as in field[{op}]=value"
                )));
            }
            name => all.push(condition(resource, name, value, budget)?),
        }
    }
    Ok(all)
}

/// `$or`/`$and`: a list of queries.
fn group(resource: &'static Resource, key: &str, value: &Json, depth: usize, budget: &mut usize) -> Result<Node, QueryError> {
    let Some(branches) = list_items(value) else {
        return Err(QueryError::new(format!("Invalid value for {key}: expected a list, as in {key}[0][field]=value")));
    };
    if depth > MAX_DEPTH {
        return Err(QueryError::new(format!("The query nests {key} too deeply (at most {MAX_DEPTH} levels)")));
    }
    let mut nodes = Vec::with_capacity(branches.len());
    for branch in branches {
        spend(budget)?;
        let Json::Object(entries) = branch else {
            return Err(QueryError::new(format!(
                "Invalid value for {key}: each entry must be a query, as in {key}[0][field]=value"
            )));
        };
        nodes.push(Node::And(query_nodes(resource, entries, depth, budget)?));
    }
    Ok(if key == "$or" { Node::Or(nodes) } else { Node::And(nodes) })
}

/// `field=value`, `field=a&field=b`, or `field[$op]=...`.
fn condition(resource: &'static Resource, name: &str, value: &Json, budget: &mut usize) -> Result<Node, QueryError> {
    let field = field(resource, name)?;
    match value {
        Json::String(_) => {
            spend(budget)?;
            Ok(Node::Compare { field, op: Compare::Eq, value: coerce(field, Compare::Eq, value)? })
        }
        Json::Array(items) => {
            spend(budget)?;
            Ok(Node::In { field, values: list(field, &items.iter().collect::<Vec<_>>())?, negated: false })
        }
        Json::Object(ops) => {
            let mut all = Vec::with_capacity(ops.len());
            for (op, operand) in ops {
                spend(budget)?;
                all.push(operator(field, op, operand)?);
            }
            Ok(if all.len() == 1 { all.remove(0) } else { Node::And(all) })
        }
        _ => Err(QueryError::new(format!("Invalid value for {name}"))),
    }
}

/// `field[op]=operand`, `op` being an operator (`clean` has rejected other `$` keys).
fn operator(field: &'static Field, op: &str, operand: &Json) -> Result<Node, QueryError> {
    let name = field.name;
    let cmp = match op {
        "$in" | "$nin" => {
            let values = match (operand, list_items(operand)) {
                (_, Some(items)) => list(field, &items)?,
                (Json::String(_), None) => vec![coerce(field, Compare::Eq, operand)?],
                _ => return Err(QueryError::new(format!("Invalid value for {name}[{op}]: expected a list of values"))),
            };
            return Ok(Node::In { field, values, negated: op == "$nin" });
        }
        "$ne" => Compare::Ne,
        "$lt" => Compare::Lt,
        "$lte" => Compare::Lte,
        "$gt" => Compare::Gt,
        "$gte" => Compare::Gte,
        "$or" | "$and" => {
            return Err(QueryError::new(format!(
                "Invalid query parameter {name}[{op}]: {op} takes a list of queries, as in {op}[0][{name}]=value"
            )));
        }
        other => {
            let other: String = other.chars().take(100).collect();
            return Err(QueryError::new(format!("Invalid query parameter {name}[{other}]: expected an operator such as $in")));
        }
    };
    if !operand.is_string() {
        return Err(QueryError::new(format!("Invalid value for {name}[{op}]: expected one value")));
    }
    Ok(Node::Compare { field, op: cmp, value: coerce(field, cmp, operand)? })
}

fn list(field: &'static Field, items: &[&Json]) -> Result<Vec<rusqlite::types::Value>, QueryError> {
    if items.len() > MAX_IN_VALUES {
        return Err(QueryError::new(format!("Too many values for {} (at most {MAX_IN_VALUES})", field.name)));
    }
    items.iter().map(|item| coerce(field, Compare::Eq, item)).collect()
}

//! The validated query: nothing can fail after parsing.

use rusqlite::types::Value;
use serde_json::{Map, Value as Json};

use crate::core::sql::{Compare, SortDir};

use super::fields::Field;

/// A condition tree.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Compare {
        field: &'static Field,
        op: Compare,
        value: Value,
    },
    /// `$in` (or repeated equality), or `$nin` when `negated`.
    In {
        field: &'static Field,
        values: Vec<Value>,
        negated: bool,
    },
    And(Vec<Node>),
    Or(Vec<Node>),
}

/// A whole find query.
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    /// Top-level conditions, all of which must hold.
    pub filter: Vec<Node>,
    pub sort: Vec<(&'static Field, SortDir)>,
    /// `$select`: the fields to answer (the id is always kept).
    pub select: Option<Vec<&'static str>>,
    pub limit: i64,
    pub skip: i64,
}

impl Query {
    /// `record` with only the `$select`ed keys (and the id, which Feathers always keeps).
    pub fn selected(&self, record: Map<String, Json>) -> Json {
        match &self.select {
            None => Json::Object(record),
            Some(names) => Json::Object(record.into_iter().filter(|(k, _)| k == "id" || names.contains(&k.as_str())).collect()),
        }
    }
}

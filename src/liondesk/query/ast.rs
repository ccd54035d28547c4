//! The validated query: nothing can fail after parsing.

use rusqlite::types::Value;

use crate::core::sql::SortDir;

use super::fields::Field;

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    Eq,
    Ne,
    Lt,
    Lte,
    Gt,
    Gte,
}

impl CmpOp {
    pub fn sql(self) -> &'static str {
        match self {
            CmpOp::Eq => "=",
            CmpOp::Ne => "<>",
            CmpOp::Lt => "<",
            CmpOp::Lte => "<=",
            CmpOp::Gt => ">",
            CmpOp::Gte => ">=",
        }
    }
}

/// A condition tree.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Compare {
        field: &'static Field,
        op: CmpOp,
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

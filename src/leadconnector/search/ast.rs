//! A validated search: a tree of conditions, a free-text query, an order and a page.

use crate::core::sql::{Field, SortDir};

/// One condition on a field.
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    /// Text (any case), a boolean or an instant (epoch ms).
    Eq(Operand),
    NotEq(Operand),
    Contains(String),
    NotContains(String),
    Exists,
    NotExists,
    /// Bounds on an instant (epoch ms): `gt`, `gte`, `lt`, `lte`.
    Range {
        gt: Option<i64>,
        gte: Option<i64>,
        lt: Option<i64>,
        lte: Option<i64>,
    },
}

/// The value of `eq` and `not_eq`, as the field's kind reads it.
#[derive(Debug, Clone, PartialEq)]
pub enum Operand {
    Text(String),
    Bool(bool),
    Instant(i64),
}

/// A node of the filter tree.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// Children joined by AND (`and`) or OR; an empty group holds.
    Group {
        and: bool,
        children: Vec<Node>,
    },
    Filter {
        field: &'static Field,
        op: Op,
    },
}

/// Which page: by number (from 1) or after a contact (`[dateAdded ms, id]`).
#[derive(Debug, Clone, PartialEq)]
pub enum Page {
    Number(i64),
    After { date_added: i64, id: String },
}

/// A validated search.
#[derive(Debug, Clone, PartialEq)]
pub struct Search {
    pub location_id: String,
    pub root: Node,
    pub query: Option<String>,
    /// Sort keys; empty: the default order (newest first).
    pub sort: Vec<(&'static Field, SortDir)>,
    pub page: Page,
    pub limit: i64,
}

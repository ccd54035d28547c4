//! The validated search: nothing can fail after parsing.

use crate::core::sql::SortDir;

use super::fields::{SearchField, SortField};

/// How a rule joins its sides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    And,
    Or,
}

impl Rule {
    /// The other one: a negated rule swaps AND and OR (De Morgan).
    pub fn swapped(self) -> Rule {
        match self {
            Rule::And => Rule::Or,
            Rule::Or => Rule::And,
        }
    }
}

/// How a condition applies its criteria to its field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Condition {
    StartsWith,
    EndsWith,
    Equals,
    Less,
    Greater,
    GreaterEqual,
    Contains,
}

impl Condition {
    /// The document's spellings, in its order.
    pub const ALL: [(&'static str, Condition); 7] = [
        ("STARTS_WITH", Condition::StartsWith),
        ("ENDS_WITH", Condition::EndsWith),
        ("EQUALS", Condition::Equals),
        ("LESS", Condition::Less),
        ("GREATER", Condition::Greater),
        ("GREATER_EQUAL", Condition::GreaterEqual),
        ("CONTAINS", Condition::Contains),
    ];

    /// The document's spelling.
    pub fn name(self) -> &'static str {
        Condition::ALL.iter().find(|(_, c)| *c == self).map(|(n, _)| *n).unwrap_or_default()
    }

    /// Whether the condition matches a pattern of the text (rather than comparing values).
    pub fn is_pattern(self) -> bool {
        matches!(self, Condition::StartsWith | Condition::EndsWith | Condition::Contains)
    }
}

/// A criteria as its field's kind reads it.
#[derive(Debug, Clone, PartialEq)]
pub enum Criteria {
    /// Text fields, and any field under STARTS_WITH, ENDS_WITH or CONTAINS.
    Text(String),
    /// Integers, instants (epoch ms), flags (0 or 1) and day offsets.
    Int(i64),
    Decimal(f64),
}

/// One branch of the search tree.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// `rule` joining `left` and `right` (a side may be absent; at least one is there).
    Rule {
        rule: Rule,
        left: Option<Box<Node>>,
        right: Option<Box<Node>>,
        negated: bool,
    },
    Condition {
        field: &'static SearchField,
        condition: Condition,
        criteria: Criteria,
        negated: bool,
    },
}

/// A whole search: the tree and the sort keys.
#[derive(Debug, Clone, PartialEq)]
pub struct Search {
    pub root: Node,
    pub sort: Vec<(&'static SortField, SortDir)>,
}

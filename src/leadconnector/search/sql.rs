//! `Search` → SQL over `lc_contacts c`: a total function emitting only the field table's
//! expressions, keywords and `?` placeholders; every value is bound. A negated condition is
//! `(...) IS NOT TRUE`, so a contact without the value passes it.

use rusqlite::types::Value;

use super::ast::{Node, Op, Operand, Search};
use super::fields::{FIELDS, TAGS};
use crate::core::sql::{Field, Fragment, Kind, Order, like_contains};

/// A compiled search: the `WHERE` condition (the filters and the query; the page's cursor is
/// the store's) and the `ORDER BY` (empty: the table's own, newest first).
#[derive(Debug, Clone, PartialEq)]
pub struct Compiled {
    pub condition: Fragment,
    pub order: Order,
}

/// Compiles `search`.
pub fn compile(search: &Search) -> Compiled {
    let mut w = Writer { sql: String::new(), params: Vec::new() };
    w.node(&search.root);
    if let Some(query) = &search.query {
        w.sql.push_str(" AND c.search_text LIKE ? ESCAPE '\\'");
        w.params.push(Value::Text(like_contains(&query.to_lowercase())));
    }
    let mut order = Order::default();
    for (field, dir) in &search.sort {
        order.push(field.column, *dir);
    }
    if let Some((_, last)) = search.sort.last() {
        order.push(FIELDS.first().column, *last);
    }
    Compiled { condition: Fragment::new(w.sql, w.params), order }
}

struct Writer {
    sql: String,
    params: Vec<Value>,
}

impl Writer {
    fn node(&mut self, node: &Node) {
        match node {
            Node::Group { children, .. } if children.is_empty() => self.sql.push('1'),
            Node::Group { and, children } => {
                self.sql.push('(');
                for (i, child) in children.iter().enumerate() {
                    if i > 0 {
                        self.sql.push_str(if *and { " AND " } else { " OR " });
                    }
                    self.node(child);
                }
                self.sql.push(')');
            }
            Node::Filter { field, op } if field.name == TAGS => self.tags(op),
            Node::Filter { field, op } => self.filter(field, op),
        }
    }

    fn push(&mut self, sql: &str, value: Option<Value>) {
        self.sql.push_str(sql);
        self.params.extend(value);
    }

    /// `lower(col)`, `col` as written in the field table.
    fn column(&mut self, field: &Field, lower: bool) {
        if lower {
            self.sql.push_str("lower(");
        }
        self.sql.push_str(field.column.as_str());
        if lower {
            self.sql.push(')');
        }
    }

    fn filter(&mut self, field: &Field, op: &Op) {
        let text = field.kind == Kind::Text;
        let (negated, positive) = match op {
            Op::NotEq(v) => (true, Op::Eq(v.clone())),
            Op::NotContains(t) => (true, Op::Contains(t.clone())),
            other => (false, other.clone()),
        };
        self.sql.push('(');
        match positive {
            Op::Eq(operand) => {
                self.column(field, text);
                let value = match operand {
                    Operand::Text(t) => Value::Text(t.to_lowercase()),
                    Operand::Bool(b) => Value::Integer(b.into()),
                    Operand::Instant(ms) => Value::Integer(ms),
                };
                self.push(" = ?", Some(value));
            }
            Op::Contains(term) => {
                self.column(field, true);
                self.push(" LIKE ? ESCAPE '\\'", Some(Value::Text(like_contains(&term.to_lowercase()))));
            }
            Op::Exists | Op::NotExists => {
                self.column(field, false);
                self.sql.push_str(" IS NOT NULL AND ");
                self.column(field, false);
                self.sql.push_str(" <> ''");
            }
            Op::Range { gt, gte, lt, lte } => {
                let mut first = true;
                for (symbol, bound) in [(" > ?", gt), (" >= ?", gte), (" < ?", lt), (" <= ?", lte)] {
                    let Some(ms) = bound else { continue };
                    if !first {
                        self.sql.push_str(" AND ");
                    }
                    first = false;
                    self.column(field, false);
                    self.push(symbol, Some(Value::Integer(ms)));
                }
            }
            Op::NotEq(_) | Op::NotContains(_) => {}
        }
        self.sql.push(')');
        if negated || matches!(op, Op::NotExists) {
            self.sql.push_str(" IS NOT TRUE");
        }
    }

    /// A condition on the contact's tags: one tag matches (any case), or none does.
    fn tags(&mut self, op: &Op) {
        const ANY: &str = "EXISTS (SELECT 1 FROM json_each(c.data, '$.tags') t WHERE lower(t.value)";
        match op {
            Op::Eq(Operand::Text(t)) | Op::NotEq(Operand::Text(t)) => {
                if matches!(op, Op::NotEq(_)) {
                    self.sql.push_str("NOT ");
                }
                self.push(ANY, None);
                self.push(" = ?)", Some(Value::Text(t.to_lowercase())));
            }
            Op::Contains(t) | Op::NotContains(t) => {
                if matches!(op, Op::NotContains(_)) {
                    self.sql.push_str("NOT ");
                }
                self.push(ANY, None);
                self.push(" LIKE ? ESCAPE '\\')", Some(Value::Text(like_contains(&t.to_lowercase()))));
            }
            Op::Exists => self.sql.push_str("coalesce(json_array_length(c.data, '$.tags'), 0) > 0"),
            Op::NotExists => self.sql.push_str("coalesce(json_array_length(c.data, '$.tags'), 0) = 0"),
            // The parser gives tags text operands and no range.
            Op::Eq(_) | Op::NotEq(_) | Op::Range { .. } => self.sql.push('0'),
        }
    }
}

//! AST → SQL: a total function emitting only the field table's columns, operator keywords and
//! `?` placeholders; every value is bound.

use rusqlite::types::Value;

use crate::core::sql::{Column, Fragment, Order, SortDir, placeholders};

use super::ast::{Node, Query};

/// The query's conditions as one SQL condition (`1` when there are none).
pub fn condition(query: &Query) -> Fragment {
    let mut sql = String::new();
    let mut params = Vec::new();
    write_all(&query.filter, " AND ", "1", &mut sql, &mut params);
    Fragment::new(sql, params)
}

/// The `$sort` keys in order, then the id ascending; empty without `$sort` (the table's own
/// order then applies).
pub fn order(query: &Query, id: Column) -> Order {
    let mut order = Order::default();
    for (field, dir) in &query.sort {
        order.push(field.column, *dir);
    }
    if !order.is_empty() && !order.contains(id) {
        order.push(id, SortDir::Asc);
    }
    order
}

fn write_all(nodes: &[Node], joiner: &str, empty: &str, sql: &mut String, params: &mut Vec<Value>) {
    if nodes.is_empty() {
        sql.push_str(empty);
        return;
    }
    for (i, node) in nodes.iter().enumerate() {
        if i > 0 {
            sql.push_str(joiner);
        }
        write(node, sql, params);
    }
}

fn write(node: &Node, sql: &mut String, params: &mut Vec<Value>) {
    match node {
        Node::Compare { field, op, value } => {
            sql.push_str(field.column.as_str());
            sql.push(' ');
            sql.push_str(op.sql());
            sql.push_str(" ?");
            params.push(value.clone());
        }
        Node::In { field, values, negated } => {
            if values.is_empty() {
                // Not in an empty list: every row with a value (NULL is never "not in" a list).
                if *negated {
                    sql.push_str(field.column.as_str());
                    sql.push_str(" IS NOT NULL");
                } else {
                    sql.push('0');
                }
                return;
            }
            sql.push_str(field.column.as_str());
            sql.push_str(if *negated { " NOT IN (" } else { " IN (" });
            sql.push_str(&placeholders(values.len()));
            sql.push(')');
            params.extend(values.iter().cloned());
        }
        Node::And(nodes) => {
            sql.push('(');
            write_all(nodes, " AND ", "1", sql, params);
            sql.push(')');
        }
        Node::Or(nodes) => {
            sql.push('(');
            write_all(nodes, " OR ", "0", sql, params);
            sql.push(')');
        }
    }
}

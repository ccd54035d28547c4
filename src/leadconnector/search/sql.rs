//! `Search` → SQL over `lc_contacts c`: a total function emitting only the field table's
//! expressions, keywords and `?` placeholders; every value is bound. A negated condition is
//! `(...) IS NOT TRUE`, so a contact without the value passes it.
//!
//! Conditions are written so an index can answer them (the store's plan tests hold each query
//! shape to it): `eq` on the email and phone compares the stored column itself (it is lowercase,
//! and E.164, already), on an id or business id exactly, `eq` on a name the lowercase expression its index holds, `eq` on a tag
//! the tag table, and `query` the trigram index of `search_text` (see [`Text`]).

use rusqlite::types::Value;

use super::ast::{Node, Op, Operand, Search};
use super::fields::{FIELDS, TAGS};
use crate::core::TenantId;
use crate::core::sql::{Field, Fragment, Kind, Order, like_contains};

/// A compiled search: the `WHERE` condition (the filters and the query; the page's cursor is
/// the store's) and the `ORDER BY` (empty: the table's own, newest first).
#[derive(Debug, Clone, PartialEq)]
pub struct Compiled {
    pub condition: Fragment,
    pub order: Order,
    /// Whether the condition reads the trigram index (`f`), which the store joins first.
    pub indexed_text: bool,
    /// The phrase of an indexed `query` that is the whole search (no filter, the default
    /// order): the trigram index alone counts it and pages it.
    pub only_text: Option<String>,
    /// Whether the search admits every contact (no filter, no query).
    pub everything: bool,
    /// Whether a top-level `eq` names contacts by an indexed field (an id, email, phone, name,
    /// business or tag): few match, and they are found by that index and sorted, rather than
    /// looked for along the date index.
    pub selective: bool,
}

/// The fields whose `eq` an index answers.
const INDEXED_EQ: [&str; 7] = ["id", "email", "phone", "firstName", "lastName", "businessId", "tags"];

/// Whether a top-level condition of `root` is an indexed `eq`.
fn selective(root: &Node) -> bool {
    let Node::Group { and: true, children } = root else { return false };
    children.iter().any(|child| match child {
        Node::Filter { field, op: Op::Eq(_) } => INDEXED_EQ.contains(&field.name),
        _ => false,
    })
}

/// An indexed term over the trigram index `f`: the tenant's keys, then the phrase.
const INDEXED: &str = "f.rowid BETWEEN (SELECT n << 48 FROM core_search_tenants WHERE tenant = ? AND kind = 'lc_contacts_text') \
    AND (SELECT (n << 48) | 281474976710655 FROM core_search_tenants WHERE tenant = ? AND kind = 'lc_contacts_text') AND f.lc_contacts_text MATCH ?";

/// How `query` (a substring of `search_text`, any case) is matched.
#[derive(Debug, Clone, PartialEq)]
pub enum Text {
    /// From the trigram index `lc_contacts_text f`: a term of 3 or more characters.
    Indexed(String),
    /// By reading the tenant's contacts: a shorter term (a trigram index holds nothing
    /// shorter than 3 characters).
    Scanned(String),
}

impl Text {
    /// The match for `term` (already trimmed).
    pub fn of(term: &str) -> Text {
        let lower = term.to_lowercase();
        if lower.chars().count() >= 3 { Text::Indexed(lower) } else { Text::Scanned(lower) }
    }

    /// The condition over `tenant`'s contacts and its values: for an indexed term, the
    /// tenant's range of the index's keys (see the schema) holding the term's phrase.
    pub fn condition(&self, tenant: &str) -> (&'static str, Vec<Value>) {
        match self {
            Text::Indexed(_) => {
                let tenant = Value::Text(tenant.to_owned());
                (INDEXED, vec![tenant.clone(), tenant, Value::Text(self.phrase().unwrap_or_default())])
            }
            Text::Scanned(t) => ("c.search_text LIKE ? ESCAPE '\\'", vec![Value::Text(like_contains(t))]),
        }
    }

    /// The FTS5 query of an indexed term: the quoted phrase of its trigrams, which over
    /// case-sensitive trigrams of the lower-cased text matches exactly the text holding it.
    pub fn phrase(&self) -> Option<String> {
        match self {
            Text::Indexed(t) => Some(format!("\"{}\"", t.replace('"', "\"\""))),
            Text::Scanned(_) => None,
        }
    }

    pub fn indexed(&self) -> bool {
        matches!(self, Text::Indexed(_))
    }
}

/// The fields whose stored column needs no `lower()`: the email is stored lowercase, the
/// phone in E.164 (digits and `+`).
const CASELESS: [&str; 2] = ["email", "phone"];

/// The identifiers, matched exactly (as the service's keyword fields are).
const KEYWORDS: [&str; 2] = ["id", "businessId"];

/// Compiles `search` for `tenant`'s contacts.
pub fn compile(search: &Search, tenant: &TenantId) -> Compiled {
    let mut w = Writer { sql: String::new(), params: Vec::new(), tenant: tenant.as_str().to_owned() };
    w.node(&search.root);
    let text = search.query.as_deref().map(Text::of);
    if let Some(text) = &text {
        let (sql, values) = text.condition(tenant.as_str());
        w.sql.push_str(" AND ");
        w.sql.push_str(sql);
        w.params.extend(values);
    }
    let root_empty = matches!(&search.root, Node::Group { children, .. } if children.is_empty());
    let everything = root_empty && text.is_none();
    let mut order = Order::default();
    for (field, dir) in &search.sort {
        order.push(field.column, *dir);
    }
    if let Some((_, last)) = search.sort.last() {
        order.push(FIELDS.first().column, *last);
    }
    Compiled {
        condition: Fragment::new(w.sql, w.params),
        order,
        indexed_text: text.as_ref().is_some_and(Text::indexed),
        only_text: text.as_ref().and_then(Text::phrase).filter(|_| root_empty && search.sort.is_empty()),
        everything,
        selective: selective(&search.root),
    }
}

struct Writer {
    sql: String,
    params: Vec<Value>,
    tenant: String,
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
                let keyword = KEYWORDS.contains(&field.name);
                self.column(field, text && !keyword && !CASELESS.contains(&field.name));
                let value = match operand {
                    Operand::Text(t) if keyword => Value::Text(t),
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

    /// A condition on the contact's tags: one tag matches (any case), or none does. `eq` reads
    /// the tag table (the tenant's contacts with that tag).
    fn tags(&mut self, op: &Op) {
        const ANY: &str = "EXISTS (SELECT 1 FROM json_each(c.data, '$.tags') t WHERE lower(t.value)";
        const TAGGED: &str = "c.id IN (SELECT g.contact_id FROM lc_contact_tags g WHERE g.tenant = ? AND g.tag = ?)";
        match op {
            Op::Eq(Operand::Text(t)) | Op::NotEq(Operand::Text(t)) => {
                if matches!(op, Op::NotEq(_)) {
                    self.sql.push_str("NOT ");
                }
                self.push(TAGGED, Some(Value::Text(self.tenant.clone())));
                self.params.push(Value::Text(t.to_lowercase()));
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

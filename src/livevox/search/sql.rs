//! `Search` → SQL over `lv_contacts c`: a total function emitting only the field tables'
//! expressions, keywords and `?` placeholders; every value is bound.
//!
//! Negation is pushed down to the conditions (De Morgan, as the document explains): a negated
//! rule swaps AND and OR and negates every condition under it; two negations cancel. A negated
//! condition is `(...) IS NOT TRUE`, so a contact without a value (NULL) fails a condition and
//! passes its negation: negation stays two-valued.
//!
//! Conditions are written so an index can answer them (the store's plan tests hold each query
//! shape to it): `phone` reads the phone table (`lv_contact_phones`, one row per phone of a
//! contact) instead of ten columns, and a search that names contacts by an indexed field (see
//! [`Compiled::selective`]) sorts its few matches instead of walking the contacts by id.

use chrono::{DateTime, Utc};
use rusqlite::types::Value;

use crate::core::TenantId;
use crate::core::clock::to_rfc3339_millis;
use crate::core::sql::{Column, Fragment, SortDir, like_contains};

use super::ast::{Condition, Criteria, Node, Rule, Search};
use super::fields::{ID, Kind, PHONES, SearchField};

/// What a search is compiled against: the tenant, the request's instant (read once from the
/// emulator's clock) and the start of the tenant's day it falls in.
#[derive(Debug, Clone)]
pub struct Context {
    pub tenant: TenantId,
    pub now: DateTime<Utc>,
    pub today: DateTime<Utc>,
}

/// A compiled search: the `WHERE` condition and the `ORDER BY` list, each with its values.
#[derive(Debug, Clone, PartialEq)]
pub struct Compiled {
    pub condition: Fragment,
    pub order: Fragment,
    /// Whether the search holds, under AND only, an EQUALS on an indexed field (account, phone,
    /// name, e-mail address) or a STARTS_WITH of an account or phone: few contacts match, so they are read from that index and
    /// sorted. The order's fields are then written `+expr`, which no index serves (so the planner
    /// never walks every contact in their order to fill a page instead); the final id is not.
    pub selective: bool,
    /// A search of one name EQUALS in id order gathers only the ids its page needs: the three
    /// name indexes are merged in id order and stop at the page's end (`LIMIT ?`), instead of
    /// gathering every match (a common last name has thousands in a large tenant). This is the
    /// position of that limit among the condition's values, which [`crate::livevox::store::search`]
    /// sets to the page's end; as compiled it is unbounded.
    pub gathered: Option<usize>,
}

/// The fields whose EQUALS an index answers.
const INDEXED: [&str; 4] = ["account", "phone", "name", "email_address"];

/// The fields whose STARTS_WITH an index answers (a range of an exact, BINARY, text).
const PREFIXED: [&str; 2] = ["account", "phone"];

/// Whether `node` (negated when `negate`) requires an EQUALS on an indexed field.
fn selective(node: &Node, negate: bool) -> bool {
    match node {
        Node::Rule { rule, left, right, negated } => {
            let negate = negate != *negated;
            let and = (if negate { rule.swapped() } else { *rule }) == Rule::And;
            match (left, right) {
                (Some(left), Some(right)) => and && (selective(left, negate) || selective(right, negate)),
                (Some(side), None) | (None, Some(side)) => selective(side, negate),
                (None, None) => false,
            }
        }
        Node::Condition { field, condition, negated, .. } => {
            negate == *negated
                && match condition {
                    Condition::Equals => INDEXED.contains(&field.name),
                    // A prefix of an exact text is a range of its index.
                    Condition::StartsWith => PREFIXED.contains(&field.name),
                    _ => false,
                }
        }
    }
}

const DAY_MS: i64 = 86_400_000;

/// Compiles `search` for the request described by `cx`.
pub fn compile(search: &Search, cx: &Context) -> Compiled {
    let mut w = Writer {
        sql: String::new(),
        params: Vec::new(),
        tenant: cx.tenant.as_str().to_owned(),
        now: to_rfc3339_millis(cx.now),
        today: cx.today.timestamp_millis(),
    };
    let gathered = match &search.root {
        Node::Condition { field, condition: Condition::Equals, criteria, negated: false }
            if field.name == "name" && search.sort.is_empty() =>
        {
            w.any_name(field, criteria, true)
        }
        root => {
            w.node(root, false);
            None
        }
    };
    let condition = Fragment::new(std::mem::take(&mut w.sql), std::mem::take(&mut w.params));
    let selective = selective(&search.root, false);
    let unindexed = if selective { "+" } else { "" };
    for (field, dir) in &search.sort {
        w.sql.push_str(unindexed);
        w.column(field.column.column);
        w.sql.push(' ');
        w.sql.push_str(dir.keyword());
        w.sql.push_str(", ");
    }
    // The id itself stays indexable: the ids a selective search gathers (`c.id IN (...)`) are
    // then read in their order, so a page in id order stops after its last row.
    w.sql.push_str(ID.column.as_str());
    w.sql.push(' ');
    w.sql.push_str(SortDir::Asc.keyword());
    Compiled { condition, order: Fragment::new(w.sql, w.params), selective, gathered }
}

/// A condition on any phone of the contact, over the phone table; `{op}` and `?` follow.
/// One branch of a name EQUALS: the column and `= ?` follow.
pub(super) const NAMED: &str = "SELECT c.id FROM lv_contacts c WHERE c.tenant_id = ? AND ";

/// The phone table's phone, which a STARTS_WITH reads as a range.
pub(super) const PHONE: &str = "p.phone";

pub(super) const ANY_PHONE: &str = "c.id IN (SELECT p.contact_id FROM lv_contact_phones p WHERE p.tenant = ? AND p.phone";

struct Writer {
    sql: String,
    params: Vec<Value>,
    tenant: String,
    /// The request's instant as stored instants are written.
    now: String,
    /// The start of the tenant's day, epoch ms.
    today: i64,
}

impl Writer {
    /// `node`, negated when `negate`.
    fn node(&mut self, node: &Node, negate: bool) {
        match node {
            Node::Rule { rule, left, right, negated } => {
                let negate = negate != *negated;
                let rule = if negate { rule.swapped() } else { *rule };
                match (left, right) {
                    (Some(left), Some(right)) => {
                        self.sql.push('(');
                        self.node(left, negate);
                        self.sql.push_str(if rule == Rule::And { " AND " } else { " OR " });
                        self.node(right, negate);
                        self.sql.push(')');
                    }
                    (Some(side), None) | (None, Some(side)) => self.node(side, negate),
                    // The parser refuses a rule without sides; as an empty AND it holds.
                    (None, None) => self.sql.push_str(if negate { "0" } else { "1" }),
                }
            }
            Node::Condition { field, condition, criteria, negated } => {
                if negate != *negated {
                    self.sql.push('(');
                    self.condition(field, *condition, criteria);
                    self.sql.push_str(") IS NOT TRUE");
                } else {
                    self.condition(field, *condition, criteria);
                }
            }
        }
    }

    /// A field expression, binding the request's instant for each of its placeholders.
    fn column(&mut self, column: Column) {
        self.sql.push_str(column.as_str());
        for _ in column.as_str().matches('?') {
            self.params.push(Value::Text(self.now.clone()));
        }
    }

    fn condition(&mut self, field: &SearchField, condition: Condition, criteria: &Criteria) {
        if std::ptr::eq(field.columns, PHONES.as_slice()) {
            return self.phone(condition, criteria);
        }
        if field.name == "name" && condition == Condition::Equals {
            self.any_name(field, criteria, false);
            return;
        }
        if condition == Condition::StartsWith
            && PREFIXED.contains(&field.name)
            && field.columns.len() == 1
            && let Some(column) = field.columns().next()
        {
            self.prefix_range(column.as_str(), criteria);
        }
        let several = field.columns.len() > 1;
        if several {
            self.sql.push('(');
        }
        for (i, column) in field.columns().enumerate() {
            if i > 0 {
                self.sql.push_str(" OR ");
            }
            if field.kind == Kind::Days {
                self.days(column, condition, criteria);
            } else if condition.is_pattern() {
                self.pattern(column, field.kind, condition, criteria);
            } else {
                self.compare(column, condition, criteria);
            }
        }
        if several {
            self.sql.push(')');
        }
    }

    /// Any phone `condition` the criteria, read from the phone table (phones compare exactly,
    /// as their columns do).
    fn phone(&mut self, condition: Condition, criteria: &Criteria) {
        self.sql.push_str(ANY_PHONE);
        self.params.push(Value::Text(self.tenant.clone()));
        if condition == Condition::StartsWith {
            // `p.phone >= ? AND p.phone < ? AND p.phone GLOB ?`, the first already written.
            self.sql.push_str(" IS NOT NULL AND ");
            self.prefix_range(PHONE, criteria);
            self.sql.push_str(PHONE);
        }
        if condition.is_pattern() {
            self.pattern_of(Kind::Text, condition, criteria);
        } else {
            self.compare_of(condition, criteria);
        }
        self.sql.push(')');
    }

    /// A name EQUALS: the contacts whose first name, last name or full name is the criteria,
    /// each found from its own index (a union of three seeks, which the planner cannot mistake
    /// for a walk of every contact). With `gather`, the first ids of the union in id order (each
    /// index holds a name's contacts in id order, so SQLite merges the three and stops), up to a
    /// limit bound last, whose position among the values is answered (see `Compiled::gathered`).
    fn any_name(&mut self, field: &SearchField, criteria: &Criteria, gather: bool) -> Option<usize> {
        self.sql.push_str("c.id IN (");
        for (i, column) in field.columns().enumerate() {
            if i > 0 {
                // A contact found twice counts once towards the limit.
                self.sql.push_str(if gather { " UNION " } else { " UNION ALL " });
            }
            // The subquery's `c` is its own lv_contacts, which the field's expressions name.
            self.sql.push_str(NAMED);
            self.params.push(Value::Text(self.tenant.clone()));
            self.compare(column, Condition::Equals, criteria);
        }
        if !gather {
            self.sql.push(')');
            return None;
        }
        self.sql.push_str(" ORDER BY 1 LIMIT ?)");
        self.params.push(Value::Integer(i64::MAX));
        Some(self.params.len() - 1)
    }

    /// `expr >= ? AND expr < ? AND `: the range of an exact (BINARY) text's index that holds
    /// every text starting with the criteria, for a STARTS_WITH whose pattern follows (and keeps
    /// the match exact). SQLite derives this range itself from a literal pattern, but not from
    /// a bound one under the planner's stability guarantee (`core::db::configure`).
    fn prefix_range(&mut self, expr: &'static str, criteria: &Criteria) {
        let Criteria::Text(text) = criteria else { return };
        let Some(end) = successor(text) else { return };
        self.sql.push_str(expr);
        self.sql.push_str(" >= ? AND ");
        self.sql.push_str(expr);
        self.sql.push_str(" < ? AND ");
        self.params.extend([Value::Text(text.clone()), Value::Text(end)]);
    }

    fn compare(&mut self, column: Column, condition: Condition, criteria: &Criteria) {
        self.column(column);
        self.compare_of(condition, criteria);
    }

    /// The operator and value of a comparison with the expression just written.
    fn compare_of(&mut self, condition: Condition, criteria: &Criteria) {
        self.sql.push_str(match condition {
            Condition::Less => " < ?",
            Condition::Greater => " > ?",
            Condition::GreaterEqual => " >= ?",
            _ => " = ?",
        });
        self.params.push(match criteria {
            Criteria::Text(s) => Value::Text(s.clone()),
            Criteria::Int(n) => Value::Integer(*n),
            Criteria::Decimal(x) => Value::Real(*x),
        });
    }

    /// STARTS_WITH, ENDS_WITH, CONTAINS: LIKE where the column ignores case, GLOB (which
    /// respects it) elsewhere; numbers and dates match by their decimal text.
    fn pattern(&mut self, column: Column, kind: Kind, condition: Condition, criteria: &Criteria) {
        match kind {
            Kind::TextNoCase | Kind::Text => self.column(column),
            _ => {
                self.sql.push_str("CAST(");
                self.column(column);
                self.sql.push_str(" AS TEXT)");
            }
        }
        self.pattern_of(kind, condition, criteria);
    }

    /// The operator and pattern of a match of the expression just written.
    fn pattern_of(&mut self, kind: Kind, condition: Condition, criteria: &Criteria) {
        let text = match criteria {
            Criteria::Text(s) => s.clone(),
            Criteria::Int(n) => n.to_string(),
            Criteria::Decimal(x) => x.to_string(),
        };
        if kind == Kind::TextNoCase {
            self.sql.push_str(" LIKE ? ESCAPE '\\'");
            self.params.push(Value::Text(like(&text, condition)));
        } else {
            self.sql.push_str(" GLOB ?");
            self.params.push(Value::Text(glob(&text, condition)));
        }
    }

    /// A `*_basedon_option` condition: the date against the start of the day `n` days from
    /// the tenant's today.
    fn days(&mut self, column: Column, condition: Condition, criteria: &Criteria) {
        let n = match criteria {
            Criteria::Int(n) => *n,
            _ => 0,
        };
        let start = |k: i64| Value::Integer(self.today.saturating_add(k.saturating_mul(DAY_MS)));
        let (sql, values) = match condition {
            Condition::Less => (" < ?", vec![start(n)]),
            Condition::Greater => (" >= ?", vec![start(n + 1)]),
            Condition::GreaterEqual => (" >= ?", vec![start(n)]),
            _ => ("", vec![start(n), start(n + 1)]),
        };
        if values.len() == 2 {
            self.sql.push('(');
            self.column(column);
            self.sql.push_str(" >= ? AND ");
            self.column(column);
            self.sql.push_str(" < ?)");
        } else {
            self.column(column);
            self.sql.push_str(sql);
        }
        self.params.extend(values);
    }
}

/// The least text greater than every text that starts with `text` (its last character
/// incremented; byte order is code point order in UTF-8), if there is one.
fn successor(text: &str) -> Option<String> {
    let mut chars: Vec<char> = text.chars().collect();
    while let Some(last) = chars.pop() {
        let next = (u32::from(last) + 1..=u32::from(char::MAX)).find_map(char::from_u32);
        if let Some(next) = next {
            chars.push(next);
            return Some(chars.into_iter().collect());
        }
    }
    None
}

/// A LIKE pattern (for `ESCAPE '\'`) of `text` under `condition`.
fn like(text: &str, condition: Condition) -> String {
    let anywhere = like_contains(text);
    let inner = &anywhere[1..anywhere.len() - 1];
    match condition {
        Condition::StartsWith => format!("{inner}%"),
        Condition::EndsWith => format!("%{inner}"),
        _ => anywhere,
    }
}

/// A GLOB pattern of `text` under `condition`: `*`, `?` and `[` stand for themselves.
fn glob(text: &str, condition: Condition) -> String {
    let mut inner = String::with_capacity(text.len() + 2);
    for ch in text.chars() {
        match ch {
            '*' => inner.push_str("[*]"),
            '?' => inner.push_str("[?]"),
            '[' => inner.push_str("[[]"),
            other => inner.push(other),
        }
    }
    match condition {
        Condition::StartsWith => format!("{inner}*"),
        Condition::EndsWith => format!("*{inner}"),
        _ => format!("*{inner}*"),
    }
}

#[cfg(test)]
mod prefix_tests {
    use super::successor;

    #[test]
    fn the_successor_of_a_prefix_bounds_every_text_that_starts_with_it() {
        assert_eq!(successor("MF1").as_deref(), Some("MF2"));
        assert_eq!(successor("a\u{10FFFF}").as_deref(), Some("b"));
        assert_eq!(successor("\u{D7FF}").as_deref(), Some("\u{E000}"));
        assert_eq!(successor(""), None);
        assert_eq!(successor("\u{10FFFF}"), None);
        for text in ["MF1", "MF1\u{10FFFF}", "MF19", "MF1zzz"] {
            assert!(text >= "MF1" && text < successor("MF1").unwrap().as_str(), "{text}");
        }
    }
}

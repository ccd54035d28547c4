//! Typed query → SQL: total functions writing only the field tables' columns and subquery
//! openings, operator keywords and `?` placeholders; every value is bound. A condition is one
//! `Fragment` (`1` when there is none) for the store to add to its tenant-scoped `WHERE`.

use chrono::{DateTime, Duration, Timelike, Utc};
use rusqlite::types::Value;

use crate::core::TenantId;
use crate::core::sql::{Compare, Field, Fragment, Order, like_contains, placeholders};

use super::super::model::timestamp;
use super::ast::*;
use super::fields::{Related, contact, contact_list, history, organization, task};

/// The history type of text messages (`tracked_phone_id`, `tracked_number_id`).
const TEXT_MESSAGE: &str = "TextMessage";
/// History types that are e-mails start with this (`contact_group=emailed`).
const EMAIL_TYPES: &str = "Email%";

/// A condition being written: terms joined by `joiner`, groups in parentheses.
struct Sql {
    sql: String,
    params: Vec<Value>,
    /// The tenant, for a related table's subquery that names it.
    tenant: Option<Value>,
    joiner: &'static str,
    first: bool,
}

impl Sql {
    fn new() -> Sql {
        Sql { sql: String::new(), params: Vec::new(), tenant: None, joiner: " AND ", first: true }
    }

    /// Starts a term.
    fn term(&mut self) -> &mut String {
        if !self.first {
            self.sql.push_str(self.joiner);
        }
        self.first = false;
        &mut self.sql
    }

    /// `column op ?`.
    fn compare(&mut self, field: &Field, op: Compare, value: Value) {
        let sql = self.term();
        sql.push_str(field.column.as_str());
        sql.push(' ');
        sql.push_str(op.sql());
        sql.push_str(" ?");
        self.params.push(value);
    }

    fn eq(&mut self, field: &Field, value: Value) {
        self.compare(field, Compare::Eq, value);
    }

    /// `column IS NOT NULL`.
    fn not_null(&mut self, field: &Field) {
        let sql = self.term();
        sql.push_str(field.column.as_str());
        sql.push_str(" IS NOT NULL");
    }

    /// `column IN (?, ...)`; the parser never lets a list be empty.
    fn in_list(&mut self, field: &Field, values: impl ExactSizeIterator<Item = Value>) {
        let marks = placeholders(values.len());
        let sql = self.term();
        sql.push_str(field.column.as_str());
        sql.push_str(" IN (");
        sql.push_str(&marks);
        sql.push(')');
        self.params.extend(values);
    }

    /// `column LIKE ? ESCAPE '\'`.
    fn like(&mut self, field: &Field, pattern: String) {
        let sql = self.term();
        sql.push_str(field.column.as_str());
        sql.push_str(" LIKE ? ESCAPE '\\'");
        self.params.push(Value::Text(pattern));
    }

    /// `table MATCH ?` of a full-text index.
    fn matches(&mut self, index: &Field, expression: String) {
        let sql = self.term();
        sql.push_str(index.column.as_str());
        sql.push_str(" MATCH ?");
        self.params.push(Value::Text(expression));
    }

    /// Terms written by `write`, joined by `joiner`, after `open` and before `)`.
    fn nested(&mut self, open: &'static str, joiner: &'static str, write: impl FnOnce(&mut Sql)) {
        self.term().push_str(open);
        let outer = std::mem::replace(&mut self.joiner, joiner);
        self.first = true;
        write(self);
        self.sql.push(')');
        self.joiner = outer;
        self.first = false;
    }

    /// `(a OR b ...)`.
    fn any(&mut self, write: impl FnOnce(&mut Sql)) {
        self.nested("(", " OR ", write);
    }

    /// The related rows of `related` for which the terms written by `write` all hold.
    fn related(&mut self, related: &'static Related, write: impl FnOnce(&mut Sql)) {
        for _ in related.open.matches('?') {
            let tenant = self.tenant.clone().expect("a subquery naming the tenant is written with one");
            self.params.push(tenant);
        }
        self.nested(related.open, " AND ", write);
    }

    fn finish(self) -> Fragment {
        if self.sql.is_empty() { Fragment::new("1".to_owned(), Vec::new()) } else { Fragment::new(self.sql, self.params) }
    }
}

fn texts(items: &[String]) -> impl ExactSizeIterator<Item = Value> + '_ {
    items.iter().map(|t| Value::Text(t.clone()))
}

fn ints(items: &[i64]) -> impl ExactSizeIterator<Item = Value> + '_ {
    items.iter().map(|i| Value::Integer(*i))
}

/// A lower bound on stored timestamps, which have whole seconds: at or after `x.5` means at or
/// after `x + 1`.
pub(super) fn at_or_after(at: DateTime<Utc>) -> Value {
    let whole = at.with_nanosecond(0).unwrap_or(at);
    let bound = if whole < at { whole.checked_add_signed(Duration::seconds(1)).unwrap_or(whole) } else { whole };
    Value::Text(timestamp(bound))
}

/// An upper bound on stored timestamps: at or before `x.5` means at or before `x`.
pub(super) fn at_or_before(at: DateTime<Utc>) -> Value {
    Value::Text(timestamp(at.with_nanosecond(0).unwrap_or(at)))
}

/// A `search_term` as `LIKE` patterns over lower-cased text: the term itself, and for
/// phone-like terms its digits (`(0161) 496-0000` finds `01614960000`).
pub(super) fn search_patterns(term: &str) -> (String, String) {
    let lower = term.to_lowercase();
    let phone_like = term.chars().all(|c| c.is_ascii_digit() || " +-().".contains(c));
    let digits: String = term.chars().filter(char::is_ascii_digit).collect();
    let second = if phone_like && digits.len() >= 3 { like_contains(&digits) } else { like_contains(&lower) };
    (like_contains(&lower), second)
}

/// An FTS5 query for the trigram index that finds exactly the contacts `search_patterns`
/// match (a quoted phrase of case-sensitive trigrams over the lower-cased text is a substring
/// match of the lower-cased term), or `None` when the index cannot narrow the search: a term
/// (or its digits) under three characters.
pub fn trigram_match(term: &str) -> Option<String> {
    let lower = term.to_lowercase();
    if lower.chars().count() < 3 {
        return None;
    }
    let phrase = |text: &str| format!("\"{}\"", text.replace('"', "\"\""));
    let phone_like = term.chars().all(|c| c.is_ascii_digit() || " +-().".contains(c));
    let digits: String = term.chars().filter(char::is_ascii_digit).collect();
    if !phone_like || digits.len() < 3 || digits == lower {
        return Some(phrase(&lower));
    }
    Some(format!("{} OR {}", phrase(&lower), phrase(&digits)))
}

/// Whether the trigram index narrows `f`'s contacts (a `search_term` it can serve).
pub fn narrowed(f: &ContactFilter) -> bool {
    f.search_term.as_deref().and_then(trigram_match).is_some()
}

/// Whether `f` names its contacts by id: given ones, or those related rows give (a list's
/// members, tags, histories, CRM links).
pub fn by_ids(f: &ContactFilter) -> bool {
    f.contact_ids.is_some()
        || f.search_list_id.is_some()
        || f.search_tag.is_some()
        || f.history_type.is_some()
        || f.tracked_phone_id.is_some()
        || f.crm.is_some()
}

/// `ORDER BY` of a sorted list.
pub fn order(sort: &Sort) -> Order {
    Order::by(sort.by.column, sort.dir).then(sort.id.column, sort.dir)
}

/// The contacts (`c`) of `tenant` matching `f`.
pub fn contacts(f: &ContactFilter, tenant: &TenantId) -> Fragment {
    let mut s = Sql::new();
    s.tenant = Some(Value::Text(tenant.as_str().to_owned()));
    if let Some(term) = &f.search_term {
        if let Some(expression) = trigram_match(term) {
            s.related(&contact::SEARCH, |s| s.matches(contact::SEARCH_INDEX, expression));
        }
        let (pattern, digits) = search_patterns(term);
        s.any(|s| {
            s.like(contact::SEARCH_TEXT, pattern);
            s.like(contact::SEARCH_TEXT, digits);
        });
    }
    if let Some(list_id) = f.search_list_id {
        s.related(&contact::LISTS, |s| s.eq(contact::LIST_ID, Value::Integer(list_id)));
    }
    if let Some(tags) = &f.search_tag {
        s.related(&contact::TAGS, |s| s.in_list(contact::TAG, texts(tags)));
    }
    if let Some(types) = &f.history_type {
        s.related(&contact::HISTORIES, |s| s.in_list(contact::HISTORY_TYPE, texts(types)));
    }
    if let Some(number) = f.tracked_phone_id {
        // Text messages to or from the tracked number (docs/fidelity.md, tracked_phone_id).
        s.related(&contact::HISTORIES, |s| {
            s.eq(contact::HISTORY_TYPE, Value::Text(TEXT_MESSAGE.to_owned()));
            s.eq(contact::TRACKED_NUMBER_ID, Value::Integer(number));
        });
    }
    if let Some(employer) = f.employer_id {
        s.eq(contact::EMPLOYER_ID, Value::Integer(employer));
    }
    if let Some(ids) = &f.contact_ids {
        s.in_list(contact::ID, ints(ids));
    }
    if let Some(crm) = &f.crm {
        s.related(&contact::CRM_LINKS, |s| {
            if let Some(kind) = &crm.crm_type {
                s.eq(contact::CRM_TYPE, Value::Text(kind.clone()));
            }
            if let Some(kind) = &crm.crm_object_type {
                s.eq(contact::CRM_OBJECT_TYPE, Value::Text(kind.clone()));
            }
            if let Some(ids) = &crm.ids {
                s.in_list(contact::CRM_ID, texts(ids));
            }
        });
    }
    if let Some(since) = f.created_by {
        s.compare(contact::CREATED_AT, Compare::Gte, at_or_after(since));
    }
    if let Some(since) = f.updated_by {
        s.compare(contact::UPDATED_AT, Compare::Gte, at_or_after(since));
    }
    s.finish()
}

/// The histories (`h`) matching `f`.
pub fn histories(f: &HistoryFilter) -> Fragment {
    let mut s = Sql::new();
    if let Some(types) = &f.history_type {
        s.in_list(history::HISTORY_TYPE, texts(types));
    }
    if let Some(id) = f.campaign_id {
        s.eq(history::CAMPAIGN_ID, Value::Integer(id));
    }
    if let Some(id) = f.contact_id {
        s.eq(history::CONTACT_ID, Value::Integer(id));
    }
    if let Some(id) = f.tracked_number_id {
        // "Return all text messages associated with this tracked number" (docs/fidelity.md).
        s.eq(history::HISTORY_TYPE, Value::Text(TEXT_MESSAGE.to_owned()));
        s.eq(history::TRACKED_NUMBER_ID, Value::Integer(id));
    }
    if let Some(guid) = &f.email_guid {
        s.eq(history::EMAIL_GUID, Value::Text(guid.clone()));
    }
    if let Some(start) = f.start_date {
        s.compare(history::CREATED_AT, Compare::Gte, at_or_after(start));
    }
    if let Some(end) = f.end_date {
        s.compare(history::CREATED_AT, Compare::Lte, at_or_before(end));
    }
    if let Some(last) = f.last_history_id {
        s.compare(history::ID, Compare::Gt, Value::Integer(last));
    }
    match f.contact_group {
        ContactGroup::All => {}
        ContactGroup::Managed => s.not_null(history::CONTACT_ID),
        // docs/fidelity.md, contact_group.
        ContactGroup::Emailed => s.related(&history::EMAILED, |s| {
            s.any(|s| {
                s.not_null(history::EMAILED_GUID);
                s.like(history::EMAILED_TYPE, EMAIL_TYPES.to_owned());
            })
        }),
    }
    if let Some(term) = &f.search_term {
        let (pattern, digits) = search_patterns(term);
        s.any(|s| {
            // SQLite folds only ASCII case, so the description is matched against the term as
            // given and lower-cased (`Émile` finds `Émile`, `émile` finds `émile`).
            s.like(history::DESCRIPTION, like_contains(term));
            s.like(history::DESCRIPTION, pattern.clone());
            s.like(history::HISTORY_TYPE, pattern.clone());
            s.related(&history::CONTACT, |s| {
                s.any(|s| {
                    s.like(history::CONTACT_SEARCH_TEXT, pattern);
                    s.like(history::CONTACT_SEARCH_TEXT, digits);
                })
            });
        });
    }
    s.finish()
}

/// The organizations (`o`) matching `f`.
pub fn organizations(f: &OrganizationFilter) -> Fragment {
    let mut s = Sql::new();
    if let Some(ids) = &f.tags {
        s.related(&organization::TAG_IDS, |s| s.in_list(organization::TAG_ID, ints(ids)));
    }
    if let Some(name) = &f.tag {
        s.related(&organization::TAG_NAMES, |s| s.eq(organization::TAG_NAME, Value::Text(name.clone())));
    }
    if let Some(term) = &f.search_term {
        s.like(organization::SEARCH_TEXT, like_contains(&term.to_lowercase()));
    }
    s.finish()
}

/// The contact lists (`l`) of Get Static Contact Lists: static lists sales users see, with
/// `tag` when given.
pub fn contact_lists(q: &ContactListQuery) -> Fragment {
    let mut s = Sql::new();
    s.eq(contact_list::STATIC, Value::Integer(1));
    s.eq(contact_list::VISIBLE_TO_SALES, Value::Integer(1));
    if let Some(tag) = &q.tag {
        s.related(&contact_list::TAGS, |s| s.eq(contact_list::TAG, Value::Text(tag.clone())));
    }
    s.finish()
}

/// The tasks (`t`) matching `f`, `user_id` being the key's user.
pub fn tasks(f: &TaskFilter, user_id: i64) -> Fragment {
    let mut s = Sql::new();
    if !f.include_completed {
        s.eq(task::COMPLETED, Value::Integer(0));
    }
    if f.user_only {
        s.eq(task::USER_ID, Value::Integer(user_id));
    }
    if let Some(contact_id) = f.contact_id {
        s.eq(task::CONTACT_ID, Value::Integer(contact_id));
    }
    s.finish()
}

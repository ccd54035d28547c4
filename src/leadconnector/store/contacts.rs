//! Contacts (`lc_contacts`): point reads, writes that keep the derived columns in step with the
//! fields, the newest-first list with its keyset cursor, the by-business page, and the duplicate
//! lookup by email and phone. Deleting a contact deletes its tasks, notes and appointments.

use rusqlite::types::Value as SqlValue;
use rusqlite::{OptionalExtension, Row, params};
use serde_json::{Map, Value};

use super::super::model::contact::Contact;
use super::super::search::sql::{Compiled, Text};
use crate::core::TenantId;
use crate::core::Tx;
use crate::core::paging::Window;
use crate::core::sql::keyed::{KeyedIndex, keyed_index};
use crate::core::sql::{Filter, Order, SortDir, Table};

fn from_row(r: &Row<'_>) -> rusqlite::Result<Contact> {
    let data: String = r.get(3)?;
    let data = match serde_json::from_str(&data) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    };
    Ok(Contact { id: r.get(0)?, date_added: r.get(1)?, date_updated: r.get(2)?, data: data.into() })
}

pub const TABLE: Table<Contact, String> =
    Table::new("lc_contacts", "lc_contacts c", ["c.tenant_id", "c.id"], "c.id, c.date_added, c.date_updated, c.data", from_row)
        .ordered(&[("c.date_added", SortDir::Desc), ("c.id", SortDir::Desc)])
        .cascading(&[
            "DELETE FROM lc_tasks WHERE tenant_id = ?1 AND contact_id = ?2",
            "DELETE FROM lc_notes WHERE tenant_id = ?1 AND contact_id = ?2",
            "DELETE FROM lc_appointments WHERE tenant_id = ?1 AND contact_id = ?2",
        ])
        .kept_rows("c.rowid");

/// The contacts whose `search_text` has a term, found from the trigram index first (`f`, the
/// only way SQLite can join it: the index gives the rowids in the tenant's range of its keys,
/// the contact its order).
/// Only reads: every write goes through [`TABLE`].
pub const MATCHING: Table<Contact, String> = Table::new(
    "lc_contacts",
    "lc_contacts_text f CROSS JOIN lc_contacts c ON c.rowid = f.rowid & 4294967295",
    ["c.tenant_id", "c.id"],
    "c.id, c.date_added, c.date_updated, c.data",
    from_row,
)
.ordered(&[("c.date_added", SortDir::Desc), ("c.id", SortDir::Desc)])
.kept_rows("c.rowid");

/// The contacts a selective search finds (`Compiled::selective`), sorted: the order's
/// expressions are not bare columns (`+`), so no index serves it, and SQLite reads the index of
/// the condition instead of walking the date index until the page is full.
pub const SELECTED: Table<Contact, String> =
    Table::new("lc_contacts", "lc_contacts c", ["c.tenant_id", "c.id"], "c.id, c.date_added, c.date_updated, c.data", from_row)
        .ordered(&[("+c.date_added", SortDir::Desc), ("+c.id", SortDir::Desc)])
        .kept_rows("c.rowid");

/// The contacts of a range of the trigram index's keys, by rowid ([`Matched`]).
pub const RANGED: Table<Contact, String> = Table::new(
    "lc_contacts",
    "lc_contacts c NOT INDEXED",
    ["c.tenant_id", "c.id"],
    "c.id, c.date_added, c.date_updated, c.data",
    from_row,
)
.ordered(&[("c.date_added", SortDir::Desc), ("c.id", SortDir::Desc)])
.kept_rows("c.rowid");

/// The trigram index of `search_text`, keyed by tenant and `date_added` (see the schema).
pub const SEARCH_INDEX: KeyedIndex = keyed_index!("lc_contacts_text");

/// A `query` that is the whole condition, answered from the trigram index: its total counts
/// the tenant's range of keys, and a page newest first reads only the matches of the days down
/// to its last contact's (the keys are in that order by day).
#[derive(Debug, Clone, PartialEq)]
pub struct Matched {
    pub tenant: TenantId,
    /// The FTS5 phrase of the term.
    pub phrase: String,
}

impl Matched {
    /// How many of the tenant's contacts match.
    pub fn count(&self, tx: &Tx) -> rusqlite::Result<i64> {
        SEARCH_INDEX.count(tx, &self.tenant, &self.phrase)
    }

    /// `window` of the matches, newest first.
    pub fn rows(&self, tx: &Tx, window: Window) -> rusqlite::Result<Vec<Contact>> {
        let Some(keys) = SEARCH_INDEX.keys(tx, &self.tenant)? else { return Ok(Vec::new()) };
        let keys = SEARCH_INDEX.window(tx, &self.phrase, keys, window, SortDir::Desc)?;
        RANGED.rows(tx, &self.range(keys), &Order::default(), window)
    }

    /// The tenant's contacts whose keys in `keys` match.
    pub fn range(&self, keys: (i64, i64)) -> Filter {
        SEARCH_INDEX.matching(TABLE.filter(&self.tenant), &self.phrase, keys)
    }
}

/// How many contacts the tenant has (kept by the schema's triggers).
pub const TOTAL: &str = "SELECT coalesce((SELECT contacts FROM lc_contact_counts WHERE tenant = ?1), 0)";

/// The statements of one page of a list or a search: the table they read (joined to the
/// trigram index or not), what the total counts, what the page reads (after the cursor) and
/// what the pages before the cursor hold.
#[derive(Debug, Clone)]
pub struct Query {
    pub table: &'static Table<Contact, String>,
    pub all: Filter,
    /// Whether `all` admits every contact of the tenant (its total is [`TOTAL`]).
    pub everything: bool,
    pub page: Filter,
    pub before: Option<Filter>,
    pub order: Order,
    /// The search when it is a `query` alone, newest first.
    pub matched: Option<Matched>,
}

impl Query {
    fn new(
        table: &'static Table<Contact, String>,
        all: Filter,
        everything: bool,
        cursor: Option<&Cursor>,
        order: Order,
    ) -> Query {
        let mut page = all.clone();
        let before = cursor.map(|c| {
            c.narrow(&mut page);
            let mut before = all.clone();
            c.before(&mut before);
            before
        });
        Query { table, all, everything, page, before, order, matched: None }
    }

    /// How many contacts match in all.
    fn total(&self, tx: &Tx) -> rusqlite::Result<i64> {
        if self.everything {
            return tx.prepare_cached(TOTAL)?.query_row([&self.all.params()[0]], |r| r.get(0));
        }
        if let Some(matched) = &self.matched {
            return matched.count(tx);
        }
        self.table.count(tx, &self.all)
    }

    /// The rows of `window` of the page.
    fn rows(&self, tx: &Tx, window: Window) -> rusqlite::Result<Vec<Contact>> {
        match &self.matched {
            Some(matched) if self.before.is_none() => matched.rows(tx, window),
            _ => self.table.rows(tx, &self.page, &self.order, window),
        }
    }
}

/// Contact `id` of the tenant.
pub fn one(tx: &Tx, tenant: &TenantId, id: &str) -> rusqlite::Result<Option<Contact>> {
    TABLE.by_id(tx, tenant, &id.to_owned())
}

/// Whether contact `id` exists in the tenant.
pub fn exists(tx: &Tx, tenant: &TenantId, id: &str) -> rusqlite::Result<bool> {
    TABLE.exists(tx, tenant, &id.to_owned())
}

/// Stores a new contact.
pub fn insert(tx: &Tx, tenant: &TenantId, c: &Contact) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO lc_contacts (tenant_id, id, date_added, date_updated, email_lower, phone, business_id, search_text, data)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        tenant,
        c.id,
        c.date_added,
        c.date_updated,
        c.email_lower(),
        c.phone(),
        c.business_id(),
        c.search_text(),
        data_text(&c.data)?
    ])?;
    Ok(())
}

/// A record's JSON fields as stored, serialized from the map itself (no copy of it).
pub(super) fn data_text(data: &serde_json::Map<String, Value>) -> rusqlite::Result<String> {
    serde_json::to_string(data).map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))
}

/// Stores a changed contact (its fields and `date_updated`).
pub fn update(tx: &Tx, tenant: &TenantId, c: &Contact) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "UPDATE lc_contacts SET date_updated = ?3, email_lower = ?4, phone = ?5, business_id = ?6, search_text = ?7, data = ?8
         WHERE tenant_id = ?1 AND id = ?2",
    )?
    .execute(params![
        tenant,
        c.id,
        c.date_updated,
        c.email_lower(),
        c.phone(),
        c.business_id(),
        c.search_text(),
        data_text(&c.data)?
    ])?;
    Ok(())
}

/// Deletes contact `id` with its tasks, notes and appointments.
pub fn delete(tx: &Tx, tenant: &TenantId, id: &str) -> rusqlite::Result<()> {
    TABLE.delete(tx, tenant, &id.to_owned())
}

/// The oldest other contact with this lowercase email (`by_email`) or phone.
fn first_with(tx: &Tx, tenant: &TenantId, by_email: bool, value: &str, except: &str) -> rusqlite::Result<Option<Contact>> {
    let sql = if by_email { FIRST_BY_EMAIL } else { FIRST_BY_PHONE };
    tx.prepare_cached(sql)?.query_row(params![tenant, value, except], from_row).optional()
}

const FIRST_BY_EMAIL: &str = "SELECT c.id, c.date_added, c.date_updated, c.data FROM lc_contacts c
     WHERE c.tenant_id = ?1 AND c.email_lower = ?2 AND c.id <> ?3 ORDER BY c.date_added ASC, c.rowid ASC LIMIT 1";
const FIRST_BY_PHONE: &str = "SELECT c.id, c.date_added, c.date_updated, c.data FROM lc_contacts c
     WHERE c.tenant_id = ?1 AND c.phone = ?2 AND c.id <> ?3 ORDER BY c.date_added ASC, c.rowid ASC LIMIT 1";

/// The contact a new or changed one duplicates: the first match by email, else by phone, with
/// the field it matched on (`except`: the contact being changed).
pub fn duplicate(
    tx: &Tx,
    tenant: &TenantId,
    email_lower: Option<&str>,
    phone: Option<&str>,
    except: &str,
) -> rusqlite::Result<Option<(Contact, &'static str)>> {
    if let Some(email) = email_lower
        && let Some(found) = first_with(tx, tenant, true, email, except)?
    {
        return Ok(Some((found, "email")));
    }
    if let Some(phone) = phone
        && let Some(found) = first_with(tx, tenant, false, phone, except)?
    {
        return Ok(Some((found, "phone")));
    }
    Ok(None)
}

/// Which contacts a list reads.
#[derive(Debug, Clone, Default)]
pub struct ListQuery {
    /// A substring of the name, email, phone, company or tags (any case).
    pub query: Option<String>,
    pub business_id: Option<String>,
}

impl ListQuery {
    fn text(&self) -> Option<Text> {
        self.query.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(Text::of)
    }

    /// The table to read (joined to the trigram index when the query is indexed), and whether
    /// the list admits every contact.
    fn table(&self) -> (&'static Table<Contact, String>, bool) {
        let text = self.text();
        let table = if text.as_ref().is_some_and(Text::indexed) { &MATCHING } else { &TABLE };
        (table, text.is_none() && self.business_id.is_none())
    }

    /// The condition over [`ListQuery::table`].
    pub fn filter(&self, tenant: &TenantId) -> Filter {
        let mut f = TABLE.filter(tenant);
        if let Some(text) = self.text() {
            let (sql, values) = text.condition(tenant.as_str());
            f.and(sql, values);
        }
        if let Some(business) = &self.business_id {
            f.and("c.business_id = ?", [SqlValue::Text(business.clone())]);
        }
        f
    }
}

/// The keyset cursor of `GET /contacts/`: after the contact added at `date_added` (epoch
/// milliseconds) with id `id`, newest first.
#[derive(Debug, Clone, PartialEq)]
pub struct Cursor {
    pub date_added: i64,
    pub id: Option<String>,
}

impl Cursor {
    /// Keeps the contacts after the cursor, newest first (a range of the date index).
    pub fn narrow(&self, f: &mut Filter) {
        match &self.id {
            Some(id) => f.and("(c.date_added, c.id) < (?, ?)", [SqlValue::Integer(self.date_added), SqlValue::Text(id.clone())]),
            None => f.and("c.date_added < ?", [SqlValue::Integer(self.date_added)]),
        }
    }

    /// Keeps the contacts before the cursor (the pages already read).
    pub fn before(&self, f: &mut Filter) {
        match &self.id {
            Some(id) => f.and("(c.date_added, c.id) >= (?, ?)", [SqlValue::Integer(self.date_added), SqlValue::Text(id.clone())]),
            None => f.and("c.date_added >= ?", [SqlValue::Integer(self.date_added)]),
        }
    }
}

/// A cursor page of the list, newest first: the contacts, how many match in all and how many
/// match before the cursor.
pub struct CursorPage {
    pub contacts: Vec<Contact>,
    pub total: i64,
    pub before: i64,
    /// Whether more contacts follow this page.
    pub more: bool,
}

/// The statements of the list after `cursor`.
pub fn list_query(tenant: &TenantId, q: &ListQuery, cursor: Option<&Cursor>) -> Query {
    let (table, everything) = q.table();
    let mut query = Query::new(table, q.filter(tenant), everything, cursor, Order::default());
    if q.business_id.is_none() {
        let phrase = q.text().as_ref().and_then(Text::phrase);
        query.matched = phrase.map(|phrase| Matched { tenant: tenant.clone(), phrase });
    }
    query
}

/// The page of `limit` contacts after `cursor`.
pub fn list(tx: &Tx, tenant: &TenantId, q: &ListQuery, cursor: Option<&Cursor>, limit: i64) -> rusqlite::Result<CursorPage> {
    let query = list_query(tenant, q, cursor);
    let total = query.total(tx)?;
    let before = match &query.before {
        Some(f) => query.table.count(tx, f)?,
        None => 0,
    };
    // One contact more than the page tells whether more follow.
    let mut contacts = query.rows(tx, Window { offset: 0, limit: limit.saturating_add(1) })?;
    let more = contacts.len() as i64 > limit;
    contacts.truncate(usize::try_from(limit).unwrap_or(0));
    Ok(CursorPage { contacts, total, before, more })
}

/// A page by offset (the by-business list), newest first, with the total.
pub fn page(tx: &Tx, tenant: &TenantId, q: &ListQuery, window: Window) -> rusqlite::Result<(Vec<Contact>, i64)> {
    let query = list_query(tenant, q, None);
    Ok((query.rows(tx, window)?, query.total(tx)?))
}

/// The statements of a compiled search after `cursor`.
pub fn search_query(tenant: &TenantId, compiled: Compiled, cursor: Option<&Cursor>) -> Query {
    let table = match compiled {
        Compiled { indexed_text: true, .. } => &MATCHING,
        Compiled { selective: true, .. } if compiled.order.is_empty() => &SELECTED,
        _ => &TABLE,
    };
    let mut all = TABLE.filter(tenant);
    all.and_fragment(compiled.condition);
    let matched = compiled.only_text.filter(|_| cursor.is_none());
    let mut query = Query::new(table, all, compiled.everything, cursor, compiled.order);
    query.before = None;
    query.matched = matched.map(|phrase| Matched { tenant: tenant.clone(), phrase });
    query
}

/// A page of the contacts a compiled search admits, in its order, after `cursor` when given,
/// with how many it admits in all.
pub fn search(
    tx: &Tx,
    tenant: &TenantId,
    compiled: Compiled,
    cursor: Option<&Cursor>,
    window: Window,
) -> rusqlite::Result<(Vec<Contact>, i64)> {
    let query = search_query(tenant, compiled, cursor);
    Ok((query.rows(tx, window)?, query.total(tx)?))
}

#[cfg(test)]
mod tests {
    use rusqlite::Connection;

    use super::{FIRST_BY_EMAIL, FIRST_BY_PHONE};

    #[test]
    fn the_duplicate_lookups_seek_their_index_instead_of_walking_every_contact() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(include_str!("../schema.sql")).unwrap();
        for (sql, index) in [(FIRST_BY_EMAIL, "lc_contacts_email_added"), (FIRST_BY_PHONE, "lc_contacts_phone_added")] {
            let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
            let plan: Vec<String> = stmt.query_map(["t", "x", "y"], |r| r.get(3)).unwrap().map(Result::unwrap).collect();
            // The few contacts with that email (phone) are sorted by their rowid within a date.
            assert_eq!(
                plan,
                [
                    format!(
                        "SEARCH c USING INDEX {index} (tenant_id=? AND {}=?)",
                        if sql == FIRST_BY_EMAIL { "email_lower" } else { "phone" }
                    ),
                    "USE TEMP B-TREE FOR LAST TERM OF ORDER BY".to_owned()
                ]
            );
        }
    }
}

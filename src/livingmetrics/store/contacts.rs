//! Reading contacts: a filtered, ordered page with its total, one contact, a count, and the
//! deals and timelines attached on request (one query each for the whole page).

use std::collections::HashMap;

use rusqlite::types::Value;
use rusqlite::{Row, params_from_iter};
use serde_json::Map;

use crate::core::TenantId;
use crate::core::Tx;
use crate::core::paging::Window;
use crate::core::sql::keyed::{KeyedIndex, keyed_index};
use crate::core::sql::{Filter, SortDir, Table, placeholders};

use super::super::filters::fields::contact;
use super::super::filters::{ContactFilter, ContactQuery, Include, Sort, sql};
use super::super::model::{Contact, Deal, History, raw};
use super::records::history_from_row;

/// What a contact is read from.
const COLUMNS: &str = "c.id, c.first_name, c.last_name, c.company, c.title, c.emails, c.phones, c.tags, c.lead_score,
    c.employer_id, c.list_ids, c.crm_ids, c.custom, c.created_at, c.updated_at, c.visible_at";
/// By default most recently visible first (the document's default `order_by`).
const ORDER: &[(&str, SortDir)] = &[("c.visible_at", SortDir::Desc), ("c.id", SortDir::Desc)];

/// Contacts.
pub const TABLE: Table<Contact> = Table::new("lm_contacts", "lm_contacts c", ["c.tenant_id", "c.id"], COLUMNS, from_row)
    .ordered(ORDER)
    .ids_as_rowids("c.rowid");

/// Contacts as a `search_term` the trigram index narrows reads them: only the rows the index
/// names, by rowid. Without statistics SQLite takes `tenant_id = ?` for a selective key and
/// would walk every contact of the tenant instead, testing each against the index's matches.
pub const SEARCHED: Table<Contact> =
    Table::new("lm_contacts", "lm_contacts c NOT INDEXED", ["c.tenant_id", "c.id"], COLUMNS, from_row).ordered(ORDER);

/// Contacts as a `search_term` too short for the trigram index reads them: every contact of
/// the tenant, in the primary key's order, which is (nearly) the order they are stored in;
/// left to itself SQLite walks some other index of the tenant and reads the rows out of order,
/// several times slower.
pub const SCANNED: Table<Contact> = Table::new(
    "lm_contacts",
    "lm_contacts c INDEXED BY sqlite_autoindex_lm_contacts_1",
    ["c.tenant_id", "c.id"],
    COLUMNS,
    from_row,
)
.ordered(ORDER);

/// Contacts as a filter that names them by id reads them (`sql::by_ids`): by id, in the primary
/// key. Left to itself SQLite walks the tenant in the page's order, testing each contact.
pub const BY_ID: Table<Contact> = SCANNED;

/// Up to this many matches of a search or of contacts named by id, a page finds them all and
/// sorts them; beyond, it walks the contacts in the page's order and stops at the page's end,
/// the matches being dense enough to meet soon.
const SORTED_AT_MOST: i64 = 1000;

/// The last histories shown in a contact's `timeline`.
pub const TIMELINE_LENGTH: i64 = 30;

fn from_row(row: &Row<'_>) -> rusqlite::Result<Contact> {
    let custom: String = row.get(12)?;
    Ok(Contact {
        id: row.get(0)?,
        first_name: row.get(1)?,
        last_name: row.get(2)?,
        company: row.get(3)?,
        title: row.get(4)?,
        emails: raw(row.get(5)?),
        phones: raw(row.get(6)?),
        tags: raw(row.get(7)?),
        lead_score: row.get(8)?,
        employer_id: row.get(9)?,
        list_ids: raw(row.get(10)?),
        crm_ids: raw(row.get(11)?),
        custom: serde_json::from_str(&custom).unwrap_or_else(|_| Map::new()),
        created_at: row.get(13)?,
        updated_at: row.get(14)?,
        visible_at: row.get(15)?,
        deals: None,
        timeline: None,
    })
}

/// One page of the contacts `query` asks for, with what it includes, and the total.
pub fn page(tx: &Tx, tenant: &TenantId, query: &ContactQuery) -> rusqlite::Result<(Vec<Contact>, i64)> {
    let (mut contacts, total) = match Searched::of(&query.filter) {
        Some(searched) => searched.page(tx, tenant, &query.sort, query.paging.window())?,
        None => {
            let scoped = scoped(tenant, &query.filter);
            let total = counted(&query.filter).count(tx, &scoped)?;
            let rows = listed(&query.filter, total);
            (rows.rows(tx, &scoped, &sql::order(&query.sort), query.paging.window())?, total)
        }
    };
    attach(tx, tenant, &mut contacts, query.include)?;
    Ok((contacts, total))
}

/// The trigram index of `search_text`, keyed by tenant and `visible_at` (see the schema).
pub const SEARCH_INDEX: KeyedIndex = keyed_index!("lm_contacts_search");

/// A `search_term` the trigram index serves, and nothing else: the total is counted in the
/// index's range of the tenant, and a page in the default order (either direction) reads only
/// the matches of the days up to its last contact's.
#[derive(Debug, Clone, PartialEq)]
pub struct Searched {
    /// The FTS5 query of the term.
    pub expression: String,
}

impl Searched {
    /// `filter` if it is a search the index answers alone.
    pub fn of(filter: &ContactFilter) -> Option<Searched> {
        let only_term = ContactFilter { search_term: None, ..filter.clone() } == ContactFilter::default();
        let expression = filter.search_term.as_deref().and_then(sql::trigram_match)?;
        only_term.then_some(Searched { expression })
    }

    /// How many of the tenant's contacts match.
    pub fn count(&self, tx: &Tx, tenant: &TenantId) -> rusqlite::Result<i64> {
        SEARCH_INDEX.count(tx, tenant, &self.expression)
    }

    /// The page `window` of the matches in `sort`, and how many match.
    fn page(&self, tx: &Tx, tenant: &TenantId, sort: &Sort, window: Window) -> rusqlite::Result<(Vec<Contact>, i64)> {
        let Some(mut keys) = SEARCH_INDEX.keys(tx, tenant)? else { return Ok((Vec::new(), 0)) };
        let total = SEARCH_INDEX.count_in(tx, &self.expression, keys)?;
        if sort.by.column == contact::DEFAULT_ORDER.column && window.offset.saturating_add(window.limit) < total {
            keys = SEARCH_INDEX.window(tx, &self.expression, keys, window, sort.dir)?;
        }
        Ok((SEARCHED.rows(tx, &self.range(tenant, keys), &sql::order(sort), window)?, total))
    }

    /// The tenant's contacts whose keys in `keys` match.
    pub fn range(&self, tenant: &TenantId, keys: (i64, i64)) -> Filter {
        SEARCH_INDEX.matching(TABLE.filter(tenant), &self.expression, keys)
    }
}

/// The tenant's contacts matching `filter`.
pub fn scoped(tenant: &TenantId, filter: &ContactFilter) -> Filter {
    let mut scoped = TABLE.filter(tenant);
    scoped.and_fragment(sql::contacts(filter, tenant));
    scoped
}

/// The table a count of `filter` reads: the trigram index's matches when it narrows a search,
/// every contact in stored order for a search it cannot narrow.
pub fn counted(filter: &ContactFilter) -> &'static Table<Contact> {
    match (&filter.search_term, sql::narrowed(filter)) {
        (_, true) => &SEARCHED,
        (Some(_), false) => &SCANNED,
        (None, false) => &TABLE,
    }
}

/// The table a page of `filter`, which `total` contacts match, reads.
pub fn listed(filter: &ContactFilter, total: i64) -> &'static Table<Contact> {
    match (total <= SORTED_AT_MOST, sql::narrowed(filter), sql::by_ids(filter)) {
        (true, true, _) => &SEARCHED,
        (true, false, true) => &BY_ID,
        _ => &TABLE,
    }
}

/// How many contacts match `filter`.
pub fn count(tx: &Tx, tenant: &TenantId, filter: &ContactFilter) -> rusqlite::Result<i64> {
    if let Some(searched) = Searched::of(filter) {
        return searched.count(tx, tenant);
    }
    counted(filter).count(tx, &scoped(tenant, filter))
}

/// Contact `id`, with what `include` asks for.
pub fn get(tx: &Tx, tenant: &TenantId, id: i64, include: Include) -> rusqlite::Result<Option<Contact>> {
    let Some(contact) = TABLE.by_id(tx, tenant, &id)? else {
        return Ok(None);
    };
    let mut one = vec![contact];
    attach(tx, tenant, &mut one, include)?;
    Ok(one.pop())
}

/// Whether contact `id` exists.
pub fn exists(tx: &Tx, tenant: &TenantId, id: i64) -> rusqlite::Result<bool> {
    TABLE.exists(tx, tenant, &id)
}

/// Adds `deals` and `timeline` to each contact, as asked.
fn attach(tx: &Tx, tenant: &TenantId, contacts: &mut [Contact], include: Include) -> rusqlite::Result<()> {
    if contacts.is_empty() || include == Include::default() {
        return Ok(());
    }
    let ids: Vec<Value> = contacts.iter().map(|c| Value::Integer(c.id)).collect();
    let marks = placeholders(ids.len());
    let mut values = vec![Value::Text(tenant.as_str().to_owned())];
    values.extend(ids);
    if include.deals {
        let sql = format!(
            "SELECT id, contact_id, name, value, stage, product_id, created_at, updated_at FROM lm_deals
             WHERE tenant_id = ? AND contact_id IN ({marks}) ORDER BY created_at DESC, id DESC"
        );
        let mut by_contact: HashMap<i64, Vec<Deal>> = HashMap::new();
        let mut stmt = tx.prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(values.iter()), |r| {
            Ok(Deal {
                id: r.get(0)?,
                contact_id: r.get(1)?,
                name: r.get(2)?,
                value: r.get(3)?,
                stage: r.get(4)?,
                product_id: r.get(5)?,
                created_at: r.get(6)?,
                updated_at: r.get(7)?,
            })
        })?;
        for deal in rows {
            let deal = deal?;
            by_contact.entry(deal.contact_id).or_default().push(deal);
        }
        for c in contacts.iter_mut() {
            c.deals = Some(by_contact.remove(&c.id).unwrap_or_default());
        }
    }
    if include.timeline {
        let sql = format!(
            "SELECT id, contact_id, history_type, campaign_id, email_guid, tracked_number_id, description, created_at FROM (
                SELECT h.*, row_number() OVER (PARTITION BY h.contact_id ORDER BY h.created_at DESC, h.id DESC) AS n
                FROM lm_histories h WHERE h.tenant_id = ? AND h.contact_id IN ({marks}))
             WHERE n <= {TIMELINE_LENGTH} ORDER BY created_at DESC, id DESC"
        );
        let mut by_contact: HashMap<i64, Vec<History>> = HashMap::new();
        let mut stmt = tx.prepare_cached(&sql)?;
        for history in stmt.query_map(params_from_iter(values.iter()), history_from_row)? {
            let history = history?;
            if let Some(contact_id) = history.contact_id {
                by_contact.entry(contact_id).or_default().push(history);
            }
        }
        for c in contacts.iter_mut() {
            c.timeline = Some(by_contact.remove(&c.id).unwrap_or_default());
        }
    }
    Ok(())
}

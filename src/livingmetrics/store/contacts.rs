//! Reading contacts: a filtered, ordered page with its total, one contact, a count, and the
//! deals and timelines attached on request (one query each for the whole page).

use std::collections::HashMap;

use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Row, Transaction, params, params_from_iter};
use serde_json::Map;

use crate::core::TenantId;
use crate::core::paging::Window;
use crate::core::sql::{Column, Filter, SortDir, placeholders};

use super::super::model::{Contact, Deal, History, raw};
use super::records::{history_from_row, page_of};

const COLUMNS: &str = "c.id, c.first_name, c.last_name, c.company, c.title, c.emails, c.phones, c.tags, c.lead_score,
    c.employer_id, c.list_ids, c.crm_ids, c.custom, c.created_at, c.updated_at, c.visible_at";

/// The last histories shown in a contact's `timeline`.
pub const TIMELINE_LENGTH: i64 = 30;

/// What to attach to each contact.
#[derive(Debug, Clone, Copy, Default)]
pub struct Include {
    pub deals: bool,
    pub timeline: bool,
}

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

/// One page of contacts matching `filter`, ordered by `order` then id, and the total.
pub fn page(
    tx: &Transaction,
    tenant: &TenantId,
    filter: &Filter,
    order: (Column, SortDir),
    window: Window,
    include: Include,
) -> rusqlite::Result<(Vec<Contact>, i64)> {
    let (column, dir) = order;
    let order = format!("{} {dir}, c.id {dir}", column.as_str(), dir = dir.keyword());
    let (mut contacts, total) = page_of(tx, COLUMNS, "lm_contacts c", filter, &order, window, from_row)?;
    attach(tx, tenant, &mut contacts, include)?;
    Ok((contacts, total))
}

/// How many contacts match `filter`.
pub fn count(tx: &Transaction, filter: &Filter) -> rusqlite::Result<i64> {
    let sql = format!("SELECT count(*) FROM lm_contacts c WHERE {}", filter.sql());
    tx.prepare_cached(&sql)?.query_row(params_from_iter(filter.params()), |r| r.get(0))
}

pub fn get(tx: &Transaction, tenant: &TenantId, id: i64, include: Include) -> rusqlite::Result<Option<Contact>> {
    let sql = format!("SELECT {COLUMNS} FROM lm_contacts c WHERE c.tenant_id = ?1 AND c.id = ?2");
    let Some(contact) = tx.prepare_cached(&sql)?.query_row(params![tenant, id], from_row).optional()? else {
        return Ok(None);
    };
    let mut one = vec![contact];
    attach(tx, tenant, &mut one, include)?;
    Ok(one.pop())
}

/// Adds `deals` and `timeline` to each contact, as asked.
fn attach(tx: &Transaction, tenant: &TenantId, contacts: &mut [Contact], include: Include) -> rusqlite::Result<()> {
    if contacts.is_empty() {
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

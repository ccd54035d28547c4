//! Events (`/events`): an event is seen by whoever may see its contact (`visibility::VISIBLE`);
//! find, get (with the contact's owner, who alone may change or remove it), insert, update,
//! delete.

use rusqlite::types::Value;
use rusqlite::{Row, Transaction, params};

use crate::core::TenantId;
use crate::core::sql::{Column, Filter};

use super::super::query::{Query, sql};
use super::super::visibility::{VISIBLE, user_params};
use super::directory::{find_one, find_page};

/// An event as stored.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Event {
    pub id: i64,
    pub user_id: i64,
    pub contact_id: i64,
    pub source: Option<String>,
    pub r#type: Option<String>,
    pub description: Option<String>,
    pub site_domain: Option<String>,
    pub dialer_session_id: Option<i64>,
    pub property: Option<String>,
    pub created_at: String,
    pub modified_at: String,
}

const FROM: &str = "ld_events e JOIN ld_contacts c ON c.tenant_id = e.tenant_id AND c.id = e.contact_id";
const COLUMNS: &str = "e.id, e.user_id, e.contact_id, e.source, e.type, e.description, e.site_domain, e.dialer_session_id,
    e.property, e.created_at, e.modified_at, c.owner_user_id";

/// An event and the owner of its contact.
fn from_row(r: &Row<'_>) -> rusqlite::Result<(Event, i64)> {
    let event = Event {
        id: r.get(0)?,
        user_id: r.get(1)?,
        contact_id: r.get(2)?,
        source: r.get(3)?,
        r#type: r.get(4)?,
        description: r.get(5)?,
        site_domain: r.get(6)?,
        dialer_session_id: r.get(7)?,
        property: r.get(8)?,
        created_at: r.get(9)?,
        modified_at: r.get(10)?,
    };
    Ok((event, r.get(11)?))
}

/// The events on contacts `user` may see, narrowed by `query`'s conditions.
fn visible(tenant: &TenantId, user: i64, query: Option<&Query>) -> Filter {
    let mut f = Filter::for_tenant(Column::new("e.tenant_id"), tenant);
    f.and(VISIBLE, user_params(user));
    if let Some(query) = query {
        f.and_fragment(sql::condition(query));
    }
    f
}

/// A page of the events `user` may see that match `query`, and how many match in all.
pub fn find(tx: &Transaction, tenant: &TenantId, user: i64, query: &Query) -> rusqlite::Result<(Vec<Event>, i64)> {
    let (rows, total) = find_page(tx, FROM, COLUMNS, &visible(tenant, user, Some(query)), query, "e.id", from_row)?;
    Ok((rows.into_iter().map(|(event, _)| event).collect(), total))
}

/// Event `id` with its contact's owner, if `user` may see it (and it matches `query`, when
/// given).
pub fn get_visible(
    tx: &Transaction,
    tenant: &TenantId,
    user: i64,
    id: i64,
    query: Option<&Query>,
) -> rusqlite::Result<Option<(Event, i64)>> {
    let mut f = visible(tenant, user, query);
    f.and_eq(Column::new("e.id"), Value::Integer(id));
    find_one(tx, FROM, COLUMNS, &f, from_row)
}

/// Event `id` whoever may see it.
pub fn get(tx: &Transaction, tenant: &TenantId, id: i64) -> rusqlite::Result<Option<Event>> {
    let mut f = Filter::for_tenant(Column::new("e.tenant_id"), tenant);
    f.and_eq(Column::new("e.id"), Value::Integer(id));
    Ok(find_one(tx, FROM, COLUMNS, &f, from_row)?.map(|(event, _)| event))
}

pub fn insert(tx: &Transaction, tenant: &TenantId, e: &Event) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO ld_events (tenant_id, id, user_id, contact_id, source, type, description, site_domain, dialer_session_id,
             property, created_at, modified_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?
    .execute(params![
        tenant,
        e.id,
        e.user_id,
        e.contact_id,
        e.source,
        e.r#type,
        e.description,
        e.site_domain,
        e.dialer_session_id,
        e.property,
        e.created_at,
        e.modified_at
    ])?;
    Ok(())
}

/// Writes what the API may change: the contact, type, description, site domain, timestamps.
pub fn update(tx: &Transaction, tenant: &TenantId, e: &Event) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "UPDATE ld_events SET contact_id = ?3, type = ?4, description = ?5, site_domain = ?6, created_at = ?7, modified_at = ?8
         WHERE tenant_id = ?1 AND id = ?2",
    )?
    .execute(params![tenant, e.id, e.contact_id, e.r#type, e.description, e.site_domain, e.created_at, e.modified_at])?;
    Ok(())
}

pub fn delete(tx: &Transaction, tenant: &TenantId, id: i64) -> rusqlite::Result<()> {
    tx.prepare_cached("DELETE FROM ld_events WHERE tenant_id = ?1 AND id = ?2")?.execute(params![tenant, id])?;
    Ok(())
}

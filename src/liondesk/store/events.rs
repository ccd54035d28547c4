//! Events (`/events`): an event is seen by whoever may see its contact (`visibility`);
//! find, get (with the contact's owner, who alone may change or remove it), insert, update,
//! delete.

use rusqlite::{Row, params};

use crate::core::TenantId;
use crate::core::Tx;

use super::super::model::event::{Event, Reached};
use super::table::{Scope, Table};
use super::visibility;

/// Events with the owner of their contact; deleting one deletes it alone.
pub const TABLE: Table<Reached> = Table::new(
    "ld_events",
    "ld_events e JOIN ld_contacts c ON c.tenant_id = e.tenant_id AND c.id = e.contact_id",
    ["e.tenant_id", "e.id"],
    "e.id, e.user_id, e.contact_id, e.source, e.type, e.description, e.site_domain, e.dialer_session_id, e.property,
    e.created_at, e.modified_at, c.owner_user_id",
    from_row,
);

fn from_row(r: &Row<'_>) -> rusqlite::Result<Reached> {
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
    Ok(Reached { event, contact_owner: r.get(11)? })
}

/// The events on contacts of `tenant` `user` may see, as a find reads them.
pub fn visible(tenant: &TenantId, user: i64) -> Scope {
    visibility::of_contacts(tenant, user)
}

/// Whether `user` may see an event's contact, as a get by id reads it.
pub fn visible_one(user: i64) -> Scope {
    visibility::of_contact(user)
}

/// Stores a new event.
pub fn insert(tx: &Tx, tenant: &TenantId, e: &Event) -> rusqlite::Result<()> {
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
pub fn update(tx: &Tx, tenant: &TenantId, e: &Event) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "UPDATE ld_events SET contact_id = ?3, type = ?4, description = ?5, site_domain = ?6, created_at = ?7, modified_at = ?8
         WHERE tenant_id = ?1 AND id = ?2",
    )?
    .execute(params![tenant, e.id, e.contact_id, e.r#type, e.description, e.site_domain, e.created_at, e.modified_at])?;
    Ok(())
}

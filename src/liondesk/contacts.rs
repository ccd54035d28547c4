//! The rules of creating and changing a contact, shared by the API and by arranging: who may
//! be assigned, which hotness, source and custom fields a user may set, and `owner_user_id`
//! always being the submitter.

use rusqlite::{OptionalExtension, Transaction, params};
use serde_json::Value;

use super::error::{LionDeskError, Result};
use super::model::{Contact, ContactChanges};
use super::store::{contacts as store, users};
use crate::core::TenantId;

/// Whether `user` owns record `id` of a per-user table (hotnesses, sources, custom fields).
fn owns(tx: &Transaction, tenant: &TenantId, sql: &'static str, user: i64, id: i64) -> rusqlite::Result<bool> {
    Ok(tx.prepare_cached(sql)?.query_row(params![tenant, id, user], |_| Ok(())).optional()?.is_some())
}

/// Checks what `changes` refers to, as `user` submits them.
pub fn check(tx: &Transaction, tenant: &TenantId, user: i64, changes: &ContactChanges) -> Result<()> {
    if let Some(Some(assigned)) = changes.assigned_user_id
        && !users::in_same_team(tx, tenant, user, assigned)?
    {
        let reason = format!("must be a user of one of your teams ({assigned} is not)");
        return Err(LionDeskError::invalid_field("assigned_user_id", &reason, &Value::from(assigned)));
    }
    if let Some(Some(id)) = changes.hotness_id
        && !owns(tx, tenant, "SELECT 1 FROM ld_hotnesses WHERE tenant_id = ?1 AND id = ?2 AND user_id = ?3", user, id)?
    {
        return Err(LionDeskError::invalid_field(
            "hotness_id",
            &format!("must be one of your hotnesses ({id} is not)"),
            &Value::from(id),
        ));
    }
    if let Some(Some(id)) = changes.source_id
        && !owns(tx, tenant, "SELECT 1 FROM ld_contact_sources WHERE tenant_id = ?1 AND id = ?2 AND user_id = ?3", user, id)?
    {
        return Err(LionDeskError::invalid_field(
            "source_id",
            &format!("must be one of your contact sources ({id} is not)"),
            &Value::from(id),
        ));
    }
    for (id, _) in changes.custom_fields.iter().flatten() {
        if !owns(tx, tenant, "SELECT 1 FROM ld_custom_fields WHERE tenant_id = ?1 AND id = ?2 AND user_id = ?3", user, *id)? {
            let reason = format!("must name your custom fields ({id} is not one)");
            return Err(LionDeskError::invalid_field("custom_fields", &reason, &Value::from(*id)));
        }
    }
    Ok(())
}

/// Creates a contact owned by `owner`, with `id` or the next one.
pub fn create(
    tx: &Transaction,
    tenant: &TenantId,
    owner: i64,
    id: Option<i64>,
    changes: &ContactChanges,
    now: &str,
) -> Result<Contact> {
    check(tx, tenant, owner, changes)?;
    let id = match id {
        Some(id) => {
            crate::core::sequence::claim_id(tx, tenant, "ld_contacts", id)?;
            id
        }
        None => crate::core::sequence::next_id(tx, tenant, "ld_contacts")?,
    };
    let blank = Contact {
        id,
        owner_user_id: owner,
        assigned_user_id: None,
        text: Default::default(),
        hotness_id: None,
        source_id: None,
        created_at: now.to_owned(),
        modified_at: now.to_owned(),
    };
    let contact = changes.apply(&blank, now);
    store::insert(tx, tenant, &contact)?;
    set_custom_values(tx, tenant, id, changes)?;
    Ok(contact)
}

/// Applies `changes` to `contact` as `user` submits them; answers the contact as stored.
pub fn patch(
    tx: &Transaction,
    tenant: &TenantId,
    user: i64,
    contact: &Contact,
    changes: &ContactChanges,
    now: &str,
) -> Result<Contact> {
    // Only what changes is checked: a body that sends a contact back as read (another user's
    // assignee, hotness or source included) is not refused for what it leaves as it was.
    let mut changed = changes.clone();
    if changed.assigned_user_id == Some(contact.assigned_user_id) {
        changed.assigned_user_id = None;
    }
    if changed.hotness_id == Some(contact.hotness_id) {
        changed.hotness_id = None;
    }
    if changed.source_id == Some(contact.source_id) {
        changed.source_id = None;
    }
    check(tx, tenant, user, &changed)?;
    let next = changes.apply(contact, now);
    store::update(tx, tenant, &next)?;
    set_custom_values(tx, tenant, contact.id, changes)?;
    Ok(next)
}

fn set_custom_values(tx: &Transaction, tenant: &TenantId, contact: i64, changes: &ContactChanges) -> Result<()> {
    for (field, value) in changes.custom_fields.iter().flatten() {
        store::set_custom_value(tx, tenant, contact, *field, value.as_deref())?;
    }
    Ok(())
}

//! Finding the contact a path names, for the records that belong to a contact (notes,
//! accounts). The contacts themselves are `contacts.rs`'.

use rusqlite::{OptionalExtension, params};

use crate::core::TenantId;
use crate::core::Tx;

pub(super) const BY_ACCOUNT: &str = "SELECT id FROM lv_contacts WHERE tenant_id = ?1 AND account = ?2";
pub(super) const BY_ID: &str = "SELECT id FROM lv_contacts WHERE tenant_id = ?1 AND id = ?2";

/// The id of the contact whose account is exactly `account`.
pub fn by_account(tx: &Tx, tenant: &TenantId, account: &str) -> rusqlite::Result<Option<i64>> {
    tx.prepare_cached(BY_ACCOUNT)?.query_row(params![tenant, account], |r| r.get(0)).optional()
}

/// The id of the contact `key` names: its account, else (a number) its id.
pub fn by_account_or_id(tx: &Tx, tenant: &TenantId, key: &str) -> rusqlite::Result<Option<i64>> {
    if let Some(id) = by_account(tx, tenant, key)? {
        return Ok(Some(id));
    }
    let Ok(id) = key.parse::<i64>() else { return Ok(None) };
    tx.prepare_cached(BY_ID)?.query_row(params![tenant, id], |r| r.get(0)).optional()
}

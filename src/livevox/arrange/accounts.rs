//! Arranging accounts: the document's account (every field of List Accounts Associated with
//! the Contact) plus `contactAccount`, the account of the contact it is associated with, which
//! must exist. `id` and the dates may be left to the server (the request's time).

use serde_json::Value;

use super::super::model::account::Account;
use super::super::store::{accounts as store, contact_ref};
use crate::core::{ArrangeError, Arranging, Record};

/// Arranges one record; answers its id.
pub fn arrange(a: &Arranging<'_>, record: &Record<'_>) -> Result<Value, ArrangeError> {
    let mut map = record.object()?.clone();
    let contact_account = match map.remove("contactAccount") {
        Some(Value::String(account)) => account,
        Some(_) => return Err(record.error("contactAccount", "must be a string")),
        None => return Err(record.error("contactAccount", "is required (the account of the contact)")),
    };
    let rest = Value::Object(map);
    let mut account: Account = Record { index: record.index, value: &rest }.parse()?;
    if account.name.trim().is_empty() {
        return Err(record.error("name", "is required"));
    }
    let contact = contact_ref::by_account(a.tx, a.tenant, &contact_account)?
        .ok_or_else(|| record.error("contactAccount", format!("no contact has the account '{contact_account}'")))?;
    let explicit = (account.id != 0).then_some(account.id);
    account.id = a.take_id(record, "id", "lv_accounts", explicit)?;
    if account.created_date == 0 {
        account.created_date = a.now.timestamp_millis();
    }
    if account.modified_date == 0 {
        account.modified_date = account.created_date;
    }
    store::insert(a.tx, a.tenant, contact, &account)?;
    Ok(account.id.into())
}

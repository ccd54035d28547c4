//! Contacts: the table a find or get reads (within what the user may see), insert, update,
//! delete (with what hangs off the contact), sharing, custom field values, and whether a user
//! owns a list record a contact names.

use std::sync::Arc;

use rusqlite::{OptionalExtension, Row, ToSql, params};

use crate::core::TenantId;
use crate::core::Tx;

use super::super::model::contact::{Contact, Docs};
use super::super::query::Query;
use super::table::{Feathers, Scope, Table};
use super::visibility;

/// Deleting a contact deletes its addresses, custom field values, shares and events. A page's
/// rows are kept until a commit (a page of a large tenant reads its fifty from random places of
/// the table), shared: a row is an `Arc`.
pub const TABLE: Table<Arc<Contact>> = Table::new(
    "ld_contacts",
    "ld_contacts c",
    ["c.tenant_id", "c.id"],
    "c.id, c.owner_user_id, c.assigned_user_id, c.first_name, c.last_name, c.email, c.mobile_phone, c.home_phone,
    c.office_phone, c.fax, c.company, c.birthday, c.anniversary, c.spouse_name, c.spouse_email, c.spouse_phone,
    c.spouse_birthday, c.tags, c.hotness_id, c.source_id, c.created_at, c.modified_at, c.addresses_doc, c.custom_values_doc",
    from_row,
)
.cascading(&[
    "DELETE FROM ld_addresses WHERE tenant_id = ?1 AND contact_id = ?2",
    "DELETE FROM ld_custom_field_values WHERE tenant_id = ?1 AND contact_id = ?2",
    "DELETE FROM ld_contact_shares WHERE tenant_id = ?1 AND contact_id = ?2",
    "DELETE FROM ld_events WHERE tenant_id = ?1 AND contact_id = ?2",
])
.kept_rows("c.rowid")
.ids_as_rowids("c.rowid");

fn from_row(r: &Row<'_>) -> rusqlite::Result<Arc<Contact>> {
    Ok(Arc::new(Contact {
        id: r.get(0)?,
        owner_user_id: r.get(1)?,
        assigned_user_id: r.get(2)?,
        first_name: r.get(3)?,
        last_name: r.get(4)?,
        email: r.get(5)?,
        mobile_phone: r.get(6)?,
        home_phone: r.get(7)?,
        office_phone: r.get(8)?,
        fax: r.get(9)?,
        company: r.get(10)?,
        birthday: r.get(11)?,
        anniversary: r.get(12)?,
        spouse_name: r.get(13)?,
        spouse_email: r.get(14)?,
        spouse_phone: r.get(15)?,
        spouse_birthday: r.get(16)?,
        tags: r.get(17)?,
        hotness_id: r.get(18)?,
        source_id: r.get(19)?,
        created_at: r.get(20)?,
        modified_at: r.get(21)?,
        docs: Docs { addresses: r.get(22)?, custom_values: r.get(23)? },
    }))
}

/// The contacts of `tenant` `user` may see, as a find reads them.
pub fn visible(tenant: &TenantId, user: i64) -> Scope {
    visibility::of_contacts(tenant, user)
}

/// Whether `user` may see a contact, as a get by id reads it.
pub fn visible_one(user: i64) -> Scope {
    visibility::of_contact(user)
}

/// Contact `id` if `user` may see it (and it matches `query`'s conditions, when given).
pub fn get_visible(
    tx: &Tx,
    tenant: &TenantId,
    user: i64,
    id: i64,
    query: Option<&Query>,
) -> rusqlite::Result<Option<Arc<Contact>>> {
    TABLE.get(tx, tenant, &visible_one(user), id, query)
}

/// Contact `id` whoever owns it.
pub fn get(tx: &Tx, tenant: &TenantId, id: i64) -> rusqlite::Result<Option<Arc<Contact>>> {
    TABLE.by_id(tx, tenant, &id)
}

/// Contact `id`'s stored embed documents (none when it does not exist).
pub fn docs(tx: &Tx, tenant: &TenantId, id: i64) -> rusqlite::Result<Docs> {
    let sql = "SELECT addresses_doc, custom_values_doc FROM ld_contacts WHERE tenant_id = ?1 AND id = ?2";
    let docs =
        tx.prepare_cached(sql)?.query_row(params![tenant, id], |r| Ok(Docs { addresses: r.get(0)?, custom_values: r.get(1)? }));
    docs.optional().map(Option::unwrap_or_default)
}

/// Runs `sql`, whose `?1`..`?23` are a contact row's values in `ld_contacts`' column order and,
/// with `docs`, `?24` and `?25` its documents (an update leaves them to the triggers).
fn write_row(tx: &Tx, sql: &'static str, tenant: &TenantId, c: &Contact, docs: bool) -> rusqlite::Result<()> {
    let mut values: Vec<&dyn ToSql> = vec![
        tenant,
        &c.id,
        &c.owner_user_id,
        &c.assigned_user_id,
        &c.first_name,
        &c.last_name,
        &c.email,
        &c.mobile_phone,
        &c.home_phone,
        &c.office_phone,
        &c.fax,
        &c.company,
        &c.birthday,
        &c.anniversary,
        &c.spouse_name,
        &c.spouse_email,
        &c.spouse_phone,
        &c.spouse_birthday,
        &c.tags,
        &c.hotness_id,
        &c.source_id,
        &c.created_at,
        &c.modified_at,
    ];
    if docs {
        values.extend([&c.docs.addresses as &dyn ToSql, &c.docs.custom_values]);
    }
    tx.prepare_cached(sql)?.execute(values.as_slice())?;
    Ok(())
}

/// Stores a new contact, with the documents it carries (a new contact's are none: the
/// generator, which writes a contact's addresses and values before it, gives them).
pub fn insert(tx: &Tx, tenant: &TenantId, c: &Contact) -> rusqlite::Result<()> {
    write_row(
        tx,
        "INSERT INTO ld_contacts (tenant_id, id, owner_user_id, assigned_user_id, first_name, last_name, email, mobile_phone,
             home_phone, office_phone, fax, company, birthday, anniversary, spouse_name, spouse_email, spouse_phone,
             spouse_birthday, tags, hotness_id, source_id, created_at, modified_at, addresses_doc, custom_values_doc)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23,
             ?24, ?25)",
        tenant,
        c,
        true,
    )
}

/// Writes what may change of a contact (not its documents).
pub fn update(tx: &Tx, tenant: &TenantId, c: &Contact) -> rusqlite::Result<()> {
    write_row(
        tx,
        "UPDATE ld_contacts SET owner_user_id = ?3, assigned_user_id = ?4, first_name = ?5, last_name = ?6, email = ?7,
             mobile_phone = ?8, home_phone = ?9, office_phone = ?10, fax = ?11, company = ?12, birthday = ?13, anniversary = ?14,
             spouse_name = ?15, spouse_email = ?16, spouse_phone = ?17, spouse_birthday = ?18, tags = ?19, hotness_id = ?20,
             source_id = ?21, created_at = ?22, modified_at = ?23
         WHERE tenant_id = ?1 AND id = ?2",
        tenant,
        c,
        false,
    )
}

/// Shares contact `contact` with `user` (idempotent).
pub fn share(tx: &Tx, tenant: &TenantId, contact: i64, user: i64) -> rusqlite::Result<()> {
    tx.prepare_cached("INSERT OR IGNORE INTO ld_contact_shares (tenant_id, contact_id, user_id) VALUES (?1, ?2, ?3)")?
        .execute(params![tenant, contact, user])?;
    Ok(())
}

/// Sets the value of a custom field on a contact (a null value is kept, as null).
pub fn set_custom_value(tx: &Tx, tenant: &TenantId, contact: i64, field: i64, value: Option<&str>) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO ld_custom_field_values (tenant_id, contact_id, custom_field_id, value) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (tenant_id, contact_id, custom_field_id) DO UPDATE SET value = excluded.value",
    )?
    .execute(params![tenant, contact, field, value])?;
    Ok(())
}

/// The per-user lists a contact names a record of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owned {
    Hotness,
    Source,
    CustomField,
}

/// Whether `user` owns record `id` of list `list`.
pub fn owns(tx: &Tx, tenant: &TenantId, list: Owned, user: i64, id: i64) -> rusqlite::Result<bool> {
    let sql = match list {
        Owned::Hotness => "SELECT 1 FROM ld_hotnesses WHERE tenant_id = ?1 AND id = ?2 AND user_id = ?3",
        Owned::Source => "SELECT 1 FROM ld_contact_sources WHERE tenant_id = ?1 AND id = ?2 AND user_id = ?3",
        Owned::CustomField => "SELECT 1 FROM ld_custom_fields WHERE tenant_id = ?1 AND id = ?2 AND user_id = ?3",
    };
    Ok(tx.prepare_cached(sql)?.query_row(params![tenant, id, user], |_| Ok(())).optional()?.is_some())
}

/// The ids of the records of list `list` that `user` owns, in order.
pub fn owned_ids(tx: &Tx, tenant: &TenantId, list: Owned, user: i64) -> rusqlite::Result<Vec<i64>> {
    let sql = match list {
        Owned::Hotness => "SELECT id FROM ld_hotnesses WHERE tenant_id = ?1 AND user_id = ?2 ORDER BY id",
        Owned::Source => "SELECT id FROM ld_contact_sources WHERE tenant_id = ?1 AND user_id = ?2 ORDER BY id",
        Owned::CustomField => "SELECT id FROM ld_custom_fields WHERE tenant_id = ?1 AND user_id = ?2 ORDER BY id",
    };
    tx.prepare_cached(sql)?.query_map(params![tenant, user], |r| r.get(0))?.collect()
}

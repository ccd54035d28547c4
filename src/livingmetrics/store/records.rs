//! Reading the records other than contacts and tasks: organizations, histories, contact lists,
//! products, the id-and-name lists (product statuses, task outcomes, types and statuses),
//! custom fields and data imports.

use rusqlite::{OptionalExtension, Row, params};

use crate::core::TenantId;
use crate::core::Tx;
use crate::core::sql::{Order, SortDir, Table};

use super::super::filters::{ContactListQuery, HistoryQuery, OrganizationQuery, Paging, sql};
use super::super::model::{ContactList, History, Named, Organization, Product, raw};

/// Organizations, by default newest first (the document's default `order_by`).
pub const ORGANIZATIONS: Table<Organization> = Table::new(
    "lm_organizations",
    "lm_organizations o",
    ["o.tenant_id", "o.id"],
    "o.id, o.name, o.domain, o.phone, o.tags, o.created_at, o.updated_at, o.last_activity_at",
    |r| {
        Ok(Organization {
            id: r.get(0)?,
            name: r.get(1)?,
            domain: r.get(2)?,
            phone: r.get(3)?,
            tags: raw(r.get(4)?),
            created_at: r.get(5)?,
            updated_at: r.get(6)?,
            last_activity_at: r.get(7)?,
        })
    },
)
.ordered(&[("o.created_at", SortDir::Desc), ("o.id", SortDir::Desc)]);

/// Histories, by default newest first.
pub const HISTORIES: Table<History> = Table::new(
    "lm_histories",
    "lm_histories h",
    ["h.tenant_id", "h.id"],
    "h.id, h.contact_id, h.history_type, h.campaign_id, h.email_guid, h.tracked_number_id, h.description, h.created_at",
    history_from_row,
)
.ordered(&[("h.created_at", SortDir::Desc), ("h.id", SortDir::Desc)]);

/// A history row in `HISTORIES`' column order (also a contact's timeline).
pub fn history_from_row(r: &Row<'_>) -> rusqlite::Result<History> {
    Ok(History {
        id: r.get(0)?,
        contact_id: r.get(1)?,
        history_type: r.get(2)?,
        campaign_id: r.get(3)?,
        email_guid: r.get(4)?,
        tracked_number_id: r.get(5)?,
        description: r.get(6)?,
        created_at: r.get(7)?,
    })
}

/// Contact lists, by default newest first (the document's default `order_by`).
pub const CONTACT_LISTS: Table<ContactList> = Table::new(
    "lm_contact_lists",
    "lm_contact_lists l",
    ["l.tenant_id", "l.id"],
    "l.id, l.name, l.tags, l.created_at, l.updated_at",
    |r| Ok(ContactList { id: r.get(0)?, name: r.get(1)?, tags: raw(r.get(2)?), created_at: r.get(3)?, updated_at: r.get(4)? }),
)
.ordered(&[("l.created_at", SortDir::Desc), ("l.id", SortDir::Desc)]);

/// Products, newest first, as the document says.
pub const PRODUCTS: Table<Product> = Table::new(
    "lm_products",
    "lm_products p",
    ["p.tenant_id", "p.id"],
    "p.id, p.name, p.status_id, p.price, p.created_at, p.updated_at",
    |r| {
        Ok(Product {
            id: r.get(0)?,
            name: r.get(1)?,
            status_id: r.get(2)?,
            price: r.get(3)?,
            created_at: r.get(4)?,
            updated_at: r.get(5)?,
        })
    },
)
.ordered(&[("p.created_at", SortDir::Desc), ("p.id", SortDir::Desc)]);

/// Get Organizations.
pub fn organizations(tx: &Tx, tenant: &TenantId, q: &OrganizationQuery) -> rusqlite::Result<(Vec<Organization>, i64)> {
    super::page(tx, tenant, &ORGANIZATIONS, Some(sql::organizations(&q.filter)), &sql::order(&q.sort), q.paging)
}

/// Get Histories.
pub fn histories(tx: &Tx, tenant: &TenantId, q: &HistoryQuery) -> rusqlite::Result<(Vec<History>, i64)> {
    super::page(tx, tenant, &HISTORIES, Some(sql::histories(&q.filter)), &sql::order(&q.sort), q.paging)
}

/// Get Static Contact Lists.
pub fn contact_lists(tx: &Tx, tenant: &TenantId, q: &ContactListQuery) -> rusqlite::Result<(Vec<ContactList>, i64)> {
    super::page(tx, tenant, &CONTACT_LISTS, Some(sql::contact_lists(q)), &sql::order(&q.sort), q.paging)
}

/// List Products (Units).
pub fn products(tx: &Tx, tenant: &TenantId, paging: &Paging) -> rusqlite::Result<(Vec<Product>, i64)> {
    super::page(tx, tenant, &PRODUCTS, None, &Order::default(), *paging)
}

/// Get Product by ID.
pub fn product(tx: &Tx, tenant: &TenantId, id: i64) -> rusqlite::Result<Option<Product>> {
    PRODUCTS.by_id(tx, tenant, &id)
}

/// The id-and-name lists, each in id order.
#[derive(Debug, Clone, Copy)]
pub enum NamedList {
    TaskOutcomes,
    TaskTypes,
    TaskStatuses,
    ProductStatuses,
}

fn named_from_row(r: &Row<'_>) -> rusqlite::Result<Named> {
    Ok(Named { id: r.get(0)?, name: r.get(1)? })
}

const TASK_OUTCOMES: Table<Named> =
    Table::new("lm_task_outcomes", "lm_task_outcomes n", ["n.tenant_id", "n.id"], "n.id, n.name", named_from_row);
const TASK_TYPES: Table<Named> =
    Table::new("lm_task_types", "lm_task_types n", ["n.tenant_id", "n.id"], "n.id, n.name", named_from_row);
const TASK_STATUSES: Table<Named> =
    Table::new("lm_task_statuses", "lm_task_statuses n", ["n.tenant_id", "n.id"], "n.id, n.name", named_from_row);
const PRODUCT_STATUSES: Table<Named> =
    Table::new("lm_product_statuses", "lm_product_statuses n", ["n.tenant_id", "n.id"], "n.id, n.name", named_from_row);

impl NamedList {
    fn table(self) -> &'static Table<Named> {
        match self {
            NamedList::TaskOutcomes => &TASK_OUTCOMES,
            NamedList::TaskTypes => &TASK_TYPES,
            NamedList::TaskStatuses => &TASK_STATUSES,
            NamedList::ProductStatuses => &PRODUCT_STATUSES,
        }
    }
}

/// A page of one of the id-and-name lists.
pub fn named(tx: &Tx, tenant: &TenantId, list: NamedList, paging: Paging) -> rusqlite::Result<(Vec<Named>, i64)> {
    super::page(tx, tenant, list.table(), None, &Order::default(), paging)
}

/// A custom field: id, name, type and whether the PowerDialer shows it.
pub type CustomField = (i64, String, String, bool);

pub fn custom_fields(tx: &Tx, tenant: &TenantId) -> rusqlite::Result<Vec<CustomField>> {
    tx.prepare_cached("SELECT id, name, type, powerdialer FROM lm_custom_fields WHERE tenant_id = ?1 ORDER BY id")?
        .query_map([tenant], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect()
}

/// The field keys a data import mapped, in its order; `None` when there is no such import.
pub fn data_import_keys(tx: &Tx, tenant: &TenantId, id: i64) -> rusqlite::Result<Option<Vec<String>>> {
    let text: Option<String> = tx
        .prepare_cached("SELECT field_keys FROM lm_data_imports WHERE tenant_id = ?1 AND id = ?2")?
        .query_row(params![tenant, id], |r| r.get(0))
        .optional()?;
    Ok(text.map(|t| serde_json::from_str(&t).unwrap_or_default()))
}

//! Reading the records other than contacts: tasks, organizations, histories, contact lists,
//! products, the id-and-name lists (task outcomes, types, statuses, product statuses), custom
//! fields and data imports.

use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Row, Transaction, params, params_from_iter};

use crate::core::TenantId;
use crate::core::paging::Window;
use crate::core::sql::Filter;

use super::super::model::{ContactList, History, Named, Organization, Product, Task, raw};

/// `SELECT columns FROM from WHERE filter ORDER BY order LIMIT/OFFSET` and the matching total.
/// `columns`, `from` and `order` are SQL from this module's constants and `Column`s only.
pub fn page_of<T>(
    tx: &Transaction,
    columns: &str,
    from: &str,
    filter: &Filter,
    order: &str,
    window: Window,
    map: fn(&Row<'_>) -> rusqlite::Result<T>,
) -> rusqlite::Result<(Vec<T>, i64)> {
    let sql = format!("SELECT {columns} FROM {from} WHERE {} ORDER BY {order} LIMIT ? OFFSET ?", filter.sql());
    let mut values = filter.params().to_vec();
    values.push(Value::Integer(window.limit));
    values.push(Value::Integer(window.offset));
    let rows = tx.prepare_cached(&sql)?.query_map(params_from_iter(values), map)?.collect::<Result<Vec<T>, _>>()?;
    let count = format!("SELECT count(*) FROM {from} WHERE {}", filter.sql());
    let total = tx.prepare_cached(&count)?.query_row(params_from_iter(filter.params()), |r| r.get(0))?;
    Ok((rows, total))
}

pub const TASK_COLUMNS: &str = "t.id, t.contact_id, t.user_id, t.title, t.description, t.type_id, t.status_id, t.outcome_id,
    t.due_at, t.completed, t.completed_at, t.created_at, t.updated_at";
/// Tasks come soonest-due first; tasks without a due date last.
pub const TASK_ORDER: &str = "t.due_at IS NULL, t.due_at, t.id";

pub fn task_from_row(r: &Row<'_>) -> rusqlite::Result<Task> {
    Ok(Task {
        id: r.get(0)?,
        contact_id: r.get(1)?,
        user_id: r.get(2)?,
        title: r.get(3)?,
        description: r.get(4)?,
        type_id: r.get(5)?,
        status_id: r.get(6)?,
        outcome_id: r.get(7)?,
        due_at: r.get(8)?,
        completed: r.get(9)?,
        completed_at: r.get(10)?,
        created_at: r.get(11)?,
        updated_at: r.get(12)?,
    })
}

pub fn task(tx: &Transaction, tenant: &TenantId, id: i64) -> rusqlite::Result<Option<Task>> {
    let sql = format!("SELECT {TASK_COLUMNS} FROM lm_tasks t WHERE t.tenant_id = ?1 AND t.id = ?2");
    tx.prepare_cached(&sql)?.query_row(params![tenant, id], task_from_row).optional()
}

pub const ORGANIZATION_COLUMNS: &str = "o.id, o.name, o.domain, o.phone, o.tags, o.created_at, o.updated_at, o.last_activity_at";

pub fn organization_from_row(r: &Row<'_>) -> rusqlite::Result<Organization> {
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
}

pub const HISTORY_COLUMNS: &str =
    "h.id, h.contact_id, h.history_type, h.campaign_id, h.email_guid, h.tracked_number_id, h.description, h.created_at";

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

pub const CONTACT_LIST_COLUMNS: &str = "l.id, l.name, l.tags, l.created_at, l.updated_at";

pub fn contact_list_from_row(r: &Row<'_>) -> rusqlite::Result<ContactList> {
    Ok(ContactList { id: r.get(0)?, name: r.get(1)?, tags: raw(r.get(2)?), created_at: r.get(3)?, updated_at: r.get(4)? })
}

pub const PRODUCT_COLUMNS: &str = "p.id, p.name, p.status_id, p.price, p.created_at, p.updated_at";
/// Products come newest first, as the document says.
pub const PRODUCT_ORDER: &str = "p.created_at DESC, p.id DESC";

pub fn product_from_row(r: &Row<'_>) -> rusqlite::Result<Product> {
    Ok(Product {
        id: r.get(0)?,
        name: r.get(1)?,
        status_id: r.get(2)?,
        price: r.get(3)?,
        created_at: r.get(4)?,
        updated_at: r.get(5)?,
    })
}

pub fn product(tx: &Transaction, tenant: &TenantId, id: i64) -> rusqlite::Result<Option<Product>> {
    let sql = format!("SELECT {PRODUCT_COLUMNS} FROM lm_products p WHERE p.tenant_id = ?1 AND p.id = ?2");
    tx.prepare_cached(&sql)?.query_row(params![tenant, id], product_from_row).optional()
}

/// The id-and-name lists.
#[derive(Debug, Clone, Copy)]
pub enum NamedList {
    TaskOutcomes,
    TaskTypes,
    TaskStatuses,
    ProductStatuses,
}

impl NamedList {
    /// The table, aliased `n`.
    pub fn from(self) -> &'static str {
        match self {
            NamedList::TaskOutcomes => "lm_task_outcomes n",
            NamedList::TaskTypes => "lm_task_types n",
            NamedList::TaskStatuses => "lm_task_statuses n",
            NamedList::ProductStatuses => "lm_product_statuses n",
        }
    }
}

pub fn named_from_row(r: &Row<'_>) -> rusqlite::Result<Named> {
    Ok(Named { id: r.get(0)?, name: r.get(1)? })
}

/// A custom field: id, name, type and whether the PowerDialer shows it.
pub type CustomField = (i64, String, String, bool);

pub fn custom_fields(tx: &Transaction, tenant: &TenantId) -> rusqlite::Result<Vec<CustomField>> {
    tx.prepare_cached("SELECT id, name, type, powerdialer FROM lm_custom_fields WHERE tenant_id = ?1 ORDER BY id")?
        .query_map([tenant], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect()
}

/// The field keys a data import mapped, in its order; `None` when there is no such import.
pub fn data_import_keys(tx: &Transaction, tenant: &TenantId, id: i64) -> rusqlite::Result<Option<Vec<String>>> {
    let text: Option<String> = tx
        .prepare_cached("SELECT field_keys FROM lm_data_imports WHERE tenant_id = ?1 AND id = ?2")?
        .query_row(params![tenant, id], |r| r.get(0))
        .optional()?;
    Ok(text.map(|t| serde_json::from_str(&t).unwrap_or_default()))
}

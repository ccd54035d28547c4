//! Writing arranged records. SQL only: the checks happen in `seed.rs` before these run.

use rusqlite::{OptionalExtension, params};
use serde_json::{Map, Value, json};

use crate::core::Tx;
use crate::core::{Arranging, TenantId, sequence};

use super::super::input;

/// The tables an arranged record can land in or refer to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    Users,
    CustomFields,
    TaskOutcomes,
    TaskTypes,
    TaskStatuses,
    ProductStatuses,
    Organizations,
    ContactLists,
    Products,
    DataImports,
    Contacts,
    Deals,
    Tasks,
    Histories,
}

impl Target {
    /// The table's name, also its id sequence's.
    pub fn name(self) -> &'static str {
        match self {
            Target::Users => "lm_users",
            Target::CustomFields => "lm_custom_fields",
            Target::TaskOutcomes => "lm_task_outcomes",
            Target::TaskTypes => "lm_task_types",
            Target::TaskStatuses => "lm_task_statuses",
            Target::ProductStatuses => "lm_product_statuses",
            Target::Organizations => "lm_organizations",
            Target::ContactLists => "lm_contact_lists",
            Target::Products => "lm_products",
            Target::DataImports => "lm_data_imports",
            Target::Contacts => "lm_contacts",
            Target::Deals => "lm_deals",
            Target::Tasks => "lm_tasks",
            Target::Histories => "lm_histories",
        }
    }

    /// How an error names a record of the table.
    pub fn noun(self) -> &'static str {
        match self {
            Target::Users => "user",
            Target::CustomFields => "custom field",
            Target::TaskOutcomes => "task outcome",
            Target::TaskTypes => "task type",
            Target::TaskStatuses => "task status",
            Target::ProductStatuses => "product status",
            Target::Organizations => "organization",
            Target::ContactLists => "contact list",
            Target::Products => "product",
            Target::DataImports => "data import",
            Target::Contacts => "contact",
            Target::Deals => "deal",
            Target::Tasks => "task",
            Target::Histories => "history",
        }
    }
}

pub fn api_key_taken(tx: &Tx, key: &str) -> rusqlite::Result<bool> {
    Ok(tx.prepare_cached("SELECT 1 FROM lm_users WHERE api_key = ?1")?.query_row([key], |_| Ok(())).optional()?.is_some())
}

pub fn user(tx: &Tx, tenant: &TenantId, id: i64, u: &input::User) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO lm_users (tenant_id, id, first_name, last_name, email, api_key, own_tasks_only) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![tenant, id, u.first_name, u.last_name, u.email, u.api_key, u.own_tasks_only])?;
    Ok(())
}

pub fn named(tx: &Tx, tenant: &TenantId, table: Target, id: i64, name: &str) -> rusqlite::Result<()> {
    let sql = match table {
        Target::TaskOutcomes => "INSERT INTO lm_task_outcomes (tenant_id, id, name) VALUES (?1, ?2, ?3)",
        Target::TaskTypes => "INSERT INTO lm_task_types (tenant_id, id, name) VALUES (?1, ?2, ?3)",
        Target::TaskStatuses => "INSERT INTO lm_task_statuses (tenant_id, id, name) VALUES (?1, ?2, ?3)",
        _ => "INSERT INTO lm_product_statuses (tenant_id, id, name) VALUES (?1, ?2, ?3)",
    };
    tx.prepare_cached(sql)?.execute(params![tenant, id, name])?;
    Ok(())
}

pub fn custom_field(tx: &Tx, tenant: &TenantId, id: i64, name: &str, kind: &str, powerdialer: bool) -> rusqlite::Result<()> {
    tx.prepare_cached("INSERT INTO lm_custom_fields (tenant_id, id, name, type, powerdialer) VALUES (?1, ?2, ?3, ?4, ?5)")?
        .execute(params![tenant, id, name, kind, powerdialer])?;
    Ok(())
}

/// The id of the organization tag `name`, created when new; `Err` when an explicit `id` is
/// neither free nor already this name's id (saying why not).
pub fn organization_tag(a: &Arranging<'_>, id: Option<i64>, name: &str) -> rusqlite::Result<Result<i64, String>> {
    let (tx, tenant) = (a.tx, a.tenant);
    let by_name: Option<i64> = tx
        .prepare_cached("SELECT id FROM lm_organization_tags WHERE tenant_id = ?1 AND name = ?2")?
        .query_row(params![tenant, name], |r| r.get(0))
        .optional()?;
    Ok(match (id, by_name) {
        (Some(id), Some(existing)) if id != existing => Err(format!("tag '{name}' already has id {existing}")),
        (_, Some(existing)) => Ok(existing),
        (Some(id), None) if a.exists(ORGANIZATION_TAGS, id)? => Err(format!("tag id {id} belongs to another name")),
        (Some(id), None) => {
            sequence::claim_id(tx, tenant, ORGANIZATION_TAGS, id)?;
            insert_tag(tx, tenant, id, name)?;
            Ok(id)
        }
        (None, None) => {
            let id = sequence::next_id(tx, tenant, ORGANIZATION_TAGS)?;
            insert_tag(tx, tenant, id, name)?;
            Ok(id)
        }
    })
}

/// Organization tags, a table of their own (with its own id sequence).
const ORGANIZATION_TAGS: &str = "lm_organization_tags";

fn insert_tag(tx: &Tx, tenant: &TenantId, id: i64, name: &str) -> rusqlite::Result<()> {
    tx.prepare_cached("INSERT INTO lm_organization_tags (tenant_id, id, name) VALUES (?1, ?2, ?3)")?
        .execute(params![tenant, id, name])?;
    Ok(())
}

pub struct OrganizationRow<'a> {
    pub id: i64,
    pub o: &'a input::Organization,
    pub tags: &'a [(i64, String)],
    pub search: &'a str,
    pub created: &'a str,
    pub updated: &'a str,
    pub activity: Option<&'a str>,
}

pub fn organization(tx: &Tx, tenant: &TenantId, row: &OrganizationRow<'_>) -> rusqlite::Result<()> {
    let tags: Vec<Value> = row.tags.iter().map(|(id, name)| json!({"id": id, "name": name})).collect();
    tx.prepare_cached(
        "INSERT INTO lm_organizations (tenant_id, id, name, domain, phone, tags, search_text, created_at, updated_at, last_activity_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        tenant, row.id, row.o.name, row.o.domain, row.o.phone, Value::Array(tags).to_string(), row.search, row.created, row.updated, row.activity
    ])?;
    let mut link = tx.prepare_cached(
        "INSERT OR IGNORE INTO lm_organization_tag_links (tenant_id, tag_id, organization_id) VALUES (?1, ?2, ?3)",
    )?;
    for (tag_id, _) in row.tags {
        link.execute(params![tenant, tag_id, row.id])?;
    }
    Ok(())
}

pub fn contact_list(
    tx: &Tx,
    tenant: &TenantId,
    id: i64,
    l: &input::ContactList,
    created: &str,
    updated: &str,
) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO lm_contact_lists (tenant_id, id, name, tags, is_static, sales_visible, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![tenant, id, l.name, json!(l.tags).to_string(), l.is_static, l.visible_to_sales, created, updated])?;
    Ok(())
}

pub fn product(tx: &Tx, tenant: &TenantId, id: i64, p: &input::Product, created: &str, updated: &str) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO lm_products (tenant_id, id, name, status_id, price, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![tenant, id, p.name, p.status_id, p.price, created, updated])?;
    Ok(())
}

pub fn data_import(tx: &Tx, tenant: &TenantId, id: i64, name: &str, keys: &[String], created: &str) -> rusqlite::Result<()> {
    tx.prepare_cached("INSERT INTO lm_data_imports (tenant_id, id, name, field_keys, created_at) VALUES (?1, ?2, ?3, ?4, ?5)")?
        .execute(params![tenant, id, name, json!(keys).to_string(), created])?;
    Ok(())
}

pub struct ContactRow<'a> {
    pub id: i64,
    pub c: &'a input::Contact,
    pub custom: &'a Map<String, Value>,
    pub search: &'a str,
    pub created: &'a str,
    pub updated: &'a str,
    pub visible: &'a str,
}

pub fn contact(tx: &Tx, tenant: &TenantId, row: &ContactRow<'_>) -> rusqlite::Result<()> {
    let c = row.c;
    tx.prepare_cached(
        "INSERT INTO lm_contacts (tenant_id, id, first_name, last_name, company, title, emails, phones, tags, lead_score,
                                  employer_id, list_ids, crm_ids, custom, search_text, created_at, updated_at, visible_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
    )?
    .execute(params![
        tenant,
        row.id,
        c.first_name,
        c.last_name,
        c.company,
        c.title,
        json_text(&c.emails),
        json_text(&c.phones),
        json_text(&c.tags),
        c.lead_score,
        c.employer_id,
        json_text(&c.list_ids),
        json_text(&c.crm_ids),
        Value::Object(row.custom.clone()).to_string(),
        row.search,
        row.created,
        row.updated,
        row.visible
    ])?;
    let mut tag = tx.prepare_cached("INSERT OR IGNORE INTO lm_contact_tags (tenant_id, tag, contact_id) VALUES (?1, ?2, ?3)")?;
    for t in &c.tags {
        // Lower-cased here and in the filter: NOCASE folds ASCII only.
        tag.execute(params![tenant, t.to_lowercase(), row.id])?;
    }
    let mut member =
        tx.prepare_cached("INSERT OR IGNORE INTO lm_list_members (tenant_id, list_id, contact_id) VALUES (?1, ?2, ?3)")?;
    for list_id in &c.list_ids {
        member.execute(params![tenant, list_id, row.id])?;
    }
    let mut crm = tx.prepare_cached(
        "INSERT OR IGNORE INTO lm_contact_crm (tenant_id, crm_id, crm_type, crm_object_type, contact_id) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for id in &c.crm_ids {
        crm.execute(params![tenant, id.crm_id, id.crm_type, id.crm_object_type, row.id])?;
    }
    Ok(())
}

/// A list column's JSON text.
fn json_text<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "[]".to_owned())
}

pub fn deal(
    tx: &Tx,
    tenant: &TenantId,
    id: i64,
    contact_id: i64,
    d: &input::Deal,
    created: &str,
    updated: &str,
) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO lm_deals (tenant_id, id, contact_id, name, value, stage, product_id, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![tenant, id, contact_id, d.name, d.value, d.stage, d.product_id, created, updated])?;
    Ok(())
}

pub struct TaskRow<'a> {
    pub id: i64,
    pub t: &'a input::Task,
    pub due: Option<&'a str>,
    pub completed: bool,
    pub completed_at: Option<&'a str>,
    pub created: &'a str,
    pub updated: &'a str,
}

pub fn task(tx: &Tx, tenant: &TenantId, row: &TaskRow<'_>) -> rusqlite::Result<()> {
    let t = row.t;
    tx.prepare_cached(
        "INSERT INTO lm_tasks (tenant_id, id, contact_id, user_id, title, description, type_id, status_id, outcome_id,
                               due_at, completed, completed_at, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?
    .execute(params![
        tenant,
        row.id,
        t.contact_id,
        t.user_id,
        t.title,
        t.description,
        t.type_id,
        t.status_id,
        t.outcome_id,
        row.due,
        row.completed,
        row.completed_at,
        row.created,
        row.updated
    ])?;
    Ok(())
}

pub fn history(tx: &Tx, tenant: &TenantId, id: i64, h: &input::History, created: &str) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO lm_histories (tenant_id, id, contact_id, history_type, campaign_id, email_guid, tracked_number_id, description, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![tenant, id, h.contact_id, h.history_type, h.campaign_id, h.email_guid, h.tracked_number_id, h.description, created])?;
    Ok(())
}

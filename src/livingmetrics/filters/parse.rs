//! Query string → the typed query of one endpoint. Each endpoint's parameters are a list in
//! the order its 400 names them; values are read in a fixed order (paging, order, flags, then
//! the filters as the document lists them), so that the first bad one is the one reported.

use super::ast::*;
use super::fields::{contact, contact_list, history, organization};
use super::params::{MAX_LIMIT, Params};
use super::{FilterError, Reason};

type Result<T> = std::result::Result<T, FilterError>;

/// List Contacts' parameters: paging, order and attachments, then the filters, which are
/// also the whole of Get Contact Count's.
const CONTACT_PARAMS: &[&str] = &[
    "page",
    "limit",
    "include_deals",
    "include_timeline",
    "order",
    "order_by",
    "search_term",
    "search_list_id",
    "search_tag",
    "history_type",
    "employer_id",
    "contact_ids",
    "tracked_phone_id",
    "crm_ids",
    "crm_type",
    "crm_object_type",
    "created_by",
    "updated_by",
];
/// Get Contact Count takes every List Contacts filter and no paging, order or attachment
/// (docs/fidelity.md).
const CONTACT_COUNT_PARAMS: &[&str] = CONTACT_PARAMS.split_at(6).1;
const CONTACT_DETAILS_PARAMS: &[&str] = &["include_deals"];
const FIELDS_PARAMS: &[&str] = &["data_import_id", "powerdialer_only", "page", "limit"];
const FIELD_PARAMS: &[&str] = &["field_key"];
const ORGANIZATION_PARAMS: &[&str] = &["page", "limit", "tags", "tag", "search_term", "order", "order_by"];
const TASK_PARAMS: &[&str] = &["limit", "page", "include_completed", "user_only", "contact_id"];
const CONTACT_TASK_PARAMS: &[&str] = &["include_completed", "user_only", "page", "limit"];
const HISTORY_PARAMS: &[&str] = &[
    "page",
    "limit",
    "history_type",
    "campaign_id",
    "contact_id",
    "start_date",
    "end_date",
    "last_history_id",
    "contact_group",
    "search_term",
    "order",
    "email_guid",
    "tracked_number_id",
];
const CONTACT_LIST_PARAMS: &[&str] = &["page", "limit", "tag", "order", "order_by"];
const PRODUCT_PARAMS: &[&str] = &["limit", "page"];
const NAMED_LIST_PARAMS: &[&str] = &["page", "limit"];

/// The default `limit` of every list but contact lists and field definitions.
const DEFAULT_LIMIT: i64 = 100;

/// List Contacts / Get Prospects: `GET /v1/contacts`.
pub fn contacts(query: &str) -> Result<ContactQuery> {
    let p = Params::parse(query, CONTACT_PARAMS)?;
    let paging = p.paging(DEFAULT_LIMIT)?;
    // Contacts read `order_by` before `order`; the other sorted lists after it.
    let by = p.order_by(&contact::ORDER_BY, contact::DEFAULT_ORDER)?;
    let sort = Sort { by, id: contact::ID, dir: p.order()? };
    let include = Include { deals: p.flag("include_deals")?, timeline: p.flag("include_timeline")? };
    Ok(ContactQuery { filter: contact_filter(&p)?, sort, include, paging })
}

/// Get Contact Count: `GET /v1/contacts/count`.
pub fn contact_count(query: &str) -> Result<ContactFilter> {
    contact_filter(&Params::parse(query, CONTACT_COUNT_PARAMS)?)
}

fn contact_filter(p: &Params) -> Result<ContactFilter> {
    Ok(ContactFilter {
        search_term: p.text("search_term"),
        search_list_id: p.id("search_list_id")?,
        // Lower-cased here and when stored: SQLite's NOCASE folds ASCII only.
        search_tag: p.list("search_tag")?.map(|tags| tags.iter().map(|t| t.to_lowercase()).collect()),
        history_type: p.list("history_type")?,
        tracked_phone_id: p.id("tracked_phone_id")?,
        employer_id: p.id("employer_id")?,
        contact_ids: p.ids("contact_ids")?,
        crm: crm_filter(p)?,
        created_by: p.instant("created_by", false)?,
        updated_by: p.instant("updated_by", false)?,
    })
}

/// `crm_ids` (a JSON array of strings or numbers, or a comma-separated string), `crm_type` and
/// `crm_object_type`: one CRM link with all that are given. `crm_ids=[]` counts as absent.
fn crm_filter(p: &Params) -> Result<Option<CrmFilter>> {
    let ids = match p.get("crm_ids") {
        Some(raw) if raw.starts_with('[') => {
            let bad = || FilterError::invalid("crm_ids", raw, "a JSON array of ids or a comma-separated list");
            let items: Vec<serde_json::Value> = serde_json::from_str(raw).map_err(|_| bad())?;
            let ids = items
                .into_iter()
                .map(|item| match item {
                    serde_json::Value::String(s) => Ok(s),
                    serde_json::Value::Number(n) => Ok(n.to_string()),
                    _ => Err(bad()),
                })
                .collect::<Result<Vec<String>>>()?;
            (!ids.is_empty()).then_some(ids)
        }
        _ => p.list("crm_ids")?,
    };
    let crm = CrmFilter { ids, crm_type: p.text("crm_type"), crm_object_type: p.text("crm_object_type") };
    Ok((crm != CrmFilter::default()).then_some(crm))
}

/// Get Contact Details: `GET /v1/contacts/{id}`.
pub fn contact_details(query: &str) -> Result<Include> {
    let p = Params::parse(query, CONTACT_DETAILS_PARAMS)?;
    Ok(Include { deals: p.flag("include_deals")?, timeline: false })
}

/// List Contact Fields: `GET /v1/contacts/fields`. The document gives it no paging, so one
/// page holds up to the 500-record maximum unless `page`/`limit` ask otherwise.
pub fn contact_fields(query: &str) -> Result<FieldsQuery> {
    let p = Params::parse(query, FIELDS_PARAMS)?;
    let paging = p.paging(MAX_LIMIT)?;
    Ok(FieldsQuery { powerdialer_only: p.flag("powerdialer_only")?, data_import_id: p.id("data_import_id")?, paging })
}

/// Get Contact Field Definition: `GET /v1/contacts/field`; `field_key` is required.
pub fn contact_field(query: &str) -> Result<String> {
    let p = Params::parse(query, FIELD_PARAMS)?;
    p.text("field_key").ok_or_else(|| FilterError { param: "field_key".into(), reason: Reason::Missing })
}

/// Get Organizations: `GET /v1/organizations`.
pub fn organizations(query: &str) -> Result<OrganizationQuery> {
    let p = Params::parse(query, ORGANIZATION_PARAMS)?;
    let paging = p.paging(DEFAULT_LIMIT)?;
    let dir = p.order()?;
    let by = p.order_by(&organization::ORDER_BY, organization::DEFAULT_ORDER)?;
    let filter = OrganizationFilter { tags: p.ids("tags")?, tag: p.text("tag"), search_term: p.text("search_term") };
    Ok(OrganizationQuery { filter, sort: Sort { by, id: organization::ID, dir }, paging })
}

/// Get Tasks: `GET /v1/tasks.json`.
pub fn tasks(query: &str) -> Result<TaskQuery> {
    task_query(&Params::parse(query, TASK_PARAMS)?, true)
}

/// Get Tasks for a Contact (three routes): the tasks of `contact_id`, from the path.
pub fn contact_tasks(query: &str, contact_id: i64) -> Result<TaskQuery> {
    let mut tasks = task_query(&Params::parse(query, CONTACT_TASK_PARAMS)?, false)?;
    tasks.filter.contact_id = Some(contact_id);
    Ok(tasks)
}

fn task_query(p: &Params, with_contact_id: bool) -> Result<TaskQuery> {
    let paging = p.paging(DEFAULT_LIMIT)?;
    let include_completed = p.flag("include_completed")?;
    let user_only = p.flag("user_only")?;
    let contact_id = if with_contact_id { p.id("contact_id")? } else { None };
    Ok(TaskQuery { filter: TaskFilter { include_completed, user_only, contact_id }, paging })
}

/// Get Histories: `GET /v1/histories`, newest first by default.
pub fn histories(query: &str) -> Result<HistoryQuery> {
    let p = Params::parse(query, HISTORY_PARAMS)?;
    let paging = p.paging(DEFAULT_LIMIT)?;
    let sort = Sort { by: history::CREATED_AT, id: history::ID, dir: p.order()? };
    let filter = HistoryFilter {
        history_type: p.list("history_type")?,
        campaign_id: p.id("campaign_id")?,
        contact_id: p.id("contact_id")?,
        tracked_number_id: p.id("tracked_number_id")?,
        email_guid: p.text("email_guid"),
        start_date: p.instant("start_date", false)?,
        end_date: p.instant("end_date", true)?,
        last_history_id: p.int("last_history_id")?,
        contact_group: contact_group(&p)?,
        search_term: p.text("search_term"),
    };
    Ok(HistoryQuery { filter, sort, paging })
}

/// "all", "managed" or "emailed" (the default), in any case.
fn contact_group(p: &Params) -> Result<ContactGroup> {
    match p.get("contact_group") {
        None => Ok(ContactGroup::Emailed),
        Some(v) if v.eq_ignore_ascii_case("all") => Ok(ContactGroup::All),
        Some(v) if v.eq_ignore_ascii_case("managed") => Ok(ContactGroup::Managed),
        Some(v) if v.eq_ignore_ascii_case("emailed") => Ok(ContactGroup::Emailed),
        Some(v) => Err(FilterError::invalid("contact_group", v, "all, managed or emailed")),
    }
}

/// Get Static Contact Lists: `GET /v1/contact_lists`, 10 a page by default (documented).
pub fn contact_lists(query: &str) -> Result<ContactListQuery> {
    let p = Params::parse(query, CONTACT_LIST_PARAMS)?;
    let paging = p.paging(10)?;
    let dir = p.order()?;
    let by = p.order_by(&contact_list::ORDER_BY, contact_list::DEFAULT_ORDER)?;
    Ok(ContactListQuery { tag: p.text("tag"), sort: Sort { by, id: contact_list::ID, dir }, paging })
}

/// List Products (Units): `GET /v1/products`.
pub fn products(query: &str) -> Result<Paging> {
    Params::parse(query, PRODUCT_PARAMS)?.paging(DEFAULT_LIMIT)
}

/// The id-and-name lists: Get Product Statuses, Get Task Outcomes, Types and Statuses.
pub fn named_list(query: &str) -> Result<Paging> {
    Params::parse(query, NAMED_LIST_PARAMS)?.paging(DEFAULT_LIMIT)
}

/// Get Task and Get Product by ID, which take no parameter.
pub fn no_parameters(query: &str) -> Result<()> {
    Params::parse(query, &[]).map(|_| ())
}

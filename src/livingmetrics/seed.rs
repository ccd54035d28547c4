//! Installing a tenant (its API key's user and the defaults every account has) and arranging
//! records: the body of `POST /__admin/tenants/{id}/livingmetrics/{collection}` and the files in
//! `seed-data/livingmetrics/`. Each record is checked whole (fields, lengths, references) before
//! anything is written; the caller's transaction makes a batch all-or-nothing.

use serde_json::{Value, json};

use crate::core::arrange::{self, ArrangeError, Arranging, Collection, Record};

use super::fields::{CUSTOM_FIELD_TYPES, custom_field_id, standard_fields};
use super::input::{self, MAX_ITEMS, MAX_NAME, MAX_TEXT, check_len, instant};
use super::model::timestamp;
use super::store::insert::{self, Target};

/// Collections in load order: what a record refers to is loaded before it.
pub const COLLECTIONS: &[Collection] = &[
    Collection::new("users", user).stored_in("lm_users"),
    Collection::new("custom_fields", custom_field).stored_in("lm_custom_fields"),
    Collection::new("task_outcomes", |a, r| named(a, Target::TaskOutcomes, r)).stored_in("lm_task_outcomes"),
    Collection::new("task_types", |a, r| named(a, Target::TaskTypes, r)).stored_in("lm_task_types"),
    Collection::new("task_statuses", |a, r| named(a, Target::TaskStatuses, r)).stored_in("lm_task_statuses"),
    Collection::new("product_statuses", |a, r| named(a, Target::ProductStatuses, r)).stored_in("lm_product_statuses"),
    Collection::new("organizations", organization).stored_in("lm_organizations"),
    Collection::new("contact_lists", contact_list).stored_in("lm_contact_lists"),
    Collection::new("products", product).stored_in("lm_products"),
    Collection::new("data_imports", data_import).stored_in("lm_data_imports"),
    Collection::new("contacts", contact).stored_in("lm_contacts").keyed(super::store::contacts::SEARCH_INDEX.name),
    Collection::new("deals", deal).stored_in("lm_deals"),
    Collection::new("tasks", task).stored_in("lm_tasks"),
    Collection::new("histories", history).stored_in("lm_histories"),
];

const DEFAULT_TASK_OUTCOMES: &[&str] =
    &["Connected", "Left Voicemail", "No Answer", "Wrong Number", "Not Interested", "Meeting Booked"];
const DEFAULT_TASK_TYPES: &[&str] = &["Call", "Email", "Meeting", "Follow Up", "To Do"];
const DEFAULT_TASK_STATUSES: &[&str] = &["Not Started", "In Progress", "Completed", "Deferred"];
const DEFAULT_PRODUCT_STATUSES: &[&str] = &["Available", "Reserved", "Exchanged", "Completed", "Withdrawn"];

/// The account owner (user 1, holding the tenant's API key) and the default task outcomes,
/// types and statuses and product statuses.
pub fn install(a: &Arranging<'_>, credentials: &Value) -> Result<(), ArrangeError> {
    let owner = json!({
        "id": 1, "first_name": "Account", "last_name": "Owner", "email": "owner@example.com",
        "api_key": credentials.get("api_key").cloned().unwrap_or(Value::Null),
    });
    arrange::run(COLLECTIONS, a, "users", &[owner])?;
    for (collection, names) in [
        ("task_outcomes", DEFAULT_TASK_OUTCOMES),
        ("task_types", DEFAULT_TASK_TYPES),
        ("task_statuses", DEFAULT_TASK_STATUSES),
        ("product_statuses", DEFAULT_PRODUCT_STATUSES),
    ] {
        let records: Vec<Value> = names.iter().map(|name| json!({"name": name})).collect();
        arrange::run(COLLECTIONS, a, collection, &records)?;
    }
    Ok(())
}

/// A reference to an existing record of `table`.
fn check_ref(a: &Arranging<'_>, r: &Record<'_>, table: Target, field: &str, id: Option<i64>) -> Result<(), ArrangeError> {
    a.check_ref(r, field, table.name(), table.noun(), id)
}

/// An explicit id or number that must be a positive id.
fn check_optional_id(r: &Record<'_>, field: &str, id: Option<i64>) -> Result<(), ArrangeError> {
    id.map(|id| r.check_id(field, id)).transpose().map(|_| ())
}

fn check_name(index: usize, field: &str, name: &str) -> Result<(), ArrangeError> {
    if name.trim().is_empty() {
        return Err(ArrangeError::record(index, field, "must not be empty"));
    }
    check_len(index, field, Some(name), MAX_NAME)
}

fn check_count(index: usize, field: &str, len: usize) -> Result<(), ArrangeError> {
    if len > MAX_ITEMS {
        return Err(ArrangeError::record(index, field, format!("more than {MAX_ITEMS} items")));
    }
    Ok(())
}

fn user(a: &Arranging<'_>, r: &Record<'_>) -> Result<Value, ArrangeError> {
    let (tx, tenant, index) = (a.tx, a.tenant, r.index);
    let u: input::User = r.parse()?;
    for (field, value) in
        [("first_name", &u.first_name), ("last_name", &u.last_name), ("email", &u.email), ("api_key", &u.api_key)]
    {
        check_len(index, field, value.as_deref(), MAX_NAME)?;
    }
    if let Some(key) = &u.api_key {
        if key.trim().is_empty() || key.trim() != key {
            return Err(ArrangeError::record(index, "api_key", "must be non-empty, without surrounding spaces"));
        }
        if insert::api_key_taken(tx, key)? {
            return Err(ArrangeError::record(index, "api_key", "is already in use"));
        }
    }
    let id = a.take_id(r, "id", Target::Users.name(), u.id)?;
    insert::user(tx, tenant, id, &u)?;
    Ok(id.into())
}

fn named(a: &Arranging<'_>, table: Target, r: &Record<'_>) -> Result<Value, ArrangeError> {
    let (tx, tenant, index) = (a.tx, a.tenant, r.index);
    let n: input::Named = r.parse()?;
    check_name(index, "name", &n.name)?;
    let id = a.take_id(r, "id", table.name(), n.id)?;
    insert::named(tx, tenant, table, id, &n.name)?;
    Ok(id.into())
}

fn custom_field(a: &Arranging<'_>, r: &Record<'_>) -> Result<Value, ArrangeError> {
    let (tx, tenant, index) = (a.tx, a.tenant, r.index);
    let f: input::CustomField = r.parse()?;
    check_name(index, "name", &f.name)?;
    let kind = f.kind.clone().unwrap_or_else(|| "text".to_owned());
    if !CUSTOM_FIELD_TYPES.contains(&kind.as_str()) {
        return Err(ArrangeError::record(index, "type", format!("'{kind}' is not one of {}", CUSTOM_FIELD_TYPES.join(", "))));
    }
    let id = a.take_id(r, "id", Target::CustomFields.name(), f.id)?;
    insert::custom_field(tx, tenant, id, &f.name, &kind, f.powerdialer)?;
    Ok(id.into())
}

fn organization(a: &Arranging<'_>, r: &Record<'_>) -> Result<Value, ArrangeError> {
    let (tx, tenant, index) = (a.tx, a.tenant, r.index);
    let now = &timestamp(a.now);
    let o: input::Organization = r.parse()?;
    check_name(index, "name", &o.name)?;
    check_len(index, "domain", o.domain.as_deref(), MAX_NAME)?;
    check_len(index, "phone", o.phone.as_deref(), 50)?;
    check_count(index, "tags", o.tags.len())?;
    let created = instant(index, "created_at", o.created_at.as_deref())?.unwrap_or_else(|| now.to_owned());
    let updated = instant(index, "updated_at", o.updated_at.as_deref())?.unwrap_or_else(|| created.clone());
    let activity = instant(index, "last_activity_at", o.last_activity_at.as_deref())?;
    let mut tags = Vec::new();
    for (i, tag) in o.tags.iter().enumerate() {
        let (tag_id, name) = tag.parts();
        let field = format!("tags[{i}]");
        check_name(index, &field, name)?;
        check_optional_id(r, &format!("{field}.id"), tag_id)?;
        let id = insert::organization_tag(a, tag_id, name)?.map_err(|e| ArrangeError::record(index, format!("{field}.id"), e))?;
        if !tags.iter().any(|(t, _): &(i64, String)| *t == id) {
            tags.push((id, name.to_owned()));
        }
    }
    let id = a.take_id(r, "id", Target::Organizations.name(), o.id)?;
    let search = [Some(o.name.as_str()), o.domain.as_deref(), o.phone.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("\n")
        .to_lowercase();
    let row = insert::OrganizationRow {
        id,
        o: &o,
        tags: &tags,
        search: &search,
        created: &created,
        updated: &updated,
        activity: activity.as_deref(),
    };
    insert::organization(tx, tenant, &row)?;
    Ok(id.into())
}

fn contact_list(a: &Arranging<'_>, r: &Record<'_>) -> Result<Value, ArrangeError> {
    let (tx, tenant, index) = (a.tx, a.tenant, r.index);
    let now = &timestamp(a.now);
    let l: input::ContactList = r.parse()?;
    check_name(index, "name", &l.name)?;
    check_count(index, "tags", l.tags.len())?;
    for (i, tag) in l.tags.iter().enumerate() {
        check_name(index, &format!("tags[{i}]"), tag)?;
    }
    let created = instant(index, "created_at", l.created_at.as_deref())?.unwrap_or_else(|| now.to_owned());
    let updated = instant(index, "updated_at", l.updated_at.as_deref())?.unwrap_or_else(|| created.clone());
    let id = a.take_id(r, "id", Target::ContactLists.name(), l.id)?;
    insert::contact_list(tx, tenant, id, &l, &created, &updated)?;
    Ok(id.into())
}

fn product(a: &Arranging<'_>, r: &Record<'_>) -> Result<Value, ArrangeError> {
    let (tx, tenant, index) = (a.tx, a.tenant, r.index);
    let now = &timestamp(a.now);
    let p: input::Product = r.parse()?;
    check_name(index, "name", &p.name)?;
    check_ref(a, r, Target::ProductStatuses, "status_id", p.status_id)?;
    let created = instant(index, "created_at", p.created_at.as_deref())?.unwrap_or_else(|| now.to_owned());
    let updated = instant(index, "updated_at", p.updated_at.as_deref())?.unwrap_or_else(|| created.clone());
    let id = a.take_id(r, "id", Target::Products.name(), p.id)?;
    insert::product(tx, tenant, id, &p, &created, &updated)?;
    Ok(id.into())
}

fn data_import(a: &Arranging<'_>, r: &Record<'_>) -> Result<Value, ArrangeError> {
    let (tx, tenant, index) = (a.tx, a.tenant, r.index);
    let now = &timestamp(a.now);
    let d: input::DataImport = r.parse()?;
    check_name(index, "name", &d.name)?;
    check_count(index, "field_keys", d.field_keys.len())?;
    for (i, key) in d.field_keys.iter().enumerate() {
        let known = standard_fields().any(|f| f.field_key == *key)
            || custom_field_id(key).map(|id| a.exists(Target::CustomFields.name(), id)).transpose()?.unwrap_or(false);
        if !known {
            return Err(ArrangeError::record(
                index,
                format!("field_keys[{i}]"),
                format!("'{key}' is not a contact field of this account"),
            ));
        }
    }
    let created = instant(index, "created_at", d.created_at.as_deref())?.unwrap_or_else(|| now.to_owned());
    let id = a.take_id(r, "id", Target::DataImports.name(), d.id)?;
    insert::data_import(tx, tenant, id, &d.name, &d.field_keys, &created)?;
    Ok(id.into())
}

fn contact(a: &Arranging<'_>, r: &Record<'_>) -> Result<Value, ArrangeError> {
    let (tx, tenant, index) = (a.tx, a.tenant, r.index);
    let now = &timestamp(a.now);
    let (rest, custom) = input::split_custom(index, r.value)?;
    let c: input::Contact = Record { index, value: &rest }.parse()?;
    for (field, value) in
        [("first_name", &c.first_name), ("last_name", &c.last_name), ("company", &c.company), ("title", &c.title)]
    {
        check_len(index, field, value.as_deref(), MAX_NAME)?;
    }
    for (field, len) in [
        ("emails", c.emails.len()),
        ("phones", c.phones.len()),
        ("tags", c.tags.len()),
        ("list_ids", c.list_ids.len()),
        ("crm_ids", c.crm_ids.len()),
        ("deals", c.deals.len()),
    ] {
        check_count(index, field, len)?;
    }
    for (i, e) in c.emails.iter().enumerate() {
        let at = e.email_address.find('@');
        if !at.is_some_and(|p| p > 0 && p + 1 < e.email_address.len()) || e.email_address.contains(char::is_whitespace) {
            return Err(ArrangeError::record(
                index,
                format!("emails[{i}].email_address"),
                format!("'{}' is not an e-mail address", e.email_address),
            ));
        }
        check_len(index, &format!("emails[{i}].email_address"), Some(&e.email_address), 254)?;
        check_len(index, &format!("emails[{i}].type"), Some(&e.kind), 50)?;
    }
    for (i, p) in c.phones.iter().enumerate() {
        if !p.phone_number.chars().any(|ch| ch.is_ascii_digit()) {
            return Err(ArrangeError::record(
                index,
                format!("phones[{i}].phone_number"),
                format!("'{}' has no digits", p.phone_number),
            ));
        }
        check_len(index, &format!("phones[{i}].phone_number"), Some(&p.phone_number), 50)?;
        check_len(index, &format!("phones[{i}].type"), Some(&p.kind), 50)?;
    }
    for (i, tag) in c.tags.iter().enumerate() {
        check_name(index, &format!("tags[{i}]"), tag)?;
    }
    for (i, crm) in c.crm_ids.iter().enumerate() {
        for (field, value) in [("crm_type", &crm.crm_type), ("crm_object_type", &crm.crm_object_type), ("crm_id", &crm.crm_id)] {
            check_name(index, &format!("crm_ids[{i}].{field}"), value)?;
        }
    }
    check_ref(a, r, Target::Organizations, "employer_id", c.employer_id)?;
    for (i, list_id) in c.list_ids.iter().enumerate() {
        check_ref(a, r, Target::ContactLists, &format!("list_ids[{i}]"), Some(*list_id))?;
    }
    for key in custom.keys() {
        let known = custom_field_id(key).map(|id| a.exists(Target::CustomFields.name(), id)).transpose()?.unwrap_or(false);
        if !known {
            return Err(ArrangeError::record(
                index,
                key.as_str(),
                "no such custom field in this account (arrange it in custom_fields first)",
            ));
        }
    }
    let created = instant(index, "created_at", c.created_at.as_deref())?.unwrap_or_else(|| now.to_owned());
    let updated = instant(index, "updated_at", c.updated_at.as_deref())?.unwrap_or_else(|| created.clone());
    let visible = instant(index, "visible_at", c.visible_at.as_deref())?.unwrap_or_else(|| created.clone());
    let id = a.take_id(r, "id", Target::Contacts.name(), c.id)?;
    let search = input::contact_search_text(&c);
    let row = insert::ContactRow {
        id,
        c: &c,
        custom: &custom,
        search: &search,
        created: &created,
        updated: &updated,
        visible: &visible,
    };
    insert::contact(tx, tenant, &row)?;
    for (i, deal) in c.deals.iter().enumerate() {
        if deal.contact_id.is_some_and(|d| d != id) {
            return Err(ArrangeError::record(index, format!("deals[{i}].contact_id"), "must be this contact's id, or left out"));
        }
        insert_deal(a, r, &format!("deals[{i}]."), id, deal)?;
    }
    Ok(id.into())
}

fn deal(a: &Arranging<'_>, r: &Record<'_>) -> Result<Value, ArrangeError> {
    let deal: input::Deal = r.parse()?;
    let contact_id = deal.contact_id.ok_or_else(|| r.error("contact_id", "missing field 'contact_id'"))?;
    Ok(insert_deal(a, r, "", contact_id, &deal)?.into())
}

fn insert_deal(a: &Arranging<'_>, r: &Record<'_>, prefix: &str, contact_id: i64, d: &input::Deal) -> Result<i64, ArrangeError> {
    let (tx, tenant, index, now) = (a.tx, a.tenant, r.index, &timestamp(a.now));
    let field = |name: &str| format!("{prefix}{name}");
    check_name(index, &field("name"), &d.name)?;
    check_len(index, &field("stage"), d.stage.as_deref(), MAX_NAME)?;
    check_ref(a, r, Target::Contacts, &field("contact_id"), Some(contact_id))?;
    check_ref(a, r, Target::Products, &field("product_id"), d.product_id)?;
    let created = instant(index, &field("created_at"), d.created_at.as_deref())?.unwrap_or_else(|| now.to_owned());
    let updated = instant(index, &field("updated_at"), d.updated_at.as_deref())?.unwrap_or_else(|| created.clone());
    let id = a.take_id(r, &field("id"), Target::Deals.name(), d.id)?;
    insert::deal(tx, tenant, id, contact_id, d, &created, &updated)?;
    Ok(id)
}

fn task(a: &Arranging<'_>, r: &Record<'_>) -> Result<Value, ArrangeError> {
    let (tx, tenant, index) = (a.tx, a.tenant, r.index);
    let now = &timestamp(a.now);
    let t: input::Task = r.parse()?;
    check_name(index, "title", &t.title)?;
    check_len(index, "description", t.description.as_deref(), MAX_TEXT)?;
    check_ref(a, r, Target::Contacts, "contact_id", t.contact_id)?;
    check_ref(a, r, Target::Users, "user_id", t.user_id)?;
    check_ref(a, r, Target::TaskTypes, "type_id", t.type_id)?;
    check_ref(a, r, Target::TaskStatuses, "status_id", t.status_id)?;
    check_ref(a, r, Target::TaskOutcomes, "outcome_id", t.outcome_id)?;
    let created = instant(index, "created_at", t.created_at.as_deref())?.unwrap_or_else(|| now.to_owned());
    let updated = instant(index, "updated_at", t.updated_at.as_deref())?.unwrap_or_else(|| created.clone());
    let due = instant(index, "due_at", t.due_at.as_deref())?;
    let completed_at = instant(index, "completed_at", t.completed_at.as_deref())?;
    // A completion time implies completion; a completed task without one completed when it
    // was last updated.
    let completed = t.completed.unwrap_or(completed_at.is_some());
    if !completed && completed_at.is_some() {
        return Err(ArrangeError::record(index, "completed_at", "is set but completed is false"));
    }
    let completed_at = if completed { completed_at.or_else(|| Some(updated.clone())) } else { None };
    let id = a.take_id(r, "id", Target::Tasks.name(), t.id)?;
    let row = insert::TaskRow {
        id,
        t: &t,
        due: due.as_deref(),
        completed,
        completed_at: completed_at.as_deref(),
        created: &created,
        updated: &updated,
    };
    insert::task(tx, tenant, &row)?;
    Ok(id.into())
}

fn history(a: &Arranging<'_>, r: &Record<'_>) -> Result<Value, ArrangeError> {
    let (tx, tenant, index) = (a.tx, a.tenant, r.index);
    let now = &timestamp(a.now);
    let h: input::History = r.parse()?;
    check_name(index, "history_type", &h.history_type)?;
    if !h.history_type.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err(ArrangeError::record(
            index,
            "history_type",
            "letters, digits and '_' only (SiteVisit, EmailOpen, TextMessage, ...)",
        ));
    }
    check_len(index, "email_guid", h.email_guid.as_deref(), MAX_NAME)?;
    check_len(index, "description", h.description.as_deref(), MAX_TEXT)?;
    check_ref(a, r, Target::Contacts, "contact_id", h.contact_id)?;
    for (field, value) in [("campaign_id", h.campaign_id), ("tracked_number_id", h.tracked_number_id)] {
        check_optional_id(r, field, value)?;
    }
    let created = instant(index, "created_at", h.created_at.as_deref())?.unwrap_or_else(|| now.to_owned());
    let id = a.take_id(r, "id", Target::Histories.name(), h.id)?;
    insert::history(tx, tenant, id, &h, &created)?;
    Ok(id.into())
}

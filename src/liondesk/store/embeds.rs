//! The objects a contact answer embeds (documented on `GET /contacts/:id` and in find
//! results): `addresses`, `hotness` (`{name, rank, color}`), `custom_fields` (the requesting
//! user's custom fields with this contact's values) and `source` (`{id, name, user_id,
//! created_at}`). One query per kind for a whole page.

use std::collections::HashMap;

use rusqlite::types::Value as Sql;
use rusqlite::{Transaction, params_from_iter};
use serde_json::{Map, Value, json};

use crate::core::TenantId;
use crate::core::sql::placeholders;

use super::super::model::{Contact, Wire};

/// Which embeds to build (all of them unless `$select` names only some).
#[derive(Debug, Clone, Copy)]
pub struct Wanted {
    pub addresses: bool,
    pub hotness: bool,
    pub custom_fields: bool,
    pub source: bool,
}

impl Wanted {
    pub const ALL: Wanted = Wanted { addresses: true, hotness: true, custom_fields: true, source: true };

    pub fn from_select(select: Option<&[&str]>) -> Wanted {
        match select {
            None => Wanted::ALL,
            Some(names) => Wanted {
                addresses: names.contains(&"addresses"),
                hotness: names.contains(&"hotness"),
                custom_fields: names.contains(&"custom_fields"),
                source: names.contains(&"source"),
            },
        }
    }
}

fn ids_in(tenant: &TenantId, ids: impl Iterator<Item = i64>) -> (String, Vec<Sql>) {
    let mut values = vec![Sql::Text(tenant.as_str().to_owned())];
    values.extend(ids.map(Sql::Integer));
    (placeholders(values.len() - 1), values)
}

/// The wire objects of `contacts` with their embeds, in order.
pub fn render(
    tx: &Transaction,
    tenant: &TenantId,
    user: i64,
    contacts: &[Contact],
    wanted: Wanted,
) -> rusqlite::Result<Vec<Map<String, Value>>> {
    let mut out: Vec<Map<String, Value>> = contacts.iter().map(Contact::to_json).collect();
    if contacts.is_empty() {
        return Ok(out);
    }
    if wanted.addresses {
        let (marks, values) = ids_in(tenant, contacts.iter().map(|c| c.id));
        let sql = format!(
            "SELECT contact_id, id, type, street_address_1, street_address_2, zip, city, state, created_at, modified_at
             FROM ld_addresses WHERE tenant_id = ? AND contact_id IN ({marks}) ORDER BY id"
        );
        let mut by_contact: HashMap<i64, Vec<Value>> = HashMap::new();
        let mut stmt = tx.prepare_cached(&sql)?;
        let mut rows = stmt.query(params_from_iter(values))?;
        while let Some(r) = rows.next()? {
            by_contact.entry(r.get(0)?).or_default().push(json!({
                "id": r.get::<_, i64>(1)?, "type": r.get::<_, Option<String>>(2)?, "street_address_1": r.get::<_, Option<String>>(3)?,
                "street_address_2": r.get::<_, Option<String>>(4)?, "zip": r.get::<_, Option<String>>(5)?,
                "city": r.get::<_, Option<String>>(6)?, "state": r.get::<_, Option<String>>(7)?,
                "created_at": r.get::<_, Option<String>>(8)?, "modified_at": r.get::<_, Option<String>>(9)?,
            }));
        }
        for (c, o) in contacts.iter().zip(out.iter_mut()) {
            o.insert("addresses".into(), Value::Array(by_contact.remove(&c.id).unwrap_or_default()));
        }
    }
    if wanted.hotness {
        let (marks, values) = ids_in(tenant, contacts.iter().filter_map(|c| c.hotness_id));
        let mut found: HashMap<i64, Value> = HashMap::new();
        if values.len() > 1 {
            let sql = format!("SELECT id, name, rank, color FROM ld_hotnesses WHERE tenant_id = ? AND id IN ({marks})");
            let mut stmt = tx.prepare_cached(&sql)?;
            let mut rows = stmt.query(params_from_iter(values))?;
            while let Some(r) = rows.next()? {
                found.insert(
                    r.get(0)?,
                    json!({"name": r.get::<_, Option<String>>(1)?, "rank": r.get::<_, Option<i64>>(2)?, "color": r.get::<_, Option<String>>(3)?}),
                );
            }
        }
        for (c, o) in contacts.iter().zip(out.iter_mut()) {
            o.insert("hotness".into(), c.hotness_id.and_then(|id| found.get(&id).cloned()).unwrap_or(Value::Null));
        }
    }
    if wanted.custom_fields {
        let mut fields = Vec::new();
        let mut stmt = tx.prepare_cached(
            "SELECT id, user_id, name, rank, data_type FROM ld_custom_fields WHERE tenant_id = ?1 AND user_id = ?2 ORDER BY rank, id",
        )?;
        let mut rows = stmt.query(rusqlite::params![tenant, user])?;
        while let Some(r) = rows.next()? {
            fields.push((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, String>(4)?,
            ));
        }
        let mut values_of: HashMap<(i64, i64), String> = HashMap::new();
        if !fields.is_empty() {
            let (marks, values) = ids_in(tenant, contacts.iter().map(|c| c.id));
            let sql = format!(
                "SELECT contact_id, custom_field_id, value FROM ld_custom_field_values WHERE tenant_id = ? AND contact_id IN ({marks})"
            );
            let mut stmt = tx.prepare_cached(&sql)?;
            let mut rows = stmt.query(params_from_iter(values))?;
            while let Some(r) = rows.next()? {
                if let Some(v) = r.get::<_, Option<String>>(2)? {
                    values_of.insert((r.get(0)?, r.get(1)?), v);
                }
            }
        }
        for (c, o) in contacts.iter().zip(out.iter_mut()) {
            let list: Vec<Value> = fields
                .iter()
                .map(|(id, user_id, name, rank, data_type)| {
                    json!({"id": id, "user_id": user_id, "name": name, "rank": rank, "data_type": data_type,
                           "value": values_of.get(&(c.id, *id))})
                })
                .collect();
            o.insert("custom_fields".into(), Value::Array(list));
        }
    }
    if wanted.source {
        let (marks, values) = ids_in(tenant, contacts.iter().filter_map(|c| c.source_id));
        let mut found: HashMap<i64, Value> = HashMap::new();
        if values.len() > 1 {
            let sql =
                format!("SELECT id, name, user_id, created_at FROM ld_contact_sources WHERE tenant_id = ? AND id IN ({marks})");
            let mut stmt = tx.prepare_cached(&sql)?;
            let mut rows = stmt.query(params_from_iter(values))?;
            while let Some(r) = rows.next()? {
                found.insert(
                    r.get(0)?,
                    json!({"id": r.get::<_, i64>(0)?, "name": r.get::<_, Option<String>>(1)?, "user_id": r.get::<_, i64>(2)?,
                           "created_at": r.get::<_, String>(3)?}),
                );
            }
        }
        for (c, o) in contacts.iter().zip(out.iter_mut()) {
            o.insert("source".into(), c.source_id.and_then(|id| found.get(&id).cloned()).unwrap_or(Value::Null));
        }
    }
    Ok(out)
}

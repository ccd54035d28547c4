//! What a contact answer embeds (the contacts page shows it on get and find), read for a whole
//! page at once: the contacts' addresses come with their rows (`Contact::docs`, kept by the
//! schema's triggers); their hotnesses and sources are read one query per kind; their values of
//! custom fields come with the rows too, shown for the asking user's own fields (read once).
//! The three reads are kept until the next commit (`core::sql::totals::kept`): every GET of a
//! contact repeats them. `model::contact::render` shapes them.

use std::collections::HashMap;
use std::sync::Arc;

use rusqlite::types::Value;

use crate::core::TenantId;
use crate::core::Tx;
use crate::core::paging::Window;
use crate::core::sql::{Filter, Fragment, Order, Table, placeholders, totals};

use super::super::model::contact::{Contact, Wanted};
use super::super::model::lists::{CustomField, CustomValue, Hotness, Source};
use super::{custom_fields, hotnesses, sources};

/// The embedded records of a page of contacts (their addresses are their own documents).
#[derive(Debug, Default)]
pub struct Embeds {
    /// By hotness id.
    pub hotnesses: Arc<HashMap<i64, Hotness>>,
    /// By contact id, by the fields' rank then id.
    pub custom_values: HashMap<i64, Vec<CustomValue>>,
    /// By source id.
    pub sources: Arc<HashMap<i64, Source>>,
}

/// Every row (a page holds at most the largest `$limit` of contacts).
const ALL: Window = Window { offset: 0, limit: i64::MAX };

/// `column IN (?, ?, ...)` for `ids` (the column a literal of this file).
fn among(column: &'static str, ids: Vec<Value>) -> Fragment {
    Fragment::new(format!("{column} IN ({})", placeholders(ids.len())), ids)
}

/// `user`'s custom fields (custom field values are the user's own: not shared with assignees
/// or teammates), by id.
fn fields_of(tx: &Tx, tenant: &TenantId, user: i64) -> rusqlite::Result<HashMap<i64, CustomField>> {
    let f: Filter = custom_fields::TABLE.scoped(tenant, &custom_fields::own(user));
    Ok(custom_fields::TABLE.rows(tx, &f, &Order::default(), ALL)?.into_iter().map(|f| (f.id, f)).collect())
}

/// A contact's values of `fields`, by the fields' rank then id, from its document.
fn values_of(contact: &Contact, doc: &str, fields: &HashMap<i64, CustomField>) -> rusqlite::Result<Vec<CustomValue>> {
    let stored: Vec<(i64, Option<String>)> = serde_json::from_str(doc)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, e.into()))?;
    let mut values: Vec<CustomValue> = stored
        .into_iter()
        .filter_map(|(id, value)| {
            fields.get(&id).map(|field| CustomValue { contact_id: contact.id, field: field.clone(), value })
        })
        .collect();
    values.sort_by_key(|v| (v.field.rank, v.field.id));
    Ok(values)
}

/// The distinct ids `id` gives of `contacts`, in order.
fn ids(contacts: &[Arc<Contact>], id: fn(&Contact) -> Option<i64>) -> Vec<i64> {
    let mut ids: Vec<i64> = contacts.iter().filter_map(|c| id(c)).collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// The tenant's records of `table` whose id (`column`, a literal of this file) is one of `ids`,
/// by id.
fn by_id<T: Send + Sync + 'static>(
    tx: &Tx,
    tenant: &TenantId,
    table: &Table<T>,
    column: &'static str,
    ids: Vec<i64>,
    id: fn(&T) -> i64,
) -> rusqlite::Result<Arc<HashMap<i64, T>>> {
    totals::kept(
        tx,
        || totals::key(&[column, tenant.as_str()], &ids),
        || {
            let mut f = table.filter(tenant);
            f.and_fragment(among(column, ids.iter().copied().map(Value::Integer).collect()));
            Ok(table.rows(tx, &f, &Order::default(), ALL)?.into_iter().map(|r| (id(&r), r)).collect())
        },
    )
}

/// The embeds of `contacts` that `wanted` asks for, as `user` sees them.
pub fn load(tx: &Tx, tenant: &TenantId, user: i64, contacts: &[Arc<Contact>], wanted: Wanted) -> rusqlite::Result<Embeds> {
    let mut out = Embeds::default();
    let hotness_ids = ids(contacts, |c| c.hotness_id);
    if wanted.hotness && !hotness_ids.is_empty() {
        out.hotnesses = by_id(tx, tenant, &hotnesses::TABLE, "h.id", hotness_ids, |h| h.id)?;
    }
    if wanted.custom_fields && contacts.iter().any(|c| c.docs.custom_values.is_some()) {
        let fields =
            totals::kept(tx, || totals::key(&["ld_custom_fields", tenant.as_str()], &[user]), || fields_of(tx, tenant, user))?;
        for c in contacts {
            if let Some(doc) = &c.docs.custom_values {
                out.custom_values.insert(c.id, values_of(c, doc, &fields)?);
            }
        }
    }
    let source_ids = ids(contacts, |c| c.source_id);
    if wanted.source && !source_ids.is_empty() {
        out.sources = by_id(tx, tenant, &sources::TABLE, "s.id", source_ids, |s| s.id)?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use serde_json::{Value as Json, json};

    use super::super::addresses;
    use super::super::contacts;
    use super::*;
    use crate::core::sql::plan::{self, Plan};
    use crate::liondesk::model::lists::Address;

    /// The statement each trigger runs to make a contact's document, for one contact: read along
    /// the contact's index entries, never the tenant's rows.
    #[test]
    fn documents_are_made_from_the_contacts_index_entries_not_the_tenants_rows() {
        let conn = plan::schema_db(include_str!("../schema.sql"));
        for (view, table) in [("ld_addresses_docs", "ld_addresses"), ("ld_custom_values_docs", "ld_custom_field_values")] {
            let sql = format!("SELECT doc FROM {view} WHERE tenant_id = ?1 AND contact_id = ?2");
            let plan = Plan::of(&conn, &sql, &[Value::Text("t".into()), Value::Integer(1)]).unwrap();
            assert!(plan.reads(table) && plan.full_scans(table).is_empty(), "{view}:\n{plan}");
        }
    }

    fn address(id: i64, contact: i64, city: &str) -> Address {
        Address {
            id,
            contact_id: contact,
            kind: Some("Home".into()),
            street_address_1: Some("1 \"Main\" St\n".into()),
            city: Some(city.into()),
            created_at: Some("2024-01-02T03:04:05.000Z".into()),
            modified_at: Some("2024-01-02T03:04:05.000Z".into()),
            ..Address::default()
        }
    }

    fn docs(tx: &Tx, tenant: &TenantId, id: i64) -> (Json, Json) {
        let d = contacts::docs(tx, tenant, id).unwrap();
        let parse = |doc: Option<String>| doc.map_or(Json::Null, |d| serde_json::from_str(&d).unwrap());
        (parse(d.addresses), parse(d.custom_values))
    }

    /// A contact's documents follow every write of its addresses and values (and only its own),
    /// and the addresses' document is what the addresses serialize to as a contact embeds them.
    #[test]
    fn the_triggers_keep_each_contacts_documents_as_its_records_change() {
        let mut conn = plan::schema_db(include_str!("../schema.sql"));
        let tx = conn.transaction().unwrap();
        let (t, other) = (TenantId::from("t"), TenantId::from("u"));
        let blank = |id| Contact { id, owner_user_id: 1, created_at: "x".into(), modified_at: "x".into(), ..Contact::default() };
        for tenant in [&t, &other] {
            contacts::insert(&tx, tenant, &blank(1)).unwrap();
            contacts::insert(&tx, tenant, &blank(2)).unwrap();
        }
        assert_eq!(docs(&tx, &t, 1), (Json::Null, Json::Null));

        let (a, b) = (address(7, 1, "Austin"), address(5, 1, "Boise"));
        addresses::insert(&tx, &t, &a).unwrap();
        addresses::insert(&tx, &t, &b).unwrap();
        addresses::insert(&tx, &other, &address(9, 1, "Elsewhere")).unwrap();
        let embedded = |list: &[&Address]| json!(list.iter().map(|a| a.embedded()).collect::<Vec<_>>());
        assert_eq!(docs(&tx, &t, 1).0, embedded(&[&b, &a]), "in id order");
        assert_eq!(docs(&tx, &t, 2), (Json::Null, Json::Null));

        let moved = Address { city: Some("Boston".into()), zip: Some("02101".into()), ..b.clone() };
        addresses::update(&tx, &t, &moved).unwrap();
        assert_eq!(docs(&tx, &t, 1).0, embedded(&[&moved, &a]));
        addresses::TABLE.delete(&tx, &t, &5).unwrap();
        assert_eq!(docs(&tx, &t, 1).0, embedded(&[&a]));
        addresses::TABLE.delete(&tx, &t, &7).unwrap();
        assert_eq!(docs(&tx, &t, 1).0, Json::Null, "none left");

        contacts::set_custom_value(&tx, &t, 2, 31, Some("x")).unwrap();
        contacts::set_custom_value(&tx, &t, 2, 30, None).unwrap();
        contacts::set_custom_value(&tx, &t, 2, 31, Some("y")).unwrap();
        assert_eq!(docs(&tx, &t, 2).1, json!([[30, null], [31, "y"]]));
        tx.execute("DELETE FROM ld_custom_field_values WHERE tenant_id = 't' AND custom_field_id = 30", []).unwrap();
        assert_eq!(docs(&tx, &t, 2).1, json!([[31, "y"]]));
        assert_eq!(docs(&tx, &other, 2), (Json::Null, Json::Null));
        assert_eq!(docs(&tx, &other, 1).0, embedded(&[&address(9, 1, "Elsewhere")]));
    }
}

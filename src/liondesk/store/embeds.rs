//! What a contact answer embeds (the contacts page shows it on get and find), read for a whole
//! page at once, one query per kind: the contacts' addresses, their hotnesses and sources, and
//! their values of the asking user's custom fields. `model::contact::render` shapes them.

use std::collections::HashMap;

use rusqlite::Transaction;
use rusqlite::types::Value;

use crate::core::TenantId;
use crate::core::paging::Window;
use crate::core::sql::{Filter, Fragment, Order, SortDir, placeholders};

use super::super::model::contact::{Contact, Wanted};
use super::super::model::lists::{Address, CustomValue, Hotness, Source};
use super::super::query::fields;
use super::{addresses, custom_fields, hotnesses, sources};

/// The embedded records of a page of contacts.
#[derive(Debug, Default)]
pub struct Embeds {
    /// By contact id, in id order.
    pub addresses: HashMap<i64, Vec<Address>>,
    /// By hotness id.
    pub hotnesses: HashMap<i64, Hotness>,
    /// By contact id, by the fields' rank then id.
    pub custom_values: HashMap<i64, Vec<CustomValue>>,
    /// By source id.
    pub sources: HashMap<i64, Source>,
}

/// Every row (a page holds at most the largest `$limit` of contacts).
const ALL: Window = Window { offset: 0, limit: i64::MAX };

/// `column IN (?, ?, ...)` for `ids` (the column a literal of this file).
fn among(column: &'static str, ids: Vec<Value>) -> Fragment {
    Fragment::new(format!("{column} IN ({})", placeholders(ids.len())), ids)
}

/// The addresses of the contacts `ids`, in id order within each contact: read along the
/// contact index (tenant, contact, id), which gives that order. Ordered by id alone, the
/// planner could walk every address of the tenant in id order instead (it did before it had
/// statistics: half a second a contact at a million contacts).
fn addresses_of(tenant: &TenantId, ids: Vec<Value>) -> (Filter, Order) {
    let mut f = addresses::TABLE.filter(tenant);
    f.and_fragment(among("a.contact_id", ids));
    let contact = fields::ADDRESSES.field("contact_id").map(|f| f.column);
    let order = contact.map(|c| Order::by(c, SortDir::Asc).then(addresses::TABLE.id(), SortDir::Asc)).unwrap_or_default();
    (f, order)
}

/// The values of `user`'s custom fields of the contacts `ids` (custom field values are the
/// user's own: not shared with assignees or teammates).
fn custom_values_of(tenant: &TenantId, user: i64, ids: Vec<Value>) -> Filter {
    let mut f = custom_fields::VALUES.filter(tenant);
    f.and("cf.user_id = ?", [Value::Integer(user)]);
    f.and_fragment(among("v.contact_id", ids));
    f
}

/// The distinct ids `id` gives of `contacts`.
fn ids(contacts: &[Contact], id: fn(&Contact) -> Option<i64>) -> Vec<Value> {
    let mut ids: Vec<i64> = contacts.iter().filter_map(id).collect();
    ids.sort_unstable();
    ids.dedup();
    ids.into_iter().map(Value::Integer).collect()
}

/// The embeds of `contacts` that `wanted` asks for, as `user` sees them.
pub fn load(tx: &Transaction, tenant: &TenantId, user: i64, contacts: &[Contact], wanted: Wanted) -> rusqlite::Result<Embeds> {
    let mut out = Embeds::default();
    let contact_ids = ids(contacts, |c| Some(c.id));
    if contact_ids.is_empty() {
        return Ok(out);
    }
    if wanted.addresses {
        let (f, order) = addresses_of(tenant, contact_ids.clone());
        for a in addresses::TABLE.rows(tx, &f, &order, ALL)? {
            out.addresses.entry(a.contact_id).or_default().push(a);
        }
    }
    let hotness_ids = ids(contacts, |c| c.hotness_id);
    if wanted.hotness && !hotness_ids.is_empty() {
        let mut f = hotnesses::TABLE.filter(tenant);
        f.and_fragment(among("h.id", hotness_ids));
        out.hotnesses = hotnesses::TABLE.rows(tx, &f, &Order::default(), ALL)?.into_iter().map(|h| (h.id, h)).collect();
    }
    if wanted.custom_fields {
        let f = custom_values_of(tenant, user, contact_ids);
        for v in custom_fields::VALUES.rows(tx, &f, &Order::default(), ALL)? {
            out.custom_values.entry(v.contact_id).or_default().push(v);
        }
    }
    let source_ids = ids(contacts, |c| c.source_id);
    if wanted.source && !source_ids.is_empty() {
        let mut f = sources::TABLE.filter(tenant);
        f.and_fragment(among("s.id", source_ids));
        out.sources = sources::TABLE.rows(tx, &f, &Order::default(), ALL)?.into_iter().map(|s| (s.id, s)).collect();
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::sql::plan;

    /// The embeds of one contact (a get) and of a page of fifty (a find), as planned on
    /// LionDesk's schema: each reads its index for the contacts it is given, never the tenant.
    #[test]
    fn embeds_read_the_contacts_index_entries_not_the_tenants_rows() {
        let conn = plan::schema_db(include_str!("../schema.sql"));
        let tenant = TenantId::from("t");
        for n in [1, 50] {
            let ids: Vec<Value> = (1..=n).map(Value::Integer).collect();
            let (f, order) = addresses_of(&tenant, ids.clone());
            let (_, rows) = addresses::TABLE.plans(&conn, &f, &order).unwrap();
            assert!(rows.full_scans("a").is_empty() && rows.to_string().contains("ld_addresses_contact"), "{n}:\n{rows}");
            let f = custom_values_of(&tenant, 1, ids);
            let (_, rows) = custom_fields::VALUES.plans(&conn, &f, &Order::default()).unwrap();
            assert!(rows.full_scans("v").is_empty() && rows.full_scans("cf").is_empty(), "{n}:\n{rows}");
        }
    }
}

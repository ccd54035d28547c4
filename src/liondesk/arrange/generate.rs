//! Generated LionDesk contacts (`Vendor::generator`): a real-estate agent's book. Every contact
//! belongs to the tenant's first user (the account owner, whose token then reads each of them:
//! a load test's random point reads all find their contact), with the owner's hotness and
//! source when the owner has some, one or two tags, and around it what
//! LionDesk keeps about a contact: one or two addresses, values of the owner's custom fields,
//! tasks and events (website visits, calls, notes). Rows go through the stores' own inserts.

use chrono::{DateTime, Utc};

use super::super::model::contact::{Contact, Docs};
use super::super::model::event::Event;
use super::super::model::lists::{ADDRESS_TYPES, Address};
use super::super::model::task::{ACTION_TYPES, STATUSES, Task};
use super::super::store::contacts::{self, Owned};
use super::super::store::{addresses, custom_fields, events, tasks, users};
use crate::core::clock::to_rfc3339_millis;
use crate::core::generate::{Drafter, GenerateError, Generating, Writing, ymd};

const TAGS: &[&str] =
    &["Buyer", "Seller", "Investor", "First-time buyer", "Past client", "Renter", "Pending", "Hot lead", "Referral"];

/// Event types, each with the source LionDesk records for it.
const EVENTS: &[(&str, &str)] = &[("Viewed Listing", "web"), ("Saved Search", "web"), ("Called", "disposition"), ("Note", "api")];

/// What one owner's contacts may name.
struct Owner {
    id: i64,
    hotnesses: Vec<i64>,
    sources: Vec<i64>,
    fields: Vec<(i64, String)>,
}

/// One contact drafted, its related records waiting for their ids.
struct Draft {
    contact: Contact,
    addresses: Vec<Address>,
    values: Vec<(i64, String)>,
    tasks: Vec<Task>,
    events: Vec<Event>,
}

/// The generator of the tenant's first user's contacts.
pub fn generator(w: &Writing<'_>) -> Result<Drafter, GenerateError> {
    let owner = owner(w)?;
    Ok(Box::new(move |g, count| {
        let drafts: Vec<Draft> = (0..count).map(|_| draft(g, &owner)).collect();
        Ok(Box::new(move |w: &Writing<'_>| write(w, drafts)))
    }))
}

/// Writes drafted contacts with their related records; answers their ids.
fn write(w: &Writing<'_>, drafts: Vec<Draft>) -> Result<Vec<String>, GenerateError> {
    let count = drafts.len();
    let next = |table: &'static str, n: usize| w.reserve(table, n);
    let first = next(contacts::TABLE.name(), count)?;
    let mut address_id = next(addresses::TABLE.name(), drafts.iter().map(|d| d.addresses.len()).sum())?;
    let mut task_id = next(tasks::TABLE.name(), drafts.iter().map(|d| d.tasks.len()).sum())?;
    let mut event_id = next(events::TABLE.name(), drafts.iter().map(|d| d.events.len()).sum())?;
    let (tx, tenant) = (w.tx, w.tenant);
    let mut ids = Vec::with_capacity(count);
    for (id, d) in (first..).zip(drafts) {
        // The contact's addresses and values first: their triggers find no contact to keep the
        // documents of, which the contact then carries, made here from the same records.
        let addresses: Vec<Address> =
            (address_id..).zip(d.addresses).map(|(aid, a)| Address { id: aid, contact_id: id, ..a }).collect();
        address_id += addresses.len() as i64;
        for a in &addresses {
            addresses::insert(tx, tenant, a)?;
        }
        for (field, value) in &d.values {
            contacts::set_custom_value(tx, tenant, id, *field, Some(value))?;
        }
        let docs =
            docs(&addresses, &d.values).map_err(|e| GenerateError::Core(crate::core::CoreError::Startup(e.to_string())))?;
        contacts::insert(tx, tenant, &Contact { id, docs, ..d.contact })?;
        for t in d.tasks {
            tasks::insert(tx, tenant, &Task { id: task_id, contact_id: Some(id), ..t })?;
            task_id += 1;
        }
        for e in d.events {
            events::insert(tx, tenant, &Event { id: event_id, contact_id: id, ..e })?;
            event_id += 1;
        }
        ids.push(id.to_string());
    }
    Ok(ids)
}

/// The documents a contact with `addresses` (in id order) and `values` (in field id order)
/// carries, as the schema's triggers make them (`ld_addresses_docs`, `ld_custom_values_docs`).
fn docs(addresses: &[Address], values: &[(i64, String)]) -> serde_json::Result<Docs> {
    let addresses: Vec<_> = addresses.iter().map(Address::embedded).collect();
    Ok(Docs {
        addresses: (!addresses.is_empty()).then(|| serde_json::to_string(&addresses)).transpose()?,
        custom_values: (!values.is_empty()).then(|| serde_json::to_string(values)).transpose()?,
    })
}

/// The tenant's first user, with what it owns.
fn owner(w: &Writing<'_>) -> Result<Owner, GenerateError> {
    let (tx, tenant) = (w.tx, w.tenant);
    let Some(&id) = users::user_ids(tx, tenant)?.first() else {
        let reason = "the tenant has no LionDesk user to own contacts".to_owned();
        return Err(GenerateError::Core(crate::core::CoreError::Startup(reason)));
    };
    Ok(Owner {
        id,
        hotnesses: contacts::owned_ids(tx, tenant, Owned::Hotness, id)?,
        sources: contacts::owned_ids(tx, tenant, Owned::Source, id)?,
        fields: custom_fields::types_of(tx, tenant, id)?,
    })
}

fn stamp(at: DateTime<Utc>) -> String {
    to_rfc3339_millis(at)
}

/// At most `n` characters of `text` (the page's column limits).
fn cut(text: String, n: usize) -> String {
    if text.chars().count() <= n { text } else { text.chars().take(n).collect() }
}

fn draft(g: &mut Generating, owner: &Owner) -> Draft {
    let p = g.person();
    let (created, modified) = (stamp(p.created_at), stamp(p.modified_at));
    let married = g.chance(0.4);
    let spouse = if married { Some(g.person()) } else { None };
    let tags: Vec<&str> = (0..g.count(0..=2)).map(|_| *g.pick(TAGS)).collect();
    let contact = Contact {
        id: 0,
        owner_user_id: owner.id,
        assigned_user_id: None,
        first_name: Some(p.first_name.clone()),
        last_name: Some(p.last_name.clone()),
        email: Some(p.email.clone()),
        mobile_phone: Some(p.phone.national()),
        home_phone: g.chance(0.3).then(|| g.phone().national()),
        office_phone: g.chance(0.2).then(|| g.phone().national()),
        fax: None,
        company: g.chance(0.5).then(|| cut(p.company.clone(), 45)),
        birthday: g.chance(0.7).then(|| ymd(p.birthday)),
        anniversary: spouse.as_ref().and_then(|s| g.chance(0.5).then(|| ymd(s.created_at.date_naive()))),
        spouse_name: spouse.as_ref().map(|s| cut(format!("{} {}", s.first_name, p.last_name), 45)),
        spouse_email: spouse.as_ref().map(|s| cut(s.email.clone(), 45)),
        spouse_phone: spouse.as_ref().map(|s| s.phone.national()),
        spouse_birthday: spouse.as_ref().map(|s| ymd(s.birthday)),
        tags: (!tags.is_empty()).then(|| tags.join(",")),
        hotness_id: g.pick_any(&owner.hotnesses),
        source_id: g.pick_any(&owner.sources),
        created_at: created.clone(),
        modified_at: modified,
        docs: Docs::default(),
    };
    let mut addresses = vec![address(g, &p.address, ADDRESS_TYPES[0], &created)];
    if g.chance(0.15) {
        let other = g.address();
        let kind = *g.pick(&ADDRESS_TYPES[1..]);
        addresses.push(address(g, &other, kind, &created));
    }
    let mut values = Vec::new();
    for (id, kind) in &owner.fields {
        if g.chance(0.3) {
            values.push((*id, value(g, kind)));
        }
    }
    let tasks = (0..g.count(0..=1)).map(|_| task(g, owner.id, p.created_at)).collect();
    let events = (0..g.count(0..=2)).map(|_| event(g, owner.id, p.created_at)).collect();
    Draft { contact, addresses, values, tasks, events }
}

fn address(g: &mut Generating, a: &crate::core::generate::Address, kind: &str, created: &str) -> Address {
    Address {
        id: 0,
        contact_id: 0,
        kind: Some(kind.to_owned()),
        street_address_1: Some(cut(a.street.clone(), 45)),
        street_address_2: g.chance(0.1).then(|| format!("Apt {}", g.count(1..=40))),
        zip: Some(a.zip.clone()),
        city: Some(a.city.clone()),
        state: Some(a.state.clone()),
        created_at: Some(created.to_owned()),
        modified_at: Some(created.to_owned()),
    }
}

/// A value of a custom field of `data_type` (the custom fields page's types).
fn value(g: &mut Generating, data_type: &str) -> String {
    match data_type {
        "Number" => g.count(1..=10).to_string(),
        "Dollar Amt" => format!("{}000", g.count(150..=2500)),
        "Date" => ymd(g.instant().date_naive()),
        _ => cut(g.sentence(2..5), 2000),
    }
}

fn task(g: &mut Generating, owner: i64, after: DateTime<Utc>) -> Task {
    let created = g.after(after, 400);
    let due = g.after(created, 30);
    Task {
        id: 0,
        owner_user_id: owner,
        contact_id: None,
        action_type: Some((*g.pick(&ACTION_TYPES[..4])).to_owned()),
        assigned_user_id: None,
        due_at: Some(stamp(due)),
        description: Some(g.sentence(3..7)),
        status: Some((*g.pick(&STATUSES[..2])).to_owned()),
        notes: g.chance(0.3).then(|| g.sentence(4..10)),
        created_at: stamp(created),
        modified_at: stamp(g.after(created, 30)),
    }
}

fn event(g: &mut Generating, owner: i64, after: DateTime<Utc>) -> Event {
    let (kind, source) = *g.pick(EVENTS);
    let created = stamp(g.after(after, 700));
    let description = match kind {
        "Viewed Listing" => format!("Viewed {} bed / {} bath on {}", g.count(1..=5), g.count(1..=4), g.address().street),
        "Saved Search" => format!("Saved search: {} homes under {}k", g.address().city, g.count(3..=20) * 100),
        "Called" => format!("Call answered, {} min", g.count(1..=30)),
        _ => g.sentence(5..12),
    };
    Event {
        id: 0,
        user_id: owner,
        contact_id: 0,
        source: Some(source.to_owned()),
        r#type: Some(kind.to_owned()),
        description: Some(description),
        site_domain: (source == "web").then(|| "www.example-realty.com".to_owned()),
        dialer_session_id: None,
        property: None,
        created_at: created.clone(),
        modified_at: created,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::TenantId;
    use crate::core::sql::plan;

    /// The documents a generated contact carries are those the triggers make of the same
    /// records (compared as JSON: the two may escape a character differently).
    #[test]
    fn generated_documents_are_the_ones_the_triggers_make() {
        let mut conn = plan::schema_db(include_str!("../schema.sql"));
        let tx = conn.transaction().unwrap();
        let tenant = TenantId::from("t");
        let at = "2024-05-06T07:08:09.000Z".to_owned();
        let home = Address {
            id: 3,
            contact_id: 1,
            kind: Some("Home".into()),
            street_address_1: Some("12 O'Neil \"Row\"".into()),
            zip: Some("78701".into()),
            city: Some("Austin".into()),
            state: Some("TX".into()),
            created_at: Some(at.clone()),
            modified_at: Some(at.clone()),
            ..Address::default()
        };
        let office =
            Address { id: 4, kind: Some("Main Office".into()), street_address_2: Some("Suite 5\t\u{e9}".into()), ..home.clone() };
        let values = vec![(2, "Dollar Amt 150000".to_owned()), (9, "line\none".to_owned())];
        let contact = Contact { id: 1, owner_user_id: 1, created_at: at.clone(), modified_at: at, ..Contact::default() };
        contacts::insert(&tx, &tenant, &contact).unwrap();
        for a in [&home, &office] {
            addresses::insert(&tx, &tenant, a).unwrap();
        }
        for (field, value) in &values {
            contacts::set_custom_value(&tx, &tenant, 1, *field, Some(value)).unwrap();
        }
        let kept = contacts::docs(&tx, &tenant, 1).unwrap();
        let made = docs(&[home, office], &values).unwrap();
        let json = |doc: &Option<String>| serde_json::from_str::<serde_json::Value>(doc.as_deref().unwrap()).unwrap();
        assert_eq!(json(&made.addresses), json(&kept.addresses));
        assert_eq!(json(&made.custom_values), json(&kept.custom_values));
        assert_eq!(docs(&[], &[]).unwrap(), Docs::default(), "none: as a contact without records");
    }
}

//! Generated LivingMetrics contacts (`Vendor::generator`): marketing leads, each with a title and
//! company, one or two emails and phones, tags and a lead score, and the contact's sub-records
//! the API serves: histories (emails sent and opened, site visits, form submissions, calls) and
//! deals. Rows go through the store's own inserts (which also fill the search text, the tag
//! index and the list memberships), with each table's ids taken at once per chunk.

use fake::Fake;
use fake::faker::job::en::Title;

use super::input::{Contact, Deal, Email, History, Phone, contact_search_text};
use super::model::timestamp;
use super::store::insert::{self, ContactRow, Target};
use crate::core::generate::{Drafter, GenerateError, Generating, Writing};

const TAGS: &[&str] = &["lead", "customer", "hot", "cold", "newsletter", "webinar", "first-time-buyer", "investor"];
const HISTORIES: &[&str] = &["EmailSent", "EmailOpen", "EmailClick", "SiteVisit", "FormSubmission", "PhoneCall", "TextMessage"];
const STAGES: &[&str] = &["Prospect", "Qualified", "Proposal", "Negotiation", "Won", "Lost"];

/// Column limits of the contacts page (names, company, title).
const MAX_NAME: usize = 255;

/// The generator of contacts with their histories and deals.
pub fn generator(_w: &Writing<'_>) -> Result<Drafter, GenerateError> {
    Ok(Box::new(|g, count| {
        let drafts = (0..count).map(|_| draft(g)).collect();
        Ok(Box::new(move |w: &Writing<'_>| write(w, drafts)))
    }))
}

/// A contact drawn, with its search text, its histories (each with its time) and deals.
struct Draft {
    contact: Contact,
    search: String,
    histories: Vec<(History, String)>,
    deals: Vec<Deal>,
}

fn draft(g: &mut Generating) -> Draft {
    let p = g.person();
    let mut emails = vec![Email { email_address: p.email.clone(), kind: "personal".into() }];
    if g.chance(0.3) {
        let domain: String = p.company.chars().filter(char::is_ascii_alphanumeric).take(20).collect();
        let work = format!("{}.{}@{}.example.com", p.first_name, p.last_name, domain).to_ascii_lowercase().replace(' ', "");
        emails.push(Email { email_address: work, kind: "work".into() });
    }
    let mut phones = vec![Phone { phone_number: p.phone.national(), kind: "mobile".into() }];
    if g.chance(0.3) {
        phones.push(Phone { phone_number: g.phone().national(), kind: "work".into() });
    }
    let mut tags: Vec<String> = (0..g.count(0..=3)).map(|_| (*g.pick(TAGS)).to_owned()).collect();
    tags.sort();
    tags.dedup();
    let title: String = Title().fake_with_rng(&mut g.rng);
    let contact = Contact {
        id: None,
        first_name: Some(p.first_name.clone()),
        last_name: Some(p.last_name.clone()),
        company: Some(p.company.chars().take(MAX_NAME).collect()),
        title: Some(title.chars().take(MAX_NAME).collect()),
        emails,
        phones,
        tags,
        lead_score: g.count(0..=100) as i64,
        employer_id: None,
        list_ids: Vec::new(),
        crm_ids: Vec::new(),
        deals: Vec::new(),
        created_at: Some(timestamp(p.created_at)),
        updated_at: Some(timestamp(p.modified_at)),
        visible_at: Some(timestamp(p.created_at)),
    };
    let histories: Vec<(History, String)> = (0..g.count(0..=4))
        .map(|_| {
            let kind = *g.pick(HISTORIES);
            let at = timestamp(g.after(p.created_at, 600));
            let description = match kind {
                "SiteVisit" => format!("Visited /listings/{}", g.count(1000..=9999)),
                "FormSubmission" => format!("Form submitted: enquiry about {}", g.address().street),
                _ => g.sentence(3..8),
            };
            let h = History {
                id: None,
                contact_id: None,
                history_type: kind.to_owned(),
                campaign_id: None,
                email_guid: None,
                tracked_number_id: None,
                description: Some(description),
                created_at: Some(at.clone()),
            };
            (h, at)
        })
        .collect();
    let deals: Vec<Deal> = (0..g.count(0..=1))
        .map(|_| {
            let created = timestamp(g.after(p.created_at, 300));
            Deal {
                id: None,
                contact_id: None,
                name: format!("{} purchase", g.address().street),
                value: Some((g.count(100..=2000) * 1000) as f64),
                stage: Some((*g.pick(STAGES)).to_owned()),
                product_id: None,
                created_at: Some(created.clone()),
                updated_at: Some(created),
            }
        })
        .collect();
    let search = contact_search_text(&contact);
    Draft { contact, search, histories, deals }
}

/// Writes drawn contacts with their histories and deals; answers their ids.
fn write(w: &Writing<'_>, drafts: Vec<Draft>) -> Result<Vec<String>, GenerateError> {
    let count = drafts.len();
    let first = w.reserve(Target::Contacts.name(), count)?;
    let mut history_id = w.reserve(Target::Histories.name(), drafts.iter().map(|d| d.histories.len()).sum())?;
    let mut deal_id = w.reserve(Target::Deals.name(), drafts.iter().map(|d| d.deals.len()).sum())?;
    let (tx, tenant) = (w.tx, w.tenant);
    let custom = serde_json::Map::new();
    let mut ids = Vec::with_capacity(count);
    for (id, Draft { contact: c, search, histories, deals }) in (first..).zip(drafts) {
        let (created, updated, visible) = (c.created_at.as_deref(), c.updated_at.as_deref(), c.visible_at.as_deref());
        let row = ContactRow {
            id,
            c: &c,
            custom: &custom,
            search: &search,
            created: created.unwrap_or_default(),
            updated: updated.unwrap_or_default(),
            visible: visible.unwrap_or_default(),
        };
        insert::contact(tx, tenant, &row)?;
        for (h, at) in histories {
            insert::history(tx, tenant, history_id, &History { contact_id: Some(id), ..h }, &at)?;
            history_id += 1;
        }
        for d in deals {
            let (created, updated) = (d.created_at.clone().unwrap_or_default(), d.updated_at.clone().unwrap_or_default());
            insert::deal(tx, tenant, deal_id, id, &d, &created, &updated)?;
            deal_id += 1;
        }
        ids.push(id.to_string());
    }
    Ok(ids)
}

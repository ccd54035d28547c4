//! The contacts service (LionDesk's contacts page): Find All Contacts, Get One Contact,
//! Submit one Contact, Update one Contact, Remove; the answers embed addresses, hotness,
//! custom field values and source as the document's examples do. A contact the user may not
//! see is a 404; only its owner may remove it.

use std::sync::Arc;

use crate::core::Tx;

use super::super::error::{LionDeskError, Result};
use super::super::model::contact::{self as rules, Answer, Contact, ContactChanges, Wanted};
use super::super::model::serialized;
use super::super::query::{Query, Resource, fields::CONTACTS};
use super::super::store::contacts as store;
use super::super::store::embeds;
use super::super::store::table::{Scope, Table};
use super::Answers;
use super::service::{Caller, Service, Writable};

/// The contacts service.
pub struct Contacts;

impl Service for Contacts {
    /// Shared: a page's rows are kept between reads (`store::contacts::TABLE`).
    type Record = Arc<Contact>;
    const RESOURCE: &'static Resource = &CONTACTS;
    const PATH: &'static str = "/contacts";
    // Express routes without strict routing: a trailing slash names the same route.
    const TABLE: &'static Table<Arc<Contact>> = &store::TABLE;

    fn scope(caller: &Caller) -> Scope {
        store::visible(&caller.tenant, caller.user)
    }

    fn scope_one(caller: &Caller) -> Scope {
        store::visible_one(caller.user)
    }

    /// With the embeds `$select` asks for (all of them without it), serialized straight from
    /// the records unless `$select` picks fields.
    fn render(tx: &Tx, caller: &Caller, contacts: &[Arc<Contact>], query: &Query, out: &mut Answers) -> Result<()> {
        let wanted = Wanted::from_select(query.select.as_deref());
        let embeds = embeds::load(tx, &caller.tenant, caller.user, contacts, wanted)?;
        for answer in contacts.iter().map(|c| Answer::new(c, &embeds, wanted)) {
            match query.select {
                None => out.push_written(|body| answer.write(body)),
                Some(_) => out.push(&query.selected(serialized(&answer)))?,
            }
        }
        Ok(())
    }
}

impl Writable for Contacts {
    type Changes = ContactChanges;

    /// The submitter owns it.
    fn create(tx: &Tx, caller: &Caller, changes: &ContactChanges, now: &str) -> Result<Arc<Contact>> {
        rules::create(tx, &caller.tenant, caller.user, None, changes, now).map(Arc::new)
    }

    fn patch(tx: &Tx, caller: &Caller, contact: Arc<Contact>, changes: ContactChanges, now: &str) -> Result<Arc<Contact>> {
        rules::patch(tx, &caller.tenant, caller.user, &contact, &changes, now).map(Arc::new)
    }

    /// Others who can see it get 403.
    fn remove(tx: &Tx, caller: &Caller, id: i64, contact: &Arc<Contact>) -> Result<()> {
        if contact.owner_user_id != caller.user {
            return Err(LionDeskError::Forbidden("Only the owner of a contact may remove it".into()));
        }
        Ok(store::TABLE.delete(tx, &caller.tenant, &id)?)
    }
}

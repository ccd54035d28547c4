//! The contact sources service (the sources page): Retrieving Sources (find, get), Submitting a
//! source, Updating sources, Removing sources (answers the source removed). A user sees and
//! changes only the sources they created; contacts that had a removed source are left without one.

use crate::core::Tx;

use super::super::error::Result;
use super::super::model::lists::{Source, SourceChanges};
use super::super::query::{Resource, fields::CONTACT_SOURCES};
use super::super::store::sources as store;
use super::super::store::table::{Scope, Table};
use super::service::{Caller, Service, Writable};

/// The contact sources service.
pub struct Sources;

impl Service for Sources {
    type Record = Source;
    const RESOURCE: &'static Resource = &CONTACT_SOURCES;
    const PATH: &'static str = "/contact-sources";
    const TABLE: &'static Table<Source> = &store::TABLE;

    fn scope(caller: &Caller) -> Scope {
        store::own(caller.user)
    }
}

impl Writable for Sources {
    type Changes = SourceChanges;

    /// The submitter owns it; `created_at` shows where a contact embeds it.
    fn create(tx: &Tx, caller: &Caller, changes: &SourceChanges, now: &str) -> Result<Source> {
        let id = store::TABLE.next_id(tx, &caller.tenant)?;
        let source = changes.apply(&Source { id, user_id: caller.user, name: None, created_at: now.to_owned() });
        store::insert(tx, &caller.tenant, &source)?;
        Ok(source)
    }

    fn patch(tx: &Tx, caller: &Caller, source: Source, changes: SourceChanges, _: &str) -> Result<Source> {
        let next = changes.apply(&source);
        store::update(tx, &caller.tenant, &next)?;
        Ok(next)
    }
}

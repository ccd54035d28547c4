//! The hotnesses service (the hotnesses page): Retrieving Hotnesses (find, get; by `user_id`
//! then `rank` unless `$sort` says otherwise), Submitting a hotness, Updating hotnesses,
//! Removing hotnesses (answers the hotness removed). A user sees and changes only their own;
//! contacts that had a removed hotness are left without one.

use crate::core::Tx;

use super::super::error::Result;
use super::super::model::lists::{Hotness, HotnessChanges};
use super::super::query::{Resource, fields::HOTNESSES};
use super::super::store::hotnesses as store;
use super::super::store::table::{Scope, Table};
use super::service::{Caller, Service, Writable};

/// The hotnesses service.
pub struct Hotnesses;

impl Service for Hotnesses {
    type Record = Hotness;
    const RESOURCE: &'static Resource = &HOTNESSES;
    const PATH: &'static str = "/hotnesses";
    const TABLE: &'static Table<Hotness> = &store::TABLE;

    fn scope(caller: &Caller) -> Scope {
        store::own(caller.user)
    }
}

impl Writable for Hotnesses {
    type Changes = HotnessChanges;

    /// The submitter owns it.
    fn create(tx: &Tx, caller: &Caller, changes: &HotnessChanges, _: &str) -> Result<Hotness> {
        let blank =
            Hotness { id: store::TABLE.next_id(tx, &caller.tenant)?, user_id: caller.user, name: None, rank: None, color: None };
        let hotness = changes.apply(&blank);
        store::insert(tx, &caller.tenant, &hotness)?;
        Ok(hotness)
    }

    fn patch(tx: &Tx, caller: &Caller, hotness: Hotness, changes: HotnessChanges, _: &str) -> Result<Hotness> {
        let next = changes.apply(&hotness);
        store::update(tx, &caller.tenant, &next)?;
        Ok(next)
    }
}

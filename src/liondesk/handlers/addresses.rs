//! A contact's addresses (the addresses page): Retrieving Addresses (find, and one by id),
//! Submitting Addresses, Updating Addresses, and removal (answers the address removed). They are
//! "visible and changeable" to whoever may see the contact; for anyone else the contact does
//! not exist (404 naming the contact id).

use crate::core::Tx;

use super::super::error::Result;
use super::super::model::lists::{Address, AddressChanges};
use super::super::query::{Resource, fields::ADDRESSES};
use super::super::store::table::{Scope, Table};
use super::super::store::{addresses as store, contacts};
use super::service::{Caller, Service, Writable};

/// The addresses service, under a contact.
pub struct Addresses;

impl Service for Addresses {
    type Record = Address;
    const RESOURCE: &'static Resource = &ADDRESSES;
    const PATH: &'static str = "/contacts/{contact_id}/addresses";
    const TABLE: &'static Table<Address> = &store::TABLE;

    fn scope(caller: &Caller) -> Scope {
        store::of_contact(caller.parent)
    }

    fn parent_visible(tx: &Tx, caller: &Caller) -> Result<bool> {
        Ok(contacts::get_visible(tx, &caller.tenant, caller.user, caller.parent, None)?.is_some())
    }
}

impl Writable for Addresses {
    type Changes = AddressChanges;

    fn create(tx: &Tx, caller: &Caller, changes: &AddressChanges, now: &str) -> Result<Address> {
        let blank = Address {
            id: store::TABLE.next_id(tx, &caller.tenant)?,
            contact_id: caller.parent,
            created_at: Some(now.to_owned()),
            modified_at: Some(now.to_owned()),
            ..Address::default()
        };
        let address = changes.apply(&blank);
        store::insert(tx, &caller.tenant, &address)?;
        Ok(address)
    }

    /// Stamps `modified_at`.
    fn patch(tx: &Tx, caller: &Caller, address: Address, changes: AddressChanges, now: &str) -> Result<Address> {
        let next = Address { modified_at: Some(now.to_owned()), ..changes.apply(&address) };
        store::update(tx, &caller.tenant, &next)?;
        Ok(next)
    }
}

//! The custom fields service (the custom fields page): Find All Custom Fields, Get One, Submit
//! one, Update one, and removal (answers the field removed, with its values gone from every
//! contact). A user sees and changes only their own. Their values are set through contacts.

use crate::core::Tx;

use super::super::error::Result;
use super::super::model::lists::{CustomField, CustomFieldChanges};
use super::super::query::{Resource, fields::CUSTOM_FIELDS};
use super::super::store::custom_fields as store;
use super::super::store::table::{Scope, Table};
use super::service::{Caller, Service, Writable};

/// The custom fields service.
pub struct CustomFields;

impl Service for CustomFields {
    type Record = CustomField;
    const RESOURCE: &'static Resource = &CUSTOM_FIELDS;
    const PATH: &'static str = "/custom-fields";
    const TABLE: &'static Table<CustomField> = &store::TABLE;

    fn scope(caller: &Caller) -> Scope {
        store::own(caller.user)
    }
}

impl Writable for CustomFields {
    type Changes = CustomFieldChanges;

    /// The submitter owns it; `data_type` and `name` are required.
    fn create(tx: &Tx, caller: &Caller, changes: &CustomFieldChanges, _: &str) -> Result<CustomField> {
        // Refused (a required field missing) before the id is taken: a repeatable write.
        let field = changes.create(0, caller.user)?;
        let field = CustomField { id: store::TABLE.next_id(tx, &caller.tenant)?, ..field };
        store::insert(tx, &caller.tenant, &field)?;
        Ok(field)
    }

    fn patch(tx: &Tx, caller: &Caller, field: CustomField, changes: CustomFieldChanges, _: &str) -> Result<CustomField> {
        let next = changes.apply(&field);
        store::update(tx, &caller.tenant, &next)?;
        Ok(next)
    }
}

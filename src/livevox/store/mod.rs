//! LiveVox storage: the only place with SQL. Every function takes the tenant after the
//! transaction (sessions, whose ids are unique across tenants, are found by id alone); records
//! come in and go out as `model` types. Nothing here knows HTTP, JSON bodies or statuses.

pub mod accounts;
pub mod contact_ref;
pub mod contacts;
pub mod custom_fields;
pub mod directory;
pub mod export;
pub mod groups;
pub mod notes;
#[cfg(test)]
mod plans;
pub mod search;
pub mod sessions;

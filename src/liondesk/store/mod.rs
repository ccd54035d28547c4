//! LionDesk storage: the only place with SQL. Every function takes the tenant after the
//! transaction; records come in and go out as the `model`'s types. Nothing here knows HTTP,
//! JSON bodies or statuses.

pub mod addresses;
pub mod contacts;
pub mod custom_fields;
pub mod directory;
pub mod embeds;
pub mod events;
pub mod hotnesses;
#[cfg(test)]
mod plans;
pub mod sources;
pub mod table;
pub mod tags;
pub mod tasks;
pub mod users;
pub mod visibility;

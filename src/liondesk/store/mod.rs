//! LionDesk storage: SQL only, every function scoped to a tenant.

pub mod addresses;
pub mod contacts;
pub mod custom_fields;
pub mod directory;
pub mod embeds;
pub mod events;
pub mod hotnesses;
pub mod sources;
pub mod table;
pub mod tags;
pub mod tasks;
pub mod tokens;
pub mod users;

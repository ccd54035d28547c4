//! LionDesk storage: SQL only, every function scoped to a tenant.

pub mod contacts;
pub mod embeds;
pub mod users;

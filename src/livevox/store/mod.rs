//! LiveVox storage: the only place with SQL.

pub mod contacts;
pub mod export;

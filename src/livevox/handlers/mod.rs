//! LiveVox handlers: one module per part of the document (HTTP in and out). The route table in
//! `mod.rs` checks the session and the method's roles before a handler runs; a handler takes
//! the `Caller` it checked, its path parameters by name and its body as `JsonBody`.

pub mod accounts;
pub mod contacts;
pub mod custom_fields;
pub mod export;
pub mod groups;
pub mod notes;
pub mod search;
pub mod session;

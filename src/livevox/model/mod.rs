//! LiveVox's wire shapes (the document's request and response bodies) and their checks.

pub mod account;
pub mod contact;
pub mod contact_dnd;
pub mod custom_field;
pub mod details;
pub mod group;
pub mod note;
pub mod page;
pub mod search;
pub mod values;

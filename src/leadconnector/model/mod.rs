//! Wire shapes and the checks of what clients send.

pub mod appointment;
pub mod contact;
pub mod contact_input;
pub mod note;
pub mod task;

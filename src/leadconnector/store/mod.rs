//! The only SQL of LeadConnector: one module per table. Writes take the caller's transaction.

pub mod appointments;
pub mod businesses;
pub mod contacts;
pub mod locations;
pub mod notes;
#[cfg(test)]
mod plans;
pub mod tasks;

//! LivingMetrics storage: SQL only, every function scoped to a tenant.

pub mod contacts;
pub mod insert;
pub mod records;

//! The extension points of `core::Vendor`, each exercised by `probe`, a fifth vendor that
//! exists only in these tests: it is registered beside crm-mock's own four, as a new vendor
//! would be, and uses flags, middleware, settings, a streamed answer, an outbox with a
//! background job, admin routes of its own, a rate limit of `core::rate`, and webhooks
//! delivered by core.

mod flags;
mod jobs;
mod middleware;
mod probe;
mod rate;
pub mod receiver;
mod settings;
mod stream;
mod webhooks;

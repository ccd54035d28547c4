//! One integration-test binary (one link, one shared server per process): each folder tests one
//! part of crm-mock over HTTP.

mod admin;
mod embedding;
mod extending;
mod helpers;
mod leadconnector;
mod liondesk;
mod livevox;
mod livingmetrics;
mod openapi;
mod readme;

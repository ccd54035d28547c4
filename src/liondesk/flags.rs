//! LionDesk's `serve` flags: Feathers' `paginate` options of every find.

use std::sync::Arc;

use clap::{Args, FromArgMatches};

use crate::core::{Registration, Vendor};

use super::LionDesk;
use super::query::Limits;

#[derive(Args, Debug, Clone)]
#[group(skip)]
pub struct Flags {
    /// LionDesk's page size when a find gives no `$limit`.
    #[arg(long = "liondesk-default-limit", value_name = "N", env = "CRM_MOCK_LIONDESK_DEFAULT_LIMIT", default_value_t = 10, value_parser = clap::value_parser!(i64).range(1..))]
    pub default_limit: i64,
    /// LionDesk's largest page (a larger `$limit` is clamped to it).
    #[arg(long = "liondesk-max-limit", value_name = "N", env = "CRM_MOCK_LIONDESK_MAX_LIMIT", default_value_t = 50, value_parser = clap::value_parser!(i64).range(1..))]
    pub max_limit: i64,
}

impl Flags {
    /// The page sizes; a default above the largest page is the largest page.
    pub fn limits(&self) -> Limits {
        Limits { default_limit: self.default_limit.min(self.max_limit), max_limit: self.max_limit }
    }
}

/// LionDesk as `startup::VENDORS` lists it.
pub const REGISTRATION: Registration = Registration {
    name: "liondesk",
    flags: Flags::augment_args,
    build: |matches| -> Result<Arc<dyn Vendor>, clap::Error> {
        Ok(Arc::new(LionDesk { limits: Flags::from_arg_matches(matches)?.limits() }))
    },
};

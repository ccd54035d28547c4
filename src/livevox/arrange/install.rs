//! Installing a tenant's LiveVox credentials (`Vendor::install`): its client (code, numeric
//! id, API access token) and its Portal users, one per role, numbered from 1 in order.

use serde::Deserialize;
use serde_json::Value;

use super::super::auth::Role;
use super::super::store::directory::{self, User};
use crate::core::sequence;
use crate::core::{ArrangeError, Arranging, Record};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CredentialUser {
    user_name: String,
    password: String,
    role: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Credentials {
    client_name: String,
    client_id: i64,
    access_token: String,
    users: Vec<CredentialUser>,
}

/// Installs the tenant's client and users.
pub fn install(a: &Arranging<'_>, credentials: &Value) -> Result<(), ArrangeError> {
    let record = Record { index: 0, value: credentials };
    let creds: Credentials = record.parse()?;
    let client_id = record.check_id("client_id", creds.client_id)?;
    if directory::token_in_use(a.tx, &creds.access_token)? {
        return Err(record.error("access_token", "is already in use"));
    }
    directory::insert_client(a.tx, a.tenant, &creds.client_name, client_id, &creds.access_token)?;
    for (i, u) in creds.users.into_iter().enumerate() {
        if Role::parse(&u.role).is_none() {
            let known: Vec<&str> = Role::ALL.iter().map(|r| r.name()).collect();
            return Err(record.error(format!("users[{i}].role"), format!("must be one of {}", known.join(", "))));
        }
        let id = i as i64 + 1;
        directory::insert_user(a.tx, a.tenant, &User { id, user_name: u.user_name, password: u.password, role: u.role })?;
        sequence::claim_id(a.tx, a.tenant, "lv_users", id)?;
    }
    Ok(())
}

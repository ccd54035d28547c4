//! Bearer tokens. Every API route needs `Authorization: Bearer <access token>` of a tenant
//! user; a missing, unknown or expired token is a 401 NotAuthenticated (the message a real
//! client reads is "Invalid access token"). Expiry is judged against the emulator's clock.

use std::future::Future;
use std::pin::Pin;

use actix_web::{FromRequest, HttpMessage, HttpRequest, dev::Payload, web};
use rusqlite::{OptionalExtension, Transaction};

use super::error::LionDeskError;
use crate::core::clock::to_rfc3339_millis;
use crate::core::{Core, TenantId};

/// The vendor name under which tokens are cached.
const VENDOR: &str = "liondesk";

/// The user a request acts as.
#[derive(Debug, Clone)]
pub struct User {
    pub tenant: TenantId,
    pub id: i64,
    /// When the token stops working (`None`: never).
    pub expires_at: Option<String>,
}

/// The bearer token a request carries.
pub fn presented_token(req: &HttpRequest) -> Option<String> {
    let value = req.headers().get("authorization")?.to_str().ok()?.trim();
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim().to_owned()).filter(|t| !t.is_empty())
}

/// The access token's user, whether or not it has expired.
pub fn lookup(tx: &Transaction, token: &str) -> rusqlite::Result<Option<User>> {
    tx.prepare_cached("SELECT tenant_id, user_id, expires_at FROM ld_tokens WHERE token = ?1 AND kind = 'access'")?
        .query_row([token], |r| {
            let tenant: String = r.get(0)?;
            Ok(User { tenant: TenantId::from(tenant.as_str()), id: r.get(1)?, expires_at: r.get(2)? })
        })
        .optional()
}

fn invalid() -> LionDeskError {
    LionDeskError::NotAuthenticated("Invalid access token".into())
}

async fn resolve(req: HttpRequest) -> Result<User, LionDeskError> {
    let token = presented_token(&req).ok_or_else(|| LionDeskError::NotAuthenticated("No auth token".into()))?;
    let core = req.app_data::<web::Data<Core>>().cloned().ok_or_else(invalid)?;
    let user = match core.credentials.get::<User>(VENDOR, &token) {
        Some(user) => user,
        None => {
            let generation = core.credentials.generation();
            let key = token.clone();
            let found = core.db.read(move |tx| lookup(tx, &key).map_err(LionDeskError::from)).await?.ok_or_else(invalid)?;
            core.credentials.insert(VENDOR, &token, generation, found.clone());
            found
        }
    };
    if user.expires_at.as_deref().is_some_and(|at| at <= to_rfc3339_millis(core.clock.now()).as_str()) {
        return Err(invalid());
    }
    req.extensions_mut().insert(user.tenant.clone());
    Ok(user)
}

impl FromRequest for User {
    type Error = LionDeskError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        Box::pin(resolve(req.clone()))
    }
}

//! Bearer tokens. Every API route needs `Authorization: Bearer <access token>` of a tenant
//! user; a missing, unknown or expired token is a 401 NotAuthenticated (the message a real
//! client reads is "Invalid access token"). Tokens are `core::oauth`'s, resolved and cached by
//! `core::auth`; expiry is judged against the emulator's clock on every request.

use std::future::Future;
use std::pin::Pin;

use actix_web::{FromRequest, HttpRequest, dev::Payload, web};

use super::error::LionDeskError;
use crate::core::Tx;
use crate::core::auth::{Credential, resolve};
use crate::core::clock::to_rfc3339_millis;
use crate::core::oauth::{Kind, store};
use crate::core::{Core, TenantId};

/// The user a request acts as.
#[derive(Debug, Clone)]
pub struct User {
    pub tenant: TenantId,
    pub id: i64,
    /// When the token stops working (`None`: never).
    pub expires_at: Option<String>,
}

impl Credential for User {
    const VENDOR: &'static str = super::NAME;

    /// The access token's user (its subject is the user id), whether or not it has expired.
    fn lookup(tx: &Tx, token: &str) -> rusqlite::Result<Option<User>> {
        Ok(store::find(tx, super::NAME, Kind::Access, token)?
            .and_then(|grant| Some(User { tenant: grant.tenant, id: grant.subject.parse().ok()?, expires_at: grant.expires_at })))
    }

    fn tenant(&self) -> &TenantId {
        &self.tenant
    }
}

/// The bearer token a request carries.
pub fn presented_token(req: &HttpRequest) -> Option<String> {
    let value = req.headers().get("authorization")?.to_str().ok()?.trim();
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim().to_owned()).filter(|t| !t.is_empty())
}

fn invalid() -> LionDeskError {
    LionDeskError::NotAuthenticated("Invalid access token".into())
}

async fn authenticate(req: HttpRequest) -> Result<User, LionDeskError> {
    let token = presented_token(&req).ok_or_else(|| LionDeskError::NotAuthenticated("No auth token".into()))?;
    let user = resolve::<User>(&req, &token).await?.ok_or_else(invalid)?;
    let now = req.app_data::<web::Data<Core>>().map(|core| to_rfc3339_millis(core.clock.now())).ok_or_else(invalid)?;
    if user.expires_at.as_deref().is_some_and(|at| at <= now.as_str()) {
        return Err(invalid());
    }
    Ok(user)
}

impl FromRequest for User {
    type Error = LionDeskError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        Box::pin(authenticate(req.clone()))
    }
}

//! Sessions and roles. Every Contact API call sends `LV-Session: <sessionId>` from
//! `POST /session/login`; a missing, unknown or expired session is a 401. A session expires
//! after two hours unused, by the emulator's clock: each call moves its end to two hours later.
//! Each route names the roles allowed to call it (the document's "User Roles" lines, in the
//! route table); a user of another role gets a 403 before the body is read. `LV-Access` is
//! accepted and ignored on every call but login.
//!
//! A session is looked up once and then served from `core.credentials` (an entry that expires
//! with the session), so a call costs no database read. Sliding the expiry moves the cached
//! entry at every call but writes `lv_sessions.expires_at` only when the stored end is a
//! minute or more behind (`PERSIST_EVERY`): a burst of calls costs no database write, and a
//! session found again in the database after the cache lost it (a reset, a restored snapshot)
//! ends at most that minute early (docs/fidelity.md, LiveVox: sessions and roles).

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use actix_web::body::BoxBody;
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use chrono::{DateTime, TimeDelta, Utc};

use super::NAME;
use super::error::LvError;
use super::store::sessions;
use crate::core::{Core, CoreError, TenantId};

/// How long a session lives unused.
pub const SESSION_IDLE: TimeDelta = TimeDelta::hours(2);

/// How far the stored end of a session may lag behind its sliding end before it is written.
pub const PERSIST_EVERY: TimeDelta = TimeDelta::minutes(1);

/// The session header of every call but login, validate and logout.
pub const SESSION_HEADER: &str = "lv-session";

/// The access token header (required on login, ignored elsewhere).
pub const ACCESS_HEADER: &str = "lv-access";

/// The LiveVox Portal roles.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Sysadmin,
    Superuser,
    Manager,
    ItUser,
    Agent,
}

impl Role {
    /// Every role, in the Portal's order.
    pub const ALL: [Role; 5] = [Role::Sysadmin, Role::Superuser, Role::Manager, Role::ItUser, Role::Agent];

    /// The role's name as LiveVox writes it (and as `lv_users.role` stores it).
    pub fn name(self) -> &'static str {
        match self {
            Role::Sysadmin => "Sysadmin",
            Role::Superuser => "Superuser",
            Role::Manager => "Manager",
            Role::ItUser => "IT User",
            Role::Agent => "Agent",
        }
    }

    pub fn parse(name: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.name() == name)
    }
}

/// Who may call what (the document's "User Roles" lines).
pub mod roles {
    use super::Role::{self, *};

    /// Create, bulk create, update, bulk update, delete, both DND updates, bulk download,
    /// contact group create and update: "Sysadmin or Superuser".
    pub const CHANGE: &[Role] = &[Sysadmin, Superuser];
    /// Search, list, read, contact groups list and read, notes, accounts: the Contact API's
    /// default, "Sysadmin, Superuser, or Manager".
    pub const READ: &[Role] = &[Sysadmin, Superuser, Manager];
    /// List and read custom fields: "Sysadmin, Superuser, Manager, or IT User".
    pub const READ_CUSTOM_FIELDS: &[Role] = &[Sysadmin, Superuser, Manager, ItUser];
    /// Update custom fields: "Sysadmin or IT User".
    pub const UPDATE_CUSTOM_FIELDS: &[Role] = &[Sysadmin, ItUser];
}

/// A session as cached: whose it is, and its end as last stored.
#[derive(Debug, Clone)]
pub struct Session {
    pub tenant: TenantId,
    pub user_id: i64,
    pub user_name: String,
    pub role: Role,
    /// `lv_sessions.expires_at` as last written, in epoch milliseconds (shared by every copy).
    pub stored_until: Arc<AtomicI64>,
}

/// The caller of a Contact API method: the session's user, checked and its session renewed.
#[derive(Debug, Clone)]
pub struct Caller {
    pub tenant: TenantId,
    pub user_name: String,
    pub role: Role,
    /// The emulator's time of this request.
    pub now: DateTime<Utc>,
}

impl Caller {
    /// A 403 unless the caller's role is one of `roles`.
    pub fn allow(&self, roles: &[Role]) -> Result<(), LvError> {
        if roles.contains(&self.role) {
            return Ok(());
        }
        Err(LvError::Forbidden(format!("The {} role has no access to this method", self.role.name())))
    }
}

/// The shared state of a request.
pub fn core_of(req: &HttpRequest) -> Result<web::Data<Core>, LvError> {
    req.app_data::<web::Data<Core>>().cloned().ok_or_else(|| CoreError::Startup("the shared state is missing".into()).into())
}

/// A header's value, trimmed; `None` when absent or blank.
pub fn header(req: &HttpRequest, name: &str) -> Option<String> {
    let value = req.headers().get(name)?.to_str().ok()?.trim();
    (!value.is_empty()).then(|| value.to_owned())
}

/// The live session `id` at `now` (cached, or read from the database and cached).
pub async fn live_session(core: &Core, id: &str, now: DateTime<Utc>) -> Result<Option<Session>, LvError> {
    if let Some(found) = core.credentials.get_live::<Session>(NAME, id, now) {
        return Ok(Some(found));
    }
    let generation = core.credentials.generation();
    let key = id.to_owned();
    let Some((session, until)) = core.db.read(move |tx| sessions::find(tx, &key).map_err(LvError::from)).await? else {
        return Ok(None);
    };
    if until <= now {
        return Ok(None);
    }
    core.credentials.insert_expiring(NAME, id, generation, session.clone(), until);
    Ok(Some(session))
}

/// Moves the end of a live session to two hours after `now`; writes it when the stored end
/// lags by `PERSIST_EVERY` or more.
pub async fn renew(core: &Core, id: &str, session: &Session, now: DateTime<Utc>) -> Result<(), LvError> {
    let until = now + SESSION_IDLE;
    core.credentials.touch(NAME, id, until);
    let stored = session.stored_until.load(Ordering::Acquire);
    if until.timestamp_millis() - stored < PERSIST_EVERY.num_milliseconds() {
        return Ok(());
    }
    session.stored_until.fetch_max(until.timestamp_millis(), Ordering::AcqRel);
    let key = id.to_owned();
    core.db.write(move |tx| sessions::extend(tx, &key, until).map_err(LvError::from)).await
}

/// The caller of `req`: its session checked and renewed, its tenant recorded for the journal.
async fn authenticate(req: &HttpRequest) -> Result<Caller, LvError> {
    let core = core_of(req)?;
    let id = header(req, SESSION_HEADER).ok_or_else(LvError::invalid_session)?;
    let now = core.clock.now();
    let session = live_session(&core, &id, now).await?.ok_or_else(LvError::invalid_session)?;
    req.extensions_mut().insert(session.tenant.clone());
    renew(&core, &id, &session, now).await?;
    Ok(Caller { tenant: session.tenant, user_name: session.user_name, role: session.role, now })
}

/// The check a route the `roles` may call runs before its handler (`mod.rs` wraps each route
/// in it): 401 without a live session, 403 for another role; the caller is then kept for the
/// handler's `Caller`.
pub async fn check(
    roles: &'static [Role],
    req: ServiceRequest,
    next: Next<BoxBody>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let checked = async {
        let caller = authenticate(req.request()).await?;
        caller.allow(roles)?;
        Ok::<_, LvError>(caller)
    };
    match checked.await {
        Ok(caller) => {
            req.extensions_mut().insert(caller);
            next.call(req).await
        }
        Err(e) => Ok(req.error_response(e)),
    }
}

impl FromRequest for Caller {
    type Error = LvError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    /// The caller the route's `allow` checked (or, on a route without it, the session's).
    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            if let Some(caller) = req.extensions().get::<Caller>().cloned() {
                return Ok(caller);
            }
            authenticate(&req).await
        })
    }
}

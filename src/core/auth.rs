//! Resolving the credential a request presents (an API key, a bearer token) to what it stands
//! for, through the credential cache: a cached credential costs no database read; an unknown one
//! is looked up in a read transaction and cached when found. The tenant it belongs to goes into
//! the request's extensions, where the journal and the tenant-scoped fault rules find it.
//!
//! A vendor describes its credential once:
//! ```ignore
//! impl Credential for ApiKey {
//!     const VENDOR: &'static str = "livingmetrics";
//!     fn lookup(tx: &Tx, key: &str) -> rusqlite::Result<Option<ApiKey>> { ... }
//!     fn tenant(&self) -> &TenantId { &self.tenant }
//! }
//! let key: Option<ApiKey> = crate::core::auth::resolve(&req, &presented).await?;
//! ```

use actix_web::{HttpMessage, HttpRequest, web};

use crate::core::Tx;

use super::error::CoreError;
use super::state::Core;
use super::tenant::TenantId;

/// What a vendor's credential resolves to.
pub trait Credential: Clone + Send + Sync + 'static {
    /// The vendor name it is cached under.
    const VENDOR: &'static str;

    /// Looks `credential` up, whoever it belongs to; `None` when it names nothing.
    fn lookup(tx: &Tx, credential: &str) -> rusqlite::Result<Option<Self>>;

    /// The tenant it belongs to.
    fn tenant(&self) -> &TenantId;
}

/// What `credential` stands for (`None`: nothing), cached; the tenant is recorded on `req`.
pub async fn resolve<C: Credential>(req: &HttpRequest, credential: &str) -> Result<Option<C>, CoreError> {
    let core =
        req.app_data::<web::Data<Core>>().cloned().ok_or_else(|| CoreError::Startup("the shared state is missing".into()))?;
    let found = match core.credentials.get::<C>(C::VENDOR, credential) {
        Some(found) => found,
        None => {
            let generation = core.credentials.generation();
            let key = credential.to_owned();
            let Some(found) = core.db.read(move |tx| C::lookup(tx, &key).map_err(CoreError::from)).await? else {
                return Ok(None);
            };
            core.credentials.insert(C::VENDOR, credential, generation, found.clone());
            found
        }
    };
    req.extensions_mut().insert(found.tenant().clone());
    Ok(Some(found))
}

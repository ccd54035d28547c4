//! `--admin-token`: when the server has one, every admin request must carry
//! `Authorization: Bearer <token>`, or it is a 401 in the admin error shape. The dashboard's own
//! files (it asks for the token, then sends it on its calls) and the OpenAPI documents (the same
//! text as in the repository, and what client generators fetch) hold nothing of a tenant and need
//! none. Vendor APIs never look at it.

use actix_web::body::BoxBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{Method, header};
use actix_web::middleware::Next;
use actix_web::web;
use sha2::{Digest, Sha256};

use super::error::AdminError;
use crate::core::Core;

/// Paths under `/__admin` served without the token (to `GET`): the dashboard's files and the
/// documents, as their modules answer them.
fn open(path: &str) -> bool {
    super::ui::serves(path) || super::openapi::serves(path)
}

/// Whether `given` is `expected`, compared as digests (no early exit on the first byte that differs).
fn same(given: &str, expected: &str) -> bool {
    Sha256::digest(given.as_bytes()) == Sha256::digest(expected.as_bytes())
}

pub async fn require(req: ServiceRequest, next: Next<BoxBody>) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let expected = req.app_data::<web::Data<Core>>().and_then(|core| core.admin_token.clone());
    let Some(expected) = expected else { return next.call(req).await };
    let path = req.path().strip_prefix("/__admin").unwrap_or_default();
    if req.method() == Method::GET && open(path) {
        return next.call(req).await;
    }
    let given = req.headers().get(header::AUTHORIZATION).and_then(|v| v.to_str().ok());
    let refused = match given.map(|v| v.split_once(' ')) {
        None => "the admin API needs Authorization: Bearer <token> (this server was started with --admin-token)",
        Some(Some((scheme, token))) if scheme.eq_ignore_ascii_case("bearer") && same(token.trim(), &expected) => {
            return next.call(req).await;
        }
        Some(_) => "the admin token is wrong (Authorization: Bearer <the token given to --admin-token>)",
    };
    let answer = actix_web::ResponseError::error_response(&AdminError::Unauthorized(refused.into()));
    Ok(req.into_response(answer))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_dashboards_files_and_the_documents_are_open() {
        for path in ["", "/", "/ui", "/ui/app.js", "/ui/style.css", "/openapi/liondesk.json", "/openapi/admin.json"] {
            assert!(open(path), "{path}");
        }
        for path in ["/health", "/tenants", "/ui/other.js", "/openapi/a/b", "/requests", "/uix"] {
            assert!(!open(path), "{path}");
        }
        assert!(same("s3cret", "s3cret") && !same("s3cret", "s3creT") && !same("", "s3cret"));
    }
}

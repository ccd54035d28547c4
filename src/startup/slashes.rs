//! Repeated slashes in a request's path merged into one before routing (LionDesk's documents
//! and clients write `https://api-v2.liondesk.com//contacts`: docs/fidelity.md), as actix-web's
//! `NormalizePath` with `TrailingSlash::MergeOnly` merges them, but only for a path that has
//! any: that middleware copies every path and searches it with a regular expression, which cost
//! a point read a fortieth of its time.

use std::future::{Ready, ready};

use actix_service::{Service, Transform, forward_ready};
use actix_web::Error;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Uri;
use actix_web::http::uri::PathAndQuery;

/// The middleware.
pub struct MergeSlashes;

impl<S, B> Transform<S, ServiceRequest> for MergeSlashes
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error>,
{
    type Response = ServiceResponse<B>;
    type Error = Error;
    type Transform = Merging<S>;
    type InitError = ();
    type Future = Ready<Result<Merging<S>, ()>>;

    fn new_transform(&self, service: S) -> Self::Future {
        ready(Ok(Merging { service }))
    }
}

pub struct Merging<S> {
    service: S,
}

impl<S, B> Service<ServiceRequest> for Merging<S>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error>,
{
    type Response = ServiceResponse<B>;
    type Error = Error;
    type Future = S::Future;

    forward_ready!(service);

    fn call(&self, mut req: ServiceRequest) -> Self::Future {
        if req.path().contains("//")
            && let Some(uri) = merged(req.uri())
        {
            req.match_info_mut().get_mut().update(&uri);
            req.head_mut().uri = uri;
        }
        self.service.call(req)
    }
}

/// `path` with each run of slashes written as one.
fn merge(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        if !(c == '/' && out.ends_with('/')) {
            out.push(c);
        }
    }
    out
}

/// `uri` with its path's slashes merged (its query as it is).
fn merged(uri: &Uri) -> Option<Uri> {
    let path = merge(uri.path());
    let target = match uri.query() {
        Some(query) => format!("{path}?{query}"),
        None => path,
    };
    let mut parts = uri.clone().into_parts();
    parts.path_and_query = Some(PathAndQuery::try_from(target).ok()?);
    Uri::from_parts(parts).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_of_slashes_become_one_and_the_query_is_kept() {
        assert_eq!(merge("//contacts"), "/contacts");
        assert_eq!(merge("/liondesk///contacts//7/"), "/liondesk/contacts/7/");
        assert_eq!(merge("/"), "/");
        let uri: Uri = "/liondesk//contacts?last_name=a//b&$limit=2".parse().unwrap();
        assert_eq!(merged(&uri).unwrap().to_string(), "/liondesk/contacts?last_name=a//b&$limit=2");
    }
}

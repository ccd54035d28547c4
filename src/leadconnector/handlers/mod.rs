//! HTTP in and out, one module per part of the vendor's contacts API, plus OAuth.

pub mod appointments;
pub mod contacts;
pub mod notes;
pub mod oauth;
pub mod tags;
pub mod tasks;

use actix_web::HttpRequest;
use serde_json::{Map, Value, json};

use super::error::Result;
use super::validate;

/// Path parameter `name` of the route (every route names the parameters it has).
pub fn param(req: &HttpRequest, name: &str) -> String {
    req.match_info().get(name).unwrap_or_default().to_owned()
}

/// A 422 for any query parameter (the route declares none).
pub fn no_query(req: &HttpRequest) -> Result<()> {
    validate::query(req.query_string(), &[]).map(|_| ())
}

/// `{"succeded": true}` (the vendor's spelling), with `succeeded` too under `Version: v3`,
/// whose schemas carry both.
pub fn succeded(v3: bool) -> Map<String, Value> {
    let mut out = Map::new();
    if v3 {
        out.insert("succeeded".into(), json!(true));
    }
    out.insert("succeded".into(), json!(true));
    out
}

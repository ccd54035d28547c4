//! `GET /__admin/openapi/{name}.json`: the OpenAPI 3.1 document of a vendor's API as crm-mock
//! serves it (`Vendor::openapi`), or of the control plane (`admin`), with its server set to the
//! base this request reached (`http://host:port/liondesk`), so a client generated from it talks
//! to this server.

use actix_web::{HttpRequest, HttpResponse, web};
use serde_json::{Value, json};

use super::error::AdminError;
use crate::core::Core;

/// The control plane's own document (compressed).
const ADMIN: &[u8] = crate::openapi_document!("admin");

/// Whether `path` (under `/__admin`) asks for a document.
pub(super) fn serves(path: &str) -> bool {
    path.strip_prefix("/openapi/").is_some_and(|name| !name.is_empty() && !name.contains('/'))
}

/// The document `name` (`liondesk`, `admin`), and the base its paths are relative to.
fn document(core: &Core, name: &str) -> Option<(&'static [u8], String)> {
    if name == "admin" {
        return Some((ADMIN, "/__admin".to_owned()));
    }
    let vendor = core.vendor(name)?;
    Some((vendor.openapi()?, format!("/{}", vendor.name())))
}

pub async fn get(core: web::Data<Core>, req: HttpRequest, name: web::Path<String>) -> Result<HttpResponse, AdminError> {
    let known = || {
        let mut names: Vec<&str> = core.vendors.iter().filter(|v| v.openapi().is_some()).map(|v| v.name()).collect();
        names.push("admin");
        names.iter().map(|n| format!("{n}.json")).collect::<Vec<_>>().join(", ")
    };
    let found = name.strip_suffix(".json").and_then(|n| document(&core, n));
    let Some((gzipped, base)) = found else {
        return Err(AdminError::NotFound(format!("no OpenAPI document '{name}' (known: {})", known())));
    };
    // Embedded, and a test reads every one.
    let io = |e: std::io::Error| AdminError::from(crate::core::CoreError::Io(e));
    let text = crate::core::openapi::text(gzipped).map_err(io)?;
    let mut doc: Value = serde_json::from_str(&text).map_err(|e| io(e.into()))?;
    let info = req.connection_info();
    doc["servers"] = json!([{"url": format!("{}://{}{base}", info.scheme(), info.host())}]);
    Ok(HttpResponse::Ok().json(doc))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every embedded document is JSON, OpenAPI 3.1, with a server to replace.
    #[test]
    fn every_document_parses() {
        let vendors = crate::vendors(&crate::Config::default(), crate::VENDORS).unwrap();
        let documents = vendors.iter().filter_map(|v| v.openapi().map(|d| (v.name(), d))).chain([("admin", ADMIN)]);
        for (name, gzipped) in documents {
            let text = crate::core::openapi::text(gzipped).unwrap_or_else(|e| panic!("{name}: {e}"));
            let doc: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(doc["openapi"], json!("3.1.0"), "{name}");
            assert!(doc["servers"][0]["url"].is_string(), "{name}");
        }
    }
}

//! The OpenAPI documents embedded in the binary, gzip-compressed by `build.rs`: each vendor's
//! (`Vendor::openapi`) and the control plane's. `document!("liondesk")` is the compressed bytes
//! of `src/liondesk/openapi.json`; `text` gives the JSON back.

use std::io::Read;

/// The compressed bytes of `src/<name>/openapi.json`.
#[macro_export]
macro_rules! openapi_document {
    ($name:literal) => {
        include_bytes!(concat!(env!("OUT_DIR"), "/openapi/", $name, ".json.gz"))
    };
}

/// The JSON text of a document `openapi_document!` embedded.
pub fn text(gzipped: &[u8]) -> std::io::Result<String> {
    let mut text = String::new();
    flate2::read::GzDecoder::new(gzipped).read_to_string(&mut text)?;
    Ok(text)
}

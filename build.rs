//! `seed-data/` is embedded in the binary (`include_dir!`); rebuild whenever a file in it
//! changes, is added or is removed. The OpenAPI documents (`src/<vendor>/openapi.json`,
//! `src/admin/openapi.json`) are embedded gzip-compressed (`core::openapi::document!`): a tenth
//! of their size.

use std::io::Write;
use std::path::Path;

/// The folders under `src/` that may hold an `openapi.json`.
const DOCUMENTS: &[&str] = &["admin", "livingmetrics", "liondesk", "livevox", "leadconnector"];

fn main() {
    println!("cargo:rerun-if-changed=seed-data");
    let out = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("openapi");
    std::fs::create_dir_all(&out).expect("the documents' folder");
    for name in DOCUMENTS {
        let source = Path::new("src").join(name).join("openapi.json");
        println!("cargo:rerun-if-changed={}", source.display());
        let Ok(text) = std::fs::read(&source) else { continue };
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(&text).expect("gzip in memory");
        std::fs::write(out.join(format!("{name}.json.gz")), gz.finish().expect("gzip in memory"))
            .expect("the compressed document");
    }
}

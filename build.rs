//! `seed-data/` is embedded in the binary (`include_dir!`); rebuild whenever a file in it
//! changes, is added or is removed. The OpenAPI documents (`src/<vendor>/openapi.json`,
//! `src/admin/openapi.json`) are embedded gzip-compressed (`core::openapi::document!`): a tenth
//! of their size. The schema image (`core::db`): every table, index and trigger of the schemas a
//! server holds, with the planner's statistics, as a SQLite database built here and embedded
//! gzip-compressed; an in-memory server restores it at start instead of running the DDL.

use std::io::Write;
use std::path::Path;

/// The folders under `src/` that may hold an `openapi.json`.
const DOCUMENTS: &[&str] = &["admin", "livingmetrics", "liondesk", "livevox", "leadconnector"];

/// The folders whose `schema.sql` a server applies, in its order: core's, then each vendor's in
/// the order of `startup::VENDORS`. A server whose schemas are not these applies its own.
const SCHEMAS: &[&str] = &["core", "livingmetrics", "liondesk", "livevox", "leadconnector"];

/// The statistics the server writes after its schemas, written into the image the same way.
#[allow(dead_code)]
#[path = "src/core/statistics.rs"]
mod statistics;

fn main() {
    println!("cargo:rerun-if-changed=seed-data");
    let out = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("openapi");
    std::fs::create_dir_all(&out).expect("the documents' folder");
    for name in DOCUMENTS {
        let source = Path::new("src").join(name).join("openapi.json");
        println!("cargo:rerun-if-changed={}", source.display());
        let Ok(text) = std::fs::read(&source) else { continue };
        std::fs::write(out.join(format!("{name}.json.gz")), gzip(&text)).expect("the compressed document");
    }
    schema_image(Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")));
}

/// `bytes`, gzip-compressed as tightly as flate2 can.
fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(bytes).expect("gzip in memory");
    gz.finish().expect("gzip in memory")
}

/// Writes `schema.sqlite.gz` (the image) and `schema_image.rs` (the schemas it holds, its size
/// and its bytes) into `out`.
fn schema_image(out: &Path) {
    println!("cargo:rerun-if-changed=src/core/statistics.rs");
    let conn = rusqlite::Connection::open_in_memory().expect("an in-memory database");
    conn.execute_batch("BEGIN").expect("a transaction");
    let mut sources = String::new();
    for folder in SCHEMAS {
        let path = Path::new("src").join(folder).join("schema.sql");
        println!("cargo:rerun-if-changed={}", path.display());
        let sql = std::fs::read_to_string(&path).expect("a schema");
        conn.execute_batch(&sql).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        sources.push_str(&format!("    include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/src/{folder}/schema.sql\")),\n"));
    }
    statistics::write(&conn).expect("the planner's statistics");
    conn.execute_batch("COMMIT").expect("a commit");
    let image = conn.serialize("main").expect("the image");
    std::fs::write(out.join("schema.sqlite.gz"), gzip(&image)).expect("the image");
    let rust = format!(
        "/// The schemas the image holds, in the order they were applied.\n\
         pub const SOURCES: &[&str] = &[\n{sources}];\n\
         /// The image's size uncompressed.\n\
         pub const SIZE: usize = {};\n\
         /// The image, gzip-compressed.\n\
         pub static GZIP: &[u8] = include_bytes!(concat!(env!(\"OUT_DIR\"), \"/schema.sqlite.gz\"));\n",
        image.len()
    );
    std::fs::write(out.join("schema_image.rs"), rust).expect("the image's module");
}

//! `seed-data/` is embedded in the binary (`include_dir!`); rebuild whenever a file in it
//! changes, is added or is removed.
fn main() {
    println!("cargo:rerun-if-changed=seed-data");
}

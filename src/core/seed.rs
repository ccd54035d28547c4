//! Seed data: `seed-data/tenants.json` (the demo tenant and its fixed credentials) and
//! `seed-data/<vendor>/<collection>.json` (records in the vendor's wire shape, the same body the
//! admin API's arrange endpoint takes), plus `seed-data/<vendor>/settings.json` (an object: the
//! demo tenant's settings of a vendor that has settings). The directory is embedded at compile
//! time; `--seed-dir` replaces it. A broken file stops start-up with `file: record N: field: reason`.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use include_dir::{Dir, include_dir};
use serde::Deserialize;
use serde_json::Value;

use super::vendor::Vendor;

static EMBEDDED: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/seed-data");

/// The seed file of a vendor's settings (`settings.json`), loaded before its collections.
pub const SETTINGS: &str = "settings";

/// A seed that cannot be used, naming the file and what is wrong in it.
#[derive(thiserror::Error, Debug)]
#[error("{file}: {reason}")]
pub struct SeedError {
    pub file: String,
    pub reason: String,
}

/// One collection file. Its records, parsed when the seed is loaded (which checks them), go to
/// the first tenant seeded (the demo tenant at start) and are parsed again from the file's text
/// for each one after: a server that seeds no other tenant does not keep them (the embedded
/// seed's parsed records were 1.4 MB of a server's idle memory; the text is the binary's own).
#[derive(Debug)]
pub struct SeedFile {
    pub collection: String,
    pub file: String,
    text: Cow<'static, str>,
    parsed: Mutex<Option<Vec<Value>>>,
}

impl SeedFile {
    fn read(collection: &str, file: String, text: Cow<'static, str>) -> Result<SeedFile, SeedError> {
        let records = records_of(collection, &file, &text)?;
        Ok(SeedFile { collection: collection.to_owned(), file, text, parsed: Mutex::new(Some(records)) })
    }

    /// The file's records.
    pub fn records(&self) -> Result<Vec<Value>, SeedError> {
        let parsed = self.parsed.lock().unwrap_or_else(std::sync::PoisonError::into_inner).take();
        parsed.map_or_else(|| records_of(&self.collection, &self.file, &self.text), Ok)
    }
}

/// The records of a collection file: a settings file is one object.
fn records_of(collection: &str, label: &str, text: &str) -> Result<Vec<Value>, SeedError> {
    if collection == SETTINGS { Ok(vec![Value::Object(parse(label, text)?)]) } else { parse(label, text) }
}

/// The demo tenant's fixed id and credentials.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoTenant {
    pub id: String,
    #[serde(default)]
    pub credentials: serde_json::Map<String, Value>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TenantsFile {
    demo: DemoTenant,
}

/// Every seed file, parsed.
#[derive(Debug)]
pub struct Seeds {
    pub demo: DemoTenant,
    /// Per vendor name, the collection files in the vendor's load order.
    pub vendors: BTreeMap<&'static str, Vec<SeedFile>>,
}

impl Seeds {
    pub fn files(&self, vendor: &str) -> &[SeedFile] {
        self.vendors.get(vendor).map(Vec::as_slice).unwrap_or(&[])
    }
}

enum Source<'a> {
    Embedded,
    Dir(&'a Path),
}

impl Source<'_> {
    fn label(&self, rel: &str) -> String {
        match self {
            Source::Embedded => format!("seed-data/{rel}"),
            Source::Dir(dir) => dir.join(rel).display().to_string(),
        }
    }

    fn read(&self, rel: &str) -> Result<Option<Cow<'static, str>>, SeedError> {
        match self {
            Source::Embedded => Ok(EMBEDDED.get_file(rel).and_then(|f| f.contents_utf8()).map(Cow::Borrowed)),
            Source::Dir(dir) => {
                let path = dir.join(rel);
                if !path.exists() {
                    return Ok(None);
                }
                std::fs::read_to_string(&path)
                    .map(|text| Some(Cow::Owned(text)))
                    .map_err(|e| SeedError { file: path.display().to_string(), reason: e.to_string() })
            }
        }
    }

    /// The `.json` file names directly under `rel`.
    fn list(&self, rel: &str) -> Result<Vec<String>, SeedError> {
        let mut names: Vec<String> = match self {
            Source::Embedded => EMBEDDED
                .get_dir(rel)
                .map(|d| d.files().filter_map(|f| f.path().file_name()?.to_str().map(str::to_owned)).collect())
                .unwrap_or_default(),
            Source::Dir(dir) => {
                let path: PathBuf = dir.join(rel);
                if !path.is_dir() {
                    return Ok(Vec::new());
                }
                let entries = std::fs::read_dir(&path)
                    .map_err(|e| SeedError { file: path.display().to_string(), reason: e.to_string() })?;
                entries.filter_map(|e| e.ok()?.file_name().to_str().map(str::to_owned)).collect()
            }
        };
        names.sort();
        Ok(names)
    }
}

/// Reads and parses every seed file (from `dir`, or the embedded copy).
pub fn load(dir: Option<&Path>, vendors: &[Arc<dyn Vendor>]) -> Result<Seeds, SeedError> {
    let source = match dir {
        Some(dir) if !dir.is_dir() => {
            return Err(SeedError { file: dir.display().to_string(), reason: "not a directory".into() });
        }
        Some(dir) => Source::Dir(dir),
        None => Source::Embedded,
    };
    let tenants_label = source.label("tenants.json");
    let text = source
        .read("tenants.json")?
        .ok_or_else(|| SeedError { file: tenants_label.clone(), reason: "file is missing".into() })?;
    let tenants: TenantsFile = parse(&tenants_label, &text)?;

    let mut by_vendor = BTreeMap::new();
    for vendor in vendors {
        let mut files = Vec::new();
        let mut known = super::arrange::names(vendor.collections());
        if !vendor.default_settings().is_empty() {
            known.insert(0, SETTINGS);
        }
        for name in source.list(vendor.name())? {
            let rel = format!("{}/{name}", vendor.name());
            let label = source.label(&rel);
            let Some(collection) = name.strip_suffix(".json") else {
                return Err(SeedError { file: label, reason: "only .json files belong here".into() });
            };
            if !known.contains(&collection) {
                let reason = format!("unknown collection '{collection}' (known: {})", known.join(", "));
                return Err(SeedError { file: label, reason });
            }
            let text = source.read(&rel)?.unwrap_or_default();
            files.push(SeedFile::read(collection, label, text)?);
        }
        files.sort_by_key(|f| known.iter().position(|c| *c == f.collection));
        by_vendor.insert(vendor.name(), files);
    }
    Ok(Seeds { demo: tenants.demo, vendors: by_vendor })
}

fn parse<T: serde::de::DeserializeOwned>(label: &str, text: &str) -> Result<T, SeedError> {
    let de = &mut serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        // A syntax error is located by its line and column; the path parsed so far says nothing.
        let reason =
            if path == "." || inner.is_syntax() || inner.is_eof() { inner.to_string() } else { format!("{path}: {inner}") };
        SeedError { file: label.to_owned(), reason }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_file_answers_the_same_records_after_the_first_seeding_has_taken_them() {
        let text = r#"[{"id": 1, "name": "a"}, {"id": 2, "tags": ["x"]}]"#;
        let file = SeedFile::read("contacts", "contacts.json".into(), Cow::Borrowed(text)).unwrap();
        let first = file.records().unwrap();
        assert_eq!(first, serde_json::from_str::<Vec<Value>>(text).unwrap());
        assert!(file.parsed.lock().unwrap().is_none(), "the parsed records went with the first seeding");
        assert_eq!(file.records().unwrap(), first);
        let settings = SeedFile::read(SETTINGS, "settings.json".into(), Cow::Borrowed(r#"{"a": 1}"#)).unwrap();
        assert_eq!((settings.records().unwrap(), settings.records().unwrap()), (vec![json!({"a": 1})], vec![json!({"a": 1})]));
        let wrong = SeedFile::read("contacts", "contacts.json".into(), Cow::Borrowed(r#"[{"id": 1},"#)).unwrap_err();
        assert_eq!(wrong.file, "contacts.json");
    }
}

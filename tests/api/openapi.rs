//! The OpenAPI documents the server serves (`GET /__admin/openapi/{name}.json`), held true both
//! ways. Every answer the integration tests receive under a documented base (`/livingmetrics`,
//! `/__admin`, ...) is checked against its operation in the document by `helpers::send`: the
//! status must be documented (or fall under `default`), the media type listed, and a JSON body
//! valid against the schema (JSON Schema 2020-12, formats checked). The tests below send every
//! documented operation and require a route to answer it, and check the documents' own form.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use jsonschema::Validator;
use serde_json::{Value, json};

use crate::helpers::{self, Response, spawn_app};

/// An operation of a document: its method, its path's segments (`{name}` matches any one; a
/// trailing slash is an empty last segment) and where it sits in the document.
struct Operation {
    method: String,
    template: Vec<String>,
    path: String,
    pointer: String,
}

struct Document {
    name: String,
    /// The base its paths are relative to (`/liondesk`, `/__admin`).
    base: String,
    value: Value,
    operations: Vec<Operation>,
}

/// A JSON pointer's token.
fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

fn segments(path: &str) -> Vec<String> {
    let path = path.split(['?', '#']).next().unwrap_or_default();
    if path.is_empty() || path == "/" {
        return Vec::new();
    }
    path.trim_start_matches('/').split('/').map(str::to_owned).collect()
}

const METHODS: [&str; 7] = ["get", "head", "post", "put", "patch", "delete", "options"];

impl Document {
    fn new(name: &str, value: Value) -> Document {
        let base = if name == "admin" { "/__admin".to_owned() } else { format!("/{name}") };
        let mut operations = Vec::new();
        for (path, item) in value["paths"].as_object().expect("paths") {
            for method in METHODS {
                if item.get(method).is_some() {
                    operations.push(Operation {
                        method: method.to_uppercase(),
                        template: segments(path),
                        path: path.clone(),
                        pointer: format!("/paths/{}/{method}", escape(path)),
                    });
                }
            }
        }
        Document { name: name.to_owned(), base, value, operations }
    }

    /// The operation `method path` (relative to the base) reaches: the template that matches
    /// with the most literal segments.
    fn operation(&self, method: &str, path: &str) -> Option<&Operation> {
        let given = segments(path);
        self.operations
            .iter()
            .filter(|op| {
                op.method.eq_ignore_ascii_case(method)
                    && op.template.len() == given.len()
                    && op.template.iter().zip(&given).all(|(t, g)| (t.starts_with('{') && !g.is_empty()) || t == g)
            })
            .max_by_key(|op| op.template.iter().filter(|t| !t.starts_with('{')).count())
    }

    /// Where `pointer` leads once every `$ref` there is followed (each one within the document).
    fn resolve(&self, pointer: &str) -> String {
        let mut pointer = pointer.to_owned();
        while let Some(target) = self.value.pointer(&pointer).and_then(|v| v["$ref"].as_str()) {
            pointer = target.trim_start_matches('#').to_owned();
        }
        pointer
    }

    /// The value at `pointer`, its `$ref`s followed.
    fn at(&self, pointer: &str) -> &Value {
        self.value.pointer(&self.resolve(pointer)).unwrap_or(&Value::Null)
    }

    /// `value` itself, or what its `$ref` leads to.
    fn at_value<'a>(&'a self, value: &'a Value) -> &'a Value {
        match value["$ref"].as_str() {
            Some(target) => self.at(target.trim_start_matches('#')),
            None => value,
        }
    }
}

/// The served documents, read once from the shared server (without checking that answer).
fn documents() -> &'static [Document] {
    static DOCUMENTS: OnceLock<Vec<Document>> = OnceLock::new();
    DOCUMENTS.get_or_init(|| {
        let health = helpers::send_unchecked("GET", &helpers::url("/__admin/health"), &[], None).body;
        let vendors = health["vendors"].as_array().expect("vendors").iter().filter_map(Value::as_str);
        let mut documents = Vec::new();
        for name in vendors.chain(["admin"]) {
            let r = helpers::send_unchecked("GET", &helpers::url(&format!("/__admin/openapi/{name}.json")), &[], None);
            match r.status {
                200 => documents.push(Document::new(name, r.body)),
                404 => {}
                other => panic!("GET /__admin/openapi/{name}.json answered {other}: {}", r.text),
            }
        }
        documents
    })
}

/// A JSON pointer as a URI fragment (`{` and `}` of path templates, and the like, escaped).
fn fragment(pointer: &str) -> String {
    let mut out = String::with_capacity(pointer.len());
    for b in pointer.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The validator of the schema at `pointer` in `doc` (compiled once).
fn validate(doc: &Document, pointer: &str, body: &Value) -> Vec<String> {
    static VALIDATORS: OnceLock<Mutex<HashMap<String, &'static Validator>>> = OnceLock::new();
    let key = format!("{}#{pointer}", doc.name);
    let validator = {
        let mut cache = VALIDATORS.get_or_init(Default::default).lock().unwrap_or_else(|e| e.into_inner());
        *cache.entry(key).or_insert_with(|| {
            let mut root = doc.value.clone();
            root["$ref"] = json!(format!("#{}", fragment(pointer)));
            let compiled = jsonschema::options()
                .with_draft(jsonschema::Draft::Draft202012)
                .should_validate_formats(true)
                .build(&root)
                .unwrap_or_else(|e| panic!("{}: the schema at {pointer}: {e}", doc.name));
            Box::leak(Box::new(compiled))
        })
    };
    validator.iter_errors(body).map(|e| format!("at '{}': {e}", e.instance_path())).collect()
}

/// The path of `url` (absolute or not), without its query.
fn path_of(url: &str) -> &str {
    let path = match url.find("://") {
        Some(i) => url[i + 3..].find('/').map_or("/", |j| &url[i + 3 + j..]),
        None => url,
    };
    path.split(['?', '#']).next().unwrap_or_default()
}

/// The media type of a `Content-Type` (`application/json`).
fn media_type(content_type: &str) -> String {
    content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase()
}

/// Checks `response` to `method url` against the documents: panics, naming the operation, when
/// its status, media type or body is not what the document says. Answers on no documented base
/// are not checked; under one, an answer no operation matches must be the base's "no route" 404
/// or a 405 (a method the route does not have).
pub fn check(method: &str, url: &str, response: &Response) {
    let path = path_of(url);
    let Some((doc, relative)) = documents().iter().find_map(|d| {
        let rest = path.strip_prefix(d.base.as_str())?;
        (rest.is_empty() || rest.starts_with('/')).then_some((d, rest))
    }) else {
        return;
    };
    let Some(operation) = doc.operation(method, relative) else {
        // Routes a server's other vendors add (a test's own vendor under `/__admin/probe`) are
        // not the documents' business.
        let first = segments(relative).into_iter().next().unwrap_or_default();
        let known = doc.operations.iter().any(|op| op.template.first().is_some_and(|t| *t == first || t.starts_with('{')));
        assert!(
            !known || matches!(response.status, 404 | 405),
            "{method} {path} answered {} but the {} document has no such operation: {}",
            response.status,
            doc.name,
            response.text
        );
        return;
    };
    let status = response.status.to_string();
    let range = format!("{}XX", &status[..1]);
    let responses = &doc.at(&operation.pointer)["responses"];
    let Some(key) = [status.as_str(), range.as_str(), "default"].into_iter().find(|k| responses.get(*k).is_some()) else {
        panic!("{method} {path} ({} {}): status {status} is not documented: {}", doc.name, operation.path, response.text);
    };
    // The response object (a shared one when the operation's is a `$ref`).
    let answer = doc.resolve(&format!("{}/responses/{}", operation.pointer, escape(key)));
    let documented = doc.at(&answer);
    if response.text.is_empty() {
        return;
    }
    let content_type = response.header("content-type").map(media_type).unwrap_or_default();
    let Some(content) = documented.get("content").and_then(Value::as_object) else {
        panic!(
            "{method} {path} ({} {}) → {status}: a body where the document has none: {}",
            doc.name, operation.path, response.text
        );
    };
    let Some(media) = content.keys().find(|m| media_type(m) == content_type || m.as_str() == "*/*") else {
        panic!(
            "{method} {path} ({} {}) → {status}: media type '{content_type}' is not one of {:?}",
            doc.name,
            operation.path,
            content.keys().collect::<Vec<_>>()
        );
    };
    if !content_type.contains("json") || content[media].get("schema").is_none() {
        return;
    }
    let resolved = format!("{answer}/content/{}/schema", escape(media));
    let failures = validate(doc, &resolved, &response.body);
    assert!(
        failures.is_empty(),
        "{method} {path} ({} {}) → {status}: the body does not conform to {resolved}:\n  {}\nbody: {}",
        doc.name,
        operation.path,
        failures.join("\n  "),
        response.text
    );
}

#[test]
fn every_document_is_openapi_3_1_with_the_running_server_and_unique_operation_ids() {
    let docs = documents();
    let names: Vec<&str> = docs.iter().map(|d| d.name.as_str()).collect();
    assert!(names.contains(&"admin") && names.contains(&"livingmetrics"), "{names:?}");
    for doc in docs {
        assert_eq!(doc.value["openapi"], json!("3.1.0"), "{}", doc.name);
        assert_eq!(doc.value["servers"], json!([{"url": helpers::url(&doc.base)}]), "{}", doc.name);
        let mut ids: Vec<&str> =
            doc.operations.iter().map(|op| doc.at(&op.pointer)["operationId"].as_str().expect("an operationId")).collect();
        let count = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), count, "{}: operationIds repeat", doc.name);
    }
    let unknown = helpers::get(&helpers::url("/__admin/openapi/hubspot.json"));
    assert_eq!(unknown.status, 404, "{}", unknown.text);
}

/// A concrete path for `template`: each parameter takes its example, else a value of its type.
fn concrete(doc: &Document, operation: &Operation) -> String {
    let params = doc.at(&operation.pointer)["parameters"].as_array().cloned().unwrap_or_default();
    let path_params =
        doc.at(&format!("/paths/{}", escape(&operation.path)))["parameters"].as_array().cloned().unwrap_or_default();
    let sample = |name: &str| -> String {
        let param = params
            .iter()
            .chain(&path_params)
            .map(|p| doc.at_value(p))
            .find(|p| p["name"] == json!(name) && p["in"] == json!("path"));
        let Some(param) = param else { return "1".into() };
        let schema = &param["schema"];
        for example in [&param["example"], &schema["example"], &schema["examples"][0], &schema["enum"][0], &schema["default"]] {
            match example {
                Value::String(s) => return s.clone(),
                Value::Number(n) => return n.to_string(),
                _ => {}
            }
        }
        if schema["type"] == json!("integer") { "1".into() } else { "x0000000000000000001".into() }
    };
    let mut out = String::new();
    for segment in &operation.template {
        out.push('/');
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(name) => out.push_str(&sample(name)),
            None => out.push_str(segment),
        }
    }
    if out.is_empty() { "/".into() } else { out }
}

/// Every documented operation of every vendor answers from a route of its own (the journal names
/// the route; no vendor "not found" and no 405 the operation does not document). Each request
/// is also checked against the document like any other.
#[test]
fn every_documented_vendor_operation_is_answered_by_a_route() {
    let app = spawn_app();
    for doc in documents().iter().filter(|d| d.name != "admin") {
        for operation in &doc.operations {
            let path = format!("{}{}", doc.base, concrete(doc, operation));
            let r = helpers::send_unchecked(&operation.method, &app.url(&path), &[], None);
            let entry = &helpers::get(&app.url("/__admin/requests?limit=1")).body["requests"][0];
            assert_eq!(entry["path"], json!(path), "{} {path}: the journal's newest entry", operation.method);
            assert!(entry["route"].is_string(), "{} {path}: no route answered ({} {})", operation.method, r.status, r.text);
            let documented = doc.at(&operation.pointer)["responses"].get("405").is_some();
            assert!(r.status != 405 || documented, "{} {path}: 405 is not documented: {}", operation.method, r.text);
        }
    }
}

/// Every documented admin operation answers from a route (an unknown admin route is a 404
/// "no admin route").
#[test]
fn every_documented_admin_operation_is_answered_by_a_route() {
    let app = spawn_app();
    let doc = documents().iter().find(|d| d.name == "admin").expect("the admin document");
    for operation in &doc.operations {
        let path = format!("{}{}", doc.base, concrete(doc, operation));
        let r = helpers::send_unchecked(&operation.method, &app.url(&path), &[], None);
        let unrouted = r.status == 404 && r.body["message"].as_str().is_some_and(|m| m.starts_with("no admin route"));
        assert!(!unrouted && r.status != 405, "{} {path}: {} {}", operation.method, r.status, r.text);
    }
}

/// A Rust `Debug` string literal at the start of `text` (after its opening quote): the string
/// and what follows the closing quote.
fn debug_string(text: &str) -> (String, &str) {
    let mut out = String::new();
    let mut chars = text.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return (out, &text[i + 1..]),
            '\\' => {
                if let Some((_, escaped)) = chars.next() {
                    out.push(escaped);
                }
            }
            c => out.push(c),
        }
    }
    (out, "")
}

/// The full patterns of the routes (leaf resources) in a `ResourceMap`'s `Debug` text, in
/// order: each leaf's patterns after those of the scopes it sits in, below the app's root and
/// the scope the routes are registered in (`/__admin`). actix-web has no other way to list what
/// an app registered; the test that uses it fails loudly (no routes) if that text ever changes
/// shape.
fn leaf_patterns(map: &str) -> Vec<String> {
    const NODE: &str = "ResourceMap { pattern: ResourceDef {";
    let mut out = Vec::new();
    // The first pattern of each scope around the current node, and of the node itself.
    let (mut scopes, mut patterns): (Vec<String>, Vec<String>) = (Vec::new(), Vec::new());
    // For each open `[`: whether it opens a scope's list of nodes.
    let mut brackets: Vec<bool> = Vec::new();
    let mut rest = map;
    while let Some(c) = rest.chars().next() {
        if let Some(after) = rest.strip_prefix(NODE) {
            patterns.clear();
            let end = after.find(", is_prefix: ").unwrap_or(after.len());
            let mut defs = &after[after.find("patterns: ").unwrap_or(end)..end];
            while let Some(quote) = defs.find('"') {
                let (pattern, next) = debug_string(&defs[quote + 1..]);
                patterns.push(pattern);
                defs = next;
            }
            rest = &after[end..];
            continue;
        }
        if let Some(after) = rest.strip_prefix("nodes: None") {
            let prefix = scopes.get(2..).unwrap_or_default().concat();
            out.extend(patterns.iter().map(|p| format!("{prefix}{p}")));
            rest = after;
            continue;
        }
        if let Some(after) = rest.strip_prefix("nodes: Some([") {
            scopes.push(patterns.first().cloned().unwrap_or_default());
            brackets.push(true);
            rest = after;
            continue;
        }
        match c {
            '"' => {
                rest = debug_string(&rest[1..]).1;
                continue;
            }
            '[' => brackets.push(false),
            ']' => {
                let closes_a_scope = brackets.pop() == Some(true);
                if closes_a_scope {
                    scopes.pop();
                }
            }
            _ => {}
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// `{name:regex}` segments as OpenAPI writes them, `{name}`; the scope's own root as `/`.
fn as_documented(pattern: &str) -> String {
    let mut out = String::new();
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = rest[open..].find('}').map_or(rest.len(), |c| open + c);
        let inner = &rest[open + 1..close];
        out.push('{');
        out.push_str(inner.split(':').next().unwrap_or_default());
        out.push('}');
        rest = rest.get(close + 1..).unwrap_or_default();
    }
    out.push_str(rest);
    if out.is_empty() { "/".into() } else { out }
}

/// The route patterns of `name` (a vendor, relative to its base, or `admin`, relative to
/// `/__admin`) as the app registers them.
async fn registered(name: &str) -> Vec<String> {
    use actix_web::{App, HttpRequest, test, web};
    let vendors = crm_mock::vendors(&crm_mock::Config::default(), crm_mock::VENDORS).expect("the vendors");
    let map_route = web::get().to(|req: HttpRequest| async move { format!("{:?}", req.resource_map()) });
    let app = if name == "admin" {
        test::init_service(App::new().route("/__map", map_route).service(crm_mock::admin::scope(&vendors))).await
    } else {
        let vendor = vendors.iter().find(|v| v.name() == name).expect("the vendor").clone();
        test::init_service(
            App::new().route("/__map", map_route).service(web::scope("/__admin").configure(move |cfg| vendor.configure(cfg))),
        )
        .await
    };
    let map = test::call_and_read_body(&app, test::TestRequest::get().uri("/__map").to_request()).await;
    let patterns = leaf_patterns(&String::from_utf8_lossy(&map));
    patterns.into_iter().filter(|p| p != "/__map").map(|p| as_documented(&p)).collect()
}

/// Both ways: every route each app registers is a documented path and every documented path
/// a registered route; and on a registered path a method the document does not list answers
/// only 404 or 405 (nothing undocumented answers for real).
#[actix_web::test]
async fn every_registered_route_is_documented_and_nothing_undocumented_answers() {
    let app = spawn_app();
    for doc in documents() {
        let mut routes = registered(&doc.name).await;
        assert!(routes.len() >= 5, "{}: the routes could not be read: {routes:?}", doc.name);
        routes.sort();
        routes.dedup();
        let mut paths: Vec<String> = doc.value["paths"].as_object().unwrap().keys().cloned().collect();
        paths.sort();
        assert_eq!(routes, paths, "{}: the registered routes (left) and the documented paths (right) differ", doc.name);
        for path in &paths {
            for method in ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"] {
                if doc.value["paths"][path].get(method.to_lowercase()).is_some() {
                    continue;
                }
                let concrete = path.split('/').map(|s| if s.starts_with('{') { "1" } else { s }).collect::<Vec<_>>().join("/");
                if doc.operation(method, &concrete).is_some() {
                    // Another documented route takes it (`GET /contacts/search` is a contact id).
                    continue;
                }
                let url = app.url(&format!("{}{}", doc.base, if concrete.is_empty() { "/" } else { &concrete }));
                let r = helpers::send_unchecked(method, &url, &[], None);
                assert!(
                    matches!(r.status, 404 | 405),
                    "{} {method} {path}: undocumented but answered {}: {}",
                    doc.name,
                    r.status,
                    r.text
                );
            }
        }
    }
}

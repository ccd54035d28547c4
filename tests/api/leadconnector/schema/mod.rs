//! Every JSON body the LeadConnector tests receive, validated against this project's JSON Schema
//! of the documented responses (`responses.json`: one body per operation and status, the errors
//! shared). `send` is the helpers' `send` followed by that check; `Lc` sends through it.

use std::collections::HashMap;
use std::sync::OnceLock;

use jsonschema::Validator;
use serde_json::{Value, json};

use crate::helpers::{self, Response};

const RESPONSES: &str = include_str!("responses.json");

struct Schemas {
    /// Each operation: its method, its path's segments (`{name}` matches any one) and the body
    /// of each status.
    operations: Vec<(String, Vec<String>, HashMap<String, String>)>,
    errors: HashMap<String, String>,
    validators: HashMap<String, Validator>,
}

fn schemas() -> &'static Schemas {
    static SCHEMAS: OnceLock<Schemas> = OnceLock::new();
    SCHEMAS.get_or_init(|| {
        let document: Value = serde_json::from_str(RESPONSES).expect("responses.json is JSON");
        let names = |value: &Value| -> HashMap<String, String> {
            let map = value.as_object().expect("a map of statuses");
            map.iter().map(|(status, name)| (status.clone(), name.as_str().expect("a body's name").to_owned())).collect()
        };
        let operations = document["operations"]
            .as_array()
            .expect("operations")
            .iter()
            .map(|op| {
                let method = op["method"].as_str().expect("method").to_owned();
                (method, segments(op["path"].as_str().expect("path")), names(&op["responses"]))
            })
            .collect::<Vec<_>>();
        let errors = names(&document["errors"]);
        let mut validators = HashMap::new();
        let bodies = operations.iter().flat_map(|(_, _, r)| r.values()).chain(errors.values());
        for name in bodies {
            if validators.contains_key(name) {
                continue;
            }
            assert!(document["$defs"].get(name).is_some(), "responses.json: no $defs/{name}");
            let mut root = document.clone();
            root["$ref"] = json!(format!("#/$defs/{name}"));
            let validator = jsonschema::validator_for(&root).unwrap_or_else(|e| panic!("responses.json, {name}: {e}"));
            validators.insert(name.clone(), validator);
        }
        Schemas { operations, errors, validators }
    })
}

/// A path's segments, without the query, the vendor prefix, or an empty trailing segment.
fn segments(path: &str) -> Vec<String> {
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let path = path.strip_prefix("/leadconnector").filter(|rest| rest.is_empty() || rest.starts_with('/')).unwrap_or(path);
    path.split('/').filter(|s| !s.is_empty()).map(str::to_owned).collect()
}

/// The path and query of `url` (absolute or not).
fn path_of(url: &str) -> &str {
    match url.find("://") {
        Some(i) => url[i + 3..].find('/').map_or("/", |j| &url[i + 3 + j..]),
        None => url,
    }
}

/// The `$defs` name of the body of `status` from `method path`: the operation whose template
/// matches with the most literal segments; an error status not listed takes the shared errors.
fn body_of(method: &str, path: &str, status: u16) -> Option<&'static str> {
    let schemas = schemas();
    let given = segments(path);
    let operation = schemas
        .operations
        .iter()
        .filter(|(m, template, _)| {
            m.eq_ignore_ascii_case(method)
                && template.len() == given.len()
                && template.iter().zip(&given).all(|(t, g)| t.starts_with('{') || t == g)
        })
        .max_by_key(|(_, template, _)| template.iter().filter(|t| !t.starts_with('{')).count());
    let status = status.to_string();
    if let Some(name) = operation.and_then(|(_, _, responses)| responses.get(&status)) {
        return Some(name);
    }
    if status.starts_with('4') || status.starts_with('5') {
        return schemas.errors.get(&status).or_else(|| schemas.errors.get("default")).map(String::as_str);
    }
    None
}

/// Checks the JSON body of `response` to `method url` against its body's schema; panics with the path and the
/// validator's messages when it does not conform, or when a JSON success has no documented body.
pub fn check(method: &str, url: &str, response: &Response) {
    // A body that parses as JSON is checked whatever its content type says.
    let is_json = response.header("content-type").is_some_and(|t| t.contains("json")) || !response.body.is_null();
    if !is_json || response.text.is_empty() {
        return;
    }
    let path = path_of(url);
    let Some(name) = body_of(method, path, response.status) else {
        panic!("{method} {path} answered {} with a body the schema does not describe: {}", response.status, response.text);
    };
    let validator = &schemas().validators[name];
    let failures: Vec<String> =
        validator.iter_errors(&response.body).map(|e| format!("at '{}': {e}", e.instance_path())).collect();
    assert!(
        failures.is_empty(),
        "{method} {path} → {}: the body does not conform to {name}:\n  {}\nbody: {}",
        response.status,
        failures.join("\n  "),
        response.text
    );
}

/// `helpers::send`, then `check`.
pub fn send(method: &str, url: &str, headers: &[(&str, &str)], body: Option<&[u8]>) -> Response {
    let response = helpers::send(method, url, headers, body);
    check(method, url, &response);
    response
}

#[test]
fn every_operation_names_a_documented_body() {
    let schemas = schemas();
    assert!(schemas.operations.len() >= 20);
    assert_eq!(body_of("GET", "/leadconnector/contacts/?limit=5", 200), Some("ContactListBody"));
    assert_eq!(body_of("GET", "/contacts/business/b1", 200), Some("BusinessListBody"));
    assert_eq!(body_of("GET", "/contacts/c1/tasks", 200), Some("TaskListBody"));
    assert_eq!(body_of("POST", "/contacts/search", 200), Some("SearchBody"));
    assert_eq!(body_of("GET", "/contacts/c1", 422), Some("Unprocessable"));
    assert_eq!(body_of("GET", "/contacts/c1", 201), None);
    let wrong = json!({"contact": {"id": 7, "dnd": "no"}});
    let failures: Vec<String> =
        schemas.validators["ContactBody"].iter_errors(&wrong).map(|e| e.instance_path().to_string()).collect();
    assert_eq!(failures, ["/contact/id", "/contact/dnd"]);
}

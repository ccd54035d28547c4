//! Hostile requests: other methods and unknown paths, SQL in every kind of parameter value and
//! in parameter names, oversized values and lists, unicode, broken percent-encoding and NUL
//! bytes. Each gets a LivingMetrics 4xx, or a correct 200 where the value is simply data; the
//! data stays intact and the server stays up.

use serde_json::{Value, json};

use crate::helpers::{LivingMetricsClient, TestTenant, get, lm_error, send};

/// One record of every kind (organization 1 is tagged 5 "Partner").
fn arranged() -> TestTenant {
    let tenant = TestTenant::new();
    let at = "2024-05-01T00:00:00Z";
    tenant.arrange(
        "livingmetrics",
        "organizations",
        json!([{"id": 1, "name": "Acme Ltd", "domain": "acme.example", "tags": [{"id": 5, "name": "Partner"}], "created_at": at},
               {"id": 2, "name": "Café 😀 Ünïcode", "tags": [{"id": 6, "name": "Größe 🚀"}], "created_at": at}]),
    );
    tenant.arrange(
        "livingmetrics",
        "contact_lists",
        json!([{"id": 1, "name": "Call today", "tags": ["PowerDialer"], "created_at": at}]),
    );
    tenant.arrange("livingmetrics", "products", json!([{"id": 1, "name": "Flat 1", "created_at": at}]));
    tenant.arrange(
        "livingmetrics",
        "contacts",
        json!([{"id": 1, "first_name": "Ann", "emails": [{"email_address": "ann@example.com"}], "created_at": at}]),
    );
    tenant.arrange("livingmetrics", "tasks", json!([{"id": 1, "contact_id": 1, "title": "Call Ann", "created_at": at}]));
    tenant.arrange(
        "livingmetrics",
        "histories",
        json!([{"id": 1, "contact_id": 1, "history_type": "EmailOpen", "email_guid": "g-1", "campaign_id": 7, "created_at": at}]),
    );
    tenant
}

/// Every documented GET path of the arranged tenant.
const PATHS: &[&str] = &[
    "/v1/contacts",
    "/v1/contacts/count",
    "/v1/contacts/1",
    "/v1/contacts/1/task.json",
    "/v1/contacts/1/tasks.json",
    "/v1/organizations",
    "/v1/tasks.json",
    "/v1/tasks/1.json",
    "/v1/tasks/contact/1.json",
    "/v1/tasks/outcomes.json",
    "/v1/tasks/types.json",
    "/v1/tasks/statuses.json",
    "/v1/histories?contact_group=all",
    "/v1/contact_lists",
    "/v1/products",
    "/v1/products/1",
    "/v1/products/statuses",
];

/// Everything the tenant's key can read, to compare before and after an attack.
fn everything(lm: &LivingMetricsClient) -> Vec<(String, u16, Value)> {
    PATHS
        .iter()
        .map(|path| {
            let r = lm.get(path);
            (path.to_string(), r.status, r.body)
        })
        .collect()
}

/// The data is unchanged and the server answers.
fn assert_intact(lm: &LivingMetricsClient, before: &[(String, u16, Value)]) {
    assert_eq!(everything(lm), before);
    assert_eq!(get(&format!("{}/__admin/health", lm.base.trim_end_matches("/livingmetrics"))).status, 200);
}

fn percent(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

#[test]
fn other_methods_on_a_documented_path_are_405_with_the_error_body() {
    let tenant = arranged();
    let lm = tenant.livingmetrics();
    for path in PATHS.iter().map(|p| p.split('?').next().unwrap_or(p)) {
        for method in ["POST", "PUT", "PATCH", "DELETE"] {
            let r = send(method, &format!("{}{path}", lm.base), &[("X-Api-Key", &lm.key)], Some(b"{}"));
            let message = format!("Method {method} is not allowed on /livingmetrics{path}");
            assert_eq!((r.status, &r.body), (405, &lm_error(405, &message)), "{method} {path}");
            assert_eq!(r.header("allow"), Some("GET, HEAD"), "{method} {path}");
        }
    }
}

#[test]
fn head_answers_as_get_without_a_body() {
    let tenant = arranged();
    let lm = tenant.livingmetrics();
    for path in PATHS {
        let r = send("HEAD", &format!("{}{path}", lm.base), &[("X-Api-Key", &lm.key)], None);
        assert_eq!((r.status, r.text.as_str(), r.header("content-type")), (200, "", Some("application/json")), "{path}");
    }
    let r = send("HEAD", &format!("{}/v1/products/999", lm.base), &[("X-Api-Key", &lm.key)], None);
    assert_eq!((r.status, r.text.as_str()), (404, ""));
    let r = send("HEAD", &format!("{}/v1/products", lm.base), &[], None);
    assert_eq!((r.status, r.text.as_str()), (401, ""));
}

#[test]
fn an_unknown_path_is_404_with_the_error_body() {
    let tenant = arranged();
    let lm = tenant.livingmetrics();
    for path in ["/v1/nope", "/v2/contacts", "/v1/contacts/1/notes", "/v1/tasks.json/", "/v1/products/1/units", "/", ""] {
        let r = lm.get(path);
        let message = format!("No such endpoint: GET /livingmetrics{path}");
        assert_eq!((r.status, &r.body), (404, &lm_error(404, &message)), "{path}");
    }
    let r = send("DELETE", &format!("{}/v1/nope", lm.base), &[], None);
    assert_eq!((r.status, r.body), (404, lm_error(404, "No such endpoint: DELETE /livingmetrics/v1/nope")));
}

const SQL: &[&str] =
    &["' OR 1=1 --", "; DROP TABLE lm_contacts", "1; DROP TABLE lm_tasks", "1 OR 1=1", "\") OR (\"1\"=\"1", "%' OR '%'='"];

/// (path and query so far, parameter, default limit): text parameters take SQL as plain data.
const TEXT_PARAMS: &[(&str, &str, i64)] = &[
    ("/v1/organizations?", "search_term", 100),
    ("/v1/organizations?", "tag", 100),
    ("/v1/histories?contact_group=all&", "search_term", 100),
    ("/v1/histories?contact_group=all&", "email_guid", 100),
    ("/v1/histories?contact_group=all&", "history_type", 100),
    ("/v1/contact_lists?", "tag", 10),
];

/// (path, parameter, the end of the 400 message) for every other kind of value.
const TYPED_PARAMS: &[(&str, &str, &str)] = &[
    ("/v1/tasks.json", "contact_id", "expected a positive integer id"),
    ("/v1/tasks.json", "include_completed", "expected 1, 0, true or false"),
    ("/v1/contacts/1/task.json", "user_only", "expected 1, 0, true or false"),
    ("/v1/organizations", "tags", "expected a comma-separated list of positive integer ids"),
    ("/v1/organizations", "order", "expected asc or desc"),
    ("/v1/organizations", "order_by", "expected last_activity, updated_at or created_at"),
    ("/v1/histories", "campaign_id", "expected a positive integer id"),
    ("/v1/histories", "contact_id", "expected a positive integer id"),
    ("/v1/histories", "tracked_number_id", "expected a positive integer id"),
    ("/v1/histories", "last_history_id", "expected an integer"),
    ("/v1/histories", "start_date", "expected an ISO 8601 date or date-time such as 2024-05-01T00:00:00Z"),
    ("/v1/histories", "end_date", "expected an ISO 8601 date or date-time such as 2024-05-01T00:00:00Z"),
    ("/v1/histories", "contact_group", "expected all, managed or emailed"),
    ("/v1/histories", "order", "expected asc or desc"),
    ("/v1/contact_lists", "order_by", "expected created or updated"),
    ("/v1/products", "page", "expected a non-negative integer"),
    ("/v1/products", "limit", "expected a positive integer"),
];

#[test]
fn sql_in_a_text_parameter_is_only_data() {
    let tenant = arranged();
    let lm = tenant.livingmetrics();
    let before = everything(&lm);
    for (path, param, limit) in TEXT_PARAMS {
        for fragment in SQL {
            let r = lm.get(&format!("{path}{param}={}", percent(fragment)));
            let empty = json!({"data": [], "page": 0, "limit": limit, "total": 0});
            assert_eq!((r.status, &r.body), (200, &empty), "{path}{param}={fragment}");
        }
    }
    assert_intact(&lm, &before);
}

#[test]
fn sql_in_any_other_parameter_is_a_400_naming_it() {
    let tenant = arranged();
    let lm = tenant.livingmetrics();
    let before = everything(&lm);
    for (path, param, expected) in TYPED_PARAMS {
        for fragment in SQL {
            let r = lm.get(&format!("{path}?{param}={}", percent(fragment)));
            let message = format!("Invalid value '{}' for parameter '{param}': {expected}", fragment.trim());
            assert_eq!((r.status, &r.body), (400, &lm_error(400, &message)), "{path}?{param}={fragment}");
        }
    }
    assert_intact(&lm, &before);
}

#[test]
fn sql_in_a_path_id_is_a_400_naming_the_record() {
    let tenant = arranged();
    let lm = tenant.livingmetrics();
    let before = everything(&lm);
    for fragment in SQL {
        let segment = percent(fragment).replace('+', "%20");
        for (path, noun) in [
            (format!("/v1/tasks/{segment}.json"), "task"),
            (format!("/v1/products/{segment}"), "product"),
            (format!("/v1/contacts/{segment}/tasks.json"), "contact"),
            (format!("/v1/tasks/contact/{segment}.json"), "contact"),
        ] {
            let r = lm.get(&path);
            let message = format!("Invalid {noun} id '{fragment}': expected a positive integer");
            assert_eq!((r.status, &r.body), (400, &lm_error(400, &message)), "{path}");
        }
    }
    assert_intact(&lm, &before);
}

#[test]
fn hostile_parameter_names_are_unknown_parameters() {
    let tenant = arranged();
    let lm = tenant.livingmetrics();
    let before = everything(&lm);
    let accepted = "page, limit, tags, tag, search_term, order, order_by";
    let long = "x".repeat(300);
    for (name, shown) in [
        ("' OR 1=1 --", "' OR 1=1 --"),
        ("; DROP TABLE lm_contacts", "; DROP TABLE lm_contacts"),
        ("page[]", "page[]"),
        ("limit[$gt]", "limit[$gt]"),
        ("__proto__", "__proto__"),
        ("Page", "Page"),
        ("api_key", "api_key"),
        ("\u{0}", "\u{0}"),
        ("😀", "😀"),
        (long.as_str(), &long[..64]),
    ] {
        let r = lm.get(&format!("/v1/organizations?{}=1", percent(name)));
        let message = format!("Unknown query parameter '{shown}' (accepted: {accepted})");
        assert_eq!((r.status, &r.body), (400, &lm_error(400, &message)), "{name}");
    }
    assert_intact(&lm, &before);
}

/// Each endpoint of this suite with the parameters it accepts, as its 400 names them.
const ACCEPTED: &[(&str, &str)] = &[
    ("/v1/contacts/1/task.json", "include_completed, user_only, page, limit"),
    ("/v1/contacts/1/tasks", "include_completed, user_only, page, limit"),
    ("/v1/tasks/contact/1.json", "include_completed, user_only, page, limit"),
    ("/v1/tasks.json", "limit, page, include_completed, user_only, contact_id"),
    ("/v1/tasks/1.json", "none"),
    ("/v1/tasks/outcomes.json", "page, limit"),
    ("/v1/tasks/types.json", "page, limit"),
    ("/v1/tasks/statuses.json", "page, limit"),
    ("/v1/organizations", "page, limit, tags, tag, search_term, order, order_by"),
    (
        "/v1/histories",
        "page, limit, history_type, campaign_id, contact_id, start_date, end_date, last_history_id, contact_group, \
         search_term, order, email_guid, tracked_number_id",
    ),
    ("/v1/contact_lists", "page, limit, tag, order, order_by"),
    ("/v1/products", "limit, page"),
    ("/v1/products/1", "none"),
    ("/v1/products/statuses", "page, limit"),
];

#[test]
fn every_endpoint_rejects_a_hostile_parameter_name_and_lists_what_it_accepts() {
    let tenant = arranged();
    let lm = tenant.livingmetrics();
    for (path, accepted) in ACCEPTED {
        let r = lm.get(&format!("{path}?%27%20OR%201%3D1%20--=1"));
        let message = format!("Unknown query parameter '' OR 1=1 --' (accepted: {accepted})");
        assert_eq!((r.status, &r.body), (400, &lm_error(400, &message)), "{path}");
    }
}

#[test]
fn a_hostile_api_key_is_401() {
    let tenant = arranged();
    let lm = tenant.livingmetrics();
    for key in ["' OR 1=1 --", "x' UNION SELECT api_key FROM lm_users --", "%00"] {
        let r = send("GET", &format!("{}/v1/products", lm.base), &[("X-Api-Key", key)], None);
        assert_eq!((r.status, &r.body), (401, &lm_error(401, "Invalid API key")), "{key}");
        let r = lm.get_anonymous(&format!("/v1/products?api-key={}", percent(key)));
        assert_eq!((r.status, &r.body), (401, &lm_error(401, "Invalid API key")), "{key} as a parameter");
    }
}

#[test]
fn values_over_2048_characters_are_400() {
    let tenant = arranged();
    let lm = tenant.livingmetrics();
    let before = everything(&lm);
    for (path, param) in [
        ("/v1/organizations", "search_term"),
        ("/v1/histories", "email_guid"),
        ("/v1/tasks.json", "contact_id"),
        ("/v1/products", "page"),
    ] {
        let r = lm.get(&format!("{path}?{param}={}", "7".repeat(2049)));
        let message = format!("Parameter '{param}' is too long (2049 characters; at most 2048)");
        assert_eq!((r.status, &r.body), (400, &lm_error(400, &message)), "{path}?{param}");
    }
    // The limit counts characters, not bytes: 2048 two-byte letters are fine.
    let r = lm.get(&format!("/v1/organizations?search_term={}", percent(&"é".repeat(2048))));
    assert_eq!((r.status, r.body), (200, json!({"data": [], "page": 0, "limit": 100, "total": 0})));
    let r = lm.get(&format!("/v1/organizations?search_term={}", percent(&"é".repeat(2049))));
    assert_eq!((r.status, r.body), (400, lm_error(400, "Parameter 'search_term' is too long (2049 characters; at most 2048)")));
    assert_intact(&lm, &before);
}

#[test]
fn huge_lists_are_400() {
    let tenant = arranged();
    let lm = tenant.livingmetrics();
    let before = everything(&lm);
    let ten_thousand = (1..=10_000).map(|i| i.to_string()).collect::<Vec<_>>().join(",");
    let r = lm.get(&format!("/v1/contacts?contact_ids={ten_thousand}"));
    let message = format!("Parameter 'contact_ids' is too long ({} characters; at most 2048)", ten_thousand.len());
    assert_eq!((r.status, r.body), (400, lm_error(400, &message)));
    for (path, param) in [("/v1/contacts", "contact_ids"), ("/v1/organizations", "tags"), ("/v1/histories", "history_type")] {
        let r = lm.get(&format!("{path}?{param}={}", vec!["1"; 501].join(",")));
        let message = format!("Parameter '{param}' lists 501 items; at most 500");
        assert_eq!((r.status, &r.body), (400, &lm_error(400, &message)), "{path}?{param}");
    }
    assert_eq!(lm.get(&format!("/v1/organizations?tags={}", vec!["5"; 500].join(","))).status, 200);
    assert_intact(&lm, &before);
}

#[test]
fn unicode_and_emoji_values_are_data() {
    let tenant = arranged();
    let lm = tenant.livingmetrics();
    let unicode = json!({"id": 2, "name": "Café 😀 Ünïcode", "domain": null, "phone": null, "tags": [{"id": 6, "name": "Größe 🚀"}],
                         "created_at": "2024-05-01T00:00:00Z", "updated_at": "2024-05-01T00:00:00Z", "last_activity_at": null});
    for query in [
        "search_term=%F0%9F%98%80",
        "search_term=caf%C3%A9",
        "search_term=%C3%BCN%C3%AFCODE",
        "tag=Gr%C3%B6%C3%9Fe%20%F0%9F%9A%80",
    ] {
        let r = lm.get(&format!("/v1/organizations?{query}"));
        assert_eq!((r.status, &r.body), (200, &json!({"data": [unicode], "page": 0, "limit": 100, "total": 1})), "{query}");
    }
    let r = lm.get("/v1/contact_lists?tag=%F0%9F%98%80");
    assert_eq!((r.status, r.body), (200, json!({"data": [], "page": 0, "limit": 10, "total": 0})));
    let r = lm.get("/v1/products/%F0%9F%98%80");
    assert_eq!((r.status, r.body), (400, lm_error(400, "Invalid product id '😀': expected a positive integer")));
    let r = lm.get("/v1/organizations?search_term=Acme+Ltd");
    assert_eq!(r.body["total"], json!(1), "+ is a space");
}

#[test]
fn broken_percent_encoding_is_taken_literally_or_rejected() {
    let tenant = arranged();
    let lm = tenant.livingmetrics();
    let before = everything(&lm);
    let empty = json!({"data": [], "page": 0, "limit": 100, "total": 0});
    for query in ["search_term=%ZZ", "search_term=%", "search_term=%E2%82", "search_term=%FF%FE", "tag=%G0"] {
        let r = lm.get(&format!("/v1/organizations?{query}"));
        assert_eq!((r.status, &r.body), (200, &empty), "{query}");
    }
    for (query, message) in [
        ("page=%ZZ", "Invalid value '%ZZ' for parameter 'page': expected a non-negative integer"),
        ("limit=%FF", "Invalid value '\u{FFFD}' for parameter 'limit': expected a positive integer"),
        ("order=%E2%82", "Invalid value '\u{FFFD}' for parameter 'order': expected asc or desc"),
    ] {
        let r = lm.get(&format!("/v1/organizations?{query}"));
        assert_eq!((r.status, &r.body), (400, &lm_error(400, message)), "{query}");
    }
    for (path, shown) in [("/v1/products/%ZZ", "%ZZ"), ("/v1/products/%FF", "\u{FFFD}"), ("/v1/products/%", "%")] {
        let r = lm.get(path);
        let message = format!("Invalid product id '{shown}': expected a positive integer");
        assert_eq!((r.status, &r.body), (400, &lm_error(400, &message)), "{path}");
    }
    assert_intact(&lm, &before);
}

#[test]
fn nul_bytes_in_a_value_are_rejected() {
    let tenant = arranged();
    let lm = tenant.livingmetrics();
    let before = everything(&lm);
    for (path, param, value) in [
        ("/v1/organizations", "search_term", "%00"),
        ("/v1/organizations", "search_term", "Acme%00"),
        ("/v1/organizations", "tag", "Partner%00"),
        ("/v1/histories", "email_guid", "g-1%00"),
        ("/v1/tasks.json", "contact_id", "1%00"),
        ("/v1/products", "page", "%000"),
    ] {
        let r = lm.get(&format!("{path}?{param}={value}"));
        let message = format!("Parameter '{param}' contains a NUL character");
        assert_eq!((r.status, &r.body), (400, &lm_error(400, &message)), "{path}?{param}={value}");
    }
    for (path, shown, noun) in [("/v1/products/1%00", "1\u{0}", "product"), ("/v1/tasks/%00.json", "\u{0}", "task")] {
        let r = lm.get(path);
        let message = format!("Invalid {noun} id '{shown}': expected a positive integer");
        assert_eq!((r.status, &r.body), (400, &lm_error(400, &message)), "{path}");
    }
    assert_intact(&lm, &before);
}

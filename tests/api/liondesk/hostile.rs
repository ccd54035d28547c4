//! Hostile input to the contacts service: SQL where names and values go, oversized and
//! overcomplex queries, oversized, deeply nested, malformed and non-UTF-8 bodies, NUL bytes.
//! Each is a 4xx Feathers body (or, for values, a harmless literal match); afterwards the data
//! is intact and the server answers.

use serde_json::{Value, json};

use super::crud::{AT, contact};
use crate::helpers::{LionDeskClient, TestTenant, feathers_bad_request, feathers_error};

/// `key=value&...`, each side percent-encoded except brackets and `$`.
fn query(pairs: &[(&str, &str)]) -> String {
    let enc = |s: &str| {
        s.bytes()
            .map(|b| match b {
                b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'[' | b']' | b'$' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect::<String>()
    };
    pairs.iter().map(|(k, v)| format!("{}={}", enc(k), enc(v))).collect::<Vec<_>>().join("&")
}

/// Two contacts of user 1, one with quotes in its name.
fn arranged() -> TestTenant {
    let tenant = TestTenant::new();
    tenant.arrange(
        "liondesk",
        "contacts",
        json!([
            {"id": 1, "first_name": "Ann", "last_name": "O'Brien", "created_at": AT, "modified_at": AT},
            {"id": 2, "first_name": "Bob", "last_name": "Lee", "created_at": AT, "modified_at": AT}
        ]),
    );
    tenant
}

/// The server still answers, and both arranged contacts are as they were.
fn assert_intact(owner: &LionDeskClient) {
    let r = owner.get("/contacts");
    let data = json!([
        contact(1, 1, json!({"first_name": "Ann", "last_name": "O'Brien"})),
        contact(2, 1, json!({"first_name": "Bob", "last_name": "Lee"}))
    ]);
    assert_eq!((r.status, r.body), (200, json!({"total": 2, "limit": 10, "skip": 0, "data": data})));
}

#[test]
fn sql_in_field_names_sort_keys_and_select_is_a_400() {
    let tenant = arranged();
    let owner = tenant.liondesk(0);
    let cases = [
        (
            ("first_name;DROP TABLE ld_contacts;--", "x"),
            "Invalid query parameter first_name;DROP TABLE ld_contacts;--: contacts has no such field",
        ),
        (("1=1) OR (1", "1"), "Invalid query parameter 1=1) OR (1: contacts has no such field"),
        (
            ("$sort[id; DROP TABLE ld_contacts]", "1"),
            "Invalid query parameter id; DROP TABLE ld_contacts: contacts has no such field",
        ),
        (
            ("$sort[(SELECT token FROM ld_tokens)]", "-1"),
            "Invalid query parameter (SELECT token FROM ld_tokens): contacts has no such field",
        ),
        (("$select[]", "* FROM ld_tokens--"), "Invalid query parameter * FROM ld_tokens--: contacts has no such field"),
        (("$or[0][c.tenant_id]", "x"), "Invalid query parameter c.tenant_id: contacts has no such field"),
    ];

    for ((key, value), message) in cases {
        let r = owner.get(&format!("/contacts?{}", query(&[(key, value)])));
        assert_eq!((r.status, &r.body), (400, &feathers_bad_request(message)), "{key}={value}");
    }
    let operator = owner.get(&format!("/contacts?{}", query(&[("last_name[$ne) OR 1=1 --]", "x")])));
    let expected = json!({"name": "BadRequest", "message": "Invalid query parameter $ne) OR 1=1 --", "code": 400,
        "className": "bad-request", "data": {"$ne) OR 1=1 --": "x"}, "errors": {}});
    assert_eq!((operator.status, operator.body), (400, expected));
    assert_intact(&owner);
}

#[test]
fn sql_in_values_matches_only_literally() {
    let tenant = arranged();
    let owner = tenant.liondesk(0);

    for value in ["' OR '1'='1", "x' OR 1=1 --", "%", "_", "Ann'; DROP TABLE ld_contacts; --", "Ann\" OR \"\"=\""] {
        let r = owner.get(&format!("/contacts?{}", query(&[("first_name", value)])));
        assert_eq!((r.status, r.body), (200, json!({"total": 0, "limit": 10, "skip": 0, "data": []})), "{value}");
    }
    assert_eq!(owner.ids(&format!("/contacts?{}", query(&[("last_name", "O'Brien")]))), [1]);
    assert_eq!(
        owner.ids(&format!("/contacts?{}", query(&[("last_name[$in]", "O'Brien"), ("last_name[$in]", "') OR 1=1 --")]))),
        [1]
    );
    let sorted = owner.ids(&format!("/contacts?{}", query(&[("$sort[first_name]", "-1; DROP TABLE ld_contacts")])));
    assert_eq!(sorted, [2, 1], "the direction is read as parseInt reads it");
    assert_intact(&owner);
}

#[test]
fn sql_in_body_keys_is_ignored_and_in_values_is_stored_verbatim() {
    let tenant = arranged();
    let owner = tenant.liondesk(0);
    let name = "Robert'); DROP TABLE ld_contacts;--";

    let r = owner.post(
        "/contacts",
        &json!({"first_name": name, "last_name = 'x' WHERE 1=1; --": "y", "owner_user_id) VALUES (3": 1, "created_at": AT, "modified_at": AT}),
    );

    assert_eq!((r.status, &r.body), (201, &contact(3, 1, json!({"first_name": name}))));
    let got = owner.get("/contacts/3");
    assert_eq!((got.status, got.body), (200, r.body));
    assert_eq!(owner.ids(&format!("/contacts?{}", query(&[("first_name", name)]))), [3]);
    assert_eq!(owner.ids("/contacts"), [1, 2, 3]);
}

#[test]
fn a_huge_limit_is_clamped_to_the_maximum_and_a_huge_skip_finds_nothing() {
    let tenant = TestTenant::new();
    let records: Vec<Value> = (1..=55).map(|id| json!({"id": id, "created_at": AT, "modified_at": AT})).collect();
    tenant.arrange("liondesk", "contacts", Value::Array(records));
    let owner = tenant.liondesk(0);
    let first_fifty: Vec<Value> = (1..=50).map(|id| contact(id, 1, json!({}))).collect();

    for limit in ["51", "1000000", "9223372036854775807", "99999999999999999999999999", "-99999999999999999999"] {
        let r = owner.get(&format!("/contacts?$limit={limit}"));
        assert_eq!(
            (r.status, &r.body),
            (200, &json!({"total": 55, "limit": 50, "skip": 0, "data": first_fifty})),
            "$limit={limit}"
        );
    }
    let r = owner.get("/contacts?$skip=99999999999999999999&$limit=1");
    assert_eq!((r.status, r.body), (200, json!({"total": 55, "limit": 1, "skip": i64::MAX, "data": []})));
}

#[test]
fn thousands_of_or_branches_are_a_400_not_a_500() {
    let tenant = arranged();
    let owner = tenant.liondesk(0);
    let branches = |n: usize| (0..n).map(|i| format!("$or[{i}][first_name]=n{i}")).collect::<Vec<_>>().join("&");
    let values = |n: usize| (0..n).map(|i| format!("first_name[$in][]=n{i}")).collect::<Vec<_>>().join("&");

    let thousands = owner.get(&format!("/contacts?{}", branches(1500)));
    let hundreds = owner.get(&format!("/contacts?{}", branches(999)));
    let in_list = owner.get(&format!("/contacts?{}", values(2000)));

    assert_eq!((thousands.status, thousands.body), (400, feathers_bad_request("Too many query parameters (at most 1000)")));
    assert_eq!(
        (hundreds.status, hundreds.body),
        (400, feathers_bad_request("The query is too complex (at most 500 conditions)"))
    );
    assert_eq!((in_list.status, in_list.body), (400, feathers_bad_request("Too many query parameters (at most 1000)")));
    assert_intact(&owner);
}

#[test]
fn deep_brackets_are_a_400_not_a_500() {
    let tenant = arranged();
    let owner = tenant.liondesk(0);
    let nested_or = format!("$or[0]{}[first_name]=Ann", "[$or][0]".repeat(40));
    let kept = format!("{}[$or", "[$or][0]".repeat(12));
    let cases = [
        (nested_or, format!("Invalid query parameter {kept}: the query nests brackets too deeply (at most 5 levels)")),
        (format!("first_name{}=1", "[a]".repeat(2000)), "Invalid query parameter first_name[a]: expected an operator such as $in".into()),
        (
            format!("{}=1", "[".repeat(3000)),
            "Invalid query string: parsing failed with error: 'unexpected end of input while parsing nested key' at position: 3003".into(),
        ),
    ];

    for (q, message) in cases {
        let r = owner.get(&format!("/contacts?{q}"));
        assert_eq!((r.status, r.body), (400, feathers_bad_request(&message)));
    }
    assert_intact(&owner);
}

#[test]
fn a_two_megabyte_body_is_a_400() {
    let tenant = arranged();
    let owner = tenant.liondesk(0);
    let body = json!({"first_name": "x".repeat(2 * 1024 * 1024)}).to_string();

    let created = owner.send("POST", "/contacts", Some(body.as_bytes()));
    let patched = owner.send("PATCH", "/contacts/1", Some(body.as_bytes()));

    let expected = feathers_bad_request("The request body is larger than 1024 KiB");
    assert_eq!((created.status, &created.body), (400, &expected));
    assert_eq!((patched.status, &patched.body), (400, &expected));
    assert_intact(&owner);
}

#[test]
fn deeply_nested_json_is_a_400() {
    let tenant = arranged();
    let owner = tenant.liondesk(0);
    let arrays = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let objects = format!("{{\"first_name\": {}1{}}}", "{\"a\":".repeat(5000), "}".repeat(5000));
    let mut nested = json!("deep");
    for _ in 0..100 {
        nested = json!({"a": nested});
    }

    let r = owner.send("POST", "/contacts", Some(arrays.as_bytes()));
    assert_eq!(
        (r.status, r.body),
        (400, feathers_bad_request("Invalid JSON in the request body: recursion limit exceeded at line 1 column 128"))
    );
    let r = owner.send("PATCH", "/contacts/1", Some(objects.as_bytes()));
    assert_eq!(
        (r.status, r.body),
        (400, feathers_bad_request("Invalid JSON in the request body: recursion limit exceeded at line 1 column 646"))
    );
    let r = owner.post("/contacts", &json!({"first_name": nested}));
    let expected = json!({"name": "BadRequest", "message": "Validation error: first_name must be a string", "code": 400, "className": "bad-request",
        "errors": [{"message": "first_name must be a string", "type": "Validation error", "path": "first_name", "value": nested}]});
    assert_eq!((r.status, r.body), (400, expected));
    assert_intact(&owner);
}

#[test]
fn nul_bytes_are_a_4xx_wherever_they_come() {
    let tenant = arranged();
    let owner = tenant.liondesk(0);

    let in_body = owner.patch("/contacts/1", &json!({"last_name": "O'\u{0}Brien"}));
    let raw_in_body = owner.send("POST", "/contacts", Some(b"{\"first_name\": \"a\0b\"}"));
    let in_query = owner.get("/contacts?first_name=Ann%00");
    let in_path = owner.get("/contacts/1%00");

    let reason = "must not contain NUL characters";
    let expected = json!({"name": "BadRequest", "message": format!("Validation error: last_name {reason}"), "code": 400,
        "className": "bad-request", "errors": [{"message": format!("last_name {reason}"), "type": "Validation error", "path": "last_name", "value": "O'\u{0}Brien"}]});
    assert_eq!((in_body.status, in_body.body), (400, expected));
    let control =
        "Invalid JSON in the request body: control character (\\u0000-\\u001F) found while parsing a string at line 1 column 18";
    assert_eq!((raw_in_body.status, raw_in_body.body), (400, feathers_bad_request(control)));
    let message = "Invalid value 'Ann\u{0}' for first_name: expected text without NUL characters";
    assert_eq!((in_query.status, in_query.body), (400, feathers_bad_request(message)));
    assert_eq!(
        (in_path.status, in_path.body),
        (404, feathers_error(404, "NotFound", "not-found", "No record found for id '1\u{0}'"))
    );
    assert_intact(&owner);
}

#[test]
fn invalid_utf8_is_a_400() {
    let tenant = arranged();
    let owner = tenant.liondesk(0);

    let in_string = owner.send("POST", "/contacts", Some(b"{\"first_name\": \"\xff\xfe\"}"));
    let in_key = owner.send("PATCH", "/contacts/1", Some(b"{\"\xc3\x28\": 1}"));
    let surrogate = owner.send("POST", "/contacts", Some(br#"{"first_name": "\ud800"}"#));
    let in_query = owner.get("/contacts?first_name=%FF");

    let json_error = |detail: &str| feathers_bad_request(&format!("Invalid JSON in the request body: {detail}"));
    assert_eq!((in_string.status, in_string.body), (400, json_error("invalid unicode code point at line 1 column 17")));
    assert_eq!((in_key.status, in_key.body), (400, json_error("invalid unicode code point at line 1 column 3")));
    assert_eq!((surrogate.status, surrogate.body), (400, json_error("unexpected end of hex escape at line 1 column 23")));
    let message = "Invalid query string: invalid utf-8 sequence of 1 bytes from index 0";
    assert_eq!((in_query.status, in_query.body), (400, feathers_bad_request(message)));
    assert_intact(&owner);
}

#[test]
fn malformed_json_is_a_400_naming_the_fault() {
    let tenant = arranged();
    let owner = tenant.liondesk(0);
    let cases: [(&[u8], &str); 7] = [
        (b"\xef\xbb\xbf{\"first_name\": \"x\"", "EOF while parsing an object at line 1 column 18"),
        (b"{\"first_name\":", "EOF while parsing a value at line 1 column 14"),
        (b"{first_name: \"x\"}", "key must be a string at line 1 column 2"),
        (b"{\"first_name\": \"x\",}", "trailing comma at line 1 column 20"),
        (b"{} {}", "trailing characters at line 1 column 4"),
        (b"{\"first_name\": 'x'}", "expected value at line 1 column 16"),
        (b"first_name=Ann", "expected ident at line 1 column 2"),
    ];

    for (body, detail) in cases {
        for method in ["POST", "PATCH"] {
            let path = if method == "POST" { "/contacts" } else { "/contacts/2" };
            let r = owner.send(method, path, Some(body));
            let expected = feathers_bad_request(&format!("Invalid JSON in the request body: {detail}"));
            assert_eq!((r.status, &r.body), (400, &expected), "{method} {}", String::from_utf8_lossy(body));
        }
    }
    assert_intact(&owner);
}

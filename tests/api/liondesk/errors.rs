//! Every Feathers error body the contacts service answers (v3/v4 form: `errors` always there,
//! `data` when the error carries it), with its exact status.

use serde_json::{Value, json};

use super::crud::{AT, contact};
use crate::helpers::{
    TestTenant, feathers_bad_request, feathers_error, feathers_invalid, feathers_method_not_allowed, feathers_not_found,
    post_json, send, spawn_app,
};

const ALLOW: &str = "GET,POST,PATCH,DELETE";

/// Every limited text field with its limit (the document's table; 255 where it gives none).
const LIMITS: [(&str, usize); 15] = [
    ("first_name", 255),
    ("last_name", 255),
    ("email", 255),
    ("mobile_phone", 255),
    ("home_phone", 45),
    ("office_phone", 45),
    ("fax", 45),
    ("company", 45),
    ("birthday", 45),
    ("anniversary", 45),
    ("spouse_name", 45),
    ("spouse_email", 45),
    ("spouse_phone", 255),
    ("spouse_birthday", 255),
    ("tags", 508),
];

#[test]
fn every_text_field_takes_its_limit_and_one_more_character_is_a_400_naming_it() {
    let tenant = TestTenant::new();
    tenant.arrange("liondesk", "contacts", json!([{"id": 1, "created_at": AT, "modified_at": AT}]));
    let owner = tenant.liondesk(0);

    for (field, max) in LIMITS {
        let longest = "ñ".repeat(max);
        let too_long = format!("{longest}x");
        let reason = format!("must be at most {max} characters");

        let created = owner.post("/contacts", &json!({field: too_long}));
        let patched = owner.patch("/contacts/1", &json!({"assigned_user_id": 2, field: too_long}));
        let fits = owner.patch("/contacts/1", &json!({field: longest, "modified_at": AT}));

        assert_eq!((created.status, &created.body), (400, &feathers_invalid(field, &reason, json!(too_long))), "POST {field}");
        assert_eq!((patched.status, &patched.body), (400, &feathers_invalid(field, &reason, json!(too_long))), "PATCH {field}");
        assert_eq!((fits.status, &fits.body[field]), (200, &json!(longest)), "{field} at {max}");
    }
    assert_eq!(owner.ids("/contacts"), [1], "no rejected create stored anything");
    let stored = owner.get("/contacts/1?$select[]=first_name&$select[]=assigned_user_id");
    assert_eq!(stored.body, json!({"id": 1, "first_name": "ñ".repeat(255), "assigned_user_id": null}));
}

#[test]
fn a_value_of_the_wrong_type_is_a_400_naming_the_field() {
    let tenant = TestTenant::new();
    let owner = tenant.liondesk(0);
    let cases = [
        (json!({"first_name": ["Bill"]}), feathers_invalid("first_name", "must be a string", json!(["Bill"]))),
        (json!({"tags": {"name": "x"}}), feathers_invalid("tags", "must be a string", json!({"name": "x"}))),
        (json!({"email": true}), feathers_invalid("email", "must be a string", json!(true))),
        (json!({"assigned_user_id": "two"}), feathers_invalid("assigned_user_id", "must be a positive integer id", json!("two"))),
        (json!({"assigned_user_id": -2}), feathers_invalid("assigned_user_id", "must be a positive integer id", json!(-2))),
        (json!({"assigned_user_id": 2.5}), feathers_invalid("assigned_user_id", "must be a positive integer id", json!(2.5))),
        (json!({"hotness_id": true}), feathers_invalid("hotness_id", "must be a positive integer id", json!(true))),
        (json!({"source_id": [12]}), feathers_invalid("source_id", "must be a positive integer id", json!([12]))),
        (json!({"created_at": 1467375131}), feathers_invalid("created_at", "must be an ISO 8601 date-time", json!(1467375131))),
        (
            json!({"modified_at": "yesterday"}),
            feathers_invalid("modified_at", "must be an ISO 8601 date-time", json!("yesterday")),
        ),
        (
            json!({"created_at": "2016-13-01"}),
            feathers_invalid("created_at", "must be an ISO 8601 date-time", json!("2016-13-01")),
        ),
    ];

    for (body, expected) in cases {
        let r = owner.post("/contacts", &body);
        assert_eq!((r.status, &r.body), (400, &expected), "{body}");
    }
    for body in ["null", "\"Bill\"", "42", "true"] {
        let r = owner.send("POST", "/contacts", Some(body.as_bytes()));
        assert_eq!((r.status, &r.body), (400, &feathers_bad_request("The body must be a JSON object")), "{body}");
    }
    assert_eq!(owner.ids("/contacts"), Vec::<i64>::new());
}

#[test]
fn assigning_a_user_outside_the_submitters_teams_is_a_400() {
    let tenant = TestTenant::new();
    tenant.arrange("liondesk", "users", json!([{"id": 7, "first_name": "Nomad"}]));
    tenant.arrange("liondesk", "contacts", json!([{"id": 1, "first_name": "Ann", "created_at": AT, "modified_at": AT}]));
    let owner = tenant.liondesk(0);

    let outsider = owner.post("/contacts", &json!({"assigned_user_id": 3}));
    let teamless = owner.patch("/contacts/1", &json!({"assigned_user_id": "7"}));
    let nobody = owner.patch("/contacts/1", &json!({"assigned_user_id": 999}));
    let by_outsider = tenant.liondesk(2).post("/contacts", &json!({"assigned_user_id": 2}));

    let reason = |id: i64| format!("must be a user of one of your teams ({id} is not)");
    assert_eq!((outsider.status, outsider.body), (400, feathers_invalid("assigned_user_id", &reason(3), json!(3))));
    assert_eq!((teamless.status, teamless.body), (400, feathers_invalid("assigned_user_id", &reason(7), json!(7))));
    assert_eq!((nobody.status, nobody.body), (400, feathers_invalid("assigned_user_id", &reason(999), json!(999))));
    assert_eq!((by_outsider.status, by_outsider.body), (400, feathers_invalid("assigned_user_id", &reason(2), json!(2))));
    assert_eq!(owner.get("/contacts/1").body, contact(1, 1, json!({"first_name": "Ann"})), "the rejected patch changed nothing");
    assert_eq!(tenant.liondesk(2).ids("/contacts"), Vec::<i64>::new());
}

#[test]
fn a_hotness_or_source_that_is_not_the_submitters_is_a_400() {
    let tenant = TestTenant::new();
    tenant.arrange("liondesk", "hotnesses", json!([{"id": 12, "user_id": 2, "name": "Theirs"}]));
    tenant.arrange("liondesk", "contact_sources", json!([{"id": 12, "user_id": 2, "name": "Theirs"}]));
    let owner = tenant.liondesk(0);

    let hotness = owner.post("/contacts", &json!({"hotness_id": 12}));
    let source = owner.post("/contacts", &json!({"source_id": "12"}));

    assert_eq!(
        (hotness.status, hotness.body),
        (400, feathers_invalid("hotness_id", "must be one of your hotnesses (12 is not)", json!(12)))
    );
    assert_eq!(
        (source.status, source.body),
        (400, feathers_invalid("source_id", "must be one of your contact sources (12 is not)", json!(12)))
    );
    assert_eq!(owner.ids("/contacts"), Vec::<i64>::new());
}

#[test]
fn a_missing_token_and_an_invalid_one_are_401s() {
    let tenant = TestTenant::new();
    tenant.arrange("liondesk", "contacts", json!([{"id": 1, "created_at": AT, "modified_at": AT}]));
    let base = format!("{}/liondesk", tenant.base);
    let no_token = feathers_error(401, "NotAuthenticated", "not-authenticated", "No auth token");
    let bad_token = feathers_error(401, "NotAuthenticated", "not-authenticated", "Invalid access token");
    let other_scheme = format!("Basic {}", tenant.liondesk(0).token);
    let tampered = format!("Bearer {}0", tenant.liondesk(0).token);

    for (method, path) in
        [("GET", "/contacts"), ("GET", "/contacts/1"), ("POST", "/contacts"), ("PATCH", "/contacts/1"), ("DELETE", "/contacts/1")]
    {
        let body = (method == "POST" || method == "PATCH").then_some(&b"{\"first_name\": \"X\"}"[..]);
        let url = format!("{base}{path}");
        for (headers, expected) in [
            (vec![], &no_token),
            (vec![("Authorization", "Bearer")], &no_token),
            (vec![("Authorization", other_scheme.as_str())], &no_token),
            (vec![("Authorization", "Bearer 0000000000000000000000000000000000000000")], &bad_token),
            (vec![("Authorization", tampered.as_str())], &bad_token),
        ] {
            let r = send(method, &url, &headers, body);
            assert_eq!((r.status, &r.body), (401, expected), "{method} {path} {headers:?}");
            assert_eq!(r.header("allow"), Some(ALLOW));
        }
    }
    let other_tenant = TestTenant::new();
    let r = send(
        "GET",
        &format!("{base}/contacts"),
        &[("Authorization", &format!("Bearer {}", other_tenant.liondesk(0).token))],
        None,
    );
    assert_eq!((r.status, r.body["total"].clone()), (200, json!(0)), "a token reaches its own tenant only");
    assert_eq!(tenant.liondesk(0).get("/contacts/1").body, contact(1, 1, json!({})), "nothing was written");
}

#[test]
fn a_non_owner_who_sees_a_contact_gets_403_on_delete() {
    let tenant = TestTenant::new();
    tenant.arrange("liondesk", "contacts", json!([{"id": 1, "assigned_user_id": 2, "created_at": AT, "modified_at": AT}]));

    let r = tenant.liondesk(1).delete("/contacts/1");

    let expected = feathers_error(403, "Forbidden", "forbidden", "Only the owner of a contact may remove it");
    assert_eq!((r.status, r.body), (403, expected));
    assert_eq!(r.headers.get("allow").and_then(|v| v.to_str().ok()), Some(ALLOW));
    assert_eq!(tenant.liondesk(0).ids("/contacts"), [1]);
}

#[test]
fn a_missing_record_is_a_404_quoting_the_id_as_given() {
    let tenant = TestTenant::new();
    tenant.arrange("liondesk", "contacts", json!([{"id": 1, "created_at": AT, "modified_at": AT}]));
    let owner = tenant.liondesk(0);

    for (path, id) in [
        ("2", "2"),
        ("abc", "abc"),
        ("0", "0"),
        ("-1", "-1"),
        ("1.5", "1.5"),
        ("99999999999999999999", "99999999999999999999"),
        ("a%20b", "a b"),
        ("%27%20OR%201=1", "' OR 1=1"),
        ("%E2%9C%93", "✓"),
    ] {
        let url = format!("/contacts/{path}");
        for r in [owner.get(&url), owner.patch(&url, &json!({"first_name": "X"})), owner.delete(&url)] {
            assert_eq!((r.status, &r.body), (404, &feathers_not_found(id)), "{url}");
        }
    }
    assert_eq!(owner.get("/contacts/1").body, contact(1, 1, json!({})));
}

#[test]
fn an_unknown_route_is_feathers_page_not_found_with_the_url() {
    let tenant = TestTenant::new();
    let owner = tenant.liondesk(0);
    let page = |url: &str| json!({"name": "NotFound", "message": "Page not found", "code": 404, "className": "not-found", "data": {"url": url}, "errors": {}});

    for (method, path, url) in [
        ("GET", "/contact", "/contact"),
        ("GET", "/contacts/1/nope?x=1", "/contacts/1/nope?x=1"),
        ("GET", "//nope//deeper", "/nope/deeper"),
        ("POST", "/contacts/1", "/contacts/1"),
        ("OPTIONS", "/contacts?a=b", "/contacts?a=b"),
        ("GET", "", "/"),
    ] {
        let r = owner.send(method, path, None);
        assert_eq!((r.status, &r.body), (404, &page(url)), "{method} {path}");
    }
    let anonymous = send("GET", &format!("{}/liondesk/v1/contacts", tenant.base), &[], None);
    assert_eq!((anonymous.status, anonymous.body), (404, page("/v1/contacts")), "routing precedes authentication");
}

#[test]
fn methods_feathers_does_not_offer_are_405_with_allow() {
    let tenant = TestTenant::new();
    tenant.arrange("liondesk", "contacts", json!([{"id": 1, "first_name": "Ann", "created_at": AT, "modified_at": AT}]));
    let owner = tenant.liondesk(0);
    let not_allowed = feathers_method_not_allowed;
    let update = "Method `update` is not supported by this endpoint.";

    let cases = [
        ("PUT", "/contacts/1", Some(&b"{\"first_name\": \"Bo\"}"[..]), not_allowed(update)),
        ("PUT", "/contacts", Some(&b"{\"first_name\": \"Bo\"}"[..]), not_allowed(update)),
        ("PATCH", "/contacts", Some(&b"{\"first_name\": \"Bo\"}"[..]), not_allowed("Can not patch multiple entries")),
        (
            "PATCH",
            "/contacts?first_name=Ann",
            Some(&b"{\"first_name\": \"Bo\"}"[..]),
            not_allowed("Can not patch multiple entries"),
        ),
        ("DELETE", "/contacts", None, not_allowed("Can not remove multiple entries")),
        ("DELETE", "//contacts?id=1", None, not_allowed("Can not remove multiple entries")),
        ("POST", "/contacts", Some(&b"[{\"first_name\": \"Bo\"}, {}]"[..]), not_allowed("Can not create multiple entries")),
        ("POST", "/contacts", Some(&b"[]"[..]), not_allowed("Can not create multiple entries")),
    ];
    for (method, path, body, expected) in cases {
        let r = owner.send(method, path, body);
        assert_eq!((r.status, &r.body, r.header("allow")), (405, &expected, Some(ALLOW)), "{method} {path}");
    }
    assert_eq!(owner.ids("/contacts"), [1]);
    assert_eq!(owner.get("/contacts/1").body, contact(1, 1, json!({"first_name": "Ann"})));
}

#[test]
fn every_answer_of_the_service_carries_allow() {
    let tenant = TestTenant::new();
    let owner = tenant.liondesk(0);

    let created = owner.post("/contacts", &json!({}));
    let found = owner.get("/contacts");
    let invalid_query = owner.get("/contacts?$foo=1");

    for r in [created, found, invalid_query] {
        assert_eq!(r.header("allow"), Some(ALLOW), "{}", r.text);
    }
    assert_eq!(owner.get("/nope").header("allow"), None, "an unknown route is no service's");
}

#[test]
fn an_invalid_query_is_a_400_carrying_the_query_as_data() {
    let tenant = TestTenant::new();
    let owner = tenant.liondesk(0);

    let unknown_operator = owner.get("/contacts?last_name[$foo]=x");
    let unknown_filter = owner.get("/contacts/1?$foo=1&first_name=A");

    let with_data = |message: &str, data: Value| json!({"name": "BadRequest", "message": message, "code": 400, "className": "bad-request", "data": data, "errors": {}});
    assert_eq!(
        (unknown_operator.status, unknown_operator.body),
        (400, with_data("Invalid query parameter $foo", json!({"$foo": "x"})))
    );
    assert_eq!(
        (unknown_filter.status, unknown_filter.body),
        (400, with_data("Invalid query parameter $foo", json!({"$foo": "1", "first_name": "A"})))
    );
}

#[test]
fn an_injected_server_error_is_a_feathers_general_error() {
    let app = spawn_app();
    let tenant = app.new_tenant();
    let rule = post_json(&app.url("/__admin/faults"), &json!({"vendor": "liondesk", "path": "/contacts", "status": 500}));
    assert_eq!(rule.status, 201, "{}", rule.text);

    let r = tenant.liondesk(0).get("/contacts");

    assert_eq!((r.status, r.body), (500, feathers_error(500, "GeneralError", "general-error", "Fault injected by crm-mock")));
}

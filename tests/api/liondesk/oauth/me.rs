//! `GET /me`: the user the bearer token belongs to.

use serde_json::json;

use super::frozen_app;
use crate::helpers::{TestTenant, feathers_error, feathers_method_not_allowed, send};

#[test]
fn me_answers_the_token_users_documented_fields() {
    let (_app, tenant) = frozen_app();
    let owner = tenant.liondesk(0);

    let r = owner.get("/me");

    assert_eq!(r.status, 200, "{}", r.text);
    let email = tenant.credentials["liondesk"]["users"][0]["email"].clone();
    let expected = json!({
        "id": 1, "first_name": "Olivia", "last_name": "Agent", "email": email, "timezone_offset": -8,
        "created_at": "2024-05-01T10:00:00.000Z", "modified_at": "2024-05-01T10:00:00.000Z", "timezone": "America/Los_Angeles"
    });
    assert_eq!(r.body, expected);
    let keys: Vec<&String> = r.body.as_object().expect("object").keys().collect();
    assert_eq!(keys, ["id", "first_name", "last_name", "email", "timezone_offset", "created_at", "modified_at", "timezone"]);
    assert_eq!(tenant.liondesk(2).get("/me").body["id"], json!(3));
}

#[test]
fn me_needs_a_token_and_only_answers_get() {
    let tenant = TestTenant::new();
    let anonymous = send("GET", &format!("{}/liondesk/me", tenant.base), &[], None);

    let posted = tenant.liondesk(0).post("/me", &json!({}));

    let no_token = feathers_error(401, "NotAuthenticated", "not-authenticated", "No auth token");
    assert_eq!((anonymous.status, anonymous.body), (401, no_token));
    let message = "Method `create` is not supported by this endpoint.";
    assert_eq!((posted.status, &posted.body), (405, &feathers_method_not_allowed(message)));
    assert_eq!(posted.header("allow"), Some("GET"));
}

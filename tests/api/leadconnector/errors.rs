//! What every request is checked for: the bearer token, the `Version` header, the location,
//! strict body and query whitelists, unknown routes, and hostile input — each answered in
//! NestJS's shape.

use serde_json::json;

use super::{Lc, nest, unprocessable};
use crate::helpers::TestTenant;
use crate::helpers::send;

#[test]
fn a_missing_or_unknown_token_is_a_401_and_the_version_header_is_required() {
    let lc = Lc::of(&TestTenant::new());
    let invalid = json!({"statusCode": 401, "message": "Invalid token: access token is invalid", "error": "Unauthorized"});
    let url = format!("{}/contacts/?locationId={}", lc.base, lc.location());
    for headers in [
        vec![("Version", "2021-07-28")],
        vec![("Authorization", "Bearer nope"), ("Version", "2021-07-28")],
        vec![("Authorization", "Basic x")],
    ] {
        let r = send("GET", &url, &headers, None);
        assert_eq!((r.status, r.body), (401, invalid.clone()), "{headers:?}");
    }
    let bearer = format!("Bearer {}", lc.token);
    let r = send("GET", &url, &[("Authorization", &bearer)], None);
    assert_eq!((r.status, r.body), (401, nest(401, "version header was not found.")));
    let r = send("GET", &url, &[("Authorization", &bearer), ("Version", "2020-01-01")], None);
    assert_eq!((r.status, r.body), (401, nest(401, "version header is invalid")));
    for version in ["2021-04-15", "2021-07-28", "2023-02-21", "v3"] {
        let r = send("GET", &url, &[("authorization", &bearer), ("version", version)], None);
        assert_eq!(r.status, 200, "{version}: {}", r.text);
    }
}

#[test]
fn a_body_holds_only_the_dtos_properties_of_their_types() {
    let lc = Lc::of(&TestTenant::new());
    let r = lc.post(
        "/contacts/",
        &json!({"firstName": 5, "email": "not-an-email", "dnd": "yes", "tags": [1], "pipelineStageName": "x",
                "dndSettings": {"Fax": {"status": "active"}, "SMS": {"status": "maybe"}}, "customFields": [{"field_value": 1}]}),
    );
    assert_eq!(
        (r.status, r.body),
        (
            422,
            unprocessable(&[
                "property pipelineStageName should not exist",
                "locationId should not be empty",
                "locationId must be a string",
                "firstName must be a string",
                "email must be an email",
                "dnd must be a boolean value",
                "property dndSettings.Fax should not exist",
                "dndSettings.SMS.status must be one of the following values: active, inactive, permanent",
                "each value in tags must be a string",
                "customFields.0.id should not be empty",
            ])
        )
    );
    let id = lc.create_contact(json!({"firstName": "Kept"}));
    let r = lc.put(&format!("/contacts/{id}"), &json!({"locationId": lc.location(), "phone": "call me"}));
    assert_eq!((r.status, r.body), (422, unprocessable(&["property locationId should not exist"])));
    let r = lc.put(&format!("/contacts/{id}"), &json!({"phone": "call me"}));
    assert_eq!((r.status, r.body), (422, unprocessable(&["phone must be a valid phone number"])));
    let r = lc.get(&format!("/contacts/{id}/notes?locationId={}", lc.location()));
    assert_eq!((r.status, r.body), (422, unprocessable(&["property locationId should not exist"])));
    assert_eq!(lc.get(&format!("/contacts/{id}")).body["contact"]["firstName"], json!("Kept"));
}

#[test]
fn a_token_of_another_location_is_a_403() {
    let lc = Lc::of(&TestTenant::new());
    let other = Lc::of(&TestTenant::new());
    let r = lc.post("/contacts/", &json!({"locationId": other.location(), "firstName": "x"}));
    assert_eq!((r.status, r.body), (403, nest(403, "The token does not have access to this location.")));
    let r = lc.post("/contacts/upsert", &json!({"locationId": other.location(), "email": "x@example.com"}));
    assert_eq!(r.status, 403);
}

#[test]
fn hostile_input_is_answered_4xx_in_the_nestjs_shape() {
    let lc = Lc::of(&TestTenant::new());
    let bearer = format!("Bearer {}", lc.token);
    let headers = [("Authorization", bearer.as_str()), ("Version", "2021-07-28")];
    let url = format!("{}/contacts/", lc.base);
    let r = send("POST", &url, &headers, Some(b"{\"locationId\": "));
    assert_eq!((r.status, r.body), (400, nest(400, "Unexpected token in JSON at line 1 column 15")));
    let r = send("POST", &url, &headers, Some(b"[1, 2]"));
    assert_eq!((r.status, r.body), (400, nest(400, "The request body must be a JSON object")));
    let r = send("POST", &url, &headers, Some(b""));
    assert_eq!((r.status, r.body), (422, unprocessable(&["locationId should not be empty", "locationId must be a string"])));
    let deep = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
    let r = send("POST", &url, &headers, Some(deep.as_bytes()));
    assert_eq!((r.status, r.body), (400, nest(400, "Unexpected token in JSON at line 1 column 128")));
    let huge = json!({"locationId": lc.location(), "firstName": "x".repeat(2 * 1024 * 1024)}).to_string();
    let r = send("POST", &url, &headers, Some(huge.as_bytes()));
    assert_eq!((r.status, r.body), (400, nest(400, "request entity too large")));
    let quote = "/contacts/%27%20OR%201%3D1--";
    let r = lc.get(quote);
    assert_eq!((r.status, r.body), (400, nest(400, "Contact with id ' OR 1=1-- not found")));
    let r = lc.send("PATCH", "/contacts/abc", None);
    assert_eq!(
        (r.status, r.body),
        (404, json!({"statusCode": 404, "message": "Cannot PATCH /leadconnector/contacts/abc", "error": "Not Found"}))
    );
}

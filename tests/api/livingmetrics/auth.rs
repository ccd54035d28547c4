use serde_json::json;

use crate::helpers::{TestTenant, lm_error, send};

#[test]
fn a_request_without_a_key_is_401_with_the_error_body() {
    let tenant = TestTenant::new();
    let r = tenant.livingmetrics().get_anonymous("/v1/contacts");
    assert_eq!(r.status, 401);
    assert_eq!(r.body, lm_error(401, "Missing API key: send it in the X-Api-Key header or the api-key parameter"));
}

#[test]
fn the_key_works_in_either_header_spelling_and_as_a_parameter() {
    let tenant = TestTenant::new();
    let lm = tenant.livingmetrics();
    for header in ["X-Api-Key", "X-Api_Key"] {
        let r = send("GET", &format!("{}/v1/contacts", lm.base), &[(header, &lm.key)], None);
        assert_eq!(r.status, 200, "{header}: {}", r.text);
    }
    assert_eq!(lm.get_anonymous(&format!("/v1/contacts?api-key={}", lm.key)).status, 200);
    let wrong = send("GET", &format!("{}/v1/contacts", lm.base), &[("X-Api-Key", "nope")], None);
    assert_eq!((wrong.status, wrong.body), (401, lm_error(401, "Invalid API key")));
}

/// One arranged product, and the page that lists it.
fn one_product(tenant: &TestTenant) -> serde_json::Value {
    tenant.arrange("livingmetrics", "products", json!([{"id": 7, "name": "Plot 7", "created_at": "2024-05-01T00:00:00Z"}]));
    let product = json!({"id": 7, "name": "Plot 7", "status_id": null, "price": null,
                         "created_at": "2024-05-01T00:00:00Z", "updated_at": "2024-05-01T00:00:00Z"});
    json!({"data": [product], "page": 0, "limit": 100, "total": 1})
}

#[test]
fn an_empty_key_header_counts_as_absent_so_the_api_key_parameter_authenticates() {
    // Arrange
    let tenant = TestTenant::new();
    let page = one_product(&tenant);
    let lm = tenant.livingmetrics();
    let with_param = format!("{}/v1/products?api-key={}", lm.base, lm.key);

    for empty in ["", "   "] {
        // Act
        let dash = send("GET", &with_param, &[("X-Api-Key", empty)], None);
        let underscore = send("GET", &with_param, &[("X-Api_Key", empty)], None);

        // Assert
        assert_eq!((dash.status, &dash.body), (200, &page), "X-Api-Key: {empty:?}");
        assert_eq!((underscore.status, &underscore.body), (200, &page), "X-Api_Key: {empty:?}");
    }
}

#[test]
fn an_empty_key_header_gives_way_to_the_other_header_spelling() {
    let tenant = TestTenant::new();
    let page = one_product(&tenant);
    let lm = tenant.livingmetrics();

    let r = send("GET", &format!("{}/v1/products", lm.base), &[("X-Api-Key", ""), ("X-Api_Key", &lm.key)], None);

    assert_eq!((r.status, r.body), (200, page));
}

#[test]
fn an_empty_key_header_with_no_other_key_is_a_missing_key() {
    let tenant = TestTenant::new();
    let lm = tenant.livingmetrics();
    let missing = lm_error(401, "Missing API key: send it in the X-Api-Key header or the api-key parameter");

    let header_only = send("GET", &format!("{}/v1/products", lm.base), &[("X-Api-Key", "")], None);
    let empty_param = send("GET", &format!("{}/v1/products?api-key=", lm.base), &[("X-Api-Key", " ")], None);

    assert_eq!((header_only.status, &header_only.body), (401, &missing));
    assert_eq!((empty_param.status, &empty_param.body), (401, &missing));
}

#[test]
fn a_non_empty_header_key_is_used_even_when_the_parameter_holds_another() {
    let tenant = TestTenant::new();
    let lm = tenant.livingmetrics();

    let wrong_header = send("GET", &format!("{}/v1/products?api-key={}", lm.base, lm.key), &[("X-Api-Key", "nope")], None);

    assert_eq!((wrong_header.status, wrong_header.body), (401, lm_error(401, "Invalid API key")));
}

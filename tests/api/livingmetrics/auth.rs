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

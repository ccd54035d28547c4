//! The README's example of crm-mock embedded in a Rust test, as the README shows it.

#[test]
fn a_test_with_its_own_server_and_tenant() {
    let server = crm_mock::spawn(crm_mock::Config { port: 0, ..Default::default() }).expect("the server starts");
    let base = server.base_url();

    // A tenant of its own, with one LivingMetrics contact.
    let tenant: serde_json::Value =
        ureq::post(format!("{base}/__admin/tenants")).send_json(serde_json::json!({})).unwrap().body_mut().read_json().unwrap();
    let (id, key) = (tenant["id"].as_str().unwrap(), tenant["credentials"]["livingmetrics"]["api_key"].as_str().unwrap());
    ureq::post(format!("{base}/__admin/tenants/{id}/livingmetrics/contacts"))
        .send_json(serde_json::json!([{"first_name": "Ann"}]))
        .unwrap();

    // The code under test would call this with `base` as the vendor's address.
    let page: serde_json::Value = ureq::get(format!("{base}/livingmetrics/v1/contacts"))
        .header("X-Api-Key", key)
        .call()
        .unwrap()
        .body_mut()
        .read_json()
        .unwrap();
    assert_eq!(page["data"][0]["first_name"], "Ann");

    server.stop();
}

//! Organizations, static contact lists and products (histories in `records/histories.rs`).

mod histories;

use serde_json::{Value, json};

use crate::helpers::{TestTenant, lm_error};

/// Four organizations with tags 5 Partner, 6 Prospect and 7 VIP. Created: 1 in January, 2 in
/// February, 3 and 4 on the same day in March.
fn organizations() -> TestTenant {
    let tenant = TestTenant::new();
    tenant.arrange(
        "livingmetrics",
        "organizations",
        json!([
            {"id": 1, "name": "Acme Ltd", "domain": "acme.example", "phone": "+44 161 496 0000",
             "tags": [{"id": 5, "name": "Partner"}, {"id": 6, "name": "Prospect"}],
             "created_at": "2024-01-01T00:00:00Z", "updated_at": "2024-03-01T00:00:00Z", "last_activity_at": "2024-02-01T00:00:00Z"},
            {"id": 2, "name": "Beta Corp", "domain": "beta.example", "phone": "0161 555 0100",
             "tags": [{"id": 6, "name": "Prospect"}],
             "created_at": "2024-02-01T00:00:00Z", "updated_at": "2024-02-15T00:00:00Z", "last_activity_at": "2024-04-01T00:00:00Z"},
            {"id": 3, "name": "Gamma GmbH", "created_at": "2024-03-01T00:00:00Z", "updated_at": "2024-03-02T00:00:00Z"},
            {"id": 4, "name": "delta", "tags": [{"id": 7, "name": "VIP"}],
             "created_at": "2024-03-01T00:00:00Z", "updated_at": "2024-03-05T00:00:00Z", "last_activity_at": "2024-03-10T00:00:00Z"}
        ]),
    );
    tenant
}

fn organization(id: i64) -> Value {
    match id {
        1 => json!({"id": 1, "name": "Acme Ltd", "domain": "acme.example", "phone": "+44 161 496 0000",
            "tags": [{"id": 5, "name": "Partner"}, {"id": 6, "name": "Prospect"}], "created_at": "2024-01-01T00:00:00Z",
            "updated_at": "2024-03-01T00:00:00Z", "last_activity_at": "2024-02-01T00:00:00Z"}),
        2 => json!({"id": 2, "name": "Beta Corp", "domain": "beta.example", "phone": "0161 555 0100",
            "tags": [{"id": 6, "name": "Prospect"}], "created_at": "2024-02-01T00:00:00Z",
            "updated_at": "2024-02-15T00:00:00Z", "last_activity_at": "2024-04-01T00:00:00Z"}),
        3 => json!({"id": 3, "name": "Gamma GmbH", "domain": null, "phone": null, "tags": [],
            "created_at": "2024-03-01T00:00:00Z", "updated_at": "2024-03-02T00:00:00Z", "last_activity_at": null}),
        4 => json!({"id": 4, "name": "delta", "domain": null, "phone": null, "tags": [{"id": 7, "name": "VIP"}],
            "created_at": "2024-03-01T00:00:00Z", "updated_at": "2024-03-05T00:00:00Z", "last_activity_at": "2024-03-10T00:00:00Z"}),
        _ => unreachable!("no organization {id}"),
    }
}

/// A list body of `record(id)` for `ids`, in order, on page 0 of `limit`.
fn page_of(record: fn(i64) -> Value, ids: &[i64], limit: i64) -> Value {
    json!({"data": ids.iter().map(|id| record(*id)).collect::<Vec<_>>(), "page": 0, "limit": limit, "total": ids.len()})
}

fn orgs(ids: &[i64]) -> Value {
    page_of(organization, ids, 100)
}

#[test]
fn organizations_come_newest_created_first_by_default() {
    let tenant = organizations();
    let lm = tenant.livingmetrics();
    for path in ["/v1/organizations", "/v1/organizations?page=0&limit=100&order=desc&order_by=created_at"] {
        let r = lm.get(path);
        assert_eq!((r.status, &r.body), (200, &orgs(&[4, 3, 2, 1])), "{path}");
    }
    let r = lm.get("/v1/organizations?order=asc");
    assert_eq!((r.status, r.body), (200, orgs(&[1, 2, 3, 4])));
}

#[test]
fn organizations_order_by_updated_at_or_last_activity() {
    let tenant = organizations();
    let lm = tenant.livingmetrics();
    for (query, ids) in [
        ("order_by=updated_at", [4, 3, 1, 2]),
        ("order_by=updated_at&order=asc", [2, 1, 3, 4]),
        // Never active sorts as the oldest activity.
        ("order_by=last_activity", [2, 4, 1, 3]),
        ("order_by=last_activity&order=asc", [3, 1, 4, 2]),
    ] {
        let r = lm.get(&format!("/v1/organizations?{query}"));
        assert_eq!((r.status, &r.body), (200, &orgs(&ids)), "{query}");
    }
    let r = lm.get("/v1/organizations?order_by=name");
    assert_eq!(
        (r.status, r.body),
        (400, lm_error(400, "Invalid value 'name' for parameter 'order_by': expected last_activity, updated_at or created_at"))
    );
    let r = lm.get("/v1/organizations?order=random");
    assert_eq!((r.status, r.body), (400, lm_error(400, "Invalid value 'random' for parameter 'order': expected asc or desc")));
}

#[test]
fn organizations_filter_by_any_of_the_tag_ids() {
    let tenant = organizations();
    let lm = tenant.livingmetrics();
    for (query, ids) in [("tags=5", vec![1]), ("tags=6", vec![2, 1]), ("tags=5,7", vec![4, 1]), ("tags=999", vec![])] {
        let r = lm.get(&format!("/v1/organizations?{query}"));
        assert_eq!((r.status, &r.body), (200, &orgs(&ids)), "{query}");
    }
    let r = lm.get("/v1/organizations?tags=Partner");
    assert_eq!(
        (r.status, r.body),
        (
            400,
            lm_error(
                400,
                "Invalid value 'Partner' for parameter 'tags': expected a comma-separated list of positive integer ids"
            )
        )
    );
}

#[test]
fn organizations_filter_by_one_tag_name_in_any_case() {
    let tenant = organizations();
    let lm = tenant.livingmetrics();
    for (query, ids) in
        [("tag=Prospect", vec![2, 1]), ("tag=PARTNER", vec![1]), ("tag=vip", vec![4]), ("tag=Partner,VIP", vec![])]
    {
        let r = lm.get(&format!("/v1/organizations?{query}"));
        assert_eq!((r.status, &r.body), (200, &orgs(&ids)), "{query}");
    }
    let r = lm.get("/v1/organizations?tag=prospect&tags=5");
    assert_eq!((r.status, r.body), (200, orgs(&[1])));
}

#[test]
fn organizations_search_name_domain_and_phone() {
    let tenant = organizations();
    let lm = tenant.livingmetrics();
    for (term, ids) in [
        ("ACME", vec![1]),
        ("beta.example", vec![2]),
        ("496%200000", vec![1]),
        ("gmbh", vec![3]),
        ("ta", vec![4, 2]),
        ("%25", vec![]),
        ("nothing", vec![]),
    ] {
        let r = lm.get(&format!("/v1/organizations?search_term={term}"));
        assert_eq!((r.status, &r.body), (200, &orgs(&ids)), "{term}");
    }
    let r = lm.get("/v1/organizations?search_term=ta&tag=vip&order=asc");
    assert_eq!((r.status, r.body), (200, orgs(&[4])));
}

#[test]
fn another_tenants_organizations_are_invisible() {
    let _owner = organizations();
    let other = TestTenant::new();
    let r = other.livingmetrics().get("/v1/organizations?tags=5");
    assert_eq!((r.status, r.body), (200, orgs(&[])));
}

/// Lists 1 (PowerDialer), 2, a hidden list 3, a dynamic list 4, and lists 5 to 16 created on
/// 5 to 16 February: 14 listed.
fn contact_lists() -> TestTenant {
    let tenant = TestTenant::new();
    let mut lists = vec![
        json!({"id": 1, "name": "Call today", "tags": ["PowerDialer"], "created_at": "2024-01-01T00:00:00Z", "updated_at": "2024-03-01T00:00:00Z"}),
        json!({"id": 2, "name": "Newsletter", "tags": ["Marketing"], "created_at": "2024-01-02T00:00:00Z", "updated_at": "2024-01-05T00:00:00Z"}),
        json!({"id": 3, "name": "Hidden", "tags": ["PowerDialer"], "visible_to_sales": false, "created_at": "2024-01-03T00:00:00Z"}),
        json!({"id": 4, "name": "Smart list", "tags": ["PowerDialer"], "static": false, "created_at": "2024-01-04T00:00:00Z"}),
    ];
    lists.extend(
        (5..=16).map(|i| json!({"id": i, "name": format!("List {i}"), "created_at": format!("2024-02-{i:02}T00:00:00Z")})),
    );
    tenant.arrange("livingmetrics", "contact_lists", Value::Array(lists));
    tenant
}

fn contact_list(id: i64) -> Value {
    match id {
        1 => {
            json!({"id": 1, "name": "Call today", "tags": ["PowerDialer"], "created_at": "2024-01-01T00:00:00Z", "updated_at": "2024-03-01T00:00:00Z"})
        }
        2 => {
            json!({"id": 2, "name": "Newsletter", "tags": ["Marketing"], "created_at": "2024-01-02T00:00:00Z", "updated_at": "2024-01-05T00:00:00Z"})
        }
        5..=16 => {
            let at = format!("2024-02-{id:02}T00:00:00Z");
            json!({"id": id, "name": format!("List {id}"), "tags": [], "created_at": at, "updated_at": at})
        }
        _ => unreachable!("list {id} is never listed"),
    }
}

fn lists_page(ids: &[i64], page: i64, limit: i64, total: i64) -> Value {
    json!({"data": ids.iter().map(|id| contact_list(*id)).collect::<Vec<_>>(), "page": page, "limit": limit, "total": total})
}

#[test]
fn contact_lists_show_ten_static_sales_lists_newest_first() {
    let tenant = contact_lists();
    let lm = tenant.livingmetrics();
    // The document's own example sends empty tag, order and order_by.
    for path in ["/v1/contact_lists", "/v1/contact_lists?page=0&limit=10&tag=&order=&order_by="] {
        let r = lm.get(path);
        assert_eq!((r.status, &r.body), (200, &lists_page(&[16, 15, 14, 13, 12, 11, 10, 9, 8, 7], 0, 10, 14)), "{path}");
    }
    let r = lm.get("/v1/contact_lists?page=1");
    assert_eq!((r.status, r.body), (200, lists_page(&[6, 5, 2, 1], 1, 10, 14)));
}

#[test]
fn contact_lists_never_show_hidden_or_dynamic_lists() {
    let tenant = contact_lists();
    let r = tenant.livingmetrics().get("/v1/contact_lists?limit=100&order=asc");
    assert_eq!((r.status, r.body), (200, lists_page(&[1, 2, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16], 0, 100, 14)));
}

#[test]
fn contact_lists_filter_by_the_powerdialer_tag() {
    let tenant = contact_lists();
    let lm = tenant.livingmetrics();
    for tag in ["PowerDialer", "powerdialer"] {
        let r = lm.get(&format!("/v1/contact_lists?tag={tag}"));
        assert_eq!((r.status, &r.body), (200, &lists_page(&[1], 0, 10, 1)), "{tag}");
    }
    let r = lm.get("/v1/contact_lists?tag=Marketing");
    assert_eq!((r.status, r.body), (200, lists_page(&[2], 0, 10, 1)));
}

#[test]
fn contact_lists_order_by_created_or_updated() {
    let tenant = contact_lists();
    let lm = tenant.livingmetrics();
    let r = lm.get("/v1/contact_lists?order_by=updated&limit=3");
    assert_eq!((r.status, r.body), (200, lists_page(&[1, 16, 15], 0, 3, 14)));
    let r = lm.get("/v1/contact_lists?order_by=updated&order=asc&limit=3");
    assert_eq!((r.status, r.body), (200, lists_page(&[2, 5, 6], 0, 3, 14)));
    let r = lm.get("/v1/contact_lists?order_by=created&order=asc&limit=3");
    assert_eq!((r.status, r.body), (200, lists_page(&[1, 2, 5], 0, 3, 14)));
    let r = lm.get("/v1/contact_lists?order_by=created_at");
    assert_eq!(
        (r.status, r.body),
        (400, lm_error(400, "Invalid value 'created_at' for parameter 'order_by': expected created or updated"))
    );
}

#[test]
fn another_tenants_contact_lists_are_invisible() {
    let _owner = contact_lists();
    let r = TestTenant::new().livingmetrics().get("/v1/contact_lists");
    assert_eq!((r.status, r.body), (200, lists_page(&[], 0, 10, 0)));
}

/// Products 1 (January), 3 (February), 2 and 4 (the same instant in March).
fn products() -> TestTenant {
    let tenant = TestTenant::new();
    tenant.arrange(
        "livingmetrics",
        "products",
        json!([
            {"id": 1, "name": "Flat 1", "status_id": 1, "price": 250000.0, "created_at": "2024-01-01T00:00:00Z"},
            {"id": 2, "name": "Flat 2", "status_id": 2, "created_at": "2024-03-01T00:00:00Z", "updated_at": "2024-03-04T00:00:00Z"},
            {"id": 3, "name": "House", "price": 99.5, "created_at": "2024-02-01T00:00:00Z"},
            {"id": 4, "name": "Garage", "status_id": 5, "price": 15000, "created_at": "2024-03-01T00:00:00Z"}
        ]),
    );
    tenant
}

fn product(id: i64) -> Value {
    match id {
        1 => {
            json!({"id": 1, "name": "Flat 1", "status_id": 1, "price": 250000.0, "created_at": "2024-01-01T00:00:00Z", "updated_at": "2024-01-01T00:00:00Z"})
        }
        2 => {
            json!({"id": 2, "name": "Flat 2", "status_id": 2, "price": null, "created_at": "2024-03-01T00:00:00Z", "updated_at": "2024-03-04T00:00:00Z"})
        }
        3 => {
            json!({"id": 3, "name": "House", "status_id": null, "price": 99.5, "created_at": "2024-02-01T00:00:00Z", "updated_at": "2024-02-01T00:00:00Z"})
        }
        4 => {
            json!({"id": 4, "name": "Garage", "status_id": 5, "price": 15000.0, "created_at": "2024-03-01T00:00:00Z", "updated_at": "2024-03-01T00:00:00Z"})
        }
        _ => unreachable!("no product {id}"),
    }
}

#[test]
fn products_come_newest_first_and_page() {
    let tenant = products();
    let lm = tenant.livingmetrics();
    for path in ["/v1/products", "/v1/products?limit=100&page=0"] {
        let r = lm.get(path);
        assert_eq!((r.status, &r.body), (200, &page_of(product, &[4, 2, 3, 1], 100)), "{path}");
    }
    let r = lm.get("/v1/products?limit=2&page=1");
    assert_eq!((r.status, r.body), (200, json!({"data": [product(3), product(1)], "page": 1, "limit": 2, "total": 4})));
    let r = lm.get("/v1/products?order=asc");
    assert_eq!((r.status, r.body), (400, lm_error(400, "Unknown query parameter 'order' (accepted: limit, page)")));
}

#[test]
fn get_product_by_id_answers_the_product_or_404_or_400() {
    let tenant = products();
    let lm = tenant.livingmetrics();
    for id in 1..=4 {
        let r = lm.get(&format!("/v1/products/{id}"));
        assert_eq!((r.status, r.body), (200, json!({"data": product(id)})), "product {id}");
    }
    let r = lm.get("/v1/products/12345");
    assert_eq!((r.status, r.body), (404, lm_error(404, "Product 12345 not found")));
    let r = lm.get("/v1/products/abc");
    assert_eq!((r.status, r.body), (400, lm_error(400, "Invalid product id 'abc': expected a positive integer")));
    let r = lm.get("/v1/products/1?include=all");
    assert_eq!((r.status, r.body), (400, lm_error(400, "Unknown query parameter 'include' (accepted: none)")));
}

#[test]
fn another_tenants_products_are_invisible() {
    let _owner = products();
    let lm = TestTenant::new().livingmetrics();
    let r = lm.get("/v1/products/1");
    assert_eq!((r.status, r.body), (404, lm_error(404, "Product 1 not found")));
    let r = lm.get("/v1/products");
    assert_eq!((r.status, r.body), (200, page_of(product, &[], 100)));
}

const PRODUCT_STATUSES: &[&str] = &["Available", "Reserved", "Exchanged", "Completed", "Withdrawn"];

#[test]
fn product_statuses_are_the_defaults_then_the_arranged_ones() {
    let tenant = TestTenant::new();
    let lm = tenant.livingmetrics();
    let defaults: Vec<Value> = PRODUCT_STATUSES.iter().enumerate().map(|(i, name)| json!({"id": i + 1, "name": name})).collect();
    let r = lm.get("/v1/products/statuses");
    assert_eq!((r.status, r.body), (200, json!({"data": defaults, "page": 0, "limit": 100, "total": 5})));
    tenant.arrange("livingmetrics", "product_statuses", json!([{"name": "Let Agreed"}]));
    let mut all = defaults;
    all.push(json!({"id": 6, "name": "Let Agreed"}));
    let r = lm.get("/v1/products/statuses");
    assert_eq!((r.status, r.body), (200, json!({"data": all, "page": 0, "limit": 100, "total": 6})));
    let r = TestTenant::new().livingmetrics().get("/v1/products/statuses");
    assert_eq!(r.body["total"], json!(5), "another account keeps its own defaults");
}

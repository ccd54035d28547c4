//! `GET /contacts/` (newest first, `limit` default 20 at most 100, the `startAfter` +
//! `startAfterId` cursor, `query`, `{contacts, count, meta}`) and `GET /contacts/business/:id`.

use serde_json::{Value, json};

use super::{Lc, nest, unprocessable};
use crate::helpers::TestTenant;

/// 45 contacts added a minute apart from 2024-01-01, `c0`…`c44` (`c44` the newest).
fn arranged() -> (TestTenant, Vec<String>) {
    let tenant = TestTenant::new();
    let records: Vec<Value> = (0..45)
        .map(|i| {
            json!({"firstName": format!("c{i}"), "email": format!("c{i}@example.com"),
                   "dateAdded": format!("2024-01-01T00:{i:02}:00.000Z"), "tags": if i % 10 == 0 { json!(["tenth"]) } else { json!([]) }})
        })
        .collect();
    let ids = tenant.arrange("leadconnector", "contacts", json!(records));
    (tenant, ids.iter().map(|v| v.as_str().unwrap().to_owned()).collect())
}

fn names(body: &Value) -> Vec<String> {
    body["contacts"].as_array().unwrap().iter().map(|c| c["firstName"].as_str().unwrap().to_owned()).collect()
}

#[test]
fn the_list_pages_newest_first_by_cursor_to_the_end() {
    let (tenant, ids) = arranged();
    let lc = Lc::of(&tenant);
    let location = lc.location();
    let r = lc.get(&format!("/contacts/?locationId={location}"));
    assert_eq!(r.status, 200, "{}", r.text);
    let expected: Vec<String> = (25..45).rev().map(|i| format!("c{i}")).collect();
    assert_eq!(names(&r.body), expected);
    assert_eq!(r.body["count"], json!(45));
    let after = 1_704_067_200_000_i64 + 25 * 60_000;
    let next = format!("{}/contacts/?locationId={location}&startAfter={after}&startAfterId={}", lc.base, ids[25]);
    assert_eq!(
        r.body["meta"],
        json!({"total": 45, "nextPageUrl": next, "startAfterId": ids[25], "startAfter": after, "currentPage": 1, "nextPage": 2, "prevPage": null})
    );

    let r = lc.get(&format!("/contacts?locationId={location}&limit=20&startAfter={after}&startAfterId={}", ids[25]));
    let expected: Vec<String> = (5..25).rev().map(|i| format!("c{i}")).collect();
    assert_eq!(names(&r.body), expected);
    assert_eq!((r.body["meta"]["currentPage"].clone(), r.body["meta"]["prevPage"].clone()), (json!(2), json!(1)));
    let after = r.body["meta"]["startAfter"].as_i64().unwrap();
    let r = lc.get(&format!("/contacts/?locationId={location}&startAfter={after}&startAfterId={}", ids[5]));
    assert_eq!(names(&r.body), ["c4", "c3", "c2", "c1", "c0"]);
    let last = 1_704_067_200_000_i64;
    assert_eq!(
        r.body["meta"],
        json!({"total": 45, "nextPageUrl": null, "startAfterId": ids[0], "startAfter": last, "currentPage": 3, "nextPage": null, "prevPage": 2})
    );
    let r = lc.get(&format!("/contacts/?locationId={location}&startAfterId={}", ids[0]));
    assert_eq!((r.body["contacts"].clone(), r.body["count"].clone()), (json!([]), json!(45)));
}

#[test]
fn query_matches_names_emails_and_tags_and_limit_is_checked() {
    let (tenant, _) = arranged();
    let lc = Lc::of(&tenant);
    let location = lc.location();
    let r = lc.get(&format!("/contacts/?locationId={location}&query=TENTH&limit=3"));
    assert_eq!((names(&r.body), r.body["count"].clone()), (vec!["c40".to_owned(), "c30".into(), "c20".into()], json!(5)));
    let r = lc.get(&format!("/contacts/?locationId={location}&query=c4@"));
    assert_eq!(names(&r.body), ["c4"]);
    let r = lc.get(&format!("/contacts/?locationId={location}&query=50%25"));
    assert_eq!(r.body["contacts"], json!([]));
    for (query, message) in [
        ("limit=101", "limit must not be greater than 100"),
        ("limit=0", "limit must not be less than 1"),
        ("limit=ten", "limit must be a number conforming to the specified constraints"),
        ("startAfter=x", "startAfter must be a number conforming to the specified constraints"),
        ("sort=asc", "property sort should not exist"),
    ] {
        let r = lc.get(&format!("/contacts/?locationId={location}&{query}"));
        assert_eq!((r.status, r.body), (422, unprocessable(&[message])), "{query}");
    }
    let r = lc.get("/contacts/");
    assert_eq!((r.status, r.body), (422, unprocessable(&["locationId should not be empty", "locationId must be a string"])));
    let r = lc.get("/contacts/?locationId=SomeoneElsesLocation");
    assert_eq!((r.status, r.body), (403, nest(403, "The token does not have access to this location.")));
}

#[test]
fn contacts_of_a_business_are_paged_by_skip_and_limit() {
    let tenant = TestTenant::new();
    let business = tenant.arrange("leadconnector", "businesses", json!([{"id": "641c094001436dbc2081e642", "name": "Acme"}]));
    assert_eq!(business, [json!("641c094001436dbc2081e642")]);
    tenant.arrange(
        "leadconnector",
        "contacts",
        json!([
            {"firstName": "a", "businessId": "641c094001436dbc2081e642", "dateAdded": "2024-01-01T00:00:00Z"},
            {"firstName": "b", "businessId": "641c094001436dbc2081e642", "dateAdded": "2024-01-02T00:00:00Z"},
            {"firstName": "c", "dateAdded": "2024-01-03T00:00:00Z"},
        ]),
    );
    let lc = Lc::of(&tenant);
    let location = lc.location();
    let r = lc.get(&format!("/contacts/business/641c094001436dbc2081e642?locationId={location}&skip=1&limit=5"));
    assert_eq!((r.status, names(&r.body), r.body["count"].clone()), (200, vec!["a".to_owned()], json!(2)), "{}", r.text);
    assert_eq!(r.body["contacts"][0]["businessId"], json!("641c094001436dbc2081e642"));
    assert_eq!(
        (r.body["contacts"][0]["attributions"].clone(), r.body["contacts"][0]["followers"].clone()),
        (json!([]), json!([]))
    );
    let r = lc.get(&format!("/contacts/business/nobody?locationId={location}"));
    assert_eq!((r.status, r.body), (200, json!({"contacts": [], "count": 0})));
}

//! Search Contacts (`POST /contacts/search`): filters and groups, the query, sort, `page` and
//! `searchAfter` paging to the end, and the 422s.

use serde_json::{Value, json};

use super::{Lc, nest, unprocessable};
use crate::helpers::TestTenant;

/// Twelve contacts added a day apart from 2024-01-01 (`s0`…`s11`), every third a VIP in Oslo.
fn arranged() -> (Lc, Vec<String>) {
    let tenant = TestTenant::new();
    let records: Vec<Value> = (0..12)
        .map(|i| {
            let vip = i % 3 == 0;
            json!({"firstName": format!("s{i}"), "lastName": format!("{}", (b'a' + (11 - i) as u8) as char),
                   "city": if vip { "Oslo" } else { "Bergen" }, "tags": if vip { json!(["VIP"]) } else { json!([]) },
                   "dnd": i == 4, "dateAdded": format!("2024-01-{:02}T00:00:00.000Z", i + 1)})
        })
        .collect();
    let ids = tenant.arrange("leadconnector", "contacts", json!(records));
    (Lc::of(&tenant), ids.iter().map(|v| v.as_str().unwrap().to_owned()).collect())
}

fn names(body: &Value) -> Vec<String> {
    body["contacts"].as_array().unwrap().iter().map(|c| c["firstName"].as_str().unwrap().to_owned()).collect()
}

#[test]
fn filters_groups_and_the_query_select_contacts_newest_first() {
    let (lc, ids) = arranged();
    let location = lc.location();
    let search = |extra: Value| {
        let mut body = json!({"locationId": location, "pageLimit": 20});
        for (k, v) in extra.as_object().unwrap() {
            body[k] = v.clone();
        }
        lc.post("/contacts/search", &body)
    };
    let r = search(json!({"filters": [{"field": "tags", "operator": "eq", "value": "vip"}]}));
    assert_eq!(
        (r.status, names(&r.body), r.body["total"].clone()),
        (200, vec!["s9".to_owned(), "s6".into(), "s3".into(), "s0".into()], json!(4)),
        "{}",
        r.text
    );
    let first = &r.body["contacts"][0];
    assert_eq!(first["searchAfter"], json!([1_704_067_200_000_i64 + 9 * 86_400_000, ids[9]]));
    assert_eq!(
        (first["id"].clone(), first["city"].clone(), first["tags"].clone()),
        (json!(ids[9]), json!("Oslo"), json!(["VIP"]))
    );

    let r = search(json!({"filters": [
        {"group": "OR", "filters": [{"field": "dnd", "operator": "eq", "value": true}, {"field": "firstName", "operator": "eq", "value": "S1"}]},
        {"field": "dateAdded", "operator": "range", "value": {"gte": "2024-01-02T00:00:00Z"}},
    ]}));
    assert_eq!(names(&r.body), ["s4", "s1"]);
    let r = search(json!({"query": "s1", "sort": [{"field": "lastName", "direction": "asc"}]}));
    assert_eq!(names(&r.body), ["s11", "s10", "s1"]);
    let r = search(json!({"filters": [{"field": "city", "operator": "not_eq", "value": "oslo"}], "pageLimit": 3, "page": 2}));
    assert_eq!((names(&r.body), r.body["total"].clone()), (vec!["s7".to_owned(), "s5".into(), "s4".into()], json!(8)));
}

#[test]
fn search_after_pages_to_the_end() {
    let (lc, _) = arranged();
    let mut body = json!({"locationId": lc.location(), "pageLimit": 5});
    let mut seen = Vec::new();
    loop {
        let r = lc.post("/contacts/search", &body);
        assert_eq!(r.status, 200, "{}", r.text);
        let page = names(&r.body);
        if page.is_empty() {
            break;
        }
        seen.extend(page);
        body["searchAfter"] = r.body["contacts"].as_array().unwrap().last().unwrap()["searchAfter"].clone();
    }
    let expected: Vec<String> = (0..12).rev().map(|i| format!("s{i}")).collect();
    assert_eq!(seen, expected);
}

#[test]
fn a_search_body_is_checked() {
    let lc = Lc::of(&TestTenant::new());
    let r = lc.post("/contacts/search", &json!({"locationId": lc.location()}));
    assert_eq!((r.status, r.body), (422, unprocessable(&["pageLimit should not be empty"])));
    let r = lc.post(
        "/contacts/search",
        &json!({"locationId": lc.location(), "pageLimit": 10, "filters": [{"field": "score", "operator": "eq", "value": 1}]}),
    );
    let fields = "id, firstName, lastName, email, phone, companyName, address1, city, state, country, postalCode, source, type, \
                  timezone, website, assignedTo, businessId, dateOfBirth, dnd, tags, dateAdded, dateUpdated";
    let message = format!("filters.0.field must be one of the following values: {fields}");
    assert_eq!((r.status, r.body), (422, unprocessable(&[&message])));
    let r = lc.post("/contacts/search", &json!({"locationId": "elsewhere", "pageLimit": 10}));
    assert_eq!((r.status, r.body), (403, nest(403, "The token does not have access to this location.")));
    let r = lc.post("/contacts/search", &json!({"locationId": lc.location(), "pageLimit": 10}));
    assert_eq!((r.status, r.body), (200, json!({"contacts": [], "total": 0})));
}

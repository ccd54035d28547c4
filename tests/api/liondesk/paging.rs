//! Feathers' page object on `GET /contacts`: `{"total", "limit", "skip", "data"}`, `total`
//! counting every match before `$skip` and `$limit`; `$limit` 10 by default and clamped to 50
//! (reported clamped); `$limit=0` only the total; `$limit`/`$skip` read by `parseInt` and made
//! positive. A server with `paginate: {default: 1, max: 2}` answers adapter-tests' paginated
//! find cases exactly.

use std::collections::BTreeSet;

use crm_mock::Config;
use serde_json::{Value, json};

use super::operators::{arrange_syntax, page};
use crate::helpers::{TestTenant, spawn_with};

const LAST_NAMES: [&str; 3] = ["Adams", "Baker", "Clark"];

/// Contact `id` of `tenant_with`: `Page<id>`, last name by `id % 3`, created on day
/// `1 + id % 28` of January 2020 (so later ids share days with earlier ones).
fn contact(id: i64) -> Value {
    let created = format!("2020-01-{:02}T00:00:00.000Z", 1 + id % 28);
    json!({
        "id": id, "owner_user_id": 1, "assigned_user_id": null, "first_name": format!("Page{id:02}"),
        "last_name": LAST_NAMES[(id % 3) as usize],
        "email": null, "mobile_phone": null, "home_phone": null, "office_phone": null, "fax": null, "company": null,
        "birthday": null, "anniversary": null, "spouse_name": null, "spouse_email": null, "spouse_phone": null,
        "spouse_birthday": null, "tags": null, "hotness_id": null, "source_id": null,
        "created_at": created, "modified_at": created,
        "addresses": [], "hotness": null, "custom_fields": [], "source": null
    })
}

/// A fresh tenant with contacts 1..=n.
fn tenant_with(n: i64) -> TestTenant {
    let tenant = TestTenant::new();
    let records: Vec<Value> = (1..=n)
        .map(|id| {
            let c = contact(id);
            json!({"id": id, "first_name": c["first_name"], "last_name": c["last_name"],
                   "created_at": c["created_at"], "modified_at": c["modified_at"]})
        })
        .collect();
    tenant.arrange("liondesk", "contacts", Value::Array(records));
    tenant
}

fn paged(total: i64, limit: i64, skip: i64, ids: impl IntoIterator<Item = i64>) -> Value {
    json!({"total": total, "limit": limit, "skip": skip, "data": ids.into_iter().map(contact).collect::<Vec<_>>()})
}

fn assert_page(tenant: &TestTenant, query: &str, expected: Value) {
    let r = tenant.liondesk(0).get(&format!("/contacts{query}"));
    assert_eq!((r.status, r.body), (200, expected), "{query}");
}

#[test]
fn a_find_without_limit_answers_ten_records_and_the_total() {
    let tenant = tenant_with(12);
    assert_page(&tenant, "", paged(12, 10, 0, 1..=10));
    assert_page(&tenant, "?$skip=10", paged(12, 10, 10, 11..=12));
}

#[test]
fn limit_is_clamped_to_fifty_and_reported_clamped() {
    let tenant = tenant_with(55);
    assert_page(&tenant, "?$limit=50", paged(55, 50, 0, 1..=50));
    assert_page(&tenant, "?$limit=51", paged(55, 50, 0, 1..=50));
    assert_page(&tenant, "?$limit=1000&$skip=50", paged(55, 50, 50, 51..=55));
    assert_page(&tenant, "?$limit=99999999999999999999999", paged(55, 50, 0, 1..=50));
}

#[test]
fn limit_zero_answers_only_the_total() {
    let tenant = tenant_with(12);
    assert_page(&tenant, "?$limit=0", json!({"total": 12, "limit": 0, "skip": 0, "data": []}));
    assert_page(&tenant, "?$limit=0&$skip=3&last_name=Adams", json!({"total": 4, "limit": 0, "skip": 3, "data": []}));
}

#[test]
fn skip_past_the_end_answers_an_empty_page_with_the_total() {
    let tenant = tenant_with(12);
    assert_page(&tenant, "?$skip=12", paged(12, 10, 12, []));
    assert_page(&tenant, "?$skip=500&$limit=5", paged(12, 5, 500, []));
    assert_page(&tenant, "?$skip=11", paged(12, 10, 11, [12]));
    assert_page(&tenant, "?$skip=99999999999999999999999", paged(12, 10, i64::MAX, []));
}

#[test]
fn negative_limit_and_skip_count_as_their_absolute_value() {
    let tenant = tenant_with(12);
    assert_page(&tenant, "?$limit=-3&$skip=-2", paged(12, 3, 2, 3..=5));
    assert_page(&tenant, "?$limit=-60", paged(12, 50, 0, 1..=12));
}

#[test]
fn limit_and_skip_are_read_as_parse_int_reads_them() {
    let tenant = tenant_with(12);
    assert_page(&tenant, "?$limit=abc&$skip=xyz", paged(12, 10, 0, 1..=10));
    assert_page(&tenant, "?$limit=3abc&$skip=2.9", paged(12, 3, 2, 3..=5));
    assert_page(&tenant, "?$limit=&$skip=", paged(12, 10, 0, 1..=10));
    assert_page(&tenant, "?$limit=2&$limit=5", paged(12, 2, 0, 1..=2));
}

#[test]
fn the_total_counts_only_the_matches() {
    let tenant = tenant_with(12);
    assert_page(&tenant, "?last_name=Adams&$limit=2&$skip=2", paged(4, 2, 2, [9, 12]));
    assert_page(&tenant, "?last_name=Adams&$limit=2&$skip=4", paged(4, 2, 4, []));
}

#[test]
fn pages_cover_every_record_exactly_once() {
    let tenant = tenant_with(23);
    let owner = tenant.liondesk(0);
    for sort in ["", "&$sort[last_name]=1", "&$sort[last_name]=-1&$sort[created_at]=1", "&$sort[created_at]=-1"] {
        let whole = owner.ids(&format!("/contacts?$limit=50{sort}"));
        assert_eq!(whole.iter().copied().collect::<BTreeSet<_>>(), (1..=23).collect(), "{sort}");
        for limit in [1, 4, 7, 10, 22, 23] {
            let mut seen = Vec::new();
            let mut skip = 0;
            while skip < 23 {
                let r = owner.get(&format!("/contacts?$limit={limit}&$skip={skip}{sort}"));
                assert_eq!(
                    (r.status, &r.body["total"], &r.body["limit"], &r.body["skip"]),
                    (200, &json!(23), &json!(limit), &json!(skip))
                );
                seen.extend(r.body["data"].as_array().expect("data").iter().map(|c| c["id"].as_i64().expect("id")));
                skip += limit;
            }
            assert_eq!(seen, whole, "$limit={limit}{sort}");
        }
    }
}

#[test]
fn a_server_paginating_by_one_up_to_two_answers_as_adapter_tests_expect() {
    let app = spawn_with(Config {
        port: 0,
        workers: 2,
        vendor_flags: vec!["--liondesk-default-limit=1".into(), "--liondesk-max-limit=2".into()],
        ..Config::default()
    });
    let tenant = app.new_tenant();
    arrange_syntax(&tenant, false);
    let owner = tenant.liondesk(0);
    for (query, expected) in [
        // `.find + paginate`
        ("$sort[first_name]=-1", page(3, 1, 0, &[2])),
        // `.find + paginate + query`
        ("first_name=Doug", page(1, 1, 0, &[2])),
        // `.find + paginate + $limit + $skip`
        ("$limit=4&$skip=1&$sort[first_name]=-1", page(3, 2, 1, &[1, 3])),
        // `.find + paginate + $limit 0`
        ("$limit=0", page(3, 0, 0, &[])),
        ("", page(3, 1, 0, &[1])),
        ("$limit=2", page(3, 2, 0, &[1, 2])),
        ("$limit=-4&$skip=2", page(3, 2, 2, &[3])),
    ] {
        let r = owner.get(&format!("/contacts?{query}"));
        assert_eq!((r.status, r.body), (200, expected), "{query}");
    }
}

/// Totals are kept between reads until the next commit: while contacts are created, every page
/// that holds all of them counts exactly the contacts it lists, and the totals only grow.
#[test]
fn the_total_is_the_pages_own_while_contacts_are_created() {
    let tenant = TestTenant::new();
    let writer = tenant.liondesk(0);
    let creating = std::thread::spawn(move || {
        for n in 0..40 {
            let r = writer.post("/contacts", &json!({"first_name": format!("Racing{n}")}));
            assert_eq!(r.status, 201, "{}", r.body);
        }
    });
    let reader = tenant.liondesk(0);
    let mut last = 0;
    let mut pages = 0;
    loop {
        let done = creating.is_finished();
        let r = reader.get("/contacts?$limit=50");
        assert_eq!(r.status, 200);
        let total = r.body["total"].as_i64().unwrap();
        assert_eq!(total, r.body["data"].as_array().unwrap().len() as i64, "{}", r.body);
        assert!(total >= last, "the total went back from {last} to {total}");
        (last, pages) = (total, pages + 1);
        if done {
            break;
        }
    }
    creating.join().unwrap();
    assert_eq!((last, reader.get("/contacts?$limit=0").body["total"].clone()), (40, json!(40)), "after {pages} pages");
}

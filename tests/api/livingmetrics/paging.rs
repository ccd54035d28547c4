//! Paging of every list: `page` (zero-based) times `limit` walks every record exactly once,
//! a page past the end is empty with the real total, `limit` above 500 is answered as 500, and
//! a bad `page` or `limit` is a 400 naming it.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use crate::helpers::{LivingMetricsClient, TestTenant, lm_error};

/// Records of each kind in the paged tenant: a prime, so most page sizes leave a short last page.
const N: usize = 23;

/// A tenant with 23 of every listed record (contact 1 holding the tasks), all created at the same
/// instant, so only the id tie-break keeps pages apart.
fn paged() -> TestTenant {
    let tenant = TestTenant::new();
    let at = "2024-05-01T00:00:00Z";
    let many = |f: &dyn Fn(usize) -> Value| Value::Array((1..=N).map(f).collect());
    tenant.arrange("livingmetrics", "contacts", many(&|i| json!({"id": i, "first_name": format!("C{i}"), "created_at": at})));
    tenant.arrange("livingmetrics", "organizations", many(&|i| json!({"id": i, "name": format!("O{i}"), "created_at": at})));
    tenant.arrange("livingmetrics", "contact_lists", many(&|i| json!({"id": i, "name": format!("L{i}"), "created_at": at})));
    tenant.arrange("livingmetrics", "products", many(&|i| json!({"id": i, "name": format!("P{i}"), "created_at": at})));
    tenant.arrange("livingmetrics", "histories", many(&|i| json!({"id": i, "history_type": "SiteVisit", "created_at": at})));
    // Tasks: every third undated, the rest due on one of two days.
    tenant.arrange(
        "livingmetrics",
        "tasks",
        many(&|i| match i % 3 {
            0 => json!({"id": i, "contact_id": 1, "title": format!("T{i}"), "created_at": at}),
            r => json!({"id": i, "contact_id": 1, "title": format!("T{i}"), "due_at": format!("2024-06-0{r}T00:00:00Z"), "created_at": at}),
        }),
    );
    // The defaults plus enough more to make 23 of each.
    for (collection, defaults) in [("task_outcomes", 6), ("task_types", 5), ("task_statuses", 4), ("product_statuses", 5)] {
        let extra: Vec<Value> = (defaults + 1..=N).map(|i| json!({"name": format!("N{i}")})).collect();
        tenant.arrange("livingmetrics", collection, Value::Array(extra));
    }
    tenant
}

/// Every list route, with the query that shows all its records, and its default page size.
const LISTS: &[(&str, &str, i64)] = &[
    ("/v1/contacts", "", 100),
    ("/v1/contacts/1/task.json", "", 100),
    ("/v1/contacts/1/tasks.json", "", 100),
    ("/v1/tasks/contact/1.json", "", 100),
    ("/v1/tasks.json", "", 100),
    ("/v1/organizations", "", 100),
    ("/v1/histories", "contact_group=all&", 100),
    ("/v1/contact_lists", "", 10),
    ("/v1/products", "", 100),
    ("/v1/tasks/outcomes.json", "", 100),
    ("/v1/tasks/types.json", "", 100),
    ("/v1/tasks/statuses.json", "", 100),
    ("/v1/products/statuses", "", 100),
];

fn ids_of(body: &Value) -> Vec<i64> {
    body["data"].as_array().expect("data").iter().map(|d| d["id"].as_i64().expect("id")).collect()
}

/// GET `path?{query}page=P&limit=L`, asserting the envelope; answers the page's ids.
fn page(lm: &LivingMetricsClient, path: &str, query: &str, page: i64, limit: i64) -> Vec<i64> {
    let r = lm.get(&format!("{path}?{query}page={page}&limit={limit}"));
    assert_eq!(r.status, 200, "{path} page {page} limit {limit}: {}", r.text);
    assert_eq!((&r.body["page"], &r.body["limit"], &r.body["total"]), (&json!(page), &json!(limit), &json!(N)), "{path}");
    ids_of(&r.body)
}

#[test]
fn every_page_size_walks_every_record_exactly_once_in_one_order() {
    let tenant = paged();
    let lm = tenant.livingmetrics();
    for (path, query, _) in LISTS {
        let whole = page(&lm, path, query, 0, 500);
        assert_eq!(whole.iter().copied().collect::<BTreeSet<_>>(), (1..=N as i64).collect(), "{path}: all 23 once");
        for limit in [1, 2, 4, 5, 7, 10, 22, 23, 24] {
            let mut walked = Vec::new();
            let pages = N.div_ceil(limit as usize) as i64;
            for p in 0..pages {
                let ids = page(&lm, path, query, p, limit);
                let expected_len = (N as i64 - p * limit).min(limit);
                assert_eq!(ids.len() as i64, expected_len, "{path} page {p} limit {limit}");
                walked.extend(ids);
            }
            assert_eq!(walked, whole, "{path} limit {limit}: the pages, joined, are the whole list");
            assert_eq!(page(&lm, path, query, pages, limit), Vec::<i64>::new(), "{path} limit {limit}: past the end");
        }
    }
}

#[test]
fn tasks_page_soonest_due_first_with_undated_tasks_last() {
    let tenant = paged();
    let lm = tenant.livingmetrics();
    let first_day: Vec<i64> = (1..=N as i64).filter(|i| i % 3 == 1).collect();
    let second_day: Vec<i64> = (1..=N as i64).filter(|i| i % 3 == 2).collect();
    let undated: Vec<i64> = (1..=N as i64).filter(|i| i % 3 == 0).collect();
    let expected: Vec<i64> = [first_day, second_day, undated].concat();
    assert_eq!(page(&lm, "/v1/tasks.json", "", 0, 500), expected);
    assert_eq!(page(&lm, "/v1/tasks.json", "", 2, 5), expected[10..15].to_vec());
}

#[test]
fn the_default_page_is_the_first_with_the_default_limit() {
    let tenant = paged();
    let lm = tenant.livingmetrics();
    for (path, query, default_limit) in LISTS {
        let r = lm.get(&format!("{path}?{query}"));
        assert_eq!(r.status, 200, "{path}: {}", r.text);
        assert_eq!(
            (&r.body["page"], &r.body["limit"], &r.body["total"]),
            (&json!(0), &json!(default_limit), &json!(N)),
            "{path}"
        );
        assert_eq!(ids_of(&r.body), page(&lm, path, query, 0, *default_limit), "{path}");
    }
}

#[test]
fn a_page_past_the_end_is_empty_with_the_real_total() {
    let tenant = paged();
    let lm = tenant.livingmetrics();
    for (path, query, _) in LISTS {
        for (p, limit) in [(1, 100), (3, 10), (1000, 500), (i64::MAX, 500), (i64::MAX, 1)] {
            let r = lm.get(&format!("{path}?{query}page={p}&limit={limit}"));
            assert_eq!(
                (r.status, &r.body),
                (200, &json!({"data": [], "page": p, "limit": limit, "total": N})),
                "{path} page {p}"
            );
        }
    }
}

#[test]
fn a_limit_above_500_is_answered_as_500() {
    let tenant = paged();
    let lm = tenant.livingmetrics();
    for (path, query, _) in LISTS {
        for limit in ["501", "9999", "9223372036854775807"] {
            let r = lm.get(&format!("{path}?{query}limit={limit}"));
            assert_eq!((r.status, &r.body["limit"], &r.body["total"]), (200, &json!(500), &json!(N)), "{path} limit {limit}");
            assert_eq!(ids_of(&r.body).len(), N, "{path} limit {limit}");
        }
    }
}

#[test]
fn a_bad_page_or_limit_is_a_400_naming_it() {
    let tenant = paged();
    let lm = tenant.livingmetrics();
    let cases = [
        ("limit=0", "Invalid value '0' for parameter 'limit': expected a positive integer"),
        ("limit=-1", "Invalid value '-1' for parameter 'limit': expected a positive integer"),
        ("limit=abc", "Invalid value 'abc' for parameter 'limit': expected a positive integer"),
        ("limit=2.5", "Invalid value '2.5' for parameter 'limit': expected a positive integer"),
        ("limit=99999999999999999999", "Invalid value '99999999999999999999' for parameter 'limit': expected a positive integer"),
        ("page=-1", "Invalid value '-1' for parameter 'page': expected a non-negative integer"),
        ("page=abc", "Invalid value 'abc' for parameter 'page': expected a non-negative integer"),
        ("page=1e3", "Invalid value '1e3' for parameter 'page': expected a non-negative integer"),
        (
            "page=99999999999999999999",
            "Invalid value '99999999999999999999' for parameter 'page': expected a non-negative integer",
        ),
        ("page=1&page=2", "Query parameter 'page' is given more than once"),
    ];
    for (path, query, _) in LISTS {
        for (bad, message) in cases {
            let r = lm.get(&format!("{path}?{query}{bad}"));
            assert_eq!((r.status, &r.body), (400, &lm_error(400, message)), "{path}?{bad}");
        }
    }
}

#[test]
fn empty_page_and_limit_count_as_absent() {
    let tenant = paged();
    let lm = tenant.livingmetrics();
    for (path, query, default_limit) in LISTS {
        let r = lm.get(&format!("{path}?{query}page=&limit"));
        assert_eq!((r.status, &r.body["page"], &r.body["limit"]), (200, &json!(0), &json!(default_limit)), "{path}");
    }
}

#[test]
fn the_envelope_is_exact_for_a_short_last_page() {
    let tenant = paged();
    let r = tenant.livingmetrics().get("/v1/products?page=2&limit=10");
    // Newest first; all created at once, so highest id first: page 2 holds ids 3, 2, 1.
    let data: Vec<Value> = [3, 2, 1]
        .iter()
        .map(|i| {
            json!({"id": i, "name": format!("P{i}"), "status_id": null, "price": null,
                   "created_at": "2024-05-01T00:00:00Z", "updated_at": "2024-05-01T00:00:00Z"})
        })
        .collect();
    assert_eq!((r.status, r.body), (200, json!({"data": data, "page": 2, "limit": 10, "total": 23})));
}

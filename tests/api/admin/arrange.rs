//! `POST /__admin/tenants/{id}/{vendor}/{collection}`: arranging records in the vendor's wire
//! shape. Unknown tenant, vendor or collection is a 404; a bad record is a 400 naming its index
//! and field; a batch is all or nothing.

use serde_json::json;

use crate::helpers::{TestTenant, admin_error, contact_list_page, send};

fn arrange_raw(tenant: &TestTenant, path: &str, body: &str) -> crate::helpers::Response {
    send("POST", &format!("{}/__admin/tenants/{}/{path}", tenant.base, tenant.id), &[], Some(body.as_bytes()))
}

#[test]
fn arranging_answers_201_with_the_count_and_ids_and_the_records_are_served() {
    let tenant = TestTenant::new();

    let r = tenant.try_arrange(
        "livingmetrics",
        "contact_lists",
        json!([
            {"id": 4, "name": "Four", "created_at": "2024-01-01T00:00:00Z"},
            {"id": 9, "name": "Nine", "created_at": "2024-01-01T00:00:00Z"}
        ]),
    );

    assert_eq!((r.status, r.body), (201, json!({"count": 2, "ids": [4, 9]})));
    assert_eq!(tenant.livingmetrics().get("/v1/contact_lists").body, contact_list_page(&[(9, "Nine"), (4, "Four")]));
}

#[test]
fn records_without_ids_take_the_next_ids_after_the_highest_one_used() {
    let tenant = TestTenant::new();
    let created = "2024-01-01T00:00:00Z";
    assert_eq!(tenant.arrange("livingmetrics", "contact_lists", json!([{"name": "a", "created_at": created}])), [json!(1)]);
    assert_eq!(
        tenant.arrange("livingmetrics", "contact_lists", json!([{"id": 10, "name": "b", "created_at": created}])),
        [json!(10)]
    );
    assert_eq!(tenant.arrange("livingmetrics", "contact_lists", json!([{"name": "c", "created_at": created}])), [json!(11)]);
}

#[test]
fn an_empty_array_arranges_nothing() {
    let tenant = TestTenant::new();
    let r = tenant.try_arrange("livingmetrics", "contact_lists", json!([]));
    assert_eq!((r.status, r.body), (201, json!({"count": 0, "ids": []})));
}

#[test]
fn a_single_object_is_arranged_as_one_record() {
    let tenant = TestTenant::new();

    let r = tenant.try_arrange(
        "livingmetrics",
        "contact_lists",
        json!({"id": 7, "name": "Solo", "created_at": "2024-01-01T00:00:00Z"}),
    );

    assert_eq!((r.status, r.body), (201, json!({"count": 1, "ids": [7]})));
    assert_eq!(tenant.livingmetrics().get("/v1/contact_lists").body, contact_list_page(&[(7, "Solo")]));
}

#[test]
fn arranging_into_an_unknown_tenant_is_404() {
    let tenant = TestTenant { id: "t_nope".into(), ..TestTenant::new() };
    let r = tenant.try_arrange("livingmetrics", "contact_lists", json!([{"name": "x"}]));
    assert_eq!((r.status, r.body), (404, admin_error(404, "no tenant 't_nope'")));
}

#[test]
fn arranging_for_an_unknown_vendor_is_404_listing_the_vendors() {
    let tenant = TestTenant::new();
    let r = tenant.try_arrange("hubspot", "contacts", json!([]));
    assert_eq!(
        (r.status, r.body),
        (404, admin_error(404, "unknown vendor 'hubspot' (known: livingmetrics, liondesk, livevox, leadconnector)"))
    );
}

#[test]
fn arranging_an_unknown_collection_is_404_listing_the_collections() {
    let tenant = TestTenant::new();
    let r = tenant.try_arrange("livingmetrics", "leads", json!([]));
    assert_eq!(r.status, 404, "{}", r.text);
    let message = r.body["message"].as_str().expect("message");
    assert!(message.starts_with("unknown collection 'leads' (known: users, custom_fields, "), "{message}");
    assert!(message.contains(" contacts, ") && message.contains(" contact_lists, "), "{message}");
}

#[test]
fn a_bad_record_is_a_400_naming_its_index_and_field() {
    let tenant = TestTenant::new();
    let r = tenant.try_arrange("livingmetrics", "contact_lists", json!([{"name": "fine"}, {"name": 5}]));
    assert_eq!((r.status, r.body), (400, admin_error(400, "record 1: name: invalid type: integer '5', expected a string")));
}

#[test]
fn a_record_with_an_unknown_field_is_a_400_naming_it() {
    let tenant = TestTenant::new();
    let r = tenant.try_arrange("livingmetrics", "contact_lists", json!([{"name": "fine", "colour": "red"}]));
    assert_eq!(r.status, 400, "{}", r.text);
    let message = r.body["message"].as_str().expect("message");
    assert!(message.starts_with("record 0: colour: unknown field 'colour', expected one of "), "{message}");
}

#[test]
fn a_record_missing_a_required_field_is_a_400_naming_it() {
    let tenant = TestTenant::new();
    let r = tenant.try_arrange("livingmetrics", "contact_lists", json!([{"id": 3}]));
    assert_eq!((r.status, r.body), (400, admin_error(400, "record 0: name: missing field 'name'")));
}

#[test]
fn a_batch_with_one_bad_record_writes_nothing() {
    let tenant = TestTenant::new();

    let r = tenant.try_arrange(
        "livingmetrics",
        "contact_lists",
        json!([{"id": 1, "name": "good"}, {"name": "also good"}, {"name": "bad", "created_at": "last tuesday"}]),
    );

    assert_eq!((r.status, r.body), (400, admin_error(400, "record 2: created_at: 'last tuesday' is not an ISO 8601 timestamp")));
    assert_eq!(tenant.livingmetrics().get("/v1/contact_lists").body, contact_list_page(&[]));
    // Not even an id was used up.
    assert_eq!(tenant.arrange("livingmetrics", "contact_lists", json!([{"name": "after"}])), [json!(1)]);
}

#[test]
fn an_explicit_id_that_exists_is_a_400() {
    let tenant = TestTenant::new();
    tenant.arrange("livingmetrics", "contact_lists", json!([{"id": 3, "name": "first", "created_at": "2024-01-01T00:00:00Z"}]));

    let r = tenant.try_arrange("livingmetrics", "contact_lists", json!([{"id": 3, "name": "second"}]));

    assert_eq!((r.status, r.body), (400, admin_error(400, "record 0: id: 3 already exists")));
    assert_eq!(tenant.livingmetrics().get("/v1/contact_lists").body, contact_list_page(&[(3, "first")]));
}

#[test]
fn the_same_id_twice_in_one_batch_is_a_400_and_writes_nothing() {
    let tenant = TestTenant::new();
    let r = tenant.try_arrange("livingmetrics", "contact_lists", json!([{"id": 2, "name": "a"}, {"id": 2, "name": "b"}]));
    assert_eq!((r.status, r.body), (400, admin_error(400, "record 1: id: 2 already exists")));
    assert_eq!(tenant.livingmetrics().get("/v1/contact_lists").body, contact_list_page(&[]));
}

#[test]
fn a_body_that_is_neither_an_array_nor_an_object_is_a_400() {
    let tenant = TestTenant::new();
    for body in ["42", "\"records\"", "null", "true"] {
        let r = arrange_raw(&tenant, "livingmetrics/contact_lists", body);
        assert_eq!(
            (r.status, &r.body),
            (400, &admin_error(400, "the body must be a JSON array of records (or one record)")),
            "{body}"
        );
    }
}

#[test]
fn a_record_that_is_not_an_object_is_a_400_naming_its_index() {
    let tenant = TestTenant::new();
    let r = arrange_raw(&tenant, "livingmetrics/contact_lists", r#"[{"name": "ok"}, 7]"#);
    assert_eq!(r.status, 400, "{}", r.text);
    assert!(r.body["message"].as_str().expect("message").starts_with("record 1: "), "{}", r.text);
}

#[test]
fn malformed_json_is_a_400() {
    let tenant = TestTenant::new();
    let r = arrange_raw(&tenant, "livingmetrics/contact_lists", r#"[{"name": "x"},"#);
    assert_eq!((r.status, r.body), (400, admin_error(400, "invalid JSON body: EOF while parsing a value at line 1 column 15")));
    let r = arrange_raw(&tenant, "livingmetrics/contact_lists", "");
    assert_eq!((r.status, r.body), (400, admin_error(400, "invalid JSON body: EOF while parsing a value at line 1 column 0")));
}

#[test]
fn an_id_beyond_what_the_sequence_can_continue_is_a_400_and_later_creates_work() {
    let tenant = TestTenant::new();
    for id in [i64::MAX, 9_007_199_254_740_992, 0, -3] {
        let r = tenant.try_arrange("livingmetrics", "contact_lists", json!([{"id": id, "name": "far"}]));
        let message = format!("record 0: id: {id} is not an id from 1 to 9007199254740991");
        assert_eq!((r.status, r.body), (400, admin_error(400, &message)), "{id}");
    }
    assert_eq!(tenant.arrange("livingmetrics", "contact_lists", json!([{"name": "next"}])), [json!(1)]);
    let top = 9_007_199_254_740_991_i64;
    assert_eq!(tenant.arrange("livingmetrics", "contact_lists", json!([{"id": top, "name": "top"}])), [json!(top)]);
    assert_eq!(tenant.arrange("livingmetrics", "contact_lists", json!([{"name": "after"}])), [json!(top + 1)]);
    let r =
        tenant.try_arrange("livingmetrics", "contacts", json!([{"first_name": "Ada", "deals": [{"id": i64::MAX, "name": "x"}]}]));
    let message = format!("record 0: deals[0].id: {} is not an id from 1 to 9007199254740991", i64::MAX);
    assert_eq!((r.status, r.body), (400, admin_error(400, &message)));
}

/// Arrangements sent at once are committed together where the writer batches them, their
/// contacts added to the search index in one statement at the end: every one is found by
/// `search_term`, with the ids they were answered. One that fails after writing its first record
/// takes that record back, and the others keep theirs.
#[test]
fn contacts_arranged_at_once_are_all_searchable_and_a_failed_arrangement_leaves_nothing() {
    let tenant = TestTenant::new();
    let answered = std::thread::scope(|s| {
        let failing = s.spawn(|| {
            tenant.try_arrange(
                "livingmetrics",
                "contacts",
                json!([{"first_name": "Zephyrine", "last_name": "Failed"}, {"first_name": "Ada", "deals": [{"id": i64::MAX, "name": "x"}]}]),
            )
        });
        let arranging: Vec<_> = (0..12)
            .map(|i| {
                let tenant = &tenant;
                s.spawn(move || {
                    tenant.arrange(
                        "livingmetrics",
                        "contacts",
                        json!([{"first_name": "Zephyrine", "last_name": format!("Kept {i}")}]),
                    )
                })
            })
            .collect();
        let failed = failing.join().unwrap();
        let message = format!("record 1: deals[0].id: {} is not an id from 1 to 9007199254740991", i64::MAX);
        assert_eq!((failed.status, failed.body), (400, admin_error(400, &message)));
        let mut ids: Vec<i64> = arranging.into_iter().flat_map(|t| t.join().unwrap()).map(|id| id.as_i64().unwrap()).collect();
        ids.sort_unstable();
        ids
    });
    assert_eq!(answered.len(), 12);
    let lm = tenant.livingmetrics();
    let sorted = |mut ids: Vec<i64>| {
        ids.sort_unstable();
        ids
    };
    assert_eq!(sorted(lm.ids("/v1/contacts?search_term=zephyrine&limit=100")), answered);
    assert_eq!(lm.ids("/v1/contacts?search_term=failed"), Vec::<i64>::new());
    assert_eq!(sorted(lm.ids("/v1/contacts?limit=100")), answered);
}

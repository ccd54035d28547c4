//! `POST|GET /__admin/snapshots`, `POST /__admin/snapshots/{name}/restore`,
//! `DELETE /__admin/snapshots/{name}`: named copies of every tenant, or of one. Tenant snapshots
//! run on the shared server under names of their own; whole-state snapshots on a private one.

use serde_json::{Value, json};

use crate::helpers::{
    TestTenant, admin_error, contact_list_page, delete, get, lm_error, post_json, put_json, send, spawn_app, url,
};

fn arrange_list(tenant: &TestTenant, id: i64, name: &str) {
    tenant.arrange("livingmetrics", "contact_lists", json!([{"id": id, "name": name, "created_at": "2024-01-01T00:00:00Z"}]));
}

/// Saves a snapshot of `tenant` under a name unique to it; answers the name and the answer.
fn save_tenant(tenant: &TestTenant, label: &str) -> (String, Value) {
    let name = format!("{label}-{}", tenant.id);
    let r = post_json(&url("/__admin/snapshots"), &json!({"name": name, "tenant": tenant.id}));
    assert_eq!(r.status, 201, "{}", r.text);
    (name, r.body)
}

fn restore(base: &str, name: &str) -> crate::helpers::Response {
    send("POST", &format!("{base}/__admin/snapshots/{name}/restore"), &[], None)
}

/// The answer with `created_at` and `rows` checked and replaced.
fn redacted(mut body: Value) -> Value {
    assert!(body["created_at"].as_str().is_some_and(|at| at.len() == 24 && at.ends_with('Z')), "{body}");
    assert!(body["rows"].as_i64().is_some_and(|rows| rows > 0), "{body}");
    body["created_at"] = json!("<created_at>");
    body["rows"] = json!("<rows>");
    body
}

#[test]
fn restoring_a_tenant_snapshot_brings_its_data_back() {
    let tenant = TestTenant::new();
    arrange_list(&tenant, 1, "Kept");
    let (name, saved) = save_tenant(&tenant, "back");
    assert_eq!(
        redacted(saved.clone()),
        json!({"name": name, "tenant": tenant.id, "created_at": "<created_at>", "rows": "<rows>"})
    );
    arrange_list(&tenant, 2, "Dropped");

    let r = restore(tenant.base.as_str(), &name);

    assert_eq!((r.status, &r.body), (200, &saved));
    assert_eq!(tenant.livingmetrics().get("/v1/contact_lists").body, contact_list_page(&[(1, "Kept")]));
    // The id sequence came back too.
    assert_eq!(tenant.arrange("livingmetrics", "contact_lists", json!([{"name": "next"}])), [json!(2)]);
}

#[test]
fn restoring_a_tenant_snapshot_leaves_other_tenants_alone() {
    let (saved, other) = (TestTenant::new(), TestTenant::new());
    arrange_list(&saved, 1, "Saved");
    let (name, _) = save_tenant(&saved, "alone");
    arrange_list(&other, 1, "Other, after the snapshot");
    arrange_list(&saved, 2, "Saved, after the snapshot");

    assert_eq!(restore(&saved.base, &name).status, 200);

    assert_eq!(saved.livingmetrics().get("/v1/contact_lists").body, contact_list_page(&[(1, "Saved")]));
    assert_eq!(other.livingmetrics().get("/v1/contact_lists").body, contact_list_page(&[(1, "Other, after the snapshot")]));
}

#[test]
fn restoring_brings_back_a_deleted_tenant_with_its_key_and_data() {
    let tenant = TestTenant::new();
    arrange_list(&tenant, 1, "Survivor");
    let (name, _) = save_tenant(&tenant, "undelete");
    let before = get(&url(&format!("/__admin/tenants/{}", tenant.id))).body;
    assert_eq!(delete(&url(&format!("/__admin/tenants/{}", tenant.id))).status, 204);
    assert_eq!(tenant.livingmetrics().get("/v1/contact_lists").status, 401);

    assert_eq!(restore(&tenant.base, &name).status, 200);

    assert_eq!(get(&url(&format!("/__admin/tenants/{}", tenant.id))).body, before);
    assert_eq!(tenant.livingmetrics().get("/v1/contact_lists").body, contact_list_page(&[(1, "Survivor")]));
}

#[test]
fn saving_under_an_existing_name_replaces_that_snapshot() {
    let tenant = TestTenant::new();
    arrange_list(&tenant, 1, "First");
    let (name, _) = save_tenant(&tenant, "again");
    arrange_list(&tenant, 2, "Second");
    save_tenant(&tenant, "again");
    arrange_list(&tenant, 3, "Third");

    assert_eq!(restore(&tenant.base, &name).status, 200);

    assert_eq!(tenant.livingmetrics().get("/v1/contact_lists").body, contact_list_page(&[(2, "Second"), (1, "First")]));
    let listed = get(&url("/__admin/snapshots")).body;
    assert_eq!(listed["snapshots"].as_array().unwrap().iter().filter(|s| s["name"] == json!(name)).count(), 1);
}

#[test]
fn the_list_shows_each_snapshot_with_its_tenant_and_rows() {
    let tenant = TestTenant::new();
    arrange_list(&tenant, 1, "Listed");
    let (name, saved) = save_tenant(&tenant, "listed");

    let r = get(&url("/__admin/snapshots"));

    assert_eq!(r.status, 200);
    let mine: Vec<&Value> =
        r.body["snapshots"].as_array().expect("snapshots").iter().filter(|s| s["name"] == json!(name)).collect();
    assert_eq!(mine, [&saved]);
}

#[test]
fn a_deleted_snapshot_is_gone() {
    let tenant = TestTenant::new();
    let (name, _) = save_tenant(&tenant, "deleted");

    let r = delete(&url(&format!("/__admin/snapshots/{name}")));

    assert_eq!((r.status, r.text.as_str()), (204, ""));
    assert!(!get(&url("/__admin/snapshots")).text.contains(&name));
    let r = restore(&tenant.base, &name);
    assert_eq!((r.status, r.body), (404, admin_error(404, &format!("no snapshot '{name}'"))));
    let r = delete(&url(&format!("/__admin/snapshots/{name}")));
    assert_eq!((r.status, r.body), (404, admin_error(404, &format!("no snapshot '{name}'"))));
}

#[test]
fn bad_snapshot_names_are_400s() {
    let message = |name: &str| admin_error(400, &format!("name: '{name}' must be 1-100 letters, digits, '-', '_' or '.'"));
    let long = "n".repeat(101);
    for name in ["", "two words", "../etc", "semi;colon", long.as_str()] {
        let r = post_json(&url("/__admin/snapshots"), &json!({"name": name}));
        assert_eq!((r.status, &r.body), (400, &message(name)), "{name}");
    }
    for (encoded, name) in [("two%20words", "two words"), ("semi%3Bcolon", "semi;colon")] {
        let r = restore(crate::helpers::shared_url(), encoded);
        assert_eq!((r.status, &r.body), (400, &message(name)), "restore {name}");
        let r = delete(&url(&format!("/__admin/snapshots/{encoded}")));
        assert_eq!((r.status, &r.body), (400, &message(name)), "delete {name}");
    }
}

#[test]
fn bad_snapshot_bodies_are_400s_naming_the_field() {
    let cases = [
        (json!({}), "name: missing field 'name'"),
        (json!({"name": 5}), "name: invalid type: integer '5', expected a string"),
        (json!({"name": "x", "tenants": []}), "tenants: unknown field 'tenants', expected 'name' or 'tenant'"),
    ];
    for (body, message) in cases {
        let r = post_json(&url("/__admin/snapshots"), &body);
        assert_eq!((r.status, &r.body), (400, &admin_error(400, message)), "{body}");
    }
    let r = send("POST", &url("/__admin/snapshots"), &[], Some(b"[\"x\"]"));
    assert_eq!((r.status, r.body), (400, admin_error(400, "the body must be a JSON object")));
}

#[test]
fn a_snapshot_of_an_unknown_tenant_is_404() {
    let r = post_json(&url("/__admin/snapshots"), &json!({"name": "of-nobody", "tenant": "t_nope"}));
    assert_eq!((r.status, r.body), (404, admin_error(404, "tenant: no tenant 't_nope'")));
}

#[test]
fn restoring_an_unknown_snapshot_is_404() {
    let r = restore(crate::helpers::shared_url(), "never-saved");
    assert_eq!((r.status, r.body), (404, admin_error(404, "no snapshot 'never-saved'")));
}

#[test]
fn restoring_a_snapshot_of_everything_brings_every_tenant_back() {
    let app = spawn_app();
    put_json(&app.url("/__admin/clock"), &json!({"now": "2024-05-01T10:00:00Z", "frozen": true}));
    let (a, b) = (app.new_tenant(), app.new_tenant());
    arrange_list(&a, 1, "A");
    arrange_list(&b, 1, "B");
    let saved = post_json(&app.url("/__admin/snapshots"), &json!({"name": "everything"}));
    assert_eq!(saved.status, 201, "{}", saved.text);
    assert_eq!(
        redacted(saved.body.clone()),
        json!({"name": "everything", "tenant": null, "created_at": "<created_at>", "rows": "<rows>"})
    );
    assert_eq!(saved.body["created_at"], json!("2024-05-01T10:00:00.000Z"));
    arrange_list(&a, 2, "A, later");
    assert_eq!(delete(&app.url(&format!("/__admin/tenants/{}", b.id))).status, 204);
    let newcomer = app.new_tenant();

    let r = restore(app.server.base_url(), "everything");

    assert_eq!((r.status, &r.body), (200, &saved.body));
    assert_eq!(a.livingmetrics().get("/v1/contact_lists").body, contact_list_page(&[(1, "A")]));
    assert_eq!(b.livingmetrics().get("/v1/contact_lists").body, contact_list_page(&[(1, "B")]));
    assert_eq!(newcomer.livingmetrics().get("/v1/contact_lists").body, lm_error(401, "Invalid API key"));
    assert_eq!(get(&app.url(&format!("/__admin/tenants/{}", newcomer.id))).status, 404);
    let listed = get(&app.url("/__admin/snapshots")).body;
    assert_eq!(listed, json!({"snapshots": [saved.body]}));
}

#[test]
fn restoring_a_key_another_tenant_now_holds_is_a_409_and_changes_nothing() {
    let (gone, taker) = (TestTenant::new(), TestTenant::new());
    arrange_list(&gone, 1, "Gone");
    let (name, _) = save_tenant(&gone, "taken");
    assert_eq!(delete(&url(&format!("/__admin/tenants/{}", gone.id))).status, 204);
    let key = gone.livingmetrics().key;
    taker.arrange("livingmetrics", "users", json!([{"id": 2, "first_name": "Taker", "api_key": key}]));

    let r = restore(&gone.base, &name);

    let message = format!(
        "snapshot '{name}' cannot be restored: a unique value in it (such as a credential) is now used by another tenant"
    );
    assert_eq!((r.status, r.body), (409, admin_error(409, &message)));
    assert_eq!(get(&url(&format!("/__admin/tenants/{}", gone.id))).status, 404);
    assert_eq!(taker.livingmetrics().get("/v1/contact_lists").body, contact_list_page(&[]));
    let same_key = crate::helpers::LivingMetricsClient { base: gone.livingmetrics().base, key: key.clone() };
    assert_eq!(same_key.get("/v1/contact_lists").body, contact_list_page(&[]), "the key is the taker's");
}

#[test]
fn the_names_dot_and_dot_dot_are_refused() {
    for name in [".", ".."] {
        let r = post_json(&url("/__admin/snapshots"), &json!({"name": name}));
        assert_eq!(
            (r.status, r.body),
            (400, admin_error(400, &format!("name: '{name}' is a path segment of its own; choose another name"))),
            "{name}"
        );
    }
    let r = post_json(&url("/__admin/snapshots/%2E%2E/restore"), &json!({}));
    assert_eq!((r.status, r.body), (400, admin_error(400, "name: '..' is a path segment of its own; choose another name")));
}

//! `GET /__admin/tenants/{id}/{vendor}` (each collection's count) and
//! `GET /__admin/tenants/{id}/{vendor}/{collection}` (a page of its rows as stored, sorted by
//! any column): what the dashboard's data view shows.

use serde_json::{Value, json};

use crate::helpers::{TestTenant, admin_error, get, url};

fn counts(tenant: &TestTenant, vendor: &str) -> Value {
    let r = get(&url(&format!("/__admin/tenants/{}/{vendor}", tenant.id)));
    assert_eq!(r.status, 200, "{}", r.text);
    r.body
}

fn page(tenant: &TestTenant, vendor: &str, collection: &str, query: &str) -> Value {
    let r = get(&url(&format!("/__admin/tenants/{}/{vendor}/{collection}{query}", tenant.id)));
    assert_eq!(r.status, 200, "{}", r.text);
    r.body
}

#[test]
fn counts_are_the_tenants_own_for_every_collection_kept_as_records() {
    let (tenant, other) = (TestTenant::new(), TestTenant::new());
    tenant.arrange("liondesk", "contacts", json!([{"first_name": "Ann"}, {"first_name": "Bob"}]));
    other.arrange("liondesk", "contacts", json!([{"first_name": "Cy"}]));
    tenant.arrange("leadconnector", "contacts", json!([{"firstName": "Di", "email": "di@example.com"}]));

    let count = |name: &str, n: i64| json!({"name": name, "count": n});
    assert_eq!(
        counts(&tenant, "liondesk"),
        json!({"tenant": tenant.id, "vendor": "liondesk", "collections": [
            count("users", 3), count("teams", 2), count("hotnesses", 0), count("contact_sources", 0),
            count("custom_fields", 0), count("tags", 0), count("contacts", 2), count("shares", 0),
            count("addresses", 0), count("tasks", 0), count("events", 0)
        ]})
    );
    assert_eq!(
        counts(&tenant, "leadconnector")["collections"],
        json!([count("businesses", 0), count("contacts", 1), count("tasks", 0), count("notes", 0), count("appointments", 0)])
    );
    assert_eq!(
        counts(&tenant, "livevox")["collections"],
        json!([count("groups", 0), count("custom_fields", 0), count("contacts", 0), count("notes", 0), count("accounts", 0)])
    );
    let lm = counts(&tenant, "livingmetrics");
    assert_eq!(lm["collections"].as_array().map(Vec::len), Some(14), "{lm}");
    assert_eq!(lm["collections"][10], count("contacts", 0));
}

#[test]
fn a_page_of_records_is_sorted_by_any_column_and_holds_only_the_tenants_rows() {
    let (tenant, other) = (TestTenant::new(), TestTenant::new());
    let names = ["Cole", "Abel", "Baker", "Abel"];
    tenant.arrange("liondesk", "contacts", json!(names.iter().map(|n| json!({"last_name": n})).collect::<Vec<_>>()));
    other.arrange("liondesk", "contacts", json!([{"last_name": "Zed"}]));

    let first = page(&tenant, "liondesk", "contacts", "?limit=2");
    assert_eq!((first["total"].clone(), first["offset"].clone(), first["limit"].clone()), (json!(4), json!(0), json!(2)));
    assert_eq!((first["sort"].clone(), first["dir"].clone()), (json!("id"), json!("asc")));
    assert_eq!(first["columns"].as_array().unwrap()[0..3], [json!("id"), json!("owner_user_id"), json!("assigned_user_id")]);
    assert!(!first["columns"].as_array().unwrap().contains(&json!("tenant_id")));
    let record = &first["records"][0];
    assert_eq!(
        (record["id"].clone(), record["last_name"].clone(), record["owner_user_id"].clone()),
        (json!(1), json!("Cole"), json!(1))
    );

    let by = |query: &str| -> Vec<(Value, Value)> {
        page(&tenant, "liondesk", "contacts", query)["records"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| (r["last_name"].clone(), r["id"].clone()))
            .collect()
    };
    let pair = |name: &str, id: i64| (json!(name), json!(id));
    assert_eq!(by("?sort=last_name"), [pair("Abel", 2), pair("Abel", 4), pair("Baker", 3), pair("Cole", 1)], "ties by id");
    assert_eq!(by("?sort=last_name&dir=desc"), [pair("Cole", 1), pair("Baker", 3), pair("Abel", 2), pair("Abel", 4)]);
    assert_eq!(by("?sort=last_name&offset=3&limit=5"), [pair("Cole", 1)]);
    assert_eq!(by("?offset=9"), []);
}

#[test]
fn bad_pages_are_a_400_naming_the_parameter_and_unknown_names_a_404() {
    let tenant = TestTenant::new();
    let base = format!("/__admin/tenants/{}", tenant.id);
    let cases = [
        (format!("{base}/liondesk/contacts?sort=nope"), 400, None),
        (format!("{base}/liondesk/contacts?dir=up"), 400, Some("dir: 'up' is not asc or desc")),
        (format!("{base}/liondesk/contacts?limit=0"), 400, Some("limit: '0' is not an integer from 1 to 500")),
        (format!("{base}/liondesk/contacts?limit=501"), 400, Some("limit: '501' is not an integer from 1 to 500")),
        (format!("{base}/liondesk/contacts?offset=-1"), 400, Some("offset: '-1' is not a non-negative integer")),
        (format!("{base}/liondesk/contacts?page=2"), 400, Some("unknown parameter 'page' (known: offset, limit, sort, dir)")),
        (
            format!("{base}/liondesk/team_settings"),
            404,
            Some("team_settings are not records of their own (they change other records)"),
        ),
        (format!("{base}/liondesk/widgets"), 404, None),
        (format!("{base}/hubspot"), 404, None),
        ("/__admin/tenants/t_nobody/liondesk".to_owned(), 404, Some("no tenant 't_nobody'")),
        ("/__admin/tenants/t_nobody/liondesk/contacts".to_owned(), 404, Some("no tenant 't_nobody'")),
    ];
    for (path, status, message) in cases {
        let r = get(&url(&path));
        assert_eq!(r.status, status, "{path}: {}", r.text);
        match message {
            Some(message) => assert_eq!(r.body, admin_error(status, message), "{path}"),
            None => assert!(r.body["message"].as_str().is_some_and(|m| m.contains("known")), "{path}: {}", r.text),
        }
    }
    let r = get(&url(&format!("{base}/liondesk/contacts?sort=id%22%3B%20DROP%20TABLE%20ld_contacts%3B--")));
    assert_eq!(r.status, 400, "{}", r.text);
    assert_eq!(page(&tenant, "liondesk", "contacts", "")["total"], json!(0));
}

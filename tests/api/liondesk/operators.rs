//! The Feathers query language over `GET /contacts` (the document's "Filtering Contacts"), on
//! the LionDesk analog of Feathers' adapter-tests fixture: Bob, Doug and Alice (ids 1, 2, 3) with
//! hotnesses 25, 32 and 19, created 2019-01-25, 2019-02-01 and 2019-01-19. An outsider's Alice
//! (id 9) is arranged too: no query may reach it.

use serde_json::{Value, json};

use crate::helpers::{TestTenant, feathers_bad_request};

/// `(id, first_name, last_name, hotness_id, created_at)` of every contact the tests arrange.
const PEOPLE: [(i64, &str, &str, Option<i64>, &str); 5] = [
    (1, "Bob", "Builder", Some(25), "2019-01-25T00:00:00.000Z"),
    (2, "Doug", "Funnie", Some(32), "2019-02-01T00:00:00.000Z"),
    (3, "Alice", "Liddell", Some(19), "2019-01-19T00:00:00.000Z"),
    (4, "Nora", "Nohotness", None, "2019-01-26T12:00:00.000Z"),
    (9, "Alice", "Outsider", None, "2019-01-19T00:00:00.000Z"),
];

fn hotness(id: i64) -> Value {
    match id {
        19 => json!({"name": "Cold", "rank": 3, "color": "#0000ff"}),
        25 => json!({"name": "Warm", "rank": 2, "color": "#ffa500"}),
        _ => json!({"name": "Hot", "rank": 1, "color": "#ff0000"}),
    }
}

/// Contact `id` of `PEOPLE` as the API answers it to its owner.
pub fn contact(id: i64) -> Value {
    let (_, first, last, hotness_id, created) = PEOPLE.iter().copied().find(|p| p.0 == id).expect("a known contact");
    json!({
        "id": id, "owner_user_id": 1, "assigned_user_id": null, "first_name": first, "last_name": last,
        "email": null, "mobile_phone": null, "home_phone": null, "office_phone": null, "fax": null, "company": null,
        "birthday": null, "anniversary": null, "spouse_name": null, "spouse_email": null, "spouse_phone": null,
        "spouse_birthday": null, "tags": null, "hotness_id": hotness_id, "source_id": null,
        "created_at": created, "modified_at": created,
        "addresses": [], "hotness": hotness_id.map(hotness), "custom_fields": [], "source": null
    })
}

/// The page object holding `ids` of `PEOPLE`.
pub fn page(total: i64, limit: i64, skip: i64, ids: &[i64]) -> Value {
    json!({"total": total, "limit": limit, "skip": skip, "data": ids.iter().map(|id| contact(*id)).collect::<Vec<_>>()})
}

/// A fresh tenant with the fixture; `with_nora` adds Nora (id 4), who has no hotness.
fn syntax_tenant(with_nora: bool) -> TestTenant {
    let tenant = TestTenant::new();
    arrange_syntax(&tenant, with_nora);
    tenant
}

/// Arranges the fixture's hotnesses and contacts in `tenant`.
pub fn arrange_syntax(tenant: &TestTenant, with_nora: bool) {
    tenant.arrange(
        "liondesk",
        "hotnesses",
        json!([
            {"id": 19, "name": "Cold", "rank": 3, "color": "#0000ff"},
            {"id": 25, "name": "Warm", "rank": 2, "color": "#ffa500"},
            {"id": 32, "name": "Hot", "rank": 1, "color": "#ff0000"},
        ]),
    );
    let owner = tenant.liondesk_user_id(0);
    let outsider = tenant.liondesk_user_id(2);
    let records: Vec<Value> = PEOPLE
        .iter()
        .filter(|p| with_nora || p.0 != 4)
        .map(|(id, first, last, hotness_id, created)| {
            json!({"id": id, "owner_user_id": if *id == 9 { outsider } else { owner }, "first_name": first, "last_name": last,
                   "hotness_id": hotness_id, "created_at": created, "modified_at": created})
        })
        .collect();
    tenant.arrange("liondesk", "contacts", Value::Array(records));
}

/// Asserts `GET /contacts?query` as the owner is 200 with exactly this page (default paging).
fn assert_finds(tenant: &TestTenant, query: &str, ids: &[i64]) {
    let r = tenant.liondesk(0).get(&format!("/contacts?{query}"));
    assert_eq!((r.status, r.body), (200, page(ids.len() as i64, 10, 0, ids)), "{query}");
}

fn invalid_parameter(name: &str, data: Value) -> Value {
    let mut body = feathers_bad_request(&format!("Invalid query parameter {name}"));
    body["data"] = data;
    body
}

#[test]
fn find_with_equal_and_equal_multiple() {
    let tenant = syntax_tenant(false);
    assert_finds(&tenant, "first_name=Alice", &[3]);
    assert_finds(&tenant, "first_name=Alice&hotness_id=20", &[]);
    assert_finds(&tenant, "first_name=Alice&hotness_id=19", &[3]);
    assert_finds(&tenant, "", &[1, 2, 3]);
}

#[test]
fn find_with_sort_ascending_descending_and_by_several_keys() {
    let tenant = syntax_tenant(false);
    assert_finds(&tenant, "$sort[first_name]=1", &[3, 1, 2]);
    assert_finds(&tenant, "$sort[first_name]=-1", &[2, 1, 3]);
    assert_finds(&tenant, "%24sort%5Bhotness_id%5D=1", &[3, 1, 2]);
    assert_finds(&tenant, "$sort[created_at]=-1", &[2, 1, 3]);
    // Directions are read by parseInt: 1 is ascending, anything else descending.
    assert_finds(&tenant, "$sort[first_name]=asc", &[2, 1, 3]);
    assert_finds(&tenant, "$sort[first_name]=1.0", &[3, 1, 2]);
    let more = json!([
        {"id": 5, "first_name": "alice", "last_name": "Adams", "created_at": "2019-03-01T00:00:00.000Z"},
        {"id": 6, "first_name": "Bob", "last_name": "Adams", "created_at": "2019-03-02T00:00:00.000Z"},
    ]);
    tenant.arrange("liondesk", "contacts", more);
    let ids = tenant.liondesk(0).ids("/contacts?$sort[first_name]=1&$sort[last_name]=-1");
    assert_eq!(ids, [3, 5, 1, 6, 2], "text sorts without regard to case, key after key");
    let ids = tenant.liondesk(0).ids("/contacts?$sort[last_name]=1&$sort[first_name]=-1");
    assert_eq!(ids, [6, 5, 1, 2, 3]);
}

#[test]
fn find_with_limit_skip_and_select() {
    let tenant = syntax_tenant(false);
    let owner = tenant.liondesk(0);
    let r = owner.get("/contacts?$limit=2");
    assert_eq!((r.status, r.body), (200, page(3, 2, 0, &[1, 2])));
    let r = owner.get("/contacts?$limit=0");
    assert_eq!((r.status, r.body), (200, json!({"total": 3, "limit": 0, "skip": 0, "data": []})));
    let r = owner.get("/contacts?$sort[first_name]=1&$skip=1");
    assert_eq!((r.status, r.body), (200, page(3, 10, 1, &[1, 2])));
    let r = owner.get("/contacts?first_name=Alice&$select[]=first_name");
    assert_eq!(
        (r.status, r.body),
        (200, json!({"total": 1, "limit": 10, "skip": 0, "data": [{"id": 3, "first_name": "Alice"}]}))
    );
    let r = owner.get("/contacts?first_name=Alice&$select[0]=last_name&$select[1]=hotness&$select[2]=id");
    let alice = json!({"id": 3, "last_name": "Liddell", "hotness": hotness(19)});
    assert_eq!((r.status, r.body), (200, json!({"total": 1, "limit": 10, "skip": 0, "data": [alice]})));
}

#[test]
fn find_with_or_and_and() {
    let tenant = syntax_tenant(false);
    assert_finds(&tenant, "$or[0][first_name]=Alice&$or[1][first_name]=Bob&$sort[first_name]=1", &[3, 1]);
    let nested = "$or[0][first_name]=Doug&$or[1][hotness_id][$gte]=18&$or[1][hotness_id][$lt]=25&$sort[first_name]=1";
    assert_finds(&tenant, nested, &[3, 2]);
    assert_finds(&tenant, "$and[0][hotness_id]=19", &[3]);
    assert_finds(&tenant, "$and[0][$or][0][first_name]=Alice", &[3]);
    assert_finds(&tenant, "$and[0][$or][0][first_name]=Alice&$and[0][$or][1][first_name]=Doug&$and[1][hotness_id][$gt]=20", &[2]);
    // The outsider's Alice stays out of every branch.
    assert_finds(&tenant, "$or[0][last_name]=Outsider&$or[1][id]=9&$or[2][first_name]=Alice", &[3]);
}

#[test]
fn find_with_in_and_nin_in_every_list_form() {
    let tenant = syntax_tenant(false);
    for query in [
        "first_name[$in]=Alice&first_name[$in]=Bob",
        "first_name[$in][]=Alice&first_name[$in][]=Bob",
        "first_name[$in][0]=Alice&first_name[$in][1]=Bob",
        "first_name%5B%24in%5D%5B0%5D=Alice&first_name%5B%24in%5D%5B1%5D=Bob",
        "first_name=Alice&first_name=Bob",
    ] {
        assert_finds(&tenant, &format!("{query}&$sort[first_name]=1"), &[3, 1]);
    }
    for query in
        ["last_name[$in]=Liddell", "last_name[$in][]=Liddell", "last_name[$in][0]=Liddell", "last_name%5B%24in%5D%5B0%5D=Liddell"]
    {
        assert_finds(&tenant, query, &[3]);
    }
    assert_finds(&tenant, "first_name[$nin]=Alice&first_name[$nin]=Bob", &[2]);
    assert_finds(&tenant, "first_name[$nin][]=Alice", &[1, 2]);
    assert_finds(&tenant, "hotness_id[$in]=19&hotness_id[$in]=32", &[2, 3]);
}

/// Express's `qs` closes up gaps in list indices (and makes an index above 20 an object keyed
/// by the indices, which the list operators read as its values).
#[test]
fn find_with_sparse_list_indices_as_qs_reads_them() {
    let tenant = syntax_tenant(false);
    assert_finds(&tenant, "first_name[$in][1]=Alice", &[3]);
    assert_finds(&tenant, "first_name[$in][3]=Alice&first_name[$in][1]=Bob&$sort[first_name]=1", &[3, 1]);
    assert_finds(&tenant, "first_name[$nin][2]=Alice&first_name[$nin][25]=Bob", &[2]);
    assert_finds(&tenant, "$or[1][first_name]=Alice", &[3]);
    assert_finds(&tenant, "$or[1][first_name]=Alice&$or[21][first_name]=Doug&$sort[first_name]=1", &[3, 2]);
    assert_finds(&tenant, "first_name[2]=Bob", &[1]);

    let r = tenant.liondesk(0).get("/contacts?first_name[21]=Bob");
    let message = "Invalid query parameter first_name[21]: expected an operator such as $in";
    assert_eq!((r.status, r.body), (400, feathers_bad_request(message)), "qs makes an object of it, with no operator");
}

#[test]
fn find_with_comparisons() {
    let tenant = syntax_tenant(false);
    assert_finds(&tenant, "hotness_id[$lt]=30", &[1, 3]);
    assert_finds(&tenant, "hotness_id[$lte]=25", &[1, 3]);
    assert_finds(&tenant, "hotness_id[$gt]=30", &[2]);
    assert_finds(&tenant, "hotness_id[$gte]=25", &[1, 2]);
    assert_finds(&tenant, "hotness_id[$ne]=25", &[2, 3]);
    assert_finds(&tenant, "hotness_id[$gt]=18&hotness_id[$lt]=30&$sort[first_name]=1", &[3, 1]);
    assert_finds(&tenant, "last_name[$ne]=funnie", &[1, 3]);
    assert_finds(&tenant, "last_name[$gte]=c&last_name[$lt]=M", &[2, 3]);
}

#[test]
fn ne_and_nin_never_match_a_missing_value() {
    let tenant = syntax_tenant(true);
    assert_finds(&tenant, "hotness_id[$ne]=25", &[2, 3]);
    assert_finds(&tenant, "hotness_id[$nin]=25&hotness_id[$nin]=19", &[2]);
    assert_finds(&tenant, "hotness_id[$lt]=1000", &[1, 2, 3]);
    assert_finds(&tenant, "$or[0][hotness_id][$ne]=25&$or[1][last_name]=Nohotness", &[2, 3, 4]);
}

#[test]
fn text_equality_ignores_case() {
    let tenant = syntax_tenant(false);
    assert_finds(&tenant, "first_name=aLiCe", &[3]);
    assert_finds(&tenant, "last_name[$in]=LIDDELL&last_name[$in]=builder", &[1, 3]);
    assert_finds(&tenant, "first_name[$nin]=ALICE", &[1, 2]);
}

#[test]
fn dates_compare_as_instants_whatever_their_iso_8601_form() {
    let tenant = syntax_tenant(true);
    for from in [
        "2019-01-25",
        "2019-01-25T00:00:00Z",
        "2019-01-25T00:00:00.000Z",
        "2019-01-24T17:00:00-07:00",
        "2019-01-25T05:30:00%2B05:30",
        "2019-01-25T00:00",
    ] {
        assert_finds(&tenant, &format!("created_at[$gte]={from}"), &[1, 2, 4]);
    }
    assert_finds(&tenant, "created_at[$gt]=2019-01-24T17:00:00-07:00", &[2, 4]);
    assert_finds(&tenant, "created_at=2019-01-24T19:00:00-05:00", &[1]);
    assert_finds(&tenant, "created_at[$gte]=2019-01-01&created_at[$lte]=2019-01-31T00:00:00Z", &[1, 3, 4]);
    assert_finds(&tenant, "created_at[$lt]=2019-01-26", &[1, 3]);
    assert_finds(&tenant, "created_at[$gte]=2019-01-26&created_at[$lt]=2019-01-27", &[4]);
    assert_finds(&tenant, "modified_at[$in]=2019-01-19&modified_at[$in]=2019-02-01T01:00:00%2B01:00", &[2, 3]);
    assert_finds(&tenant, "created_at[$lt]=2019-01-25T00:00:00.0001Z&created_at[$gt]=2019-01-24T23:59:59.9999Z", &[1]);
}

#[test]
fn an_unknown_operator_is_a_feathers_bad_request_with_its_level_as_data() {
    let tenant = syntax_tenant(false);
    let owner = tenant.liondesk(0);
    let r = owner.get("/contacts?last_name[$like]=Lid%25");
    assert_eq!((r.status, r.body), (400, invalid_parameter("$like", json!({"$like": "Lid%"}))));
    let r = owner.get("/contacts?last_name[$in]=a&last_name[$foo]=x");
    assert_eq!((r.status, r.body), (400, invalid_parameter("$foo", json!({"$in": "a", "$foo": "x"}))));
    let r = owner.get("/contacts?$or[0][first_name]=a&$or[1][$regex]=b");
    assert_eq!((r.status, r.body), (400, invalid_parameter("$regex", json!({"$regex": "b"}))));
}

#[test]
fn an_unknown_top_level_key_is_a_bad_request_with_the_whole_query_as_data() {
    let tenant = syntax_tenant(false);
    let r = tenant.liondesk(0).get("/contacts?$limit=2&first_name=Alice&$populate=source&$sort[id]=1");
    let data = json!({"$limit": "2", "first_name": "Alice", "$populate": "source", "$sort": {"id": "1"}});
    assert_eq!((r.status, r.body), (400, invalid_parameter("$populate", data)));
    // Feathers checks the `$` keys before anything reaches the database.
    let r = tenant.liondesk(0).get("/contacts?nope=1&$x");
    assert_eq!((r.status, r.body), (400, invalid_parameter("$x", json!({"nope": "1", "$x": ""}))));
}

#[test]
fn unknown_fields_and_malformed_values_are_bad_requests_naming_them() {
    let tenant = syntax_tenant(false);
    let date = "expected an ISO 8601 date or date-time between the years 0 and 9999";
    for (query, message) in [
        ("nope=1", "Invalid query parameter nope: contacts has no such field".to_owned()),
        ("$sort[nope]=1", "Invalid query parameter nope: contacts has no such field".into()),
        ("$select[]=password", "Invalid query parameter password: contacts has no such field".into()),
        ("$or[0][tenant_id]=x", "Invalid query parameter tenant_id: contacts has no such field".into()),
        ("hotness_id=hot", "Invalid value 'hot' for hotness_id: expected an integer".into()),
        ("id[$gt]=1.5", "Invalid value '1.5' for id: expected an integer".into()),
        ("created_at[$gte]=yesterday", format!("Invalid value 'yesterday' for created_at: {date}")),
        (
            "created_at[$gte]=2019-01-25T05:30:00+05:30",
            format!("Invalid value '2019-01-25T05:30:00 05:30' for created_at: {date}"),
        ),
        ("modified_at=2019-02-30", format!("Invalid value '2019-02-30' for modified_at: {date}")),
        ("$sort=first_name", "Invalid value for $sort: expected $sort[field]=1 or $sort[field]=-1".into()),
        ("$or=Alice", "Invalid value for $or: expected a list, as in $or[0][field]=value".into()),
        ("first_name[$lt][]=a", "Invalid value for first_name[$lt]: expected one value".into()),
        ("first_name[eq]=a", "Invalid query parameter first_name[eq]: expected an operator such as $in".into()),
    ] {
        let r = tenant.liondesk(0).get(&format!("/contacts?{query}"));
        assert_eq!((r.status, r.body), (400, feathers_bad_request(&message)), "{query}");
    }
}

#[test]
fn caps_answer_bad_requests() {
    let tenant = syntax_tenant(false);
    let owner = tenant.liondesk(0);
    let params = vec!["first_name[$in]=Alice"; 1001].join("&");
    let r = owner.get(&format!("/contacts?{params}"));
    assert_eq!((r.status, r.body), (400, feathers_bad_request("Too many query parameters (at most 1000)")));
    assert_finds(&tenant, &vec!["first_name[$in]=Alice"; 1000].join("&"), &[3]);
    let branches = (0..251).map(|i| format!("$or[{i}][first_name]=Alice")).collect::<Vec<_>>().join("&");
    let r = owner.get(&format!("/contacts?{branches}"));
    assert_eq!((r.status, r.body), (400, feathers_bad_request("The query is too complex (at most 500 conditions)")));
    let r = owner.get("/contacts?$or[0][$or][0][$or][0][first_name]=Alice");
    let deep = "Invalid query parameter [first_name]: the query nests brackets too deeply (at most 5 levels)";
    assert_eq!((r.status, r.body), (400, feathers_bad_request(deep)));
    assert_finds(&tenant, "$or[0][$or][0][first_name]=Alice", &[3]);
}

#[test]
fn hostile_values_are_only_values() {
    let tenant = syntax_tenant(false);
    assert_finds(&tenant, "last_name=x%27%20OR%20%271%27%3D%271", &[]);
    assert_finds(&tenant, "first_name[$in]=Alice&first_name[$in]=%29%20OR%201%3D1%20--", &[3]);
    assert_finds(&tenant, "$sort[first_name]=1%3B%20DROP%20TABLE%20ld_contacts", &[3, 1, 2]);
    let r = tenant.liondesk(0).get("/contacts?$sort[first_name%20DESC%2C%20id]=1");
    let message = "Invalid query parameter first_name DESC, id: contacts has no such field";
    assert_eq!((r.status, r.body), (400, feathers_bad_request(message)));
    assert_finds(&tenant, "", &[1, 2, 3]);
}

//! Hotnesses (the hotnesses page): submit, retrieve (by `user_id` then `rank` unless sorted),
//! update, remove (answers the hotness removed); each user's own; contacts embed theirs.

use serde_json::{Value, json};

use super::crud::{AT, contact};
use crate::helpers::{TestTenant, feathers_error, feathers_invalid, feathers_method_not_allowed, feathers_not_found};

fn hotness(id: i64, rank: Value, user: i64, name: &str, color: &str) -> Value {
    json!({"id": id, "rank": rank, "user_id": user, "name": name, "color": color})
}

/// User 1's Hot (rank 2), Warm (rank 3), Cold (rank 1) and the teammate's Lukewarm (rank 1).
fn arranged() -> TestTenant {
    let tenant = TestTenant::new();
    tenant.arrange(
        "liondesk",
        "hotnesses",
        json!([
            {"id": 1, "name": "Hot", "rank": 2, "color": "#ff0000"},
            {"id": 2, "name": "Warm", "rank": 3, "color": "#ffa500"},
            {"id": 3, "name": "Cold", "rank": 1, "color": "#0000ff"},
            {"id": 4, "user_id": 2, "name": "Lukewarm", "rank": 1, "color": "#00ff00"}
        ]),
    );
    tenant
}

fn hot() -> Value {
    hotness(1, json!(2), 1, "Hot", "#ff0000")
}
fn warm() -> Value {
    hotness(2, json!(3), 1, "Warm", "#ffa500")
}
fn cold() -> Value {
    hotness(3, json!(1), 1, "Cold", "#0000ff")
}

#[test]
fn submitting_the_documents_hotness_answers_201_and_reads_it_back() {
    let tenant = TestTenant::new();
    let owner = tenant.liondesk(0);

    let r = owner.post("//hotnesses", &json!({"name": "Pending", "rank": 14, "color": "#3b274c", "user_id": 3, "id": 9}));

    let pending = hotness(1, json!(14), 1, "Pending", "#3b274c");
    assert_eq!((r.status, &r.body), (201, &pending), "{}", r.text);
    assert_eq!(r.header("allow"), Some("GET,POST,PATCH,DELETE"));
    assert_eq!(owner.get("/hotnesses/1").body, pending);
    assert_eq!(owner.get("/hotnesses").body, json!({"total": 1, "limit": 10, "skip": 0, "data": [pending]}));
}

#[test]
fn no_hotness_field_is_required() {
    let tenant = TestTenant::new();

    let r = tenant.liondesk(0).post("/hotnesses", &json!({}));

    assert_eq!((r.status, r.body), (201, json!({"id": 1, "rank": null, "user_id": 1, "name": null, "color": null})));
    let r = tenant.liondesk(0).post("/contacts", &json!({"hotness_id": 1, "created_at": AT, "modified_at": AT}));
    assert_eq!(r.body, contact(1, 1, json!({"hotness_id": 1, "hotness": {"name": null, "rank": null, "color": null}})));
}

#[test]
fn hotnesses_come_by_user_then_rank_unless_a_sort_is_given() {
    let tenant = arranged();
    let owner = tenant.liondesk(0);

    let r = owner.get("/hotnesses");
    assert_eq!((r.status, r.body), (200, json!({"total": 3, "limit": 10, "skip": 0, "data": [cold(), hot(), warm()]})));

    let r = owner.get("/hotnesses?$sort[name]=-1");
    assert_eq!(r.body, json!({"total": 3, "limit": 10, "skip": 0, "data": [warm(), hot(), cold()]}));
}

#[test]
fn find_narrows_hotnesses_with_feathers_operators() {
    let tenant = arranged();
    let owner = tenant.liondesk(0);

    assert_eq!(owner.ids("/hotnesses?name=hot"), [1], "equality ignores case");
    assert_eq!(owner.ids("/hotnesses?name[$in]=Hot&name[$in]=Cold"), [3, 1]);
    assert_eq!(owner.ids("/hotnesses?rank[$gte]=2"), [1, 2]);
    assert_eq!(owner.ids("/hotnesses?rank[$ne]=2&$sort[rank]=-1"), [2, 3]);
    assert_eq!(owner.ids("/hotnesses?$or[0][name]=Warm&$or[1][rank][$lt]=2"), [3, 2]);
    assert_eq!(owner.ids("/hotnesses?user_id=2"), Vec::<i64>::new(), "another user's are never found");

    let r = owner.get("/hotnesses?$limit=1&$skip=1&$select[]=color");
    assert_eq!(r.body, json!({"total": 3, "limit": 1, "skip": 1, "data": [{"id": 1, "color": "#ff0000"}]}));

    let r = owner.get("/hotnesses?colour=red");
    assert_eq!(
        (r.status, r.body),
        (400, feathers_error(400, "BadRequest", "bad-request", "Invalid query parameter colour: hotnesses has no such field"))
    );
}

#[test]
fn updating_merges_and_removing_answers_the_hotness_removed() {
    let tenant = arranged();
    let owner = tenant.liondesk(0);

    let r = owner.patch("/hotnesses/1", &json!({"name": "Cold", "user_id": 2}));
    assert_eq!((r.status, &r.body), (200, &hotness(1, json!(2), 1, "Cold", "#ff0000")));
    let r = owner.patch("/hotnesses/1", &json!({"rank": "7", "color": null}));
    assert_eq!((r.status, &r.body), (200, &json!({"id": 1, "rank": 7, "user_id": 1, "name": "Cold", "color": null})));

    let r = owner.delete("/hotnesses/2");
    assert_eq!((r.status, r.body), (200, warm()));
    assert_eq!((owner.get("/hotnesses/2").status, owner.get("/hotnesses/2").body), (404, feathers_not_found("2")));
    assert_eq!(owner.ids("/hotnesses"), [3, 1]);
}

#[test]
fn the_id_routes_honour_the_query_and_unknown_ids_are_404() {
    let tenant = arranged();
    let owner = tenant.liondesk(0);

    assert_eq!(owner.get("/hotnesses/1?name=Hot").body, hot());
    let r = owner.get("/hotnesses/1?name=Warm");
    assert_eq!((r.status, r.body), (404, feathers_not_found("1")));
    let r = owner.delete("/hotnesses/1?rank=9");
    assert_eq!((r.status, r.body), (404, feathers_not_found("1")));
    let r = owner.patch("/hotnesses/abc", &json!({"name": "x"}));
    assert_eq!((r.status, r.body), (404, feathers_not_found("abc")));
    assert_eq!(owner.get("/hotnesses/1").body, hot(), "nothing removed or changed");
}

#[test]
fn a_hotness_is_seen_and_changed_only_by_the_user_who_made_it() {
    let tenant = arranged();
    let other = TestTenant::new();

    let teammate = tenant.liondesk(1);
    assert_eq!(teammate.get("/hotnesses").body["data"], json!([hotness(4, json!(1), 2, "Lukewarm", "#00ff00")]));
    for r in
        [teammate.get("/hotnesses/1"), teammate.patch("/hotnesses/1", &json!({"name": "Mine"})), teammate.delete("/hotnesses/1")]
    {
        assert_eq!((r.status, r.body), (404, feathers_not_found("1")), "teammate");
    }
    let outsider = tenant.liondesk(2);
    assert_eq!(outsider.get("/hotnesses").body, json!({"total": 0, "limit": 10, "skip": 0, "data": []}));
    assert_eq!(outsider.get("/hotnesses/1").status, 404);
    let r = other.liondesk(0).get("/hotnesses/1");
    assert_eq!((r.status, r.body), (404, feathers_not_found("1")), "another tenant's owner");
    assert_eq!(tenant.liondesk(0).get("/hotnesses/1").body, hot(), "unchanged");
}

#[test]
fn hotness_bodies_are_held_to_the_documented_limits() {
    let tenant = arranged();
    let owner = tenant.liondesk(0);
    let long = "x".repeat(46);

    let cases = [
        (json!({"name": long}), feathers_invalid("name", "must be at most 45 characters", json!(long))),
        (json!({"color": "red"}), feathers_invalid("color", "must be a hex color such as #3b274c", json!("red"))),
        (json!({"color": "#3b274c00"}), feathers_invalid("color", "must be at most 7 characters", json!("#3b274c00"))),
        (json!({"rank": "high"}), feathers_invalid("rank", "must be an integer from -2147483648 to 2147483647", json!("high"))),
        (json!({"rank": 1.5}), feathers_invalid("rank", "must be an integer from -2147483648 to 2147483647", json!(1.5))),
        (json!({"name": ["Hot"]}), feathers_invalid("name", "must be a string", json!(["Hot"]))),
        (json!("Hot"), feathers_error(400, "BadRequest", "bad-request", "The body must be a JSON object")),
    ];
    for (body, expected) in cases {
        let r = owner.post("/hotnesses", &body);
        assert_eq!((r.status, &r.body), (400, &expected), "POST {body}");
        let r = owner.patch("/hotnesses/1", &body);
        assert_eq!((r.status, &r.body), (400, &expected), "PATCH {body}");
    }
    assert_eq!(owner.ids("/hotnesses"), [3, 1, 2], "nothing created");
    assert_eq!(owner.get("/hotnesses/1").body, hot(), "nothing changed");
}

#[test]
fn update_and_the_multi_methods_are_405_and_create_on_an_id_is_no_route() {
    let tenant = arranged();
    let owner = tenant.liondesk(0);
    let error = feathers_method_not_allowed;

    let r = owner.send("PUT", "/hotnesses/1", Some(br#"{"name":"x"}"#));
    assert_eq!((r.status, &r.body), (405, &error("Method `update` is not supported by this endpoint.")));
    assert_eq!(r.header("allow"), Some("GET,POST,PATCH,DELETE"));
    let r = owner.patch("/hotnesses", &json!({"name": "x"}));
    assert_eq!((r.status, r.body), (405, error("Can not patch multiple entries")));
    let r = owner.delete("/hotnesses");
    assert_eq!((r.status, r.body), (405, error("Can not remove multiple entries")));
    let r = owner.post("/hotnesses", &json!([{"name": "x"}]));
    assert_eq!((r.status, r.body), (405, error("Can not create multiple entries")));
    let r = owner.post("/hotnesses/1", &json!({"name": "x"}));
    let page_not_found = json!({"name": "NotFound", "message": "Page not found", "code": 404, "className": "not-found",
                                "data": {"url": "/hotnesses/1"}, "errors": {}});
    assert_eq!((r.status, r.body), (404, page_not_found), "Feathers has no create on an id route");
    assert_eq!(owner.ids("/hotnesses"), [3, 1, 2], "nothing changed");
}

#[test]
fn a_contact_embeds_its_hotness_and_loses_it_when_the_hotness_is_removed() {
    let tenant = arranged();
    let owner = tenant.liondesk(0);
    tenant.arrange("liondesk", "contacts", json!([{"id": 1, "hotness_id": 1, "created_at": AT, "modified_at": AT}]));

    let with_hot = contact(1, 1, json!({"hotness_id": 1, "hotness": {"name": "Hot", "rank": 2, "color": "#ff0000"}}));
    assert_eq!(owner.get("/contacts/1").body, with_hot);

    owner.patch("/hotnesses/1", &json!({"name": "Scorching", "color": "#ee0000"}));
    assert_eq!(owner.get("/contacts/1").body["hotness"], json!({"name": "Scorching", "rank": 2, "color": "#ee0000"}));

    let r = owner.delete("/hotnesses/1");
    assert_eq!(r.status, 200);
    assert_eq!(owner.get("/contacts/1").body, contact(1, 1, json!({})), "no hotness left, modified_at kept");
}

#[test]
fn a_contacts_hotness_is_set_by_id_and_cleared_with_0() {
    let tenant = arranged();
    let owner = tenant.liondesk(0);
    tenant.arrange("liondesk", "contacts", json!([{"id": 1, "created_at": AT, "modified_at": AT}]));

    let r = owner.patch("/contacts/1", &json!({"hotness_id": 3, "modified_at": AT}));
    assert_eq!(r.body, contact(1, 1, json!({"hotness_id": 3, "hotness": {"name": "Cold", "rank": 1, "color": "#0000ff"}})));
    let r = owner.patch("/contacts/1", &json!({"hotness_id": 0, "modified_at": AT}));
    assert_eq!(r.body, contact(1, 1, json!({})));
    let r = owner.patch("/contacts/1", &json!({"hotness_id": 4}));
    assert_eq!(
        (r.status, r.body),
        (400, feathers_invalid("hotness_id", "must be one of your hotnesses (4 is not)", json!(4))),
        "the teammate's hotness"
    );
}

#[test]
fn arranging_hotnesses_checks_the_records() {
    let tenant = arranged();

    let r = tenant.try_arrange("liondesk", "hotnesses", json!([{"id": 1, "name": "Again"}]));
    assert_eq!((r.status, &r.body["message"]), (400, &json!("record 0: id: 1 already exists")));
    let r = tenant.try_arrange("liondesk", "hotnesses", json!([{"name": "Hot", "colour": "#ff0000"}]));
    assert_eq!(
        (r.status, &r.body["message"]),
        (400, &json!("record 0: colour: unknown field (expected one of: id, user_id, name, rank, color)"))
    );
    let r = tenant.try_arrange("liondesk", "hotnesses", json!([{"color": "blue"}]));
    assert_eq!(
        (r.status, &r.body["message"]),
        (400, &json!("record 0: color: Validation error: color must be a hex color such as #3b274c"))
    );
    let r = tenant.try_arrange("liondesk", "hotnesses", json!([{"name": "Hot", "user_id": 9}]));
    assert_eq!((r.status, &r.body["message"]), (400, &json!("record 0: user_id: user 9 does not exist")));
}

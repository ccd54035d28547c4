//! Events (`/events`): submitted, found and got by whoever can see the event's contact (owner,
//! assignee, a user it is shared with, the owner's teammates when the team shares contacts);
//! updated and removed only by the contact's owner.

use serde_json::{Value, json};

use super::users_teams::{NOW, frozen_tenant};
use crate::helpers::{
    LionDeskClient, TestTenant, feathers_error, feathers_invalid, feathers_method_not_allowed, feathers_not_found,
};

const AT: &str = "2024-01-02T03:04:05.000Z";

fn forbidden(verb: &str) -> Value {
    let message = format!("Only the owner of an event's contact may {verb} the event");
    feathers_error(403, "Forbidden", "forbidden", &message)
}

/// An event as answered: `fields` over an event of `user` on `contact`, source `api`, stamped `AT`.
fn event(id: i64, user: i64, contact: i64, fields: Value) -> Value {
    let mut e = json!({
        "id": id, "user_id": user, "contact_id": contact, "source": "api", "type": "note", "description": null,
        "site_domain": null, "dialer_session_id": null, "property": null, "created_at": AT, "modified_at": AT
    });
    for (k, v) in fields.as_object().cloned().unwrap_or_default() {
        e[k] = v;
    }
    e
}

/// Contacts: 5 the owner's, 6 the owner's assigned to the outsider, 7 the outsider's shared
/// with the teammate, 8 the teammate's. Events 1–4 on them in turn, by each contact's owner.
/// Team sharing is off.
fn arranged() -> TestTenant {
    let tenant = TestTenant::new();
    // A team without sharing, so that the owner may assign a contact to the outsider.
    tenant.arrange("liondesk", "teams", json!([{"id": 3, "name": "Deal", "user_ids": [1, 3]}]));
    tenant.arrange(
        "liondesk",
        "contacts",
        json!([
            {"id": 5, "first_name": "Mine"},
            {"id": 6, "first_name": "Assigned", "assigned_user_id": 3},
            {"id": 7, "owner_user_id": 3},
            {"id": 8, "owner_user_id": 2}
        ]),
    );
    tenant.arrange("liondesk", "shares", json!([{"contact_id": 7, "user_id": 2}]));
    tenant.arrange(
        "liondesk",
        "events",
        json!([
            {"id": 1, "contact_id": 5, "type": "note", "created_at": AT},
            {"id": 2, "contact_id": 6, "type": "call", "source": "disposition", "dialer_session_id": 44, "created_at": AT},
            {"id": 3, "contact_id": 7, "type": "property_viewed", "source": "web", "site_domain": "homes.example.com",
             "property": "{\"mls\": \"A1\"}", "created_at": "2024-03-01T00:00:00Z"},
            {"id": 4, "contact_id": 8, "type": "note", "description": "Met at the open house", "created_at": "2024-02-01T00:00:00Z",
             "modified_at": "2024-02-02T00:00:00Z"}
        ]),
    );
    tenant
}

fn stored(id: i64) -> Value {
    match id {
        1 => event(1, 1, 5, json!({})),
        2 => event(2, 1, 6, json!({"type": "call", "source": "disposition", "dialer_session_id": 44})),
        3 => event(
            3,
            3,
            7,
            json!({"type": "property_viewed", "source": "web", "site_domain": "homes.example.com",
                   "property": "{\"mls\": \"A1\"}", "created_at": "2024-03-01T00:00:00.000Z", "modified_at": "2024-03-01T00:00:00.000Z"}),
        ),
        _ => event(
            4,
            2,
            8,
            json!({"description": "Met at the open house", "created_at": "2024-02-01T00:00:00.000Z",
                   "modified_at": "2024-02-02T00:00:00.000Z"}),
        ),
    }
}

/// `user` finds exactly `visible`, gets each whole, and gets 404 for the other events.
fn assert_sees(user: &LionDeskClient, visible: &[i64], who: &str) {
    let r = user.get("/events");
    let data: Vec<Value> = visible.iter().map(|id| stored(*id)).collect();
    assert_eq!((r.status, r.body), (200, json!({"total": visible.len(), "limit": 10, "skip": 0, "data": data})), "{who} finds");
    for id in 1..=4 {
        let r = user.get(&format!("/events/{id}"));
        let expected = if visible.contains(&id) { (200, stored(id)) } else { (404, feathers_not_found(id)) };
        assert_eq!((r.status, r.body), expected, "{who} gets event {id}");
    }
}

#[test]
fn a_submitted_event_belongs_to_the_submitter_with_source_api() {
    let tenant = frozen_tenant();
    tenant.arrange("liondesk", "contacts", json!([{"id": 5, "first_name": "Bill"}]));
    let owner = tenant.liondesk(0);

    let r = owner.post(
        "/events",
        &json!({
            "contact_id": "5", "type": "property_viewed", "description": "Viewed 12 Elm St", "site_domain": "homes.example.com",
            "source": "web", "dialer_session_id": 3, "property": "12 Elm St", "user_id": 3, "id": 40
        }),
    );

    let expected = json!({
        "id": 1, "user_id": 1, "contact_id": 5, "source": "api", "type": "property_viewed", "description": "Viewed 12 Elm St",
        "site_domain": "homes.example.com", "dialer_session_id": null, "property": null, "created_at": NOW, "modified_at": NOW
    });
    assert_eq!((r.status, &r.body), (201, &expected));
    assert_eq!(owner.get("/events/1").body, expected);
}

#[test]
fn created_at_and_modified_at_are_writable() {
    let tenant = frozen_tenant();
    tenant.arrange("liondesk", "contacts", json!([{"id": 5}]));
    let owner = tenant.liondesk(0);

    let created = owner.post("/events", &json!({"contact_id": 5, "type": "note", "created_at": "2023-06-01T12:00:00-04:00"}));
    let dated = owner.patch("/events/1", &json!({"modified_at": "2023-07-01", "description": "Later"}));
    let stamped = owner.patch("/events/1", &json!({"type": "call"}));
    let cleared = owner.patch("/events/1", &json!({"created_at": null}));

    assert_eq!(
        (created.status, &created.body["created_at"], &created.body["modified_at"]),
        (201, &json!("2023-06-01T16:00:00.000Z"), &json!(NOW))
    );
    assert_eq!(
        (dated.status, &dated.body["created_at"], &dated.body["modified_at"], &dated.body["description"]),
        (200, &json!("2023-06-01T16:00:00.000Z"), &json!("2023-07-01T00:00:00.000Z"), &json!("Later"))
    );
    assert_eq!((stamped.status, &stamped.body["modified_at"], &stamped.body["type"]), (200, &json!(NOW), &json!("call")));
    assert_eq!(
        (cleared.status, cleared.body),
        (400, feathers_invalid("created_at", "must be an ISO 8601 date-time", Value::Null))
    );
}

#[test]
fn an_event_needs_a_contact_and_a_type_within_the_limits() {
    let tenant = TestTenant::new();
    tenant.arrange("liondesk", "contacts", json!([{"id": 5}]));
    let owner = tenant.liondesk(0);
    let with = |key: &str, value: Value| {
        let mut body =
            json!({"contact_id": 5, "type": "t".repeat(45), "description": "d".repeat(2000), "site_domain": "s".repeat(100)});
        body[key] = value;
        body
    };

    for (body, expected) in [
        (json!({}), feathers_invalid("contact_id", "is required", Value::Null)),
        (json!({"type": "note", "contact_id": null}), feathers_invalid("contact_id", "is required", Value::Null)),
        (json!({"contact_id": 5}), feathers_invalid("type", "is required", Value::Null)),
        (with("type", json!("")), feathers_invalid("type", "is required", json!(""))),
        (with("type", json!("t".repeat(46))), feathers_invalid("type", "must be at most 45 characters", json!("t".repeat(46)))),
        (
            with("description", json!("d".repeat(2001))),
            feathers_invalid("description", "must be at most 2000 characters", json!("d".repeat(2001))),
        ),
        (
            with("site_domain", json!("s".repeat(101))),
            feathers_invalid("site_domain", "must be at most 100 characters", json!("s".repeat(101))),
        ),
        (with("contact_id", json!("abc")), feathers_invalid("contact_id", "must be a positive integer id", json!("abc"))),
        (with("type", json!({"a": 1})), feathers_invalid("type", "must be a string", json!({"a": 1}))),
        (
            with("created_at", json!("yesterday")),
            feathers_invalid("created_at", "must be an ISO 8601 date-time", json!("yesterday")),
        ),
        (json!("note"), feathers_error(400, "BadRequest", "bad-request", "The body must be a JSON object")),
    ] {
        let r = owner.post("/events", &body);

        assert_eq!((r.status, r.body), (400, expected));
    }
    assert_eq!(owner.ids("/events"), Vec::<i64>::new(), "nothing was stored");
    assert_eq!(owner.post("/events", &with("type", json!("t".repeat(45)))).status, 201);
}

#[test]
fn an_event_on_a_contact_the_submitter_cannot_see_is_a_400() {
    let tenant = arranged();
    let teammate = tenant.liondesk(1);

    let hidden = teammate.post("/events", &json!({"contact_id": 5, "type": "note"}));
    let missing = teammate.post("/events", &json!({"contact_id": 99, "type": "note"}));
    let shared = teammate.post("/events", &json!({"contact_id": 7, "type": "note"}));

    assert_eq!(
        (hidden.status, hidden.body),
        (400, feathers_invalid("contact_id", "must be a contact you can see (5 is not)", json!(5)))
    );
    assert_eq!(
        (missing.status, missing.body),
        (400, feathers_invalid("contact_id", "must be a contact you can see (99 is not)", json!(99)))
    );
    assert_eq!((shared.status, &shared.body["user_id"], &shared.body["contact_id"]), (201, &json!(2), &json!(7)));
}

#[test]
fn events_are_seen_by_whoever_sees_their_contact() {
    let tenant = arranged();
    let (owner, teammate, outsider) = (tenant.liondesk(0), tenant.liondesk(1), tenant.liondesk(2));

    assert_sees(&owner, &[1, 2], "the owner");
    assert_sees(&teammate, &[3, 4], "the teammate (shared 7, own 8)");
    assert_sees(&outsider, &[2, 3], "the outsider (assigned 6, own 7)");

    tenant.arrange("liondesk", "team_settings", json!([{"team_id": 1, "is_contact_resource_sharing_enabled": true}]));

    assert_sees(&owner, &[1, 2, 4], "the owner with team sharing");
    assert_sees(&teammate, &[1, 2, 3, 4], "the teammate with team sharing");
    assert_sees(&outsider, &[2, 3], "the outsider with team sharing");
}

#[test]
fn only_the_owner_of_the_contact_updates_or_removes_an_event() {
    let tenant = frozen_tenant();
    tenant.arrange("liondesk", "teams", json!([{"id": 3, "name": "Deal", "user_ids": [1, 3]}]));
    tenant.arrange("liondesk", "contacts", json!([{"id": 5, "assigned_user_id": 3}, {"id": 6, "owner_user_id": 3}]));
    tenant.arrange("liondesk", "events", json!([{"id": 1, "contact_id": 5, "type": "note", "created_at": AT}]));
    let (owner, teammate, assignee) = (tenant.liondesk(0), tenant.liondesk(1), tenant.liondesk(2));

    let by_assignee = assignee.patch("/events/1", &json!({"type": "call"}));
    let removed_by_assignee = assignee.delete("/events/1");
    let by_stranger = teammate.patch("/events/1", &json!({"type": "call"}));
    let removed_by_stranger = teammate.delete("/events/1");
    let to_hidden = owner.patch("/events/1", &json!({"contact_id": 6}));
    let by_owner = owner.patch("/events/1", &json!({"type": "call", "source": "web", "user_id": 2}));
    let removed = owner.delete("/events/1");

    assert_eq!((by_assignee.status, by_assignee.body), (403, forbidden("update")));
    assert_eq!((removed_by_assignee.status, removed_by_assignee.body), (403, forbidden("remove")));
    assert_eq!((by_stranger.status, by_stranger.body), (404, feathers_not_found("1")));
    assert_eq!((removed_by_stranger.status, removed_by_stranger.body), (404, feathers_not_found("1")));
    assert_eq!(
        (to_hidden.status, to_hidden.body),
        (400, feathers_invalid("contact_id", "must be a contact you can see (6 is not)", json!(6)))
    );
    let expected = event(1, 1, 5, json!({"type": "call", "modified_at": NOW}));
    assert_eq!((by_owner.status, &by_owner.body), (200, &expected));
    assert_eq!((removed.status, removed.body), (200, expected));
    assert_eq!(owner.get("/events/1").body, feathers_not_found("1"));
}

#[test]
fn find_events_takes_the_feathers_operators() {
    let tenant = arranged();
    tenant.arrange("liondesk", "team_settings", json!([{"team_id": 1, "is_contact_resource_sharing_enabled": true}]));
    let teammate = tenant.liondesk(1);

    assert_eq!(teammate.ids("/events?type=NOTE"), [1, 4]);
    assert_eq!(teammate.ids("/events?type[$in]=call&type[$in]=property_viewed"), [2, 3]);
    assert_eq!(teammate.ids("/events?source[$nin]=api&$sort[source]=1"), [2, 3]);
    assert_eq!(teammate.ids("/events?created_at[$gte]=2024-02-01&created_at[$lte]=2024-03-01T00:00:00Z"), [3, 4]);
    assert_eq!(teammate.ids("/events?dialer_session_id[$gt]=40"), [2]);
    assert_eq!(teammate.ids("/events?$or[0][contact_id]=5&$or[1][site_domain]=homes.example.com&$sort[id]=-1"), [3, 1]);
    assert_eq!(teammate.ids("/events?user_id[$ne]=1&$sort[created_at]=-1"), [3, 4]);
    let r = teammate.get("/events?contact_id=8&$select[]=description");
    assert_eq!(
        (r.status, r.body),
        (200, json!({"total": 1, "limit": 10, "skip": 0, "data": [{"id": 4, "description": "Met at the open house"}]}))
    );
    let r = teammate.get("/events?$limit=1&$skip=3");
    assert_eq!((r.status, r.body), (200, json!({"total": 4, "limit": 1, "skip": 3, "data": [stored(4)]})));
    let r = teammate.get("/events?type[$regex]=n");
    let mut expected = feathers_error(400, "BadRequest", "bad-request", "Invalid query parameter $regex");
    expected["data"] = json!({"$regex": "n"});
    assert_eq!((r.status, r.body), (400, expected));
}

#[test]
fn events_refuse_update_and_methods_without_an_id_with_405() {
    let tenant = arranged();
    let owner = tenant.liondesk(0);

    for (method, path, body, message) in [
        ("PATCH", "/events", "{}", "Can not patch multiple entries"),
        ("DELETE", "/events", "", "Can not remove multiple entries"),
        ("PUT", "/events/1", "{}", "Method `update` is not supported by this endpoint."),
        ("POST", "/events", r#"[{"contact_id": 5, "type": "note"}]"#, "Can not create multiple entries"),
    ] {
        let r = owner.send(method, path, Some(body.as_bytes()));

        assert_eq!(
            (r.status, r.header("allow"), &r.body),
            (405, Some("GET,POST,PATCH,DELETE"), &feathers_method_not_allowed(message)),
            "{method} {path}"
        );
    }
    assert_eq!(owner.ids("/events"), [1, 2]);
}

#[test]
fn removing_a_contact_removes_its_events() {
    let tenant = arranged();
    let owner = tenant.liondesk(0);

    assert_eq!(owner.delete("/contacts/6").status, 200);

    assert_eq!(owner.ids("/events"), [1]);
    assert_eq!(owner.get("/events/2").body, feathers_not_found("2"));
}

#[test]
fn another_tenants_events_are_never_visible() {
    let (tenant, other) = (TestTenant::new(), arranged());
    let owner = tenant.liondesk(0);

    assert_eq!(owner.ids("/events"), Vec::<i64>::new());
    assert_eq!(owner.get("/events/1").body, feathers_not_found("1"));
    assert_eq!(owner.patch("/events/1", &json!({"type": "x"})).status, 404);
    assert_eq!(owner.delete("/events/1").status, 404);
    assert_eq!(owner.post("/events", &json!({"contact_id": 5, "type": "note"})).status, 400);
    assert_sees(&other.liondesk(0), &[1, 2], "the other tenant's owner");
}

#[test]
fn arranging_an_event_checks_what_it_refers_to() {
    let tenant = TestTenant::new();
    tenant.arrange("liondesk", "contacts", json!([{"id": 5, "owner_user_id": 2}]));

    let defaulted = tenant.arrange("liondesk", "events", json!([{"contact_id": 5, "type": "note", "created_at": AT}]));
    let contact = tenant.try_arrange("liondesk", "events", json!([{"contact_id": 9, "type": "note"}]));
    let user = tenant.try_arrange("liondesk", "events", json!([{"contact_id": 5, "type": "note", "user_id": 8}]));
    let source = tenant.try_arrange("liondesk", "events", json!([{"contact_id": 5, "type": "note", "source": "email"}]));

    assert_eq!(defaulted, [json!(1)]);
    assert_eq!(tenant.liondesk(1).get("/events/1").body, event(1, 2, 5, json!({})), "the contact's owner by default");
    let admin = |message: &str| json!({"status": 400, "message": message});
    assert_eq!((contact.status, contact.body), (400, admin("record 0: contact_id: contact 9 does not exist")));
    assert_eq!((user.status, user.body), (400, admin("record 0: user_id: user 8 does not exist")));
    assert_eq!(
        (source.status, source.body),
        (400, admin("record 0: source: Validation error: source must be one of: web, disposition, api"))
    );
}

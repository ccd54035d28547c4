//! Tasks v2.0 (`/tasks`): a user sees the tasks they own or are assigned; the owner or the
//! assignee updates one, only the owner removes it; the contact must be one the submitter can
//! see and the assignee one of their teammates.

use serde_json::{Value, json};

use super::users_teams::{NOW, frozen_tenant};
use crate::helpers::{TestTenant, feathers_error, feathers_invalid, feathers_method_not_allowed, feathers_not_found};

const AT: &str = "2024-01-02T03:04:05.000Z";

/// A task as answered: `fields` over an arranged task of `owner` stamped `AT`.
fn task(id: i64, owner: i64, fields: Value) -> Value {
    let mut t = json!({
        "id": id, "owner_user_id": owner, "contact_id": null, "action_type": "None", "reminder_type": "None",
        "assigned_user_id": null, "due_at": null, "description": format!("Task {id}"), "status": "incomplete",
        "notes": null, "created_at": AT, "modified_at": AT
    });
    for (k, v) in fields.as_object().cloned().unwrap_or_default() {
        t[k] = v;
    }
    if let Some(a) = t.get("action_type").cloned() {
        t["reminder_type"] = a;
    }
    t
}

/// The arranged record of `task(id, owner, fields)`.
fn arranged(id: i64, owner: i64, fields: Value) -> Value {
    let mut t = task(id, owner, fields);
    t.as_object_mut().expect("object").remove("reminder_type");
    t
}

/// Contact 5 owned by the owner, 6 by the outsider.
fn with_contacts(tenant: &TestTenant) {
    tenant.arrange("liondesk", "contacts", json!([{"id": 5, "first_name": "Bill"}, {"id": 6, "owner_user_id": 3}]));
}

#[test]
fn a_submitted_task_is_owned_by_the_submitter_and_read_back_whole() {
    let tenant = frozen_tenant();
    with_contacts(&tenant);
    let owner = tenant.liondesk(0);

    let r = owner.post(
        "/tasks",
        &json!({
            "contact_id": "5", "action_type": "call contact", "assigned_user_id": 2, "due_at": "2024-05-03T09:30:00-07:00",
            "description": "Call Bill about the offer", "status": "Incomplete", "notes": "Before noon",
            "owner_user_id": 3, "id": 77, "created_at": "2001-01-01T00:00:00Z", "secondary": "ignored"
        }),
    );

    let expected = json!({
        "id": 1, "owner_user_id": 1, "contact_id": 5, "action_type": "Call Contact", "reminder_type": "Call Contact",
        "assigned_user_id": 2, "due_at": "2024-05-03T16:30:00.000Z", "description": "Call Bill about the offer",
        "status": "incomplete", "notes": "Before noon", "created_at": NOW, "modified_at": NOW
    });
    assert_eq!((r.status, &r.body), (201, &expected));
    assert_eq!(owner.get("/tasks/1").body, expected);
    let assignee = tenant.liondesk(1).get("/tasks");
    assert_eq!((assignee.status, assignee.body), (200, json!({"total": 1, "limit": 10, "skip": 0, "data": [expected]})));
}

#[test]
fn reminder_type_is_an_alias_of_action_type() {
    let tenant = TestTenant::new();
    let owner = tenant.liondesk(0);

    let alias = owner.post("/tasks", &json!({"reminder_type": "Text Contact", "description": "Text", "status": "complete"}));
    let clash = owner.post(
        "/tasks",
        &json!({"action_type": "None", "reminder_type": "Text Contact", "description": "Text", "status": "complete"}),
    );

    assert_eq!(
        (alias.status, &alias.body["action_type"], &alias.body["reminder_type"]),
        (201, &json!("Text Contact"), &json!("Text Contact"))
    );
    assert_eq!(
        (clash.status, clash.body),
        (400, feathers_invalid("reminder_type", "must equal action_type (it is its alias)", json!("Text Contact")))
    );
    assert_eq!(owner.ids("/tasks?reminder_type=text%20contact"), [1]);
}

#[test]
fn a_task_needs_its_required_fields_within_their_limits() {
    let tenant = TestTenant::new();
    let owner = tenant.liondesk(0);
    let valid = json!({"action_type": "None", "description": "d".repeat(2000), "status": "deleted", "notes": "n".repeat(2000)});
    let with = |key: &str, value: Value| {
        let mut body = valid.clone();
        body[key] = value;
        body
    };
    let one_of_actions = "must be one of: None, Email Contact, Call Contact, Text Contact, Agent Task - Email Reminder, \
        Agent Task - Call Reminder, Agent Task - Text Reminder, Agent Task - No Reminder, BombBomb Video Email, \
        Direct Mail: Letter, Direct Mail: Postcard, Agent Task - Direct Mail: Letter (Manual), \
        Agent Task - Direct Mail: Postcard (Manual)";

    for (body, expected) in [
        (json!({}), feathers_invalid("action_type", "is required", Value::Null)),
        (json!({"action_type": "None", "status": "complete"}), feathers_invalid("description", "is required", Value::Null)),
        (with("description", json!("")), feathers_invalid("description", "is required", json!(""))),
        (with("status", Value::Null), feathers_invalid("status", "is required", Value::Null)),
        (
            with("status", json!("done")),
            feathers_invalid("status", "must be one of: complete, incomplete, deleted", json!("done")),
        ),
        (with("action_type", json!("Fax")), feathers_invalid("action_type", one_of_actions, json!("Fax"))),
        (
            with("description", json!("d".repeat(2001))),
            feathers_invalid("description", "must be at most 2000 characters", json!("d".repeat(2001))),
        ),
        (
            with("notes", json!("n".repeat(2001))),
            feathers_invalid("notes", "must be at most 2000 characters", json!("n".repeat(2001))),
        ),
        (with("notes", json!(["x"])), feathers_invalid("notes", "must be a string", json!(["x"]))),
        (with("due_at", json!("tomorrow")), feathers_invalid("due_at", "must be an ISO 8601 date-time", json!("tomorrow"))),
        (with("contact_id", json!("five")), feathers_invalid("contact_id", "must be a positive integer id", json!("five"))),
        (with("assigned_user_id", json!(-2)), feathers_invalid("assigned_user_id", "must be a positive integer id", json!(-2))),
    ] {
        let r = owner.post("/tasks", &body);

        assert_eq!((r.status, r.body), (400, expected));
    }
    assert_eq!(owner.ids("/tasks"), Vec::<i64>::new(), "nothing was stored");
    assert_eq!(owner.post("/tasks", &valid).status, 201);
}

#[test]
fn a_task_on_a_contact_the_submitter_cannot_see_or_for_a_stranger_is_a_400() {
    let tenant = TestTenant::new();
    with_contacts(&tenant);
    let owner = tenant.liondesk(0);
    let body = |extra: Value| {
        let mut b = json!({"action_type": "None", "description": "x", "status": "incomplete"});
        b.as_object_mut().expect("object").extend(extra.as_object().cloned().unwrap_or_default());
        b
    };

    let theirs = owner.post("/tasks", &body(json!({"contact_id": 6})));
    let missing = owner.post("/tasks", &body(json!({"contact_id": 99})));
    let outsider = owner.post("/tasks", &body(json!({"assigned_user_id": 3})));
    let shared = {
        tenant.arrange("liondesk", "shares", json!([{"contact_id": 6, "user_id": 1}]));
        owner.post("/tasks", &body(json!({"contact_id": 6, "assigned_user_id": 0})))
    };

    assert_eq!(
        (theirs.status, theirs.body),
        (400, feathers_invalid("contact_id", "must be a contact you can see (6 is not)", json!(6)))
    );
    assert_eq!(
        (missing.status, missing.body),
        (400, feathers_invalid("contact_id", "must be a contact you can see (99 is not)", json!(99)))
    );
    assert_eq!(
        (outsider.status, outsider.body),
        (400, feathers_invalid("assigned_user_id", "must be a user of one of your teams (3 is not)", json!(3)))
    );
    assert_eq!((shared.status, &shared.body["contact_id"], &shared.body["assigned_user_id"]), (201, &json!(6), &Value::Null));
}

/// Tasks 1–6: 1 the owner's, 2 the owner's assigned to the teammate, 3 the teammate's assigned
/// to the owner, 4 the teammate's, 5 the outsider's, 6 the owner's assigned to themself.
fn six_tasks(tenant: &TestTenant) {
    tenant.arrange(
        "liondesk",
        "tasks",
        json!([
            arranged(1, 1, json!({"status": "complete", "due_at": "2024-03-01T00:00:00.000Z"})),
            arranged(2, 1, json!({"assigned_user_id": 2, "action_type": "Email Contact", "due_at": "2024-02-01T00:00:00.000Z"})),
            arranged(3, 2, json!({"assigned_user_id": 1, "description": "Call the BANK"})),
            arranged(4, 2, json!({})),
            arranged(5, 3, json!({})),
            arranged(6, 1, json!({"assigned_user_id": 1, "status": "deleted", "due_at": "2024-04-01T00:00:00.000Z"}))
        ]),
    );
}

#[test]
fn find_tasks_lists_what_the_user_owns_or_is_assigned_and_the_documented_filters_work() {
    let tenant = TestTenant::new();
    six_tasks(&tenant);
    let (owner, teammate, outsider) = (tenant.liondesk(0), tenant.liondesk(1), tenant.liondesk(2));

    let all = owner.get("/tasks");

    let data = vec![
        task(1, 1, json!({"status": "complete", "due_at": "2024-03-01T00:00:00.000Z"})),
        task(2, 1, json!({"assigned_user_id": 2, "action_type": "Email Contact", "due_at": "2024-02-01T00:00:00.000Z"})),
        task(3, 2, json!({"assigned_user_id": 1, "description": "Call the BANK"})),
        task(6, 1, json!({"assigned_user_id": 1, "status": "deleted", "due_at": "2024-04-01T00:00:00.000Z"})),
    ];
    assert_eq!((all.status, all.body), (200, json!({"total": 4, "limit": 10, "skip": 0, "data": data})));
    assert_eq!(teammate.ids("/tasks"), [2, 3, 4]);
    assert_eq!(outsider.ids("/tasks"), [5]);
    assert_eq!(owner.ids("/tasks?owner_user_id[$ne]=1&assigned_user_id=1"), [3], "only tasks assigned to you");
    assert_eq!(owner.ids("/tasks?owner_user_id=1&assigned_user_id[$ne]=1"), [2], "tasks you assigned to others");
    assert_eq!(owner.ids("/tasks?owner_user_id=1&assigned_user_id=1"), [6], "yours, assigned to you");
}

#[test]
fn find_tasks_takes_the_feathers_operators() {
    let tenant = TestTenant::new();
    six_tasks(&tenant);
    let owner = tenant.liondesk(0);

    assert_eq!(owner.ids("/tasks?status[$in]=complete&status[$in]=deleted"), [1, 6]);
    assert_eq!(owner.ids("/tasks?status[$nin][]=complete"), [2, 3, 6]);
    assert_eq!(owner.ids("/tasks?due_at[$gte]=2024-02-01&due_at[$lt]=2024-04-01T00:00:00Z"), [1, 2]);
    assert_eq!(
        owner.ids("/tasks?due_at[$gt]=2024-01-31T17:00:00-07:00&$sort[due_at]=-1"),
        [6, 1],
        "strictly after 2024-02-01T00:00Z"
    );
    assert_eq!(owner.ids("/tasks?description=call%20the%20bank"), [3]);
    assert_eq!(owner.ids("/tasks?$or[0][action_type]=email%20contact&$or[1][status]=deleted"), [2, 6]);
    assert_eq!(owner.ids("/tasks?$sort[owner_user_id]=-1&$sort[id]=-1"), [3, 6, 2, 1]);
    let r = owner.get("/tasks?$select[]=status&$select[]=due_at&$limit=2&$skip=1&$sort[id]=1");
    assert_eq!(
        (r.status, r.body),
        (
            200,
            json!({"total": 4, "limit": 2, "skip": 1, "data": [
                {"id": 2, "due_at": "2024-02-01T00:00:00.000Z", "status": "incomplete"},
                {"id": 3, "due_at": null, "status": "incomplete"}
            ]})
        )
    );
    let r = owner.get("/tasks?$limit=0");
    assert_eq!((r.status, r.body), (200, json!({"total": 4, "limit": 0, "skip": 0, "data": []})));
    let r = owner.get("/tasks?priority=high");
    let message = "Invalid query parameter priority: tasks has no such field";
    assert_eq!((r.status, r.body), (400, feathers_error(400, "BadRequest", "bad-request", message)));
}

#[test]
fn the_owner_or_the_assignee_updates_a_task_and_only_the_owner_removes_it() {
    let tenant = frozen_tenant();
    six_tasks(&tenant);
    let (owner, teammate, outsider) = (tenant.liondesk(0), tenant.liondesk(1), tenant.liondesk(2));

    let patched = teammate.patch("/tasks/2", &json!({"status": "complete", "notes": "Done", "owner_user_id": 2, "id": 9}));
    let hidden = outsider.patch("/tasks/2", &json!({"status": "complete"}));
    let refused = teammate.delete("/tasks/2");
    let removed = owner.delete("/tasks/2");

    let expected = task(
        2,
        1,
        json!({"assigned_user_id": 2, "action_type": "Email Contact", "due_at": "2024-02-01T00:00:00.000Z",
               "status": "complete", "notes": "Done", "modified_at": NOW}),
    );
    assert_eq!((patched.status, &patched.body), (200, &expected));
    assert_eq!((hidden.status, hidden.body), (404, feathers_not_found("2")));
    assert_eq!(
        (refused.status, refused.body),
        (403, feathers_error(403, "Forbidden", "forbidden", "Only the owner of a task may remove it"))
    );
    assert_eq!((removed.status, removed.body), (200, expected));
    assert_eq!(owner.get("/tasks/2").body, feathers_not_found("2"));
    assert_eq!(owner.ids("/tasks"), [1, 3, 6]);
}

#[test]
fn an_update_is_checked_like_a_submission() {
    let tenant = TestTenant::new();
    with_contacts(&tenant);
    six_tasks(&tenant);
    let owner = tenant.liondesk(0);

    let cleared = owner.patch("/tasks/1", &json!({"description": null}));
    let theirs = owner.patch("/tasks/1", &json!({"contact_id": 6}));
    let narrowed = owner.patch("/tasks/1?status=incomplete", &json!({"notes": "x"}));
    let elsewhere = owner.get("/tasks/5");
    let odd = owner.get("/tasks/1abc");

    assert_eq!((cleared.status, cleared.body), (400, feathers_invalid("description", "is required", Value::Null)));
    assert_eq!(
        (theirs.status, theirs.body),
        (400, feathers_invalid("contact_id", "must be a contact you can see (6 is not)", json!(6)))
    );
    assert_eq!((narrowed.status, narrowed.body), (404, feathers_not_found("1")));
    assert_eq!((elsewhere.status, elsewhere.body), (404, feathers_not_found("5")));
    assert_eq!((odd.status, odd.body), (404, feathers_not_found("1abc")));
    assert_eq!(owner.get("/tasks/1").body, task(1, 1, json!({"status": "complete", "due_at": "2024-03-01T00:00:00.000Z"})));
}

#[test]
fn tasks_refuse_update_and_methods_without_an_id_with_405() {
    let tenant = TestTenant::new();
    six_tasks(&tenant);
    let owner = tenant.liondesk(0);

    for (method, path, body, message) in [
        ("PATCH", "/tasks", "{}", "Can not patch multiple entries"),
        ("DELETE", "/tasks", "", "Can not remove multiple entries"),
        ("PUT", "/tasks/1", "{}", "Method `update` is not supported by this endpoint."),
        ("PUT", "/tasks", "{}", "Method `update` is not supported by this endpoint."),
        ("POST", "/tasks", "[{}]", "Can not create multiple entries"),
    ] {
        let r = owner.send(method, path, Some(body.as_bytes()));

        assert_eq!(
            (r.status, r.header("allow"), &r.body),
            (405, Some("GET,POST,PATCH,DELETE"), &feathers_method_not_allowed(message)),
            "{method} {path}"
        );
    }
    assert_eq!(owner.ids("/tasks"), [1, 2, 3, 6]);
}

#[test]
fn another_tenants_tasks_are_never_visible() {
    let (tenant, other) = (TestTenant::new(), TestTenant::new());
    six_tasks(&other);
    let owner = tenant.liondesk(0);

    assert_eq!(owner.ids("/tasks"), Vec::<i64>::new());
    assert_eq!(owner.get("/tasks/1").body, feathers_not_found("1"));
    assert_eq!(owner.patch("/tasks/1", &json!({"status": "complete"})).status, 404);
    assert_eq!(owner.delete("/tasks/1").status, 404);
    assert_eq!(other.liondesk(0).ids("/tasks"), [1, 2, 3, 6], "untouched");
}

#[test]
fn arranging_a_task_checks_what_it_refers_to() {
    let tenant = TestTenant::new();
    with_contacts(&tenant);

    let contact = tenant.try_arrange("liondesk", "tasks", json!([arranged(1, 1, json!({"contact_id": 99}))]));
    let owner = tenant.try_arrange("liondesk", "tasks", json!([arranged(1, 9, json!({}))]));
    let required = tenant.try_arrange("liondesk", "tasks", json!([{"description": "x"}]));
    let duplicate = {
        tenant.arrange("liondesk", "tasks", json!([arranged(1, 1, json!({"contact_id": 6}))]));
        tenant.try_arrange("liondesk", "tasks", json!([arranged(1, 1, json!({}))]))
    };

    let admin = |message: &str| json!({"status": 400, "message": message});
    assert_eq!((contact.status, contact.body), (400, admin("record 0: contact_id: contact 99 does not exist")));
    assert_eq!((owner.status, owner.body), (400, admin("record 0: owner_user_id: user 9 does not exist")));
    assert_eq!(
        (required.status, required.body),
        (400, admin("record 0: action_type: Validation error: action_type is required"))
    );
    assert_eq!((duplicate.status, duplicate.body), (400, admin("record 0: id: 1 already exists")));
}

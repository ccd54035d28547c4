//! Tasks: the three Get Tasks for a Contact routes, Get Tasks, Get Task, and the task outcomes,
//! types and statuses.

use serde_json::{Value, json};

use crate::helpers::{LivingMetricsClient, TestTenant, lm_error, send};

/// Contacts 10 and 11, a second user (2) who may only see their own tasks, and six tasks:
/// 101 (user 1, due 3 May), 102 (user 2, due 2 May), 103 (user 1, no due date), 104 (user 1,
/// completed, due 1 May) on contact 10; 105 (user 2) on contact 11; 106 (user 1) on no contact.
fn arranged() -> TestTenant {
    let tenant = TestTenant::new();
    tenant.arrange(
        "livingmetrics",
        "users",
        json!([{"id": 2, "first_name": "Sam", "last_name": "Seller", "email": "sam@example.com",
                "api_key": sam_key(&tenant), "own_tasks_only": true}]),
    );
    tenant.arrange(
        "livingmetrics",
        "contacts",
        json!([
            {"id": 10, "first_name": "Ann", "created_at": "2024-04-01T00:00:00Z"},
            {"id": 11, "first_name": "Ben", "created_at": "2024-04-01T00:00:00Z"}
        ]),
    );
    tenant.arrange(
        "livingmetrics",
        "tasks",
        json!([
            {"id": 101, "contact_id": 10, "user_id": 1, "title": "Call Ann", "description": "Intro call",
             "type_id": 1, "status_id": 1, "due_at": "2024-05-03T09:00:00Z", "created_at": "2024-05-01T08:00:00Z"},
            {"id": 102, "contact_id": 10, "user_id": 2, "title": "Email Ann", "type_id": 2, "status_id": 2,
             "due_at": "2024-05-02T09:00:00Z", "created_at": "2024-05-01T08:00:00Z", "updated_at": "2024-05-01T09:30:00Z"},
            {"id": 103, "contact_id": 10, "user_id": 1, "title": "Someday", "created_at": "2024-05-01T08:00:00Z"},
            {"id": 104, "contact_id": 10, "user_id": 1, "title": "Done already", "type_id": 1, "status_id": 3,
             "outcome_id": 1, "due_at": "2024-05-01T09:00:00Z", "completed": true,
             "completed_at": "2024-05-01T09:15:00Z", "created_at": "2024-04-30T08:00:00Z"},
            {"id": 105, "contact_id": 11, "user_id": 2, "title": "Call Ben", "due_at": "2024-05-04T09:00:00Z",
             "created_at": "2024-05-01T08:00:00Z"},
            {"id": 106, "user_id": 1, "title": "Plan the week", "due_at": "2024-05-05T09:00:00Z",
             "created_at": "2024-05-01T08:00:00Z"}
        ]),
    );
    tenant
}

/// A key unique on the shared server.
fn sam_key(tenant: &TestTenant) -> String {
    format!("sam-{}", tenant.id)
}

/// User 2's client (may only see their own tasks).
fn sam(tenant: &TestTenant) -> LivingMetricsClient {
    LivingMetricsClient { key: sam_key(tenant), ..tenant.livingmetrics() }
}

/// The wire shape of each arranged task.
fn task(id: i64) -> Value {
    match id {
        101 => json!({"id": 101, "contact_id": 10, "user_id": 1, "title": "Call Ann", "description": "Intro call",
            "type_id": 1, "status_id": 1, "outcome_id": null, "due_at": "2024-05-03T09:00:00Z", "completed": false,
            "completed_at": null, "created_at": "2024-05-01T08:00:00Z", "updated_at": "2024-05-01T08:00:00Z"}),
        102 => json!({"id": 102, "contact_id": 10, "user_id": 2, "title": "Email Ann", "description": null,
            "type_id": 2, "status_id": 2, "outcome_id": null, "due_at": "2024-05-02T09:00:00Z", "completed": false,
            "completed_at": null, "created_at": "2024-05-01T08:00:00Z", "updated_at": "2024-05-01T09:30:00Z"}),
        103 => json!({"id": 103, "contact_id": 10, "user_id": 1, "title": "Someday", "description": null,
            "type_id": null, "status_id": null, "outcome_id": null, "due_at": null, "completed": false,
            "completed_at": null, "created_at": "2024-05-01T08:00:00Z", "updated_at": "2024-05-01T08:00:00Z"}),
        104 => json!({"id": 104, "contact_id": 10, "user_id": 1, "title": "Done already", "description": null,
            "type_id": 1, "status_id": 3, "outcome_id": 1, "due_at": "2024-05-01T09:00:00Z", "completed": true,
            "completed_at": "2024-05-01T09:15:00Z", "created_at": "2024-04-30T08:00:00Z", "updated_at": "2024-04-30T08:00:00Z"}),
        105 => json!({"id": 105, "contact_id": 11, "user_id": 2, "title": "Call Ben", "description": null,
            "type_id": null, "status_id": null, "outcome_id": null, "due_at": "2024-05-04T09:00:00Z", "completed": false,
            "completed_at": null, "created_at": "2024-05-01T08:00:00Z", "updated_at": "2024-05-01T08:00:00Z"}),
        106 => json!({"id": 106, "contact_id": null, "user_id": 1, "title": "Plan the week", "description": null,
            "type_id": null, "status_id": null, "outcome_id": null, "due_at": "2024-05-05T09:00:00Z", "completed": false,
            "completed_at": null, "created_at": "2024-05-01T08:00:00Z", "updated_at": "2024-05-01T08:00:00Z"}),
        _ => unreachable!("no task {id}"),
    }
}

/// A list body of these tasks, in this order, with the default paging.
fn tasks(ids: &[i64]) -> Value {
    json!({"data": ids.iter().map(|id| task(*id)).collect::<Vec<_>>(), "page": 0, "limit": 100, "total": ids.len()})
}

const CONTACT_ROUTES: &[&str] = &["/v1/contacts/{id}/task.json", "/v1/contacts/{id}/tasks.json", "/v1/tasks/contact/{id}.json"];

/// Each Get Tasks for a Contact route for `contact`, with and without the `.json` suffix.
fn contact_routes(contact: &str) -> Vec<String> {
    CONTACT_ROUTES
        .iter()
        .flat_map(|route| {
            let path = route.replace("{id}", contact);
            [path.clone(), path.trim_end_matches(".json").to_owned()]
        })
        .collect()
}

#[test]
fn contact_task_routes_hide_completed_tasks_and_put_the_soonest_due_first() {
    let tenant = arranged();
    let lm = tenant.livingmetrics();
    for path in contact_routes("10") {
        let r = lm.get(&path);
        assert_eq!((r.status, &r.body), (200, &tasks(&[102, 101, 103])), "{path}");
        let r = lm.get(&format!("{path}?include_completed=0&user_only=0"));
        assert_eq!((r.status, &r.body), (200, &tasks(&[102, 101, 103])), "{path} with the flags off");
    }
}

#[test]
fn contact_task_routes_include_completed_tasks_on_request() {
    let tenant = arranged();
    let lm = tenant.livingmetrics();
    for path in contact_routes("10") {
        for flag in ["1", "true"] {
            let r = lm.get(&format!("{path}?include_completed={flag}"));
            assert_eq!((r.status, &r.body), (200, &tasks(&[104, 102, 101, 103])), "{path} include_completed={flag}");
        }
    }
}

#[test]
fn contact_task_routes_restrict_to_the_key_user_with_user_only() {
    let tenant = arranged();
    let lm = tenant.livingmetrics();
    for path in contact_routes("10") {
        let r = lm.get(&format!("{path}?user_only=1"));
        assert_eq!((r.status, &r.body), (200, &tasks(&[101, 103])), "{path}");
        let r = lm.get(&format!("{path}?user_only=1&include_completed=1"));
        assert_eq!((r.status, &r.body), (200, &tasks(&[104, 101, 103])), "{path} with completed");
    }
}

#[test]
fn contact_task_routes_answer_404_for_a_missing_contact_and_400_for_a_bad_id() {
    let tenant = arranged();
    let lm = tenant.livingmetrics();
    for path in contact_routes("999") {
        let r = lm.get(&path);
        assert_eq!((r.status, r.body), (404, lm_error(404, "Contact 999 not found")), "{path}");
    }
    for path in contact_routes("abc") {
        let r = lm.get(&path);
        assert_eq!((r.status, r.body), (400, lm_error(400, "Invalid contact id 'abc': expected a positive integer")), "{path}");
    }
}

#[test]
fn a_contact_without_tasks_has_an_empty_list() {
    let tenant = arranged();
    tenant.arrange("livingmetrics", "contacts", json!([{"id": 12, "first_name": "Cy"}]));
    let r = tenant.livingmetrics().get("/v1/contacts/12/tasks.json?include_completed=1");
    assert_eq!((r.status, r.body), (200, tasks(&[])));
}

#[test]
fn get_tasks_lists_open_tasks_of_the_account_soonest_due_first() {
    let tenant = arranged();
    let lm = tenant.livingmetrics();
    for path in ["/v1/tasks.json", "/v1/tasks", "/v1/tasks.json?limit=100&page=0&include_completed=0&user_only=0"] {
        let r = lm.get(path);
        assert_eq!((r.status, &r.body), (200, &tasks(&[102, 101, 105, 106, 103])), "{path}");
    }
    let r = lm.get("/v1/tasks.json?include_completed=1");
    assert_eq!((r.status, r.body), (200, tasks(&[104, 102, 101, 105, 106, 103])));
}

#[test]
fn get_tasks_restricts_to_the_key_user_with_user_only() {
    let tenant = arranged();
    let r = tenant.livingmetrics().get("/v1/tasks.json?user_only=1&include_completed=1");
    assert_eq!((r.status, r.body), (200, tasks(&[104, 101, 106, 103])));
}

#[test]
fn get_tasks_filters_by_contact_id() {
    let tenant = arranged();
    let lm = tenant.livingmetrics();
    let r = lm.get("/v1/tasks.json?contact_id=11");
    assert_eq!((r.status, r.body), (200, tasks(&[105])));
    let r = lm.get("/v1/tasks.json?contact_id=10&include_completed=1&user_only=1");
    assert_eq!((r.status, r.body), (200, tasks(&[104, 101, 103])));
    // A filter, not a lookup: no such contact means no tasks.
    let r = lm.get("/v1/tasks.json?contact_id=999");
    assert_eq!((r.status, r.body), (200, tasks(&[])));
    let r = lm.get("/v1/tasks.json?contact_id=ten");
    assert_eq!(
        (r.status, r.body),
        (400, lm_error(400, "Invalid value 'ten' for parameter 'contact_id': expected a positive integer id"))
    );
}

#[test]
fn a_key_limited_to_its_own_tasks_is_forced_to_user_only() {
    let tenant = arranged();
    let sam = sam(&tenant);
    for path in ["/v1/tasks.json", "/v1/tasks.json?user_only=0", "/v1/tasks?user_only=false"] {
        let r = sam.get(path);
        assert_eq!((r.status, &r.body), (200, &tasks(&[102, 105])), "{path}");
    }
    for path in contact_routes("10") {
        let r = sam.get(&format!("{path}?user_only=0&include_completed=1"));
        assert_eq!((r.status, &r.body), (200, &tasks(&[102])), "{path}");
    }
    let r = sam.get("/v1/tasks.json?contact_id=10&include_completed=1");
    assert_eq!((r.status, r.body), (200, tasks(&[102])));
}

#[test]
fn user_only_means_the_user_holding_the_key() {
    let tenant = arranged();
    let key = format!("pat-{}", tenant.id);
    tenant.arrange("livingmetrics", "users", json!([{"id": 3, "first_name": "Pat", "api_key": key}]));
    tenant.arrange(
        "livingmetrics",
        "tasks",
        json!([{"id": 107, "contact_id": 11, "user_id": 3, "title": "Visit Ben", "created_at": "2024-05-01T08:00:00Z"}]),
    );
    let pat = LivingMetricsClient { key, ..tenant.livingmetrics() };
    assert_eq!(pat.ids("/v1/tasks.json?user_only=1"), vec![107]);
    assert_eq!(pat.ids("/v1/contacts/11/task.json?user_only=1"), vec![107]);
    // Without the restriction of Sam's key, Pat sees every open task and any one of them.
    assert_eq!(pat.ids("/v1/tasks.json"), vec![102, 101, 105, 106, 103, 107]);
    assert_eq!(pat.get("/v1/tasks/102.json").body, json!({"data": task(102)}));
}

#[test]
fn get_task_answers_one_task_with_or_without_the_suffix() {
    let tenant = arranged();
    let lm = tenant.livingmetrics();
    for id in [101, 102, 103, 104, 105, 106] {
        for path in [format!("/v1/tasks/{id}.json"), format!("/v1/tasks/{id}")] {
            let r = lm.get(&path);
            assert_eq!((r.status, r.body), (200, json!({"data": task(id)})), "{path}");
        }
    }
}

#[test]
fn get_task_answers_404_for_a_missing_task_and_400_for_a_bad_id() {
    let tenant = arranged();
    let lm = tenant.livingmetrics();
    let r = lm.get("/v1/tasks/12345.json");
    assert_eq!((r.status, r.body), (404, lm_error(404, "Task 12345 not found")));
    for (path, shown) in [
        ("/v1/tasks/abc.json", "abc"),
        ("/v1/tasks/0.json", "0"),
        ("/v1/tasks/-5", "-5"),
        ("/v1/tasks/101.json.json", "101.json"),
    ] {
        let r = lm.get(path);
        let message = format!("Invalid task id '{shown}': expected a positive integer");
        assert_eq!((r.status, r.body), (400, lm_error(400, &message)), "{path}");
    }
    let r = lm.get("/v1/tasks/101.json?include_completed=1");
    assert_eq!((r.status, r.body), (400, lm_error(400, "Unknown query parameter 'include_completed' (accepted: none)")));
}

#[test]
fn a_key_limited_to_its_own_tasks_gets_404_for_another_users_task() {
    let tenant = arranged();
    let sam = sam(&tenant);
    let r = sam.get("/v1/tasks/102.json");
    assert_eq!((r.status, r.body), (200, json!({"data": task(102)})));
    for id in [101, 104, 106] {
        let r = sam.get(&format!("/v1/tasks/{id}.json"));
        assert_eq!((r.status, r.body), (404, lm_error(404, &format!("Task {id} not found"))), "task {id}");
    }
    // The account key still sees every task.
    assert_eq!(tenant.livingmetrics().get("/v1/tasks/105.json").status, 200);
}

#[test]
fn another_tenants_tasks_and_contacts_are_invisible() {
    let owner = arranged();
    let other = TestTenant::new();
    let lm = other.livingmetrics();
    let r = lm.get("/v1/tasks/101.json");
    assert_eq!((r.status, r.body), (404, lm_error(404, "Task 101 not found")));
    for path in contact_routes("10") {
        let r = lm.get(&path);
        assert_eq!((r.status, r.body), (404, lm_error(404, "Contact 10 not found")), "{path}");
    }
    let r = lm.get("/v1/tasks.json?include_completed=1&contact_id=10");
    assert_eq!((r.status, r.body), (200, tasks(&[])));
    // The owner still sees all six.
    assert_eq!(owner.livingmetrics().ids("/v1/tasks.json?include_completed=1").len(), 6);
}

#[test]
fn task_flags_other_than_1_0_true_false_are_400() {
    let tenant = arranged();
    let lm = tenant.livingmetrics();
    for (param, path) in [
        ("include_completed", "/v1/tasks.json?include_completed=yes"),
        ("user_only", "/v1/tasks.json?user_only=yes"),
        ("include_completed", "/v1/contacts/10/task.json?include_completed=yes"),
        ("user_only", "/v1/tasks/contact/10.json?user_only=yes"),
    ] {
        let r = lm.get(path);
        let message = format!("Invalid value 'yes' for parameter '{param}': expected 1, 0, true or false");
        assert_eq!((r.status, r.body), (400, lm_error(400, &message)), "{path}");
    }
}

#[test]
fn task_routes_name_an_unknown_parameter_and_what_they_accept() {
    let tenant = arranged();
    let lm = tenant.livingmetrics();
    let r = lm.get("/v1/tasks.json?completed=1");
    let accepted = "limit, page, include_completed, user_only, contact_id";
    assert_eq!((r.status, r.body), (400, lm_error(400, &format!("Unknown query parameter 'completed' (accepted: {accepted})"))));
    let r = lm.get("/v1/contacts/10/tasks.json?contact_id=11");
    let accepted = "include_completed, user_only, page, limit";
    assert_eq!((r.status, r.body), (400, lm_error(400, &format!("Unknown query parameter 'contact_id' (accepted: {accepted})"))));
}

/// The id-and-name lists with the defaults of a new account (`names` in id order from 1).
fn named(names: &[&str]) -> Value {
    let data: Vec<Value> = names.iter().enumerate().map(|(i, name)| json!({"id": i + 1, "name": name})).collect();
    json!({"data": data, "page": 0, "limit": 100, "total": names.len()})
}

const OUTCOMES: &[&str] = &["Connected", "Left Voicemail", "No Answer", "Wrong Number", "Not Interested", "Meeting Booked"];
const TYPES: &[&str] = &["Call", "Email", "Meeting", "Follow Up", "To Do"];
const STATUSES: &[&str] = &["Not Started", "In Progress", "Completed", "Deferred"];

#[test]
fn a_new_account_has_the_default_task_outcomes_types_and_statuses() {
    let tenant = TestTenant::new();
    let lm = tenant.livingmetrics();
    for (path, names) in [("/v1/tasks/outcomes", OUTCOMES), ("/v1/tasks/types", TYPES), ("/v1/tasks/statuses", STATUSES)] {
        for path in [format!("{path}.json"), path.to_owned()] {
            let r = lm.get(&path);
            assert_eq!((r.status, r.body), (200, named(names)), "{path}");
        }
    }
}

#[test]
fn arranged_task_outcomes_types_and_statuses_follow_the_defaults() {
    let tenant = TestTenant::new();
    tenant.arrange("livingmetrics", "task_outcomes", json!([{"name": "Sent Brochure"}, {"id": 40, "name": "Callback"}]));
    tenant.arrange("livingmetrics", "task_types", json!([{"name": "Viewing"}]));
    tenant.arrange("livingmetrics", "task_statuses", json!([{"id": 9, "name": "Waiting"}]));
    let lm = tenant.livingmetrics();
    let outcomes = lm.get("/v1/tasks/outcomes.json");
    let mut expected = named(OUTCOMES);
    expected["data"]
        .as_array_mut()
        .unwrap()
        .extend([json!({"id": 7, "name": "Sent Brochure"}), json!({"id": 40, "name": "Callback"})]);
    expected["total"] = json!(8);
    assert_eq!((outcomes.status, outcomes.body), (200, expected));
    let types = lm.get("/v1/tasks/types.json");
    let mut expected = named(TYPES);
    expected["data"].as_array_mut().unwrap().push(json!({"id": 6, "name": "Viewing"}));
    expected["total"] = json!(6);
    assert_eq!((types.status, types.body), (200, expected));
    let statuses = lm.get("/v1/tasks/statuses.json?page=1&limit=3");
    assert_eq!(
        (statuses.status, statuses.body),
        (200, json!({"data": [{"id": 4, "name": "Deferred"}, {"id": 9, "name": "Waiting"}], "page": 1, "limit": 3, "total": 5}))
    );
    // Another account keeps its own defaults.
    let other = TestTenant::new().livingmetrics();
    assert_eq!(other.get("/v1/tasks/outcomes.json").body, named(OUTCOMES));
    assert_eq!(other.get("/v1/tasks/statuses.json").body, named(STATUSES));
}

#[test]
fn task_routes_need_a_valid_key() {
    let tenant = arranged();
    let lm = tenant.livingmetrics();
    for path in ["/v1/tasks.json", "/v1/tasks/101.json", "/v1/contacts/10/task.json", "/v1/tasks/outcomes.json"] {
        let r = send("GET", &format!("{}{path}", lm.base), &[("X-Api-Key", "wrong-key")], None);
        assert_eq!((r.status, r.body), (401, lm_error(401, "Invalid API key")), "{path}");
    }
}

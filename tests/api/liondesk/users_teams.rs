//! Users and teams (`/users`, `/teams`), read-only: a user sees themself, or with
//! `oauth_client_id` the holders of that application's unexpired tokens; a user sees the teams
//! they belong to. Everything else a user could try is Feathers' 405 or 404.

use std::sync::OnceLock;

use serde_json::{Value, json};

use crate::helpers::{LionDeskClient, TestApp, TestTenant, feathers_error, feathers_not_found, put_json, spawn_app};

/// The instant the frozen server's clock stands at, as LionDesk renders it.
pub const NOW: &str = "2024-05-01T10:00:00.000Z";

/// A fresh tenant on a server of these tests whose clock stands still at `NOW`, so what the
/// API stamps (a user's sign-up, a task's creation) is known. Nothing moves that clock.
pub fn frozen_tenant() -> TestTenant {
    static APP: OnceLock<TestApp> = OnceLock::new();
    let app = APP.get_or_init(|| {
        let app = spawn_app();
        let r = put_json(&app.url("/__admin/clock"), &json!({"now": "2024-05-01T10:00:00Z", "frozen": true}));
        assert_eq!(r.status, 200, "{}", r.text);
        app
    });
    TestTenant::create(app.server.base_url(), "empty")
}

/// Tenant user `i` (0 owner, 1 teammate, 2 outsider) as `/users` answers it.
fn user(tenant: &TestTenant, i: usize) -> Value {
    let u = &tenant.credentials["liondesk"]["users"][i];
    let email = u["email"].as_str().expect("email");
    json!({
        "id": u["id"], "first_name": u["first_name"], "last_name": "Agent", "email": email,
        "username": email.split('@').next(), "phone": null, "system_phone": null, "timezone_offset": -8,
        "timezone": "America/Los_Angeles", "profile_picture": null, "created_at": NOW, "modified_at": NOW
    })
}

fn page(data: Vec<Value>) -> Value {
    json!({"total": data.len(), "limit": 10, "skip": 0, "data": data})
}

fn client_id(tenant: &TestTenant) -> String {
    tenant.credentials["liondesk"]["client_id"].as_str().expect("client id").to_owned()
}

/// A client for a user arranged with `token`.
fn as_token(tenant: &TestTenant, token: &str) -> LionDeskClient {
    LionDeskClient { base: format!("{}/liondesk", tenant.base), token: token.to_owned() }
}

#[test]
fn find_users_answers_only_the_caller_as_passport_liondesk_reads_it() {
    let tenant = frozen_tenant();

    let r = tenant.liondesk(1).get("/users");

    assert_eq!((r.status, r.body), (200, page(vec![user(&tenant, 1)])));
}

#[test]
fn get_user_answers_the_caller_and_nobody_else_without_a_client() {
    let tenant = frozen_tenant();
    let owner = tenant.liondesk(0);

    let me = owner.get("/users/1");
    let teammate = owner.get("/users/2");
    let word = owner.get("/users/me");

    assert_eq!((me.status, me.body), (200, user(&tenant, 0)));
    assert_eq!((teammate.status, teammate.body), (404, feathers_not_found("2")));
    assert_eq!((word.status, word.body), (404, feathers_not_found("me")));
}

#[test]
fn find_users_with_the_oauth_client_lists_the_holders_of_its_tokens() {
    let tenant = frozen_tenant();
    tenant.arrange("liondesk", "users", json!([{"id": 4, "first_name": "Nina", "token": "nina-token-0001"}]));
    let client = client_id(&tenant);

    let all = tenant.liondesk(0).get(&format!("/users?oauth_client_id={client}"));
    let by_nina = as_token(&tenant, "nina-token-0001").ids(&format!("/users?oauth_client_id={client}"));
    let filtered = tenant.liondesk(2).ids(&format!("/users?first_name[$ne]=theo&oauth_client_id={client}&$sort[id]=-1"));
    let selected = tenant.liondesk(0).get(&format!("/users?oauth_client_id={client}&$select[]=first_name&$limit=2&$skip=1"));

    assert_eq!((all.status, all.body), (200, page(vec![user(&tenant, 0), user(&tenant, 1), user(&tenant, 2)])));
    assert_eq!(by_nina, [1, 2, 3], "Nina's token belongs to no application");
    assert_eq!(filtered, [3, 1]);
    assert_eq!(
        (selected.status, selected.body),
        (
            200,
            json!({"total": 3, "limit": 2, "skip": 1, "data": [{"id": 2, "first_name": "Theo"}, {"id": 3, "first_name": "Oscar"}]})
        )
    );
}

#[test]
fn get_user_with_the_oauth_client_is_a_401_for_a_user_without_its_token() {
    let tenant = frozen_tenant();
    tenant.arrange("liondesk", "users", json!([{"id": 4, "first_name": "Nina", "token": "nina-token-0002"}]));
    let client = client_id(&tenant);
    let owner = tenant.liondesk(0);

    let teammate = owner.get(&format!("/users/2?oauth_client_id={client}"));
    let nina = owner.get(&format!("/users/4?oauth_client_id={client}"));
    let nobody = owner.get(&format!("/users/99?oauth_client_id={client}"));
    let narrowed = owner.get(&format!("/users/2?oauth_client_id={client}&first_name=Oscar"));

    assert_eq!((teammate.status, teammate.body), (200, user(&tenant, 1)));
    let no_token = |id: i64| {
        let message = format!("User '{id}' has no valid access token for oauth_client_id '{client}'");
        feathers_error(401, "NotAuthenticated", "not-authenticated", &message)
    };
    assert_eq!((nina.status, nina.body), (401, no_token(4)));
    assert_eq!((nobody.status, nobody.body), (401, no_token(99)));
    assert_eq!((narrowed.status, narrowed.body), (404, feathers_not_found("2")));
}

#[test]
fn a_token_of_the_client_counts_until_it_expires() {
    let app = spawn_app();
    put_json(&app.url("/__admin/clock"), &json!({"now": "2024-05-01T10:00:00Z", "frozen": true}));
    let tenant = app.new_tenant();
    tenant.arrange("liondesk", "users", json!([{"id": 4, "first_name": "Nina"}]));
    let client = client_id(&tenant);
    let no_redirects =
        ureq::Agent::new_with_config(ureq::Agent::config_builder().http_status_as_error(false).max_redirects(0).build());
    let authorize = format!(
        "{}/liondesk/oauth2/authorize?response_type=token&client_id={client}&user_id=4&redirect_uri=https://app.example.com/cb",
        tenant.base
    );
    let granted = no_redirects.get(authorize).call().expect("authorize");
    assert_eq!(granted.status().as_u16(), 302);
    let owner = tenant.liondesk(0);
    let list = format!("/users?oauth_client_id={client}");
    let nina = format!("/users/4?oauth_client_id={client}");

    put_json(&app.url("/__admin/clock"), &json!({"advance_seconds": 2_591_999}));
    let before = (owner.ids(&list), owner.get(&nina).status);
    put_json(&app.url("/__admin/clock"), &json!({"advance_seconds": 1}));
    let after = (owner.ids(&list), owner.get(&nina).status);

    assert_eq!(before, (vec![1, 2, 3, 4], 200), "a second before the implicit grant's 30 days end");
    assert_eq!(after, (vec![1, 2, 3], 401), "when they end");
}

#[test]
fn an_unknown_oauth_client_is_a_403_and_another_tenants_is_a_401() {
    let (tenant, other) = (TestTenant::new(), TestTenant::new());
    let theirs = client_id(&other);
    let owner = tenant.liondesk(0);

    let unknown = owner.get("/users?oauth_client_id=liondesk");
    let empty = owner.get("/users/1?oauth_client_id=");
    let foreign = owner.get(&format!("/users?oauth_client_id={theirs}"));
    let foreign_one = owner.get(&format!("/users/1?oauth_client_id={theirs}"));

    let forbidden = |id: &str| feathers_error(403, "Forbidden", "forbidden", &format!("oauth_client_id '{id}' does not exist"));
    assert_eq!((unknown.status, unknown.body), (403, forbidden("liondesk")));
    assert_eq!((empty.status, empty.body), (403, forbidden("")));
    let not_yours = feathers_error(
        401,
        "NotAuthenticated",
        "not-authenticated",
        &format!("oauth_client_id '{theirs}' does not belong to you"),
    );
    assert_eq!((foreign.status, foreign.body), (401, not_yours.clone()));
    assert_eq!((foreign_one.status, foreign_one.body), (401, not_yours));
}

#[test]
fn find_users_rejects_what_is_not_a_user_field_and_a_repeated_client() {
    let tenant = TestTenant::new();
    let owner = tenant.liondesk(0);

    let field = owner.get("/users?password=x");
    let operator = owner.get("/users?first_name[$like]=O%25");
    let twice = owner.get("/users?oauth_client_id=a&oauth_client_id=b");

    let bad = |message: &str| feathers_error(400, "BadRequest", "bad-request", message);
    assert_eq!((field.status, field.body), (400, bad("Invalid query parameter password: users has no such field")));
    let mut expected = bad("Invalid query parameter $like");
    expected["data"] = json!({"$like": "O%"});
    assert_eq!((operator.status, operator.body), (400, expected));
    assert_eq!((twice.status, twice.body), (400, bad("Invalid query parameter oauth_client_id: give it once")));
}

#[test]
fn users_and_teams_are_read_only_405s_with_allow_get() {
    let tenant = TestTenant::new();
    let owner = tenant.liondesk(0);

    for base in ["/users", "/teams"] {
        for (method, path, name) in [
            ("POST", base.to_owned(), "create"),
            ("PATCH", base.to_owned(), "patch"),
            ("DELETE", base.to_owned(), "remove"),
            ("PUT", base.to_owned(), "update"),
            ("PATCH", format!("{base}/1"), "patch"),
            ("PUT", format!("{base}/1"), "update"),
            ("DELETE", format!("{base}/1"), "remove"),
        ] {
            let r = owner.send(method, &path, Some(br#"{"request_status": "Accepted"}"#));

            let message = format!("Method `{name}` is not supported by this endpoint.");
            assert_eq!(
                (r.status, r.header("allow"), &r.body),
                (405, Some("GET"), &feathers_error(405, "MethodNotAllowed", "method-not-allowed", &message)),
                "{method} {path}"
            );
        }
        let r = owner.send("POST", &format!("{base}/1"), Some(b"{}"));
        let mut expected = feathers_error(404, "NotFound", "not-found", "Page not found");
        expected["data"] = json!({"url": format!("{base}/1")});
        assert_eq!((r.status, r.body), (404, expected), "POST {base}/1");
    }
    assert_eq!(owner.get("/users/1").body["first_name"], "Olivia", "nothing changed");
}

fn team(id: i64, name: &str, sharing: bool) -> Value {
    json!({"id": id, "name": name, "is_contact_resource_sharing_enabled": sharing, "created_at": NOW, "modified_at": NOW})
}

#[test]
fn find_teams_answers_the_teams_the_user_belongs_to() {
    let tenant = frozen_tenant();
    tenant.arrange(
        "liondesk",
        "teams",
        json!([{"id": 3, "name": "Brokers", "is_contact_resource_sharing_enabled": true, "user_ids": [1, 3]}]),
    );

    let owner = tenant.liondesk(0).get("/teams");
    let teammate = tenant.liondesk(1).get("/teams");
    let outsider = tenant.liondesk(2).get("/teams?$sort[name]=-1");

    assert_eq!((owner.status, owner.body), (200, page(vec![team(1, "Team 1", false), team(3, "Brokers", true)])));
    assert_eq!((teammate.status, teammate.body), (200, page(vec![team(1, "Team 1", false)])));
    assert_eq!((outsider.status, outsider.body), (200, page(vec![team(2, "Team 2", false), team(3, "Brokers", true)])));
}

#[test]
fn find_teams_takes_the_feathers_operators() {
    let tenant = TestTenant::new();
    tenant.arrange(
        "liondesk",
        "teams",
        json!([
            {"id": 3, "name": "Brokers", "is_contact_resource_sharing_enabled": true, "user_ids": [1]},
            {"id": 4, "name": "Buyers", "user_ids": [1]},
            {"id": 5, "name": "Sellers", "is_contact_resource_sharing_enabled": true, "user_ids": [2]}
        ]),
    );
    let owner = tenant.liondesk(0);

    assert_eq!(owner.ids("/teams?is_contact_resource_sharing_enabled=true"), [3]);
    assert_eq!(owner.ids("/teams?is_contact_resource_sharing_enabled=false&$sort[id]=-1"), [4, 1]);
    assert_eq!(owner.ids("/teams?name[$in]=buyers&name[$in]=Team%201"), [1, 4]);
    assert_eq!(owner.ids("/teams?name[$nin][]=Brokers&id[$gt]=1"), [4]);
    assert_eq!(owner.ids("/teams?$or[0][name]=Sellers&$or[1][id][$lte]=3"), [1, 3]);
    let r = owner.get("/teams?$select[]=name&$limit=1&$skip=2");
    assert_eq!((r.status, r.body), (200, json!({"total": 3, "limit": 1, "skip": 2, "data": [{"id": 4, "name": "Buyers"}]})));
    let r = owner.get("/teams?is_contact_resource_sharing_enabled=maybe");
    assert_eq!(
        (r.status, r.body),
        (
            400,
            feathers_error(
                400,
                "BadRequest",
                "bad-request",
                "Invalid value 'maybe' for is_contact_resource_sharing_enabled: expected true or false"
            )
        )
    );
}

#[test]
fn get_team_is_a_404_for_a_team_the_user_is_not_in() {
    let tenant = frozen_tenant();
    let teammate = tenant.liondesk(1);

    let mine = teammate.get("/teams/1");
    let theirs = teammate.get("/teams/2");
    let narrowed = teammate.get("/teams/1?name=Team%202");

    assert_eq!((mine.status, mine.body), (200, team(1, "Team 1", false)));
    assert_eq!((theirs.status, theirs.body), (404, feathers_not_found("2")));
    assert_eq!((narrowed.status, narrowed.body), (404, feathers_not_found("1")));
}

#[test]
fn another_tenants_users_and_teams_are_never_visible() {
    let (tenant, other) = (frozen_tenant(), TestTenant::new());
    other.arrange("liondesk", "teams", json!([{"id": 3, "name": "Secret", "user_ids": [1]}]));
    other.arrange("liondesk", "users", json!([{"id": 4, "first_name": "Hidden"}]));
    let owner = tenant.liondesk(0);

    let users = owner.get(&format!("/users?oauth_client_id={}", client_id(&tenant)));
    let teams = owner.get("/teams");

    assert_eq!((users.status, users.body), (200, page(vec![user(&tenant, 0), user(&tenant, 1), user(&tenant, 2)])));
    assert_eq!((teams.status, teams.body), (200, page(vec![team(1, "Team 1", false)])));
    assert_eq!(owner.get("/teams/3").status, 404);
    assert_eq!(owner.get("/users?first_name=Hidden").body["total"], 0);
}

/// As every Feathers service under Express: a trailing slash reaches the same route, HEAD answers
/// as GET without a body, and a method without a route is Feathers' 404 (`/me` included).
#[test]
fn users_teams_and_me_take_a_trailing_slash_and_head_like_every_service() {
    let tenant = TestTenant::new();
    let owner = tenant.liondesk(0);
    for (slashed, plain) in
        [("/users/", "/users"), ("/users/1/", "/users/1"), ("/teams/", "/teams"), ("/teams/1/", "/teams/1"), ("/me/", "/me")]
    {
        let (a, b) = (owner.get(slashed), owner.get(plain));
        assert_eq!((a.status, &a.body), (200, &b.body), "{slashed}");
    }
    let head = owner.send("HEAD", "/me", None);
    assert_eq!((head.status, head.text.as_str(), head.header("content-type")), (200, "", Some("application/json")));
    let r = owner.send("OPTIONS", "/me", None);
    let mut expected = feathers_error(404, "NotFound", "not-found", "Page not found");
    expected["data"] = json!({"url": "/me"});
    assert_eq!((r.status, r.body), (404, expected));
}

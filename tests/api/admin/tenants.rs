//! `POST|GET /__admin/tenants`, `GET|DELETE /__admin/tenants/{id}`: creating tenants (body
//! optional, seed `empty` or `demo`), the credentials minted for every vendor, and isolation.

use serde_json::{Value, json};

use crate::helpers::{TestTenant, admin_error, delete, get, lm_error, post_json, send, shared_url, url};

fn is_of(text: &str, len: usize, ok: impl Fn(u8) -> bool) -> bool {
    text.len() == len && text.bytes().all(ok)
}

fn is_lower_hex(text: &str, len: usize) -> bool {
    is_of(text, len, |b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

fn is_uuid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12]) && groups.iter().all(|g| is_lower_hex(g, g.len()))
}

/// Checks a string at `pointer` with `ok` and replaces it with `placeholder`.
fn redact(body: &mut Value, pointer: &str, placeholder: &str, ok: impl Fn(&str) -> bool) {
    let slot = body.pointer_mut(pointer).unwrap_or_else(|| panic!("{pointer} is missing"));
    let text = slot.as_str().unwrap_or_else(|| panic!("{pointer} is not a string: {slot}"));
    assert!(ok(text), "{pointer} has the wrong shape: {text}");
    *slot = json!(placeholder);
}

/// A tenant answer with every random value checked for its shape and replaced by a placeholder.
fn redacted(body: &Value) -> Value {
    let mut body = body.clone();
    redact(&mut body, "/id", "<id>", |id| id.strip_prefix("t_").is_some_and(|hex| is_lower_hex(hex, 16)));
    redact(&mut body, "/created_at", "<created_at>", |at| at.len() == 24 && at.ends_with('Z'));
    redact(&mut body, "/credentials/livingmetrics/api_key", "<api_key>", |key| {
        key.split('-').all(|g| is_of(g, 5, |b| b.is_ascii_lowercase() || b.is_ascii_digit())) && key.len() == 23
    });
    redact(&mut body, "/credentials/liondesk/client_id", "<hex32>", |t| is_lower_hex(t, 32));
    redact(&mut body, "/credentials/liondesk/client_secret", "<hex40>", |t| is_lower_hex(t, 40));
    for (i, first) in ["olivia", "theo", "oscar"].iter().enumerate() {
        redact(&mut body, &format!("/credentials/liondesk/users/{i}/token"), "<hex40>", |t| is_lower_hex(t, 40));
        redact(&mut body, &format!("/credentials/liondesk/users/{i}/email"), "<email>", |e| {
            e.strip_prefix(&format!("{first}."))
                .and_then(|rest| rest.strip_suffix("@example.com"))
                .is_some_and(|hex| is_lower_hex(hex, 6))
        });
    }
    redact(&mut body, "/credentials/livevox/client_name", "<client_name>", |name| {
        name.strip_prefix("CRMMOCK").is_some_and(|rest| is_of(rest, 6, |b| b.is_ascii_uppercase() || b.is_ascii_digit()))
    });
    redact(&mut body, "/credentials/livevox/access_token", "<uuid>", is_uuid);
    let client_id = body.pointer_mut("/credentials/livevox/client_id").expect("/credentials/livevox/client_id is missing");
    assert!(
        client_id.as_i64().is_some_and(|id| (100_000..1_000_000).contains(&id)),
        "client_id has the wrong shape: {client_id}"
    );
    *client_id = json!("<client_id>");
    for (i, role) in ["sysadmin", "superuser", "manager", "ituser", "agent"].iter().enumerate() {
        redact(&mut body, &format!("/credentials/livevox/users/{i}/user_name"), "<user_name>", |name| {
            name.strip_prefix(&format!("{role}.")).is_some_and(|hex| is_lower_hex(hex, 4))
        });
        redact(&mut body, &format!("/credentials/livevox/users/{i}/password"), "<password>", |p| {
            is_of(p, 12, |b| b.is_ascii_alphanumeric())
        });
    }
    for field in ["location_id", "company_id"] {
        redact(&mut body, &format!("/credentials/leadconnector/{field}"), "<alnum20>", |id| {
            is_of(id, 20, |b| b.is_ascii_alphanumeric())
        });
    }
    redact(&mut body, "/credentials/leadconnector/access_token", "<pit>", |t| t.strip_prefix("pit-").is_some_and(is_uuid));
    redact(&mut body, "/credentials/leadconnector/client_id", "<client_id>", |id| {
        id.split_once('-').is_some_and(|(app, suffix)| is_lower_hex(app, 24) && is_of(suffix, 10, |b| b.is_ascii_alphanumeric()))
    });
    redact(&mut body, "/credentials/leadconnector/client_secret", "<uuid>", is_uuid);
    redact(&mut body, "/credentials/leadconnector/refresh_token", "<alnum40>", |t| is_of(t, 40, |b| b.is_ascii_alphanumeric()));
    body
}

fn expected_tenant(seed: &str) -> Value {
    let liondesk_user = |id: i64, role: &str, first: &str, team: i64| json!({"id": id, "role": role, "first_name": first, "last_name": "Agent", "email": "<email>", "team_id": team, "token": "<hex40>"});
    let livevox_user = |role: &str| json!({"user_name": "<user_name>", "password": "<password>", "role": role});
    json!({
        "id": "<id>",
        "seed": seed,
        "created_at": "<created_at>",
        "credentials": {
            "livingmetrics": {"api_key": "<api_key>"},
            "liondesk": {
                "client_id": "<hex32>",
                "client_secret": "<hex40>",
                "redirect_uris": ["https://app.example.com/", "http://localhost/", "http://127.0.0.1/"],
                "users": [liondesk_user(1, "owner", "Olivia", 1), liondesk_user(2, "teammate", "Theo", 1), liondesk_user(3, "outsider", "Oscar", 2)],
            },
            "livevox": {
                "client_name": "<client_name>",
                "client_id": "<client_id>",
                "access_token": "<uuid>",
                "users": [
                    livevox_user("Sysadmin"), livevox_user("Superuser"), livevox_user("Manager"), livevox_user("IT User"),
                    livevox_user("Agent"),
                ],
            },
            "leadconnector": {
                "location_id": "<alnum20>", "company_id": "<alnum20>", "access_token": "<pit>",
                "client_id": "<client_id>", "client_secret": "<uuid>", "refresh_token": "<alnum40>",
            },
        }
    })
}

fn create(body: Option<&str>) -> crate::helpers::Response {
    send("POST", &url("/__admin/tenants"), &[], body.map(str::as_bytes))
}

#[test]
fn health_lists_the_four_vendors() {
    let r = get(&url("/__admin/health"));
    assert_eq!(r.status, 200);
    assert_eq!(
        r.body,
        json!({"status": "ok", "version": env!("CARGO_PKG_VERSION"), "vendors": ["livingmetrics", "liondesk", "livevox", "leadconnector"]})
    );
}

#[test]
fn create_without_a_body_gives_an_empty_tenant_with_credentials_for_every_vendor() {
    let r = create(None);
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(redacted(&r.body), expected_tenant("empty"));
}

#[test]
fn create_with_an_empty_object_gives_an_empty_tenant() {
    let r = create(Some("{}"));
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(redacted(&r.body), expected_tenant("empty"));
}

#[test]
fn create_with_seed_empty_gives_only_the_defaults() {
    let r = create(Some(r#"{"seed": "empty"}"#));
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(redacted(&r.body), expected_tenant("empty"));
    let tenant = TestTenant {
        base: shared_url().to_owned(),
        id: r.body["id"].as_str().unwrap().to_owned(),
        credentials: r.body["credentials"].clone(),
    };
    let lm = tenant.livingmetrics();
    assert_eq!(lm.get("/v1/contacts/count").body, json!({"count": 0}));
    assert_eq!(lm.get("/v1/tasks/types.json").body["total"], json!(5));
}

#[test]
fn create_with_seed_demo_loads_the_same_records_as_the_demo_tenant() {
    let r = create(Some(r#"{"seed": "demo"}"#));
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(redacted(&r.body), expected_tenant("demo"));
    let tenant = TestTenant {
        base: shared_url().to_owned(),
        id: r.body["id"].as_str().unwrap().to_owned(),
        credentials: r.body["credentials"].clone(),
    };
    let fresh = tenant.livingmetrics();
    let demo = crate::helpers::LivingMetricsClient { base: fresh.base.clone(), key: "demo1-lmapi-key00-00001".into() };
    for path in ["/v1/contacts/count", "/v1/organizations?limit=1", "/v1/tasks.json?limit=1", "/v1/products?limit=1"] {
        let (mine, theirs) = (fresh.get(path), demo.get(path));
        assert_eq!(mine.status, 200, "{path}: {}", mine.text);
        assert_eq!(
            mine.body.get("count").or(mine.body.get("total")),
            theirs.body.get("count").or(theirs.body.get("total")),
            "{path}"
        );
    }
}

#[test]
fn create_with_an_unknown_seed_is_a_400_naming_seed() {
    let r = create(Some(r#"{"seed": "full"}"#));
    assert_eq!((r.status, r.body), (400, admin_error(400, "seed: unknown variant 'full', expected 'empty' or 'demo'")));
}

#[test]
fn create_with_a_seed_that_is_not_a_string_is_a_400_naming_seed() {
    let r = create(Some(r#"{"seed": 1}"#));
    assert_eq!((r.status, r.body), (400, admin_error(400, "seed: invalid type: integer '1', expected string or map")));
}

#[test]
fn create_with_an_unknown_field_is_a_400_naming_it() {
    let r = create(Some(r#"{"seed": "empty", "name": "x"}"#));
    assert_eq!((r.status, r.body), (400, admin_error(400, "name: unknown field 'name', expected 'seed'")));
}

#[test]
fn create_with_malformed_json_is_a_400() {
    let r = create(Some(r#"{"seed": "#));
    assert_eq!((r.status, r.body), (400, admin_error(400, "invalid JSON body: EOF while parsing a value at line 1 column 9")));
}

#[test]
fn create_with_a_body_that_is_not_an_object_is_a_400() {
    for body in ["[]", "null", "\"demo\""] {
        let r = create(Some(body));
        assert_eq!((r.status, &r.body), (400, &admin_error(400, "the body must be a JSON object")), "{body}");
    }
}

#[test]
fn every_tenant_gets_credentials_of_its_own() {
    let (a, b) = (TestTenant::new(), TestTenant::new());
    assert_ne!(a.id, b.id);
    for pointer in [
        "/livingmetrics/api_key",
        "/liondesk/users/0/token",
        "/liondesk/client_secret",
        "/livevox/access_token",
        "/livevox/client_name",
        "/leadconnector/location_id",
        "/leadconnector/access_token",
    ] {
        assert_ne!(a.credentials.pointer(pointer), b.credentials.pointer(pointer), "{pointer}");
    }
}

#[test]
fn two_tenants_never_see_each_others_livingmetrics_data() {
    let (a, b) = (TestTenant::new(), TestTenant::new());
    a.arrange("livingmetrics", "contact_lists", json!([{"id": 1, "name": "A list", "created_at": "2024-01-01T00:00:00Z"}]));
    a.arrange("livingmetrics", "contacts", json!([{"id": 7, "first_name": "Ann", "created_at": "2024-01-01T00:00:00Z"}]));
    b.arrange("livingmetrics", "contact_lists", json!([{"id": 1, "name": "B list", "created_at": "2024-01-01T00:00:00Z"}]));

    let list = |name: &str| json!({"data": [{"id": 1, "name": name, "tags": [], "created_at": "2024-01-01T00:00:00Z", "updated_at": "2024-01-01T00:00:00Z"}], "page": 0, "limit": 10, "total": 1});
    assert_eq!(a.livingmetrics().get("/v1/contact_lists").body, list("A list"));
    assert_eq!(b.livingmetrics().get("/v1/contact_lists").body, list("B list"));
    assert_eq!(a.livingmetrics().get("/v1/contacts/count").body, json!({"count": 1}));
    assert_eq!(b.livingmetrics().get("/v1/contacts/count").body, json!({"count": 0}));
    let r = b.livingmetrics().get("/v1/contacts/7");
    assert_eq!((r.status, r.body), (404, lm_error(404, "Contact 7 not found")));
}

#[test]
fn list_tenants_shows_each_tenant_without_its_credentials() {
    let created = create(None);
    let id = created.body["id"].as_str().unwrap();

    let r = get(&url("/__admin/tenants"));

    assert_eq!(r.status, 200);
    let tenants = r.body["tenants"].as_array().expect("tenants");
    let mine: Vec<&Value> = tenants.iter().filter(|t| t["id"] == id).collect();
    assert_eq!(mine, [&json!({"id": id, "seed": "empty", "created_at": created.body["created_at"]})]);
    assert!(tenants.iter().any(|t| t["id"] == "demo" && t["seed"] == "demo"), "{}", r.text);
    assert!(tenants.iter().all(|t| t.get("credentials").is_none()));
}

#[test]
fn get_tenant_answers_what_create_answered() {
    let created = create(Some(r#"{"seed": "empty"}"#));
    let id = created.body["id"].as_str().unwrap();

    let r = get(&url(&format!("/__admin/tenants/{id}")));

    assert_eq!((r.status, r.body), (200, created.body));
}

#[test]
fn get_or_delete_of_an_unknown_tenant_is_404() {
    let r = get(&url("/__admin/tenants/t_nope"));
    assert_eq!((r.status, r.body), (404, admin_error(404, "no tenant 't_nope'")));
    let r = delete(&url("/__admin/tenants/t_nope"));
    assert_eq!((r.status, r.body), (404, admin_error(404, "no tenant 't_nope'")));
}

#[test]
fn a_deleted_tenant_its_key_and_its_data_are_gone() {
    let tenant = TestTenant::new();
    tenant.arrange("livingmetrics", "contact_lists", json!([{"id": 1, "name": "Mine"}]));
    let lm = tenant.livingmetrics();
    assert_eq!(lm.get("/v1/contacts").status, 200);

    let r = delete(&url(&format!("/__admin/tenants/{}", tenant.id)));

    assert_eq!((r.status, r.text.as_str()), (204, ""));
    assert_eq!(lm.get("/v1/contact_lists").body, lm_error(401, "Invalid API key"));
    assert_eq!(get(&url(&format!("/__admin/tenants/{}", tenant.id))).status, 404);
    assert!(!get(&url("/__admin/tenants")).text.contains(&tenant.id));
    let r = tenant.try_arrange("livingmetrics", "contact_lists", json!([{"name": "x"}]));
    assert_eq!((r.status, r.body), (404, admin_error(404, &format!("no tenant '{}'", tenant.id))));
}

#[test]
fn create_reads_the_body_as_json_whatever_its_content_type() {
    let r = send("POST", &url("/__admin/tenants"), &[("content-type", "text/plain")], Some(br#"{"seed":"empty"}"#));
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(post_json(&url("/__admin/tenants"), &json!({"seed": "empty"})).status, 201);
}

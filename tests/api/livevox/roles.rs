//! Roles per method, as the document's "User Roles" lines give them: a user of any other role
//! gets a 403 before the request is read; Agents (who may log in) have no Contact API rights.

use serde_json::{Value, json};

use super::{LiveVox, lv_error};
use crate::helpers::TestTenant;

const ROLES: [&str; 5] = ["Sysadmin", "Superuser", "Manager", "IT User", "Agent"];
const CHANGE: &[&str] = &["Sysadmin", "Superuser"];
const READ: &[&str] = &["Sysadmin", "Superuser", "Manager"];
const READ_CUSTOM_FIELDS: &[&str] = &["Sysadmin", "Superuser", "Manager", "IT User"];
const UPDATE_CUSTOM_FIELDS: &[&str] = &["Sysadmin", "IT User"];

/// Every method: its request and the roles that may call it.
fn methods() -> Vec<(&'static str, &'static str, Option<Value>, &'static [&'static str])> {
    let contact = json!({"createContactDetails": {"account": "R1"}});
    vec![
        ("POST", "/contact/contacts/bulk", Some(json!({"exportableFields": ["account"]})), CHANGE),
        ("POST", "/contact/contacts/", Some(contact), CHANGE),
        ("POST", "/contact/contacts/bulk", Some(json!({"createContactDetails": [{"account": "R2"}]})), CHANGE),
        ("DELETE", "/contact/contacts/nobody", None, CHANGE),
        (
            "POST",
            "/contact/contacts/search?count=1&offset=0",
            Some(json!({"search": {"field": "account", "criteria": "1", "condition": "STARTS_WITH"}})),
            READ,
        ),
        ("GET", "/contact/contacts?count=1&offset=0", None, READ),
        ("GET", "/contact/contacts/nobody", None, READ),
        ("PUT", "/contact/contacts/nobody", Some(json!({"updateContactDetails": {"city": "X"}})), CHANGE),
        ("PUT", "/contact/contacts/bulk", Some(json!({"updateContactDetails": [{"account": "nobody"}]})), CHANGE),
        ("PUT", "/contact/contacts/nobody/dnd", Some(json!({"updateContactDND": []})), CHANGE),
        ("POST", "/contact/contacts/dnd", Some(json!({"contactDnd": [{"account": "nobody", "accountBlock": "NONE"}]})), CHANGE),
        ("GET", "/contact/contacts/1/accounts?count=1&offset=0", None, READ),
        ("POST", "/contact/contactGroups", Some(json!({"name": "Roles"})), CHANGE),
        ("GET", "/contact/contactGroups?count=1&offset=0", None, READ),
        ("GET", "/contact/contactGroups/1", None, READ),
        ("PUT", "/contact/contactGroups/1", Some(json!({"name": "Roles 2"})), CHANGE),
        ("GET", "/contact/contacts/nobody/notes", None, READ),
        ("GET", "/contact/contacts/nobody/notes/1", None, READ),
        ("GET", "/contact/contacts/customFields", None, READ_CUSTOM_FIELDS),
        ("GET", "/contact/contacts/customFields/COL1", None, READ_CUSTOM_FIELDS),
        (
            "PUT",
            "/contact/contacts/customFields",
            Some(json!({"customFields": [{"field": "COL11", "label": "Balance Due After Date"}]})),
            UPDATE_CUSTOM_FIELDS,
        ),
    ]
}

#[test]
fn a_role_outside_a_methods_roles_gets_a_403_and_the_others_get_through() {
    let lv = LiveVox::of(&TestTenant::new());
    for role in ROLES {
        let session = lv.login(role);
        for (method, path, body, allowed) in methods() {
            let r = session.send(method, path, body.as_ref());
            if allowed.contains(&role) {
                assert!(![401, 403].contains(&r.status), "{role} may {method} {path}: {} {}", r.status, r.text);
            } else {
                let message = format!("The {role} role has no access to this method");
                assert_eq!((r.status, r.body), (403, lv_error(403, &message)), "{role} {method} {path}");
            }
        }
    }
}

#[test]
fn the_role_is_checked_before_the_body_is_read() {
    let lv = LiveVox::of(&TestTenant::new());
    let manager = lv.login("Manager");
    let r = manager.send("POST", "/contact/contactGroups", None);
    assert_eq!((r.status, r.body), (403, lv_error(403, "The Manager role has no access to this method")));
}

#[test]
fn a_method_a_path_does_not_have_is_a_405_and_an_unknown_path_a_404() {
    let lv = LiveVox::of(&TestTenant::new());
    let session = lv.login("Sysadmin");
    let r = session.send("PATCH", "/contact/contactGroups", None);
    assert_eq!(r.header("allow"), Some("POST, GET, HEAD"));
    assert_eq!((r.status, r.body), (405, lv_error(405, "Method PATCH is not supported on /livevox/contact/contactGroups")));
    let r = session.get("/contact/widgets");
    assert_eq!((r.status, r.body), (404, lv_error(404, "No such method: GET /livevox/contact/widgets")));
}

#[test]
fn head_answers_as_get_without_a_body_and_needs_the_same_session_and_role() {
    let lv = LiveVox::of(&TestTenant::new());
    let manager = lv.login("Manager");
    let r = manager.send("HEAD", "/contact/contactGroups?count=10&offset=0", None);
    assert_eq!((r.status, r.text.as_str()), (200, ""));
    let r = lv.login("Agent").send("HEAD", "/contact/contactGroups?count=10&offset=0", None);
    assert_eq!((r.status, r.text.as_str()), (403, ""));
    let r = lv.anonymous("GET", "/session/login", None);
    assert_eq!(r.header("allow"), Some("POST"));
    assert_eq!((r.status, r.body), (405, lv_error(405, "Method GET is not supported on /livevox/session/login")));
}

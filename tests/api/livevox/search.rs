//! Find Matching Contact over HTTP: the document's two examples, each condition, negation of
//! rules and conditions, nesting, sort, paging with `next`, and hostile bodies answered 400 in
//! LiveVox's shape with the server alive.

use serde_json::{Value, json};

use super::{LiveVox, Session, lv_error};
use crate::helpers::{Response, TestTenant, send};

/// A tenant with contacts of `accounts` (arranged in that order) and its Manager's session.
fn tenant_with(accounts: &[&str]) -> (TestTenant, Session) {
    let tenant = TestTenant::new();
    let records: Vec<Value> = accounts.iter().map(|a| json!({"account": a})).collect();
    if !records.is_empty() {
        tenant.arrange("livevox", "contacts", Value::Array(records));
    }
    let session = LiveVox::of(&tenant).login("Manager");
    (tenant, session)
}

/// `POST` of a body as is (not necessarily JSON).
fn post_raw(session: &Session, body: &[u8]) -> Response {
    let url = format!("{}/contact/contacts/search?count=5&offset=0", session.base);
    send("POST", &url, &[("LV-Session", &session.id)], Some(body))
}

fn find(session: &Session, query: &str, body: &Value) -> Response {
    session.post(&format!("/contact/contacts/search{query}"), body)
}

/// The accounts of a 200 answer, in order.
fn accounts(r: &Response) -> Vec<String> {
    assert_eq!(r.status, 200, "{}", r.text);
    let found = r.body["findMatchingContactsDetails"].as_array().unwrap_or_else(|| panic!("{}", r.text));
    found.iter().map(|c| c["account"].as_str().unwrap().to_owned()).collect()
}

fn condition(field: &str, condition: &str, criteria: &str) -> Value {
    json!({"field": field, "condition": condition, "criteria": criteria})
}

fn search(branch: Value) -> Value {
    json!({"search": branch})
}

/// The ten phone slots of a contact without phones.
pub fn no_phones() -> Vec<Value> {
    (1..=10)
        .map(|n| {
            json!({"smsConsent": false, "cellConsent": false, "ordinal": n, "position": n, "dnd": false, "dndDaily": false,
                   "callAttemptsTotal": 0, "callAttemptsToday": 0})
        })
        .collect()
}

/// A contact with nothing set but its account (which it speaks as), as found: all ten phone
/// slots, zeros and `country` "" as the document's example shows them.
fn blank(id: i64, account: &str, at: i64) -> Value {
    json!({
        "id": id, "phone": no_phones(), "account": account, "active": false, "balance": 0.0, "accountBlock": "NONE",
        "accountToSpeak": account,
        "country": "", "amountToSpeak": 0.0, "groupId": 0, "primaryEmailConsent": false, "agentId": 0,
        "happinessIndex": 0, "createdDate": at, "modifiedDate": at, "callAttemptsToday": 0, "callAttemptsLifetime": 0
    })
}

/// The arranged contacts' creation instant (the emulator's clock at arranging).
fn created(r: &Response) -> i64 {
    r.body["findMatchingContactsDetails"][0]["createdDate"].as_i64().unwrap_or_else(|| panic!("{}", r.text))
}

#[test]
fn search_for_contacts_by_a_single_condition() {
    let (_, session) = tenant_with(&["1010", "100", "2000", "1003", "10", "1000", "110", "1099"]);
    let body = json!({
        "search": {"field": "account", "criteria": "10", "condition": "STARTS_WITH"},
        "sort": [{"field": "account", "order": "ASC"}]
    });
    let r = find(&session, "?offset=0&count=5", &body);
    assert_eq!(r.status, 200, "{}", r.text);
    let at = created(&r);
    let expected = json!({
        "findMatchingContactsDetails": [blank(5, "10", at), blank(2, "100", at), blank(6, "1000", at), blank(4, "1003", at), blank(1, "1010", at)],
        "next": "/contact/contacts/search?offset=5"
    });
    assert_eq!(r.body, expected);
    let r = find(&session, "?offset=5&count=5", &body);
    assert_eq!((r.status, r.body), (200, json!({"findMatchingContactsDetails": [blank(8, "1099", at)]})));
}

/// The body of the document's "Search for Contacts with Multiple Conditions".
pub fn multiple_conditions_example() -> Value {
    json!({
      "search": {
        "rule": "OR",
        "right": {
          "rule": "AND",
          "right": {"field": "account", "criteria": "10", "condition": "STARTS_WITH"},
          "left": {"field": "postalcode", "criteria": "10", "condition": "STARTS_WITH"}
        },
        "left": {
          "rule": "AND",
          "right": {"field": "paymentbalance", "criteria": "100", "condition": "GREATER"},
          "left": {
            "rule": "AND",
            "left": {"field": "account", "criteria": "123", "condition": "STARTS_WITH"},
            "right": {"field": "postalcode", "criteria": "10", "condition": "STARTS_WITH"}
          }
        }
      }
    })
}

#[test]
fn search_for_contacts_with_multiple_conditions() {
    let (_, session) = tenant_with(&["1000", "1230", "1010", "999"]);
    let body = multiple_conditions_example();
    // The arranged contacts have no postal code nor balance: none matches.
    let r = find(&session, "?offset=0&count=5", &body);
    assert_eq!((r.status, r.body), (200, json!({"findMatchingContactsDetails": []})));
    // The same tree over what they have.
    let nested = search(json!({
        "rule": "OR",
        "left": {"rule": "AND", "left": condition("account", "STARTS_WITH", "1"), "right": condition("account", "ENDS_WITH", "0")},
        "right": {"rule": "AND", "isNegated": true, "left": condition("account", "CONTAINS", "0"), "right": condition("account", "STARTS_WITH", "1")}
    }));
    assert_eq!(accounts(&find(&session, "?offset=0&count=5", &nested)), ["1000", "1230", "1010", "999"]);
}

#[test]
fn search_with_each_condition() {
    let (_, session) = tenant_with(&["100", "1003", "2000", "MF1234", "mf1234"]);
    for (c, criteria, expected) in [
        ("EQUALS", "MF1234", vec!["MF1234"]),
        ("STARTS_WITH", "mf", vec!["mf1234"]),
        ("ENDS_WITH", "34", vec!["MF1234", "mf1234"]),
        ("CONTAINS", "00", vec!["100", "1003", "2000"]),
        ("LESS", "1003", vec!["100"]),
        ("GREATER", "2000", vec!["MF1234", "mf1234"]),
        ("GREATER_EQUAL", "2000", vec!["2000", "MF1234", "mf1234"]),
    ] {
        let r = find(&session, "?count=10&offset=0", &search(condition("account", c, criteria)));
        assert_eq!(accounts(&r), expected, "{c} {criteria}");
    }
}

#[test]
fn search_with_negated_rules_and_conditions() {
    let (_, session) = tenant_with(&["100", "1003", "2000", "2100"]);
    let negated_rule = search(json!({
        "rule": "AND", "isNegated": true,
        "left": condition("account", "STARTS_WITH", "1"), "right": condition("account", "ENDS_WITH", "0")
    }));
    assert_eq!(accounts(&find(&session, "?count=10&offset=0", &negated_rule)), ["1003", "2000", "2100"]);
    let less_or_equal = search(json!({"rule": "AND", "left":
        {"field": "account", "condition": "GREATER_EQUAL", "criteria": "2000", "isNegated": true}}));
    assert_eq!(accounts(&find(&session, "?count=10&offset=0", &less_or_equal)), ["100", "1003"]);
    // The document: isNegated does not work for a search of one condition alone.
    let alone = search(json!({"field": "account", "condition": "STARTS_WITH", "criteria": "2", "isNegated": true}));
    assert_eq!(accounts(&find(&session, "?count=10&offset=0", &alone)), ["2000", "2100"]);
}

#[test]
fn search_with_sort_and_paging() {
    let (_, session) = tenant_with(&["b", "a", "c", "e", "d"]);
    let body = json!({"search": condition("account", "CONTAINS", ""), "sort": [{"field": "ACCOUNT", "order": "DESC"}]});
    let r = find(&session, "?count=2&offset=0", &body);
    assert_eq!(
        (accounts(&r), &r.body["next"]),
        (vec!["e".to_owned(), "d".to_owned()], &json!("/contact/contacts/search?offset=2"))
    );
    let r = find(&session, "?count=2&offset=2", &body);
    assert_eq!(
        (accounts(&r), &r.body["next"]),
        (vec!["c".to_owned(), "b".to_owned()], &json!("/contact/contacts/search?offset=4"))
    );
    let r = find(&session, "?count=2&offset=4", &body);
    assert_eq!((accounts(&r), r.body.get("next")), (vec!["a".to_owned()], None));
    let by_id = json!({"search": condition("account", "CONTAINS", "")});
    assert_eq!(accounts(&find(&session, "?count=1000&offset=0", &by_id)), ["b", "a", "c", "e", "d"]);
    let r = find(
        &session,
        "/?count=3&offset=1",
        &json!({"search": condition("account", "CONTAINS", ""), "sort": [{"field": "CREATEDATE", "order": "ASC"}]}),
    );
    assert_eq!(accounts(&r), ["a", "c", "e"], "ties by id");
}

#[test]
fn search_is_served_under_a_version_segment_and_within_the_tenant() {
    let (_, session) = tenant_with(&["100"]);
    let (_, other) = tenant_with(&["101"]);
    let body = search(condition("account", "STARTS_WITH", "10"));
    assert_eq!(accounts(&session.post("/contact/v6.0/contacts/search?count=5&offset=0", &body)), ["100"]);
    assert_eq!(accounts(&find(&other, "?count=5&offset=0", &body)), ["101"]);
}

#[test]
fn count_and_offset_are_required() {
    let (_, session) = tenant_with(&["100"]);
    let body = search(condition("account", "STARTS_WITH", "10"));
    for (query, message) in [
        ("", "count: is required"),
        ("?count=5", "offset: is required"),
        ("?count=1001&offset=0", "count: must be an integer from 1 to 1000, not '1001'"),
        ("?count=0&offset=0", "count: must be an integer from 1 to 1000, not '0'"),
        ("?count=5&offset=x", "offset: must be an integer from 0 to 9007199254740991, not 'x'"),
    ] {
        let r = find(&session, query, &body);
        assert_eq!((r.status, r.body), (400, lv_error(400, message)), "{query}");
    }
}

/// Asserts a 400 with `message`, then that the server still answers.
fn refused(session: &Session, body: &str, message: &str) {
    let r = post_raw(session, body.as_bytes());
    assert_eq!((r.status, r.body), (400, lv_error(400, message)), "{}", &body[..body.len().min(200)]);
    let alive = find(session, "?count=5&offset=0", &search(condition("account", "EQUALS", "100")));
    assert_eq!(accounts(&alive), ["100"]);
}

#[test]
fn wrong_fields_conditions_and_types_are_refused_naming_them() {
    let (_, session) = tenant_with(&["100"]);
    for (body, message) in [
        (json!({}), "search: required"),
        (json!({"search": condition("acount", "EQUALS", "1")}), "search.field: unknown field 'acount'"),
        (
            json!({"search": condition("account); DROP TABLE lv_contacts; --", "EQUALS", "1")}),
            "search.field: unknown field 'account); DROP TABLE lv_contacts; --'",
        ),
        (
            json!({"search": condition("account", "LIKE", "1")}),
            "search.condition: unknown condition 'LIKE' (expected STARTS_WITH, ENDS_WITH, EQUALS, LESS, GREATER, GREATER_EQUAL, CONTAINS)",
        ),
        (
            json!({"search": {"rule": "XOR", "left": condition("account", "EQUALS", "1")}}),
            "search.rule: unknown rule 'XOR' (expected AND or OR)",
        ),
        (
            json!({"search": {"field": "account", "condition": "EQUALS", "criteria": {"a": 1}}}),
            "search.criteria: expected a string",
        ),
        (
            json!({"search": condition("paymentbalance", "GREATER", "lots")}),
            "search.criteria: expected a number for paymentbalance, not 'lots'",
        ),
        (
            json!({"search": "account=1"}),
            "search: expected an object: a rule (rule, left, right) or a condition (field, condition, criteria)",
        ),
        (
            json!({"search": condition("account", "EQUALS", "1"), "sort": [{"field": "BALANCE", "order": "ASC"}]}),
            "sort[0].field: unknown sort field 'BALANCE'",
        ),
        (
            json!({"search": condition("account", "EQUALS", "1"), "sort": [{"field": "ACCOUNT", "order": "UP"}]}),
            "sort[0].order: unknown order 'UP' (expected ASC or DESC)",
        ),
        (json!([1, 2]), "expected a JSON object with search and sort"),
    ] {
        refused(&session, &body.to_string(), message);
    }
    refused(&session, "", "The request body is empty: a JSON object is expected");
    // Criteria are values, never SQL.
    let sneaky = search(condition("account", "EQUALS", "100' OR '1'='1"));
    assert_eq!(accounts(&find(&session, "?count=5&offset=0", &sneaky)), Vec::<String>::new());
}

/// `levels` rules, each holding the next on its left, above one condition, as JSON text.
fn chain(levels: usize) -> String {
    let leaf = condition("account", "EQUALS", "100").to_string();
    format!("{{\"search\":{}{leaf}{}}}", "{\"rule\":\"AND\",\"left\":".repeat(levels), "}".repeat(levels))
}

#[test]
fn hostile_bodies_are_refused_with_the_server_alive() {
    let (_, session) = tenant_with(&["100"]);
    // Within the cap.
    assert_eq!(accounts(&post_raw(&session, chain(31).as_bytes())), ["100"]);
    let too_deep = format!("search{}", ".left".repeat(32));
    refused(&session, &chain(32), &format!("{too_deep}: the search nests rules too deeply (at most 32 levels)"));
    // Deeper than JSON parsing goes: refused by the body reader, whichever limit trips first.
    for levels in [200, 5_000, 100_000] {
        let text = chain(levels);
        let reason = serde_json::from_str::<Value>(&text).unwrap_err();
        refused(&session, &text, &format!("The request body is not valid JSON: {reason}"));
    }
    let wide: Vec<Value> = (0..10_000).map(|_| condition("account", "EQUALS", "1")).collect();
    refused(
        &session,
        &json!({"search": wide}).to_string(),
        "search: expected an object: a rule (rule, left, right) or a condition (field, condition, criteria)",
    );
    let sorts: Vec<Value> = (0..10_000).map(|_| json!({"field": "ACCOUNT", "order": "ASC"})).collect();
    refused(
        &session,
        &json!({"search": condition("account", "EQUALS", "1"), "sort": sorts}).to_string(),
        "sort: at most 10 sort keys",
    );
    let huge = "9".repeat(5_000_000);
    refused(&session, &search(condition("account", "EQUALS", &huge)).to_string(), "search.criteria: at most 255 characters");
    refused(
        &session,
        &search(condition(&huge, "EQUALS", "1")).to_string(),
        &format!("search.field: unknown field '{}'", "9".repeat(100)),
    );
    let mut branch = condition("account", "EQUALS", "1");
    for _ in 0..11 {
        branch = json!({"rule": "OR", "left": branch.clone(), "right": branch});
    }
    // The 1,001st rule or condition, in the order they are read.
    let path = "search.left.left.right.right.right.right.right.left.left.right";
    refused(
        &session,
        &search(branch).to_string(),
        &format!("{path}: the search has too many rules and conditions (at most 1000)"),
    );
    refused(
        &session,
        "{\"search\": {\"field\": \"account\"",
        "The request body is not valid JSON: EOF while parsing an object at line 1 column 30",
    );
}

/// A search repeated after an update finds the contact as it is now (what a search read is kept
/// only until a commit).
#[test]
fn a_search_repeated_after_an_update_finds_the_contact_as_changed() {
    let (tenant, session) = tenant_with(&["100", "200"]);
    let sysadmin = LiveVox::of(&tenant).login("Sysadmin");
    let body = json!({"search": {"field": "account", "criteria": "", "condition": "STARTS_WITH"},
        "sort": [{"field": "account", "order": "ASC"}]});
    let first = find(&session, "?offset=0&count=5", &body);
    assert_eq!(accounts(&first), ["100", "200"]);
    assert_eq!(find(&session, "?offset=0&count=5", &body).body, first.body);

    let r = sysadmin.put("/contact/contacts/200", &json!({"updateContactDetails": {"account": "150"}}));
    assert_eq!(r.status, 204, "{}", r.text);
    assert_eq!(accounts(&find(&session, "?offset=0&count=5", &body)), ["100", "150"]);
    let r = sysadmin.put("/contact/contacts/100", &json!({"updateContactDetails": {"account": "300"}}));
    assert_eq!(r.status, 204, "{}", r.text);
    assert_eq!(accounts(&find(&session, "?offset=0&count=5", &body)), ["150", "300"]);
}

//! Searches that cannot run: each refusal names the JSON path and what is wrong; caps on depth,
//! size, sort keys and criteria length; trees nested thousands deep.

use serde_json::{Value as Json, json};

use super::super::parse::{MAX_CRITERIA_CHARS, MAX_DEPTH, MAX_NODES, MAX_SORT};
use super::super::{SearchError, parse};
use super::{complete, condition, error, search};

fn refused(body: Json) -> String {
    error(body).to_string()
}

fn with_search(branch: Json) -> Json {
    json!({"search": branch})
}

#[test]
fn a_body_without_a_search_is_refused() {
    assert_eq!(refused(json!([])), "expected a JSON object with search and sort");
    assert_eq!(refused(json!({})), "search: required");
    assert_eq!(refused(json!({"search": null, "sort": []})), "search: required");
    let expected = "search: expected an object: a rule (rule, left, right) or a condition (field, condition, criteria)";
    assert_eq!(refused(json!({"search": "account=1"})), expected);
    assert_eq!(refused(json!({"search": [condition("account", "EQUALS", json!("1"))]})), expected);
    assert_eq!(
        refused(json!({"search": {}})),
        "search: expected a rule (rule, left, right) or a condition (field, condition, criteria)"
    );
    assert_eq!(
        refused(json!({"search": {"rule": "AND", "field": "account"}})),
        "search: expected a rule (rule, left, right) or a condition (field, condition, criteria), not both"
    );
}

#[test]
fn conditions_name_what_is_wrong() {
    for (branch, expected) in [
        (json!({"condition": "EQUALS", "criteria": "1"}), "search.field: required"),
        (json!({"field": 7, "condition": "EQUALS", "criteria": "1"}), "search.field: expected a field name"),
        (condition("acount", "EQUALS", json!("1")), "search.field: unknown field 'acount'"),
        (condition("c.account", "EQUALS", json!("1")), "search.field: unknown field 'c.account'"),
        (json!({"field": "account", "criteria": "1"}), "search.condition: required"),
        (
            condition("account", "LIKE", json!("1")),
            "search.condition: unknown condition 'LIKE' (expected STARTS_WITH, ENDS_WITH, EQUALS, LESS, GREATER, GREATER_EQUAL, CONTAINS)",
        ),
        (
            condition("account", "equals", json!("1")),
            "search.condition: unknown condition 'equals' (expected STARTS_WITH, ENDS_WITH, EQUALS, LESS, GREATER, GREATER_EQUAL, CONTAINS)",
        ),
        (json!({"field": "account", "condition": "EQUALS"}), "search.criteria: required"),
        (condition("account", "EQUALS", json!(null)), "search.criteria: required"),
        (condition("account", "EQUALS", json!(["1"])), "search.criteria: expected a string"),
        (condition("account", "EQUALS", json!({"value": "1"})), "search.criteria: expected a string"),
        (condition("account", "EQUALS", json!("a\u{0}b")), "search.criteria: expected text without NUL characters"),
        (condition("group", "EQUALS", json!("abc")), "search.criteria: expected an integer for group, not 'abc'"),
        (
            condition("callattemptstoday", "LESS", json!("1.5")),
            "search.criteria: expected an integer for callattemptstoday, not '1.5'",
        ),
        (
            condition("paymentbalance", "GREATER", json!("1e999")),
            "search.criteria: expected a number for paymentbalance, not '1e999'",
        ),
        (
            condition("paymentbalance", "GREATER", json!("NaN")),
            "search.criteria: expected a number for paymentbalance, not 'NaN'",
        ),
        (
            condition("dob", "LESS", json!("yesterday")),
            "search.criteria: expected epoch milliseconds or a CCYY-MM-DD date for dob, not 'yesterday'",
        ),
        (condition("do_not_dial", "EQUALS", json!("yes")), "search.criteria: expected true or false for do_not_dial, not 'yes'"),
        (
            condition("do_not_dial", "LESS", json!("true")),
            "search.condition: LESS does not apply to do_not_dial (a true or false field: use EQUALS)",
        ),
        (
            condition("account_due_date_basedon_option", "CONTAINS", json!("1")),
            "search.condition: CONTAINS does not apply to account_due_date_basedon_option (a number of days: use EQUALS, LESS, GREATER or GREATER_EQUAL)",
        ),
        (
            condition("last_load_date_basedon_option", "EQUALS", json!("36501")),
            "search.criteria: expected a number of days from today (-36500 to 36500) for last_load_date_basedon_option, not '36501'",
        ),
        (
            json!({"field": "account", "condition": "EQUALS", "criteria": "1", "isNegated": 1}),
            "search.isNegated: expected true or false",
        ),
        (
            json!({"field": "account", "condition": "EQUALS", "criteria": "1", "isNegated": "yes"}),
            "search.isNegated: expected true or false",
        ),
    ] {
        assert_eq!(refused(with_search(branch.clone())), expected, "{branch}");
    }
}

#[test]
fn rules_name_what_is_wrong() {
    let c = condition("account", "EQUALS", json!("1"));
    for (branch, expected) in [
        (json!({"rule": "XOR", "left": c}), "search.rule: unknown rule 'XOR' (expected AND or OR)"),
        (json!({"rule": "and", "left": c}), "search.rule: unknown rule 'and' (expected AND or OR)"),
        (json!({"rule": true, "left": c}), "search.rule: expected AND or OR"),
        (json!({"rule": "AND"}), "search: a rule needs a left or a right side"),
        (json!({"rule": "OR", "left": null, "right": null}), "search: a rule needs a left or a right side"),
        (json!({"left": c, "right": c}), "search.rule: required to join left and right (AND or OR)"),
        (
            json!({"rule": "AND", "left": "account=1"}),
            "search.left: expected an object: a rule (rule, left, right) or a condition (field, condition, criteria)",
        ),
        (
            json!({"rule": "AND", "left": c, "right": {"rule": "OR", "right": condition("nope", "EQUALS", json!("1"))}}),
            "search.right.right.field: unknown field 'nope'",
        ),
        (json!({"rule": "AND", "left": c, "isNegated": [true]}), "search.isNegated: expected true or false"),
    ] {
        assert_eq!(refused(with_search(branch.clone())), expected, "{branch}");
    }
}

#[test]
fn sorts_name_what_is_wrong() {
    let s = condition("account", "EQUALS", json!("1"));
    for (sort, expected) in [
        (json!({"field": "ACCOUNT", "order": "ASC"}), "sort: expected an array of {field, order}"),
        (json!(["ACCOUNT"]), "sort[0]: expected an object {field, order}"),
        (json!([{"order": "ASC"}]), "sort[0].field: required"),
        (json!([{"field": 1, "order": "ASC"}]), "sort[0].field: expected a field name"),
        (
            json!([{"field": "ACCOUNT", "order": "ASC"}, {"field": "BALANCE", "order": "ASC"}]),
            "sort[1].field: unknown sort field 'BALANCE'",
        ),
        (json!([{"field": "ACCOUNT"}]), "sort[0].order: required (ASC or DESC)"),
        (json!([{"field": "ACCOUNT", "order": "UP"}]), "sort[0].order: unknown order 'UP' (expected ASC or DESC)"),
        (json!([{"field": "ACCOUNT", "order": 1}]), "sort[0].order: expected ASC or DESC"),
    ] {
        assert_eq!(refused(json!({"search": s, "sort": sort})), expected);
    }
}

#[test]
fn long_names_are_shown_cut_to_100_characters() {
    let long = "x".repeat(10_000);
    assert_eq!(
        refused(with_search(condition(&long, "EQUALS", json!("1")))),
        format!("search.field: unknown field '{}'", "x".repeat(100))
    );
}

#[test]
fn criteria_are_capped_at_255_characters() {
    let at_cap = "a".repeat(MAX_CRITERIA_CHARS);
    search(with_search(condition("COL1", "EQUALS", json!(at_cap))));
    let over = "é".repeat(MAX_CRITERIA_CHARS + 1);
    assert_eq!(refused(with_search(condition("COL1", "EQUALS", json!(over)))), "search.criteria: at most 255 characters");
    assert_eq!(
        refused(with_search(condition("COL1", "EQUALS", json!("a".repeat(1_000_000))))),
        "search.criteria: at most 255 characters"
    );
}

#[test]
fn sort_keys_are_capped() {
    let one = json!({"field": "ACCOUNT", "order": "ASC"});
    let s = condition("account", "EQUALS", json!("1"));
    search(json!({"search": s, "sort": vec![one.clone(); MAX_SORT]}));
    assert_eq!(refused(json!({"search": s, "sort": vec![one; 10_000]})), "sort: at most 10 sort keys");
}

/// A chain of `levels` rules above one condition, each holding the next on its left (built
/// without `json!`, which would copy the chain at every level).
fn chain(levels: usize) -> Json {
    let mut branch = condition("account", "EQUALS", json!("1"));
    for _ in 0..levels {
        let mut rule = serde_json::Map::new();
        rule.insert("rule".into(), json!("AND"));
        rule.insert("left".into(), branch);
        branch = Json::Object(rule);
    }
    branch
}

/// Takes a deep body apart one level at a time (dropping it whole would recurse as deep).
fn dismantle(mut value: Json) {
    loop {
        let key = if value.get("search").is_some() { "search" } else { "left" };
        let Some(inner) = value.get_mut(key).map(Json::take) else { break };
        value = inner;
    }
}

#[test]
fn trees_are_capped_at_32_levels() {
    search(with_search(chain(MAX_DEPTH - 1)));
    let path = format!("search{}", ".left".repeat(MAX_DEPTH));
    assert_eq!(
        error(with_search(chain(MAX_DEPTH))),
        SearchError::new(path, "the search nests rules too deeply (at most 32 levels)")
    );
}

#[test]
fn a_tree_thousands_deep_is_refused_without_exhausting_the_stack() {
    let mut deep = serde_json::Map::new();
    deep.insert("search".into(), chain(100_000));
    let deep = Json::Object(deep);
    assert_eq!(parse(&deep).unwrap_err().reason, "the search nests rules too deeply (at most 32 levels)");
    dismantle(deep);
    // As JSON text, serde_json refuses it before the search is read.
    let text = format!("{}{}{}", "{\"left\":".repeat(5_000), "{}", "}".repeat(5_000));
    assert!(serde_json::from_str::<Json>(&text).unwrap_err().to_string().starts_with("recursion limit exceeded"));
}

#[test]
fn trees_are_capped_at_1000_rules_and_conditions() {
    let leaf = condition("account", "EQUALS", json!("1"));
    search(with_search(complete(9, &leaf)));
    let e = error(with_search(complete(10, &leaf)));
    assert_eq!(e.reason, format!("the search has too many rules and conditions (at most {MAX_NODES})"));
    assert!(e.path.starts_with("search.right"), "{}", e.path);
}

#[test]
fn errors_read_as_path_then_reason() {
    assert_eq!(SearchError::new("search.field", "required").to_string(), "search.field: required");
    assert_eq!(parse(&json!(null)).unwrap_err().path, "");
}

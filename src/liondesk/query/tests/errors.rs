//! Queries that cannot run: Feathers' `Invalid query parameter $x` (v4: with `data`), unknown
//! fields, malformed values, caps; and the SQL never holding request text.

use serde_json::{Map, Value as Json, json};

use super::super::fields::{CONTACTS, TEAMS};
use super::super::parse::{MAX_CONDITIONS, MAX_IN_VALUES, MAX_PARAMETERS, from_json};
use super::super::{Limits, QueryError, parse};
use super::{Fixture, error, message_of as message, query, render, sql_of};

fn invalid(name: &str, data: Json) -> QueryError {
    QueryError { message: format!("Invalid query parameter {name}"), data: Some(data) }
}

#[test]
fn an_unknown_operator_is_named_with_its_level_as_data() {
    assert_eq!(error("first_name[$foo]=x"), invalid("$foo", json!({"$foo": "x"})));
    assert_eq!(error("first_name[$in]=a&first_name[$foo]=x"), invalid("$foo", json!({"$in": "a", "$foo": "x"})));
    assert_eq!(error("$or[0][first_name]=a&$or[1][$like]=b"), invalid("$like", json!({"$like": "b"})));
    assert_eq!(error("$or[0][first_name][$like]=b%25"), invalid("$like", json!({"$like": "b%"})));
    assert_eq!(error("first_name[$in][0][$x]=1"), invalid("$x", json!({"$x": "1"})));
}

#[test]
fn an_unknown_top_level_dollar_key_has_the_whole_query_as_data() {
    let e = error("$limit=2&first_name=A&$populate=x&last_name[$in]=B");
    assert_eq!(e, invalid("$populate", json!({"$limit": "2", "first_name": "A", "$populate": "x", "last_name": {"$in": "B"}})));
    assert_eq!(error("$x"), invalid("$x", json!({"$x": ""})));
}

#[test]
fn dollar_keys_are_checked_before_fields_and_values_as_feathers_does() {
    assert_eq!(error("nope=1&hotness_id=abc&$x=1").message, "Invalid query parameter $x");
    assert_eq!(error("$sort[nope]=1&first_name[$foo]=x").message, "Invalid query parameter $foo");
}

#[test]
fn a_filter_inside_a_condition_is_dropped_when_the_query_has_it_at_the_top() {
    // Feathers' cleanQuery skips every key that is one of the filters it took out: `$limit`
    // always (finds are paginated), the others when the query has them.
    let q = query("$or[0][$limit]=1&$or[0][first_name]=Bob");
    assert_eq!(render(&q, &CONTACTS), "((c.first_name = ?)) ['Bob'] ORDER BY c.id ASC LIMIT 10 OFFSET 0");
    assert_eq!(error("$or[0][$skip]=1&$or[0][first_name]=Bob"), invalid("$skip", json!({"$skip": "1", "first_name": "Bob"})));
    let q = query("$skip=0&$or[0][$skip]=1&$or[0][first_name]=Bob");
    assert_eq!(render(&q, &CONTACTS), "((c.first_name = ?)) ['Bob'] ORDER BY c.id ASC LIMIT 10 OFFSET 0");
    assert_eq!(sql_of("first_name[$limit]=3"), "(1) [] ORDER BY c.id ASC LIMIT 10 OFFSET 0");
}

#[test]
fn operators_out_of_place_are_refused() {
    assert_eq!(message("$in=a"), "Invalid query parameter $in: it applies to a field, as in field[$in]=value");
    assert_eq!(message("$or[0][$ne]=a"), "Invalid query parameter $ne: it applies to a field, as in field[$ne]=value");
    assert_eq!(
        message("first_name[$or][0]=a"),
        "Invalid query parameter first_name[$or]: $or takes a list of queries, as in $or[0][first_name]=value"
    );
    assert_eq!(message("first_name[eq]=a"), "Invalid query parameter first_name[eq]: expected an operator such as $in");
    assert_eq!(message("$or=a"), "Invalid value for $or: expected a list, as in $or[0][field]=value");
    assert_eq!(message("$and[x][first_name]=a"), "Invalid value for $and: expected a list, as in $and[0][field]=value");
    assert_eq!(message("$or[0]=a"), "Invalid value for $or: each entry must be a query, as in $or[0][field]=value");
    assert_eq!(message("first_name[$lt][]=a"), "Invalid value for first_name[$lt]: expected one value");
    assert_eq!(message("first_name[$in][x]=a"), "Invalid value for first_name[$in]: expected a list of values");
}

#[test]
fn unknown_fields_are_named_wherever_they_appear() {
    let unknown = "Invalid query parameter nope: contacts has no such field";
    for s in ["nope=1", "nope[$in]=1", "$or[0][nope]=1", "$and[0][$or][0][nope][$gt]=1", "$sort[nope]=1", "$select[]=nope"] {
        assert_eq!(error(s), QueryError { message: unknown.into(), data: None }, "{s}");
    }
    assert_eq!(message("tenant_id=t"), "Invalid query parameter tenant_id: contacts has no such field");
    assert_eq!(message("c.id=1"), "Invalid query parameter c.id: contacts has no such field");
}

#[test]
fn malformed_values_are_named_by_kind() {
    for (s, expected) in [
        ("hotness_id=abc", "Invalid value 'abc' for hotness_id: expected an integer"),
        ("hotness_id=", "Invalid value '' for hotness_id: expected an integer"),
        ("hotness_id[$gt]=1.5", "Invalid value '1.5' for hotness_id: expected an integer"),
        ("id[$in]=1&id[$in]=x", "Invalid value 'x' for id: expected an integer"),
        ("id=99999999999999999999", "Invalid value '99999999999999999999' for id: expected an integer"),
        (
            "created_at[$lt]=yesterday",
            "Invalid value 'yesterday' for created_at: expected an ISO 8601 date or date-time between the years 0 and 9999",
        ),
        (
            "modified_at=2019-13-01",
            "Invalid value '2019-13-01' for modified_at: expected an ISO 8601 date or date-time between the years 0 and 9999",
        ),
        ("first_name=a%00b", "Invalid value 'a\0b' for first_name: expected text without NUL characters"),
        ("first_name[$in][0][0]=a", "Invalid value for first_name: expected one value, not [\"a\"]"),
    ] {
        assert_eq!(error(s), QueryError { message: expected.into(), data: None }, "{s}");
    }
    let e = parse("is_contact_resource_sharing_enabled=yes", &TEAMS, Limits::default()).unwrap_err();
    assert_eq!(e.message, "Invalid value 'yes' for is_contact_resource_sharing_enabled: expected true or false");
    let long = format!("first_name={}", "a".repeat(4097));
    assert_eq!(message(&long), "The value for first_name is too long (at most 4096 characters)");
}

#[test]
fn booleans_are_true_false_1_or_0() {
    for (text, value) in [("true", 1), ("1", 1), ("false", 0), ("0", 0)] {
        let q = parse(&format!("is_contact_resource_sharing_enabled={text}"), &TEAMS, Limits::default()).unwrap();
        assert_eq!(
            render(&q, &TEAMS),
            format!("tm.is_contact_resource_sharing_enabled = ? [{value}] ORDER BY tm.id ASC LIMIT 10 OFFSET 0")
        );
    }
}

#[test]
fn a_query_string_qs_cannot_read_is_refused() {
    assert!(message("first_name[=a").starts_with("Invalid query string: "));
    assert!(message("first_name=a&first_name[$in]=b").starts_with("Invalid query string: "));
}

#[test]
fn parameters_are_capped_at_a_thousand() {
    let at_cap = vec!["first_name[$in]=a"; MAX_PARAMETERS].join("&");
    assert_eq!(query(&at_cap).filter.len(), 1);
    let over = vec!["first_name[$in]=a"; MAX_PARAMETERS + 1].join("&");
    assert_eq!(error(&over), QueryError::new("Too many query parameters (at most 1000)"));
}

#[test]
fn conditions_are_capped() {
    let branches = |n: usize| (0..n).map(|i| format!("$or[{i}][first_name]=a")).collect::<Vec<_>>().join("&");
    // Each branch is one condition and holds one more.
    assert_eq!(query(&branches(MAX_CONDITIONS / 2)).filter.len(), 1);
    assert_eq!(error(&branches(MAX_CONDITIONS / 2 + 1)), QueryError::new("The query is too complex (at most 500 conditions)"));
}

#[test]
fn in_lists_are_capped() {
    let mut root = Map::new();
    root.insert("id".into(), json!({"$in": vec!["1"; MAX_IN_VALUES]}));
    assert!(from_json(&root, &CONTACTS, Limits::default()).is_ok());
    root.insert("id".into(), json!({"$in": vec!["1"; MAX_IN_VALUES + 1]}));
    assert_eq!(
        from_json(&root, &CONTACTS, Limits::default()).unwrap_err(),
        QueryError::new("Too many values for id (at most 1000)")
    );
}

#[test]
fn nesting_is_capped() {
    // qs reads five levels of brackets and keeps the rest as one key.
    assert_eq!(
        message("$or[0][$or][0][$or][0][first_name]=a"),
        "Invalid query parameter [first_name]: the query nests brackets too deeply (at most 5 levels)"
    );
    let mut nested = json!([{"first_name": "a"}]);
    for _ in 0..5 {
        nested = json!([{"$and": nested}]);
    }
    let root: Map<String, Json> = [("$and".to_owned(), nested.clone())].into_iter().collect();
    assert_eq!(
        from_json(&root, &CONTACTS, Limits::default()).unwrap_err(),
        QueryError::new("The query nests $and too deeply (at most 5 levels)")
    );
    let root: Map<String, Json> = [("$and".to_owned(), nested[0]["$and"].clone())].into_iter().collect();
    assert!(from_json(&root, &CONTACTS, Limits::default()).is_ok());
}

#[test]
fn the_sql_never_contains_request_text() {
    let hostile = ["x' OR '1'='1", "1; DROP TABLE ld_contacts; --", "\") OR 1=1 --", "c.id", "first_name ASC", "?"];
    let fixture = Fixture::syntax();
    for text in hostile {
        let encoded: String = url_encode(text);
        for s in [
            format!("first_name={encoded}"),
            format!("first_name[$ne]={encoded}"),
            format!("first_name[$in]={encoded}&first_name[$in]=b"),
            format!("$or[0][last_name][$lt]={encoded}"),
            format!("$sort[first_name]={encoded}"),
            format!("$limit={encoded}&$skip={encoded}"),
        ] {
            // `render` asserts every word of the SQL is a whitelisted column or keyword.
            let sql = render(&query(&s), &CONTACTS);
            let (total, _) = fixture.find(&query(&s));
            assert!(total >= 0, "{s}: {sql}");
        }
        for s in [format!("{encoded}=1"), format!("$sort[{encoded}]=1"), format!("$select[]={encoded}")] {
            assert!(error(&s).message.starts_with("Invalid query parameter "), "{s}");
        }
    }
    assert_eq!(fixture.names("$sort[first_name]=1"), ["Alice", "Bob", "Doug"]);
}

fn url_encode(text: &str) -> String {
    text.bytes().map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

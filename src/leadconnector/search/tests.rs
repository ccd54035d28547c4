//! Table tests of the search language: what parses, what each filter compiles to, and that the
//! SQL names only the field table's expressions.

use serde_json::{Value, json};

use super::ast::Page;
use super::fields::FIELDS;
use super::{compile, parse};
use crate::core::TenantId;

fn tenant() -> TenantId {
    TenantId::from("t")
}

fn body(extra: Value) -> Value {
    let mut b = json!({"locationId": "L", "pageLimit": 20});
    for (k, v) in extra.as_object().unwrap() {
        b[k] = v.clone();
    }
    b
}

fn sql(extra: Value) -> (String, Vec<rusqlite::types::Value>) {
    let compiled = compile(&parse(&body(extra)).unwrap(), &tenant());
    (compiled.condition.sql().to_owned(), compiled.condition.params().to_vec())
}

#[test]
fn each_operator_compiles_to_bound_sql() {
    use rusqlite::types::Value::{Integer, Text};
    let cases = [
        (
            json!({"field": "city", "operator": "eq", "value": "Oslo"}),
            "(lower(json_extract(c.data, '$.city')) = ?)",
            vec![Text("oslo".into())],
        ),
        (
            json!({"field": "email", "operator": "not_eq", "value": "A@B.C"}),
            "(c.email_lower = ?) IS NOT TRUE",
            vec![Text("a@b.c".into())],
        ),
        (
            json!({"field": "firstName", "operator": "contains", "value": "5%"}),
            "(lower(json_extract(c.data, '$.firstName')) LIKE ? ESCAPE '\\')",
            vec![Text("%5\\%%".into())],
        ),
        (json!({"field": "phone", "operator": "not_exists"}), "(c.phone IS NOT NULL AND c.phone <> '') IS NOT TRUE", vec![]),
        (
            json!({"field": "dnd", "operator": "eq", "value": true}),
            "(coalesce(json_extract(c.data, '$.dnd'), 0) = ?)",
            vec![Integer(1)],
        ),
        (
            json!({"field": "dateAdded", "operator": "range", "value": {"gte": "2024-01-01T00:00:00Z", "lt": 1706745600000_i64}}),
            "(c.date_added >= ? AND c.date_added < ?)",
            vec![Integer(1_704_067_200_000), Integer(1_706_745_600_000)],
        ),
        (
            json!({"field": "tags", "operator": "eq", "value": "VIP"}),
            "c.id IN (SELECT g.contact_id FROM lc_contact_tags g WHERE g.tenant = ? AND g.tag = ?)",
            vec![Text("t".into()), Text("vip".into())],
        ),
        (json!({"field": "tags", "operator": "not_exists"}), "coalesce(json_array_length(c.data, '$.tags'), 0) = 0", vec![]),
    ];
    for (filter, expected, params) in cases {
        assert_eq!(sql(json!({"filters": [filter.clone()]})), (format!("({expected})"), params), "{filter}");
    }
}

#[test]
fn groups_nest_and_the_query_is_anded() {
    let (text, params) = sql(json!({
        "query": "Ann",
        "filters": [{"group": "OR", "filters": [{"field": "city", "operator": "eq", "value": "a"}, {"field": "state", "operator": "eq", "value": "b"}]}],
    }));
    assert_eq!(
        text,
        "(((lower(json_extract(c.data, '$.city')) = ?) OR (lower(json_extract(c.data, '$.state')) = ?))) AND \
         f.rowid BETWEEN (SELECT n << 48 FROM core_search_tenants WHERE tenant = ? AND kind = 'lc_contacts_text') \
         AND (SELECT (n << 48) | 281474976710655 FROM core_search_tenants WHERE tenant = ? AND kind = 'lc_contacts_text') AND f.lc_contacts_text MATCH ?"
    );
    let text = |s: &str| rusqlite::types::Value::Text(s.into());
    assert_eq!(params[2..], [text("t"), text("t"), text("\"ann\"")]);
    assert_eq!(sql(json!({})).0, "1");
}

#[test]
fn pages_sorts_and_cursors_are_checked() {
    let s = parse(&body(json!({"page": 3, "sort": [{"field": "lastName", "direction": "desc"}]}))).unwrap();
    assert_eq!(
        (s.page.clone(), compile(&s, &tenant()).order.sql()),
        (Page::Number(3), "json_extract(c.data, '$.lastName') DESC, c.id DESC".to_owned())
    );
    let s = parse(&body(json!({"searchAfter": [1700000000000_i64, "abc"]}))).unwrap();
    assert_eq!(s.page, Page::After { date_added: 1_700_000_000_000, id: "abc".into() });
    assert!(compile(&s, &tenant()).order.is_empty());
}

#[test]
fn faults_are_named_by_their_path() {
    let cases = [
        (json!({"pageLimit": 501}), "pageLimit must be from 1 to 500"),
        (json!({"pageLimit": null}), "pageLimit should not be empty"),
        (json!({"locationId": ""}), "locationId should not be empty"),
        (json!({"page": 501}), "page and pageLimit reach past the 10000th contact: use searchAfter"),
        (json!({"page": 2, "searchAfter": [1, "a"]}), "page and searchAfter cannot be used together"),
        (json!({"searchAfter": [1]}), "searchAfter must be the searchAfter of a contact: [dateAdded, id]"),
        (json!({"sort": [{"field": "lastName"}], "searchAfter": [1, "a"]}), "searchAfter needs the default sort"),
        (
            json!({"sort": [{"field": "tags"}]}),
            "sort.0.field must be one of the following values: id, firstName, lastName, email, phone, companyName, address1, city, state, country, postalCode, source, type, timezone, website, assignedTo, businessId, dateOfBirth, dnd, dateAdded, dateUpdated",
        ),
        (json!({"query": "x".repeat(76)}), "query must be shorter than or equal to 75 characters"),
        (
            json!({"filters": [{"field": "city", "operator": "like", "value": "x"}]}),
            "filters.0.operator must be one of the following values: eq, not_eq, contains, not_contains, exists, not_exists, range",
        ),
        (
            json!({"filters": [{"group": "OR", "filters": [{"field": "dnd", "operator": "contains", "value": "x"}]}]}),
            "filters.0.filters.0.operator contains does not apply to dnd",
        ),
        (
            json!({"filters": [{"field": "city", "operator": "range", "value": {"gt": 1}}]}),
            "filters.0.operator range applies to dateAdded and dateUpdated only",
        ),
        (
            json!({"filters": [{"field": "dateAdded", "operator": "range", "value": {"after": 1}}]}),
            "property filters.0.value.after should not exist",
        ),
        (
            json!({"filters": [{"field": "city", "operator": "eq", "value": "x", "extra": 1}]}),
            "property filters.0.extra should not exist",
        ),
        (json!({"pipeline": 1}), "property pipeline should not exist"),
    ];
    for (extra, message) in cases {
        assert_eq!(parse(&body(extra.clone())).unwrap_err(), message, "{extra}");
    }
    let mut deep = json!({"field": "city", "operator": "exists"});
    for _ in 0..10 {
        deep = json!({"group": "AND", "filters": [deep]});
    }
    assert_eq!(
        parse(&body(json!({"filters": [deep]}))).unwrap_err(),
        "filters.0.filters.0.filters.0.filters.0.filters.0.filters.0.filters.0.filters.0.filters.0.filters.0: groups nest no deeper than 10 levels"
    );
    let many: Vec<Value> = (0..101).map(|_| json!({"field": "city", "operator": "exists"})).collect();
    assert_eq!(parse(&body(json!({"filters": many}))).unwrap_err(), "filters must hold no more than 100 filters and groups");
}

#[test]
fn the_sql_names_only_the_field_tables_expressions() {
    let filters: Vec<Value> = FIELDS.fields.iter().map(|f| json!({"field": f.name, "operator": "exists"})).collect();
    let (text, params) = sql(json!({"filters": filters}));
    assert!(params.is_empty());
    let mut rest = text.clone();
    for field in FIELDS.fields {
        rest = rest.replace(field.column.as_str(), "");
    }
    rest = rest.replace("coalesce(json_array_length(c.data, '$.tags'), 0) > 0", "");
    for keyword in ["IS NOT NULL", "AND"] {
        rest = rest.replace(keyword, "");
    }
    assert!(rest.chars().all(|c| "() <>'".contains(c)), "{rest}");
}

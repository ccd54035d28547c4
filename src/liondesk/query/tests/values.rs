//! Operators, filters and values one at a time: the list forms of `qs`, `$limit`/`$skip`/`$sort`
//! as Feathers reads them, `$select`, and values coerced by kind (instants compared as instants,
//! text without regard to case, SQL NULL semantics).

use super::super::Limits;
use super::super::fields::CONTACTS;
use super::{Fixture, PAGINATE, query, query_with, sql_of};

const NO_ORDER: &str = "ORDER BY c.id ASC LIMIT 10 OFFSET 0";

#[test]
fn each_comparison_operator_binds_its_value() {
    for (op, sql) in [("$ne", "<>"), ("$lt", "<"), ("$lte", "<="), ("$gt", ">"), ("$gte", ">=")] {
        assert_eq!(sql_of(&format!("last_name[{op}]=Gates")), format!("c.last_name {sql} ? ['Gates'] {NO_ORDER}"));
        assert_eq!(sql_of(&format!("source_id[{op}]=12")), format!("c.source_id {sql} ? [12] {NO_ORDER}"));
    }
    assert_eq!(sql_of("last_name[$in]=gates&last_name[$in]=jobs"), format!("c.last_name IN (?, ?) ['gates', 'jobs'] {NO_ORDER}"));
    assert_eq!(sql_of("last_name[$nin]=gates"), format!("c.last_name NOT IN (?) ['gates'] {NO_ORDER}"));
}

#[test]
fn a_single_in_value_is_a_one_element_list_in_every_form() {
    for s in ["last_name[$in]=Gates", "last_name[$in][]=Gates", "last_name[$in][0]=Gates", "last_name%5B%24in%5D%5B0%5D=Gates"] {
        assert_eq!(sql_of(s), format!("c.last_name IN (?) ['Gates'] {NO_ORDER}"), "{s}");
    }
    assert_eq!(sql_of("last_name[$in][]="), format!("c.last_name IN (?) [''] {NO_ORDER}"));
    assert_eq!(sql_of("last_name[$in]"), format!("c.last_name IN (?) [''] {NO_ORDER}"));
}

#[test]
fn repeated_equality_means_any_of() {
    assert_eq!(sql_of("first_name=Alice&first_name=Doug"), format!("c.first_name IN (?, ?) ['Alice', 'Doug'] {NO_ORDER}"));
    assert_eq!(sql_of("first_name[]=Alice"), format!("c.first_name IN (?) ['Alice'] {NO_ORDER}"));
    assert_eq!(Fixture::syntax().names("first_name=Alice&first_name=Doug"), ["Doug", "Alice"]);
}

#[test]
fn values_are_form_decoded() {
    assert_eq!(sql_of("tags=Potential+Buyer"), format!("c.tags = ? ['Potential Buyer'] {NO_ORDER}"));
    assert_eq!(sql_of("tags=Potential%20Buyer%26Co%3D"), format!("c.tags = ? ['Potential Buyer&Co='] {NO_ORDER}"));
    assert_eq!(sql_of("email=a%2Bb%40x.com"), format!("c.email = ? ['a+b@x.com'] {NO_ORDER}"));
    assert_eq!(sql_of("last_name=&first_name"), format!("c.last_name = ? AND c.first_name = ? ['', ''] {NO_ORDER}"));
    assert_eq!(sql_of("=x&&first_name=A&"), format!("c.first_name = ? ['A'] {NO_ORDER}"));
}

#[test]
fn limit_is_parse_int_absolute_and_clamped() {
    for (s, limit) in [
        ("", 10),
        ("$limit=2", 2),
        ("$limit=-2", 2),
        ("$limit=50", 50),
        ("$limit=51", 50),
        ("$limit=99999999999999999999999", 50),
        ("$limit=0", 0),
        ("$limit=-0", 0),
        ("$limit=3abc", 3),
        ("$limit=1e3", 1),
        ("$limit=abc", 10),
        ("$limit=", 10),
        ("$limit", 10),
        ("$limit=1&$limit=3", 1),
        ("$limit[x]=3", 10),
    ] {
        assert_eq!(query(s).limit, limit, "{s}");
    }
    for (s, limit) in [("", 1), ("$limit=2", 2), ("$limit=4", 2), ("$limit=-4", 2), ("$limit=x", 1), ("$limit=0", 0)] {
        assert_eq!(query_with(s, &CONTACTS, PAGINATE).limit, limit, "{s}");
    }
    let odd = Limits { default_limit: 80, max_limit: 50 };
    assert_eq!(query_with("", &CONTACTS, odd).limit, 50);
}

#[test]
fn skip_is_parse_int_absolute() {
    for (s, skip) in
        [("", 0), ("$skip=3", 3), ("$skip=-3", 3), ("$skip=abc", 0), ("$skip=7x", 7), ("$skip=99999999999999999999999", i64::MAX)]
    {
        assert_eq!(query(s).skip, skip, "{s}");
    }
    let fixture = Fixture::syntax();
    assert_eq!(fixture.find(&query("$skip=5")), (3, vec![]));
    assert_eq!(fixture.find(&query("$skip=99999999999999999999999")), (3, vec![]));
}

#[test]
fn sort_keys_apply_in_query_string_order_then_id() {
    assert_eq!(
        sql_of("$sort[last_name]=1&$sort[first_name]=-1&$sort[created_at]=1"),
        "1 [] ORDER BY c.last_name ASC, c.first_name DESC, c.created_at ASC, c.id ASC LIMIT 10 OFFSET 0"
    );
    assert_eq!(
        sql_of("$sort[created_at]=-1&$sort[last_name]=1"),
        "1 [] ORDER BY c.created_at DESC, c.last_name ASC, c.id ASC LIMIT 10 OFFSET 0"
    );
    assert_eq!(sql_of("$sort[id]=-1&$sort[first_name]=1"), "1 [] ORDER BY c.id DESC, c.first_name ASC LIMIT 10 OFFSET 0");
    let fixture = Fixture::new(&[
        ("Bob", Some(1), "2019-01-01T00:00:00.000Z"),
        ("alice", Some(2), "2019-01-01T00:00:00.000Z"),
        ("Alice", Some(1), "2019-01-01T00:00:00.000Z"),
    ]);
    assert_eq!(fixture.names("$sort[first_name]=1"), ["alice", "Alice", "Bob"]);
    assert_eq!(fixture.names("$sort[first_name]=-1"), ["Bob", "alice", "Alice"]);
    assert_eq!(fixture.names("$sort[hotness_id]=1&$sort[first_name]=-1"), ["Bob", "Alice", "alice"]);
    assert_eq!(super::message_of("$sort=first_name"), "Invalid value for $sort: expected $sort[field]=1 or $sort[field]=-1");
}

#[test]
fn select_keeps_fields_and_embeds() {
    let q = query("$select[]=email&$select[]=hotness&$select[]=addresses");
    assert_eq!(q.select, Some(vec!["email", "hotness", "addresses"]));
    assert_eq!(query("$select=email").select, Some(vec!["email"]));
    assert_eq!(query("$select[0]=email&$select[1]=id").select, Some(vec!["email", "id"]));
    let record = serde_json::json!({"id": 1, "email": "e", "first_name": "f", "hotness": null, "source": null});
    let kept = q.selected(record.as_object().unwrap().clone());
    assert_eq!(kept, serde_json::json!({"id": 1, "email": "e", "hotness": null}));
    assert_eq!(super::message_of("$select[a]=email"), "Invalid value for $select: expected $select[]=field");
}

#[test]
fn text_equality_and_order_ignore_case() {
    let fixture = Fixture::syntax();
    assert_eq!(fixture.names("first_name=aLICE"), ["Alice"]);
    assert_eq!(fixture.names("first_name[$in]=BOB&first_name[$in]=doug"), ["Bob", "Doug"]);
    assert_eq!(fixture.names("first_name[$nin]=ALICE"), ["Bob", "Doug"]);
    assert_eq!(fixture.names("first_name[$ne]=bob"), ["Doug", "Alice"]);
    assert_eq!(fixture.names("first_name[$gte]=b&first_name[$lt]=C"), ["Bob"]);
}

#[test]
fn ne_and_nin_do_not_match_nulls() {
    let fixture = Fixture::new(&[
        ("Bob", Some(25), "2019-01-25T00:00:00.000Z"),
        ("Nobody", None, "2019-01-26T00:00:00.000Z"),
        ("Alice", Some(19), "2019-01-19T00:00:00.000Z"),
    ]);
    assert_eq!(fixture.names("hotness_id[$ne]=25"), ["Alice"]);
    assert_eq!(fixture.names("hotness_id[$nin]=25"), ["Alice"]);
    assert_eq!(fixture.names("hotness_id[$lt]=100"), ["Bob", "Alice"]);
    assert_eq!(fixture.names("$or[0][hotness_id][$ne]=25&$or[1][first_name]=Nobody"), ["Nobody", "Alice"]);
}

#[test]
fn instants_compare_as_instants_whatever_their_iso_8601_form() {
    for text in [
        "2019-01-25",
        "2019-01-25T00:00:00Z",
        "2019-01-25T00:00:00.000Z",
        "2019-01-24T17:00:00-07:00",
        "2019-01-24T17:00:00-0700",
        "2019-01-25T05:30:00%2B05:30",
        "2019-01-25T00:00Z",
        "2019-01-24T17:00-07:00",
        "2019-01-25T00:00:00",
        "2019-01-25+00:00:00",
        "2019-01-25T00:00",
    ] {
        assert_eq!(
            sql_of(&format!("created_at[$gte]={text}")),
            format!("c.created_at >= ? ['2019-01-25T00:00:00.000Z'] {NO_ORDER}"),
            "{text}"
        );
    }
    let fixture = Fixture::syntax();
    assert_eq!(fixture.names("created_at[$gte]=2019-01-24T17:00:00-07:00"), ["Bob", "Doug"]);
    assert_eq!(fixture.names("created_at[$gt]=2019-01-24T17:00:00-07:00"), ["Doug"]);
    assert_eq!(fixture.names("created_at=2019-01-24T19:00:00-05:00"), ["Bob"]);
    assert_eq!(fixture.names("created_at[$gte]=2019-01-01&created_at[$lte]=2019-01-31T00:00:00Z"), ["Bob", "Alice"]);
    assert_eq!(fixture.names("created_at[$in]=2019-01-19&created_at[$in]=2019-02-01T01:00:00%2B01:00"), ["Doug", "Alice"]);
}

#[test]
fn instants_finer_than_a_millisecond_compare_exactly() {
    let fixture = Fixture::syntax();
    let bob = "2019-01-25T00:00:00.000Z";
    for (s, names) in [
        ("created_at[$lt]=2019-01-25T00:00:00.0001Z", vec!["Bob", "Alice"]),
        ("created_at[$lte]=2019-01-25T00:00:00.0001Z", vec!["Bob", "Alice"]),
        ("created_at[$gt]=2019-01-25T00:00:00.0001Z", vec!["Doug"]),
        ("created_at[$gte]=2019-01-25T00:00:00.0001Z", vec!["Doug"]),
        ("created_at[$lt]=2019-01-24T23:59:59.9999Z", vec!["Alice"]),
        ("created_at[$gt]=2019-01-24T23:59:59.9999Z", vec!["Bob", "Doug"]),
        ("created_at=2019-01-25T00:00:00.0001Z", vec![]),
        ("created_at[$ne]=2019-01-25T00:00:00.0001Z", vec!["Bob", "Doug", "Alice"]),
        ("created_at[$nin]=2019-01-25T00:00:00.0001Z", vec!["Bob", "Doug", "Alice"]),
    ] {
        assert_eq!(fixture.names(s), names, "{s}");
    }
    assert_eq!(sql_of(&format!("created_at={bob}")), format!("c.created_at = ? ['{bob}'] {NO_ORDER}"));
    assert_eq!(
        sql_of("created_at[$lt]=2019-01-25T00:00:00.0001Z"),
        format!("c.created_at < ? ['2019-01-25T00:00:00.001Z'] {NO_ORDER}")
    );
    assert_eq!(
        super::message_of("created_at[$lt]=9999-12-31T23:59:59.9999Z"),
        "Invalid value '9999-12-31T23:59:59.9999Z' for created_at: \
         expected an ISO 8601 date or date-time between the years 0 and 9999"
    );
}

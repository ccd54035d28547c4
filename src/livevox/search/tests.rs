//! Table tests of the search language, named after the document's examples ("Search for
//! Contacts by a Single Condition", "... with Multiple Conditions") and its conditions. Each case
//! checks the SQL the search becomes (with its bound values) and runs it over a small tenant in
//! SQLite with LiveVox's schema.

mod errors;
mod fields;

use chrono::{DateTime, Utc};
use rusqlite::types::Value;
use rusqlite::{Connection, params_from_iter};
use serde_json::{Value as Json, json};

use super::fields::{ID, search_fields, sort_fields};
use super::{Compiled, Context, Search, SearchError, compile, parse};
use crate::core::TenantId;

/// 2026-03-10T15:00:00Z, a Tuesday afternoon.
fn now() -> DateTime<Utc> {
    "2026-03-10T15:00:00Z".parse().unwrap()
}

fn cx() -> Context {
    Context { tenant: TenantId::from("t"), now: now(), today: "2026-03-10T00:00:00Z".parse().unwrap() }
}

fn search(body: Json) -> Search {
    parse(&body).unwrap_or_else(|e| panic!("{body}: {e}"))
}

fn error(body: Json) -> SearchError {
    parse(&body).expect_err(&body.to_string())
}

fn shown(v: &Value) -> String {
    match v {
        Value::Integer(n) => n.to_string(),
        Value::Real(x) => format!("{x:?}"),
        Value::Text(t) => format!("'{t}'"),
        other => format!("{other:?}"),
    }
}

fn values(v: &[Value]) -> String {
    v.iter().map(shown).collect::<Vec<_>>().join(", ")
}

/// Every expression the field tables hold, longest first.
fn expressions() -> Vec<&'static str> {
    let mut all: Vec<&'static str> = search_fields().flat_map(|f| f.columns().map(|c| c.as_str())).collect();
    all.extend(sort_fields().map(|f| f.column.column.as_str()));
    all.push(ID.column.as_str());
    all.push(super::sql::ANY_PHONE);
    all.push(super::sql::PHONE);
    all.push(super::sql::NAMED);
    all.sort_by_key(|e| std::cmp::Reverse(e.len()));
    all
}

/// Every word of SQL the search may write: the field tables' expressions, keywords, placeholders.
fn assert_only_whitelisted(sql: &str) {
    const KEYWORDS: [&str; 26] = [
        "?", "+", "IN", "UNION", "ALL", "=", "<", ">", ">=", "AND", "OR", "IS", "NOT", "TRUE", "LIKE", "ESCAPE", "'\\'", "GLOB",
        "CAST", "AS", "TEXT", "ASC", "DESC", "0", "1", "EXPR",
    ];
    let mut rest = sql.to_owned();
    for expression in expressions() {
        rest = rest.replace(expression, " EXPR ");
    }
    for word in rest.split(|c: char| c.is_whitespace() || "(),".contains(c)).filter(|w| !w.is_empty()) {
        assert!(KEYWORDS.contains(&word), "{word:?} in {sql:?} is not from the whitelist");
    }
}

/// The search as `condition [values] ORDER BY order [values]`.
fn render(compiled: &Compiled) -> String {
    let (c, o) = (&compiled.condition, &compiled.order);
    assert_only_whitelisted(c.sql());
    assert_only_whitelisted(o.sql());
    assert_eq!(c.sql().matches('?').count(), c.params().len(), "{}", c.sql());
    assert_eq!(o.sql().matches('?').count(), o.params().len(), "{}", o.sql());
    let order_values = if o.params().is_empty() { String::new() } else { format!(" [{}]", values(o.params())) };
    format!("{} [{}] ORDER BY {}{order_values}", c.sql(), values(c.params()), o.sql())
}

fn sql_of(body: Json) -> String {
    render(&compile(&search(body), &cx()))
}

/// A tenant of contacts in LiveVox's schema; `accounts` runs a search as the store does.
struct Fixture(Connection);

const NOW: &str = "2026-03-10T15:00:00.000Z";
const TONIGHT: &str = "2026-03-11T00:00:00.000Z";
const LAST_NIGHT: &str = "2026-03-10T00:00:00.000Z";
const DAY: i64 = 86_400_000;
/// 2026-03-10T00:00:00Z in epoch ms.
const TODAY: i64 = 1_773_100_800_000;

impl Fixture {
    /// The example's accounts and a few more (ids from 1), and one contact of another tenant.
    fn new() -> Fixture {
        let db = Connection::open_in_memory().unwrap();
        db.execute_batch(include_str!("../schema.sql")).unwrap();
        let insert = |tenant: &str, id: i64, sets: &str| {
            let (columns, values): (Vec<&str>, Vec<&str>) =
                sets.split(';').filter(|s| !s.is_empty()).map(|s| s.split_once('=').unwrap()).unzip();
            let extra = if columns.is_empty() { String::new() } else { format!(", {}", columns.join(", ")) };
            let extra_values = if values.is_empty() { String::new() } else { format!(", {}", values.join(", ")) };
            db.execute_batch(&format!(
                "INSERT INTO lv_contacts (tenant_id, id, create_date, modify_date{extra}) VALUES ('{tenant}', {id}, 0, 0{extra_values})"
            ))
            .unwrap();
        };
        insert("t", 1, "account='100';balance=0;first_name='Ann';last_name='Lee';phone1='6503517500';phone1_sms_consent=1");
        insert("t", 2, "account='1000';balance=150.5;zip_code='10010';due_date=1773100800000");
        insert("t", 3, "account='1003';balance=0;first_name='Mary';last_name='Shelley';city='California';phone2='9742573688'");
        insert("t", 4, "account='1010';balance=0;first_name='Wilkins';last_name='Micawber';zip_code='10010'");
        insert("t", 5, "account='12345';balance=250;zip_code='10011';due_date=1773273600000");
        insert(
            "t",
            6,
            &format!(
                "account='MF1234';balance=99.99;dnd=1;dnd_daily_until='{TONIGHT}';call_attempts_today=2;attempts_today_until='{TONIGHT}'"
            ),
        );
        insert(
            "t",
            7,
            &format!(
                "account='mf1234';city='san francisco';col1='50%_off';dnd_daily_until='{LAST_NIGHT}';call_attempts_today=3;attempts_today_until='{LAST_NIGHT}'"
            ),
        );
        insert("u", 1, "account='101';zip_code='10010'");
        Fixture(db)
    }

    /// The accounts `body` finds, in order.
    fn accounts(&self, body: Json) -> Vec<String> {
        let compiled = compile(&search(body), &cx());
        let sql = format!(
            "SELECT c.account FROM lv_contacts c WHERE c.tenant_id = 't' AND ({}) ORDER BY {}",
            compiled.condition.sql(),
            compiled.order.sql()
        );
        let params = compiled.condition.params().iter().chain(compiled.order.params());
        let mut stmt = self.0.prepare(&sql).unwrap();
        stmt.query_map(params_from_iter(params), |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap()
    }
}

/// A complete tree of OR rules `levels` deep over `leaf`.
fn complete(levels: usize, leaf: &Json) -> Json {
    if levels == 1 {
        return leaf.clone();
    }
    json!({"rule": "OR", "left": complete(levels - 1, leaf), "right": complete(levels - 1, leaf)})
}

fn condition(field: &str, condition: &str, criteria: Json) -> Json {
    json!({"field": field, "condition": condition, "criteria": criteria})
}

/// `condition` alone under a rule (where its isNegated applies).
fn under_rule(c: Json) -> Json {
    json!({"search": {"rule": "AND", "left": c}})
}

fn found(body: Json) -> Vec<String> {
    Fixture::new().accounts(body)
}

#[test]
fn search_for_contacts_by_a_single_condition() {
    let body = json!({
        "search": {"field": "account", "criteria": "10", "condition": "STARTS_WITH"},
        "sort": [{"field": "account", "order": "ASC"}]
    });
    assert_eq!(
        sql_of(body.clone()),
        "c.account >= ? AND c.account < ? AND c.account GLOB ? ['10', '11', '10*'] ORDER BY +c.account ASC, c.id ASC"
    );
    assert_eq!(found(body), ["100", "1000", "1003", "1010"]);
}

#[test]
fn search_for_contacts_with_multiple_conditions() {
    let body = json!({
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
    });
    assert_eq!(
        sql_of(body.clone()),
        "(((c.account >= ? AND c.account < ? AND c.account GLOB ? AND c.zip_code LIKE ? ESCAPE '\\') AND c.balance > ?) OR (c.zip_code LIKE ? ESCAPE '\\' AND c.account >= ? AND c.account < ? AND c.account GLOB ?)) \
         ['123', '124', '123*', '10%', 100.0, '10%', '10', '11', '10*'] ORDER BY c.id ASC"
    );
    assert_eq!(found(body), ["1000", "1010", "12345"]);
}

#[test]
fn search_with_equals() {
    let body = json!({"search": condition("account", "EQUALS", json!("MF1234"))});
    assert_eq!(sql_of(body.clone()), "c.account = ? ['MF1234'] ORDER BY c.id ASC");
    assert_eq!(found(body), ["MF1234"], "account numbers compare exactly");
    assert_eq!(found(json!({"search": condition("city", "EQUALS", json!("SAN FRANCISCO"))})), ["mf1234"], "places ignore case");
    assert_eq!(found(json!({"search": condition("group", "EQUALS", json!("0"))})), Vec::<String>::new());
}

#[test]
fn search_with_less_greater_and_greater_equal_compare_numbers_as_numbers() {
    let less = json!({"search": condition("paymentbalance", "LESS", json!("100"))});
    assert_eq!(sql_of(less.clone()), "c.balance < ? [100.0] ORDER BY c.id ASC");
    assert_eq!(found(less), ["100", "1003", "1010", "MF1234"]);
    assert_eq!(found(json!({"search": condition("paymentbalance", "GREATER", json!(100))})), ["1000", "12345"]);
    assert_eq!(found(json!({"search": condition("paymentbalance", "GREATER_EQUAL", json!("150.5"))})), ["1000", "12345"]);
    assert_eq!(found(json!({"search": condition("paymentbalance", "GREATER", json!("99.989"))})), ["1000", "12345", "MF1234"]);
}

#[test]
fn search_with_less_or_equal_is_greater_equal_negated() {
    let body =
        under_rule(json!({"field": "paymentbalance", "condition": "GREATER_EQUAL", "criteria": "99.99", "isNegated": true}));
    assert_eq!(sql_of(body.clone()), "(c.balance >= ?) IS NOT TRUE [99.99] ORDER BY c.id ASC");
    assert_eq!(found(body), ["100", "1003", "1010", "mf1234"], "a contact without a balance passes the negation");
}

#[test]
fn search_with_starts_with_ends_with_and_contains() {
    assert_eq!(found(json!({"search": condition("account", "STARTS_WITH", json!("mf"))})), ["mf1234"]);
    assert_eq!(found(json!({"search": condition("account", "ENDS_WITH", json!("34"))})), ["MF1234", "mf1234"]);
    assert_eq!(found(json!({"search": condition("phone", "ENDS_WITH", json!("7500"))})), ["100"]);
    let name = json!({"search": condition("name", "CONTAINS", json!("ELL"))});
    assert_eq!(
        sql_of(name.clone()),
        "(c.first_name LIKE ? ESCAPE '\\' OR c.last_name LIKE ? ESCAPE '\\' OR (c.first_name || ' ' || c.last_name) COLLATE NOCASE LIKE ? ESCAPE '\\') \
         ['%ELL%', '%ELL%', '%ELL%'] ORDER BY c.id ASC"
    );
    assert_eq!(found(name), ["1003"]);
    assert_eq!(found(json!({"search": condition("name", "STARTS_WITH", json!("mary s"))})), ["1003"]);
    assert_eq!(found(json!({"search": condition("paymentbalance", "STARTS_WITH", json!("99.9"))})), ["MF1234"]);
}

#[test]
fn search_patterns_take_wildcards_literally() {
    let body = json!({"search": condition("COL1", "CONTAINS", json!("%_"))});
    assert_eq!(sql_of(body.clone()), "c.col1 GLOB ? ['*%_*'] ORDER BY c.id ASC");
    assert_eq!(found(body), ["mf1234"]);
    assert_eq!(found(json!({"search": condition("COL1", "CONTAINS", json!("*"))})), Vec::<String>::new());
    assert_eq!(found(json!({"search": condition("city", "CONTAINS", json!("_"))})), Vec::<String>::new());
    let glob = json!({"search": condition("account", "STARTS_WITH", json!("[*?"))});
    assert_eq!(
        sql_of(glob),
        "c.account >= ? AND c.account < ? AND c.account GLOB ? ['[*?', '[*@', '[[][*][?]*'] ORDER BY c.id ASC"
    );
    let like = json!({"search": condition("city", "ENDS_WITH", json!("a%b_c\\"))});
    assert_eq!(sql_of(like), "c.city LIKE ? ESCAPE '\\' ['%a\\%b\\_c\\\\'] ORDER BY c.id ASC");
}

#[test]
fn search_with_a_negated_rule_negates_its_subtree_and_swaps_and_or() {
    let body = json!({"search": {
        "rule": "AND",
        "isNegated": true,
        "left": condition("account", "STARTS_WITH", json!("10")),
        "right": condition("postalcode", "STARTS_WITH", json!("10"))
    }});
    assert_eq!(
        sql_of(body.clone()),
        "((c.account >= ? AND c.account < ? AND c.account GLOB ?) IS NOT TRUE OR (c.zip_code LIKE ? ESCAPE '\\') IS NOT TRUE) ['10', '11', '10*', '10%'] ORDER BY c.id ASC"
    );
    assert_eq!(found(body), ["100", "1003", "12345", "MF1234", "mf1234"]);
}

#[test]
fn search_with_negations_that_cancel() {
    let body = json!({"search": {
        "rule": "OR",
        "isNegated": true,
        "left": {"rule": "AND", "isNegated": true,
                 "left": condition("account", "STARTS_WITH", json!("10")),
                 "right": {"field": "postalcode", "condition": "STARTS_WITH", "criteria": "10", "isNegated": true}},
        "right": condition("account", "EQUALS", json!("1000"))
    }});
    // NOT( NOT(a AND NOT z) OR b ) = (a AND NOT z) AND NOT b
    assert_eq!(
        sql_of(body.clone()),
        "((c.account >= ? AND c.account < ? AND c.account GLOB ? AND (c.zip_code LIKE ? ESCAPE '\\') IS NOT TRUE) AND (c.account = ?) IS NOT TRUE) \
         ['10', '11', '10*', '10%', '1000'] ORDER BY c.id ASC"
    );
    assert_eq!(found(body), ["100", "1003"]);
}

#[test]
fn search_with_a_negated_condition_under_a_rule() {
    let body = under_rule(json!({"field": "account", "condition": "STARTS_WITH", "criteria": "1", "isNegated": "true"}));
    assert_eq!(found(body), ["MF1234", "mf1234"]);
}

#[test]
fn search_with_a_negated_condition_alone_is_not_negated_as_the_document_says() {
    let body = json!({"search": {"field": "account", "condition": "STARTS_WITH", "criteria": "mf", "isNegated": true}});
    assert_eq!(
        sql_of(body.clone()),
        "c.account >= ? AND c.account < ? AND c.account GLOB ? ['mf', 'mg', 'mf*'] ORDER BY c.id ASC"
    );
    assert_eq!(found(body), ["mf1234"]);
}

#[test]
fn search_with_one_sided_rules() {
    let left = json!({"search": {"rule": "OR", "left": condition("account", "EQUALS", json!("100"))}});
    assert_eq!(sql_of(left), "c.account = ? ['100'] ORDER BY c.id ASC");
    let right = json!({"search": {"right": condition("account", "EQUALS", json!("100")), "left": null, "isNegated": true}});
    assert_eq!(sql_of(right.clone()), "(c.account = ?) IS NOT TRUE ['100'] ORDER BY c.id ASC");
    assert_eq!(found(right), ["1000", "1003", "1010", "12345", "MF1234", "mf1234"]);
}

#[test]
fn search_nested_32_levels_deep() {
    let mut branch = condition("account", "EQUALS", json!("1003"));
    for _ in 1..32 {
        branch = json!({"rule": "AND", "left": branch});
    }
    assert_eq!(found(json!({"search": branch})), ["1003"]);
}

#[test]
fn search_with_sort() {
    let by = |field: &str, order: &str| json!({"search": condition("account", "STARTS_WITH", json!("1")), "sort": [{"field": field, "order": order}]});
    assert_eq!(found(by("PAYMENTBALANCE", "DESC")), ["12345", "1000", "100", "1003", "1010"], "ties by id");
    assert_eq!(found(by("paymentbalance", "asc")), ["100", "1003", "1010", "1000", "12345"]);
    assert_eq!(found(by("POSTALCODE", "ASC")), ["100", "1003", "1000", "1010", "12345"], "no postal code first");
    let two = json!({"search": condition("account", "STARTS_WITH", json!("1")), "sort": [
        {"field": "POSTALCODE", "order": "DESC"}, {"field": "ACCOUNT", "order": "DESC"}]});
    assert_eq!(
        sql_of(two.clone()),
        "c.account >= ? AND c.account < ? AND c.account GLOB ? ['1', '2', '1*'] ORDER BY +c.zip_code DESC, +c.account DESC, c.id ASC"
    );
    assert_eq!(found(two), ["12345", "1010", "1000", "1003", "100"]);
}

#[test]
fn search_sorts_by_what_depends_on_the_clock_with_the_request_instant() {
    let body = json!({"search": condition("account", "ENDS_WITH", json!("1234")), "sort": [{"field": "DO_NOT_DIAL_DAILY", "order": "ASC"}]});
    assert_eq!(
        sql_of(body.clone()),
        format!("c.account GLOB ? ['*1234'] ORDER BY coalesce(c.dnd_daily_until > ?, 0) ASC, c.id ASC ['{NOW}']")
    );
    assert_eq!(found(body), ["mf1234", "MF1234"]);
    let today = json!({"search": condition("account", "ENDS_WITH", json!("1234")), "sort": [{"field": "CALLATTEMPTSTODAY", "order": "DESC"}]});
    assert_eq!(found(today), ["MF1234", "mf1234"], "yesterday's three attempts count as none today");
}

#[test]
fn search_daily_flags_and_counters_read_the_request_instant() {
    let daily = json!({"search": condition("do_not_dial_daily", "EQUALS", json!("true"))});
    assert_eq!(sql_of(daily.clone()), format!("coalesce(c.dnd_daily_until > ?, 0) = ? ['{NOW}', 1] ORDER BY c.id ASC"));
    assert_eq!(found(daily), ["MF1234"]);
    assert_eq!(found(json!({"search": condition("do_not_dial", "EQUALS", json!(true))})), ["MF1234"]);
    assert_eq!(found(json!({"search": condition("callattemptstoday", "GREATER", json!("0"))})), ["MF1234"]);
    assert_eq!(found(json!({"search": condition("account_dial_today", "EQUALS", json!("TRUE"))})), ["MF1234"]);
    assert_eq!(found(json!({"search": condition("account_dial_yesterday", "EQUALS", json!("true"))})), ["mf1234"]);
    assert_eq!(found(json!({"search": condition("phone_sms_consent", "EQUALS", json!("1"))})), ["100"]);
    assert_eq!(found(json!({"search": condition("phone1_sms_consent", "EQUALS", json!("false"))})).len(), 6);
}

#[test]
fn search_by_days_from_today() {
    let today = json!({"search": condition("account_due_date_basedon_option", "EQUALS", json!("0"))});
    assert_eq!(
        sql_of(today.clone()),
        format!("(c.due_date >= ? AND c.due_date < ?) [{TODAY}, {}] ORDER BY c.id ASC", TODAY + DAY)
    );
    assert_eq!(found(today), ["1000"]);
    assert_eq!(found(json!({"search": condition("account_due_date_basedon_option", "EQUALS", json!(2))})), ["12345"]);
    assert_eq!(found(json!({"search": condition("account_due_date_basedon_option", "GREATER", json!("0"))})), ["12345"]);
    assert_eq!(found(json!({"search": condition("account_due_date_basedon_option", "LESS", json!("2"))})), ["1000"]);
    assert_eq!(
        found(json!({"search": condition("account_due_date_basedon_option", "GREATER_EQUAL", json!("-1"))})),
        ["1000", "12345"]
    );
}

#[test]
fn search_by_dates_as_epoch_milliseconds_or_days() {
    let ms = json!({"search": condition("account_due_date", "GREATER", json!("1773100800000"))});
    assert_eq!(sql_of(ms.clone()), "c.due_date > ? [1773100800000] ORDER BY c.id ASC");
    assert_eq!(found(ms), ["12345"]);
    assert_eq!(found(json!({"search": condition("account_due_date", "EQUALS", json!("2026-03-10"))})), ["1000"]);
}

#[test]
fn search_for_call_results_finds_none_as_none_are_kept() {
    assert_eq!(found(json!({"search": condition("accountForTodaysResult", "EQUALS", json!("PTP"))})), Vec::<String>::new());
    let none =
        under_rule(json!({"field": "accountsFor30daysResult", "condition": "CONTAINS", "criteria": "x", "isNegated": true}));
    assert_eq!(found(none).len(), 7);
}

#[test]
fn search_stays_within_the_tenant() {
    let every = json!({"search": condition("postalcode", "EQUALS", json!("10010"))});
    assert_eq!(found(every), ["1000", "1010"]);
}

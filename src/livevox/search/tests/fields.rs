//! Every field the document lists, as a condition under every condition it takes and as a sort
//! key, compiles to SQL that names only the field tables and runs.

use serde_json::{Value as Json, json};

use super::super::fields::{Kind, search_field, search_fields, sort_field, sort_fields};
use super::{Fixture, complete, render, search};
use crate::livevox::search::ast::Condition;
use crate::livevox::search::compile;

/// The document's condition fields (phoneN consents and COLn expanded).
fn documented_fields() -> Vec<String> {
    let mut names: Vec<String> = [
        "account",
        "account_due_date",
        "account_due_date_basedon_option",
        "last_load_date_basedon_option",
        "original_account_number",
        "city",
        "state",
        "country",
        "group",
        "do_not_dial",
        "do_not_dial_daily",
        "sms",
        "email",
        "postalcode",
        "name",
        "dob",
        "phone",
        "address",
        "guarantor_name",
        "paymentbalance",
        "amount_to_speak",
        "account_dial_yesterday",
        "account_dial_today",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for n in 1..=10 {
        names.push(format!("phone{n}_sms_consent"));
        names.push(format!("phone{n}_cell_consent"));
    }
    for name in [
        "phone_sms_consent",
        "phone_cell_consent",
        "primary_email_consent",
        "callattemptstoday",
        "callattemptslifetime",
        "accountForTodaysResult",
        "accountsFor30daysResult",
        "email_address",
    ] {
        names.push(name.to_string());
    }
    names.extend((1..=100).map(|n| format!("COL{n}")));
    names
}

/// The document's sort fields (PHONEn groups and COLn expanded).
fn documented_sort_fields() -> Vec<String> {
    let mut names: Vec<String> =
        "LVACCOUNT_ID CLIENT_ID ACCOUNT B_ACTIVE ACCOUNT_TO_SPEAK FIRST_NAME LAST_NAME DOB EMAIL_ADDRESS SSN"
            .split(' ')
            .map(String::from)
            .collect();
    names.extend((1..=10).map(|n| format!("PHONE{n}")));
    names.extend(
        "ADDRESS1 ADDRESS2 CITY STATE POSTALCODE COUNTRY_ID GUARANTOR_FIRSTNAME GUARANTOR_LASTNAME PAYMENTBALANCE AMOUNT_TO_SPEAK \
         ACCOUNT_DUE_DATE CALLATTEMPTSTODAY CALLATTEMPTSLIFETIME CREATEDATE CREATEUSER MODIFYDATE MODIFYUSER INITIAL_LOAD_DATE \
         INITIAL_LOAD_CAMPAIGNID LAST_LOAD_DATE LAST_LOAD_CAMPAIGNID DO_NOT_DIAL DO_NOT_DIAL_DAILY GROUP_ID ORIGINAL_ACCOUNT_NUMBER"
            .split_whitespace()
            .map(String::from),
    );
    for n in 1..=10 {
        for suffix in ["ATTEMPTS_TODAY", "ATTEMPTS_LIFETIME", "DND", "DND_DAILY"] {
            names.push(format!("PHONE{n}_{suffix}"));
        }
    }
    names.extend(["SMS".to_string(), "EMAIL".to_string()]);
    for n in 1..=10 {
        names.push(format!("PHONE{n}_SMS_CONSENT"));
        names.push(format!("PHONE{n}_CELL_CONSENT"));
    }
    names.push("PRIMARY_EMAIL_CONSENT".to_string());
    names.extend((1..=100).map(|n| format!("COL{n}")));
    names
}

#[test]
fn the_tables_hold_exactly_the_documented_fields() {
    let documented = documented_fields();
    let mut table: Vec<String> = search_fields().map(|f| f.name.to_string()).collect();
    let mut expected = documented.clone();
    table.sort();
    expected.sort();
    assert_eq!(table, expected);
    let mut sorts: Vec<String> = sort_fields().map(|f| f.name.to_string()).collect();
    let mut expected = documented_sort_fields();
    sorts.sort();
    expected.sort();
    assert_eq!(sorts, expected);
    assert!(
        search_field("POSTALCODE").is_some()
            && search_field("accountfortodaysresult").is_some()
            && search_field("col7").is_some()
    );
    assert!(sort_field("phone10_dnd_daily").is_some() && sort_field("Col100").is_some() && sort_field("COL101").is_none());
}

fn criteria_for(kind: Kind) -> Json {
    match kind {
        Kind::Text | Kind::TextNoCase => json!("1"),
        Kind::Int => json!("1"),
        Kind::Decimal => json!("1.5"),
        Kind::EpochMs => json!("1773100800000"),
        Kind::Flag => json!("true"),
        Kind::Days => json!("1"),
    }
}

#[test]
fn every_field_under_every_condition_it_takes_runs_negated_or_not() {
    let fixture = Fixture::new();
    let mut cases = 0;
    for field in search_fields() {
        for (name, condition) in Condition::ALL {
            let refused = (field.kind == Kind::Flag && condition != Condition::Equals)
                || (field.kind == Kind::Days && condition.is_pattern());
            for negated in [false, true] {
                let body = json!({"search": {"rule": "OR", "left": {
                    "field": field.name, "condition": name, "criteria": criteria_for(field.kind), "isNegated": negated}}});
                if refused {
                    assert!(super::super::parse(&body).is_err(), "{body}");
                    continue;
                }
                render(&compile(&search(body.clone()), &super::cx()));
                fixture.accounts(body);
                cases += 1;
            }
        }
    }
    assert_eq!(cases, 2 * (7 * 120 + 4 * 2 + 29));
}

#[test]
fn every_sort_field_runs_both_ways() {
    let fixture = Fixture::new();
    for field in sort_fields() {
        for order in ["ASC", "DESC"] {
            let body = json!({"search": {"field": "account", "condition": "CONTAINS", "criteria": ""}, "sort": [{"field": field.name, "order": order}]});
            render(&compile(&search(body.clone()), &super::cx()));
            assert_eq!(fixture.accounts(body).len(), 7, "{}", field.name);
        }
    }
}

#[test]
fn the_largest_search_of_the_widest_field_runs_within_sqlites_limits() {
    // 511 rules and conditions, 256 of them over the three names: 768 bound values.
    let leaf = json!({"field": "name", "condition": "CONTAINS", "criteria": "75"});
    let body = json!({"search": complete(9, &leaf), "sort": [{"field": "PHONE1_DND_DAILY", "order": "DESC"}]});
    let compiled = compile(&search(body.clone()), &super::cx());
    assert_eq!((compiled.condition.params().len(), compiled.order.params().len()), (768, 1));
    render(&compiled);
    Fixture::new().accounts(body);
}

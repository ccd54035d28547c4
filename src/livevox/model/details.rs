//! A contact as Read Contact (`readContactDetails`) and List Contact (`listContactDetails`)
//! answer it, key for key as the document's examples show: `person` and `guarantor` always
//! whole with nulls, `phone` only the ordinals with a number (`{phone, ordinal, phoneBlock}`),
//! `customFields` as `[{field, value}]` or null, amounts and dates as numbers (0 where the
//! examples show 0 for nothing: `balance`, `amountToSpeak`, `dueDate`, `groupId`,
//! `initialLoad`), `lastLoad` null when never loaded. Read names the dates `createdDate` and
//! `modifiedDate`, list `createDate` and `modifyDate`, as the examples do.

use serde_json::{Map, Number, Value, json};

use super::super::dnd::Day;
use super::super::store::contacts::ContactRow;

/// `readContactDetails` (the document's key order, with `customFields` after `phone` as in the
/// list; docs/fidelity.md).
pub fn read_details(c: &ContactRow, day: &Day) -> Value {
    details(c, day, Shape::Read)
}

/// One entry of `listContactDetails`.
pub fn list_details(c: &ContactRow, day: &Day) -> Value {
    details(c, day, Shape::List)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    Read,
    List,
}

/// The two shapes differ in where `account` stands and in the names of the dates.
fn details(c: &ContactRow, day: &Day, shape: Shape) -> Value {
    let mut m = Map::new();
    let mut put = |key: &str, value: Value| {
        m.insert(key.to_owned(), value);
    };
    put("person", person(c));
    put("guarantor", guarantor(c));
    put("phone", phones(c, day));
    put("customFields", custom_fields(c));
    if shape == Shape::List {
        put("account", json!(c.account));
    }
    put("active", json!(c.active));
    put("balance", amount(c.balance));
    put("accountBlock", json!(c.dnd.block(day).name()));
    put("accountToSpeak", json!(c.account_to_speak));
    put("originalAccountNumber", json!(c.original_account_number));
    put("address1", json!(c.address1));
    put("address2", json!(c.address2));
    put("city", json!(c.city));
    put("state", json!(c.state));
    put("country", json!(c.country));
    put("amountToSpeak", amount(c.amount_to_speak));
    put("dueDate", json!(c.due_date.unwrap_or(0)));
    put("groupId", json!(c.group_id.unwrap_or(0)));
    if shape == Shape::Read {
        put("account", json!(c.account));
    }
    put("callAttemptsToday", json!(attempts_today(c, day)));
    put("callAttemptsTotal", json!(c.call_attempts_total));
    put("initialLoad", json!(c.initial_load_date.unwrap_or(0)));
    put("lastLoad", json!(c.last_load_date));
    let (created, modified) = match shape {
        Shape::Read => ("createdDate", "modifiedDate"),
        Shape::List => ("createDate", "modifyDate"),
    };
    put(created, json!(c.create_date));
    put(modified, json!(c.modify_date));
    Value::Object(m)
}

fn person(c: &ContactRow) -> Value {
    json!({
        "firstName": c.first_name,
        "lastName": c.last_name,
        "dateOfBirth": c.date_of_birth,
        "email": c.email,
        "ssn": c.ssn,
        "zipCode": c.zip_code,
    })
}

fn guarantor(c: &ContactRow) -> Value {
    json!({"firstName": c.guarantor_first_name, "lastName": c.guarantor_last_name})
}

/// The phones with a number, by ordinal.
fn phones(c: &ContactRow, day: &Day) -> Value {
    let list = c.phones.iter().enumerate().filter_map(|(i, p)| {
        let phone = p.phone.as_ref()?;
        Some(json!({"phone": phone, "ordinal": i + 1, "phoneBlock": p.dnd.block(day).name()}))
    });
    Value::Array(list.collect())
}

/// `[{field, value}]` of the custom fields with a value, or null when none has one.
pub fn custom_fields(c: &ContactRow) -> Value {
    let list: Vec<Value> = c
        .cols
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.as_ref().map(|v| json!({"field": format!("COL{}", i + 1), "value": v})))
        .collect();
    if list.is_empty() { Value::Null } else { Value::Array(list) }
}

/// The account's "today" attempts: none once the day they were counted on is over.
pub fn attempts_today(c: &ContactRow, day: &Day) -> i64 {
    if day.before(c.attempts_today_until.as_deref()) { c.call_attempts_today } else { 0 }
}

/// An amount as the examples write it: a whole amount without a fraction (`100`), 0 for none.
pub fn amount(value: Option<f64>) -> Value {
    let x = value.unwrap_or(0.0);
    if x.fract() == 0.0 && x.abs() < 9e15 {
        return Value::Number(Number::from(x as i64));
    }
    Number::from_f64(x).map_or(Value::Null, Value::Number)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::livevox::dnd::Dnd;

    fn object(value: Value) -> Map<String, Value> {
        value.as_object().cloned().unwrap_or_default()
    }

    fn day() -> Day {
        Day { now: "2024-03-05T15:00:00.000Z".into(), midnight: "2024-03-06T00:00:00.000Z".into() }
    }

    #[test]
    fn the_read_example_is_answered_key_for_key() {
        let mut c = ContactRow::new(3, "1234567".into(), 1484673045000);
        c.first_name = Some("james".into());
        c.last_name = Some("bond".into());
        c.email = Some("khugft@ghjgh.com".into());
        c.ssn = Some("5656".into());
        c.zip_code = Some("454455".into());
        c.guarantor_first_name = Some("jam".into());
        c.guarantor_last_name = Some("bond".into());
        let daily = Dnd { permanent: false, daily_until: Some(day().midnight) };
        c.phones[0].phone = Some("6565556666".into());
        c.phones[0].dnd = daily.clone();
        c.phones[6].phone = Some("6564445559".into());
        c.phones[6].dnd = daily.clone();
        c.phones[3].dnd.permanent = true;
        c.active = true;
        c.balance = Some(1.0);
        c.dnd = daily;
        c.account_to_speak = Some("KA124".into());
        c.original_account_number = Some("Oan123".into());
        (c.address1, c.address2, c.city, c.state, c.country) =
            (Some("rttrrt".into()), Some("uyuyu".into()), Some("trt".into()), Some("ty".into()), Some("UK".into()));
        c.amount_to_speak = Some(1.0);
        c.group_id = Some(12345);
        let read = read_details(&c, &day());
        let expected = json!({
            "person": {"firstName": "james", "lastName": "bond", "dateOfBirth": null, "email": "khugft@ghjgh.com", "ssn": "5656", "zipCode": "454455"},
            "guarantor": {"firstName": "jam", "lastName": "bond"},
            "phone": [{"phone": "6565556666", "ordinal": 1, "phoneBlock": "DAILY"}, {"phone": "6564445559", "ordinal": 7, "phoneBlock": "DAILY"}],
            "customFields": null,
            "active": true, "balance": 1, "accountBlock": "DAILY", "accountToSpeak": "KA124", "originalAccountNumber": "Oan123",
            "address1": "rttrrt", "address2": "uyuyu", "city": "trt", "state": "ty", "country": "UK", "amountToSpeak": 1,
            "dueDate": 0, "groupId": 12345, "account": "1234567", "callAttemptsToday": 0, "callAttemptsTotal": 0,
            "initialLoad": 0, "lastLoad": null, "createdDate": 1484673045000_i64, "modifiedDate": 1484673045000_i64
        });
        assert_eq!(read, expected);
        assert_eq!(serde_json::to_string(&read).unwrap(), serde_json::to_string(&expected).unwrap(), "the example's key order");
        let tomorrow = Day { now: day().midnight, midnight: "2024-03-07T00:00:00.000Z".into() };
        assert_eq!(read_details(&c, &tomorrow)["phone"][1]["phoneBlock"], "NONE");
    }

    #[test]
    fn the_list_names_its_dates_as_the_example_does() {
        let mut c = ContactRow::new(1, "101243".into(), 1501587068000);
        c.cols[0] = Some("123".into());
        c.cols[9] = Some("true".into());
        c.balance = Some(2.5);
        let keys: Vec<String> = object(list_details(&c, &day())).keys().cloned().collect();
        assert_eq!(keys[..5], ["person", "guarantor", "phone", "customFields", "account"]);
        assert_eq!(keys[20..], ["initialLoad", "lastLoad", "createDate", "modifyDate"]);
        let listed = list_details(&c, &day());
        assert_eq!(listed["customFields"], json!([{"field": "COL1", "value": "123"}, {"field": "COL10", "value": "true"}]));
        assert_eq!((listed["balance"].clone(), listed["phone"].clone()), (json!(2.5), json!([])));
    }
}

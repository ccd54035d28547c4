//! Export requests checked, and CSV written from a database with LiveVox's schema.

use jiff::civil::date;
use jiff::tz;
use rusqlite::Connection;
use serde_json::json;

use super::*;

fn names(export: &Export) -> Vec<&'static str> {
    export.fields.iter().map(|f| f.name()).collect()
}

fn refused(body: Value) -> String {
    parse(&body).expect_err("refused")
}

#[test]
fn the_requested_fields_come_in_the_requests_order() {
    let export = parse(&json!({"exportableFields": ["dueDate", "account", "COL7", "phone2BlockDaily"]})).unwrap();
    assert_eq!(names(&export), ["dueDate", "account", "COL7", "phone2BlockDaily"]);
    assert_eq!((export.start, export.end), (None, None));
}

#[test]
fn all_fields_exports_every_field_in_the_documents_order() {
    let all: Vec<&str> = FIELDS.iter().map(Exportable::name).collect();
    assert_eq!(names(&parse(&json!({"exportableFields": ["allFields"]})).unwrap()), all);
    assert_eq!(names(&parse(&json!({"exportableFields": ["account", "allFields"]})).unwrap()), all);
}

#[test]
fn dates_are_read_in_both_forms() {
    let export =
        parse(&json!({"startDate": "2019-05-01", "endDate": 1578873600000_i64, "exportableFields": ["account"]})).unwrap();
    assert_eq!(export.start, Some(Bound::Day(date(2019, 5, 1))));
    assert_eq!(export.end, Some(Bound::Millis(1578873600000)));
    let export = parse(&json!({"startDate": "1577858400000", "endDate": null, "exportableFields": ["account"]})).unwrap();
    assert_eq!((export.start, export.end), (Some(Bound::Millis(1577858400000)), None));
}

#[test]
fn bad_requests_are_refused_naming_the_field() {
    let cases = [
        (json!({}), "exportableFields: must be an array of field names"),
        (json!({"exportableFields": "allFields"}), "exportableFields: must be an array of field names"),
        (json!({"exportableFields": []}), "exportableFields: must name at least one field"),
        (json!({"exportableFields": ["account", 7]}), "exportableFields[1]: must be a string"),
        (json!({"exportableFields": ["account", "col1"]}), "exportableFields: unknown field \"col1\""),
        (json!({"exportableFields": ["nope", "account", "x\"y"]}), "exportableFields: unknown fields \"nope\", \"x\\\"y\""),
        (json!({"exportableFields": ["account", "account"]}), "exportableFields: duplicate field \"account\""),
        (
            json!({"exportableFields": ["allFields", "allFields", "zip", "account", "account"]}),
            "exportableFields: unknown field \"zip\"; duplicate fields \"allFields\", \"account\"",
        ),
        (
            json!({"exportableFields": ["account"], "startDate": "2020-13-01"}),
            "startDate: must be a date \"CCYY-MM-DD\" or epoch milliseconds",
        ),
        (
            json!({"exportableFields": ["account"], "endDate": "yesterday"}),
            "endDate: must be a date \"CCYY-MM-DD\" or epoch milliseconds",
        ),
        (
            json!({"exportableFields": ["account"], "endDate": 1.5}),
            "endDate: must be a date \"CCYY-MM-DD\" or epoch milliseconds",
        ),
    ];
    for (body, message) in cases {
        assert_eq!(refused(body.clone()), message, "{body}");
    }
}

#[test]
fn hostile_lists_get_short_answers() {
    let many: Vec<String> = (0..10_000).map(|n| format!("f{n}")).collect();
    assert_eq!(refused(json!({"exportableFields": many})), "exportableFields: must name at most 215 fields");
    let long = "é".repeat(100_000);
    let expected = format!("exportableFields: unknown field \"{}…\"", "é".repeat(64));
    assert_eq!(refused(json!({"exportableFields": [long]})), expected);
}

const NOW: &str = "2024-03-10T12:00:00Z";

/// A database with LiveVox's schema and two tenants' contacts.
fn contacts() -> Connection {
    let conn = Connection::open_in_memory().unwrap();
    conn.execute_batch(include_str!("../schema.sql")).unwrap();
    conn.execute_batch(
        "INSERT INTO lv_clients VALUES ('t', 'CLIENT', 1234, 'token-t');
         INSERT INTO lv_custom_fields (tenant_id, field, label) VALUES ('t', 2, 'Score, Final'), ('u', 1, 'Elsewhere');
         INSERT INTO lv_contacts (tenant_id, id, account, active, balance, due_date, first_name, create_date, modify_date,
                                  dnd, dnd_daily_until, call_attempts_today, attempts_today_until, phone1, phone1_daily_until, col1, col2)
         VALUES ('t', 1, 'MF1234', 1, 1000, 1535328000000, 'Ann, \"the\" first', 1, 1704067200000,
                 0, '2024-03-11T00:00:00.000Z', 4, '2024-03-11T00:00:00.000Z', '6505550100', '2024-03-10T00:00:00.000Z', '123', 'x'),
                ('t', 3, '4199', 0, 12.5, NULL, NULL, 1, 1706745600000,
                 1, '2024-03-10T00:00:00.000Z', 4, '2024-03-10T00:00:00.000Z', NULL, NULL, NULL, NULL),
                ('t', 2, '101243', 1, NULL, 1535932800000, 'Bo', 1, 1709251200000,
                 0, NULL, 0, NULL, NULL, NULL, NULL, NULL),
                ('u', 1, 'OTHER', 1, 5, NULL, NULL, 1, 1704067200000, 0, NULL, 0, NULL, NULL, NULL, NULL, NULL);",
    )
    .unwrap();
    conn
}

fn csv_of(conn: &mut Connection, body: Value, tz: &TimeZone) -> String {
    let export = parse(&body).unwrap();
    let tx = conn.transaction().unwrap();
    let mut out = Vec::new();
    let now = crate::core::clock::parse_instant(NOW).unwrap();
    write(&tx, &TenantId::from("t"), &export, now, tz, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn rows_come_in_id_order_with_the_documents_cells() {
    let csv = csv_of(
        &mut contacts(),
        json!({"exportableFields": ["account", "dueDate", "balance", "active", "firstName"]}),
        &TimeZone::UTC,
    );
    assert_eq!(
        csv,
        "Account,Account Due Date,Payment Balance,Active,First Name\n\
         MF1234,08/27/2018,1000.00,true,\"Ann, \"\"the\"\" first\"\n\
         101243,09/03/2018,,true,Bo\n\
         4199,,12.50,false,\n"
    );
}

#[test]
fn derived_values_are_computed_at_the_requests_instant() {
    let body = json!({"exportableFields": ["accountBlock", "accountBlockDaily", "callAttemptsToday", "phone1", "phone1BlockDaily", "clientId"]});
    assert_eq!(
        csv_of(&mut contacts(), body, &TimeZone::UTC),
        "Do Not Dial,Do Not Dial Daily,Call Attempts Today,Phone 1,Phone 1 DND Daily,Client ID\n\
         false,true,4,6505550100,false,1234\n\
         false,false,0,,false,1234\n\
         true,false,0,,false,1234\n"
    );
}

#[test]
fn a_row_of_one_empty_cell_is_not_a_blank_line() {
    let csv = csv_of(&mut contacts(), json!({"exportableFields": ["dueDate"]}), &TimeZone::UTC);
    assert_eq!(csv, "Account Due Date\n08/27/2018\n09/03/2018\n\"\"\n");
}

#[test]
fn custom_fields_take_the_tenants_labels() {
    let csv = csv_of(&mut contacts(), json!({"exportableFields": ["COL1", "COL2"]}), &TimeZone::UTC);
    assert_eq!(csv, "COL1,\"Score, Final\"\n123,x\n,\n,\n");
}

#[test]
fn the_range_holds_whole_days_of_the_tenants_zone() {
    let body =
        |start: Value, end: Value| json!({"startDate": start, "endDate": end, "exportableFields": ["account", "modifyDate"]});
    // Modify dates: 2024-01-01T00:00Z, 2024-02-01T00:00Z, 2024-03-01T00:00Z.
    let utc = csv_of(&mut contacts(), body(json!("2024-01-01"), json!("2024-02-01")), &TimeZone::UTC);
    assert_eq!(utc, "Account,Modify Date\nMF1234,01/01/2024\n4199,02/01/2024\n");
    // In UTC-5 the first contact was modified on 2023-12-31, the others a day before UTC's date.
    let eastern = tz::offset(-5).to_time_zone();
    let east = csv_of(&mut contacts(), body(json!("2024-01-01"), json!("2024-03-01")), &eastern);
    assert_eq!(east, "Account,Modify Date\n101243,02/29/2024\n4199,01/31/2024\n");
    let millis = csv_of(&mut contacts(), body(json!(1706745600000_i64), json!("1709251200000")), &TimeZone::UTC);
    assert_eq!(millis, "Account,Modify Date\n101243,03/01/2024\n4199,02/01/2024\n");
    let none = csv_of(&mut contacts(), body(json!("2024-03-02"), json!("2024-01-01")), &TimeZone::UTC);
    assert_eq!(none, "Account,Modify Date\n");
}

#[test]
fn contacts_are_read_in_chunks_without_losing_or_repeating_one() {
    let mut conn = contacts();
    conn.execute_batch(
        "WITH RECURSIVE n(i) AS (SELECT 10 UNION ALL SELECT i + 1 FROM n WHERE i < 2509)
         INSERT INTO lv_contacts (tenant_id, id, account, create_date, modify_date) SELECT 't', i, 'A' || i, 1, 1 FROM n;",
    )
    .unwrap();
    let csv = csv_of(&mut conn, json!({"exportableFields": ["account"], "endDate": 1}), &TimeZone::UTC);
    let expected: Vec<String> = std::iter::once("Account".to_owned()).chain((10..2510).map(|i| format!("A{i}"))).collect();
    assert_eq!(csv.lines().collect::<Vec<_>>(), expected);
}

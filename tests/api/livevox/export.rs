//! Bulk Contact Download: `POST /contact/contacts/bulk` with `exportableFields` answers the
//! tenant's contacts as CSV (gzip when asked), optionally those modified within a date range.

use std::io::Read;

use serde_json::{Value, json};

use super::{LiveVox, Session, lv_error};
use crate::helpers::{TestApp, TestTenant, post_json, put_json, spawn_app};

const BULK: &str = "/contact/contacts/bulk";

/// The answer of an export: status, content type, content encoding and body bytes as sent.
struct Download {
    status: u16,
    content_type: Option<String>,
    encoding: Option<String>,
    bytes: Vec<u8>,
}

impl Download {
    fn text(&self) -> String {
        String::from_utf8(self.bytes.clone()).expect("UTF-8")
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.bytes).expect("JSON")
    }
}

/// `POST /contact/contacts/bulk` with `body`, read as bytes (not undone from gzip).
fn download(session: &Session, body: &Value, headers: &[(&str, &str)]) -> Download {
    let agent = ureq::Agent::new_with_config(ureq::Agent::config_builder().http_status_as_error(false).build());
    let mut request = ureq::http::Request::builder()
        .method("POST")
        .uri(format!("{}{BULK}", session.base))
        .header("LV-Session", session.id.as_str())
        .header("Content-Type", "application/json");
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let mut response = agent.run(request.body(body.to_string().into_bytes()).unwrap()).expect("the request");
    let header = |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let (content_type, encoding) = (header("content-type"), header("content-encoding"));
    let status = response.status().as_u16();
    let bytes = response.body_mut().with_config().limit(256 * 1024 * 1024).read_to_vec().expect("the body");
    Download { status, content_type, encoding, bytes }
}

fn export(session: &Session, body: Value) -> Download {
    download(session, &body, &[])
}

/// Arranges contacts of `accounts` through the admin API.
fn arrange(tenant: &TestTenant, accounts: impl IntoIterator<Item = String>) {
    let records: Vec<Value> = accounts.into_iter().map(|account| json!({"account": account})).collect();
    tenant.arrange("livevox", "contacts", Value::Array(records));
}

/// Creates `records` in one bulk create.
fn create(session: &Session, records: Value) {
    let n = records.as_array().map_or(0, Vec::len);
    let r = session.post(BULK, &json!({"createContactDetails": records}));
    assert_eq!((r.status, r.body), (200, json!({"message": format!("Successfully updated contacts {n}")})));
}

/// The document's example accounts, with their due dates.
fn documented_contacts(session: &Session) {
    create(
        session,
        json!([
            {"account": "MF1234", "dueDate": 1535328000000_i64},
            {"account": "101243"},
            {"account": "4199", "dueDate": 1535932800000_i64},
        ]),
    );
}

#[test]
fn select_fields_are_exported_as_the_documents_example_shows() {
    let session = LiveVox::of(&TestTenant::new()).login("Sysadmin");
    documented_contacts(&session);

    let r = export(&session, json!({"exportableFields": ["account", "dueDate"]}));

    assert_eq!((r.status, r.content_type.as_deref(), r.encoding.as_deref()), (200, Some("text/csv"), None));
    assert_eq!(r.text(), "Account,Account Due Date\nMF1234,08/27/2018\n101243,\n4199,09/03/2018\n");
}

#[test]
fn columns_follow_the_requests_order_and_superusers_may_export() {
    let tenant = TestTenant::new();
    documented_contacts(&LiveVox::of(&tenant).login("Sysadmin"));
    let session = LiveVox::of(&tenant).login("Superuser");

    let r = export(&session, json!({"exportableFields": ["dueDate", "accountBlockDaily", "account"], "unknownKey": 1}));

    assert_eq!(r.status, 200);
    assert_eq!(
        r.text(),
        "Account Due Date,Do Not Dial Daily,Account\n08/27/2018,false,MF1234\n,false,101243\n09/03/2018,false,4199\n"
    );
}

#[test]
fn gzip_is_served_when_the_client_accepts_it() {
    let session = LiveVox::of(&TestTenant::new()).login("Sysadmin");
    documented_contacts(&session);
    let body = json!({"exportableFields": ["account", "dueDate"]});

    let r = download(&session, &body, &[("Accept-Encoding", "gzip")]);

    assert_eq!((r.status, r.content_type.as_deref(), r.encoding.as_deref()), (200, Some("text/csv"), Some("gzip")));
    let mut text = String::new();
    flate2::read::GzDecoder::new(r.bytes.as_slice()).read_to_string(&mut text).expect("gzip");
    assert_eq!(text, "Account,Account Due Date\nMF1234,08/27/2018\n101243,\n4199,09/03/2018\n");
    assert_eq!(text, export(&session, body).text());
}

#[test]
fn an_export_of_thousands_of_contacts_holds_each_once_in_creation_order() {
    let tenant = TestTenant::new();
    arrange(&tenant, (0..3000).map(|i| format!("A{i}")));
    let session = LiveVox::of(&tenant).login("Sysadmin");

    let r = download(&session, &json!({"exportableFields": ["account"]}), &[("Accept-Encoding", "gzip")]);

    assert_eq!((r.status, r.encoding.as_deref()), (200, Some("gzip")));
    let mut text = String::new();
    flate2::read::GzDecoder::new(r.bytes.as_slice()).read_to_string(&mut text).expect("gzip");
    let expected: Vec<String> = std::iter::once("Account".to_owned()).chain((0..3000).map(|i| format!("A{i}"))).collect();
    assert!(text.lines().eq(expected.iter().map(String::as_str)), "the rows differ");
}

/// The journal keeps what an export sent as the client read it: the start of a plain CSV body
/// (streamed), nothing of a gzip one.
#[test]
fn the_journal_keeps_the_start_of_a_streamed_export() {
    let tenant = TestTenant::new();
    arrange(&tenant, (0..3000).map(|i| format!("ACCOUNT-{i:05}-OF-THE-JOURNAL-TEST")));
    let session = LiveVox::of(&tenant).login("Sysadmin");

    let plain = export(&session, json!({"exportableFields": ["account"]}));
    let zipped = download(&session, &json!({"exportableFields": ["account"]}), &[("Accept-Encoding", "gzip")]);

    assert!(plain.bytes.len() > 64 * 1024 && zipped.encoding.as_deref() == Some("gzip"));
    let journal = crate::helpers::get(&crate::helpers::url(&format!("/__admin/requests?tenant={}&path={BULK}", tenant.id)));
    let [zipped_entry, plain_entry] = journal.body["requests"].as_array().expect("requests").as_slice() else {
        panic!("two exports: {}", journal.text)
    };
    let kept = &plain_entry["response"];
    assert_eq!(kept["body"].as_str(), Some(&plain.text()[..64 * 1024]));
    assert_eq!(
        (&kept["status"], &kept["body_truncated"], &kept["headers"]["content-type"]),
        (&json!(200), &json!(true), &json!("text/csv"))
    );
    let kept = &zipped_entry["response"];
    assert_eq!((&kept["body"], &kept["headers"]["content-encoding"]), (&Value::Null, &json!("gzip")));
}

/// The labels of `allFields`, in the document's order, with COL2 labelled "Score, Final".
fn all_labels() -> String {
    let mut labels: Vec<String> = [
        "Account",
        "Account Due Date",
        "Account To Speak",
        "Address 1",
        "Address 2",
        "Agent ID",
        "Agent Team ID",
        "Amount To Speak",
        "Active",
        "Call Attempts Lifetime",
        "Call Attempts Today",
        "City",
        "Client ID",
        "Country ID",
        "Create Date",
        "Create User",
        "Department",
        "Description",
        "Date of Birth",
        "Do Not Dial",
        "Do Not Dial Daily",
        "Account Email Block",
        "Email Address",
        "First Name",
        "Group ID",
        "Guarantor First Name",
        "Guarantor Last Name",
        "Initial Load Campaign ID",
        "Initial Load Date",
        "Last Load Campaign ID",
        "Last Load Date",
        "Last Name",
        "LV Account ID",
        "Modify Date",
        "Modify User",
        "Original Account Number",
        "Payment Balance",
    ]
    .map(String::from)
    .to_vec();
    for n in 1..=10 {
        for suffix in ["", " Attempts Lifetime", " Attempts Today", " Cell Consent", " DND", " DND Daily", " SMS Consent"] {
            labels.push(format!("Phone {n}{suffix}"));
        }
    }
    labels.extend(
        ["Postal Code", "Primary Email Consent", "Salutation", "Primary SMS Consent", "SSN", "State", "Title"].map(String::from),
    );
    labels.extend((1..=100).map(|n| if n == 2 { "\"Score, Final\"".to_owned() } else { format!("COL{n}") }));
    labels.join(",") + "\n"
}

#[test]
fn all_fields_heads_every_column_with_its_label_and_the_tenants_custom_labels() {
    let tenant = TestTenant::new();
    let session = LiveVox::of(&tenant).login("Sysadmin");
    let r = session.put("/contact/contacts/customFields", &json!({"customFields": [{"field": "COL2", "label": "Score, Final"}]}));
    assert_eq!(r.status, 204, "{}", r.text);

    let r = export(&session, json!({"exportableFields": ["allFields"]}));

    assert_eq!((r.status, r.content_type.as_deref(), r.encoding.as_deref()), (200, Some("text/csv"), None));
    assert_eq!(r.text(), all_labels());
}

/// A server whose clock stands at `now`.
fn clock(app: &TestApp, now: &str) {
    let r = put_json(&app.url("/__admin/clock"), &json!({"now": now, "frozen": true}));
    assert_eq!(r.status, 200, "{}", r.text);
}

/// Contacts modified on 2019-04-30 23:30 UTC, 2019-05-01 12:00 UTC, 2020-01-13 23:59:59.999 UTC
/// and 2020-01-14 02:00 UTC, on a server of their own.
fn modified_over_time() -> (TestApp, TestTenant, Session) {
    let app = spawn_app();
    let tenant = app.new_tenant();
    for (account, now) in [
        ("A-0430", "2019-04-30T23:30:00Z"),
        ("B-0501", "2019-05-01T12:00:00Z"),
        ("C-0113", "2020-01-13T23:59:59.999Z"),
        ("D-0114", "2020-01-14T02:00:00Z"),
    ] {
        clock(&app, now);
        arrange(&tenant, [account.to_owned()]);
    }
    let session = LiveVox::of(&tenant).login("Sysadmin");
    (app, tenant, session)
}

fn ranged(session: &Session, start: Value, end: Value) -> String {
    let r = export(session, json!({"startDate": start, "endDate": end, "exportableFields": ["account", "modifyDate"]}));
    assert_eq!(r.status, 200, "{}", r.text());
    r.text()
}

#[test]
fn date_ranges_hold_whole_days_or_exact_instants() {
    let (_app, _tenant, session) = modified_over_time();

    let days = ranged(&session, json!("2019-05-01"), json!("2020-01-13"));
    let millis = ranged(&session, json!(1556712000000_i64), json!("1578959999999"));
    let from = ranged(&session, json!("2020-01-14"), Value::Null);
    let until = export(&session, json!({"endDate": "2019-04-30", "exportableFields": ["account"]})).text();
    let reversed = ranged(&session, json!("2020-01-14"), json!("2019-05-01"));

    assert_eq!(days, "Account,Modify Date\nB-0501,05/01/2019\nC-0113,01/13/2020\n");
    assert_eq!(millis, days);
    assert_eq!(from, "Account,Modify Date\nD-0114,01/14/2020\n");
    assert_eq!(until, "Account\nA-0430\n");
    assert_eq!(reversed, "Account,Modify Date\n");
}

#[test]
fn days_and_date_cells_are_the_tenants_time_zone() {
    let (app, tenant, session) = modified_over_time();
    // In UTC first: a change of the zone decides the next export (no zone kept from before it).
    let utc = ranged(&session, json!("2019-05-01"), json!("2020-01-13"));
    assert_eq!(utc, "Account,Modify Date\nB-0501,05/01/2019\nC-0113,01/13/2020\n");
    let r = post_json(
        &app.url(&format!("/__admin/tenants/{}/livevox/settings", tenant.id)),
        &json!({"time_zone": "America/New_York"}),
    );
    assert_eq!(r.status, 200, "{}", r.text);

    // In New York (UTC-4 in May, UTC-5 in January) A was modified on 30 April, B on 1 May, C and D on 13 January.
    let text = ranged(&session, json!("2019-05-01"), json!("2020-01-13"));

    assert_eq!(text, "Account,Modify Date\nB-0501,05/01/2019\nC-0113,01/13/2020\nD-0114,01/13/2020\n");
}

#[test]
fn bad_field_lists_and_dates_are_a_400_naming_them() {
    let session = LiveVox::of(&TestTenant::new()).login("Sysadmin");
    let cases = [
        (json!({"exportableFields": []}), "exportableFields: must name at least one field"),
        (json!({"exportableFields": "account"}), "exportableFields: must be an array of field names"),
        (json!({"exportableFields": ["account", null]}), "exportableFields[1]: must be a string"),
        (json!({"exportableFields": ["account", "Account", "col1"]}), "exportableFields: unknown fields \"Account\", \"col1\""),
        (json!({"exportableFields": ["dueDate", "dueDate"]}), "exportableFields: duplicate field \"dueDate\""),
        (
            json!({"exportableFields": ["account"], "startDate": "2020-02-30"}),
            "startDate: must be a date \"CCYY-MM-DD\" or epoch milliseconds",
        ),
        (
            json!({"exportableFields": ["account"], "endDate": "2020-01-13T00:00:00Z"}),
            "endDate: must be a date \"CCYY-MM-DD\" or epoch milliseconds",
        ),
        (
            json!({"exportableFields": ["account"], "endDate": {"day": 1}}),
            "endDate: must be a date \"CCYY-MM-DD\" or epoch milliseconds",
        ),
    ];
    for (body, message) in cases {
        let r = export(&session, body.clone());
        assert_eq!((r.status, r.json()), (400, lv_error(400, message)), "{body}");
    }
    let many: Vec<String> = (0..10_000).map(|i| format!("f{i}")).collect();
    let r = export(&session, json!({"exportableFields": many}));
    assert_eq!((r.status, r.json()), (400, lv_error(400, "exportableFields: must name at most 215 fields")));
}

#[test]
fn only_sysadmins_and_superusers_may_export() {
    let tenant = TestTenant::new();
    for role in ["Manager", "IT User"] {
        let session = LiveVox::of(&tenant).login(role);
        let r = export(&session, json!({"exportableFields": ["account"]}));
        let message = format!("The {role} role has no access to this method");
        assert_eq!((r.status, r.json()), (403, lv_error(403, &message)), "{role}");
    }
}

#[test]
fn all_fields_write_each_cell_of_a_contact_as_stored_and_derived_at_the_request() {
    let app = spawn_app();
    clock(&app, "2024-03-10T12:00:00Z");
    let tenant = app.new_tenant();
    let lv = LiveVox::of(&tenant);
    let session = lv.login("Sysadmin");
    let r = session.post(
        "/contact/contacts/",
        &json!({"createContactDetails": {
            "person": {"firstName": "James", "lastName": "22", "dateOfBirth": 621057600000_i64, "email": "example@liveox.com",
                       "ssn": "123DonotChange", "zipCode": "560001"},
            "guarantor": {"firstName": "aa", "lastName": "bbb"},
            "phone": [{"phone": "6503517500", "ordinal": 1, "phoneBlock": "BOTH", "smsConsent": true, "cellConsent": true},
                      {"phone": "6503517501", "ordinal": 3}],
            "customFields": [{"field": "COL1", "value": 123}],
            "account": "1234556", "active": true, "balance": 100.0, "accountBlock": "DAILY", "accountToSpeak": "123DonotChange",
            "originalAccountNumber": "oan123", "address1": "ABC", "address2": "XYZ", "city": "San Francisco", "state": "CA",
            "country": "UNITED_STATES_OF_AMERICA", "amountToSpeak": 100.0, "dueDate": 1641963600000_i64, "groupId": "12371",
            "primaryEmailConsent": true
        }}),
    );
    assert_eq!(r.status, 201, "{}", r.text);
    let (client_id, user) = (lv.client_id().to_string(), lv.user("Sysadmin").1);
    let body = json!({"exportableFields": ["allFields"]});

    let today = export(&session, body.clone()).text();
    clock(&app, "2024-03-11T00:00:00Z");
    let tomorrow = export(&lv.login("Sysadmin"), body).text();

    let mut cells: Vec<(String, String)> = [
        ("Account", "1234556"),
        ("Account Due Date", "01/12/2022"),
        ("Account To Speak", "123DonotChange"),
        ("Address 1", "ABC"),
        ("Address 2", "XYZ"),
        ("Amount To Speak", "100.00"),
        ("Active", "true"),
        ("Call Attempts Lifetime", "0"),
        ("Call Attempts Today", "0"),
        ("City", "San Francisco"),
        ("Client ID", &client_id),
        ("Create Date", "03/10/2024"),
        ("Create User", &user),
        ("Date of Birth", "09/06/1989"),
        ("Do Not Dial", "false"),
        ("Do Not Dial Daily", "true"),
        ("Account Email Block", "false"),
        ("Email Address", "example@liveox.com"),
        ("First Name", "James"),
        ("Group ID", "12371"),
        ("Guarantor First Name", "aa"),
        ("Guarantor Last Name", "bbb"),
        ("Last Name", "22"),
        ("Modify Date", "03/10/2024"),
        ("Modify User", &user),
        ("Original Account Number", "oan123"),
        ("Payment Balance", "100.00"),
        ("Phone 1", "6503517500"),
        ("Phone 1 Cell Consent", "true"),
        ("Phone 1 DND", "true"),
        ("Phone 1 DND Daily", "true"),
        ("Phone 1 SMS Consent", "true"),
        ("Phone 3", "6503517501"),
        ("Postal Code", "560001"),
        ("Primary Email Consent", "true"),
        ("Primary SMS Consent", "false"),
        ("SSN", "123DonotChange"),
        ("State", "CA"),
        ("COL1", "123"),
    ]
    .map(|(label, value)| (label.to_owned(), value.to_owned()))
    .to_vec();
    for n in 1..=10 {
        for (suffix, value) in [(" Attempts Lifetime", "0"), (" Attempts Today", "0")] {
            cells.push((format!("Phone {n}{suffix}"), value.to_owned()));
        }
        for suffix in [" Cell Consent", " DND", " DND Daily", " SMS Consent"] {
            if n != 1 {
                cells.push((format!("Phone {n}{suffix}"), "false".to_owned()));
            }
        }
    }
    let header = all_labels().replace("\"Score, Final\"", "COL2");
    let row = |cells: &[(String, String)]| -> String {
        let values: Vec<&str> = header
            .trim_end()
            .split(',')
            .map(|label| cells.iter().find(|(l, _)| l == label).map_or("", |(_, v)| v.as_str()))
            .collect();
        values.join(",") + "\n"
    };
    assert_eq!(today, format!("{header}{}", row(&cells)));
    // At midnight the daily DNDs have ended.
    for (label, value) in cells.iter_mut() {
        if label == "Do Not Dial Daily" || label == "Phone 1 DND Daily" {
            *value = "false".to_owned();
        }
    }
    assert_eq!(tomorrow, format!("{header}{}", row(&cells)));
}

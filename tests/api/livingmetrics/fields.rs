//! List Contact Fields and Get Contact Field Definition: the standard fields without a key, the
//! account's custom fields with one, `powerdialer_only`, `data_import_id` and `field_key`.

use serde_json::{Value, json};

use crate::helpers::{TestTenant, lm_error, send};

/// The 18 standard contact fields, in their order.
fn standard_fields() -> Vec<Value> {
    [
        ("first_name", "First Name", "text", true),
        ("last_name", "Last Name", "text", true),
        ("company", "Company", "text", true),
        ("title", "Job Title", "text", true),
        ("emails.email_address", "Email Address", "email", true),
        ("emails.type", "Email Type", "text", false),
        ("phones.phone_number", "Phone Number", "phone", true),
        ("phones.type", "Phone Type", "text", false),
        ("tags", "Tags", "tags", true),
        ("lead_score", "Lead Score", "number", true),
        ("employer_id", "Employer (Account)", "reference", false),
        ("list_ids", "Contact Lists", "reference", false),
        ("crm_ids.crm_id", "CRM ID", "text", false),
        ("crm_ids.crm_type", "CRM Type", "text", false),
        ("crm_ids.crm_object_type", "CRM Object Type", "text", false),
        ("created_at", "Created At", "datetime", false),
        ("updated_at", "Updated At", "datetime", false),
        ("visible_at", "Visible At", "datetime", false),
    ]
    .into_iter()
    .map(|(key, label, kind, powerdialer)| {
        json!({"field_key": key, "label": label, "type": kind, "custom": false, "powerdialer": powerdialer})
    })
    .collect()
}

fn powerdialer(fields: Vec<Value>) -> Vec<Value> {
    fields.into_iter().filter(|f| f["powerdialer"] == json!(true)).collect()
}

fn page(data: Vec<Value>) -> Value {
    let total = data.len();
    json!({"data": data, "page": 0, "limit": 500, "total": total})
}

fn department() -> Value {
    json!({"field_key": "custom_7", "label": "Department", "type": "select", "custom": true, "powerdialer": true})
}

fn budget() -> Value {
    json!({"field_key": "custom_3", "label": "Budget", "type": "number", "custom": true, "powerdialer": false})
}

/// Custom fields 7 (PowerDialer) and 3 (not), arranged out of id order.
fn arrange_custom_fields(tenant: &TestTenant) {
    tenant.arrange(
        "livingmetrics",
        "custom_fields",
        json!([{"id": 7, "name": "Department", "type": "select", "powerdialer": true}, {"id": 3, "name": "Budget", "type": "number"}]),
    );
}

#[test]
fn list_contact_fields_without_a_key_lists_the_18_standard_fields() {
    let tenant = TestTenant::new();
    arrange_custom_fields(&tenant);

    let r = tenant.livingmetrics().get_anonymous("/v1/contacts/fields");

    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body, page(standard_fields()));
}

#[test]
fn list_contact_fields_with_a_key_adds_the_accounts_custom_fields_in_id_order() {
    let tenant = TestTenant::new();
    arrange_custom_fields(&tenant);
    let other = TestTenant::new();
    other.arrange("livingmetrics", "custom_fields", json!([{"id": 5, "name": "Other account's field"}]));

    let r = tenant.livingmetrics().get("/v1/contacts/fields");

    assert_eq!(r.status, 200, "{}", r.text);
    let mut expected = standard_fields();
    expected.extend([budget(), department()]);
    assert_eq!(r.body, page(expected));
}

#[test]
fn list_contact_fields_with_powerdialer_only_1_lists_the_powerdialer_fields() {
    let tenant = TestTenant::new();
    arrange_custom_fields(&tenant);
    let lm = tenant.livingmetrics();

    let anonymous = lm.get_anonymous("/v1/contacts/fields?powerdialer_only=1");
    let keyed = lm.get("/v1/contacts/fields?powerdialer_only=1");
    let off = lm.get("/v1/contacts/fields?powerdialer_only=0");

    assert_eq!(anonymous.status, 200, "{}", anonymous.text);
    assert_eq!(anonymous.body, page(powerdialer(standard_fields())));
    let mut expected = powerdialer(standard_fields());
    expected.push(department());
    assert_eq!(keyed.body, page(expected));
    assert_eq!(off.body["total"], json!(20));
}

/// Data import 123 mapped an e-mail, a custom field, a non-PowerDialer field and a name.
fn arrange_data_import(tenant: &TestTenant) {
    arrange_custom_fields(tenant);
    tenant.arrange(
        "livingmetrics",
        "data_imports",
        json!([{"id": 123, "name": "Spring import", "field_keys": ["emails.email_address", "custom_3", "phones.type", "first_name"]}]),
    );
}

fn field(key: &str) -> Value {
    standard_fields().into_iter().find(|f| f["field_key"] == json!(key)).expect("a standard field")
}

#[test]
fn list_contact_fields_with_data_import_id_lists_that_imports_fields_in_its_order() {
    let tenant = TestTenant::new();
    arrange_data_import(&tenant);
    let lm = tenant.livingmetrics();

    let all = lm.get("/v1/contacts/fields?data_import_id=123");
    let dialer = lm.get("/v1/contacts/fields?data_import_id=123&powerdialer_only=1");

    assert_eq!(all.status, 200, "{}", all.text);
    assert_eq!(all.body, page(vec![field("emails.email_address"), budget(), field("phones.type"), field("first_name")]));
    assert_eq!(dialer.body, page(vec![field("emails.email_address"), field("first_name")]));
}

#[test]
fn list_contact_fields_with_an_unknown_data_import_is_404() {
    let tenant = TestTenant::new();
    arrange_data_import(&tenant);
    let other = TestTenant::new();

    let unknown = tenant.livingmetrics().get("/v1/contacts/fields?data_import_id=999");
    let foreign = other.livingmetrics().get("/v1/contacts/fields?data_import_id=123");

    assert_eq!(unknown.status, 404);
    assert_eq!(unknown.body, lm_error(404, "Data import 999 not found"));
    assert_eq!(foreign.status, 404);
    assert_eq!(foreign.body, lm_error(404, "Data import 123 not found"));
}

#[test]
fn list_contact_fields_with_data_import_id_but_no_key_is_404() {
    let tenant = TestTenant::new();
    arrange_data_import(&tenant);

    let r = tenant.livingmetrics().get_anonymous("/v1/contacts/fields?data_import_id=123");

    assert_eq!(r.status, 404);
    assert_eq!(r.body, lm_error(404, "Data import 123 not found"));
}

#[test]
fn list_contact_fields_with_malformed_or_unknown_parameters_is_400() {
    let tenant = TestTenant::new();
    let lm = tenant.livingmetrics();

    for (query, message) in [
        ("data_import_id=abc", "Invalid value 'abc' for parameter 'data_import_id': expected a positive integer id"),
        ("powerdialer_only=yes", "Invalid value 'yes' for parameter 'powerdialer_only': expected 1, 0, true or false"),
        ("field_key=tags", "Unknown query parameter 'field_key' (accepted: data_import_id, powerdialer_only, page, limit)"),
    ] {
        let r = lm.get_anonymous(&format!("/v1/contacts/fields?{query}"));

        assert_eq!(r.status, 400, "{query}");
        assert_eq!(r.body, lm_error(400, message), "{query}");
    }
}

#[test]
fn an_invalid_key_on_the_field_endpoints_is_401() {
    let tenant = TestTenant::new();
    let lm = tenant.livingmetrics();

    for path in ["/v1/contacts/fields", "/v1/contacts/field?field_key=tags"] {
        let header = send("GET", &format!("{}{path}", lm.base), &[("X-Api-Key", "wrong-key")], None);
        let separator = if path.contains('?') { '&' } else { '?' };
        let param = lm.get_anonymous(&format!("{path}{separator}api-key=wrong-key"));

        assert_eq!((header.status, &header.body), (401, &lm_error(401, "Invalid API key")), "{path}");
        assert_eq!((param.status, &param.body), (401, &lm_error(401, "Invalid API key")), "{path}");
    }
}

#[test]
fn get_contact_field_definition_of_a_standard_field_needs_no_key() {
    let tenant = TestTenant::new();
    let lm = tenant.livingmetrics();

    let anonymous = lm.get_anonymous("/v1/contacts/field?field_key=emails.email_address");
    let keyed = lm.get("/v1/contacts/field?field_key=lead_score");

    assert_eq!(anonymous.status, 200, "{}", anonymous.text);
    assert_eq!(anonymous.body, json!({"data": field("emails.email_address")}));
    assert_eq!(keyed.status, 200, "{}", keyed.text);
    assert_eq!(keyed.body, json!({"data": field("lead_score")}));
}

#[test]
fn get_contact_field_definition_of_a_custom_field_needs_the_accounts_key() {
    let tenant = TestTenant::new();
    arrange_custom_fields(&tenant);
    let lm = tenant.livingmetrics();
    let other = TestTenant::new();

    let keyed = lm.get("/v1/contacts/field?field_key=custom_7");
    let anonymous = lm.get_anonymous("/v1/contacts/field?field_key=custom_7");
    let foreign = other.livingmetrics().get("/v1/contacts/field?field_key=custom_7");

    assert_eq!(keyed.status, 200, "{}", keyed.text);
    assert_eq!(keyed.body, json!({"data": department()}));
    for r in [anonymous, foreign] {
        assert_eq!(r.status, 404);
        assert_eq!(r.body, lm_error(404, "Contact field 'custom_7' not found"));
    }
}

#[test]
fn get_contact_field_definition_without_field_key_is_400_and_of_an_unknown_key_404() {
    let tenant = TestTenant::new();
    let lm = tenant.livingmetrics();

    let missing = lm.get_anonymous("/v1/contacts/field");
    let empty = lm.get_anonymous("/v1/contacts/field?field_key=");
    let unknown = lm.get("/v1/contacts/field?field_key=emails.address");
    let other_param = lm.get("/v1/contacts/field?field_key=tags&powerdialer_only=1");

    for r in [missing, empty] {
        assert_eq!(r.status, 400);
        assert_eq!(r.body, lm_error(400, "Missing required parameter 'field_key'"));
    }
    assert_eq!(unknown.status, 404);
    assert_eq!(unknown.body, lm_error(404, "Contact field 'emails.address' not found"));
    assert_eq!(other_param.status, 400);
    assert_eq!(other_param.body, lm_error(400, "Unknown query parameter 'powerdialer_only' (accepted: field_key)"));
}

#[test]
fn list_contact_fields_answers_every_field_of_a_large_account_at_once() {
    // Arrange: 120 custom fields, more than a default page of 100.
    let tenant = TestTenant::new();
    let custom: Vec<Value> = (1..=120).map(|i| json!({"id": i, "name": format!("Field {i}")})).collect();
    tenant.arrange("livingmetrics", "custom_fields", Value::Array(custom));

    // Act
    let r = tenant.livingmetrics().get("/v1/contacts/fields");

    // Assert
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["total"], json!(138));
    assert_eq!(r.body["data"].as_array().map(Vec::len), Some(138));
    assert_eq!(
        r.body["data"][137],
        json!({"field_key": "custom_120", "label": "Field 120", "type": "text", "custom": true, "powerdialer": false})
    );
}

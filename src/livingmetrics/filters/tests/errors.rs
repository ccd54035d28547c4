//! The error table: each refused query with its exact message, and the parameter it names.

use crate::livingmetrics::filters::params::{MAX_VALUE_LEN, Params};
use crate::livingmetrics::filters::{FilterError, Reason, parse};

type Parser = fn(&str) -> Result<(), FilterError>;

fn run<T>(result: Result<T, FilterError>) -> Result<(), FilterError> {
    result.map(|_| ())
}

const CONTACTS: Parser = |q| run(parse::contacts(q));
const COUNT: Parser = |q| run(parse::contact_count(q));
const DETAILS: Parser = |q| run(parse::contact_details(q));
const HISTORIES: Parser = |q| run(parse::histories(q));
const ORGANIZATIONS: Parser = |q| run(parse::organizations(q));
const CONTACT_LISTS: Parser = |q| run(parse::contact_lists(q));
const TASKS: Parser = |q| run(parse::tasks(q));
const CONTACT_TASKS: Parser = |q| run(parse::contact_tasks(q, 1));
const PRODUCTS: Parser = |q| run(parse::products(q));
const FIELDS: Parser = |q| run(parse::contact_fields(q));
const FIELD: Parser = |q| run(parse::contact_field(q));
const NONE: Parser = parse::no_parameters;

const CONTACT_PARAMS: &str = "page, limit, include_deals, include_timeline, order, order_by, search_term, search_list_id, \
    search_tag, history_type, employer_id, contact_ids, tracked_phone_id, crm_ids, crm_type, crm_object_type, created_by, updated_by";
const DATE: &str = "expected an ISO 8601 date or date-time such as 2024-05-01T00:00:00Z";

fn error(parser: Parser, query: &str) -> FilterError {
    parser(query).expect_err(query)
}

#[test]
fn each_refused_query_has_its_exact_message() {
    let count_params = CONTACT_PARAMS.split_once("order_by, ").map(|(_, rest)| rest).unwrap_or_default();
    let cases: Vec<(Parser, &str, String)> = vec![
        (CONTACTS, "serch_term=x", format!("Unknown query parameter 'serch_term' (accepted: {CONTACT_PARAMS})")),
        (COUNT, "page=1", format!("Unknown query parameter 'page' (accepted: {count_params})")),
        (DETAILS, "include_timeline=1", "Unknown query parameter 'include_timeline' (accepted: include_deals)".into()),
        (NONE, "x=1", "Unknown query parameter 'x' (accepted: none)".into()),
        (
            CONTACT_TASKS,
            "contact_id=1",
            "Unknown query parameter 'contact_id' (accepted: include_completed, user_only, page, limit)".into(),
        ),
        (CONTACTS, "page=1&page=2", "Query parameter 'page' is given more than once".into()),
        (HISTORIES, "search_term=a%00b", "Parameter 'search_term' contains a NUL character".into()),
        (
            CONTACTS,
            "contact_ids=1,x",
            "Invalid value 'x' for parameter 'contact_ids': expected a comma-separated list of positive integer ids".into(),
        ),
        (CONTACTS, "employer_id=0", "Invalid value '0' for parameter 'employer_id': expected a positive integer id".into()),
        (
            CONTACTS,
            "crm_ids=%5B%7B%7D%5D",
            "Invalid value '[{}]' for parameter 'crm_ids': expected a JSON array of ids or a comma-separated list".into(),
        ),
        (
            CONTACTS,
            "crm_ids=%5B%22a%22",
            "Invalid value '[\"a\"' for parameter 'crm_ids': expected a JSON array of ids or a comma-separated list".into(),
        ),
        (CONTACTS, "created_by=yesterday", format!("Invalid value 'yesterday' for parameter 'created_by': {DATE}")),
        (COUNT, "updated_by=2024-13-01", format!("Invalid value '2024-13-01' for parameter 'updated_by': {DATE}")),
        (CONTACTS, "include_deals=yes", "Invalid value 'yes' for parameter 'include_deals': expected 1, 0, true or false".into()),
        (CONTACTS, "order=up", "Invalid value 'up' for parameter 'order': expected asc or desc".into()),
        (
            CONTACTS,
            "order_by=name",
            "Invalid value 'name' for parameter 'order_by': expected updated, company, lead_score or visible_at".into(),
        ),
        (
            CONTACTS,
            "order_by=updated_at",
            "Invalid value 'updated_at' for parameter 'order_by': expected updated, company, lead_score or visible_at".into(),
        ),
        (
            ORGANIZATIONS,
            "order_by=created",
            "Invalid value 'created' for parameter 'order_by': expected last_activity, updated_at or created_at".into(),
        ),
        (CONTACT_LISTS, "order_by=name", "Invalid value 'name' for parameter 'order_by': expected created or updated".into()),
        (
            HISTORIES,
            "contact_group=everyone",
            "Invalid value 'everyone' for parameter 'contact_group': expected all, managed or emailed".into(),
        ),
        (
            HISTORIES,
            "last_history_id=latest",
            "Invalid value 'latest' for parameter 'last_history_id': expected an integer".into(),
        ),
        (
            HISTORIES,
            "end_date=2024-05-01T25:00:00Z",
            format!("Invalid value '2024-05-01T25:00:00Z' for parameter 'end_date': {DATE}"),
        ),
        (
            TASKS,
            "include_completed=2",
            "Invalid value '2' for parameter 'include_completed': expected 1, 0, true or false".into(),
        ),
        (PRODUCTS, "limit=0", "Invalid value '0' for parameter 'limit': expected a positive integer".into()),
        (PRODUCTS, "page=-1", "Invalid value '-1' for parameter 'page': expected a non-negative integer".into()),
        (
            FIELDS,
            "data_import_id=abc",
            "Invalid value 'abc' for parameter 'data_import_id': expected a positive integer id".into(),
        ),
        (FIELD, "", "Missing required parameter 'field_key'".into()),
        (FIELD, "field_key=", "Missing required parameter 'field_key'".into()),
    ];
    for (parser, query, message) in cases {
        assert_eq!(error(parser, query).to_string(), message, "{query}");
    }
}

#[test]
fn the_first_bad_value_in_reading_order_is_the_one_reported() {
    // Contacts read `order_by` before `order`; organizations and contact lists after it.
    assert_eq!(error(CONTACTS, "order=up&order_by=x").param, "order_by");
    assert_eq!(error(ORGANIZATIONS, "order_by=x&order=up").param, "order");
    assert_eq!(error(CONTACT_LISTS, "order_by=x&order=up").param, "order");
    // Paging comes first, then the flags, then the filters.
    assert_eq!(error(CONTACTS, "employer_id=x&include_deals=x&limit=x").param, "limit");
    assert_eq!(error(CONTACTS, "employer_id=x&include_deals=x").param, "include_deals");
    // The whole query string is read before any value.
    assert_eq!(error(CONTACTS, "limit=x&nope=1").param, "nope");
}

#[test]
fn values_are_capped_in_characters_and_lists_in_items() {
    let two_byte = "%C3%A9".repeat(MAX_VALUE_LEN);
    assert!(CONTACTS(&format!("search_term={two_byte}")).is_ok());
    let long = error(CONTACTS, &format!("search_term={}", "a".repeat(MAX_VALUE_LEN + 1)));
    assert_eq!(long.to_string(), "Parameter 'search_term' is too long (2049 characters; at most 2048)");
    let many = error(ORGANIZATIONS, &format!("tags={}", vec!["1"; 501].join(",")));
    assert_eq!((many.param.as_str(), many.reason), ("tags", Reason::TooMany(501)));
    assert!(ORGANIZATIONS(&format!("tags={}", vec!["1"; 500].join(","))).is_ok());
}

#[test]
fn an_unknown_name_is_shown_to_64_characters_and_api_key_is_always_accepted() {
    let long = "x".repeat(300);
    assert_eq!(error(PRODUCTS, &format!("{long}=1")).param, "x".repeat(64));
    assert!(PRODUCTS("api-key=abc&page=1").is_ok());
    assert!(NONE("api-key=").is_ok());
    let p = Params::parse("search_term&page=&limit=20", &["search_term", "page", "limit"]).unwrap();
    assert_eq!((p.get("search_term"), p.get("page"), p.get("limit")), (None, None, Some("20")));
}

//! Table tests: each query string with the SQL condition, bound values and order it becomes,
//! endpoint by endpoint; the errors are in `tests/errors.rs`. Every piece of SQL written here
//! is checked to name nothing but the field tables' columns and subquery openings.

mod errors;

use rusqlite::types::Value;

use crate::core::sql::{Fragment, Order};

use super::ast::*;
use super::fields::whitelist;
use super::{parse, sql};

fn shown(v: &Value) -> String {
    match v {
        Value::Integer(n) => n.to_string(),
        Value::Text(t) => format!("'{t}'"),
        other => format!("{other:?}"),
    }
}

/// Every word of SQL the filters may write once the whitelisted columns and subquery openings
/// are taken out: operator keywords, placeholders and constants.
fn assert_only_whitelisted(sql: &str) {
    const KEYWORDS: [&str; 18] =
        ["=", "<>", "<", "<=", ">", ">=", "?", "AND", "OR", "IN", "IS", "NOT", "NULL", "LIKE", "ESCAPE", "'\\'", "MATCH", "1"];
    let mut allowed = whitelist();
    allowed.sort_by_key(|s| std::cmp::Reverse(s.len()));
    let mut rest = sql.to_owned();
    for piece in allowed {
        rest = rest.replace(piece, " ");
    }
    for word in rest.split(|c: char| c.is_whitespace() || "(),".contains(c)).filter(|w| !w.is_empty()) {
        assert!(KEYWORDS.contains(&word) || word == "ASC" || word == "DESC", "{word:?} in {sql:?} is not from the whitelist");
    }
}

/// `condition [values]`.
fn render(f: &Fragment) -> String {
    assert_only_whitelisted(f.sql());
    let values = f.params().iter().map(shown).collect::<Vec<_>>().join(", ");
    format!("{} [{values}]", f.sql())
}

/// `ORDER BY ... LIMIT l OFFSET o`.
fn render_order(order: &Order, paging: Paging) -> String {
    assert_only_whitelisted(&order.sql());
    let window = paging.window();
    format!("ORDER BY {} LIMIT {} OFFSET {}", order.sql(), window.limit, window.offset)
}

fn check(cases: &[(&str, &str)], run: impl Fn(&str) -> String) {
    for (query, expected) in cases {
        assert_eq!(run(query), *expected, "{query}");
    }
}

fn contacts(query: &str) -> String {
    let q = parse::contacts(query).unwrap_or_else(|e| panic!("{query}: {e}"));
    format!("{} {}", render(&sql::contacts(&q.filter, &TENANT.into())), render_order(&sql::order(&q.sort), q.paging))
}

/// The tenant the contacts' conditions are written for.
const TENANT: &str = "t";

const NEWEST_VISIBLE: &str = "ORDER BY c.visible_at DESC, c.id DESC LIMIT 100 OFFSET 0";

#[test]
fn list_contacts_defaults_to_every_contact_by_visible_at_newest_first() {
    check(&[("", &format!("1 [] {NEWEST_VISIBLE}")), ("page=&limit&search_term", &format!("1 [] {NEWEST_VISIBLE}"))], contacts);
}

#[test]
fn list_contacts_search_term_uses_the_trigram_index_then_like() {
    let both = "c.rowid IN (SELECT rowid & 4294967295 FROM lm_contacts_search WHERE rowid BETWEEN \
                (SELECT n << 48 FROM core_search_tenants WHERE tenant = ? AND kind = 'lm_contacts_search') AND \
                (SELECT (n << 48) | 281474976710655 FROM core_search_tenants WHERE tenant = ? AND kind = 'lm_contacts_search') AND lm_contacts_search MATCH ?) AND \
                (c.search_text LIKE ? ESCAPE '\\' OR c.search_text LIKE ? ESCAPE '\\')";
    let like_only = "(c.search_text LIKE ? ESCAPE '\\' OR c.search_text LIKE ? ESCAPE '\\')";
    check(
        &[
            ("search_term=John", &format!("{both} ['t', 't', '\"john\"', '%john%', '%john%'] {NEWEST_VISIBLE}")),
            (
                "search_term=(555)%20010",
                &format!("{both} ['t', 't', '\"(555) 010\" OR \"555010\"', '%(555) 010%', '%555010%'] {NEWEST_VISIBLE}"),
            ),
            (
                "search_term=50%25_off",
                &format!("{both} ['t', 't', '\"50%_off\"', '%50\\%\\_off%', '%50\\%\\_off%'] {NEWEST_VISIBLE}"),
            ),
            ("search_term=al", &format!("{like_only} ['%al%', '%al%'] {NEWEST_VISIBLE}")),
            ("search_term=%C3%89lodie", &format!("{both} ['t', 't', '\"élodie\"', '%élodie%', '%élodie%'] {NEWEST_VISIBLE}")),
        ],
        contacts,
    );
}

#[test]
fn list_contacts_filters_on_related_rows_by_the_ids_the_tenants_related_rows_give() {
    let exists = |from: &str, test: &str| format!("c.id IN (SELECT {from} AND {test})");
    let lists = "m.contact_id FROM lm_list_members m WHERE m.tenant_id = ?";
    let tags = "t.contact_id FROM lm_contact_tags t WHERE t.tenant_id = ?";
    let histories = "h.contact_id FROM lm_histories h WHERE h.tenant_id = ?";
    let crm = "x.contact_id FROM lm_contact_crm x WHERE x.tenant_id = ?";
    check(
        &[
            ("search_list_id=123", &format!("{} ['t', 123] {NEWEST_VISIBLE}", exists(lists, "m.list_id = ?"))),
            ("search_tag=Lead,%20VIP", &format!("{} ['t', 'lead', 'vip'] {NEWEST_VISIBLE}", exists(tags, "t.tag IN (?, ?)"))),
            ("search_tag=%C3%89T%C3%89", &format!("{} ['t', 'été'] {NEWEST_VISIBLE}", exists(tags, "t.tag IN (?)"))),
            (
                "history_type=SiteVisit,EmailOpen",
                &format!("{} ['t', 'SiteVisit', 'EmailOpen'] {NEWEST_VISIBLE}", exists(histories, "h.history_type IN (?, ?)")),
            ),
            (
                "tracked_phone_id=789",
                &format!(
                    "{} ['t', 'TextMessage', 789] {NEWEST_VISIBLE}",
                    exists(histories, "h.history_type = ? AND h.tracked_number_id = ?")
                ),
            ),
            (
                "crm_ids=[%22crm_id_1%22,7]&crm_type=salesforce",
                &format!(
                    "{} ['t', 'salesforce', 'crm_id_1', '7'] {NEWEST_VISIBLE}",
                    exists(crm, "x.crm_type = ? AND x.crm_id IN (?, ?)")
                ),
            ),
            ("crm_ids=a,b", &format!("{} ['t', 'a', 'b'] {NEWEST_VISIBLE}", exists(crm, "x.crm_id IN (?, ?)"))),
            (
                "crm_object_type=Lead&crm_type=pipedrive",
                &format!(
                    "{} ['t', 'pipedrive', 'Lead'] {NEWEST_VISIBLE}",
                    exists(crm, "x.crm_type = ? AND x.crm_object_type = ?")
                ),
            ),
            ("crm_ids=%5B%5D", &format!("1 [] {NEWEST_VISIBLE}")),
        ],
        contacts,
    );
}

#[test]
fn list_contacts_compares_ids_and_dates_on_the_contact() {
    check(
        &[
            ("employer_id=456", &format!("c.employer_id = ? [456] {NEWEST_VISIBLE}")),
            ("contact_ids=1,2,%203", &format!("c.id IN (?, ?, ?) [1, 2, 3] {NEWEST_VISIBLE}")),
            ("created_by=2024-05-01", &format!("c.created_at >= ? ['2024-05-01T00:00:00Z'] {NEWEST_VISIBLE}")),
            ("updated_by=2024-05-01T02:00:00%2B02:00", &format!("c.updated_at >= ? ['2024-05-01T00:00:00Z'] {NEWEST_VISIBLE}")),
            ("updated_by=2024-05-01T02:00:00+02:00", &format!("c.updated_at >= ? ['2024-05-01T00:00:00Z'] {NEWEST_VISIBLE}")),
        ],
        contacts,
    );
}

#[test]
fn a_lower_date_bound_with_a_fraction_rounds_up_to_the_next_whole_second() {
    check(
        &[
            ("created_by=2024-05-01T00:00:00.5Z", &format!("c.created_at >= ? ['2024-05-01T00:00:01Z'] {NEWEST_VISIBLE}")),
            ("created_by=2024-05-01T00:00:00.000Z", &format!("c.created_at >= ? ['2024-05-01T00:00:00Z'] {NEWEST_VISIBLE}")),
            ("updated_by=2024-12-31T23:59:59.001Z", &format!("c.updated_at >= ? ['2025-01-01T00:00:00Z'] {NEWEST_VISIBLE}")),
        ],
        contacts,
    );
}

#[test]
fn list_contacts_orders_by_any_case_of_order_by_then_id() {
    check(
        &[
            ("order_by=updated", "1 [] ORDER BY c.updated_at DESC, c.id DESC LIMIT 100 OFFSET 0"),
            ("order_by=UPDATED&order=Asc", "1 [] ORDER BY c.updated_at ASC, c.id ASC LIMIT 100 OFFSET 0"),
            ("order_by=Company", "1 [] ORDER BY c.company COLLATE NOCASE DESC, c.id DESC LIMIT 100 OFFSET 0"),
            ("order_by=lead_score&order=asc", "1 [] ORDER BY c.lead_score ASC, c.id ASC LIMIT 100 OFFSET 0"),
            ("order_by=Visible_At", &format!("1 [] {NEWEST_VISIBLE}")),
            ("limit=9000&page=2", "1 [] ORDER BY c.visible_at DESC, c.id DESC LIMIT 500 OFFSET 1000"),
        ],
        contacts,
    );
}

#[test]
fn list_contacts_joins_every_filter_with_and_and_reads_the_attachments() {
    let q = parse::contacts("employer_id=4&contact_ids=1,2&created_by=2024-01-01&include_deals=TRUE&include_timeline=1").unwrap();
    assert_eq!(
        render(&sql::contacts(&q.filter, &TENANT.into())),
        "c.employer_id = ? AND c.id IN (?, ?) AND c.created_at >= ? [4, 1, 2, '2024-01-01T00:00:00Z']"
    );
    assert_eq!(q.include, Include { deals: true, timeline: true });
    assert_eq!(parse::contacts("include_deals=0").unwrap().include, Include::default());
}

#[test]
fn get_contact_count_takes_the_same_filters() {
    let filter = parse::contact_count("search_list_id=3&employer_id=9").unwrap();
    let lists = "c.id IN (SELECT m.contact_id FROM lm_list_members m WHERE m.tenant_id = ? AND m.list_id = ?)";
    assert_eq!(render(&sql::contacts(&filter, &TENANT.into())), format!("{lists} AND c.employer_id = ? ['t', 3, 9]"));
    assert_eq!(parse::contact_details("include_deals=true").unwrap(), Include { deals: true, timeline: false });
}

fn histories(query: &str) -> String {
    let q = parse::histories(query).unwrap_or_else(|e| panic!("{query}: {e}"));
    format!("{} {}", render(&sql::histories(&q.filter)), render_order(&sql::order(&q.sort), q.paging))
}

const NEWEST: &str = "ORDER BY h.created_at DESC, h.id DESC LIMIT 100 OFFSET 0";
const EMAILED: &str = "h.contact_id IN (SELECT e.contact_id FROM lm_histories e WHERE e.tenant_id = h.tenant_id AND \
                       (e.email_guid IS NOT NULL OR e.history_type LIKE ? ESCAPE '\\'))";

#[test]
fn histories_default_to_emailed_contacts_and_contact_group_takes_any_case() {
    check(
        &[
            ("", &format!("{EMAILED} ['Email%'] {NEWEST}")),
            (
                "contact_group=Emailed&order=ASC",
                &format!("{EMAILED} ['Email%'] ORDER BY h.created_at ASC, h.id ASC LIMIT 100 OFFSET 0"),
            ),
            ("contact_group=MANAGED", &format!("h.contact_id IS NOT NULL [] {NEWEST}")),
            ("contact_group=all", &format!("1 [] {NEWEST}")),
        ],
        histories,
    );
}

#[test]
fn histories_compare_their_own_columns() {
    check(
        &[
            (
                "contact_group=all&history_type=EmailOpen,SiteVisit&campaign_id=7&contact_id=20&email_guid=g-1",
                &format!(
                    "h.history_type IN (?, ?) AND h.campaign_id = ? AND h.contact_id = ? AND h.email_guid = ? \
                     ['EmailOpen', 'SiteVisit', 7, 20, 'g-1'] {NEWEST}"
                ),
            ),
            ("contact_group=all&last_history_id=5", &format!("h.id > ? [5] {NEWEST}")),
            ("contact_group=all&last_history_id=-5", &format!("h.id > ? [-5] {NEWEST}")),
        ],
        histories,
    );
}

#[test]
fn tracked_number_id_returns_only_text_messages() {
    check(
        &[
            (
                "contact_group=all&tracked_number_id=55",
                &format!("h.history_type = ? AND h.tracked_number_id = ? ['TextMessage', 55] {NEWEST}"),
            ),
            (
                "contact_group=all&history_type=TextMessage&tracked_number_id=55",
                &format!(
                    "h.history_type IN (?) AND h.history_type = ? AND h.tracked_number_id = ? ['TextMessage', 'TextMessage', 55] {NEWEST}"
                ),
            ),
        ],
        histories,
    );
}

#[test]
fn history_dates_bound_whole_seconds_exactly() {
    check(
        &[
            (
                "contact_group=all&start_date=2024-05-02&end_date=2024-05-02",
                &format!("h.created_at >= ? AND h.created_at <= ? ['2024-05-02T00:00:00Z', '2024-05-02T23:59:59Z'] {NEWEST}"),
            ),
            (
                "contact_group=all&start_date=2024-05-01T00:00:00.5Z&end_date=2024-05-02T08:00:00.999Z",
                &format!("h.created_at >= ? AND h.created_at <= ? ['2024-05-01T00:00:01Z', '2024-05-02T08:00:00Z'] {NEWEST}"),
            ),
            (
                "contact_group=all&end_date=2024-05-02T10:00:00.5%2B02:00",
                &format!("h.created_at <= ? ['2024-05-02T08:00:00Z'] {NEWEST}"),
            ),
        ],
        histories,
    );
}

#[test]
fn history_search_term_covers_description_type_and_contact() {
    let contact = "EXISTS (SELECT 1 FROM lm_contacts c WHERE c.tenant_id = h.tenant_id AND c.id = h.contact_id AND \
                   (c.search_text LIKE ? ESCAPE '\\' OR c.search_text LIKE ? ESCAPE '\\'))";
    let search = format!(
        "(h.description LIKE ? ESCAPE '\\' OR h.description LIKE ? ESCAPE '\\' OR h.history_type LIKE ? ESCAPE '\\' OR {contact})"
    );
    check(
        &[(
            "contact_group=all&search_term=%C3%89mile",
            &format!("{search} ['%Émile%', '%émile%', '%émile%', '%émile%', '%émile%'] {NEWEST}"),
        )],
        histories,
    );
}

fn organizations(query: &str) -> String {
    let q = parse::organizations(query).unwrap_or_else(|e| panic!("{query}: {e}"));
    format!("{} {}", render(&sql::organizations(&q.filter)), render_order(&sql::order(&q.sort), q.paging))
}

#[test]
fn organizations_filter_by_tag_ids_tag_name_and_search_term() {
    let ids = "EXISTS (SELECT 1 FROM lm_organization_tag_links k WHERE k.tenant_id = o.tenant_id AND k.organization_id = o.id AND k.tag_id IN (?, ?))";
    let name = "EXISTS (SELECT 1 FROM lm_organization_tag_links k JOIN lm_organization_tags g ON g.tenant_id = k.tenant_id \
                AND g.id = k.tag_id WHERE k.tenant_id = o.tenant_id AND k.organization_id = o.id AND g.name = ?)";
    let newest = "ORDER BY o.created_at DESC, o.id DESC LIMIT 100 OFFSET 0";
    check(
        &[
            ("", &format!("1 [] {newest}")),
            (
                "tags=1,2&tag=Partner&search_term=ACME%20Ltd",
                &format!("{ids} AND {name} AND o.search_text LIKE ? ESCAPE '\\' [1, 2, 'Partner', '%acme ltd%'] {newest}"),
            ),
            ("order_by=Last_Activity&order=asc", "1 [] ORDER BY o.last_activity_at ASC, o.id ASC LIMIT 100 OFFSET 0"),
            ("order_by=updated_at&limit=3&page=1", "1 [] ORDER BY o.updated_at DESC, o.id DESC LIMIT 3 OFFSET 3"),
        ],
        organizations,
    );
}

fn contact_lists(query: &str) -> String {
    let q = parse::contact_lists(query).unwrap_or_else(|e| panic!("{query}: {e}"));
    format!("{} {}", render(&sql::contact_lists(&q)), render_order(&sql::order(&q.sort), q.paging))
}

#[test]
fn contact_lists_are_the_static_lists_sales_users_see_ten_a_page() {
    let visible = "l.is_static = ? AND l.sales_visible = ?";
    let tag = "EXISTS (SELECT 1 FROM json_each(l.tags) j WHERE j.value COLLATE NOCASE = ?)";
    check(
        &[
            ("", &format!("{visible} [1, 1] ORDER BY l.created_at DESC, l.id DESC LIMIT 10 OFFSET 0")),
            (
                "tag=PowerDialer&order_by=UPDATED&order=asc",
                &format!("{visible} AND {tag} [1, 1, 'PowerDialer'] ORDER BY l.updated_at ASC, l.id ASC LIMIT 10 OFFSET 0"),
            ),
            (
                "page=0&limit=10&tag=&order=&order_by=",
                &format!("{visible} [1, 1] ORDER BY l.created_at DESC, l.id DESC LIMIT 10 OFFSET 0"),
            ),
        ],
        contact_lists,
    );
}

#[test]
fn tasks_leave_out_completed_ones_and_narrow_to_the_user_and_contact() {
    let tasks = |query: &str| {
        let q = parse::tasks(query).unwrap_or_else(|e| panic!("{query}: {e}"));
        format!("{} LIMIT {}", render(&sql::tasks(&q.filter, 7)), q.paging.limit)
    };
    check(
        &[
            ("", "t.completed = ? [0] LIMIT 100"),
            ("include_completed=1", "1 [] LIMIT 100"),
            ("user_only=TRUE&contact_id=3&limit=5", "t.completed = ? AND t.user_id = ? AND t.contact_id = ? [0, 7, 3] LIMIT 5"),
        ],
        tasks,
    );
    let for_contact = parse::contact_tasks("include_completed=true", 12).unwrap();
    assert_eq!(render(&sql::tasks(&for_contact.filter, 7)), "t.contact_id = ? [12]");
}

#[test]
fn the_other_lists_take_paging_only() {
    assert_eq!(parse::products("limit=2&page=3").unwrap(), Paging { page: 3, limit: 2 });
    assert_eq!(parse::named_list("").unwrap(), Paging { page: 0, limit: 100 });
    assert_eq!(
        parse::contact_fields("powerdialer_only=1&data_import_id=4").unwrap(),
        FieldsQuery { data_import_id: Some(4), powerdialer_only: true, paging: Paging { page: 0, limit: 500 } }
    );
    assert_eq!(parse::contact_field("field_key=%20custom_12%20").unwrap(), "custom_12");
    assert_eq!(parse::no_parameters("api-key=abc"), Ok(()));
}

#[test]
fn search_patterns_and_the_trigram_prefilter_cover_the_term_and_its_digits() {
    assert_eq!(sql::search_patterns("(555) 010-4477"), ("%(555) 010-4477%".into(), "%5550104477%".into()));
    assert_eq!(sql::search_patterns("Ann"), ("%ann%".into(), "%ann%".into()));
    assert_eq!(sql::trigram_match("say \"hi\"").as_deref(), Some("\"say \"\"hi\"\"\""));
    assert_eq!(sql::trigram_match("5550104477").as_deref(), Some("\"5550104477\""));
    assert_eq!(sql::trigram_match("Élodie").as_deref(), Some("\"élodie\""));
    assert_eq!(sql::trigram_match("Éa"), None);
}

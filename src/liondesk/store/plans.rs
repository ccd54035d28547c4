//! Every find a LionDesk service runs is served by an index: for each query shape a user
//! typically sends, the statements `Feathers::find` builds (the page and its exact count) are
//! planned by SQLite against the LionDesk schema, and the test fails on a read of a whole table
//! or a whole tenant, or on a count that reads rows. Adding a shape is one line of `SHAPES`.

use rusqlite::Connection;

use crate::core::TenantId;
use crate::core::sql::Plan;

use super::super::query::fields::{self, Resource};
use super::super::query::{Limits, parse};
use super::table::{Feathers, Scope, Table};
use super::{addresses, contacts, custom_fields, directory, events, hotnesses, sources, tags, tasks};

const USER: i64 = 7;

fn tenant() -> TenantId {
    TenantId::from("t")
}

/// The LionDesk schema (with the core tables it refers to).
fn db() -> Connection {
    crate::core::sql::plan::schema_db(include_str!("../schema.sql"))
}

/// What a shape's plans must show.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Expect {
    /// The condition is searched for in an index: no step reads a whole table or tenant, and
    /// the count reads index entries only.
    Searched,
    /// Searched, and the page is read in the index's order, so it stops at `$limit`.
    SearchedInOrder,
    /// Searched, but the count reads the one contact the matches hang off (an event's).
    SearchedThroughItsContact,
    /// Each alternative of an `$or` is searched in its own index; the count reads the rows
    /// they find, to count each match once.
    SearchedEach,
    /// No condition beyond who may see what, so the exact total counts every index entry of
    /// the tenant; the count still reads no row and the page is read in an index's order.
    Everything,
}

/// A service's find: the tables (aliases) it reads, the fields its query names, and its plans.
struct Find {
    aliases: &'static [&'static str],
    resource: &'static Resource,
    plans: fn(&Connection, &str) -> (Plan, Plan),
}

/// The plans of `table`'s find of `query` within `scope`.
fn plans_of<T>(conn: &Connection, table: &Table<T>, resource: &'static Resource, scope: &Scope, query: &str) -> (Plan, Plan) {
    let query = parse(query, resource, Limits::default()).unwrap_or_else(|e| panic!("{query}: {e:?}"));
    let (filter, order) = table.find_filter(&tenant(), scope, &query);
    table.plans(conn, &filter, &order).unwrap()
}

const CONTACTS: Find = Find {
    aliases: &["c"],
    resource: &fields::CONTACTS,
    plans: |conn, q| plans_of(conn, &contacts::TABLE, &fields::CONTACTS, &contacts::visible(&tenant(), USER), q),
};
const TASKS: Find = Find {
    aliases: &["k"],
    resource: &fields::TASKS,
    plans: |conn, q| plans_of(conn, &tasks::TABLE, &fields::TASKS, &tasks::mine(USER), q),
};
const EVENTS: Find = Find {
    aliases: &["e", "c"],
    resource: &fields::EVENTS,
    plans: |conn, q| plans_of(conn, &events::TABLE, &fields::EVENTS, &events::visible(&tenant(), USER), q),
};
const ADDRESSES: Find = Find {
    aliases: &["a"],
    resource: &fields::ADDRESSES,
    plans: |conn, q| plans_of(conn, &addresses::TABLE, &fields::ADDRESSES, &addresses::of_contact(42), q),
};
const HOTNESSES: Find = Find {
    aliases: &["h"],
    resource: &fields::HOTNESSES,
    plans: |conn, q| plans_of(conn, &hotnesses::TABLE, &fields::HOTNESSES, &hotnesses::own(USER), q),
};
const SOURCES: Find = Find {
    aliases: &["s"],
    resource: &fields::CONTACT_SOURCES,
    plans: |conn, q| plans_of(conn, &sources::TABLE, &fields::CONTACT_SOURCES, &sources::own(USER), q),
};
const CUSTOM_FIELDS: Find = Find {
    aliases: &["cf"],
    resource: &fields::CUSTOM_FIELDS,
    plans: |conn, q| plans_of(conn, &custom_fields::TABLE, &fields::CUSTOM_FIELDS, &custom_fields::own(USER), q),
};
const TAGS: Find = Find {
    aliases: &["t"],
    resource: &fields::TAGS,
    plans: |conn, q| plans_of(conn, &tags::TABLE, &fields::TAGS, &tags::own(USER), q),
};
const TEAMS: Find = Find {
    aliases: &["tm"],
    resource: &fields::TEAMS,
    plans: |conn, q| plans_of(conn, &directory::TEAMS, &fields::TEAMS, &directory::member_of(&tenant(), USER), q),
};

use Expect::*;

/// `(what a user looks for, the service, the query string, what the plans must show)`.
const SHAPES: &[(&str, Find, &str, Expect)] = &[
    ("contacts: the default listing", CONTACTS, "", Everything),
    ("contacts: newest first", CONTACTS, "$sort[created_at]=-1&$limit=50", Everything),
    ("contacts: a later page", CONTACTS, "$limit=50&$skip=200", Everything),
    ("contacts: by e-mail", CONTACTS, "email=Ann.Lee@Example.com", Searched),
    ("contacts: by mobile phone", CONTACTS, "mobile_phone=5550100", Searched),
    // A name in id order: its index is by name and date, so the matches are sorted by id
    // (one index by name spares creates a second random leaf: schema.sql).
    ("contacts: by last name", CONTACTS, "last_name=lee", Searched),
    ("contacts: by full name", CONTACTS, "first_name=Ann&last_name=Lee", Searched),
    (
        "contacts: by name in a period, newest first",
        CONTACTS,
        "last_name=Lee&created_at[$gte]=2024-01-01T00:00:00.000Z&created_at[$lte]=2024-12-31T23:59:59.999Z\
         &$sort[created_at]=-1&$limit=50",
        SearchedInOrder,
    ),
    ("contacts: by name, sorted by name", CONTACTS, "last_name=Lee&$sort[last_name]=1", Searched),
    ("contacts: created in a period", CONTACTS, "created_at[$gt]=2024-01-01&created_at[$lt]=2024-02-01", Searched),
    (
        "contacts: changed since, oldest change first",
        CONTACTS,
        "modified_at[$gt]=2024-06-01T00:00:00.000Z&$sort[modified_at]=1",
        Searched,
    ),
    ("contacts: owned by a user", CONTACTS, "owner_user_id=7", SearchedInOrder),
    ("contacts: assigned to a user", CONTACTS, "assigned_user_id=9", SearchedInOrder),
    ("contacts: by e-mail, a $select", CONTACTS, "email=a@x.com&$select[]=first_name&$select[]=email", SearchedInOrder),
    ("contacts: by any of some e-mails", CONTACTS, "email[$in][]=a@x.com&email[$in][]=b@x.com", Searched),
    ("contacts: by any of some last names", CONTACTS, "last_name[$in][]=Lee&last_name[$in][]=Kim", Searched),
    ("contacts: by one last name or another", CONTACTS, "$or[0][last_name]=Lee&$or[1][last_name]=Kim", Searched),
    ("contacts: by a last name or an e-mail", CONTACTS, "$or[0][last_name]=Lee&$or[1][email]=a@x.com", SearchedEach),
    (
        "contacts: by any of some e-mails, newest first",
        CONTACTS,
        "email[$in][]=a@x.com&email[$in][]=b@x.com&$sort[created_at]=-1&$limit=50",
        Searched,
    ),
    ("tasks: the default listing", TASKS, "", Everything),
    ("tasks: of a contact", TASKS, "contact_id=42", SearchedInOrder),
    ("tasks: due in a period, soonest first", TASKS, "due_at[$gte]=2024-01-01&due_at[$lt]=2024-02-01&$sort[due_at]=1", Searched),
    ("tasks: assigned to a user", TASKS, "assigned_user_id=9", Searched),
    ("tasks: of some contacts", TASKS, "contact_id[$in][]=4&contact_id[$in][]=2", Searched),
    ("tasks: of one contact or another", TASKS, "$or[0][contact_id]=4&$or[1][contact_id]=2", Searched),
    ("events: of a contact", EVENTS, "contact_id=42", SearchedThroughItsContact),
    ("events: of a contact, newest first", EVENTS, "contact_id=42&$sort[id]=-1", SearchedThroughItsContact),
    ("addresses: of a contact", ADDRESSES, "", SearchedInOrder),
    ("hotnesses: the user's own", HOTNESSES, "", SearchedInOrder),
    ("contact sources: the user's own", SOURCES, "", SearchedInOrder),
    ("custom fields: the user's own", CUSTOM_FIELDS, "", SearchedInOrder),
    ("tags: the user's own", TAGS, "", SearchedInOrder),
    ("tags: one by content", TAGS, "content=VIP", Searched),
    ("teams: the user's", TEAMS, "", Searched),
];

/// What is wrong with `plans` for `expect`, on the tables `aliases`.
fn faults(aliases: &[&str], (count, rows): &(Plan, Plan), expect: Expect) -> Vec<String> {
    let mut out = Vec::new();
    for alias in aliases {
        if expect != Everything {
            for step in rows.full_scans(alias).into_iter().chain(count.full_scans(alias)) {
                out.push(format!("reads all of {alias}: {step}"));
            }
        }
    }
    let counted = if expect == SearchedThroughItsContact { &aliases[..1] } else { aliases };
    if expect != SearchedEach && !counted.iter().all(|alias| count.covered(alias)) {
        out.push("the count reads rows".to_owned());
    }
    if matches!(expect, SearchedInOrder | Everything) && rows.sorts() {
        out.push("the page is sorted, not read in order".to_owned());
    }
    out
}

#[test]
fn every_find_shape_is_served_by_an_index_and_its_count_reads_no_row() {
    let conn = db();
    let mut failures = Vec::new();
    for (name, find, query, expect) in SHAPES {
        let plans = (find.plans)(&conn, query);
        for fault in faults(find.aliases, &plans, *expect) {
            failures.push(format!("{name} ({}?{query}): {fault}\n  count:\n{}  page:\n{}", find.resource.name, plans.0, plans.1));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn shapes_of_several_keys_are_served_by_an_index_because_the_planner_knows_a_tenant_is_large() {
    // The same schema without the statistics: SQLite takes `tenant_id = ?` for as selective as
    // any key and walks the whole tenant in id order.
    let without = Connection::open_in_memory().unwrap();
    crate::core::db::configure(&without).unwrap();
    without.execute_batch(crate::core::SCHEMA).unwrap();
    without.execute_batch(include_str!("../schema.sql")).unwrap();
    let query = "email[$in][]=a@x.com&email[$in][]=b@x.com";
    let walked = (CONTACTS.plans)(&without, query);
    assert!(
        walked.1.full_scans("c").contains(&"SEARCH c USING INDEX sqlite_autoindex_ld_contacts_1 (tenant_id=?)"),
        "{}",
        walked.1
    );
    let searched = (CONTACTS.plans)(&db(), query);
    assert!(faults(CONTACTS.aliases, &searched, Searched).is_empty(), "{}{}", searched.0, searched.1);
}

#[test]
fn a_get_by_id_is_one_search_of_the_primary_key() {
    let conn = db();
    let mut f = contacts::TABLE.scoped(&tenant(), &contacts::visible_one(USER));
    f.and_eq(contacts::TABLE.id(), rusqlite::types::Value::Integer(42));
    let plan = Plan::of(&conn, &contacts::TABLE.one_sql(&f), f.params()).unwrap();
    let on_contacts: Vec<&String> = plan.steps().iter().filter(|s| s.contains(" c ")).collect();
    assert_eq!(on_contacts, ["SEARCH c USING INDEX sqlite_autoindex_ld_contacts_1 (tenant_id=? AND id=?)"], "{plan}");
    // First, the look at the row whose row id is the id: one search of the table.
    let at = contacts::TABLE.at_rowid(&f, &42).unwrap();
    let plan = Plan::of(&conn, &contacts::TABLE.one_sql(&at), at.params()).unwrap();
    let on_contacts: Vec<&String> = plan.steps().iter().filter(|s| s.contains(" c ")).collect();
    assert_eq!(on_contacts, ["SEARCH c USING INTEGER PRIMARY KEY (rowid=?)"], "{plan}");
}

#[test]
fn a_full_scan_or_a_count_of_rows_is_caught() {
    let conn = db();
    // Not indexed: a contact's fax.
    let fax = (CONTACTS.plans)(&conn, "fax=555");
    assert!(!faults(CONTACTS.aliases, &fax, Searched).is_empty(), "{}{}", fax.0, fax.1);
    // Sorting a whole listing by a column no index holds.
    let by_company = (CONTACTS.plans)(&conn, "$sort[company]=1");
    assert_eq!(faults(CONTACTS.aliases, &by_company, Everything), ["the page is sorted, not read in order"]);
}

//! The closed tables the filters' SQL is written from: per list, the columns its parameters
//! read (qualified by the list's table alias: `c` contacts, `h` histories, `o` organizations,
//! `l` contact lists, `t` tasks), the `order_by` values with the column each sorts by, and the
//! related tables a parameter looks into (a contact's tags, list memberships, histories and
//! CRM links; an organization's tags; a list's tags) with the subquery that reaches them.
//! Request text never becomes SQL; only these do.

use crate::core::sql::{Field, Kind, Resource};

use Kind::{DateTime, Int, Text};

const fn f(name: &'static str, column: &'static str, kind: Kind) -> Field {
    Field::new(name, column, kind)
}

/// The field of `table` named `name`, found when compiling: a name not in the table does not
/// compile. So each column below is written once, in its table, and named where SQL uses it.
const fn field(table: &'static Resource, name: &str) -> &'static Field {
    let mut i = 0;
    while i < table.fields.len() {
        if same(table.fields[i].name.as_bytes(), name.as_bytes()) {
            return &table.fields[i];
        }
        i += 1;
    }
    panic!("no field of that name in the table");
}

const fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// A table related to the listed rows: `open` begins a subquery up to its `WHERE`, tying the
/// related rows to the listed row; the parameter's conditions on `fields` follow, then `)`. A
/// `?` in `open` is the tenant: the subquery is then the ids of the tenant's related rows,
/// worked out once, so the listed rows are found by id instead of tested one by one.
#[derive(Debug)]
pub struct Related {
    pub open: &'static str,
    pub fields: Resource,
}

/// Contacts (`lm_contacts c`) and what hangs off them.
pub mod contact {
    use super::*;

    /// The columns the parameters of the list read.
    pub static COLUMNS: Resource = Resource::new(
        "contacts",
        &[
            f("id", "c.id", Int),
            f("employer_id", "c.employer_id", Int),
            f("created_at", "c.created_at", DateTime),
            f("updated_at", "c.updated_at", DateTime),
            // Names, company, e-mail addresses and phone numbers, lower-cased (docs/fidelity.md).
            f("search_text", "c.search_text", Text),
        ],
    );
    pub const ID: &Field = field(&COLUMNS, "id");
    pub const EMPLOYER_ID: &Field = field(&COLUMNS, "employer_id");
    pub const CREATED_AT: &Field = field(&COLUMNS, "created_at");
    pub const UPDATED_AT: &Field = field(&COLUMNS, "updated_at");
    pub const SEARCH_TEXT: &Field = field(&COLUMNS, "search_text");

    /// `order_by` of List Contacts: 'updated', 'company', 'lead_score', 'visible_at' (default).
    /// Company names compare without regard to case (docs/fidelity.md, contact order).
    pub static ORDER_BY: Resource = Resource::new(
        "order_by",
        &[
            f("updated", "c.updated_at", DateTime),
            f("company", "c.company COLLATE NOCASE", Text),
            f("lead_score", "c.lead_score", Int),
            f("visible_at", "c.visible_at", DateTime),
        ],
    );
    pub const DEFAULT_ORDER: &Field = field(&ORDER_BY, "visible_at");

    /// The trigram index of `search_text`: it narrows a `search_term` to the tenant's rows that
    /// hold it (its keys: the tenant's number, the day, the rowid; see the schema). An `IN`
    /// list computed once rather than a correlated subquery, so that SQLite reads only those
    /// rows.
    pub static SEARCH: Related = Related {
        open: "c.rowid IN (SELECT rowid & 4294967295 FROM lm_contacts_search WHERE rowid BETWEEN \
               (SELECT n << 48 FROM core_search_tenants WHERE tenant = ? AND kind = 'lm_contacts_search') AND \
               (SELECT (n << 48) | 281474976710655 FROM core_search_tenants WHERE tenant = ? AND kind = 'lm_contacts_search') AND ",
        fields: Resource::new("search index", &[f("search_text", "lm_contacts_search", Text)]),
    };
    pub const SEARCH_INDEX: &Field = field(&SEARCH.fields, "search_text");

    /// The contact lists a contact is a member of (`search_list_id`).
    pub static LISTS: Related = Related {
        open: "c.id IN (SELECT m.contact_id FROM lm_list_members m WHERE m.tenant_id = ? AND ",
        fields: Resource::new("list members", &[f("list_id", "m.list_id", Int)]),
    };
    pub const LIST_ID: &Field = field(&LISTS.fields, "list_id");

    /// A contact's tags, lower-cased when stored (`search_tag`).
    pub static TAGS: Related = Related {
        open: "c.id IN (SELECT t.contact_id FROM lm_contact_tags t WHERE t.tenant_id = ? AND ",
        fields: Resource::new("contact tags", &[f("tag", "t.tag", Text)]),
    };
    pub const TAG: &Field = field(&TAGS.fields, "tag");

    /// A contact's histories (`history_type`, `tracked_phone_id`).
    pub static HISTORIES: Related = Related {
        open: "c.id IN (SELECT h.contact_id FROM lm_histories h WHERE h.tenant_id = ? AND ",
        fields: Resource::new(
            "contact histories",
            &[f("history_type", "h.history_type", Text), f("tracked_number_id", "h.tracked_number_id", Int)],
        ),
    };
    pub const HISTORY_TYPE: &Field = field(&HISTORIES.fields, "history_type");
    pub const TRACKED_NUMBER_ID: &Field = field(&HISTORIES.fields, "tracked_number_id");

    /// A contact's CRM links (`crm_ids`, `crm_type`, `crm_object_type`).
    pub static CRM_LINKS: Related = Related {
        open: "c.id IN (SELECT x.contact_id FROM lm_contact_crm x WHERE x.tenant_id = ? AND ",
        fields: Resource::new(
            "crm links",
            &[f("crm_id", "x.crm_id", Text), f("crm_type", "x.crm_type", Text), f("crm_object_type", "x.crm_object_type", Text)],
        ),
    };
    pub const CRM_ID: &Field = field(&CRM_LINKS.fields, "crm_id");
    pub const CRM_TYPE: &Field = field(&CRM_LINKS.fields, "crm_type");
    pub const CRM_OBJECT_TYPE: &Field = field(&CRM_LINKS.fields, "crm_object_type");
}

/// Histories (`lm_histories h`).
pub mod history {
    use super::*;

    /// The columns the parameters of the list read.
    pub static COLUMNS: Resource = Resource::new(
        "histories",
        &[
            f("id", "h.id", Int),
            f("history_type", "h.history_type", Text),
            f("campaign_id", "h.campaign_id", Int),
            f("contact_id", "h.contact_id", Int),
            f("tracked_number_id", "h.tracked_number_id", Int),
            f("email_guid", "h.email_guid", Text),
            f("created_at", "h.created_at", DateTime),
            f("description", "h.description", Text),
        ],
    );
    pub const ID: &Field = field(&COLUMNS, "id");
    pub const HISTORY_TYPE: &Field = field(&COLUMNS, "history_type");
    pub const CAMPAIGN_ID: &Field = field(&COLUMNS, "campaign_id");
    pub const CONTACT_ID: &Field = field(&COLUMNS, "contact_id");
    pub const TRACKED_NUMBER_ID: &Field = field(&COLUMNS, "tracked_number_id");
    pub const EMAIL_GUID: &Field = field(&COLUMNS, "email_guid");
    pub const CREATED_AT: &Field = field(&COLUMNS, "created_at");
    pub const DESCRIPTION: &Field = field(&COLUMNS, "description");

    /// The contacts that were e-mailed: an e-mail guid, or a type starting with `Email`, on any
    /// of their histories (`contact_group=emailed`).
    pub static EMAILED: Related = Related {
        open: "h.contact_id IN (SELECT e.contact_id FROM lm_histories e WHERE e.tenant_id = h.tenant_id AND ",
        fields: Resource::new("emailed", &[f("email_guid", "e.email_guid", Text), f("history_type", "e.history_type", Text)]),
    };
    pub const EMAILED_GUID: &Field = field(&EMAILED.fields, "email_guid");
    pub const EMAILED_TYPE: &Field = field(&EMAILED.fields, "history_type");

    /// The contact a history belongs to, whose details `search_term` also searches.
    pub static CONTACT: Related = Related {
        open: "EXISTS (SELECT 1 FROM lm_contacts c WHERE c.tenant_id = h.tenant_id AND c.id = h.contact_id AND ",
        fields: Resource::new("history contact", &[f("search_text", "c.search_text", Text)]),
    };
    pub const CONTACT_SEARCH_TEXT: &Field = field(&CONTACT.fields, "search_text");
}

/// Organizations (`lm_organizations o`).
pub mod organization {
    use super::*;

    /// The columns the parameters of the list read.
    pub static COLUMNS: Resource = Resource::new(
        "organizations",
        // Name, domain and phone, lower-cased.
        &[f("id", "o.id", Int), f("search_text", "o.search_text", Text)],
    );
    pub const ID: &Field = field(&COLUMNS, "id");
    pub const SEARCH_TEXT: &Field = field(&COLUMNS, "search_text");

    /// `order_by` of Get Organizations: 'last_activity', 'updated_at', 'created_at' (default).
    pub static ORDER_BY: Resource = Resource::new(
        "order_by",
        &[
            f("last_activity", "o.last_activity_at", DateTime),
            f("updated_at", "o.updated_at", DateTime),
            f("created_at", "o.created_at", DateTime),
        ],
    );
    pub const DEFAULT_ORDER: &Field = field(&ORDER_BY, "created_at");

    /// An organization's tags, by id (`tags`).
    pub static TAG_IDS: Related = Related {
        open: "EXISTS (SELECT 1 FROM lm_organization_tag_links k WHERE k.tenant_id = o.tenant_id AND k.organization_id = o.id AND ",
        fields: Resource::new("organization tag ids", &[f("tag_id", "k.tag_id", Int)]),
    };
    pub const TAG_ID: &Field = field(&TAG_IDS.fields, "tag_id");

    /// An organization's tags, by name (`tag`; names ignore case).
    pub static TAG_NAMES: Related = Related {
        open: "EXISTS (SELECT 1 FROM lm_organization_tag_links k JOIN lm_organization_tags g ON g.tenant_id = k.tenant_id \
               AND g.id = k.tag_id WHERE k.tenant_id = o.tenant_id AND k.organization_id = o.id AND ",
        fields: Resource::new("organization tag names", &[f("name", "g.name", Text)]),
    };
    pub const TAG_NAME: &Field = field(&TAG_NAMES.fields, "name");
}

/// Contact lists (`lm_contact_lists l`).
pub mod contact_list {
    use super::*;

    /// The columns the parameters of the list read.
    pub static COLUMNS: Resource = Resource::new(
        "contact lists",
        &[f("id", "l.id", Int), f("static", "l.is_static", Int), f("visible_to_sales", "l.sales_visible", Int)],
    );
    pub const ID: &Field = field(&COLUMNS, "id");
    pub const STATIC: &Field = field(&COLUMNS, "static");
    pub const VISIBLE_TO_SALES: &Field = field(&COLUMNS, "visible_to_sales");

    /// `order_by` of Get Static Contact Lists: "can be created, or updated and defaults to
    /// created".
    pub static ORDER_BY: Resource =
        Resource::new("order_by", &[f("created", "l.created_at", DateTime), f("updated", "l.updated_at", DateTime)]);
    pub const DEFAULT_ORDER: &Field = field(&ORDER_BY, "created");

    /// A list's tags, stored as a JSON array (`tag`, compared without regard to case).
    pub static TAGS: Related = Related {
        open: "EXISTS (SELECT 1 FROM json_each(l.tags) j WHERE ",
        fields: Resource::new("contact list tags", &[f("tag", "j.value COLLATE NOCASE", Text)]),
    };
    pub const TAG: &Field = field(&TAGS.fields, "tag");
}

/// Tasks (`lm_tasks t`).
pub mod task {
    use super::*;

    /// The columns the parameters of the list read.
    pub static COLUMNS: Resource = Resource::new(
        "tasks",
        &[f("completed", "t.completed", Int), f("user_id", "t.user_id", Int), f("contact_id", "t.contact_id", Int)],
    );
    pub const COMPLETED: &Field = field(&COLUMNS, "completed");
    pub const USER_ID: &Field = field(&COLUMNS, "user_id");
    pub const CONTACT_ID: &Field = field(&COLUMNS, "contact_id");
}

/// Every column and subquery opening of this module, for the test that generated SQL names
/// nothing else.
#[cfg(test)]
pub fn whitelist() -> Vec<&'static str> {
    let tables: [&'static Resource; 8] = [
        &contact::COLUMNS,
        &contact::ORDER_BY,
        &history::COLUMNS,
        &organization::COLUMNS,
        &organization::ORDER_BY,
        &contact_list::COLUMNS,
        &contact_list::ORDER_BY,
        &task::COLUMNS,
    ];
    let related: [&'static Related; 10] = [
        &contact::SEARCH,
        &contact::LISTS,
        &contact::TAGS,
        &contact::HISTORIES,
        &contact::CRM_LINKS,
        &history::EMAILED,
        &history::CONTACT,
        &organization::TAG_IDS,
        &organization::TAG_NAMES,
        &contact_list::TAGS,
    ];
    let mut all: Vec<&'static str> = related.iter().map(|r| r.open).collect();
    for resource in tables.into_iter().chain(related.iter().map(|r| &r.fields)) {
        all.extend(resource.fields.iter().map(|f| f.column.as_str()));
    }
    all
}

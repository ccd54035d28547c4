//! The closed tables of what a query may name: per LionDesk service, each documented field with
//! the column it reads (qualified by the service's table alias) and the kind its values are
//! coerced to. Request text never becomes SQL; only these `Column`s do.

pub use crate::core::sql::{Field, Kind, Resource};

const fn f(name: &'static str, column: &'static str, kind: Kind) -> Field {
    Field::new(name, column, kind)
}

use Kind::{Bool, DateTime, Int, Text};

/// Contacts, and the objects a contact embeds, which `$select` may name.
pub static CONTACTS: Resource = Resource {
    name: "contacts",
    fields: &[
        f("id", "c.id", Int),
        f("owner_user_id", "c.owner_user_id", Int),
        f("assigned_user_id", "c.assigned_user_id", Int),
        f("first_name", "c.first_name", Text),
        f("last_name", "c.last_name", Text),
        f("email", "c.email", Text),
        f("mobile_phone", "c.mobile_phone", Text),
        f("home_phone", "c.home_phone", Text),
        f("office_phone", "c.office_phone", Text),
        f("fax", "c.fax", Text),
        f("company", "c.company", Text),
        f("birthday", "c.birthday", Text),
        f("anniversary", "c.anniversary", Text),
        f("spouse_name", "c.spouse_name", Text),
        f("spouse_email", "c.spouse_email", Text),
        f("spouse_phone", "c.spouse_phone", Text),
        f("spouse_birthday", "c.spouse_birthday", Text),
        f("tags", "c.tags", Text),
        f("hotness_id", "c.hotness_id", Int),
        f("source_id", "c.source_id", Int),
        f("created_at", "c.created_at", DateTime),
        f("modified_at", "c.modified_at", DateTime),
    ],
    embeds: &["addresses", "hotness", "custom_fields", "source"],
};

/// A contact's addresses.
pub static ADDRESSES: Resource = Resource {
    name: "addresses",
    fields: &[
        f("id", "a.id", Int),
        f("contact_id", "a.contact_id", Int),
        f("type", "a.type", Text),
        f("street_address_1", "a.street_address_1", Text),
        f("street_address_2", "a.street_address_2", Text),
        f("zip", "a.zip", Text),
        f("city", "a.city", Text),
        f("state", "a.state", Text),
        f("created_at", "a.created_at", DateTime),
        f("modified_at", "a.modified_at", DateTime),
    ],
    embeds: &[],
};

/// Hotnesses.
pub static HOTNESSES: Resource = Resource {
    name: "hotnesses",
    fields: &[
        f("id", "h.id", Int),
        f("user_id", "h.user_id", Int),
        f("name", "h.name", Text),
        f("rank", "h.rank", Int),
        f("color", "h.color", Text),
    ],
    embeds: &[],
};

/// Contact sources.
pub static CONTACT_SOURCES: Resource = Resource {
    name: "contact-sources",
    fields: &[
        f("id", "s.id", Int),
        f("user_id", "s.user_id", Int),
        f("name", "s.name", Text),
        f("created_at", "s.created_at", DateTime),
    ],
    embeds: &[],
};

/// Custom fields.
pub static CUSTOM_FIELDS: Resource = Resource {
    name: "custom-fields",
    fields: &[
        f("id", "cf.id", Int),
        f("user_id", "cf.user_id", Int),
        f("data_type", "cf.data_type", Text),
        f("name", "cf.name", Text),
        f("rank", "cf.rank", Int),
    ],
    embeds: &[],
};

/// Tags.
pub static TAGS: Resource = Resource {
    name: "tags",
    fields: &[f("id", "t.id", Int), f("user_id", "t.user_id", Int), f("content", "t.content", Text)],
    embeds: &[],
};

/// Users.
pub static USERS: Resource = Resource {
    name: "users",
    fields: &[
        f("id", "u.id", Int),
        f("first_name", "u.first_name", Text),
        f("last_name", "u.last_name", Text),
        f("email", "u.email", Text),
        f("username", "u.username", Text),
        f("phone", "u.phone", Text),
        f("system_phone", "u.system_phone", Text),
        f("timezone_offset", "u.timezone_offset", Int),
        f("timezone", "u.timezone", Text),
        f("profile_picture", "u.profile_picture", Text),
        f("created_at", "u.created_at", DateTime),
        f("modified_at", "u.modified_at", DateTime),
    ],
    embeds: &[],
};

/// Teams.
pub static TEAMS: Resource = Resource {
    name: "teams",
    fields: &[
        f("id", "tm.id", Int),
        f("name", "tm.name", Text),
        f("is_contact_resource_sharing_enabled", "tm.is_contact_resource_sharing_enabled", Bool),
        f("created_at", "tm.created_at", DateTime),
        f("modified_at", "tm.modified_at", DateTime),
    ],
    embeds: &[],
};

/// Tasks (v2.0).
pub static TASKS: Resource = Resource {
    name: "tasks",
    fields: &[
        f("id", "k.id", Int),
        f("owner_user_id", "k.owner_user_id", Int),
        f("contact_id", "k.contact_id", Int),
        f("assigned_user_id", "k.assigned_user_id", Int),
        f("action_type", "k.action_type", Text),
        f("reminder_type", "k.reminder_type", Text),
        f("due_at", "k.due_at", DateTime),
        f("description", "k.description", Text),
        f("status", "k.status", Text),
        f("notes", "k.notes", Text),
        f("created_at", "k.created_at", DateTime),
        f("modified_at", "k.modified_at", DateTime),
    ],
    embeds: &[],
};

/// Events.
pub static EVENTS: Resource = Resource {
    name: "events",
    fields: &[
        f("id", "e.id", Int),
        f("user_id", "e.user_id", Int),
        f("contact_id", "e.contact_id", Int),
        f("source", "e.source", Text),
        f("type", "e.type", Text),
        f("description", "e.description", Text),
        f("site_domain", "e.site_domain", Text),
        f("dialer_session_id", "e.dialer_session_id", Int),
        f("property", "e.property", Text),
        f("created_at", "e.created_at", DateTime),
        f("modified_at", "e.modified_at", DateTime),
    ],
    embeds: &[],
};

//! The fields a search may filter and sort on, each with the column expression it reads from
//! `lc_contacts c` (a column, or a field of the contact's JSON `data`).

use crate::core::sql::{Field, Kind, Resource};

/// The filterable fields; `tags` is matched through the tag list, not its column.
pub static FIELDS: Resource = Resource::new(
    "contacts",
    &[
        Field::new("id", "c.id", Kind::Text),
        Field::new("firstName", "json_extract(c.data, '$.firstName')", Kind::Text),
        Field::new("lastName", "json_extract(c.data, '$.lastName')", Kind::Text),
        Field::new("email", "c.email_lower", Kind::Text),
        Field::new("phone", "c.phone", Kind::Text),
        Field::new("companyName", "json_extract(c.data, '$.companyName')", Kind::Text),
        Field::new("address1", "json_extract(c.data, '$.address1')", Kind::Text),
        Field::new("city", "json_extract(c.data, '$.city')", Kind::Text),
        Field::new("state", "json_extract(c.data, '$.state')", Kind::Text),
        Field::new("country", "json_extract(c.data, '$.country')", Kind::Text),
        Field::new("postalCode", "json_extract(c.data, '$.postalCode')", Kind::Text),
        Field::new("source", "json_extract(c.data, '$.source')", Kind::Text),
        Field::new("type", "coalesce(json_extract(c.data, '$.type'), 'lead')", Kind::Text),
        Field::new("timezone", "json_extract(c.data, '$.timezone')", Kind::Text),
        Field::new("website", "json_extract(c.data, '$.website')", Kind::Text),
        Field::new("assignedTo", "json_extract(c.data, '$.assignedTo')", Kind::Text),
        Field::new("businessId", "c.business_id", Kind::Text),
        Field::new("dateOfBirth", "json_extract(c.data, '$.dateOfBirth')", Kind::Text),
        Field::new("dnd", "coalesce(json_extract(c.data, '$.dnd'), 0)", Kind::Bool),
        Field::new("tags", "json_extract(c.data, '$.tags')", Kind::Text),
        Field::new("dateAdded", "c.date_added", Kind::DateTime),
        Field::new("dateUpdated", "c.date_updated", Kind::DateTime),
    ],
);

/// The field matched through the contact's tag list.
pub const TAGS: &str = "tags";

/// Whether a search may sort on `field` (every field but the tag list).
pub fn sortable(field: &Field) -> bool {
    field.name != TAGS
}

//! Field tables: the closed lists of what a request may name (a field to filter or sort on, an
//! `order_by` value), each with the column it reads (qualified by the table's alias) and the
//! kind its values are coerced to. Request text never becomes SQL; only these columns do.
//!
//! A vendor declares its tables as statics:
//! ```ignore
//! pub static CONTACTS: Resource = Resource::new("contacts", &[
//!     Field::new("id", "c.id", Kind::Int),
//!     Field::new("last_name", "c.last_name", Kind::Text),
//! ]);
//! ```

use super::Column;

/// How a field's values are coerced and compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Int,
    Text,
    /// An instant, compared in UTC whatever ISO 8601 form the value takes.
    DateTime,
    Bool,
}

/// One field a request may name.
#[derive(Debug, PartialEq, Eq)]
pub struct Field {
    /// The name in the vendor's vocabulary.
    pub name: &'static str,
    pub column: Column,
    pub kind: Kind,
}

impl Field {
    /// `column` is a column or column expression of the table the field belongs to.
    pub const fn new(name: &'static str, column: &'static str, kind: Kind) -> Field {
        Field { name, column: Column::new(column), kind }
    }
}

/// The fields of one resource (a service, a list, an `order_by` parameter).
#[derive(Debug)]
pub struct Resource {
    pub name: &'static str,
    pub fields: &'static [Field],
    /// Further names a selection (`$select`) accepts: objects embedded in the answer.
    pub embeds: &'static [&'static str],
}

impl Resource {
    pub const fn new(name: &'static str, fields: &'static [Field]) -> Resource {
        Resource { name, fields, embeds: &[] }
    }

    /// With `embeds` that a selection may also name.
    pub const fn embedding(self, embeds: &'static [&'static str]) -> Resource {
        Resource { embeds, ..self }
    }

    /// The field named exactly `name`.
    pub fn field(&self, name: &str) -> Option<&'static Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// The field named `name` in any ASCII case.
    pub fn field_ignoring_case(&self, name: &str) -> Option<&'static Field> {
        self.fields.iter().find(|f| f.name.eq_ignore_ascii_case(name))
    }

    /// The names, in the table's order (for messages).
    pub fn names(&self) -> Vec<&'static str> {
        self.fields.iter().map(|f| f.name).collect()
    }

    /// The first field (by convention the id where the resource has one).
    pub fn first(&self) -> &'static Field {
        &self.fields[0]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static PEOPLE: Resource =
        Resource::new("people", &[Field::new("id", "p.id", Kind::Int), Field::new("name", "p.name COLLATE NOCASE", Kind::Text)])
            .embedding(&["address"]);

    #[test]
    fn fields_are_found_by_their_vendor_name_only() {
        assert_eq!(PEOPLE.field("name").map(|f| f.column.as_str()), Some("p.name COLLATE NOCASE"));
        assert!(PEOPLE.field("p.name").is_none());
        assert!(PEOPLE.field("NAME").is_none());
        assert_eq!(PEOPLE.field_ignoring_case("NAME").map(|f| f.name), Some("name"));
        assert_eq!((PEOPLE.first().name, PEOPLE.names(), PEOPLE.embeds), ("id", vec!["id", "name"], &["address"][..]));
    }
}

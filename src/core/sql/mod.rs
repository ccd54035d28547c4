//! Building SQL without injecting request text. SQL text comes from three places only: `const`
//! and `&'static str` templates in stores, `Column`s, and keywords from enums (`SortDir`).
//! Every value is a bound parameter.
//!
//! A `Column` can only be made inside this module: by a field table (`fields::Field`, the
//! whitelist of what a request may name) or by a table declaration (`table::Table`, its tenant
//! and id columns and its default order). So a column name in generated SQL has always been
//! written in the source as a literal of one of those tables; the types enforce it.

pub mod fields;
pub mod keyed;
pub mod plan;
pub mod table;
pub mod totals;

use rusqlite::types::Value;

use super::tenant::TenantId;

pub use fields::{Field, Kind, Resource};
pub use plan::Plan;
pub use table::{Scope, Table};

/// A column (or column expression) name from a closed table in the source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Column(&'static str);

impl Column {
    /// Only field tables and table declarations make columns.
    const fn new(name: &'static str) -> Column {
        Column(name)
    }

    pub fn as_str(self) -> &'static str {
        self.0
    }
}

/// Sort direction; its keyword is the only SQL it contributes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortDir {
    Asc,
    Desc,
}

impl SortDir {
    pub fn keyword(self) -> &'static str {
        match self {
            SortDir::Asc => "ASC",
            SortDir::Desc => "DESC",
        }
    }
}

/// An `ORDER BY` list of whitelisted columns.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Order(Vec<(Column, SortDir)>);

impl Order {
    /// Sorted by `column` first.
    pub fn by(column: Column, dir: SortDir) -> Order {
        Order(vec![(column, dir)])
    }

    /// Then by `column`.
    pub fn then(mut self, column: Column, dir: SortDir) -> Order {
        self.push(column, dir);
        self
    }

    pub fn push(&mut self, column: Column, dir: SortDir) {
        self.0.push((column, dir));
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether the order already sorts by `column`.
    pub fn contains(&self, column: Column) -> bool {
        self.0.iter().any(|(c, _)| *c == column)
    }

    /// `a ASC, b DESC`.
    pub fn sql(&self) -> String {
        let terms: Vec<String> = self.0.iter().map(|(c, d)| format!("{} {}", c.as_str(), d.keyword())).collect();
        terms.join(", ")
    }
}

/// A `WHERE` clause that starts scoped to one tenant, so no query can be written without it.
#[derive(Debug, Clone)]
pub struct Filter {
    sql: String,
    params: Vec<Value>,
}

impl Filter {
    /// `tenant_column = ?` for `tenant`.
    pub fn for_tenant(tenant_column: Column, tenant: &TenantId) -> Filter {
        Filter { sql: format!("{} = ?", tenant_column.as_str()), params: vec![Value::Text(tenant.as_str().to_owned())] }
    }

    /// Adds `AND (template)`, where `template` holds one `?` per value.
    pub fn and(&mut self, template: &'static str, values: impl IntoIterator<Item = Value>) {
        let before = self.params.len();
        self.params.extend(values);
        debug_assert_eq!(template.matches('?').count(), self.params.len() - before, "placeholder count in {template}");
        self.sql.push_str(" AND (");
        self.sql.push_str(template);
        self.sql.push(')');
    }

    /// Adds `AND (fragment)`.
    pub fn and_fragment(&mut self, fragment: Fragment) {
        self.sql.push_str(" AND (");
        self.sql.push_str(&fragment.sql);
        self.sql.push(')');
        self.params.extend(fragment.params);
    }

    /// Adds `AND col op ?` for one of the comparison operators.
    pub fn and_compare(&mut self, column: Column, op: Compare, value: Value) {
        self.sql.push_str(" AND ");
        self.sql.push_str(column.as_str());
        self.sql.push(' ');
        self.sql.push_str(op.sql());
        self.sql.push_str(" ?");
        self.params.push(value);
    }

    /// Adds `AND col = ?`.
    pub fn and_eq(&mut self, column: Column, value: Value) {
        self.and_compare(column, Compare::Eq, value);
    }

    pub fn sql(&self) -> &str {
        &self.sql
    }

    pub fn params(&self) -> &[Value] {
        &self.params
    }
}

/// A comparison operator; its symbol is the only SQL it contributes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compare {
    Eq,
    Ne,
    Lt,
    Lte,
    Gt,
    Gte,
}

impl Compare {
    pub fn sql(self) -> &'static str {
        match self {
            Compare::Eq => "=",
            Compare::Ne => "<>",
            Compare::Lt => "<",
            Compare::Lte => "<=",
            Compare::Gt => ">",
            Compare::Gte => ">=",
        }
    }
}

/// A piece of SQL built by a query language's AST→SQL function from `Column`s, keywords and
/// placeholders, with its bound values.
#[derive(Debug, Clone, PartialEq)]
pub struct Fragment {
    sql: String,
    params: Vec<Value>,
}

impl Fragment {
    /// Only AST→SQL functions call this; `sql` holds no request text.
    pub(crate) fn new(sql: String, params: Vec<Value>) -> Fragment {
        Fragment { sql, params }
    }

    pub fn sql(&self) -> &str {
        &self.sql
    }

    pub fn params(&self) -> &[Value] {
        &self.params
    }
}

/// `name` (one SQLite gives: from `sqlite_master`, a table's columns) quoted as an identifier,
/// any quote in it doubled.
pub fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// `?, ?, ?` for `n` values.
pub fn placeholders(n: usize) -> String {
    let mut out = String::with_capacity(n * 3);
    for i in 0..n {
        if i > 0 {
            out.push_str(", ");
        }
        out.push('?');
    }
    out
}

/// A `LIKE` pattern matching `term` anywhere, with `%`, `_` and `\` escaped for `ESCAPE '\'`.
pub fn like_contains(term: &str) -> String {
    let mut out = String::with_capacity(term.len() + 2);
    out.push('%');
    for ch in term.chars() {
        if matches!(ch, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(ch);
    }
    out.push('%');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_binds_every_value() {
        let tenant = TenantId::from("t1");
        let mut f = Filter::for_tenant(Column::new("c.tenant_id"), &tenant);
        f.and_eq(Column::new("c.employer_id"), Value::Integer(4));
        f.and_fragment(Fragment::new(format!("c.id IN ({})", placeholders(2)), vec![Value::Integer(1), Value::Integer(2)]));
        f.and("c.search_text LIKE ? ESCAPE '\\'", [Value::Text(like_contains("50%_off"))]);
        assert_eq!(f.sql(), "c.tenant_id = ? AND c.employer_id = ? AND (c.id IN (?, ?)) AND (c.search_text LIKE ? ESCAPE '\\')");
        assert_eq!(f.params().len(), 5);
        assert_eq!(f.params()[4], Value::Text("%50\\%\\_off%".into()));
    }

    #[test]
    fn orders_list_their_columns_with_keywords() {
        let order = Order::by(Column::new("c.last_name"), SortDir::Desc).then(Column::new("c.id"), SortDir::Asc);
        assert_eq!(order.sql(), "c.last_name DESC, c.id ASC");
        assert!(order.contains(Column::new("c.id")));
        assert!(Order::default().is_empty());
    }
}

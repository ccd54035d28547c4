//! Arranging: putting records into a tenant through the admin API
//! (`POST /__admin/tenants/{id}/{vendor}/{collection}`) and from the seed files, which hold the
//! same bodies. A vendor lists its `Collection`s in load order, each with a function that
//! arranges one `Record`; `run` applies it to every record of a request in the caller's
//! transaction, so a batch is all or nothing. The toolkit here is what every collection needs:
//! reading a record (as an object of known keys only, or as a typed struct) with errors that
//! name the record and the field, and taking an explicit id or the next one of a sequence.
//!
//! ```ignore
//! pub const COLLECTIONS: &[Collection] = &[Collection::new("tags", tags::arrange)];
//! fn arrange(a: &Arranging, record: &Record) -> Result<Value, ArrangeError> {
//!     let tag: TagRecord = record.parse()?;            // deny_unknown_fields: misspelt keys are a 400
//!     let id = a.take_id(record, "id", "ld_tags", tag.id)?;
//!     ...
//! }
//! ```

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};
use serde_json::{Map, Value};

use crate::core::Tx;

use super::error::CoreError;
use super::sequence::{self, MAX_ID};
use super::tenant::TenantId;

/// A record that could not be arranged (or seeded): which record, which field, why.
#[derive(thiserror::Error, Debug)]
pub enum ArrangeError {
    #[error("record {index}: {field}: {reason}")]
    Record { index: usize, field: String, reason: String },
    #[error("unknown collection '{name}' (known: {known})")]
    UnknownCollection { name: String, known: String },
    #[error("{0}")]
    Core(#[from] CoreError),
}

impl ArrangeError {
    pub fn record(index: usize, field: impl Into<String>, reason: impl Into<String>) -> ArrangeError {
        ArrangeError::Record { index, field: field.into(), reason: reason.into() }
    }
}

impl From<rusqlite::Error> for ArrangeError {
    fn from(e: rusqlite::Error) -> Self {
        ArrangeError::Core(CoreError::Db(e))
    }
}

/// One collection a vendor can arrange and seed.
pub struct Collection {
    pub name: &'static str,
    /// Arranges one record; answers its id.
    pub arrange: fn(&Arranging<'_>, &Record<'_>) -> Result<Value, ArrangeError>,
    /// The table holding the collection's records, one row each (with a `tenant_id` column), for
    /// counting and browsing them (`core::browse`); `None` when the records change other rows.
    pub table: Option<&'static str>,
    /// The keyed search index (`core::sql::keyed`) that the triggers of the collection's table
    /// add its records to, if any.
    pub keyed: Option<&'static str>,
}

impl Collection {
    pub const fn new(name: &'static str, arrange: fn(&Arranging<'_>, &Record<'_>) -> Result<Value, ArrangeError>) -> Collection {
        Collection { name, arrange, table: None, keyed: None }
    }

    /// Records kept one row each in `table`.
    pub const fn stored_in(self, table: &'static str) -> Collection {
        Collection { table: Some(table), ..self }
    }

    /// Records its table's triggers add to the keyed search index `index`: arrangements of them
    /// committed together fill it in one statement (`Db::write_repeatable_keyed`).
    pub const fn keyed(self, index: &'static str) -> Collection {
        Collection { keyed: Some(index), ..self }
    }
}

/// Where records are being arranged: the transaction, the tenant and the request's time.
pub struct Arranging<'a> {
    pub tx: &'a Tx,
    pub tenant: &'a TenantId,
    pub now: DateTime<Utc>,
}

/// One record of an arrange request or a seed file, counted from 0 as in the JSON array.
#[derive(Clone, Copy)]
pub struct Record<'a> {
    pub index: usize,
    pub value: &'a Value,
}

impl<'a> Record<'a> {
    /// An error about `field` of this record.
    pub fn error(&self, field: impl Into<String>, reason: impl Into<String>) -> ArrangeError {
        ArrangeError::record(self.index, field, reason)
    }

    /// The record, which must be a JSON object.
    pub fn object(&self) -> Result<&'a Map<String, Value>, ArrangeError> {
        self.value.as_object().ok_or_else(|| self.error("(record)", "expected a JSON object"))
    }

    /// The record as an object holding only `keys`: a misspelt field is a 400, not a silent null.
    pub fn only(&self, keys: &[&str]) -> Result<&'a Map<String, Value>, ArrangeError> {
        let map = self.object()?;
        match map.keys().find(|k| !keys.contains(&k.as_str())) {
            Some(unknown) => Err(self.error(unknown, format!("unknown field (expected one of: {})", keys.join(", ")))),
            None => Ok(map),
        }
    }

    /// The record read as `T` (which should deny unknown fields), naming the field at fault.
    pub fn parse<T: serde::de::DeserializeOwned>(&self) -> Result<T, ArrangeError> {
        self.object()?;
        super::error::from_value(self.value).map_err(|e| self.error(e.field.unwrap_or_else(|| "(record)".into()), e.message))
    }

    /// A positive integer (a number, or a numeric string where `strings` allows) of the object.
    pub fn positive(&self, map: &Map<String, Value>, field: &str, strings: bool) -> Result<Option<i64>, ArrangeError> {
        match map.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => {
                let n = v.as_i64().or_else(|| if strings { v.as_str().and_then(|s| s.trim().parse().ok()) } else { None });
                match n {
                    Some(n) => self.check_id(field, n).map(Some),
                    None => Err(self.error(field, "must be a positive integer")),
                }
            }
        }
    }

    /// An explicit id: from 1 to `MAX_ID`, so that its sequence can always continue.
    pub fn check_id(&self, field: &str, id: i64) -> Result<i64, ArrangeError> {
        if (1..=MAX_ID).contains(&id) { Ok(id) } else { Err(self.error(field, format!("{id} is not an id from 1 to {MAX_ID}"))) }
    }
}

impl Arranging<'_> {
    /// `id` (checked, new in `table`, claimed) or the next id of `table`'s sequence. Every vendor
    /// table has `tenant_id` and `id` columns and names its own sequence.
    pub fn take_id(&self, record: &Record<'_>, field: &str, table: &'static str, id: Option<i64>) -> Result<i64, ArrangeError> {
        let Some(id) = id else {
            return Ok(sequence::next_id(self.tx, self.tenant, table)?);
        };
        record.check_id(field, id)?;
        if self.exists(table, id)? {
            return Err(record.error(field, format!("{id} already exists")));
        }
        sequence::claim_id(self.tx, self.tenant, table, id)?;
        Ok(id)
    }

    /// Whether row `id` of `table` exists in the tenant.
    pub fn exists(&self, table: &'static str, id: i64) -> rusqlite::Result<bool> {
        // `table` is a literal of the vendor's source, never request text.
        let sql = format!("SELECT 1 FROM {table} WHERE tenant_id = ?1 AND id = ?2");
        Ok(self.tx.prepare_cached(&sql)?.query_row(params![self.tenant, id], |_| Ok(())).optional()?.is_some())
    }

    /// A reference to an existing row of `table`: a 400 naming `field` when there is none.
    pub fn check_ref(
        &self,
        record: &Record<'_>,
        field: &str,
        table: &'static str,
        noun: &str,
        id: Option<i64>,
    ) -> Result<(), ArrangeError> {
        match id {
            Some(id) if !self.exists(table, id)? => Err(record.error(field, format!("{noun} {id} does not exist"))),
            _ => Ok(()),
        }
    }
}

/// The names of `collections`, in load order.
pub fn names(collections: &[Collection]) -> Vec<&'static str> {
    collections.iter().map(|c| c.name).collect()
}

/// Arranges `records` into `collection` (one of `collections`); answers their ids in order.
pub fn run(
    collections: &[Collection],
    a: &Arranging<'_>,
    collection: &str,
    records: &[Value],
) -> Result<Vec<Value>, ArrangeError> {
    let Some(found) = collections.iter().find(|c| c.name == collection) else {
        return Err(ArrangeError::UnknownCollection { name: collection.to_owned(), known: names(collections).join(", ") });
    };
    records.iter().enumerate().map(|(index, value)| (found.arrange)(a, &Record { index, value })).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::Connection;
    use serde_json::json;

    fn arrange_thing(a: &Arranging<'_>, record: &Record<'_>) -> Result<Value, ArrangeError> {
        let map = record.only(&["id", "name"])?;
        let id = a.take_id(record, "id", "things", record.positive(map, "id", true)?)?;
        a.tx.execute("INSERT INTO things (tenant_id, id) VALUES (?1, ?2)", params![a.tenant, id])?;
        Ok(id.into())
    }

    const COLLECTIONS: &[Collection] = &[Collection::new("things", arrange_thing)];

    fn with_tx(test: impl FnOnce(&Arranging<'_>)) {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(crate::core::SCHEMA).unwrap();
        conn.execute_batch("CREATE TABLE things (tenant_id TEXT, id INTEGER)").unwrap();
        let tx = conn.transaction().unwrap();
        let tenant = TenantId::from("t");
        test(&Arranging { tx: &tx, tenant: &tenant, now: DateTime::<Utc>::MIN_UTC });
    }

    #[test]
    fn ids_are_explicit_or_next_and_never_handed_out_twice() {
        with_tx(|a| {
            let ids = run(COLLECTIONS, a, "things", &[json!({"id": 5}), json!({}), json!({"id": "9"})]).unwrap();
            assert_eq!(ids, [json!(5), json!(6), json!(9)]);
            let again = run(COLLECTIONS, a, "things", &[json!({}), json!({"id": 6})]).unwrap_err();
            assert_eq!(again.to_string(), "record 1: id: 6 already exists");
        });
    }

    #[test]
    fn errors_name_the_record_and_the_field() {
        with_tx(|a| {
            let message = |records: &[Value]| run(COLLECTIONS, a, "things", records).unwrap_err().to_string();
            assert_eq!(message(&[json!({}), json!({"nmae": "x"})]), "record 1: nmae: unknown field (expected one of: id, name)");
            assert_eq!(
                message(&[json!({"id": i64::MAX})]),
                format!("record 0: id: {} is not an id from 1 to {MAX_ID}", i64::MAX)
            );
            assert_eq!(message(&[json!({"id": 0})]), format!("record 0: id: 0 is not an id from 1 to {MAX_ID}"));
            assert_eq!(message(&[json!({"id": "x"})]), "record 0: id: must be a positive integer");
            assert_eq!(message(&[json!(7)]), "record 0: (record): expected a JSON object");
            assert_eq!(
                run(COLLECTIONS, a, "others", &[]).unwrap_err().to_string(),
                "unknown collection 'others' (known: things)"
            );
        });
    }
}

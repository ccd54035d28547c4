//! The reads of Bulk Contact Download: the tenant's contacts in id order, a chunk at a time
//! (keyset pagination: each chunk starts after the last id of the one before), with the
//! columns the request chose; and the tenant's custom field labels for the header.

use rusqlite::{Row, params};

use crate::core::TenantId;
use crate::core::Tx;
use crate::core::sql::Column;
use crate::livevox::export::dates::Range;

/// Contacts read per statement run.
const CHUNK: i64 = 1000;

/// The chunk statement: `?1` now, `?2` the tenant, `?3` the last id read, `?4`..`?5` the
/// modify dates, `?6` the chunk's size. The unary `+` keeps the modify-date index out of it, so
/// every chunk is a range of the primary key, already in id order.
pub(super) fn select(columns: &[Column]) -> String {
    let mut sql = String::from("SELECT c.id");
    for column in columns {
        sql.push_str(", ");
        sql.push_str(column.as_str());
    }
    sql.push_str(
        " FROM lv_contacts c WHERE c.tenant_id = ?2 AND c.id > ?3 AND +c.modify_date BETWEEN ?4 AND ?5 ORDER BY c.id LIMIT ?6",
    );
    sql
}

/// The tenant's custom field labels, as (COL number, label).
pub fn custom_labels(tx: &Tx, tenant: &TenantId) -> rusqlite::Result<Vec<(u8, String)>> {
    tx.prepare_cached("SELECT field, label FROM lv_custom_fields WHERE tenant_id = ?1 AND field BETWEEN 1 AND 100")?
        .query_map(params![tenant], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect()
}

/// Hands `each` every contact of the tenant whose modify date lies in `range`, in id order: the
/// row holds the id and then `columns`, which may read `?1`, the request's instant `now`.
pub fn each_contact<E: From<rusqlite::Error>>(
    tx: &Tx,
    tenant: &TenantId,
    columns: &[Column],
    now: &str,
    range: Range,
    mut each: impl FnMut(&Row<'_>) -> Result<(), E>,
) -> Result<(), E> {
    // Prepared once per export, not cached: each choice of columns is a statement of its own.
    let mut statement = tx.prepare(&select(columns))?;
    let mut after = i64::MIN;
    loop {
        let mut rows = statement.query(params![now, tenant, after, range.from, range.to, CHUNK])?;
        let mut read = 0;
        while let Some(row) = rows.next()? {
            after = row.get(0)?;
            each(row)?;
            read += 1;
        }
        if read < CHUNK {
            return Ok(());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::livevox::export::fields::FIELDS;

    #[test]
    fn each_chunk_is_a_range_of_the_primary_key_without_a_sort() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        conn.execute_batch(include_str!("../schema.sql")).unwrap();
        let columns: Vec<Column> = FIELDS.iter().map(|f| f.field.column).collect();
        let plan: Vec<String> = conn
            .prepare(&format!("EXPLAIN QUERY PLAN {}", select(&columns)))
            .unwrap()
            .query_map(params!["2024-01-01T00:00:00.000Z", "t", 0, 0, 1, 10], |r| r.get::<_, String>(3))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert!(plan[0].starts_with("SEARCH c USING INDEX sqlite_autoindex_lv_contacts_1 (tenant_id=? AND id>?)"), "{plan:?}");
        assert!(!plan.iter().any(|step| step.contains("TEMP B-TREE")), "{plan:?}");
    }
}

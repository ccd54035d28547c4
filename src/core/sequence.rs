//! Per-tenant integer id sequences (LionDesk, LivingMetrics and LiveVox ids): 1, 2, 3, ... per
//! tenant and sequence name. An id taken explicitly (arranged) is claimed, so the sequence
//! continues after it and never hands it out again.

use rusqlite::params;

use crate::core::Tx;

use super::tenant::TenantId;

/// The largest id crm-mock accepts or hands out: JavaScript's `Number.MAX_SAFE_INTEGER`, the
/// largest integer every JSON client reads exactly. A sequence can always continue after it.
pub const MAX_ID: i64 = 9_007_199_254_740_991;

/// The next integer id of `sequence` in `tenant`.
///
/// Every create takes one, so it is two plain statements rather than one upsert with
/// `RETURNING` (which tries the insert first and buffers its result): 1.2 µs against 2.8.
pub fn next_id(tx: &Tx, tenant: &TenantId, sequence: &'static str) -> rusqlite::Result<i64> {
    let bumped = tx
        .prepare_cached("UPDATE core_sequences SET value = value + 1 WHERE tenant_id = ?1 AND name = ?2")?
        .execute(params![tenant, sequence])?;
    if bumped == 0 {
        tx.prepare_cached("INSERT INTO core_sequences (tenant_id, name, value) VALUES (?1, ?2, 1)")?
            .execute(params![tenant, sequence])?;
        return Ok(1);
    }
    tx.prepare_cached("SELECT value FROM core_sequences WHERE tenant_id = ?1 AND name = ?2")?
        .query_row(params![tenant, sequence], |r| r.get(0))
}

/// Reserves the next `n` ids of `sequence` in `tenant` at once (a bulk load); answers the
/// first, the others following it.
pub fn reserve(tx: &Tx, tenant: &TenantId, sequence: &'static str, n: i64) -> rusqlite::Result<i64> {
    let last: i64 = tx
        .prepare_cached(
            "INSERT INTO core_sequences (tenant_id, name, value) VALUES (?1, ?2, ?3)
             ON CONFLICT (tenant_id, name) DO UPDATE SET value = value + excluded.value RETURNING value",
        )?
        .query_row(params![tenant, sequence, n], |r| r.get(0))?;
    Ok(last - n + 1)
}

/// Records that `id` was taken explicitly, so `next_id` never hands it out again.
pub fn claim_id(tx: &Tx, tenant: &TenantId, sequence: &'static str, id: i64) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO core_sequences (tenant_id, name, value) VALUES (?1, ?2, ?3)
         ON CONFLICT (tenant_id, name) DO UPDATE SET value = max(value, excluded.value)",
    )?
    .execute(params![tenant, sequence, id])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::Connection;

    #[test]
    fn a_sequence_continues_after_a_claimed_id() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(crate::core::SCHEMA).unwrap();
        let tx = conn.transaction().unwrap();
        let t = TenantId::from("t");
        assert_eq!(next_id(&tx, &t, "x").unwrap(), 1);
        claim_id(&tx, &t, "x", MAX_ID).unwrap();
        assert_eq!(next_id(&tx, &t, "x").unwrap(), MAX_ID + 1);
        claim_id(&tx, &t, "x", 5).unwrap();
        assert_eq!(next_id(&tx, &t, "x").unwrap(), MAX_ID + 2);
        assert_eq!(next_id(&tx, &TenantId::from("u"), "x").unwrap(), 1);
        assert_eq!(reserve(&tx, &TenantId::from("u"), "x", 10).unwrap(), 2);
        assert_eq!(next_id(&tx, &TenantId::from("u"), "x").unwrap(), 12);
        assert_eq!(reserve(&tx, &TenantId::from("v"), "x", 3).unwrap(), 1);
    }
}

//! The transactional outbox: messages a vendor must send out of band, written in the same
//! transaction as the change they announce, so a change that rolls back announces nothing. A
//! message's `vendor` names who takes it: a vendor's own job, or `core::webhooks` (`webhooks`). A background job (`core::background`) takes the due ones,
//! delivers them and records the outcome. The outbox belongs to the tenants (it leads with
//! `tenant_id`), so reset empties it and snapshots keep it like any vendor table. Times are the
//! emulator's clock.

use chrono::{DateTime, Utc};
use rusqlite::{Row, params};
use serde::Serialize;
use serde_json::Value;

use crate::core::Tx;

use super::clock::{Clock, to_rfc3339_millis};
use super::sequence;
use super::tenant::TenantId;

/// Where a message stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    Pending,
    Delivered,
    Failed,
}

impl State {
    fn parse(text: &str) -> State {
        match text {
            "delivered" => State::Delivered,
            "failed" => State::Failed,
            _ => State::Pending,
        }
    }
}

/// One message.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Message {
    pub tenant: TenantId,
    pub id: i64,
    pub vendor: String,
    pub topic: String,
    pub payload: Value,
    pub created_at: String,
    /// When the next attempt is due.
    pub due_at: String,
    pub attempts: i64,
    pub state: State,
    pub last_error: Option<String>,
    pub delivered_at: Option<String>,
}

const COLUMNS: &str = "tenant_id, id, vendor, topic, payload, created_at, due_at, attempts, state, last_error, delivered_at";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Message> {
    let tenant: String = r.get(0)?;
    let payload: String = r.get(4)?;
    let state: String = r.get(8)?;
    Ok(Message {
        tenant: TenantId::from(tenant.as_str()),
        id: r.get(1)?,
        vendor: r.get(2)?,
        topic: r.get(3)?,
        payload: serde_json::from_str(&payload).unwrap_or(Value::Null),
        created_at: r.get(5)?,
        due_at: r.get(6)?,
        attempts: r.get(7)?,
        state: State::parse(&state),
        last_error: r.get(9)?,
        delivered_at: r.get(10)?,
    })
}

/// Adds a message, due at once; answers its id (a per-tenant sequence).
pub fn enqueue(
    tx: &Tx,
    tenant: &TenantId,
    vendor: &str,
    topic: &str,
    payload: &Value,
    now: DateTime<Utc>,
) -> rusqlite::Result<i64> {
    let id = sequence::next_id(tx, tenant, "core_outbox")?;
    let at = to_rfc3339_millis(now);
    tx.prepare_cached(
        "INSERT INTO core_outbox (tenant_id, id, vendor, topic, payload, created_at, due_at, attempts, state)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, 0, 'pending')",
    )?
    .execute(params![tenant, id, vendor, topic, payload.to_string(), at])?;
    Ok(id)
}

/// `vendor`'s pending messages due now by `clock`, oldest due first, at most `limit`, with the
/// instant they are due at (to settle them with). The clock is read here, once the
/// transaction that sees the messages has taken its snapshot (SQLite takes it at the first
/// read, not at `BEGIN`): read before, it could predate a clock change made before a message was
/// written (a clock set back to a frozen past would make the new message look overdue by the
/// time that came before, and its attempt stamped with that time).
pub fn due(tx: &Tx, vendor: &str, clock: &Clock, limit: i64) -> rusqlite::Result<(DateTime<Utc>, Vec<Message>)> {
    tx.prepare_cached("SELECT EXISTS (SELECT 1 FROM core_outbox)")?.query_row([], |_| Ok(()))?;
    let now = clock.now();
    let due = tx
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM core_outbox WHERE vendor = ?1 AND state = 'pending' AND due_at <= ?2
             ORDER BY due_at, tenant_id, id LIMIT ?3"
        ))?
        .query_map(params![vendor, to_rfc3339_millis(now), limit], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok((now, due))
}

/// What an attempt came to.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Delivered,
    /// Failed; try again at the given instant.
    Retry {
        at: DateTime<Utc>,
        error: String,
    },
    /// Failed for good.
    Failed {
        error: String,
    },
}

/// Records an attempt at message `id` made at `now`.
pub fn settle(tx: &Tx, tenant: &TenantId, id: i64, outcome: &Outcome, now: DateTime<Utc>) -> rusqlite::Result<()> {
    let now = to_rfc3339_millis(now);
    let (state, due, error, delivered) = match outcome {
        Outcome::Delivered => ("delivered", now.clone(), None, Some(now.clone())),
        Outcome::Retry { at, error } => ("pending", to_rfc3339_millis(*at), Some(error.as_str()), None),
        Outcome::Failed { error } => ("failed", now.clone(), Some(error.as_str()), None),
    };
    tx.prepare_cached(
        "UPDATE core_outbox SET state = ?3, due_at = ?4, attempts = attempts + 1, last_error = ?5, delivered_at = ?6
         WHERE tenant_id = ?1 AND id = ?2",
    )?
    .execute(params![tenant, id, state, due, error, delivered])?;
    Ok(())
}

/// `vendor`'s messages (of one tenant, or all), newest first, at most `limit`.
pub fn list(tx: &Tx, vendor: &str, tenant: Option<&TenantId>, limit: i64) -> rusqlite::Result<Vec<Message>> {
    tx.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM core_outbox WHERE vendor = ?1 AND (?2 IS NULL OR tenant_id = ?2)
         ORDER BY created_at DESC, tenant_id, id DESC LIMIT ?3"
    ))?
    .query_map(params![vendor, tenant, limit], from_row)?
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;
    use rusqlite::Connection;
    use serde_json::json;

    #[test]
    fn messages_come_due_by_the_given_clock_and_record_each_attempt() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(crate::core::SCHEMA).unwrap();
        let tx = conn.transaction().unwrap();
        let t = TenantId::from("t");
        let now = DateTime::parse_from_rfc3339("2024-05-01T09:00:00Z").unwrap().with_timezone(&Utc);
        let clock = Clock::default();
        clock.set(now, true);
        let id = enqueue(&tx, &t, "v", "ContactCreate", &json!({"id": "c1"}), now).unwrap();
        enqueue(&tx, &t, "other", "x", &json!({}), now).unwrap();
        assert_eq!(due(&tx, "v", &clock, 10).unwrap().1.iter().map(|m| m.id).collect::<Vec<_>>(), [id]);
        let later = now + Duration::seconds(60);
        settle(&tx, &t, id, &Outcome::Retry { at: later, error: "503".into() }, now).unwrap();
        assert!(due(&tx, "v", &clock, 10).unwrap().1.is_empty());
        clock.set(later, true);
        let (at, retried) = due(&tx, "v", &clock, 10).unwrap();
        assert_eq!(at, later);
        assert_eq!((retried[0].attempts, retried[0].last_error.as_deref()), (1, Some("503")));
        settle(&tx, &t, id, &Outcome::Delivered, later).unwrap();
        let listed = list(&tx, "v", Some(&t), 10).unwrap();
        assert_eq!((listed.len(), listed[0].state, listed[0].attempts), (1, State::Delivered, 2));
        assert_eq!(listed[0].payload, json!({"id": "c1"}));
    }
}

//! The SQL of webhooks: subscriptions (`core_webhooks`), delivery attempts
//! (`core_webhook_attempts`, joined with the outbox message each belongs to) and the emulator's
//! key pairs (`core_keys`).

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Row, params};
use serde::Serialize;
use serde_json::Value;

use super::{OUTBOX, Subscription};
use crate::core::Tx;
use crate::core::clock::to_rfc3339_millis;
use crate::core::sequence;
use crate::core::tenant::TenantId;

const SUBSCRIPTION: &str = "tenant_id, id, vendor, url, events, created_at";

fn subscription(r: &Row<'_>) -> rusqlite::Result<Subscription> {
    let tenant: String = r.get(0)?;
    let events: String = r.get(4)?;
    Ok(Subscription {
        tenant: TenantId::from(tenant.as_str()),
        id: r.get(1)?,
        vendor: r.get(2)?,
        url: r.get(3)?,
        events: serde_json::from_str(&events).unwrap_or_default(),
        created_at: r.get(5)?,
    })
}

pub fn insert(tx: &Tx, s: &Subscription) -> rusqlite::Result<()> {
    let events = serde_json::to_string(&s.events).unwrap_or_else(|_| "[]".into());
    tx.prepare_cached(
        "INSERT INTO core_webhooks (tenant_id, id, vendor, url, events, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![s.tenant, s.id, s.vendor, s.url, events, s.created_at])?;
    Ok(())
}

/// Subscriptions (of one tenant, or all), oldest first.
pub fn list(tx: &Tx, tenant: Option<&TenantId>) -> rusqlite::Result<Vec<Subscription>> {
    tx.prepare_cached(&format!(
        "SELECT {SUBSCRIPTION} FROM core_webhooks WHERE ?1 IS NULL OR tenant_id = ?1 ORDER BY created_at, rowid"
    ))?
    .query_map([tenant], subscription)?
    .collect()
}

/// Removes subscription `id`; false when there is none.
pub fn remove(tx: &Tx, id: &str) -> rusqlite::Result<bool> {
    Ok(tx.prepare_cached("DELETE FROM core_webhooks WHERE id = ?1")?.execute([id])? > 0)
}

/// Whether subscription `id` of `tenant` still exists.
pub fn exists(tx: &Tx, tenant: &TenantId, id: &str) -> rusqlite::Result<bool> {
    tx.prepare_cached("SELECT 1 FROM core_webhooks WHERE tenant_id = ?1 AND id = ?2")?
        .query_row(params![tenant, id], |_| Ok(()))
        .optional()
        .map(|found| found.is_some())
}

/// `(id, url)` of each subscription of `tenant` to `vendor`'s `event`, oldest first.
pub fn subscribed(tx: &Tx, tenant: &TenantId, vendor: &str, event: &str) -> rusqlite::Result<Vec<(String, String)>> {
    tx.prepare_cached(
        "SELECT id, url FROM core_webhooks
         WHERE tenant_id = ?1 AND vendor = ?2 AND EXISTS (SELECT 1 FROM json_each(events) WHERE value = ?3)
         ORDER BY created_at, rowid",
    )?
    .query_map(params![tenant, vendor, event], |r| Ok((r.get(0)?, r.get(1)?)))?
    .collect()
}

/// One delivery attempt, as recorded and listed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Attempt {
    pub tenant: TenantId,
    pub id: i64,
    /// The outbox message delivered.
    pub message: i64,
    pub vendor: String,
    pub webhook: String,
    pub event: String,
    pub url: String,
    /// 1 for the first attempt at the message.
    pub attempt: i64,
    /// When it was made, by the emulator's clock.
    pub at: String,
    /// The receiver's HTTP status; `None` when it did not answer.
    pub status: Option<u16>,
    /// How long the receiver took, in real milliseconds.
    pub latency_ms: i64,
    pub error: Option<String>,
    /// `delivered`, `retry` or `failed`.
    pub outcome: &'static str,
    /// When the next attempt is due (with `retry`).
    pub retry_at: Option<String>,
    /// The body sent.
    pub payload: Value,
}

/// Records an attempt; its `id` is handed out here (a per-tenant sequence).
pub fn record(tx: &Tx, a: &Attempt) -> rusqlite::Result<i64> {
    let id = sequence::next_id(tx, &a.tenant, "core_webhook_attempts")?;
    tx.prepare_cached(
        "INSERT INTO core_webhook_attempts
           (tenant_id, id, message, vendor, webhook, event, url, attempt, at, status, latency_ms, error, outcome, retry_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?
    .execute(params![
        a.tenant,
        id,
        a.message,
        a.vendor,
        a.webhook,
        a.event,
        a.url,
        a.attempt,
        a.at,
        a.status,
        a.latency_ms,
        a.error,
        a.outcome,
        a.retry_at
    ])?;
    Ok(id)
}

/// Which attempts to list.
#[derive(Debug, Default)]
pub struct AttemptQuery {
    pub tenant: Option<TenantId>,
    pub webhook: Option<String>,
    pub event: Option<String>,
    pub limit: i64,
}

fn outcome(text: &str) -> &'static str {
    match text {
        "delivered" => "delivered",
        "retry" => "retry",
        _ => "failed",
    }
}

/// Attempts, newest first, with the body each sent.
pub fn attempts(tx: &Tx, q: &AttemptQuery) -> rusqlite::Result<Vec<Attempt>> {
    tx.prepare_cached(
        "SELECT a.tenant_id, a.id, a.message, a.vendor, a.webhook, a.event, a.url, a.attempt, a.at, a.status,
                a.latency_ms, a.error, a.outcome, a.retry_at, json_extract(m.payload, '$.body')
         FROM core_webhook_attempts a
         LEFT JOIN core_outbox m ON m.tenant_id = a.tenant_id AND m.id = a.message AND m.vendor = ?5
         WHERE (?1 IS NULL OR a.tenant_id = ?1) AND (?2 IS NULL OR a.webhook = ?2) AND (?3 IS NULL OR a.event = ?3)
         ORDER BY a.at DESC, a.tenant_id, a.id DESC LIMIT ?4",
    )?
    .query_map(params![q.tenant, q.webhook, q.event, q.limit, OUTBOX], |r| {
        let tenant: String = r.get(0)?;
        let outcome_text: String = r.get(12)?;
        let payload: Option<String> = r.get(14)?;
        Ok(Attempt {
            tenant: TenantId::from(tenant.as_str()),
            id: r.get(1)?,
            message: r.get(2)?,
            vendor: r.get(3)?,
            webhook: r.get(4)?,
            event: r.get(5)?,
            url: r.get(6)?,
            attempt: r.get(7)?,
            at: r.get(8)?,
            status: r.get(9)?,
            latency_ms: r.get(10)?,
            error: r.get(11)?,
            outcome: outcome(&outcome_text),
            retry_at: r.get(13)?,
            payload: payload.and_then(|p| serde_json::from_str(&p).ok()).unwrap_or(Value::Null),
        })
    })?
    .collect()
}

/// When the earliest pending delivery is due, if any is pending.
pub fn next_due(tx: &Tx) -> rusqlite::Result<Option<String>> {
    tx.prepare_cached("SELECT min(due_at) FROM core_outbox WHERE vendor = ?1 AND state = 'pending'")?
        .query_row([OUTBOX], |r| r.get(0))
}

/// The private key (PKCS#8 PEM) kept under `name`.
pub fn key(tx: &Tx, name: &str) -> rusqlite::Result<Option<String>> {
    tx.prepare_cached("SELECT private_pem FROM core_keys WHERE name = ?1")?.query_row([name], |r| r.get(0)).optional()
}

/// Keeps `private_pem` under `name` unless a key is kept there already.
pub fn keep_key(tx: &Tx, name: &str, private_pem: &str, now: DateTime<Utc>) -> rusqlite::Result<()> {
    tx.prepare_cached("INSERT OR IGNORE INTO core_keys (name, private_pem, created_at) VALUES (?1, ?2, ?3)")?
        .execute(params![name, private_pem, to_rfc3339_millis(now)])?;
    Ok(())
}

//! Delivering webhooks: a background job takes the due messages of the webhook outbox (the
//! oldest of each subscription, so a receiver gets its events in order), POSTs each body to its
//! subscription's URL on the blocking pool (signed, with a short timeout, no redirects
//! followed), and records the attempt. A 2xx answer delivers the message; 429, 5xx and
//! no answer at all (refused, reset, timed out) are retried after 1, 2, 4, 8 and 16 minutes of
//! the emulator's clock, up to [`MAX_ATTEMPTS`] attempts in all; any other answer fails it at
//! once. A message whose subscription was deleted meanwhile fails without an attempt.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use actix_web::web;
use chrono::{DateTime, Utc};
use futures_util::future::{LocalBoxFuture, join_all};
use serde_json::Value;

use super::signing::{KeyPair, key_pair};
use super::store::{self, Attempt};
use super::{OUTBOX, SIGNATURE_HEADER};
use crate::core::Tx;
use crate::core::background::Job;
use crate::core::clock::{parse_instant, to_rfc3339_millis};
use crate::core::error::{CoreError, error_chain};
use crate::core::outbox::{self, Message, Outcome};
use crate::core::state::Core;

/// Attempts at one message, the first included.
pub const MAX_ATTEMPTS: i64 = 6;

/// How long a receiver may take to answer, in real time.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// Messages delivered (in parallel) per round.
const BATCH: i64 = 16;

/// Longest sleep between rounds: a new message or a moved clock wakes the job sooner.
const IDLE: Duration = Duration::from_secs(1);

/// The wait before attempt `attempt + 1` after attempt `attempt` failed (1-based).
pub fn backoff(attempt: i64) -> chrono::Duration {
    chrono::Duration::minutes(1 << (attempt - 1).clamp(0, 16))
}

/// The job that delivers every vendor's webhooks.
pub struct Delivery {
    agent: ureq::Agent,
}

impl Default for Delivery {
    fn default() -> Self {
        let config =
            ureq::Agent::config_builder().http_status_as_error(false).max_redirects(0).timeout_global(Some(TIMEOUT)).build();
        Delivery { agent: ureq::Agent::new_with_config(config) }
    }
}

impl Job for Delivery {
    fn name(&self) -> &'static str {
        "webhook deliveries"
    }

    fn run(&self, core: web::Data<Core>) -> LocalBoxFuture<'static, Duration> {
        let agent = self.agent.clone();
        Box::pin(async move {
            round(core, agent).await.unwrap_or_else(|e| {
                log::error!("webhook deliveries: {}", error_chain(&e));
                IDLE
            })
        })
    }
}

/// What one POST came to.
struct Sent {
    status: Option<u16>,
    latency_ms: i64,
    error: Option<String>,
}

/// The instant a round runs at, and the messages due then, each with whether its subscription
/// still exists.
type Due = (DateTime<Utc>, Vec<(Message, bool)>);

/// One round: delivers what is due now; answers how long to wait for the next round.
async fn round(core: web::Data<Core>, agent: ureq::Agent) -> Result<Duration, CoreError> {
    let state = core.clone();
    let (now, due) = core
        .db
        .read(move |tx| -> Result<Due, CoreError> {
            let (now, messages) = outbox::due(tx, OUTBOX, &state.clock, BATCH)?;
            let (mut due, mut taken) = (Vec::new(), HashSet::new());
            for m in messages {
                let webhook = m.payload["webhook"].as_str().unwrap_or_default().to_owned();
                // One message per subscription a round: a receiver gets its events in order.
                if taken.insert(webhook.clone()) {
                    let live = store::exists(tx, &m.tenant, &webhook)?;
                    due.push((m, live));
                }
            }
            Ok((now, due))
        })
        .await?;
    if due.is_empty() {
        let next = core.db.read(|tx| store::next_due(tx).map_err(CoreError::from)).await?;
        return Ok(wait_until(next.as_deref().and_then(parse_instant), now));
    }
    let db = core.db.clone();
    let key = web::block(move || key_pair(&db, now)).await.map_err(|_| CoreError::Blocking)??;
    let sends = due.iter().map(|(m, live)| {
        let (agent, key, live) = (agent.clone(), key.clone(), *live);
        let url = m.payload["url"].as_str().unwrap_or_default().to_owned();
        let body = m.payload["body"].to_string();
        async move {
            if !live {
                return None;
            }
            let sent = web::block(move || post(&agent, &key, &url, body.as_bytes())).await;
            Some(sent.unwrap_or_else(|_| Sent { status: None, latency_ms: 0, error: Some("the delivery did not run".into()) }))
        }
    });
    let sent = join_all(sends).await;
    core.db
        .write(move |tx| -> Result<(), CoreError> {
            for ((m, _), sent) in due.iter().zip(sent) {
                settle(tx, m, sent, now)?;
            }
            Ok(())
        })
        .await?;
    Ok(Duration::ZERO)
}

/// How long to sleep when nothing is due: until the next message is due (if the clock runs at
/// the pace of real time), at most [`IDLE`].
fn wait_until(next: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Duration {
    match next {
        Some(at) => (at - now).to_std().unwrap_or_default().clamp(Duration::from_millis(20), IDLE),
        None => IDLE,
    }
}

/// POSTs `body`, signed, to `url`.
fn post(agent: &ureq::Agent, key: &Arc<KeyPair>, url: &str, body: &[u8]) -> Sent {
    let signature = key.sign(body);
    let started = Instant::now();
    let answer =
        agent.post(url).header("content-type", "application/json").header(SIGNATURE_HEADER, signature.as_str()).send(body);
    let latency_ms = i64::try_from(started.elapsed().as_millis()).unwrap_or(i64::MAX);
    match answer {
        Ok(response) => Sent { status: Some(response.status().as_u16()), latency_ms, error: None },
        Err(e) => Sent { status: None, latency_ms, error: Some(e.to_string()) },
    }
}

/// Records what the attempt at `m` came to (`None`: its subscription is gone, nothing was sent).
fn settle(tx: &Tx, m: &Message, sent: Option<Sent>, now: DateTime<Utc>) -> Result<(), CoreError> {
    let Some(sent) = sent else {
        let outcome = Outcome::Failed { error: "the webhook was deleted".into() };
        return Ok(outbox::settle(tx, &m.tenant, m.id, &outcome, now)?);
    };
    let attempt = m.attempts + 1;
    let error = match (sent.status, sent.error) {
        (_, Some(error)) => Some(error),
        (Some(status), None) if !(200..300).contains(&status) => Some(format!("the receiver answered {status}")),
        _ => None,
    };
    let retryable = match sent.status {
        None => true,
        Some(status) => status == 429 || status >= 500,
    };
    let outcome = match error.clone() {
        None => Outcome::Delivered,
        Some(error) if retryable && attempt < MAX_ATTEMPTS => Outcome::Retry { at: now + backoff(attempt), error },
        Some(error) => Outcome::Failed { error },
    };
    let (name, retry_at) = match &outcome {
        Outcome::Delivered => ("delivered", None),
        Outcome::Retry { at, .. } => ("retry", Some(to_rfc3339_millis(*at))),
        Outcome::Failed { .. } => ("failed", None),
    };
    outbox::settle(tx, &m.tenant, m.id, &outcome, now)?;
    let text = |key: &str| m.payload[key].as_str().unwrap_or_default().to_owned();
    store::record(
        tx,
        &Attempt {
            tenant: m.tenant.clone(),
            id: 0,
            message: m.id,
            vendor: text("vendor"),
            webhook: text("webhook"),
            event: m.topic.clone(),
            url: text("url"),
            attempt,
            at: to_rfc3339_millis(now),
            status: sent.status,
            latency_ms: sent.latency_ms,
            error,
            outcome: name,
            retry_at,
            payload: Value::Null,
        },
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_wait_twice_as_long_each_time() {
        let waits: Vec<i64> = (1..MAX_ATTEMPTS).map(|n| backoff(n).num_minutes()).collect();
        assert_eq!(waits, [1, 2, 4, 8, 16]);
    }

    #[test]
    fn the_job_sleeps_until_the_next_message_is_due_within_bounds() {
        let now = parse_instant("2024-05-01T09:00:00Z").unwrap();
        assert_eq!(wait_until(None, now), IDLE);
        assert_eq!(wait_until(Some(now + chrono::Duration::milliseconds(300)), now), Duration::from_millis(300));
        assert_eq!(wait_until(Some(now - chrono::Duration::seconds(5)), now), Duration::from_millis(20));
        assert_eq!(wait_until(Some(now + chrono::Duration::minutes(5)), now), IDLE);
    }
}

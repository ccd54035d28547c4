//! Webhooks, for any vendor whose API announces changes by HTTP callbacks. A tenant subscribes a
//! URL to some of one vendor's events through the admin API (`POST /__admin/webhooks`); the
//! vendor lists the events it sends (`Vendor::webhook_events`) and announces each change with
//! [`emit`], inside the transaction that makes the change, which writes one outbox message per
//! matching subscription (so a change that rolls back announces nothing). The background job
//! [`delivery::Delivery`] POSTs each message's JSON body to its URL off the request path, signed
//! with the emulator's own key pair ([`signing`]), retries on 429, 5xx and connection errors with
//! a backoff measured on the emulator's clock, and records every attempt ([`store`]).
//!
//! Subscriptions and attempts lead with `tenant_id`, as outbox messages do, so reset empties
//! them and snapshots keep them. Nothing here names a vendor: the vendor builds each body.

pub mod delivery;
pub mod signing;
pub mod store;

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::{Value, json};

use crate::core::Tx;

use super::outbox;
use super::tenant::TenantId;

/// The outbox channel (`core_outbox.vendor`) of webhook deliveries: only [`delivery::Delivery`]
/// takes them, never a vendor's own job.
pub const OUTBOX: &str = "webhooks";

/// The header that carries a body's signature (RSA-SHA256, PKCS#1 v1.5, base64).
pub const SIGNATURE_HEADER: &str = "x-wh-signature";

/// Longest subscription URL accepted.
const MAX_URL: usize = 2048;

/// Most events one subscription may name.
const MAX_EVENTS: usize = 100;

/// A tenant's subscription to some of one vendor's events.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Subscription {
    pub id: String,
    pub tenant: TenantId,
    pub vendor: String,
    pub url: String,
    pub events: Vec<String>,
    pub created_at: String,
}

/// Announces `event` of `vendor` to every subscription of `tenant` that names it: one outbox
/// message each, whose body is `body(webhook_id)` (a fresh id per delivery, for the receiver to
/// spot a repeat; `body` is called only when someone subscribed, so it may read more of the
/// transaction). Call it in the transaction of the change, and `Core::wake_jobs` after the
/// commit when it answers more than 0.
pub fn emit(
    tx: &Tx,
    tenant: &TenantId,
    vendor: &str,
    event: &str,
    now: DateTime<Utc>,
    mut body: impl FnMut(&str) -> rusqlite::Result<Value>,
) -> rusqlite::Result<usize> {
    let subscriptions = store::subscribed(tx, tenant, vendor, event)?;
    for (webhook, url) in &subscriptions {
        let webhook_id = uuid::Uuid::new_v4().to_string();
        let payload = json!({"webhook": webhook, "vendor": vendor, "url": url, "body": body(&webhook_id)?});
        outbox::enqueue(tx, tenant, OUTBOX, event, &payload, now)?;
    }
    Ok(subscriptions.len())
}

/// Checks a subscription URL: absolute `http://` with a host. Answers the message naming the field.
pub fn check_url(url: &str) -> Result<(), String> {
    if url.len() > MAX_URL {
        return Err(format!("url: longer than {MAX_URL} characters"));
    }
    let parsed: Result<ureq::http::Uri, _> = url.parse();
    match parsed {
        Ok(uri) if uri.scheme_str() == Some("http") && uri.host().is_some_and(|h| !h.is_empty()) => Ok(()),
        Ok(uri) if uri.scheme_str() == Some("https") => {
            Err(format!("url: '{url}' is https; webhooks are delivered over plain http (a receiver on this machine)"))
        }
        _ => Err(format!("url: '{url}' is not an absolute http:// URL")),
    }
}

/// The vendor a subscription is for, and its events checked: `given` when the request names
/// one, else the one vendor that sends every event named. `vendors` lists each vendor with the
/// events it sends. Answers the message naming the field at fault.
pub fn vendor_for(
    given: Option<&str>,
    events: &[String],
    vendors: &[(&'static str, &'static [&'static str])],
) -> Result<&'static str, String> {
    if events.is_empty() {
        return Err("events: name at least one event".into());
    }
    if events.len() > MAX_EVENTS {
        return Err(format!("events: at most {MAX_EVENTS}"));
    }
    for (i, event) in events.iter().enumerate() {
        if events[..i].contains(event) {
            return Err(format!("events: '{event}' is named twice"));
        }
    }
    let senders: Vec<_> = vendors.iter().filter(|(_, sent)| !sent.is_empty()).collect();
    let names = |list: &[&(&str, &[&str])]| list.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ");
    if let Some(given) = given {
        let Some((name, sent)) = vendors.iter().find(|(n, _)| n.eq_ignore_ascii_case(given)) else {
            return Err(format!("vendor: '{given}' is not a vendor that sends webhooks (these do: {})", names(&senders)));
        };
        if sent.is_empty() {
            return Err(format!("vendor: '{given}' is not a vendor that sends webhooks (these do: {})", names(&senders)));
        }
        return match events.iter().find(|e| !sent.contains(&e.as_str())) {
            Some(unknown) => Err(format!("events: '{unknown}' is not an event of {name} (its events: {})", sent.join(", "))),
            None => Ok(name),
        };
    }
    if let Some(unknown) = events.iter().find(|e| !senders.iter().any(|(_, sent)| sent.contains(&e.as_str()))) {
        return Err(format!("events: '{unknown}' is not an event of any vendor"));
    }
    let all: Vec<_> = senders.into_iter().filter(|(_, sent)| events.iter().all(|e| sent.contains(&e.as_str()))).collect();
    match all.as_slice() {
        [(name, _)] => Ok(name),
        [] => Err("events: they are events of different vendors; subscribe to each vendor's apart".into()),
        several => Err(format!("vendor: the events are sent by several vendors ({}); name one", names(several))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const VENDORS: &[(&str, &[&str])] =
        &[("quiet", &[]), ("crm", &["ContactCreate", "NoteCreate"]), ("notes", &["NoteCreate", "NoteDelete"])];

    fn events(names: &[&str]) -> Vec<String> {
        names.iter().map(|n| n.to_string()).collect()
    }

    #[test]
    fn the_vendor_is_the_one_named_or_the_only_one_that_sends_every_event() {
        assert_eq!(vendor_for(None, &events(&["ContactCreate"]), VENDORS), Ok("crm"));
        assert_eq!(vendor_for(None, &events(&["NoteDelete", "NoteCreate"]), VENDORS), Ok("notes"));
        assert_eq!(vendor_for(Some("CRM"), &events(&["NoteCreate"]), VENDORS), Ok("crm"));
        assert_eq!(
            vendor_for(None, &events(&["NoteCreate"]), VENDORS),
            Err("vendor: the events are sent by several vendors (crm, notes); name one".into())
        );
    }

    #[test]
    fn wrong_events_and_vendors_are_named() {
        let err = |given: Option<&str>, names: &[&str]| vendor_for(given, &events(names), VENDORS).unwrap_err();
        assert_eq!(err(None, &[]), "events: name at least one event");
        assert_eq!(err(None, &["ContactCreate", "ContactCreate"]), "events: 'ContactCreate' is named twice");
        assert_eq!(err(None, &["Nope"]), "events: 'Nope' is not an event of any vendor");
        assert_eq!(
            err(None, &["ContactCreate", "NoteDelete"]),
            "events: they are events of different vendors; subscribe to each vendor's apart"
        );
        assert_eq!(
            err(Some("crm"), &["NoteDelete"]),
            "events: 'NoteDelete' is not an event of crm (its events: ContactCreate, NoteCreate)"
        );
        assert_eq!(
            err(Some("quiet"), &["NoteCreate"]),
            "vendor: 'quiet' is not a vendor that sends webhooks (these do: crm, notes)"
        );
        assert_eq!(
            err(Some("other"), &["NoteCreate"]),
            "vendor: 'other' is not a vendor that sends webhooks (these do: crm, notes)"
        );
        let many: Vec<String> = (0..=MAX_EVENTS).map(|n| format!("E{n}")).collect();
        assert_eq!(vendor_for(None, &many, VENDORS).unwrap_err(), "events: at most 100");
    }

    #[test]
    fn only_absolute_http_urls_are_accepted() {
        assert_eq!(check_url("http://127.0.0.1:9000/hooks?x=1"), Ok(()));
        assert_eq!(check_url("http://receiver.localhost/"), Ok(()));
        assert_eq!(
            check_url("https://example.com/"),
            Err("url: 'https://example.com/' is https; webhooks are delivered over plain http (a receiver on this machine)"
                .into())
        );
        for bad in ["", "/hooks", "ftp://host/x", "http://", "not a url", "http:///path"] {
            assert_eq!(check_url(bad), Err(format!("url: '{bad}' is not an absolute http:// URL")), "{bad}");
        }
        assert_eq!(check_url(&format!("http://h/{}", "a".repeat(MAX_URL))), Err("url: longer than 2048 characters".into()));
    }
}

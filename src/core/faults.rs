//! Fault rules: answer matching vendor requests with a chosen status and body, or delay them,
//! with a probability and a number of times. A rule with `times: 1` fires once and is gone.
//! Paths are globs relative to the vendor's base: `*` is one path segment, `**` any number.

use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A rule as posted to `POST /__admin/faults`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FaultSpec {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vendor: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headers: Option<std::collections::BTreeMap<String, String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delay_ms: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub probability: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub times: Option<u64>,
}

/// A stored rule.
#[derive(Debug, Clone, Serialize)]
pub struct Rule {
    pub id: u64,
    #[serde(flatten)]
    pub spec: FaultSpec,
    /// Firings left (`None`: unlimited).
    pub remaining: Option<u64>,
    pub fired: u64,
    #[serde(skip)]
    pattern: Option<glob::Pattern>,
}

/// What a firing rule does to a request.
#[derive(Debug, Clone)]
pub struct Action {
    pub rule: u64,
    pub delay_ms: u64,
    pub status: Option<u16>,
    pub body: Option<Value>,
    pub headers: Vec<(String, String)>,
}

pub const MAX_DELAY_MS: u64 = 600_000;

/// Checks a spec; the message names the field at fault.
pub fn validate(spec: &FaultSpec, vendors: &[&str]) -> Result<Option<glob::Pattern>, String> {
    if let Some(v) = &spec.vendor
        && !vendors.contains(&v.as_str())
    {
        return Err(format!("vendor: unknown vendor '{v}' (known: {})", vendors.join(", ")));
    }
    if let Some(m) = &spec.method
        && (m.is_empty() || !m.bytes().all(|b| b.is_ascii_alphabetic()))
    {
        return Err(format!("method: '{m}' is not an HTTP method"));
    }
    if let Some(s) = spec.status
        && !(100..=599).contains(&s)
    {
        return Err(format!("status: {s} is not an HTTP status (100-599)"));
    }
    if let Some(p) = spec.probability
        && !(0.0..=1.0).contains(&p)
    {
        return Err(format!("probability: {p} is not between 0 and 1"));
    }
    if spec.delay_ms.is_some_and(|d| d > MAX_DELAY_MS) {
        return Err(format!("delay_ms: at most {MAX_DELAY_MS}"));
    }
    if spec.times == Some(0) {
        return Err("times: must be at least 1".into());
    }
    if spec.status.is_none() && spec.delay_ms.is_none() {
        return Err("a rule needs a status, a delay_ms, or both".into());
    }
    if let Some(headers) = &spec.headers {
        for (name, value) in headers {
            if actix_web::http::header::HeaderName::try_from(name.as_str()).is_err()
                || actix_web::http::header::HeaderValue::try_from(value.as_str()).is_err()
            {
                return Err(format!("headers: '{name}' is not a valid header"));
            }
        }
    }
    spec.path.as_deref().map(glob::Pattern::new).transpose().map_err(|e| format!("path: invalid glob: {e}"))
}

pub fn path_matches(pattern: &glob::Pattern, path: &str) -> bool {
    let options =
        glob::MatchOptions { case_sensitive: true, require_literal_separator: true, require_literal_leading_dot: false };
    pattern.matches_with(path, options)
}

/// The rule set.
#[derive(Debug, Default)]
pub struct Faults {
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    next_id: u64,
    rules: Vec<Rule>,
}

/// What is known of a request when rules are matched.
pub struct Probe<'a> {
    pub vendor: &'a str,
    pub method: &'a str,
    pub path: &'a str,
    pub tenant: Option<&'a str>,
}

impl Faults {
    /// Adds a validated rule; answers it as stored.
    pub fn add(&self, spec: FaultSpec, pattern: Option<glob::Pattern>) -> Rule {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        inner.next_id += 1;
        let rule = Rule { id: inner.next_id, remaining: spec.times, fired: 0, spec, pattern };
        inner.rules.push(rule.clone());
        rule
    }

    pub fn list(&self) -> Vec<Rule> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner()).rules.clone()
    }

    pub fn remove(&self, id: u64) -> bool {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let before = inner.rules.len();
        inner.rules.retain(|r| r.id != id);
        inner.rules.len() != before
    }

    pub fn clear(&self) {
        self.inner.lock().unwrap_or_else(|e| e.into_inner()).rules.clear();
    }

    /// True when some rule for `vendor` is limited to a tenant (the request's tenant must then
    /// be resolved before matching).
    pub fn needs_tenant(&self, vendor: &str) -> bool {
        let inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        inner.rules.iter().any(|r| r.spec.tenant.is_some() && r.spec.vendor.as_deref().is_none_or(|v| v == vendor))
    }

    pub fn is_empty(&self) -> bool {
        self.inner.lock().unwrap_or_else(|e| e.into_inner()).rules.is_empty()
    }

    /// The first rule that matches and fires (its probability drawn), counted and, when spent,
    /// removed.
    pub fn fire(&self, probe: &Probe<'_>) -> Option<Action> {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let index = inner.rules.iter().position(|r| {
            let s = &r.spec;
            s.vendor.as_deref().is_none_or(|v| v == probe.vendor)
                && s.method.as_deref().is_none_or(|m| m.eq_ignore_ascii_case(probe.method))
                && r.pattern.as_ref().is_none_or(|p| path_matches(p, probe.path))
                && s.tenant.as_deref().is_none_or(|t| Some(t) == probe.tenant)
                && s.probability.is_none_or(|p| fastrand::f64() < p)
        })?;
        let rule = &mut inner.rules[index];
        rule.fired += 1;
        let action = Action {
            rule: rule.id,
            delay_ms: rule.spec.delay_ms.unwrap_or(0),
            status: rule.spec.status,
            body: rule.spec.body.clone(),
            headers: rule.spec.headers.iter().flatten().map(|(k, v)| (k.clone(), v.clone())).collect(),
        };
        if let Some(left) = rule.remaining.as_mut() {
            *left -= 1;
            if *left == 0 {
                inner.rules.remove(index);
            }
        }
        Some(action)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(path: &str, times: Option<u64>) -> FaultSpec {
        serde_json::from_value(serde_json::json!({"path": path, "status": 503, "times": times})).unwrap()
    }

    #[test]
    fn a_rule_with_times_fires_that_often_and_is_gone() {
        let faults = Faults::default();
        let s = spec("/v1/contacts/*", Some(1));
        let pattern = validate(&s, &["livingmetrics"]).unwrap();
        faults.add(s, pattern);
        let probe = Probe { vendor: "livingmetrics", method: "GET", path: "/v1/contacts/7", tenant: None };
        assert_eq!(faults.fire(&probe).and_then(|a| a.status), Some(503));
        assert!(faults.fire(&probe).is_none());
        assert!(faults.is_empty());
    }

    #[test]
    fn a_star_matches_one_segment_and_two_stars_any() {
        let one = glob::Pattern::new("/v1/*").unwrap();
        assert!(path_matches(&one, "/v1/contacts"));
        assert!(!path_matches(&one, "/v1/contacts/7"));
        let any = glob::Pattern::new("/v1/**").unwrap();
        assert!(path_matches(&any, "/v1/contacts/7/tasks.json"));
    }

    #[test]
    fn validation_names_the_field() {
        let bad: FaultSpec = serde_json::from_value(serde_json::json!({"status": 700})).unwrap();
        assert_eq!(validate(&bad, &[]).unwrap_err(), "status: 700 is not an HTTP status (100-599)");
        let none: FaultSpec = serde_json::from_value(serde_json::json!({"path": "/x"})).unwrap();
        assert!(validate(&none, &[]).unwrap_err().contains("needs a status"));
    }
}

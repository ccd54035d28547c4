//! `GET|PUT|DELETE /__admin/clock`: read, set, freeze or move the emulator's clock.

use actix_web::{HttpResponse, web};
use serde::Deserialize;
use serde_json::json;

use super::error::{AdminError, RawBody, parse_object};
use crate::core::Core;
use crate::core::clock::{in_range, parse_instant, to_rfc3339_millis};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SetClock {
    now: Option<String>,
    advance_seconds: Option<f64>,
    frozen: Option<bool>,
}

fn answer(core: &Core) -> HttpResponse {
    HttpResponse::Ok().json(json!({"now": to_rfc3339_millis(core.clock.now()), "frozen": core.clock.is_frozen()}))
}

pub async fn get(core: web::Data<Core>) -> HttpResponse {
    answer(&core)
}

/// `{"now": RFC3339}` sets it, `{"advance_seconds": N}` moves it; `"frozen"` stops or restarts it.
pub async fn set(core: web::Data<Core>, RawBody(body): RawBody) -> Result<HttpResponse, AdminError> {
    let req: SetClock = parse_object(&body)?;
    let frozen = req.frozen.unwrap_or(core.clock.is_frozen());
    match (req.now, req.advance_seconds) {
        (Some(_), Some(_)) => return Err(AdminError::BadRequest("give either now or advance_seconds, not both".into())),
        (Some(now), None) => {
            let at = parse_instant(&now)
                .ok_or_else(|| AdminError::BadRequest(format!("now: '{now}' is not an RFC 3339 timestamp")))?;
            if !in_range(at) {
                return Err(AdminError::BadRequest(format!("now: '{now}' is outside the years 1 to 9999")));
            }
            core.clock.set(at, frozen);
        }
        (None, Some(seconds)) => {
            if !seconds.is_finite() || seconds.abs() > 3.2e9 {
                return Err(AdminError::BadRequest(format!("advance_seconds: {seconds} is out of range")));
            }
            let by = chrono::Duration::milliseconds((seconds * 1000.0).round() as i64);
            if !core.clock.advance(by) {
                return Err(AdminError::BadRequest(format!(
                    "advance_seconds: {seconds} would move the clock outside the years 1 to 9999"
                )));
            }
            if req.frozen.is_some() {
                core.clock.set(core.clock.now(), frozen);
            }
        }
        (None, None) => match req.frozen {
            Some(frozen) => core.clock.set(core.clock.now(), frozen),
            None => return Err(AdminError::BadRequest("give now, advance_seconds or frozen".into())),
        },
    }
    // What the moved clock made due (a webhook retry) is due now, not after the jobs' next sleep.
    core.wake_jobs();
    Ok(answer(&core))
}

/// Back to the system time, running.
pub async fn reset(core: web::Data<Core>) -> HttpResponse {
    core.clock.reset();
    core.wake_jobs();
    answer(&core)
}

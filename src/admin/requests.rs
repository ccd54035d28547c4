//! The request journal: `GET /__admin/requests` (filters vendor, method, path glob, status
//! `404` or `4xx`, tenant, since, after (an entry's id, for polling), limit; newest first) and
//! `DELETE /__admin/requests`.

use actix_web::{HttpRequest, HttpResponse, web};
use serde_json::json;

use super::error::AdminError;
use crate::core::Core;
use crate::core::clock::parse_instant;
use crate::core::journal::Query;

const DEFAULT_LIMIT: usize = 100;

pub async fn find(core: web::Data<Core>, req: HttpRequest) -> Result<HttpResponse, AdminError> {
    if !core.journal.enabled() {
        return Err(AdminError::Conflict("the request journal is off (the server was started with --journal-size 0)".into()));
    }
    let query = parse_query(req.query_string(), core.journal.capacity(), &core.vendor_names())?;
    let (requests, total) = core.journal.find(&query);
    Ok(HttpResponse::Ok().json(json!({"total": total, "requests": requests})))
}

pub async fn clear(core: web::Data<Core>) -> HttpResponse {
    core.journal.clear();
    HttpResponse::NoContent().finish()
}

fn parse_query(text: &str, capacity: usize, vendors: &[&str]) -> Result<Query, AdminError> {
    let mut query = Query { limit: DEFAULT_LIMIT, ..Query::default() };
    for (name, value) in form_urlencoded::parse(text.as_bytes()) {
        let value = value.into_owned();
        if value.is_empty() {
            continue;
        }
        let bad = |why: &str| AdminError::BadRequest(format!("{name}: '{value}' {why}"));
        match name.as_ref() {
            "vendor" => {
                let vendor = value.to_ascii_lowercase();
                if !vendors.contains(&vendor.as_str()) {
                    return Err(bad(&format!("is not a vendor (known: {})", vendors.join(", "))));
                }
                query.vendor = Some(vendor);
            }
            "method" => query.method = Some(value.clone()),
            "path" => query.path = Some(glob::Pattern::new(&value).map_err(|_| bad("is not a valid glob"))?),
            "tenant" => query.tenant = Some(value.clone()),
            "since" => query.since = Some(parse_instant(&value).ok_or_else(|| bad("is not an RFC 3339 timestamp"))?),
            "after" => query.after = Some(value.parse().map_err(|_| bad("is not an entry id (a non-negative integer)"))?),
            "status" => query.status = Some(parse_status(&value).ok_or_else(|| bad("is not a status (404) or class (4xx)"))?),
            "limit" => {
                let limit: usize = value.parse().map_err(|_| bad("is not a non-negative integer"))?;
                query.limit = limit.min(capacity.max(1));
            }
            other => {
                return Err(AdminError::BadRequest(format!(
                    "unknown filter '{other}' (known: vendor, method, path, status, tenant, since, after, limit)"
                )));
            }
        }
    }
    Ok(query)
}

fn parse_status(text: &str) -> Option<(u16, u16)> {
    if let Some(class) = text.strip_suffix("xx").or_else(|| text.strip_suffix("XX")) {
        let digit: u16 = class.parse().ok().filter(|d| (1..=5).contains(d))?;
        return Some((digit * 100, digit * 100 + 99));
    }
    let status: u16 = text.parse().ok()?;
    Some((status, status))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_filters_take_a_code_or_a_class() {
        assert_eq!(parse_status("404"), Some((404, 404)));
        assert_eq!(parse_status("5xx"), Some((500, 599)));
        assert_eq!(parse_status("9xx"), None);
        assert_eq!(parse_status("abc"), None);
    }
}

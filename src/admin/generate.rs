//! Generating records in a running server: `POST /__admin/tenants/{id}/{vendor}/generate` with
//! `{"contacts", "seed", "until", "years", "from_chunk", "to_chunk"}` (the last four optional: by
//! default `core::generate::UNTIL`, `YEARS` and every chunk) → 201 `{"count", "ids"}`.
//! The chunks `[from_chunk, to_chunk)` of the plan (all of it by default) are written in one
//! transaction, so a client sends a large plan in several requests (`crm-mock generate --url`)
//! and gets the same records as `crm-mock generate --db` would write. The request that writes
//! the plan's last chunk also merges the full-text indexes (`keyed::merge_all`), as
//! `generate --db` does after its load.

use actix_web::{HttpResponse, web};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::json;

use super::error::{AdminError, RawBody, parse_object};
use crate::core::generate::{self, GenerateError, Plan};
use crate::core::sql::keyed;
use crate::core::tenant::{self, TenantId};
use crate::core::{Core, clock};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Request {
    contacts: u64,
    seed: u64,
    until: Option<String>,
    years: Option<u32>,
    from_chunk: Option<u64>,
    to_chunk: Option<u64>,
}

/// The plan a request describes, or what is wrong with it.
fn plan(req: &Request) -> Result<(Plan, std::ops::Range<u64>), AdminError> {
    let text = req.until.as_deref().unwrap_or(generate::UNTIL);
    let until: DateTime<Utc> = clock::parse_instant(text)
        .ok_or_else(|| AdminError::BadRequest(format!("until: '{text}' is not an RFC 3339 date-time")))?;
    let plan = Plan { contacts: req.contacts, seed: req.seed, until, years: req.years.unwrap_or(generate::YEARS) };
    if plan.contacts == 0 {
        return Err(AdminError::BadRequest("contacts: must be at least 1".into()));
    }
    if !(1..=100).contains(&plan.years) {
        return Err(AdminError::BadRequest("years: must be from 1 to 100".into()));
    }
    let chunks = req.from_chunk.unwrap_or(0)..req.to_chunk.unwrap_or(plan.chunks());
    if chunks.start >= chunks.end || chunks.end > plan.chunks() {
        let reason = format!("chunks {}..{} are not within the plan's 0..{}", chunks.start, chunks.end, plan.chunks());
        return Err(AdminError::BadRequest(reason));
    }
    Ok((plan, chunks))
}

/// `POST /__admin/tenants/{id}/{vendor}/generate`.
pub async fn generate(
    core: web::Data<Core>,
    path: web::Path<(String, String)>,
    RawBody(body): RawBody,
) -> Result<HttpResponse, AdminError> {
    let (id, vendor_name) = path.into_inner();
    let vendor = super::tenants::vendor_named(&core, &vendor_name)?;
    let req: Request = parse_object(&body)?;
    let (plan, chunks) = plan(&req)?;
    let ids = core
        .db
        .write(move |tx| {
            if tenant::find(tx, &id)?.is_none() {
                return Err(AdminError::NotFound(format!("no tenant '{id}'")));
            }
            let mut ids = Vec::new();
            let last = chunks.end == plan.chunks();
            generate::run(vendor.as_ref(), tx, &TenantId::from(id.as_str()), &plan, chunks, &mut |chunk| ids.extend(chunk))
                .map_err(|e| match e {
                    GenerateError::Unsupported(_) => AdminError::BadRequest(e.to_string()),
                    GenerateError::Core(core) => AdminError::Internal(core),
                })?;
            if last {
                keyed::merge_all(tx)?;
            }
            Ok(ids)
        })
        .await?;
    Ok(HttpResponse::Created().json(json!({"count": ids.len(), "ids": ids})))
}

//! Contact field definitions: Get Contact Field Definition and List Contact Fields. Both work
//! without an API key (the standard fields); with one, the account's custom fields are included.

use actix_web::{HttpRequest, HttpResponse, web};

use crate::core::Core;

use super::super::auth::MaybeApiKey;
use super::super::error::{LivingMetricsError, Result};
use super::super::fields::standard_fields;
use super::super::filters;
use super::super::model::{FieldDef, One};
use super::super::store::records;

/// Standard fields, then the account's custom fields (if a key was sent); and the field keys
/// of data import `import`, when asked.
async fn definitions(core: &Core, key: &MaybeApiKey, import: Option<i64>) -> Result<(Vec<FieldDef>, Option<Vec<String>>)> {
    let mut defs: Vec<FieldDef> = standard_fields().collect();
    let Some(key) = &key.0 else {
        return match import {
            Some(id) => Err(LivingMetricsError::NotFound(format!("Data import {id} not found"))),
            None => Ok((defs, None)),
        };
    };
    let tenant = key.tenant.clone();
    let (custom, keys) = core
        .db
        .read(move |tx| {
            let custom = records::custom_fields(tx, &tenant)?;
            let keys = import.map(|id| records::data_import_keys(tx, &tenant, id)).transpose()?;
            Ok::<_, LivingMetricsError>((custom, keys))
        })
        .await?;
    defs.extend(custom.into_iter().map(|(id, name, kind, powerdialer)| FieldDef {
        field_key: format!("custom_{id}"),
        label: name,
        kind,
        custom: true,
        powerdialer,
    }));
    match (import, keys) {
        (Some(id), Some(None)) => Err(LivingMetricsError::NotFound(format!("Data import {id} not found"))),
        (_, keys) => Ok((defs, keys.flatten())),
    }
}

/// Get Contact Field Definition: `GET /v1/contacts/field?field_key=...`.
pub async fn field(core: web::Data<Core>, key: MaybeApiKey, req: HttpRequest) -> Result<HttpResponse> {
    let wanted = filters::contact_field(req.query_string())?;
    let (defs, _) = definitions(&core, &key, None).await?;
    match defs.into_iter().find(|d| d.field_key == wanted) {
        Some(data) => Ok(HttpResponse::Ok().json(One { data })),
        None => Err(LivingMetricsError::NotFound(format!("Contact field '{wanted}' not found"))),
    }
}

/// List Contact Fields: `GET /v1/contacts/fields` (`data_import_id`: the fields that import
/// mapped, in its order; `powerdialer_only=1`: those the PowerDialer shows). The document gives
/// this list no paging, so one answer holds up to the 500-record maximum unless `page`/`limit`
/// ask otherwise (docs/fidelity.md, field definitions).
pub async fn fields(core: web::Data<Core>, key: MaybeApiKey, req: HttpRequest) -> Result<HttpResponse> {
    let query = filters::contact_fields(req.query_string())?;
    let (paging, powerdialer_only) = (query.paging, query.powerdialer_only);
    let (defs, import_keys) = definitions(&core, &key, query.data_import_id).await?;
    let selected: Vec<FieldDef> = match import_keys {
        Some(keys) => keys.iter().filter_map(|k| defs.iter().find(|d| d.field_key == *k).cloned()).collect(),
        None => defs,
    };
    let matching: Vec<FieldDef> = selected.into_iter().filter(|d| !powerdialer_only || d.powerdialer).collect();
    let total = matching.len() as i64;
    let window = paging.window();
    let data = matching.into_iter().skip(window.offset.clamp(0, total) as usize).take(window.limit as usize).collect();
    Ok(super::page(data, total, paging))
}

//! Bulk Contact Download (LiveVox Contact API, `POST /contact/contacts/bulk` with
//! `exportableFields`): the tenant's contacts as CSV, one column per requested field with its
//! human label (`Account,Account Due Date`), one row per contact in id order, optionally only
//! those whose modify date lies between `startDate` and `endDate`.
//!
//! ```text
//! body             = { "exportableFields": [ name, ... ], "startDate"?: bound, "endDate"?: bound }
//! name             = "allFields" | one of the 214 names of `fields::FIELDS` (exact spelling)
//! bound            = "CCYY-MM-DD" (a whole day of the tenant's time zone) | epoch ms (number or digits)
//! ```
//!
//! `parse` checks a body completely before anything is written (an unknown, duplicate or
//! missing field name, or a bound of another form, is a 400 naming it); `write` then streams
//! the CSV from one read transaction, reading the contacts in chunks by id (keyset), so memory
//! stays flat whatever the number of contacts. Cells: `fields::Cell`; dates are written as days
//! of the tenant's time zone, `MM/DD/YYYY`; a null is an empty cell.

pub mod dates;
pub mod fields;

use std::collections::HashSet;
use std::fmt::Write as _;
use std::io::{self, Write};

use chrono::{DateTime, Utc};
use jiff::tz::TimeZone;
use rusqlite::types::ValueRef;
use serde_json::Value;

use self::dates::{Bound, Range};
use self::fields::{ALL_FIELDS, Cell, Exportable, FIELDS};
use crate::core::Tx;
use crate::core::clock::to_rfc3339_millis;
use crate::core::{CoreError, TenantId};
use crate::livevox::store::export as store;

/// A checked export request.
#[derive(Debug)]
pub struct Export {
    /// The columns, in the request's order (the document's order for `allFields`).
    pub fields: Vec<&'static Exportable>,
    pub start: Option<Bound>,
    pub end: Option<Bound>,
}

/// Reads an export request, or says what is wrong with it, naming the field.
pub fn parse(body: &Value) -> Result<Export, String> {
    let fields = selection(body.get("exportableFields"))?;
    Ok(Export { fields, start: bound(body, "startDate")?, end: bound(body, "endDate")? })
}

fn bound(body: &Value, key: &str) -> Result<Option<Bound>, String> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(value) => {
            Bound::parse(value).map(Some).ok_or_else(|| format!("{key}: must be a date \"CCYY-MM-DD\" or epoch milliseconds"))
        }
    }
}

/// The fields `value` names: each known, none twice; `allFields` names them all.
fn selection(value: Option<&Value>) -> Result<Vec<&'static Exportable>, String> {
    let Some(Value::Array(names)) = value else {
        return Err("exportableFields: must be an array of field names".into());
    };
    if names.is_empty() {
        return Err("exportableFields: must name at least one field".into());
    }
    // Past this many names one is repeated; the cap keeps the message short.
    if names.len() > FIELDS.len() + 1 {
        return Err(format!("exportableFields: must name at most {} fields", FIELDS.len() + 1));
    }
    let (mut chosen, mut unknown, mut duplicate, mut seen, mut all) = (Vec::new(), Vec::new(), Vec::new(), HashSet::new(), false);
    for (i, name) in names.iter().enumerate() {
        let Some(name) = name.as_str() else {
            return Err(format!("exportableFields[{i}]: must be a string"));
        };
        if !seen.insert(name) {
            duplicate.push(name);
        } else if name == ALL_FIELDS {
            all = true;
        } else if let Some(field) = fields::find(name) {
            chosen.push(field);
        } else {
            unknown.push(name);
        }
    }
    let problems: Vec<String> =
        [("unknown", unknown), ("duplicate", duplicate)].into_iter().filter(|(_, names)| !names.is_empty()).map(listed).collect();
    if !problems.is_empty() {
        return Err(format!("exportableFields: {}", problems.join("; ")));
    }
    Ok(if all { FIELDS.iter().collect() } else { chosen })
}

/// `unknown fields "a", "b"`, each name quoted and cut at 64 characters.
fn listed((what, names): (&str, Vec<&str>)) -> String {
    let quoted: Vec<String> = names
        .iter()
        .map(|name| match name.char_indices().nth(64) {
            Some((cut, _)) => Value::from(format!("{}…", &name[..cut])).to_string(),
            None => Value::from(*name).to_string(),
        })
        .collect();
    let plural = if names.len() == 1 { "" } else { "s" };
    format!("{what} field{plural} {}", quoted.join(", "))
}

/// Writes the CSV of `export` for `tenant` into `out`: the header of labels, then a row per
/// contact in the range, derived values computed at `now`, dates in `tz`.
pub fn write(
    tx: &Tx,
    tenant: &TenantId,
    export: &Export,
    now: DateTime<Utc>,
    tz: &TimeZone,
    out: &mut dyn Write,
) -> Result<(), CoreError> {
    let mut csv = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .buffer_capacity(crate::core::stream::CHUNK)
        .from_writer(out);
    let labels = if export.fields.iter().any(|f| f.custom.is_some()) { store::custom_labels(tx, tenant)? } else { Vec::new() };
    csv.write_record(export.fields.iter().map(|&field| label(field, &labels))).map_err(io::Error::from)?;
    let range: Range = dates::range(export.start, export.end, tz);
    let columns: Vec<_> = export.fields.iter().map(|f| f.field.column).collect();
    let mut text = String::new();
    store::each_contact(tx, tenant, &columns, &to_rfc3339_millis(now), range, |row| -> Result<(), CoreError> {
        for (i, field) in export.fields.iter().enumerate() {
            let value = row.get_ref(i + 1)?;
            csv.write_field(cell(&mut text, value, field.cell, tz)).map_err(io::Error::from)?;
        }
        csv.write_record(None::<&[u8]>).map_err(io::Error::from)?;
        Ok(())
    })?;
    csv.flush()?;
    Ok(())
}

/// The column's label: a custom field's is the tenant's (`labels`) when it gave one.
fn label<'a>(field: &'static Exportable, labels: &'a [(u8, String)]) -> &'a str {
    match field.custom.and_then(|n| labels.iter().find(|(col, _)| *col == n)) {
        Some((_, label)) => label,
        None => field.label,
    }
}

/// The bytes of one cell: `value` written as `cell` says (through `text` when it needs
/// formatting); empty for a null.
fn cell<'a>(text: &'a mut String, value: ValueRef<'a>, cell: Cell, tz: &TimeZone) -> &'a [u8] {
    text.clear();
    match (value, cell) {
        (ValueRef::Null, _) => return b"",
        (ValueRef::Text(bytes) | ValueRef::Blob(bytes), _) => return bytes,
        (ValueRef::Integer(n), Cell::Bool) => return if n != 0 { b"true" } else { b"false" },
        (ValueRef::Integer(ms), Cell::Date) => {
            dates::write_day(text, ms, tz);
        }
        (ValueRef::Integer(n), Cell::Money) => {
            let _ = write!(text, "{n}.00");
        }
        (ValueRef::Real(x), Cell::Money) => {
            let _ = write!(text, "{x:.2}");
        }
        (ValueRef::Integer(n), _) => {
            let _ = write!(text, "{n}");
        }
        (ValueRef::Real(x), _) => {
            let _ = write!(text, "{x}");
        }
    }
    text.as_bytes()
}

#[cfg(test)]
mod tests;

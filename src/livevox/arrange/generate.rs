//! Generated LiveVox contacts (`Vendor::generate`): a collections book. Each contact is a
//! `createContactDetails` object read and applied as Create Contact reads and applies it (the
//! arranging form, which also takes the dates), with an account number of its own, a person,
//! one to three phones, an address, a balance and a due date, and notes. Rows go through the
//! store's own bulk inserter, with the ids of a chunk taken at once.

use serde_json::{Value, json};

use super::super::dnd::Day;
use super::super::error::LvError;
use super::super::model::contact::{ContactInput, Form};
use super::super::model::note::ContactNote;
use super::super::settings;
use super::super::store::contacts::{self as store, Inserter};
use super::super::store::notes;
use crate::core::CoreError;
use crate::core::generate::{GenerateError, Generating};

/// A body the API would take that it did not, or a failure below it.
fn refused(e: LvError) -> GenerateError {
    match e {
        LvError::Internal(core) => GenerateError::Core(core),
        other => GenerateError::Core(CoreError::Startup(format!("a generated LiveVox record was refused: {other}"))),
    }
}

/// Writes `count` contacts with their notes; answers their ids.
pub fn generate(g: &mut Generating<'_>, count: usize) -> Result<Vec<String>, GenerateError> {
    let day = Day::new(g.until, &settings::time_zone(g.tx, g.tenant).map_err(refused)?);
    let first = store::reserve_ids(g.tx, g.tenant, count)?;
    let mut drafts = Vec::with_capacity(count);
    for id in (first..).take(count) {
        let p = g.person();
        let phones: Vec<Value> =
            (1..=g.count(1..=3)).map(|ordinal| json!({"phone": g.phone().digits(), "ordinal": ordinal})).collect();
        let balance = g.count(0..=500_000) as f64 / 100.0;
        let body = json!({
            "account": format!("{}", 80_000_000 + id),
            "active": g.chance(0.9),
            "balance": balance,
            "amountToSpeak": balance,
            "dueDate": g.after(p.created_at, 120).timestamp_millis(),
            "person": {
                "firstName": p.first_name, "lastName": p.last_name, "email": p.email,
                "dateOfBirth": p.birthday.and_hms_opt(0, 0, 0).map(|d| d.and_utc().timestamp_millis()),
                "zipCode": p.address.zip,
            },
            "phone": phones,
            "address1": p.address.street, "city": p.address.city, "state": p.address.state,
            "country": "UNITED_STATES_OF_AMERICA",
            "createDate": p.created_at.timestamp_millis(), "modifyDate": p.modified_at.timestamp_millis(),
        });
        let input = ContactInput::read("", &body, Form::Arrange).map_err(refused)?;
        let mut row = input.create(id, p.created_at.timestamp_millis(), "admin", &day);
        row.create_date = p.created_at.timestamp_millis();
        row.modify_date = p.modified_at.timestamp_millis();
        row.modify_user = row.create_user.clone();
        let notes: Vec<(String, i64)> =
            (0..g.count(0..=2)).map(|_| (g.sentence(6..16), g.after(p.created_at, 400).timestamp_millis())).collect();
        drafts.push((row, notes));
    }
    let mut note_id = g.reserve("lv_notes", drafts.iter().map(|(_, n)| n.len()).sum())?;
    let mut inserter = Inserter::new(g.tx, g.tenant);
    let mut ids = Vec::with_capacity(count);
    for (row, contact_notes) in drafts {
        if !inserter.insert(&row)? {
            return Err(CoreError::Startup(format!("LiveVox account {} exists already", row.account)).into());
        }
        for (note, at) in contact_notes {
            let n = ContactNote { id: note_id, note, transaction_id: None, session_id: None, create_date: at, modified_date: at };
            notes::insert(g.tx, g.tenant, row.id, &n)?;
            note_id += 1;
        }
        ids.push(row.id.to_string());
    }
    Ok(ids)
}

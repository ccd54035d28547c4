//! Generated LiveVox contacts (`Vendor::generator`): a collections book. Each contact is a
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
use crate::core::generate::{Drafter, GenerateError, Generating, Writing};

/// A body the API would take that it did not, or a failure below it.
fn refused(e: LvError) -> GenerateError {
    match e {
        LvError::Internal(core) => GenerateError::Core(core),
        other => GenerateError::Core(CoreError::Startup(format!("a generated LiveVox record was refused: {other}"))),
    }
}

/// The generator of contacts with their notes, dated in the tenant's time zone.
pub fn generator(w: &Writing<'_>) -> Result<Drafter, GenerateError> {
    let zone = settings::time_zone(w.tx, w.tenant).map_err(refused)?;
    Ok(Box::new(move |g, count| {
        let day = Day::new(g.until, &zone);
        let drafts = (0..count).map(|_| draft(g)).collect();
        Ok(Box::new(move |w: &Writing<'_>| write(w, &day, drafts)))
    }))
}

/// A contact drawn: its `createContactDetails` object (the account is the contact's id's,
/// given when it is written), its dates, and its notes with their times.
struct Draft {
    body: Value,
    created: i64,
    modified: i64,
    notes: Vec<(String, i64)>,
}

fn draft(g: &mut Generating) -> Draft {
    let p = g.person();
    let phones: Vec<Value> =
        (1..=g.count(1..=3)).map(|ordinal| json!({"phone": g.phone().digits(), "ordinal": ordinal})).collect();
    let balance = g.count(0..=500_000) as f64 / 100.0;
    let body = json!({
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
    let notes = (0..g.count(0..=2)).map(|_| (g.sentence(6..16), g.after(p.created_at, 400).timestamp_millis())).collect();
    Draft { body, created: p.created_at.timestamp_millis(), modified: p.modified_at.timestamp_millis(), notes }
}

/// Writes drawn contacts with their notes; answers their ids.
fn write(w: &Writing<'_>, day: &Day, drafts: Vec<Draft>) -> Result<Vec<String>, GenerateError> {
    let count = drafts.len();
    let first = store::reserve_ids(w.tx, w.tenant, count)?;
    let mut note_id = w.reserve("lv_notes", drafts.iter().map(|d| d.notes.len()).sum())?;
    let mut inserter = Inserter::new(w.tx, w.tenant);
    let mut ids = Vec::with_capacity(count);
    for (id, mut d) in (first..).zip(drafts) {
        d.body["account"] = Value::from(format!("{}", 80_000_000 + id));
        let input = ContactInput::read("", &d.body, Form::Arrange).map_err(refused)?;
        let mut row = input.create(id, d.created, "admin", day);
        row.create_date = d.created;
        row.modify_date = d.modified;
        row.modify_user = row.create_user.clone();
        if !inserter.insert(&row)? {
            return Err(CoreError::Startup(format!("LiveVox account {} exists already", row.account)).into());
        }
        for (note, at) in d.notes {
            let n = ContactNote { id: note_id, note, transaction_id: None, session_id: None, create_date: at, modified_date: at };
            notes::insert(w.tx, w.tenant, row.id, &n)?;
            note_id += 1;
        }
        ids.push(row.id.to_string());
    }
    Ok(ids)
}

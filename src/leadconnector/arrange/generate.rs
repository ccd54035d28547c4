//! Generated LeadConnector contacts (`Vendor::generator`): each a `CreateContactDto` body read
//! and applied as Create Contact reads and applies it (so the stored fields, the search text and
//! the lookup columns are the API's own), with tags and a source, and its notes and tasks made
//! from `NotesDTO` and `CreateTaskParams` bodies. Ids are 20 letters and digits, like the API's,
//! drawn from the generator.

use serde_json::{Value, json};

use super::super::error::LcError;
use super::super::model::contact::Contact;
use super::super::model::contact_input::{Dto, props, read_fields};
use super::super::model::note::{Note, NoteInput};
use super::super::model::task::{Task, TaskInput};
use super::super::store::{contacts, notes, tasks};
use super::super::validate::{self, Prop};
use crate::core::CoreError;
use crate::core::clock::to_rfc3339_millis;
use crate::core::generate::{Drafter, GenerateError, Generating, Writing, ymd};

const TAGS: &[&str] = &["lead", "customer", "newsletter", "webinar", "vip", "follow-up", "cold", "referral"];
const SOURCES: &[&str] = &["public api", "website form", "facebook ad", "google ads", "referral", "import"];
const TASKS: &[&str] = &["Call back", "Send proposal", "Schedule a demo", "Follow up by email", "Check in"];

/// A body the API would take that it did not: a generator bug, said as such.
fn refused(e: LcError) -> GenerateError {
    GenerateError::Core(CoreError::Startup(format!("a generated LeadConnector record was refused: {e}")))
}

/// The generator of contacts with their notes and tasks.
pub fn generator(_w: &Writing<'_>) -> Result<Drafter, GenerateError> {
    let fields = props(Dto::Update);
    Ok(Box::new(move |g, count| {
        let drafts = (0..count).map(|_| draft(g, &fields)).collect::<Result<Vec<_>, _>>()?;
        Ok(Box::new(move |w: &Writing<'_>| write(w, drafts)))
    }))
}

/// A contact drawn, with its notes and tasks.
type Draft = (Contact, Vec<Note>, Vec<Task>);

fn draft(g: &mut Generating, fields: &[Prop]) -> Result<Draft, GenerateError> {
    let p = g.person();
    let mut tags: Vec<&str> = (0..g.count(0..=3)).map(|_| *g.pick(TAGS)).collect();
    tags.dedup();
    let mut body = json!({
        "firstName": p.first_name, "lastName": p.last_name, "email": p.email, "phone": p.phone.e164(),
        "address1": p.address.street, "city": p.address.city, "state": p.address.state,
        "postalCode": p.address.zip, "country": "US", "source": *g.pick(SOURCES), "tags": tags,
    });
    if g.chance(0.5) {
        body["companyName"] = Value::from(p.company.clone());
    }
    if g.chance(0.6) {
        body["dateOfBirth"] = Value::from(ymd(p.birthday));
    }
    let map = validate::object(&body, fields).map_err(refused)?;
    let input = read_fields(map, fields.iter().map(|f| f.name), Dto::Create).map_err(refused)?;
    let id = g.alnum(20);
    let mut contact = Contact {
        id: id.clone(),
        date_added: p.created_at.timestamp_millis(),
        date_updated: p.modified_at.timestamp_millis(),
        data: Default::default(),
    };
    input.apply_to(&mut contact);
    let mut notes = Vec::new();
    for _ in 0..g.count(0..=2) {
        let at = g.after(p.created_at, 500);
        let note = NoteInput::read(&json!({"body": g.sentence(6..16)}), true).map_err(refused)?;
        notes.push(note.create(g.alnum(20), id.clone(), at.timestamp_millis()));
    }
    let mut tasks = Vec::new();
    for _ in 0..g.count(0..=2) {
        let at = g.after(p.created_at, 500);
        let due = g.after(at, 30);
        let body = json!({
            "title": *g.pick(TASKS), "body": g.sentence(4..10), "dueDate": to_rfc3339_millis(due), "completed": g.chance(0.4),
        });
        let task = TaskInput::read(&body, true).map_err(refused)?;
        tasks.push(task.create(g.alnum(20), id.clone(), at.timestamp_millis()));
    }
    Ok((contact, notes, tasks))
}

/// Writes drawn contacts with their notes and tasks; answers their ids.
fn write(w: &Writing<'_>, drafts: Vec<Draft>) -> Result<Vec<String>, GenerateError> {
    let mut ids = Vec::with_capacity(drafts.len());
    for (contact, contact_notes, contact_tasks) in drafts {
        contacts::insert(w.tx, w.tenant, &contact)?;
        for note in &contact_notes {
            notes::insert(w.tx, w.tenant, note)?;
        }
        for task in &contact_tasks {
            tasks::insert(w.tx, w.tenant, task)?;
        }
        ids.push(contact.id);
    }
    Ok(ids)
}

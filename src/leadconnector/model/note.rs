//! Notes of a contact: `GetNoteSchema` (`{id, body, userId, dateAdded, contactId, title, color,
//! pinned}`) and the bodies `NotesDTO` (`body` required) and `UpdateNoteDTO`.

use serde_json::{Map, Value, json};

use super::super::error::Result;
use super::super::validate::{self, Kind, Prop, opt, req};
use super::contact::iso;

/// A stored note.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    pub id: String,
    pub contact_id: String,
    pub body: String,
    pub user_id: Option<String>,
    pub title: Option<String>,
    pub color: Option<String>,
    pub pinned: bool,
    /// Epoch milliseconds.
    pub date_added: i64,
}

impl Note {
    /// The note as `GetNoteSchema` shows it.
    pub fn render(&self) -> Value {
        let mut out = Map::new();
        out.insert("id".into(), json!(self.id));
        out.insert("body".into(), json!(self.body));
        if let Some(user) = &self.user_id {
            out.insert("userId".into(), json!(user));
        }
        out.insert("dateAdded".into(), json!(iso(self.date_added)));
        out.insert("contactId".into(), json!(self.contact_id));
        if let Some(title) = &self.title {
            out.insert("title".into(), json!(title));
        }
        if let Some(color) = &self.color {
            out.insert("color".into(), json!(color));
        }
        out.insert("pinned".into(), json!(self.pinned));
        Value::Object(out)
    }
}

const CREATE: &[Prop] = &[
    opt("userId", Kind::Str),
    req("body", Kind::Str),
    opt("title", Kind::Str),
    opt("color", Kind::Str),
    opt("pinned", Kind::Bool),
];

const UPDATE: &[Prop] = &[
    opt("userId", Kind::Str),
    opt("body", Kind::Str),
    opt("title", Kind::Str),
    opt("color", Kind::Str),
    opt("pinned", Kind::Bool),
];

/// A note body: the fields it gives (`Some(None)`: cleared).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NoteInput {
    pub body: Option<String>,
    pub user_id: Option<Option<String>>,
    pub title: Option<Option<String>>,
    pub color: Option<Option<String>>,
    pub pinned: Option<bool>,
}

impl NoteInput {
    /// Reads a create (`create`) or update body.
    pub fn read(body: &Value, create: bool) -> Result<NoteInput> {
        let map = validate::object(body, if create { CREATE } else { UPDATE })?;
        let text = |k: &str| map.get(k).and_then(Value::as_str).map(|s| s.trim().to_owned());
        let optional = |k: &str| map.contains_key(k).then(|| text(k).filter(|s| !s.is_empty()));
        Ok(NoteInput {
            body: text("body").filter(|s| !s.is_empty()),
            user_id: optional("userId"),
            title: optional("title"),
            color: optional("color"),
            pinned: map.get("pinned").and_then(Value::as_bool),
        })
    }

    /// A new note of `contact_id`.
    pub fn create(self, id: String, contact_id: String, now: i64) -> Note {
        Note {
            id,
            contact_id,
            body: self.body.unwrap_or_default(),
            user_id: self.user_id.flatten(),
            title: self.title.flatten(),
            color: self.color.flatten(),
            pinned: self.pinned.unwrap_or(false),
            date_added: now,
        }
    }

    /// Applies the given fields to `note`.
    pub fn apply(self, note: &mut Note) {
        if let Some(body) = self.body {
            note.body = body;
        }
        if let Some(user) = self.user_id {
            note.user_id = user;
        }
        if let Some(title) = self.title {
            note.title = title;
        }
        if let Some(color) = self.color {
            note.color = color;
        }
        if let Some(pinned) = self.pinned {
            note.pinned = pinned;
        }
    }
}

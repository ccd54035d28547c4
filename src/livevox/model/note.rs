//! Contact notes as Read Contact Note answers them (the list shows `id` and `note` only).

use serde::Serialize;

/// The longest note an arranged record may hold.
pub const MAX_NOTE: usize = 4000;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ContactNote {
    pub id: i64,
    pub note: String,
    pub transaction_id: Option<i64>,
    pub session_id: Option<String>,
    /// Epoch milliseconds.
    pub create_date: i64,
    pub modified_date: i64,
}

/// An entry of `listContactNotes`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NoteEntry {
    pub id: i64,
    pub note: String,
}

impl From<ContactNote> for NoteEntry {
    fn from(n: ContactNote) -> Self {
        NoteEntry { id: n.id, note: n.note }
    }
}

//! Users and teams (LionDesk's Users and Teams pages) and the token owner `GET /me` answers,
//! in their pages' field order.

use serde::Serialize;
use serde_json::{Map, Value};

use super::{Wire, serialized};

/// A user as `/users` answers it.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct UserRow {
    pub id: i64,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub email: Option<String>,
    pub username: Option<String>,
    pub phone: Option<String>,
    pub system_phone: Option<String>,
    pub timezone_offset: Option<i64>,
    pub timezone: Option<String>,
    pub profile_picture: Option<String>,
    pub created_at: String,
    pub modified_at: String,
}

impl Wire for UserRow {
    fn to_json(&self) -> Map<String, Value> {
        serialized(self)
    }
}

/// A team as `/teams` answers it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TeamRow {
    pub id: i64,
    pub name: String,
    /// Whether teammates see each other's contacts.
    pub is_contact_resource_sharing_enabled: bool,
    pub created_at: String,
    pub modified_at: String,
}

impl Wire for TeamRow {
    fn to_json(&self) -> Map<String, Value> {
        serialized(self)
    }
}

/// The user `GET /me` answers, in the access-tokens page's field order.
#[derive(Debug, Clone, Serialize)]
pub struct Me {
    pub id: i64,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub email: Option<String>,
    pub timezone_offset: Option<i64>,
    pub created_at: String,
    pub modified_at: String,
    pub timezone: Option<String>,
}

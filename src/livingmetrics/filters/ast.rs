//! The typed query of each endpoint, as `parse` builds it: every value checked and converted,
//! so that turning one into SQL cannot fail.

use chrono::{DateTime, Utc};

use crate::core::sql::{Field, SortDir};

/// A zero-based page of `limit` records (`limit` at most 500).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    pub page: i64,
    pub limit: i64,
}

impl Paging {
    /// The rows of this page: `limit` of them after `page * limit`.
    pub fn window(self) -> crate::core::paging::Window {
        crate::core::paging::Window::page(self.page, self.limit)
    }
}

/// An order: by `by`, then by `id` (so that ties keep one order), both in `dir`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort {
    pub by: &'static Field,
    pub id: &'static Field,
    pub dir: SortDir,
}

/// What to attach to each contact.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Include {
    /// `include_deals=true`: its deals.
    pub deals: bool,
    /// `include_timeline=1`: its last 30 histories.
    pub timeline: bool,
}

/// The filters of List Contacts and Get Contact Count; all that are given must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContactFilter {
    /// Part of a name, "first last", company, e-mail address or phone number (also its digits).
    pub search_term: Option<String>,
    pub search_list_id: Option<i64>,
    /// Any of these tags, lower-cased.
    pub search_tag: Option<Vec<String>>,
    /// A history of any of these types.
    pub history_type: Option<Vec<String>>,
    /// A text message with this tracked number.
    pub tracked_phone_id: Option<i64>,
    pub employer_id: Option<i64>,
    pub contact_ids: Option<Vec<i64>>,
    pub crm: Option<CrmFilter>,
    /// Created at or after.
    pub created_by: Option<DateTime<Utc>>,
    /// Updated at or after.
    pub updated_by: Option<DateTime<Utc>>,
}

/// One CRM link with all of the given parts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CrmFilter {
    /// Any of these CRM ids (exact).
    pub ids: Option<Vec<String>>,
    pub crm_type: Option<String>,
    pub crm_object_type: Option<String>,
}

/// List Contacts (and Get Prospects).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactQuery {
    pub filter: ContactFilter,
    pub sort: Sort,
    pub include: Include,
    pub paging: Paging,
}

/// `contact_group` of Get Histories.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ContactGroup {
    /// Every history, anonymous ones included.
    All,
    /// Histories of known contacts.
    Managed,
    /// Histories of contacts that were e-mailed (the default).
    #[default]
    Emailed,
}

/// The filters of Get Histories.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HistoryFilter {
    pub history_type: Option<Vec<String>>,
    pub campaign_id: Option<i64>,
    pub contact_id: Option<i64>,
    /// Text messages of this tracked number.
    pub tracked_number_id: Option<i64>,
    pub email_guid: Option<String>,
    /// Created at or after.
    pub start_date: Option<DateTime<Utc>>,
    /// Created at or before.
    pub end_date: Option<DateTime<Utc>>,
    /// Newer than this history (a greater id).
    pub last_history_id: Option<i64>,
    pub contact_group: ContactGroup,
    pub search_term: Option<String>,
}

/// Get Histories.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryQuery {
    pub filter: HistoryFilter,
    pub sort: Sort,
    pub paging: Paging,
}

/// The filters of Get Organizations.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrganizationFilter {
    /// Any of these tag ids.
    pub tags: Option<Vec<i64>>,
    /// This tag name, whole, in any case.
    pub tag: Option<String>,
    pub search_term: Option<String>,
}

/// Get Organizations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganizationQuery {
    pub filter: OrganizationFilter,
    pub sort: Sort,
    pub paging: Paging,
}

/// Get Static Contact Lists: the static lists sales users see, with `tag` if given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactListQuery {
    pub tag: Option<String>,
    pub sort: Sort,
    pub paging: Paging,
}

/// The filters of the task lists.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TaskFilter {
    pub include_completed: bool,
    /// Only the key's user's tasks (forced for a user who may see only their own).
    pub user_only: bool,
    /// The contact of the path, or `contact_id` of Get Tasks.
    pub contact_id: Option<i64>,
}

/// Get Tasks and Get Tasks for a Contact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TaskQuery {
    pub filter: TaskFilter,
    pub paging: Paging,
}

/// List Contact Fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldsQuery {
    /// The fields this data import mapped, in its order.
    pub data_import_id: Option<i64>,
    pub powerdialer_only: bool,
    pub paging: Paging,
}

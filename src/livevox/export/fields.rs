//! The exportable fields of Bulk Contact Download, in the document's order: for each, the name a
//! request gives in `exportableFields`, the column of `lv_contacts` it reads (qualified by the
//! alias `c`), the human label of its CSV column and how its cell is written. Request text
//! never becomes SQL; only these columns do.
//!
//! Labels are the LiveVox Portal's names for the columns (its sort fields: `ACCOUNT_DUE_DATE` is
//! "Account Due Date", as in the document's example) in words; custom fields take the tenant's
//! label (see `docs/fidelity.md`, "LiveVox: CSV export").
//!
//! Derived values are SQL over the row and `?1`, the request's instant (RFC 3339 text, the form
//! `*_until` columns are stored in): a daily DND is on while its `*_daily_until` is after it, and
//! the "today" attempt counters count while `attempts_today_until` is after it.

use crate::core::sql::{Field, Kind};

/// How a cell is written (an empty cell for a null, whatever the kind).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell {
    /// As stored.
    Text,
    /// A whole number.
    Int,
    /// An amount with two decimals (`100.00`).
    Money,
    /// Epoch milliseconds written as the day they fall on in the tenant's time zone (`08/27/2018`).
    Date,
    /// 0 or 1 written as `false` or `true`.
    Bool,
}

impl Cell {
    /// The kind of the field's values (how a filter would coerce them).
    const fn kind(self) -> Kind {
        match self {
            Cell::Text | Cell::Money => Kind::Text,
            Cell::Int | Cell::Date => Kind::Int,
            Cell::Bool => Kind::Bool,
        }
    }
}

/// One exportable field.
#[derive(Debug)]
pub struct Exportable {
    /// The name in `exportableFields` and the column (or expression) it reads.
    pub field: Field,
    /// The CSV column's label; for a custom field, the label when the tenant gave none.
    pub label: &'static str,
    pub cell: Cell,
    /// 1 to 100 for COL1 to COL100, whose label is the tenant's.
    pub custom: Option<u8>,
}

impl Exportable {
    pub fn name(&self) -> &'static str {
        self.field.name
    }
}

const fn x(name: &'static str, column: &'static str, label: &'static str, cell: Cell) -> Exportable {
    Exportable { field: Field::new(name, column, cell.kind()), label, cell, custom: None }
}

const fn custom(n: u8, name: &'static str, column: &'static str) -> Exportable {
    Exportable { field: Field::new(name, column, Kind::Text), label: name, cell: Cell::Text, custom: Some(n) }
}

/// The whole table from its sections in the document's order: the standard fields up to
/// `balance`, seven per phone, the rest of the standard fields, then COL1 to COL100.
macro_rules! exportable {
    (head [$($h:expr,)*] phones [$($p:literal)*] tail [$($t:expr,)*] custom [$($c:literal)*]) => {
        [
            $($h,)*
            $(
                x(concat!("phone", $p), concat!("c.phone", $p), concat!("Phone ", $p), Cell::Text),
                x(
                    concat!("phone", $p, "AttemptsTotal"),
                    concat!("c.phone", $p, "_attempts_total"),
                    concat!("Phone ", $p, " Attempts Lifetime"),
                    Cell::Int,
                ),
                x(
                    concat!("phone", $p, "AttemptsToday"),
                    concat!("CASE WHEN c.attempts_today_until > ?1 THEN c.phone", $p, "_attempts_today ELSE 0 END"),
                    concat!("Phone ", $p, " Attempts Today"),
                    Cell::Int,
                ),
                x(
                    concat!("phone", $p, "CellConsent"),
                    concat!("c.phone", $p, "_cell_consent"),
                    concat!("Phone ", $p, " Cell Consent"),
                    Cell::Bool,
                ),
                x(concat!("phone", $p, "Block"), concat!("c.phone", $p, "_dnd"), concat!("Phone ", $p, " DND"), Cell::Bool),
                x(
                    concat!("phone", $p, "BlockDaily"),
                    concat!("ifnull(c.phone", $p, "_daily_until > ?1, 0)"),
                    concat!("Phone ", $p, " DND Daily"),
                    Cell::Bool,
                ),
                x(
                    concat!("phone", $p, "SmsConsent"),
                    concat!("c.phone", $p, "_sms_consent"),
                    concat!("Phone ", $p, " SMS Consent"),
                    Cell::Bool,
                ),
            )*
            $($t,)*
            $(custom($c, concat!("COL", $c), concat!("c.col", $c)),)*
        ]
    };
}

/// Every exportable field, in the document's order (what `allFields` exports).
pub static FIELDS: [Exportable; 214] = exportable! {
    head [
        x("account", "c.account", "Account", Cell::Text),
        x("dueDate", "c.due_date", "Account Due Date", Cell::Date),
        x("accountToSpeak", "c.account_to_speak", "Account To Speak", Cell::Text),
        x("address1", "c.address1", "Address 1", Cell::Text),
        x("address2", "c.address2", "Address 2", Cell::Text),
        x("agentId", "c.agent_id", "Agent ID", Cell::Int),
        x("agentTeamId", "c.agent_team_id", "Agent Team ID", Cell::Int),
        x("amountToSpeak", "c.amount_to_speak", "Amount To Speak", Cell::Money),
        x("active", "c.active", "Active", Cell::Bool),
        x("callAttemptsTotal", "c.call_attempts_total", "Call Attempts Lifetime", Cell::Int),
        x(
            "callAttemptsToday",
            "CASE WHEN c.attempts_today_until > ?1 THEN c.call_attempts_today ELSE 0 END",
            "Call Attempts Today",
            Cell::Int,
        ),
        x("city", "c.city", "City", Cell::Text),
        x("clientId", "(SELECT l.client_id FROM lv_clients l WHERE l.tenant_id = c.tenant_id)", "Client ID", Cell::Int),
        x("countryId", "c.country_id", "Country ID", Cell::Int),
        x("createDate", "c.create_date", "Create Date", Cell::Date),
        x("createUser", "c.create_user", "Create User", Cell::Text),
        x("department", "c.department", "Department", Cell::Text),
        x("description", "c.description", "Description", Cell::Text),
        x("dateOfBirth", "c.date_of_birth", "Date of Birth", Cell::Date),
        x("accountBlock", "c.dnd", "Do Not Dial", Cell::Bool),
        x("accountBlockDaily", "ifnull(c.dnd_daily_until > ?1, 0)", "Do Not Dial Daily", Cell::Bool),
        x("accountEmailBlock", "c.account_email_block", "Account Email Block", Cell::Bool),
        x("email", "c.email", "Email Address", Cell::Text),
        x("firstName", "c.first_name", "First Name", Cell::Text),
        x("groupId", "c.group_id", "Group ID", Cell::Int),
        x("guarantorFirstName", "c.guarantor_first_name", "Guarantor First Name", Cell::Text),
        x("guarantorLastName", "c.guarantor_last_name", "Guarantor Last Name", Cell::Text),
        x("initialLoadCampaignId", "c.initial_load_campaign_id", "Initial Load Campaign ID", Cell::Int),
        x("initialLoadDate", "c.initial_load_date", "Initial Load Date", Cell::Date),
        x("lastLoadCampaignId", "c.last_load_campaign_id", "Last Load Campaign ID", Cell::Int),
        x("lastLoadDate", "c.last_load_date", "Last Load Date", Cell::Date),
        x("lastName", "c.last_name", "Last Name", Cell::Text),
        x("lvAccountId", "c.lv_account_id", "LV Account ID", Cell::Int),
        x("modifyDate", "c.modify_date", "Modify Date", Cell::Date),
        x("modifyUser", "c.modify_user", "Modify User", Cell::Text),
        x("originalAccountNumber", "c.original_account_number", "Original Account Number", Cell::Text),
        x("balance", "c.balance", "Payment Balance", Cell::Money),
    ]
    phones [1 2 3 4 5 6 7 8 9 10]
    tail [
        x("zipCode", "c.zip_code", "Postal Code", Cell::Text),
        x("primaryEmailConsent", "c.primary_email_consent", "Primary Email Consent", Cell::Bool),
        x("salutation", "c.salutation", "Salutation", Cell::Text),
        x("primarySMSConsent", "c.primary_sms_consent", "Primary SMS Consent", Cell::Bool),
        x("ssn", "c.ssn", "SSN", Cell::Text),
        x("state", "c.state", "State", Cell::Text),
        x("title", "c.title", "Title", Cell::Text),
    ]
    custom [
        1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32 33 34 35 36 37 38 39 40
        41 42 43 44 45 46 47 48 49 50 51 52 53 54 55 56 57 58 59 60 61 62 63 64 65 66 67 68 69 70 71 72 73 74 75 76 77 78
        79 80 81 82 83 84 85 86 87 88 89 90 91 92 93 94 95 96 97 98 99 100
    ]
};

/// The keyword that exports every field.
pub const ALL_FIELDS: &str = "allFields";

/// The field named exactly `name` (the document's spelling; `col1` is not `COL1`).
pub fn find(name: &str) -> Option<&'static Exportable> {
    FIELDS.iter().find(|f| f.name() == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The document's list of exportable fields, as printed there.
    const DOCUMENTED: &str = "account dueDate accountToSpeak address1 address2 agentId agentTeamId amountToSpeak active
        callAttemptsTotal callAttemptsToday city clientId countryId createDate createUser department description
        dateOfBirth accountBlock accountBlockDaily accountEmailBlock email firstName groupId guarantorFirstName
        guarantorLastName initialLoadCampaignId initialLoadDate lastLoadCampaignId lastLoadDate lastName lvAccountId
        modifyDate modifyUser originalAccountNumber balance";

    #[test]
    fn the_table_lists_every_documented_field_in_the_documents_order() {
        let mut expected: Vec<String> = DOCUMENTED.split_whitespace().map(str::to_owned).collect();
        for n in 1..=10 {
            for suffix in ["", "AttemptsTotal", "AttemptsToday", "CellConsent", "Block", "BlockDaily", "SmsConsent"] {
                expected.push(format!("phone{n}{suffix}"));
            }
        }
        expected.extend(
            ["zipCode", "primaryEmailConsent", "salutation", "primarySMSConsent", "ssn", "state", "title"].map(String::from),
        );
        expected.extend((1..=100).map(|n| format!("COL{n}")));
        let names: Vec<&str> = FIELDS.iter().map(Exportable::name).collect();
        assert_eq!(names, expected);
    }

    #[test]
    fn labels_are_unique_and_read_as_the_example_does() {
        let mut labels: Vec<&str> = FIELDS.iter().map(|f| f.label).collect();
        assert_eq!((labels[0], labels[1]), ("Account", "Account Due Date"));
        labels.sort_unstable();
        labels.dedup();
        assert_eq!(labels.len(), FIELDS.len());
    }

    #[test]
    fn phones_and_custom_fields_read_their_own_columns() {
        let column = |name: &str| find(name).map(|f| (f.field.column.as_str(), f.label, f.cell));
        assert_eq!(column("phone10"), Some(("c.phone10", "Phone 10", Cell::Text)));
        assert_eq!(column("phone3BlockDaily"), Some(("ifnull(c.phone3_daily_until > ?1, 0)", "Phone 3 DND Daily", Cell::Bool)));
        assert_eq!(column("phone7AttemptsTotal"), Some(("c.phone7_attempts_total", "Phone 7 Attempts Lifetime", Cell::Int)));
        assert_eq!(column("COL100"), Some(("c.col100", "COL100", Cell::Text)));
        assert_eq!(find("COL100").and_then(|f| f.custom), Some(100));
        assert_eq!(column("col1"), None);
        assert_eq!(column(ALL_FIELDS), None);
    }
}

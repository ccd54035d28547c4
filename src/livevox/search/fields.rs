//! The closed tables of what a search may name: every condition field and every sort field of
//! the document's "Find Matching Contact", each with the SQL expression(s) over `lv_contacts c`
//! it reads. Request text never becomes SQL; only these expressions do (each is a `Column`,
//! made by a `core::sql::Field`).
//!
//! An expression may hold `?` placeholders: each binds the request's instant (`now`, as stored
//! instants are written), for what depends on the emulator's clock (daily DND, today's counters).

use crate::core::sql::{Column, Field, Kind as ColumnKind};

/// How a field's criteria is read and compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Text compared exactly (account numbers, phones, custom field values): `=`/`<` by bytes,
    /// patterns case-sensitively (GLOB).
    Text,
    /// Text compared without regard to ASCII case (names, places): the column's NOCASE
    /// collation, patterns with LIKE.
    TextNoCase,
    /// An integer (ids, counters).
    Int,
    /// A decimal (balances, amounts).
    Decimal,
    /// An instant as epoch milliseconds (dates).
    EpochMs,
    /// true or false.
    Flag,
    /// A date compared by days from the request's day: the criteria is a number of days.
    Days,
}

/// A condition field (`search.field`).
#[derive(Debug, PartialEq)]
pub struct SearchField {
    /// The document's spelling.
    pub name: &'static str,
    /// What the condition compares: one expression, or several of which any may match.
    pub columns: &'static [Field],
    pub kind: Kind,
}

impl SearchField {
    pub fn columns(&self) -> impl Iterator<Item = Column> + '_ {
        self.columns.iter().map(|f| f.column)
    }
}

/// A sort field (`sort[].field`).
#[derive(Debug, PartialEq)]
pub struct SortField {
    /// The document's spelling.
    pub name: &'static str,
    pub column: Field,
}

/// `Field`'s own kind is not read here: search kinds are finer (`Kind`).
const fn col(name: &'static str, expression: &'static str) -> Field {
    Field::new(name, expression, ColumnKind::Text)
}

macro_rules! one {
    ($name:expr, $expression:expr, $kind:ident) => {
        SearchField { name: $name, columns: &[col($name, $expression)], kind: Kind::$kind }
    };
}

/// The daily DND flag of `until`: on while it is after now.
macro_rules! daily {
    ($until:expr) => {
        concat!("coalesce(", $until, " > ?, 0)")
    };
}

/// Today's counter `count`: it counts while the contact's `attempts_today_until` is after now.
macro_rules! today {
    ($count:expr) => {
        concat!("CASE WHEN c.attempts_today_until > ? THEN ", $count, " ELSE 0 END")
    };
}

macro_rules! phones {
    ($suffix:literal) => {
        [
            col("phone", concat!("c.phone1", $suffix)),
            col("phone", concat!("c.phone2", $suffix)),
            col("phone", concat!("c.phone3", $suffix)),
            col("phone", concat!("c.phone4", $suffix)),
            col("phone", concat!("c.phone5", $suffix)),
            col("phone", concat!("c.phone6", $suffix)),
            col("phone", concat!("c.phone7", $suffix)),
            col("phone", concat!("c.phone8", $suffix)),
            col("phone", concat!("c.phone9", $suffix)),
            col("phone", concat!("c.phone10", $suffix)),
        ]
    };
}

pub static PHONES: [Field; 10] = phones!("");

/// Whether any phone has the consent.
macro_rules! any_phone {
    ($suffix:literal) => {
        concat!(
            "max(c.phone1",
            $suffix,
            ", c.phone2",
            $suffix,
            ", c.phone3",
            $suffix,
            ", c.phone4",
            $suffix,
            ", c.phone5",
            $suffix,
            ", c.phone6",
            $suffix,
            ", c.phone7",
            $suffix,
            ", c.phone8",
            $suffix,
            ", c.phone9",
            $suffix,
            ", c.phone10",
            $suffix,
            ")"
        )
    };
}

/// The document's condition fields, in its order (the per-phone consents and COL1..COL100 are
/// in the tables below).
pub static SEARCH_FIELDS: &[SearchField] = &[
    one!("account", "c.account", Text),
    one!("account_due_date", "c.due_date", EpochMs),
    one!("account_due_date_basedon_option", "c.due_date", Days),
    one!("last_load_date_basedon_option", "c.last_load_date", Days),
    one!("original_account_number", "c.original_account_number", Text),
    one!("city", "c.city", TextNoCase),
    one!("state", "c.state", TextNoCase),
    one!("country", "c.country", TextNoCase),
    one!("group", "c.group_id", Int),
    one!("do_not_dial", "c.dnd", Flag),
    one!("do_not_dial_daily", daily!("c.dnd_daily_until"), Flag),
    one!("sms", "c.primary_sms_consent", Flag),
    one!("email", "c.account_email_block", Flag),
    one!("postalcode", "c.zip_code", TextNoCase),
    SearchField {
        name: "name",
        columns: &[
            col("name", "c.first_name"),
            col("name", "c.last_name"),
            col("name", "(c.first_name || ' ' || c.last_name) COLLATE NOCASE"),
        ],
        kind: Kind::TextNoCase,
    },
    one!("dob", "c.date_of_birth", EpochMs),
    SearchField { name: "phone", columns: &PHONES, kind: Kind::Text },
    SearchField {
        name: "address",
        columns: &[col("address", "c.address1"), col("address", "c.address2")],
        kind: Kind::TextNoCase,
    },
    SearchField {
        name: "guarantor_name",
        columns: &[
            col("guarantor_name", "c.guarantor_first_name"),
            col("guarantor_name", "c.guarantor_last_name"),
            col("guarantor_name", "(c.guarantor_first_name || ' ' || c.guarantor_last_name) COLLATE NOCASE"),
        ],
        kind: Kind::TextNoCase,
    },
    one!("paymentbalance", "c.balance", Decimal),
    one!("amount_to_speak", "c.amount_to_speak", Decimal),
    one!(
        "account_dial_yesterday",
        "(c.call_attempts_today > 0 AND coalesce(c.attempts_today_until <= ? AND c.attempts_today_until > strftime('%Y-%m-%dT%H:%M:%fZ', ?, '-1 day'), 0))",
        Flag
    ),
    one!("account_dial_today", "(c.call_attempts_today > 0 AND coalesce(c.attempts_today_until > ?, 0))", Flag),
    one!("phone_sms_consent", any_phone!("_sms_consent"), Flag),
    one!("phone_cell_consent", any_phone!("_cell_consent"), Flag),
    one!("primary_email_consent", "c.primary_email_consent", Flag),
    one!("callattemptstoday", today!("c.call_attempts_today"), Int),
    one!("callattemptslifetime", "c.call_attempts_total", Int),
    // crm-mock keeps no call results: no contact has one (docs/fidelity.md).
    one!("accountForTodaysResult", "NULL", Text),
    one!("accountsFor30daysResult", "NULL", Text),
    one!("email_address", "c.email", TextNoCase),
];

macro_rules! phone_consents {
    ($($n:literal)+) => {
        [$(
            one!(concat!("phone", $n, "_sms_consent"), concat!("c.phone", $n, "_sms_consent"), Flag),
            one!(concat!("phone", $n, "_cell_consent"), concat!("c.phone", $n, "_cell_consent"), Flag),
        )+]
    };
}

/// `phone1_sms_consent`, `phone1_cell_consent` ... `phone10_cell_consent`.
pub static PHONE_CONSENT_FIELDS: [SearchField; 20] = phone_consents!(1 2 3 4 5 6 7 8 9 10);

macro_rules! custom_fields {
    ($($n:literal)+) => {
        [$( one!(concat!("COL", $n), concat!("c.col", $n), Text), )+]
    };
}

/// `COL1` ... `COL100`: custom field values, compared as the text they are stored as.
pub static CUSTOM_FIELDS: [SearchField; 100] = custom_fields!(
    1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32 33 34 35 36 37 38 39 40
    41 42 43 44 45 46 47 48 49 50 51 52 53 54 55 56 57 58 59 60 61 62 63 64 65 66 67 68 69 70 71 72 73 74 75 76 77 78 79 80
    81 82 83 84 85 86 87 88 89 90 91 92 93 94 95 96 97 98 99 100
);

/// Every condition field.
pub fn search_fields() -> impl Iterator<Item = &'static SearchField> {
    SEARCH_FIELDS.iter().chain(PHONE_CONSENT_FIELDS.iter()).chain(CUSTOM_FIELDS.iter())
}

/// The condition field `name`, in any ASCII case (the document's own example sends a sort
/// field in another case than its list).
pub fn search_field(name: &str) -> Option<&'static SearchField> {
    search_fields().find(|f| f.name.eq_ignore_ascii_case(name))
}

macro_rules! sort {
    ($name:expr, $expression:expr) => {
        SortField { name: $name, column: col($name, $expression) }
    };
}

/// The document's sort fields but the per-phone ones and COL1..COL100.
pub static SORT_FIELDS: &[SortField] = &[
    sort!("LVACCOUNT_ID", "c.lv_account_id"),
    // One client per tenant: every contact has the same client id.
    sort!("CLIENT_ID", "c.tenant_id"),
    sort!("ACCOUNT", "c.account"),
    sort!("B_ACTIVE", "c.active"),
    sort!("ACCOUNT_TO_SPEAK", "c.account_to_speak"),
    sort!("FIRST_NAME", "c.first_name"),
    sort!("LAST_NAME", "c.last_name"),
    sort!("DOB", "c.date_of_birth"),
    sort!("EMAIL_ADDRESS", "c.email"),
    sort!("SSN", "c.ssn"),
    sort!("ADDRESS1", "c.address1"),
    sort!("ADDRESS2", "c.address2"),
    sort!("CITY", "c.city"),
    sort!("STATE", "c.state"),
    sort!("POSTALCODE", "c.zip_code"),
    sort!("COUNTRY_ID", "c.country_id"),
    sort!("GUARANTOR_FIRSTNAME", "c.guarantor_first_name"),
    sort!("GUARANTOR_LASTNAME", "c.guarantor_last_name"),
    sort!("PAYMENTBALANCE", "c.balance"),
    sort!("AMOUNT_TO_SPEAK", "c.amount_to_speak"),
    sort!("ACCOUNT_DUE_DATE", "c.due_date"),
    sort!("CALLATTEMPTSTODAY", today!("c.call_attempts_today")),
    sort!("CALLATTEMPTSLIFETIME", "c.call_attempts_total"),
    sort!("CREATEDATE", "c.create_date"),
    sort!("CREATEUSER", "c.create_user"),
    sort!("MODIFYDATE", "c.modify_date"),
    sort!("MODIFYUSER", "c.modify_user"),
    sort!("INITIAL_LOAD_DATE", "c.initial_load_date"),
    sort!("INITIAL_LOAD_CAMPAIGNID", "c.initial_load_campaign_id"),
    sort!("LAST_LOAD_DATE", "c.last_load_date"),
    sort!("LAST_LOAD_CAMPAIGNID", "c.last_load_campaign_id"),
    sort!("DO_NOT_DIAL", "c.dnd"),
    sort!("DO_NOT_DIAL_DAILY", daily!("c.dnd_daily_until")),
    sort!("GROUP_ID", "c.group_id"),
    sort!("ORIGINAL_ACCOUNT_NUMBER", "c.original_account_number"),
    sort!("SMS", "c.primary_sms_consent"),
    sort!("EMAIL", "c.account_email_block"),
    sort!("PRIMARY_EMAIL_CONSENT", "c.primary_email_consent"),
];

macro_rules! phone_sorts {
    ($($n:literal)+) => {
        [$(
            sort!(concat!("PHONE", $n), concat!("c.phone", $n)),
            sort!(concat!("PHONE", $n, "_ATTEMPTS_TODAY"), today!(concat!("c.phone", $n, "_attempts_today"))),
            sort!(concat!("PHONE", $n, "_ATTEMPTS_LIFETIME"), concat!("c.phone", $n, "_attempts_total")),
            sort!(concat!("PHONE", $n, "_DND"), concat!("c.phone", $n, "_dnd")),
            sort!(concat!("PHONE", $n, "_DND_DAILY"), daily!(concat!("c.phone", $n, "_daily_until"))),
            sort!(concat!("PHONE", $n, "_SMS_CONSENT"), concat!("c.phone", $n, "_sms_consent")),
            sort!(concat!("PHONE", $n, "_CELL_CONSENT"), concat!("c.phone", $n, "_cell_consent")),
        )+]
    };
}

/// `PHONE1`, `PHONE1_ATTEMPTS_TODAY` ... `PHONE10_CELL_CONSENT`.
pub static PHONE_SORT_FIELDS: [SortField; 70] = phone_sorts!(1 2 3 4 5 6 7 8 9 10);

macro_rules! custom_sorts {
    ($($n:literal)+) => {
        [$( sort!(concat!("COL", $n), concat!("c.col", $n)), )+]
    };
}

/// `COL1` ... `COL100`.
pub static CUSTOM_SORT_FIELDS: [SortField; 100] = custom_sorts!(
    1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32 33 34 35 36 37 38 39 40
    41 42 43 44 45 46 47 48 49 50 51 52 53 54 55 56 57 58 59 60 61 62 63 64 65 66 67 68 69 70 71 72 73 74 75 76 77 78 79 80
    81 82 83 84 85 86 87 88 89 90 91 92 93 94 95 96 97 98 99 100
);

/// Every sort field.
pub fn sort_fields() -> impl Iterator<Item = &'static SortField> {
    SORT_FIELDS.iter().chain(PHONE_SORT_FIELDS.iter()).chain(CUSTOM_SORT_FIELDS.iter())
}

/// The sort field `name`, in any ASCII case (the document's example sorts by `account`).
pub fn sort_field(name: &str) -> Option<&'static SortField> {
    sort_fields().find(|f| f.name.eq_ignore_ascii_case(name))
}

/// The contact id: the last sort key of every search, so pages are stable.
pub static ID: Field = col("id", "c.id");

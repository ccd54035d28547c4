//! A contact as a client sends it: the `createContactDetails` of Create Contact and Bulk Create
//! Contact, the `updateContactDetails` of Update Contact and Bulk Update Contact, with their
//! `person`, `guarantor`, `phone` (by ordinal 1 to 10, each with its DND and consents) and
//! `customFields` (COL1 to COL100, at most 255 characters each); and how such a body changes a
//! stored contact: only what it sends, `accountBlock`/`phoneBlock` through the document's DND
//! table (`dnd.rs`).

use serde_json::Value;

use super::super::dnd::{Day, DndCommand};
use super::super::error::{LvError, Result};
use super::super::store::contacts::{CUSTOM_FIELDS, ContactRow, PHONES, PhoneRow};
use super::custom_field::column;
use super::values::{ACCOUNT_MAX, Obj, PHONE_MAX, TEXT_MAX, text};

/// The most records one bulk request may carry.
pub const BULK_MAX: usize = 10_000;

/// The keys of a contact in every write (the create and bulk tables, which the update tables
/// repeat).
pub const CONTACT_KEYS: &[&str] = &[
    "person",
    "guarantor",
    "phone",
    "customFields",
    "account",
    "active",
    "balance",
    "accountBlock",
    "accountToSpeak",
    "originalAccountNumber",
    "address1",
    "address2",
    "city",
    "state",
    "country",
    "amountToSpeak",
    "dueDate",
    "groupId",
    "primaryEmailConsent",
    "agentId",
    "department",
    "salutation",
    "title",
];

/// What only arranging may also set on a contact (read by `arrange`).
pub const ARRANGE_KEYS: &[&str] = &[
    "id",
    "callAttemptsTotal",
    "callAttemptsToday",
    "initialLoad",
    "initialLoadCampaignId",
    "lastLoad",
    "lastLoadCampaignId",
    "createDate",
    "createUser",
    "modifyDate",
    "modifyUser",
    "agentTeamId",
    "description",
    "countryId",
    "lvAccountId",
    "happinessIndex",
    "primarySMSConsent",
    "accountEmailBlock",
];

const PERSON_KEYS: &[&str] = &["firstName", "lastName", "email", "dateOfBirth", "ssn", "zipCode"];
const GUARANTOR_KEYS: &[&str] = &["firstName", "lastName"];
const PHONE_KEYS: &[&str] = &["phone", "ordinal", "phoneBlock", "smsConsent", "cellConsent"];
const ARRANGE_PHONE_KEYS: &[&str] =
    &["phone", "ordinal", "phoneBlock", "smsConsent", "cellConsent", "callAttemptsTotal", "callAttemptsToday"];
const CUSTOM_FIELD_KEYS: &[&str] = &["field", "value"];

/// Which body a contact comes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// Create and bulk create: `account` is required.
    Create,
    /// Update: the path names the contact; a different `account` renames it.
    Update,
    /// Bulk update: `id` or `account` names the contact.
    BulkUpdate,
    /// An arranged record: a create plus what only arranging sets.
    Arrange,
}

/// One `phone` entry (or `updateContactDND` entry): the phone at `ordinal`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PhoneInput {
    /// 1 to 10.
    pub ordinal: usize,
    pub phone: Option<String>,
    pub block: Option<DndCommand>,
    pub sms_consent: Option<bool>,
    pub cell_consent: Option<bool>,
    /// Arranged only.
    pub attempts_total: Option<i64>,
    pub attempts_today: Option<i64>,
}

impl PhoneInput {
    /// Applies the entry to its phone; the number too where `number`.
    pub fn apply(&self, p: &mut PhoneRow, day: &Day, number: bool) {
        if number && let Some(phone) = &self.phone {
            p.phone = (!phone.is_empty()).then(|| phone.clone());
        }
        if let Some(sent) = self.block {
            p.dnd = p.dnd.apply(sent, day);
        }
        set(&mut p.sms_consent, self.sms_consent);
        set(&mut p.cell_consent, self.cell_consent);
        set(&mut p.attempts_total, self.attempts_total);
        set(&mut p.attempts_today, self.attempts_today);
    }
}

/// The entries of a `phone` (or `updateContactDND`) array at `obj.key`: each ordinal once.
pub fn read_phones(obj: &Obj<'_>, key: &str, arranging: bool) -> Result<Vec<PhoneInput>> {
    let Some(items) = obj.array(key, PHONES)? else { return Ok(Vec::new()) };
    let keys = if arranging { ARRANGE_PHONE_KEYS } else { PHONE_KEYS };
    let mut phones: Vec<PhoneInput> = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let entry = Obj::new(format!("{}[{i}]", obj.field(key)), item, keys)?;
        let ordinal = entry
            .integer("ordinal", 1, PHONES as i64)?
            .ok_or_else(|| LvError::bad_field(&entry.field("ordinal"), "is required"))?;
        let ordinal = ordinal as usize;
        if phones.iter().any(|p| p.ordinal == ordinal) {
            return Err(LvError::bad_field(&entry.field("ordinal"), format!("ordinal {ordinal} is given twice")));
        }
        let counter = |k| if arranging { entry.integer(k, 0, i32::MAX as i64) } else { Ok(None) };
        phones.push(PhoneInput {
            ordinal,
            phone: entry.text("phone", PHONE_MAX)?.map(|p| p.trim().to_owned()),
            block: entry.block("phoneBlock")?,
            sms_consent: entry.boolean("smsConsent")?,
            cell_consent: entry.boolean("cellConsent")?,
            attempts_total: counter("callAttemptsTotal")?,
            attempts_today: counter("callAttemptsToday")?,
        });
    }
    Ok(phones)
}

/// A contact as a write body gives it; `None`: not sent (null is the same), left as it is.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ContactInput {
    /// Bulk update and arranging only.
    pub id: Option<i64>,
    pub account: Option<String>,
    pub active: Option<bool>,
    pub balance: Option<f64>,
    pub account_block: Option<DndCommand>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub email: Option<String>,
    pub date_of_birth: Option<i64>,
    pub ssn: Option<String>,
    pub zip_code: Option<String>,
    pub guarantor_first_name: Option<String>,
    pub guarantor_last_name: Option<String>,
    pub phones: Vec<PhoneInput>,
    /// (COL number 1 to 100, value; `None` clears it).
    pub custom_fields: Vec<(usize, Option<String>)>,
    pub account_to_speak: Option<String>,
    pub original_account_number: Option<String>,
    pub address1: Option<String>,
    pub address2: Option<String>,
    pub city: Option<String>,
    pub state: Option<String>,
    pub country: Option<String>,
    pub amount_to_speak: Option<f64>,
    pub due_date: Option<i64>,
    pub group_id: Option<i64>,
    pub primary_email_consent: Option<bool>,
    pub agent_id: Option<i64>,
    pub department: Option<String>,
    pub salutation: Option<String>,
    pub title: Option<String>,
}

impl ContactInput {
    /// Reads the contact at `path` of a body.
    pub fn read(path: &str, value: &Value, form: Form) -> Result<ContactInput> {
        let keys: Vec<&str> = match form {
            Form::Arrange => CONTACT_KEYS.iter().chain(ARRANGE_KEYS).copied().collect(),
            Form::BulkUpdate => CONTACT_KEYS.iter().chain(&["id"]).copied().collect(),
            Form::Create | Form::Update => CONTACT_KEYS.to_vec(),
        };
        let o = Obj::new(path, value, &keys)?;
        let account = match form {
            Form::Create | Form::Arrange => Some(o.required_text("account", ACCOUNT_MAX)?),
            Form::Update | Form::BulkUpdate => o.text("account", ACCOUNT_MAX)?.filter(|a| !a.trim().is_empty()),
        };
        let id = if form == Form::BulkUpdate { o.id("id")? } else { None };
        if form == Form::BulkUpdate && id.is_none() && account.is_none() {
            return Err(LvError::bad_field(&o.field("account"), "is required (or id)"));
        }
        let t = |key| o.text(key, TEXT_MAX);
        let mut c = ContactInput {
            id,
            account,
            active: o.boolean("active")?,
            balance: o.decimal("balance")?,
            account_block: o.block("accountBlock")?,
            phones: read_phones(&o, "phone", form == Form::Arrange)?,
            custom_fields: read_custom_fields(&o)?,
            account_to_speak: t("accountToSpeak")?,
            original_account_number: t("originalAccountNumber")?,
            address1: t("address1")?,
            address2: t("address2")?,
            city: t("city")?,
            state: t("state")?,
            country: t("country")?,
            amount_to_speak: o.decimal("amountToSpeak")?,
            due_date: o.date("dueDate")?,
            group_id: o.id("groupId")?,
            primary_email_consent: o.boolean("primaryEmailConsent")?,
            agent_id: o.id("agentId")?,
            department: t("department")?,
            salutation: t("salutation")?,
            title: t("title")?,
            ..ContactInput::default()
        };
        if let Some(p) = o.object("person", PERSON_KEYS)? {
            let t = |key| p.text(key, TEXT_MAX);
            c.first_name = t("firstName")?;
            c.last_name = t("lastName")?;
            c.email = t("email")?;
            c.date_of_birth = p.date("dateOfBirth")?;
            c.ssn = t("ssn")?;
            c.zip_code = t("zipCode")?;
        }
        if let Some(g) = o.object("guarantor", GUARANTOR_KEYS)? {
            c.guarantor_first_name = g.text("firstName", TEXT_MAX)?;
            c.guarantor_last_name = g.text("lastName", TEXT_MAX)?;
        }
        Ok(c)
    }

    /// Applies what was sent to `c` on `day` (the caller stamps the modify date and user).
    pub fn apply(&self, c: &mut ContactRow, day: &Day) {
        if let Some(account) = &self.account {
            c.account = account.clone();
        }
        set(&mut c.active, self.active);
        set_some(&mut c.balance, self.balance);
        if let Some(sent) = self.account_block {
            c.dnd = c.dnd.apply(sent, day);
        }
        set_text(&mut c.first_name, &self.first_name);
        set_text(&mut c.last_name, &self.last_name);
        set_text(&mut c.email, &self.email);
        set_some(&mut c.date_of_birth, self.date_of_birth);
        set_text(&mut c.ssn, &self.ssn);
        set_text(&mut c.zip_code, &self.zip_code);
        set_text(&mut c.guarantor_first_name, &self.guarantor_first_name);
        set_text(&mut c.guarantor_last_name, &self.guarantor_last_name);
        for phone in &self.phones {
            phone.apply(&mut c.phones[phone.ordinal - 1], day, true);
        }
        for (col, value) in &self.custom_fields {
            c.cols[col - 1] = value.clone();
        }
        set_text(&mut c.account_to_speak, &self.account_to_speak);
        set_text(&mut c.original_account_number, &self.original_account_number);
        set_text(&mut c.address1, &self.address1);
        set_text(&mut c.address2, &self.address2);
        set_text(&mut c.city, &self.city);
        set_text(&mut c.state, &self.state);
        set_text(&mut c.country, &self.country);
        set_some(&mut c.amount_to_speak, self.amount_to_speak);
        set_some(&mut c.due_date, self.due_date);
        set_some(&mut c.group_id, self.group_id);
        set(&mut c.primary_email_consent, self.primary_email_consent);
        set_some(&mut c.agent_id, self.agent_id);
        set_text(&mut c.department, &self.department);
        set_text(&mut c.salutation, &self.salutation);
        set_text(&mut c.title, &self.title);
    }

    /// A new contact `id` from a create body, made at `now_ms` by `user` on `day`. Without
    /// `accountToSpeak` the IVR speaks the account itself.
    pub fn create(&self, id: i64, now_ms: i64, user: &str, day: &Day) -> ContactRow {
        let mut c = ContactRow::new(id, self.account.clone().unwrap_or_default(), now_ms);
        self.apply(&mut c, day);
        if c.account_to_speak.is_none() {
            c.account_to_speak = Some(c.account.clone());
        }
        c.create_user = Some(user.to_owned());
        c.modify_user = Some(user.to_owned());
        c
    }
}

/// Reads `customFields`: `[{"field": "COL1", "value": ...}]`, each field once.
fn read_custom_fields(o: &Obj<'_>) -> Result<Vec<(usize, Option<String>)>> {
    let Some(items) = o.array("customFields", CUSTOM_FIELDS)? else { return Ok(Vec::new()) };
    let mut out: Vec<(usize, Option<String>)> = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let entry = Obj::new(format!("{}[{i}]", o.field("customFields")), item, CUSTOM_FIELD_KEYS)?;
        let name = entry.get("field").and_then(Value::as_str).unwrap_or_default();
        let col = column(name)
            .map(usize::from)
            .ok_or_else(|| LvError::bad_field(&entry.field("field"), "must be one of COL1 to COL100"))?;
        if out.iter().any(|(c, _)| *c == col) {
            return Err(LvError::bad_field(&entry.field("field"), format!("{name} is given twice")));
        }
        let value = entry.get("value").map(|v| text(v, TEXT_MAX).map_err(|r| LvError::bad_field(&entry.field("value"), r)));
        out.push((col, value.transpose()?));
    }
    Ok(out)
}

/// The records of a bulk body's array `key` (at most `BULK_MAX`), each read as `form`.
pub fn read_bulk(body: &Value, key: &str, form: Form) -> Result<Vec<ContactInput>> {
    let o = Obj::new("", body, &[key])?;
    let items = o.array(key, BULK_MAX)?.ok_or_else(|| LvError::bad_field(key, "is required"))?;
    items.iter().enumerate().map(|(i, item)| ContactInput::read(&format!("{key}[{i}]"), item, form)).collect()
}

fn set<T: Copy>(slot: &mut T, value: Option<T>) {
    if let Some(v) = value {
        *slot = v;
    }
}

fn set_some<T: Copy>(slot: &mut Option<T>, value: Option<T>) {
    if value.is_some() {
        *slot = value;
    }
}

fn set_text(slot: &mut Option<String>, value: &Option<String>) {
    if value.is_some() {
        slot.clone_from(value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::livevox::dnd::Block;
    use serde_json::json;

    fn day() -> Day {
        Day { now: "2024-03-05T15:00:00.000Z".into(), midnight: "2024-03-06T00:00:00.000Z".into() }
    }

    #[test]
    fn a_create_reads_the_tolerant_forms_and_fills_a_new_row() {
        let body = json!({
            "person": {"firstName": "James", "dateOfBirth": "621057600000"},
            "phone": [{"phone": 6503517500_i64, "ordinal": "1", "phoneBlock": "DAILY", "smsConsent": "true"}],
            "customFields": [{"field": "COL1", "value": 123}, {"field": "col2", "value": true}],
            "account": "1234556", "balance": "1000.00", "groupId": "12371", "accountBlock": "PERMANENT"
        });
        let c = ContactInput::read("createContactDetails", &body, Form::Create).unwrap();
        assert_eq!((c.balance, c.group_id), (Some(1000.0), Some(12371)));
        assert_eq!(c.custom_fields, vec![(1, Some("123".into())), (2, Some("true".into()))]);
        let row = c.create(9, 1_700_000_000_000, "admin", &day());
        assert_eq!(
            (row.id, row.create_date, row.modify_date, row.date_of_birth),
            (9, 1_700_000_000_000, 1_700_000_000_000, Some(621057600000))
        );
        assert_eq!(
            (row.phones[0].phone.as_deref(), row.phones[0].sms_consent, row.phones[0].dnd.block(&day())),
            (Some("6503517500"), true, Block::Daily)
        );
        assert_eq!(
            (row.account_to_speak.as_deref(), row.create_user.as_deref(), row.dnd.block(&day())),
            (Some("1234556"), Some("admin"), Block::Permanent)
        );
    }

    #[test]
    fn an_update_changes_only_what_it_sends() {
        let mut row = ContactInput::read("c", &json!({"account": "A1", "city": "Austin", "balance": "5.5"}), Form::Create)
            .unwrap()
            .create(1, 0, "u", &day());
        let before = row.clone();
        let update = ContactInput::read(
            "updateContactDetails",
            &json!({"city": null, "phone": [{"ordinal": "2", "phoneBlock": "DAILY"}]}),
            Form::Update,
        )
        .unwrap();
        update.apply(&mut row, &day());
        assert_eq!((row.city.as_deref(), row.balance, row.account_to_speak.as_deref()), (Some("Austin"), Some(5.5), Some("A1")));
        assert_eq!(row.phones[1].dnd.daily_until.as_deref(), Some("2024-03-06T00:00:00.000Z"));
        row.phones[1] = before.phones[1].clone();
        assert_eq!(row, before);
    }

    #[test]
    fn bad_records_are_named_by_their_path() {
        let err = |body: Value| {
            read_bulk(&json!({"createContactDetails": body}), "createContactDetails", Form::Create).unwrap_err().to_string()
        };
        assert_eq!(
            err(json!([{"account": "a"}, {"account": "b", "phone": [{"ordinal": 11}]}])),
            "createContactDetails[1].phone[0].ordinal: must be 1 to 10"
        );
        assert_eq!(err(json!([{"account": ""}])), "createContactDetails[0].account: is required");
        assert_eq!(
            err(json!([{"account": "a", "phone": [{"ordinal": 1}, {"ordinal": "1"}]}])),
            "createContactDetails[0].phone[1].ordinal: ordinal 1 is given twice"
        );
        assert_eq!(
            err(json!([{"account": "a", "customFields": [{"field": "COL101", "value": "x"}]}])),
            "createContactDetails[0].customFields[0].field: must be one of COL1 to COL100"
        );
        assert_eq!(
            err(json!([{"account": "a", "customFields": [{"field": "COL7", "value": "x".repeat(256)}]}])),
            "createContactDetails[0].customFields[0].value: must be at most 255 characters"
        );
        assert_eq!(err(json!({"account": "a"})), "createContactDetails: must be an array");
        let none =
            read_bulk(&json!({"updateContactDetails": [{"city": "x"}]}), "updateContactDetails", Form::BulkUpdate).unwrap_err();
        assert_eq!(none.to_string(), "updateContactDetails[0].account: is required (or id)");
    }
}

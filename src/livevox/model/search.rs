//! The contacts of Find Matching Contact (`findMatchingContactsDetails`) as the document's
//! examples show them: all ten phone slots with their position, `dnd` (permanent) and
//! `dndDaily` flags and attempt counters; `createdDate`, `modifiedDate`, `lastLoad`,
//! `initialLoad`, `postalCode`, `happinessIndex`, `callAttemptsLifetime`. Keys whose value is
//! unset are left out, as the examples leave them out; `balance`, `amountToSpeak`, `groupId` and
//! `agentId` read 0 and `country` "" when unset, as the examples show them on every contact.

use serde::Serialize;

use super::super::dnd::Day;
use super::super::store::contacts::{ContactRow, PhoneRow};

/// One contact found.
#[derive(Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct FoundContact {
    pub id: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub person: Option<Person>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub guarantor: Option<Guarantor>,
    pub phone: Vec<FoundPhone>,
    pub account: String,
    pub active: bool,
    pub balance: f64,
    pub account_block: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_to_speak: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub original_account_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address1: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address2: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    pub country: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    pub amount_to_speak: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due_date: Option<i64>,
    pub group_id: i64,
    pub primary_email_consent: bool,
    pub agent_id: i64,
    pub happiness_index: i64,
    pub created_date: i64,
    pub modified_date: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_load: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub initial_load: Option<i64>,
    pub call_attempts_today: i64,
    pub call_attempts_lifetime: i64,
}

/// The contact owner, when anything of it is set.
#[derive(Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Person {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ssn: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zip_code: Option<String>,
}

/// The guarantor, when anything of it is set.
#[derive(Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Guarantor {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
}

/// One of the ten phone slots (the number only where one is set).
#[derive(Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct FoundPhone {
    pub sms_consent: bool,
    pub cell_consent: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    pub ordinal: usize,
    pub position: usize,
    pub dnd: bool,
    pub dnd_daily: bool,
    pub call_attempts_total: i64,
    pub call_attempts_today: i64,
}

impl FoundContact {
    /// `row` as found on `day` (daily DND and today's counters as of the request).
    pub fn of(row: ContactRow, day: &Day) -> FoundContact {
        let today = day.before(row.attempts_today_until.as_deref());
        let phone = row.phones.iter().enumerate().map(|(i, p)| FoundPhone::of(i + 1, p, day, today)).collect();
        let person = [&row.first_name, &row.last_name, &row.email, &row.ssn, &row.zip_code].iter().any(|v| v.is_some())
            || row.date_of_birth.is_some();
        let person = person.then(|| Person {
            first_name: row.first_name.clone(),
            last_name: row.last_name.clone(),
            email: row.email.clone(),
            date_of_birth: row.date_of_birth,
            ssn: row.ssn.clone(),
            zip_code: row.zip_code.clone(),
        });
        let guarantor = (row.guarantor_first_name.is_some() || row.guarantor_last_name.is_some())
            .then(|| Guarantor { first_name: row.guarantor_first_name.clone(), last_name: row.guarantor_last_name.clone() });
        FoundContact {
            id: row.id,
            person,
            guarantor,
            phone,
            account_block: row.dnd.block(day).name(),
            account: row.account,
            active: row.active,
            balance: row.balance.unwrap_or(0.0),
            account_to_speak: row.account_to_speak,
            original_account_number: row.original_account_number,
            address1: row.address1,
            address2: row.address2,
            city: row.city,
            state: row.state,
            country: row.country.unwrap_or_default(),
            postal_code: row.zip_code,
            amount_to_speak: row.amount_to_speak.unwrap_or(0.0),
            due_date: row.due_date,
            group_id: row.group_id.unwrap_or(0),
            primary_email_consent: row.primary_email_consent,
            agent_id: row.agent_id.unwrap_or(0),
            happiness_index: row.happiness_index,
            created_date: row.create_date,
            modified_date: row.modify_date,
            last_load: row.last_load_date,
            initial_load: row.initial_load_date,
            call_attempts_today: if today { row.call_attempts_today } else { 0 },
            call_attempts_lifetime: row.call_attempts_total,
        }
    }
}

impl FoundPhone {
    fn of(ordinal: usize, phone: &PhoneRow, day: &Day, today: bool) -> FoundPhone {
        FoundPhone {
            sms_consent: phone.sms_consent,
            cell_consent: phone.cell_consent,
            phone: phone.phone.clone(),
            ordinal,
            position: ordinal,
            dnd: phone.dnd.permanent,
            dnd_daily: phone.dnd.daily(day),
            call_attempts_total: phone.attempts_total,
            call_attempts_today: if today { phone.attempts_today } else { 0 },
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::livevox::dnd::Dnd;

    const NOW: &str = "2026-03-10T15:00:00.000Z";
    const TONIGHT: &str = "2026-03-11T00:00:00.000Z";
    const LAST_NIGHT: &str = "2026-03-10T00:00:00.000Z";

    fn day() -> Day {
        Day { now: NOW.into(), midnight: TONIGHT.into() }
    }

    fn slot(n: usize) -> serde_json::Value {
        json!({"smsConsent": false, "cellConsent": false, "ordinal": n, "position": n, "dnd": false, "dndDaily": false,
               "callAttemptsTotal": 0, "callAttemptsToday": 0})
    }

    #[test]
    fn a_contact_with_everything_set_shows_it_in_the_examples_order() {
        let mut row = ContactRow::new(1278281788, "1003".into(), 1635853113000);
        row.modify_date = 1637130335000;
        row.active = true;
        row.balance = Some(12.5);
        row.first_name = Some("Mary".into());
        row.last_name = Some("Shelley".into());
        row.date_of_birth = Some(621057600000);
        row.zip_code = Some("10010".into());
        row.guarantor_last_name = Some("Godwin".into());
        row.city = Some("California".into());
        row.country = Some("UNITED_STATES_OF_AMERICA".into());
        row.due_date = Some(1641963600000);
        row.group_id = Some(12371);
        row.agent_id = Some(723247);
        row.last_load_date = Some(1710237709000);
        row.initial_load_date = Some(1635853113000);
        row.dnd = Dnd { permanent: true, daily_until: Some(TONIGHT.into()) };
        row.call_attempts_today = 2;
        row.call_attempts_total = 9;
        row.attempts_today_until = Some(TONIGHT.into());
        row.phones[0] = PhoneRow {
            phone: Some("9742573688".into()),
            dnd: Dnd { permanent: false, daily_until: Some(TONIGHT.into()) },
            sms_consent: true,
            cell_consent: true,
            attempts_total: 4,
            attempts_today: 1,
        };
        row.phones[6].dnd = Dnd { permanent: true, daily_until: Some(LAST_NIGHT.into()) };
        let mut phones: Vec<_> = (1..=10).map(slot).collect();
        phones[0] = json!({"smsConsent": true, "cellConsent": true, "phone": "9742573688", "ordinal": 1, "position": 1,
                           "dnd": false, "dndDaily": true, "callAttemptsTotal": 4, "callAttemptsToday": 1});
        phones[6]["dnd"] = json!(true);
        let found = serde_json::to_value(FoundContact::of(row, &day())).unwrap();
        assert_eq!(
            serde_json::to_string(&found).unwrap(),
            json!({
                "id": 1278281788,
                "person": {"firstName": "Mary", "lastName": "Shelley", "dateOfBirth": 621057600000_i64, "zipCode": "10010"},
                "guarantor": {"lastName": "Godwin"},
                "phone": phones,
                "account": "1003", "active": true, "balance": 12.5, "accountBlock": "BOTH",
                "city": "California", "country": "UNITED_STATES_OF_AMERICA", "postalCode": "10010", "amountToSpeak": 0.0,
                "dueDate": 1641963600000_i64, "groupId": 12371, "primaryEmailConsent": false, "agentId": 723247,
                "happinessIndex": 0, "createdDate": 1635853113000_i64, "modifiedDate": 1637130335000_i64,
                "lastLoad": 1710237709000_i64, "initialLoad": 1635853113000_i64, "callAttemptsToday": 2, "callAttemptsLifetime": 9
            })
            .to_string()
        );
    }

    #[test]
    fn yesterdays_daily_dnd_and_counters_read_as_off_and_zero() {
        let mut row = ContactRow::new(7, "7".into(), 0);
        row.dnd = Dnd { permanent: false, daily_until: Some(LAST_NIGHT.into()) };
        row.call_attempts_today = 3;
        row.attempts_today_until = Some(LAST_NIGHT.into());
        row.phones[1].attempts_today = 2;
        row.phones[1].dnd.daily_until = Some(LAST_NIGHT.into());
        let found = FoundContact::of(row, &day());
        assert_eq!((found.account_block, found.call_attempts_today), ("NONE", 0));
        assert_eq!(serde_json::to_value(&found.phone[1]).unwrap(), slot(2));
        assert_eq!((found.person, found.guarantor, found.balance, found.country.as_str()), (None, None, 0.0, ""));
    }
}

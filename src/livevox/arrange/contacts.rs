//! Arranging contacts: the document's `createContactDetails` object (checked as Create Contact
//! checks it, its DND through the state table) plus what only LiveVox itself sets: `id`, the
//! attempt counters (`callAttemptsTotal`, `callAttemptsToday`, and per phone), the load dates
//! and campaigns (`initialLoad`, `lastLoad`, ...), `createDate`/`modifyDate` (default: now) with
//! `createUser`/`modifyUser`, and `agentTeamId`, `description`, `countryId`, `lvAccountId`,
//! `happinessIndex`, `primarySMSConsent`, `accountEmailBlock`. Notes are a collection of their
//! own. A "today" counter counts until the next local midnight of the tenant's time zone.

use serde_json::Value;

use super::super::dnd::Day;
use super::super::error::LvError;
use super::super::model::contact::{ARRANGE_KEYS, CONTACT_KEYS, ContactInput, Form};
use super::super::model::values::{Obj, TEXT_MAX};
use super::super::settings;
use super::super::store::contacts::{self as store, ContactRow};
use super::at;
use crate::core::{ArrangeError, Arranging, Record};

/// The largest attempt counter.
const COUNTER_MAX: i64 = i32::MAX as i64;

/// Arranges one record; answers its id.
pub fn arrange(a: &Arranging<'_>, record: &Record<'_>) -> Result<Value, ArrangeError> {
    let map = record.object()?;
    let id = a.take_id(record, "id", store::TABLE.name(), record.positive(map, "id", true)?)?;
    let c = at(record, row(a, record.value, id))?;
    if !store::insert(a.tx, a.tenant, &c)? {
        return Err(record.error("account", format!("{} already exists", c.account)));
    }
    Ok(id.into())
}

/// Contact `id` as the record gives it.
fn row(a: &Arranging<'_>, value: &Value, id: i64) -> Result<ContactRow, LvError> {
    let input = ContactInput::read("", value, Form::Arrange)?;
    let keys: Vec<&str> = CONTACT_KEYS.iter().chain(ARRANGE_KEYS).copied().collect();
    let o = Obj::new("", value, &keys)?;
    let day = Day::new(a.now, &settings::time_zone(a.tx, a.tenant)?);
    let now = a.now.timestamp_millis();
    let user = o.text("createUser", TEXT_MAX)?;
    let mut c = input.create(id, now, user.as_deref().unwrap_or("admin"), &day);
    c.call_attempts_total = o.integer("callAttemptsTotal", 0, COUNTER_MAX)?.unwrap_or(0);
    c.call_attempts_today = o.integer("callAttemptsToday", 0, COUNTER_MAX)?.unwrap_or(0);
    let counts_today = c.call_attempts_today > 0 || c.phones.iter().any(|p| p.attempts_today > 0);
    c.attempts_today_until = counts_today.then(|| day.midnight.clone());
    c.initial_load_date = o.date("initialLoad")?;
    c.initial_load_campaign_id = o.id("initialLoadCampaignId")?;
    c.last_load_date = o.date("lastLoad")?;
    c.last_load_campaign_id = o.id("lastLoadCampaignId")?;
    c.create_date = o.date("createDate")?.unwrap_or(now);
    c.modify_date = o.date("modifyDate")?.unwrap_or(c.create_date);
    c.modify_user = o.text("modifyUser", TEXT_MAX)?.or(c.create_user.clone());
    c.agent_team_id = o.id("agentTeamId")?;
    c.description = o.text("description", TEXT_MAX)?;
    c.country_id = o.id("countryId")?;
    c.lv_account_id = o.id("lvAccountId")?;
    c.happiness_index = o.integer("happinessIndex", -COUNTER_MAX, COUNTER_MAX)?.unwrap_or(0);
    c.primary_sms_consent = o.boolean("primarySMSConsent")?.unwrap_or(false);
    c.account_email_block = o.boolean("accountEmailBlock")?.unwrap_or(false);
    Ok(c)
}

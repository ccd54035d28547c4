//! Accounts associated with a contact (`lv_accounts`), listed by name; addresses and custom
//! fields are stored as JSON text.

use std::sync::LazyLock;

use rusqlite::{Row, params};

use super::super::model::account::Account;
use crate::core::TenantId;
use crate::core::Tx;
use crate::core::paging::Window;

const COLUMNS: &str = "name, description, industry, annual_revenue, phone_fax, billing_address, rating, phone_office,
    phone_alternate, website, ownership_type, num_of_employees, ticker_symbol, shipping_address, campaign_id,
    account_number, original_account_number, agent_id, agent_team_id, location, account_source, sic_code, sic_desc,
    classification_id, type_id, custom_fields, id, created_date, created_by, modified_date, modified_by,
    classification_name, type_name, agent_name, agent_team_name";

fn json<T: serde::de::DeserializeOwned>(r: &Row<'_>, i: usize) -> rusqlite::Result<Option<T>> {
    let text: Option<String> = r.get(i)?;
    Ok(text.and_then(|t| serde_json::from_str(&t).ok()))
}

fn from_row(r: &Row<'_>) -> rusqlite::Result<Account> {
    Ok(Account {
        name: r.get(0)?,
        description: r.get(1)?,
        industry: r.get(2)?,
        annual_revenue: r.get(3)?,
        phone_fax: r.get(4)?,
        billing_address: json(r, 5)?,
        rating: r.get(6)?,
        phone_office: r.get(7)?,
        phone_alternate: r.get(8)?,
        website: r.get(9)?,
        ownership_type: r.get(10)?,
        num_of_employees: r.get(11)?,
        ticker_symbol: r.get(12)?,
        shipping_address: json(r, 13)?,
        campaign_id: r.get(14)?,
        account_number: r.get(15)?,
        original_account_number: r.get(16)?,
        agent_id: r.get(17)?,
        agent_team_id: r.get(18)?,
        location: r.get(19)?,
        account_source: r.get(20)?,
        sic_code: r.get(21)?,
        sic_desc: r.get(22)?,
        classification_id: r.get(23)?,
        type_id: r.get(24)?,
        custom_fields: json(r, 25)?.unwrap_or_default(),
        id: r.get(26)?,
        created_date: r.get(27)?,
        created_by: r.get(28)?,
        modified_date: r.get(29)?,
        modified_by: r.get(30)?,
        classification_name: r.get(31)?,
        type_name: r.get(32)?,
        agent_name: r.get(33)?,
        agent_team_name: r.get(34)?,
    })
}

/// A contact's accounts: `?1` the tenant, `?2` the contact, `?3`/`?4` the limit and offset.
pub(super) static OF_CONTACT: LazyLock<String> = LazyLock::new(|| {
    format!("SELECT {COLUMNS} FROM lv_accounts WHERE tenant_id = ?1 AND contact_id = ?2 ORDER BY name, id LIMIT ?3 OFFSET ?4")
});

/// A contact's accounts within `window`, by name (then id).
pub fn of_contact(tx: &Tx, tenant: &TenantId, contact: i64, window: Window) -> rusqlite::Result<Vec<Account>> {
    tx.prepare_cached(&OF_CONTACT)?.query_map(params![tenant, contact, window.limit, window.offset], from_row)?.collect()
}

/// Stores an account of a contact.
pub fn insert(tx: &Tx, tenant: &TenantId, contact: i64, a: &Account) -> rusqlite::Result<()> {
    let text = |v: &Option<super::super::model::account::Address>| v.as_ref().and_then(|x| serde_json::to_string(x).ok());
    let custom = serde_json::to_string(&a.custom_fields).unwrap_or_else(|_| "[]".into());
    tx.prepare_cached(&format!(
        "INSERT INTO lv_accounts (tenant_id, contact_id, {COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,
         ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33,
         ?34, ?35, ?36, ?37)"
    ))?
    .execute(params![
        tenant,
        contact,
        a.name,
        a.description,
        a.industry,
        a.annual_revenue,
        a.phone_fax,
        text(&a.billing_address),
        a.rating,
        a.phone_office,
        a.phone_alternate,
        a.website,
        a.ownership_type,
        a.num_of_employees,
        a.ticker_symbol,
        text(&a.shipping_address),
        a.campaign_id,
        a.account_number,
        a.original_account_number,
        a.agent_id,
        a.agent_team_id,
        a.location,
        a.account_source,
        a.sic_code,
        a.sic_desc,
        a.classification_id,
        a.type_id,
        custom,
        a.id,
        a.created_date,
        a.created_by,
        a.modified_date,
        a.modified_by,
        a.classification_name,
        a.type_name,
        a.agent_name,
        a.agent_team_name,
    ])?;
    Ok(())
}

//! Contacts (`lv_contacts`): one wide row per contact, as LiveVox's own export lays a contact
//! out (phone1..phone10 with their flags, COL1..COL100). The row struct holds every column and
//! its reader is public: search and the CSV export read rows through them. Writes go whole
//! rows at a time; a bulk write is as many statements in the caller's transaction.

use std::sync::LazyLock;

use rusqlite::types::ToSql;
use rusqlite::{CachedStatement, OptionalExtension, Row, params};

use crate::core::Tx;
use crate::core::paging::Window;
use crate::core::sql::{Order, Table};
use crate::core::{TenantId, sequence};

use super::super::dnd::Dnd;

/// How many phones a contact has room for (ordinals 1 to 10).
pub const PHONES: usize = 10;

/// How many custom fields a contact has (COL1 to COL100).
pub const CUSTOM_FIELDS: usize = 100;

/// One phone of a contact (`phone<n>*` columns).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PhoneRow {
    pub phone: Option<String>,
    /// Permanent DND (`phone<n>_dnd`) and the end of the daily one (`phone<n>_daily_until`).
    pub dnd: Dnd,
    pub sms_consent: bool,
    pub cell_consent: bool,
    pub attempts_total: i64,
    /// Counts while `ContactRow::attempts_today_until` is ahead.
    pub attempts_today: i64,
}

/// A contact: every column of `lv_contacts` but `tenant_id`, in the table's order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ContactRow {
    pub id: i64,
    pub account: String,
    pub active: bool,
    pub balance: Option<f64>,
    pub account_to_speak: Option<String>,
    pub amount_to_speak: Option<f64>,
    pub original_account_number: Option<String>,
    /// Epoch milliseconds, as every date column.
    pub due_date: Option<i64>,
    pub group_id: Option<i64>,
    pub agent_id: Option<i64>,
    pub agent_team_id: Option<i64>,
    pub department: Option<String>,
    pub salutation: Option<String>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub email: Option<String>,
    pub date_of_birth: Option<i64>,
    pub ssn: Option<String>,
    pub zip_code: Option<String>,
    pub guarantor_first_name: Option<String>,
    pub guarantor_last_name: Option<String>,
    pub address1: Option<String>,
    pub address2: Option<String>,
    pub city: Option<String>,
    pub state: Option<String>,
    pub country: Option<String>,
    pub country_id: Option<i64>,
    pub primary_email_consent: bool,
    pub primary_sms_consent: bool,
    pub account_email_block: bool,
    /// The account's DND (`dnd`, `dnd_daily_until`).
    pub dnd: Dnd,
    pub call_attempts_total: i64,
    pub call_attempts_today: i64,
    /// The "today" counters (the account's and each phone's) count while this is ahead.
    pub attempts_today_until: Option<String>,
    pub happiness_index: i64,
    pub lv_account_id: Option<i64>,
    pub initial_load_date: Option<i64>,
    pub initial_load_campaign_id: Option<i64>,
    pub last_load_date: Option<i64>,
    pub last_load_campaign_id: Option<i64>,
    pub create_date: i64,
    pub create_user: Option<String>,
    pub modify_date: i64,
    pub modify_user: Option<String>,
    /// Phones 1 to 10 (index 0 is ordinal 1).
    pub phones: [PhoneRow; PHONES],
    /// COL1 to COL100 (index 0 is COL1).
    pub cols: Vec<Option<String>>,
}

impl ContactRow {
    /// A contact with nothing set but its id, account and dates.
    pub fn new(id: i64, account: String, now_ms: i64) -> ContactRow {
        ContactRow {
            id,
            account,
            create_date: now_ms,
            modify_date: now_ms,
            cols: vec![None; CUSTOM_FIELDS],
            ..ContactRow::default()
        }
    }
}

/// Each phone's seven columns ([`PHONE_COLUMNS`]), for phones `$n`, each list after a comma.
macro_rules! phone_columns {
    ($($n:literal)*) => {
        concat!($(
            ", c.phone", $n, ", c.phone", $n, "_dnd, c.phone", $n, "_daily_until, c.phone", $n, "_sms_consent, c.phone",
            $n, "_cell_consent, c.phone", $n, "_attempts_total, c.phone", $n, "_attempts_today"
        ),*)
    };
}

/// The account's columns, then each phone's seven: what a search's answer shows of a contact.
macro_rules! account_columns {
    () => {
        concat!(
            "c.id, c.account, c.active, c.balance, c.account_to_speak, c.amount_to_speak, c.original_account_number,
         c.due_date, c.group_id, c.agent_id, c.agent_team_id, c.department, c.salutation, c.title, c.description,
         c.first_name, c.last_name, c.email, c.date_of_birth, c.ssn, c.zip_code, c.guarantor_first_name,
         c.guarantor_last_name, c.address1, c.address2, c.city, c.state, c.country, c.country_id,
         c.primary_email_consent, c.primary_sms_consent, c.account_email_block, c.dnd, c.dnd_daily_until,
         c.call_attempts_total, c.call_attempts_today, c.attempts_today_until, c.happiness_index, c.lv_account_id,
         c.initial_load_date, c.initial_load_campaign_id, c.last_load_date, c.last_load_campaign_id, c.create_date,
         c.create_user, c.modify_date, c.modify_user",
            phone_columns!(1 2 3 4 5 6 7 8 9 10)
        )
    };
}

/// COL1..COL100.
macro_rules! custom_columns {
    () => {
        "c.col1, c.col2, c.col3, c.col4, c.col5, c.col6, c.col7, c.col8, c.col9, c.col10,
         c.col11, c.col12, c.col13, c.col14, c.col15, c.col16, c.col17, c.col18, c.col19, c.col20,
         c.col21, c.col22, c.col23, c.col24, c.col25, c.col26, c.col27, c.col28, c.col29, c.col30,
         c.col31, c.col32, c.col33, c.col34, c.col35, c.col36, c.col37, c.col38, c.col39, c.col40,
         c.col41, c.col42, c.col43, c.col44, c.col45, c.col46, c.col47, c.col48, c.col49, c.col50,
         c.col51, c.col52, c.col53, c.col54, c.col55, c.col56, c.col57, c.col58, c.col59, c.col60,
         c.col61, c.col62, c.col63, c.col64, c.col65, c.col66, c.col67, c.col68, c.col69, c.col70,
         c.col71, c.col72, c.col73, c.col74, c.col75, c.col76, c.col77, c.col78, c.col79, c.col80,
         c.col81, c.col82, c.col83, c.col84, c.col85, c.col86, c.col87, c.col88, c.col89, c.col90,
         c.col91, c.col92, c.col93, c.col94, c.col95, c.col96, c.col97, c.col98, c.col99, c.col100"
    };
}

/// What [`read_row`] reads, in its order: the account's columns, then each phone's seven, then
/// COL1..COL100.
pub const COLUMNS: &str = concat!(account_columns!(), ", ", custom_columns!());

/// [`COLUMNS`] without COL1..COL100, which a search's answer does not show: what
/// [`read_found_row`] reads. Reading a hundred more columns of every row found took a search's
/// page a sixth more time.
pub const FOUND_COLUMNS: &str = account_columns!();

/// One contact found by a search, by its row id: [`FOUND_COLUMNS`].
pub const FOUND_ROW: &str = concat!("SELECT ", account_columns!(), " FROM lv_contacts c WHERE c.rowid = ?");

/// The index in [`COLUMNS`] of the first phone column.
const FIRST_PHONE: usize = 47;
/// How many columns each phone has.
const PHONE_COLUMNS: usize = 7;
/// The index in [`COLUMNS`] of COL1.
const FIRST_COL: usize = FIRST_PHONE + PHONES * PHONE_COLUMNS;

/// Deleting a contact deletes its notes and the accounts associated with it.
pub const TABLE: Table<ContactRow> = Table::new("lv_contacts", "lv_contacts c", ["c.tenant_id", "c.id"], COLUMNS, read_row)
    .cascading(&[
        "DELETE FROM lv_notes WHERE tenant_id = ?1 AND contact_id = ?2",
        "DELETE FROM lv_accounts WHERE tenant_id = ?1 AND contact_id = ?2",
    ])
    .ids_as_rowids("c.rowid");

/// Reads a row selected as [`COLUMNS`] (from index 0).
pub fn read_row(r: &Row<'_>) -> rusqlite::Result<ContactRow> {
    read_row_at(r, 0)
}

/// Reads a row selected as [`FOUND_COLUMNS`]: its custom fields are left out (`cols` empty).
pub fn read_found_row(r: &Row<'_>) -> rusqlite::Result<ContactRow> {
    read_columns(r, 0, false)
}

/// Reads a row whose [`COLUMNS`] start at index `at` (after columns of the caller's own).
pub fn read_row_at(r: &Row<'_>, at: usize) -> rusqlite::Result<ContactRow> {
    read_columns(r, at, true)
}

/// Reads a row whose columns start at index `at`, COL1..COL100 only `with_custom`.
fn read_columns(r: &Row<'_>, at: usize, with_custom: bool) -> rusqlite::Result<ContactRow> {
    let mut phones: [PhoneRow; PHONES] = Default::default();
    for (n, phone) in phones.iter_mut().enumerate() {
        let i = at + FIRST_PHONE + n * PHONE_COLUMNS;
        *phone = PhoneRow {
            phone: r.get(i)?,
            dnd: Dnd { permanent: r.get(i + 1)?, daily_until: r.get(i + 2)? },
            sms_consent: r.get(i + 3)?,
            cell_consent: r.get(i + 4)?,
            attempts_total: r.get(i + 5)?,
            attempts_today: r.get(i + 6)?,
        };
    }
    let custom = if with_custom { CUSTOM_FIELDS } else { 0 };
    let cols = (0..custom).map(|k| r.get(at + FIRST_COL + k)).collect::<rusqlite::Result<Vec<Option<String>>>>()?;
    Ok(ContactRow {
        id: r.get(at)?,
        account: r.get(at + 1)?,
        active: r.get(at + 2)?,
        balance: r.get(at + 3)?,
        account_to_speak: r.get(at + 4)?,
        amount_to_speak: r.get(at + 5)?,
        original_account_number: r.get(at + 6)?,
        due_date: r.get(at + 7)?,
        group_id: r.get(at + 8)?,
        agent_id: r.get(at + 9)?,
        agent_team_id: r.get(at + 10)?,
        department: r.get(at + 11)?,
        salutation: r.get(at + 12)?,
        title: r.get(at + 13)?,
        description: r.get(at + 14)?,
        first_name: r.get(at + 15)?,
        last_name: r.get(at + 16)?,
        email: r.get(at + 17)?,
        date_of_birth: r.get(at + 18)?,
        ssn: r.get(at + 19)?,
        zip_code: r.get(at + 20)?,
        guarantor_first_name: r.get(at + 21)?,
        guarantor_last_name: r.get(at + 22)?,
        address1: r.get(at + 23)?,
        address2: r.get(at + 24)?,
        city: r.get(at + 25)?,
        state: r.get(at + 26)?,
        country: r.get(at + 27)?,
        country_id: r.get(at + 28)?,
        primary_email_consent: r.get(at + 29)?,
        primary_sms_consent: r.get(at + 30)?,
        account_email_block: r.get(at + 31)?,
        dnd: Dnd { permanent: r.get(at + 32)?, daily_until: r.get(at + 33)? },
        call_attempts_total: r.get(at + 34)?,
        call_attempts_today: r.get(at + 35)?,
        attempts_today_until: r.get(at + 36)?,
        happiness_index: r.get(at + 37)?,
        lv_account_id: r.get(at + 38)?,
        initial_load_date: r.get(at + 39)?,
        initial_load_campaign_id: r.get(at + 40)?,
        last_load_date: r.get(at + 41)?,
        last_load_campaign_id: r.get(at + 42)?,
        create_date: r.get(at + 43)?,
        create_user: r.get(at + 44)?,
        modify_date: r.get(at + 45)?,
        modify_user: r.get(at + 46)?,
        phones,
        cols,
    })
}

/// The values of `c` in [`COLUMNS`]' order.
fn values(c: &ContactRow) -> Vec<&dyn ToSql> {
    let mut v: Vec<&dyn ToSql> = vec![
        &c.id,
        &c.account,
        &c.active,
        &c.balance,
        &c.account_to_speak,
        &c.amount_to_speak,
        &c.original_account_number,
        &c.due_date,
        &c.group_id,
        &c.agent_id,
        &c.agent_team_id,
        &c.department,
        &c.salutation,
        &c.title,
        &c.description,
        &c.first_name,
        &c.last_name,
        &c.email,
        &c.date_of_birth,
        &c.ssn,
        &c.zip_code,
        &c.guarantor_first_name,
        &c.guarantor_last_name,
        &c.address1,
        &c.address2,
        &c.city,
        &c.state,
        &c.country,
        &c.country_id,
        &c.primary_email_consent,
        &c.primary_sms_consent,
        &c.account_email_block,
        &c.dnd.permanent,
        &c.dnd.daily_until,
        &c.call_attempts_total,
        &c.call_attempts_today,
        &c.attempts_today_until,
        &c.happiness_index,
        &c.lv_account_id,
        &c.initial_load_date,
        &c.initial_load_campaign_id,
        &c.last_load_date,
        &c.last_load_campaign_id,
        &c.create_date,
        &c.create_user,
        &c.modify_date,
        &c.modify_user,
    ];
    for p in &c.phones {
        v.extend([
            &p.phone as &dyn ToSql,
            &p.dnd.permanent,
            &p.dnd.daily_until,
            &p.sms_consent,
            &p.cell_consent,
            &p.attempts_total,
            &p.attempts_today,
        ]);
    }
    v.extend(c.cols.iter().map(|col| col as &dyn ToSql));
    v
}

/// The bare names of [`COLUMNS`].
fn names() -> impl Iterator<Item = &'static str> {
    COLUMNS.split(',').map(|c| c.trim().trim_start_matches("c."))
}

/// Writes a new row of every column, or nothing when tenant `?1` has its account already.
static INSERT: LazyLock<String> = LazyLock::new(|| {
    let names: Vec<&str> = names().collect();
    let slots: Vec<String> = (1..=names.len() + 1).map(|i| format!("?{i}")).collect();
    format!(
        "INSERT INTO lv_contacts (tenant_id, {}) VALUES ({}) ON CONFLICT (tenant_id, account) DO NOTHING",
        names.join(", "),
        slots.join(", ")
    )
});

/// Stores a new contact; false (and nothing stored) when its account exists already.
pub fn insert(tx: &Tx, tenant: &TenantId, c: &ContactRow) -> rusqlite::Result<bool> {
    Inserter::new(tx, tenant).insert(c)
}

/// Stores new contacts one after another, as [`insert`] does, with one statement of every
/// column made once: a row's unset columns are written as the values the table would default
/// them to (NULL, or 0 for the flags and counters), which store the same. Contacts set few of
/// their 200-odd columns, each a different few; a statement per set of columns cost a demo
/// start-up ~20 ms of statement building.
pub struct Inserter<'t> {
    tx: &'t Tx,
    tenant: &'t TenantId,
    stmt: Option<CachedStatement<'t>>,
}

impl<'t> Inserter<'t> {
    pub fn new(tx: &'t Tx, tenant: &'t TenantId) -> Inserter<'t> {
        Inserter { tx, tenant, stmt: None }
    }

    /// Stores `c`; false (and nothing stored) when its account exists already.
    pub fn insert(&mut self, c: &ContactRow) -> rusqlite::Result<bool> {
        let mut given = values(c);
        given.insert(0, self.tenant);
        let stmt = match &mut self.stmt {
            Some(stmt) => stmt,
            none => none.insert(self.tx.prepare_cached(&INSERT)?),
        };
        Ok(stmt.execute(given.as_slice())? == 1)
    }
}

/// Rewrites row `?2` (the id) of tenant `?1` with [`COLUMNS`] in order.
static UPDATE: LazyLock<String> = LazyLock::new(|| {
    let sets: Vec<String> = names().enumerate().skip(1).map(|(i, name)| format!("{name} = ?{}", i + 2)).collect();
    format!("UPDATE lv_contacts SET {} WHERE tenant_id = ?1 AND id = ?2", sets.join(", "))
});

/// Writes every column of contact `c.id`.
pub fn update(tx: &Tx, tenant: &TenantId, c: &ContactRow) -> rusqlite::Result<()> {
    let mut v = values(c);
    v.insert(0, tenant);
    tx.prepare_cached(&UPDATE)?.execute(v.as_slice())?;
    Ok(())
}

/// The first of `n` new ids taken at once (`n` at least 1): a bulk create costs one sequence
/// step, not one per contact.
pub fn reserve_ids(tx: &Tx, tenant: &TenantId, n: usize) -> rusqlite::Result<i64> {
    let first = TABLE.next_id(tx, tenant)?;
    let last = first.saturating_add(n.saturating_sub(1) as i64);
    if last > first {
        sequence::claim_id(tx, tenant, TABLE.name(), last)?;
    }
    Ok(first)
}

/// Contact `?2` of tenant `?1` by its account: a point read on `(tenant_id, account)`.
pub(super) static BY_ACCOUNT: LazyLock<String> =
    LazyLock::new(|| format!("SELECT {COLUMNS} FROM lv_contacts c WHERE c.tenant_id = ?1 AND c.account = ?2"));

/// The contact with account `account` (matched exactly).
pub fn by_account(tx: &Tx, tenant: &TenantId, account: &str) -> rusqlite::Result<Option<ContactRow>> {
    tx.prepare_cached(&BY_ACCOUNT)?.query_row(params![tenant, account], read_row).optional()
}

/// The contact with id `id`.
pub fn by_id(tx: &Tx, tenant: &TenantId, id: i64) -> rusqlite::Result<Option<ContactRow>> {
    TABLE.by_id(tx, tenant, &id)
}

/// The tenant's contacts within `window`, in the order they were stored.
pub fn stored(tx: &Tx, tenant: &TenantId, window: Window) -> rusqlite::Result<Vec<ContactRow>> {
    TABLE.rows(tx, &TABLE.filter(tenant), &Order::default(), window)
}

/// Deletes contact `id` with what hangs off it.
pub fn delete(tx: &Tx, tenant: &TenantId, id: i64) -> rusqlite::Result<()> {
    TABLE.delete(tx, tenant, &id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::Connection;

    fn db() -> Connection {
        crate::core::sql::plan::schema_db(include_str!("../schema.sql"))
    }

    /// The columns of `lv_contacts` (but `tenant_id`) that `condition` admits, in order.
    fn columns(conn: &Connection, condition: &str) -> Vec<String> {
        let sql =
            format!("SELECT name FROM pragma_table_info('lv_contacts') WHERE name <> 'tenant_id' AND {condition} ORDER BY cid");
        conn.prepare(&sql).unwrap().query_map([], |r| r.get(0)).unwrap().collect::<rusqlite::Result<_>>().unwrap()
    }

    #[test]
    fn the_columns_are_the_tables_own_in_order() {
        let conn = db();
        let table = columns(&conn, "1");
        assert_eq!(names().collect::<Vec<_>>(), table);
        // Every column a new contact leaves unset defaults to what its row holds for it.
        let defaults = columns(&conn, "dflt_value IS NOT NULL AND dflt_value <> '0'");
        assert!(defaults.is_empty(), "{defaults:?}");
        assert_eq!(FIRST_COL + CUSTOM_FIELDS, table.len());
    }

    #[test]
    fn a_row_is_written_and_read_back_whole() {
        let mut conn = db();
        let tx = conn.transaction().unwrap();
        let tenant = TenantId::from("t");
        let mut c = ContactRow::new(7, "MF1234".into(), 1_500_000_000_000);
        c.balance = Some(10.5);
        c.dnd = Dnd { permanent: true, daily_until: Some("2024-01-02T00:00:00.000Z".into()) };
        c.phones[6] = PhoneRow { phone: Some("6564445559".into()), sms_consent: true, attempts_total: 3, ..PhoneRow::default() };
        c.cols[99] = Some("last".into());
        c.modify_user = Some("admin".into());
        assert!(insert(&tx, &tenant, &c).unwrap());
        assert!(!insert(&tx, &tenant, &ContactRow::new(8, "MF1234".into(), 0)).unwrap(), "the account exists");
        assert!(insert(&tx, &tenant, &ContactRow::new(8, "mf1234".into(), 0)).unwrap(), "accounts match exactly");
        assert_eq!(by_account(&tx, &tenant, "MF1234").unwrap(), Some(c.clone()));
        c.city = Some("Austin".into());
        c.phones[6].dnd.permanent = true;
        update(&tx, &tenant, &c).unwrap();
        assert_eq!(by_id(&tx, &tenant, 7).unwrap(), Some(c.clone()));
        // A search reads all but the custom fields.
        let found = tx
            .query_row(
                &format!("SELECT {FOUND_COLUMNS} FROM lv_contacts c WHERE c.tenant_id = 't' AND c.id = 7"),
                [],
                read_found_row,
            )
            .unwrap();
        assert_eq!(FOUND_COLUMNS.split(',').count(), FIRST_COL);
        assert_eq!(found, ContactRow { cols: Vec::new(), ..c.clone() });
        assert_eq!(stored(&tx, &tenant, Window { offset: 0, limit: 5 }).unwrap().len(), 2);
        assert_eq!(stored(&tx, &tenant, Window { offset: 1, limit: 5 }).unwrap().iter().map(|c| c.id).collect::<Vec<_>>(), [8]);
        delete(&tx, &tenant, 7).unwrap();
        assert_eq!((reserve_ids(&tx, &tenant, 3).unwrap(), reserve_ids(&tx, &tenant, 1).unwrap()), (1, 4));
        assert!(by_account(&tx, &tenant, "MF1234").unwrap().is_none());
        assert!(by_account(&tx, &TenantId::from("u"), "mf1234").unwrap().is_none());
    }
}

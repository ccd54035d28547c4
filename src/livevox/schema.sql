-- LiveVox. Every table leads with tenant_id. Dates on the wire are epoch milliseconds and are
-- stored so (INTEGER); instants of the emulator's clock that only the server compares (session
-- and daily-DND expiry) are UTC text YYYY-MM-DDTHH:MM:SS.sssZ, so text order is time order.
-- Booleans are 0/1. Text compares as LiveVox's portal does: account numbers exactly (MF1234 and
-- mf1234 are two accounts), names and places without regard to ASCII case.

-- The tenant's LiveVox client: its client code (`clientName` at login), numeric client id and
-- API access token (`LV-Access`), installed from the tenant's credentials.
CREATE TABLE IF NOT EXISTS lv_clients (
    tenant_id    TEXT NOT NULL PRIMARY KEY,
    client_name  TEXT NOT NULL,
    client_id    INTEGER NOT NULL,
    access_token TEXT NOT NULL UNIQUE
);

-- Portal users (one per role in a new tenant). `role` is Sysadmin, Superuser, Manager,
-- IT User or Agent.
CREATE TABLE IF NOT EXISTS lv_users (
    tenant_id TEXT NOT NULL,
    id        INTEGER NOT NULL,
    user_name TEXT NOT NULL,
    password  TEXT NOT NULL,
    role      TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, user_name)
);

-- Sessions from POST /session/login. A session ends `expires_at` (two hours after its last
-- use, by the emulator's clock) or at logout.
CREATE TABLE IF NOT EXISTS lv_sessions (
    tenant_id  TEXT NOT NULL,
    id         TEXT NOT NULL PRIMARY KEY,   -- a UUID, unique across tenants
    user_id    INTEGER NOT NULL,
    agent      INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS lv_sessions_user ON lv_sessions (tenant_id, user_id);

CREATE TABLE IF NOT EXISTS lv_groups (
    tenant_id   TEXT NOT NULL,
    id          INTEGER NOT NULL,
    name        TEXT NOT NULL,
    created_by  TEXT,
    modified_by TEXT,
    created_at  INTEGER NOT NULL,
    modified_at INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, id)
);

-- Contacts: one wide row, as LiveVox's own export lays a contact out (phone1..phone10 with
-- their flags, COL1..COL100). Daily DND is "set until" the next local midnight of the
-- tenant's time zone: it is on while *_daily_until > now.
CREATE TABLE IF NOT EXISTS lv_contacts (
    tenant_id                TEXT NOT NULL,
    id                       INTEGER NOT NULL,
    account                  TEXT NOT NULL,
    active                   INTEGER NOT NULL DEFAULT 0,
    balance                  REAL,
    account_to_speak         TEXT,
    amount_to_speak          REAL,
    original_account_number  TEXT,
    due_date                 INTEGER,
    group_id                 INTEGER,
    agent_id                 INTEGER,
    agent_team_id            INTEGER,
    department               TEXT COLLATE NOCASE,
    salutation               TEXT COLLATE NOCASE,
    title                    TEXT COLLATE NOCASE,
    description              TEXT COLLATE NOCASE,
    first_name               TEXT COLLATE NOCASE,
    last_name                TEXT COLLATE NOCASE,
    email                    TEXT COLLATE NOCASE,
    date_of_birth            INTEGER,
    ssn                      TEXT,
    zip_code                 TEXT COLLATE NOCASE,
    guarantor_first_name     TEXT COLLATE NOCASE,
    guarantor_last_name      TEXT COLLATE NOCASE,
    address1                 TEXT COLLATE NOCASE,
    address2                 TEXT COLLATE NOCASE,
    city                     TEXT COLLATE NOCASE,
    state                    TEXT COLLATE NOCASE,
    country                  TEXT COLLATE NOCASE,
    country_id               INTEGER,
    primary_email_consent    INTEGER NOT NULL DEFAULT 0,
    primary_sms_consent      INTEGER NOT NULL DEFAULT 0,
    account_email_block      INTEGER NOT NULL DEFAULT 0,
    dnd                      INTEGER NOT NULL DEFAULT 0,   -- permanent account DND
    dnd_daily_until          TEXT,                         -- daily account DND while > now
    call_attempts_total      INTEGER NOT NULL DEFAULT 0,
    call_attempts_today      INTEGER NOT NULL DEFAULT 0,
    attempts_today_until     TEXT,                         -- the "today" counters count while > now
    happiness_index          INTEGER NOT NULL DEFAULT 0,
    lv_account_id            INTEGER,
    initial_load_date        INTEGER,
    initial_load_campaign_id INTEGER,
    last_load_date           INTEGER,
    last_load_campaign_id    INTEGER,
    create_date              INTEGER NOT NULL,
    create_user              TEXT,
    modify_date              INTEGER NOT NULL,
    modify_user              TEXT,
    phone1 TEXT, phone1_dnd INTEGER NOT NULL DEFAULT 0, phone1_daily_until TEXT, phone1_sms_consent INTEGER NOT NULL DEFAULT 0, phone1_cell_consent INTEGER NOT NULL DEFAULT 0, phone1_attempts_total INTEGER NOT NULL DEFAULT 0, phone1_attempts_today INTEGER NOT NULL DEFAULT 0,
    phone2 TEXT, phone2_dnd INTEGER NOT NULL DEFAULT 0, phone2_daily_until TEXT, phone2_sms_consent INTEGER NOT NULL DEFAULT 0, phone2_cell_consent INTEGER NOT NULL DEFAULT 0, phone2_attempts_total INTEGER NOT NULL DEFAULT 0, phone2_attempts_today INTEGER NOT NULL DEFAULT 0,
    phone3 TEXT, phone3_dnd INTEGER NOT NULL DEFAULT 0, phone3_daily_until TEXT, phone3_sms_consent INTEGER NOT NULL DEFAULT 0, phone3_cell_consent INTEGER NOT NULL DEFAULT 0, phone3_attempts_total INTEGER NOT NULL DEFAULT 0, phone3_attempts_today INTEGER NOT NULL DEFAULT 0,
    phone4 TEXT, phone4_dnd INTEGER NOT NULL DEFAULT 0, phone4_daily_until TEXT, phone4_sms_consent INTEGER NOT NULL DEFAULT 0, phone4_cell_consent INTEGER NOT NULL DEFAULT 0, phone4_attempts_total INTEGER NOT NULL DEFAULT 0, phone4_attempts_today INTEGER NOT NULL DEFAULT 0,
    phone5 TEXT, phone5_dnd INTEGER NOT NULL DEFAULT 0, phone5_daily_until TEXT, phone5_sms_consent INTEGER NOT NULL DEFAULT 0, phone5_cell_consent INTEGER NOT NULL DEFAULT 0, phone5_attempts_total INTEGER NOT NULL DEFAULT 0, phone5_attempts_today INTEGER NOT NULL DEFAULT 0,
    phone6 TEXT, phone6_dnd INTEGER NOT NULL DEFAULT 0, phone6_daily_until TEXT, phone6_sms_consent INTEGER NOT NULL DEFAULT 0, phone6_cell_consent INTEGER NOT NULL DEFAULT 0, phone6_attempts_total INTEGER NOT NULL DEFAULT 0, phone6_attempts_today INTEGER NOT NULL DEFAULT 0,
    phone7 TEXT, phone7_dnd INTEGER NOT NULL DEFAULT 0, phone7_daily_until TEXT, phone7_sms_consent INTEGER NOT NULL DEFAULT 0, phone7_cell_consent INTEGER NOT NULL DEFAULT 0, phone7_attempts_total INTEGER NOT NULL DEFAULT 0, phone7_attempts_today INTEGER NOT NULL DEFAULT 0,
    phone8 TEXT, phone8_dnd INTEGER NOT NULL DEFAULT 0, phone8_daily_until TEXT, phone8_sms_consent INTEGER NOT NULL DEFAULT 0, phone8_cell_consent INTEGER NOT NULL DEFAULT 0, phone8_attempts_total INTEGER NOT NULL DEFAULT 0, phone8_attempts_today INTEGER NOT NULL DEFAULT 0,
    phone9 TEXT, phone9_dnd INTEGER NOT NULL DEFAULT 0, phone9_daily_until TEXT, phone9_sms_consent INTEGER NOT NULL DEFAULT 0, phone9_cell_consent INTEGER NOT NULL DEFAULT 0, phone9_attempts_total INTEGER NOT NULL DEFAULT 0, phone9_attempts_today INTEGER NOT NULL DEFAULT 0,
    phone10 TEXT, phone10_dnd INTEGER NOT NULL DEFAULT 0, phone10_daily_until TEXT, phone10_sms_consent INTEGER NOT NULL DEFAULT 0, phone10_cell_consent INTEGER NOT NULL DEFAULT 0, phone10_attempts_total INTEGER NOT NULL DEFAULT 0, phone10_attempts_today INTEGER NOT NULL DEFAULT 0,
    col1 TEXT, col2 TEXT, col3 TEXT, col4 TEXT, col5 TEXT, col6 TEXT, col7 TEXT, col8 TEXT, col9 TEXT, col10 TEXT,
    col11 TEXT, col12 TEXT, col13 TEXT, col14 TEXT, col15 TEXT, col16 TEXT, col17 TEXT, col18 TEXT, col19 TEXT, col20 TEXT,
    col21 TEXT, col22 TEXT, col23 TEXT, col24 TEXT, col25 TEXT, col26 TEXT, col27 TEXT, col28 TEXT, col29 TEXT, col30 TEXT,
    col31 TEXT, col32 TEXT, col33 TEXT, col34 TEXT, col35 TEXT, col36 TEXT, col37 TEXT, col38 TEXT, col39 TEXT, col40 TEXT,
    col41 TEXT, col42 TEXT, col43 TEXT, col44 TEXT, col45 TEXT, col46 TEXT, col47 TEXT, col48 TEXT, col49 TEXT, col50 TEXT,
    col51 TEXT, col52 TEXT, col53 TEXT, col54 TEXT, col55 TEXT, col56 TEXT, col57 TEXT, col58 TEXT, col59 TEXT, col60 TEXT,
    col61 TEXT, col62 TEXT, col63 TEXT, col64 TEXT, col65 TEXT, col66 TEXT, col67 TEXT, col68 TEXT, col69 TEXT, col70 TEXT,
    col71 TEXT, col72 TEXT, col73 TEXT, col74 TEXT, col75 TEXT, col76 TEXT, col77 TEXT, col78 TEXT, col79 TEXT, col80 TEXT,
    col81 TEXT, col82 TEXT, col83 TEXT, col84 TEXT, col85 TEXT, col86 TEXT, col87 TEXT, col88 TEXT, col89 TEXT, col90 TEXT,
    col91 TEXT, col92 TEXT, col93 TEXT, col94 TEXT, col95 TEXT, col96 TEXT, col97 TEXT, col98 TEXT, col99 TEXT, col100 TEXT,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, account)
);
CREATE INDEX IF NOT EXISTS lv_contacts_modified ON lv_contacts (tenant_id, modify_date);
-- Find Matching Contact's names (each column's NOCASE collation, and the full name as the
-- search writes it) and e-mail address are read from these indexes. Each ends with the id, so
-- a search's matching ids come from the index alone and a page in id order reads only its own
-- rows. (Each index is one more page a write dirties: fields searched less, such as the group,
-- have none.)
CREATE INDEX IF NOT EXISTS lv_contacts_first_name ON lv_contacts (tenant_id, first_name, id);
CREATE INDEX IF NOT EXISTS lv_contacts_last_name ON lv_contacts (tenant_id, last_name, id);
CREATE INDEX IF NOT EXISTS lv_contacts_full_name ON lv_contacts (tenant_id, (first_name || ' ' || last_name) COLLATE NOCASE, id);
CREATE INDEX IF NOT EXISTS lv_contacts_email ON lv_contacts (tenant_id, email, id);

-- Every phone of every contact, one row each (phone1..phone10 are ten columns no index can
-- search together): Find Matching Contact's `phone` reads this table. The triggers below keep
-- it in step with lv_contacts on every write (API writes, bulk creates, arrange, reset,
-- snapshot restore). Its tenant column is `tenant`, not `tenant_id`, so tenant-wide clearing
-- and snapshots handle only lv_contacts and the triggers do the rest.
CREATE TABLE IF NOT EXISTS lv_contact_phones (
    tenant     TEXT NOT NULL,
    phone      TEXT NOT NULL,
    contact_id INTEGER NOT NULL,
    PRIMARY KEY (tenant, phone, contact_id)
) WITHOUT ROWID;
CREATE TRIGGER IF NOT EXISTS lv_contacts_phones_insert AFTER INSERT ON lv_contacts BEGIN
    INSERT OR IGNORE INTO lv_contact_phones (tenant, phone, contact_id)
        SELECT new.tenant_id, j.value, new.id FROM json_each(json_array(new.phone1, new.phone2, new.phone3, new.phone4, new.phone5, new.phone6, new.phone7, new.phone8, new.phone9, new.phone10)) j
            WHERE j.value IS NOT NULL;
END;
CREATE TRIGGER IF NOT EXISTS lv_contacts_phones_delete AFTER DELETE ON lv_contacts BEGIN
    DELETE FROM lv_contact_phones
        WHERE tenant = old.tenant_id AND phone IN (old.phone1, old.phone2, old.phone3, old.phone4, old.phone5, old.phone6, old.phone7, old.phone8, old.phone9, old.phone10) AND contact_id = old.id;
END;
CREATE TRIGGER IF NOT EXISTS lv_contacts_phones_update AFTER UPDATE OF phone1, phone2, phone3, phone4, phone5, phone6, phone7, phone8, phone9, phone10 ON lv_contacts
WHEN old.phone1 IS NOT new.phone1 OR old.phone2 IS NOT new.phone2 OR old.phone3 IS NOT new.phone3 OR old.phone4 IS NOT new.phone4 OR old.phone5 IS NOT new.phone5 OR old.phone6 IS NOT new.phone6 OR old.phone7 IS NOT new.phone7 OR old.phone8 IS NOT new.phone8 OR old.phone9 IS NOT new.phone9 OR old.phone10 IS NOT new.phone10 BEGIN
    DELETE FROM lv_contact_phones
        WHERE tenant = old.tenant_id AND phone IN (old.phone1, old.phone2, old.phone3, old.phone4, old.phone5, old.phone6, old.phone7, old.phone8, old.phone9, old.phone10) AND contact_id = old.id;
    INSERT OR IGNORE INTO lv_contact_phones (tenant, phone, contact_id)
        SELECT new.tenant_id, j.value, new.id FROM json_each(json_array(new.phone1, new.phone2, new.phone3, new.phone4, new.phone5, new.phone6, new.phone7, new.phone8, new.phone9, new.phone10)) j
            WHERE j.value IS NOT NULL;
END;

-- Custom field definitions (labels) of COL1..COL100; a field without a row has no label and
-- is not listed.
CREATE TABLE IF NOT EXISTS lv_custom_fields (
    tenant_id   TEXT NOT NULL,
    field       INTEGER NOT NULL,            -- 1..100 (COL1..COL100)
    label       TEXT NOT NULL,
    data_type   TEXT NOT NULL DEFAULT 'NUMBER',
    list_values TEXT,                        -- a JSON array of strings, for LIST
    PRIMARY KEY (tenant_id, field)
) WITHOUT ROWID;

-- Contact notes (read-only through the API; arranged through the admin API).
CREATE TABLE IF NOT EXISTS lv_notes (
    tenant_id      TEXT NOT NULL,
    id             INTEGER NOT NULL,
    contact_id     INTEGER NOT NULL,
    note           TEXT NOT NULL,
    session_id     TEXT,
    transaction_id INTEGER,
    create_date    INTEGER NOT NULL,
    modified_date  INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
-- A contact's notes, newest first.
CREATE INDEX IF NOT EXISTS lv_notes_contact ON lv_notes (tenant_id, contact_id, create_date, id);

-- Accounts (Contact Manager's companies) associated with a contact, listed by name. The
-- document's fields, the addresses and custom fields as JSON text.
CREATE TABLE IF NOT EXISTS lv_accounts (
    tenant_id               TEXT NOT NULL,
    id                      INTEGER NOT NULL,
    contact_id              INTEGER NOT NULL,
    name                    TEXT NOT NULL,
    description             TEXT,
    industry                TEXT,
    annual_revenue          INTEGER,
    phone_fax               TEXT,
    billing_address         TEXT,            -- JSON {street, city, state, postalCode, country}
    rating                  TEXT,
    phone_office            TEXT,
    phone_alternate         TEXT,
    website                 TEXT,
    ownership_type          TEXT,
    num_of_employees        INTEGER,
    ticker_symbol           TEXT,
    shipping_address        TEXT,            -- JSON, as billing_address
    campaign_id             INTEGER,
    account_number          TEXT,
    original_account_number TEXT,
    agent_id                INTEGER,
    agent_team_id           INTEGER,
    location                TEXT,
    account_source          TEXT,
    sic_code                TEXT,
    sic_desc                TEXT,
    classification_id       INTEGER,
    classification_name     TEXT,
    type_id                 INTEGER,
    type_name               TEXT,
    agent_name              TEXT,
    agent_team_name         TEXT,
    custom_fields           TEXT NOT NULL DEFAULT '[]',   -- JSON [{field, value}]
    created_date            INTEGER NOT NULL,
    created_by              TEXT,
    modified_date           INTEGER NOT NULL,
    modified_by             TEXT,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX IF NOT EXISTS lv_accounts_contact ON lv_accounts (tenant_id, contact_id, name, id);

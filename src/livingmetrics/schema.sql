-- LivingMetrics. Every table leads with tenant_id. Timestamps are ISO 8601 UTC text
-- (YYYY-MM-DDTHH:MM:SSZ), so text order is time order. Lists of a record that are only ever
-- rendered are stored as JSON; what is filtered on also has an index table.

CREATE TABLE IF NOT EXISTS lm_users (
    tenant_id      TEXT NOT NULL,
    id             INTEGER NOT NULL,
    first_name     TEXT,
    last_name      TEXT,
    email          TEXT,
    api_key        TEXT,
    own_tasks_only INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX IF NOT EXISTS lm_users_api_key ON lm_users (api_key) WHERE api_key IS NOT NULL;

CREATE TABLE IF NOT EXISTS lm_contacts (
    tenant_id   TEXT NOT NULL,
    id          INTEGER NOT NULL,
    first_name  TEXT,
    last_name   TEXT,
    company     TEXT,
    title       TEXT,
    emails      TEXT NOT NULL DEFAULT '[]',
    phones      TEXT NOT NULL DEFAULT '[]',
    tags        TEXT NOT NULL DEFAULT '[]',
    lead_score  INTEGER NOT NULL DEFAULT 0,
    employer_id INTEGER,
    list_ids    TEXT NOT NULL DEFAULT '[]',
    crm_ids     TEXT NOT NULL DEFAULT '[]',
    custom      TEXT NOT NULL DEFAULT '{}',
    search_text TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    visible_at  TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX IF NOT EXISTS lm_contacts_visible ON lm_contacts (tenant_id, visible_at, id);
CREATE INDEX IF NOT EXISTS lm_contacts_updated ON lm_contacts (tenant_id, updated_at, id);
CREATE INDEX IF NOT EXISTS lm_contacts_created ON lm_contacts (tenant_id, created_at, id);
CREATE INDEX IF NOT EXISTS lm_contacts_employer ON lm_contacts (tenant_id, employer_id, visible_at, id);
-- The other orders of List Contacts (company names ignoring case, as the order compares them).
CREATE INDEX IF NOT EXISTS lm_contacts_company ON lm_contacts (tenant_id, company COLLATE NOCASE, id);
CREATE INDEX IF NOT EXISTS lm_contacts_lead_score ON lm_contacts (tenant_id, lead_score, id);

-- A trigram index of search_text, so that search_term (a substring search) reads only the
-- contacts holding the term. Its rowid is a key that puts the tenant first and then the
-- contact's place in the default order (`visible_at`), so that a count of a tenant's matches is
-- a range of the index alone, and the first page of matches in that order reads the index from
-- one end: bits 48-62 are the tenant's number (core_search_tenants), bits 32-47 the day of
-- `visible_at` (days since 1970, held within 0..65535), bits 0-31 the contact's rowid.
-- Contentless: the text stays in lm_contacts, and the triggers delete a row by giving its text
-- back. Case-sensitive trigrams over the lower-cased text: a quoted phrase of the lower-cased
-- term matches exactly the contacts whose text holds the term (the `LIKE` over the text).
-- Triggers keep it in step with every insert, update and delete, including tenant deletes,
-- resets and snapshot restores; a bulk load pauses them for the contacts it writes and fills the
-- index at its end (core_search_paused).
CREATE VIRTUAL TABLE IF NOT EXISTS lm_contacts_search
    USING fts5(search_text, content = '', columnsize = 0, tokenize = 'trigram case_sensitive 1');
-- The key and text of each contact in the index, as the triggers write them (the deletes write
-- the same of the old row): what the end of a paused bulk load fills the index with.
CREATE VIEW IF NOT EXISTS lm_contacts_search_keys (contact, key, search_text) AS SELECT c.rowid,
    ((SELECT n FROM core_search_tenants WHERE tenant = c.tenant_id AND kind = 'lm_contacts_search') << 48)
        | (max(0, min(65535, coalesce(CAST(julianday(c.visible_at) - 2440587.5 AS INTEGER), 0))) << 32) | c.rowid,
    c.search_text
    FROM lm_contacts c;
CREATE TRIGGER IF NOT EXISTS lm_contacts_search_insert AFTER INSERT ON lm_contacts BEGIN
    SELECT RAISE(ABORT, 'lm_contacts: rowid beyond the search index keys') WHERE new.rowid >= 4294967296;
    INSERT INTO core_search_claims (tenant, kind) VALUES (new.tenant_id, 'lm_contacts_search');
    INSERT INTO lm_contacts_search (rowid, search_text) SELECT key, search_text FROM lm_contacts_search_keys
        WHERE contact = new.rowid AND NOT EXISTS (SELECT 1 FROM core_search_paused WHERE kind = 'lm_contacts_search' AND new.rowid > above);
END;
CREATE TRIGGER IF NOT EXISTS lm_contacts_search_delete AFTER DELETE ON lm_contacts BEGIN
    INSERT INTO lm_contacts_search (lm_contacts_search, rowid, search_text) SELECT 'delete',
        ((SELECT n FROM core_search_tenants WHERE tenant = old.tenant_id AND kind = 'lm_contacts_search') << 48)
            | (max(0, min(65535, coalesce(CAST(julianday(old.visible_at) - 2440587.5 AS INTEGER), 0))) << 32) | old.rowid,
        old.search_text
        WHERE NOT EXISTS (SELECT 1 FROM core_search_paused WHERE kind = 'lm_contacts_search' AND old.rowid > above);
    DELETE FROM core_search_tenants WHERE tenant = old.tenant_id AND kind = 'lm_contacts_search' AND NOT EXISTS (SELECT 1 FROM lm_contacts WHERE tenant_id = old.tenant_id);
END;
CREATE TRIGGER IF NOT EXISTS lm_contacts_search_update AFTER UPDATE OF search_text, visible_at ON lm_contacts BEGIN
    INSERT INTO lm_contacts_search (lm_contacts_search, rowid, search_text) SELECT 'delete',
        ((SELECT n FROM core_search_tenants WHERE tenant = old.tenant_id AND kind = 'lm_contacts_search') << 48)
            | (max(0, min(65535, coalesce(CAST(julianday(old.visible_at) - 2440587.5 AS INTEGER), 0))) << 32) | old.rowid,
        old.search_text
        WHERE NOT EXISTS (SELECT 1 FROM core_search_paused WHERE kind = 'lm_contacts_search' AND old.rowid > above);
    INSERT INTO lm_contacts_search (rowid, search_text) SELECT key, search_text FROM lm_contacts_search_keys
        WHERE contact = new.rowid AND NOT EXISTS (SELECT 1 FROM core_search_paused WHERE kind = 'lm_contacts_search' AND new.rowid > above);
END;

CREATE TABLE IF NOT EXISTS lm_contact_tags (
    tenant_id  TEXT NOT NULL,
    tag        TEXT NOT NULL COLLATE NOCASE,
    contact_id INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, tag, contact_id)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS lm_list_members (
    tenant_id  TEXT NOT NULL,
    list_id    INTEGER NOT NULL,
    contact_id INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, list_id, contact_id)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS lm_contact_crm (
    tenant_id       TEXT NOT NULL,
    crm_id          TEXT NOT NULL,
    crm_type        TEXT NOT NULL COLLATE NOCASE,
    crm_object_type TEXT NOT NULL COLLATE NOCASE,
    contact_id      INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, crm_id, crm_type, crm_object_type, contact_id)
) WITHOUT ROWID;
-- crm_type and crm_object_type filter without crm_ids too.
CREATE INDEX IF NOT EXISTS lm_contact_crm_type ON lm_contact_crm (tenant_id, crm_type, crm_object_type);

CREATE TABLE IF NOT EXISTS lm_deals (
    tenant_id  TEXT NOT NULL,
    id         INTEGER NOT NULL,
    contact_id INTEGER NOT NULL,
    name       TEXT NOT NULL,
    value      REAL,
    stage      TEXT,
    product_id INTEGER,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX IF NOT EXISTS lm_deals_contact ON lm_deals (tenant_id, contact_id);

CREATE TABLE IF NOT EXISTS lm_custom_fields (
    tenant_id   TEXT NOT NULL,
    id          INTEGER NOT NULL,
    name        TEXT NOT NULL,
    type        TEXT NOT NULL,
    powerdialer INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, id)
);

CREATE TABLE IF NOT EXISTS lm_data_imports (
    tenant_id  TEXT NOT NULL,
    id         INTEGER NOT NULL,
    name       TEXT NOT NULL,
    field_keys TEXT NOT NULL DEFAULT '[]',
    created_at TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id)
);

CREATE TABLE IF NOT EXISTS lm_organizations (
    tenant_id        TEXT NOT NULL,
    id               INTEGER NOT NULL,
    name             TEXT NOT NULL,
    domain           TEXT,
    phone            TEXT,
    tags             TEXT NOT NULL DEFAULT '[]',
    search_text      TEXT NOT NULL DEFAULT '',
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    last_activity_at TEXT,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX IF NOT EXISTS lm_organizations_created ON lm_organizations (tenant_id, created_at, id);

CREATE TABLE IF NOT EXISTS lm_organization_tags (
    tenant_id TEXT NOT NULL,
    id        INTEGER NOT NULL,
    name      TEXT NOT NULL COLLATE NOCASE,
    PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX IF NOT EXISTS lm_organization_tags_name ON lm_organization_tags (tenant_id, name);

CREATE TABLE IF NOT EXISTS lm_organization_tag_links (
    tenant_id       TEXT NOT NULL,
    tag_id          INTEGER NOT NULL,
    organization_id INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, tag_id, organization_id)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS lm_task_outcomes (tenant_id TEXT NOT NULL, id INTEGER NOT NULL, name TEXT NOT NULL, PRIMARY KEY (tenant_id, id));
CREATE TABLE IF NOT EXISTS lm_task_types (tenant_id TEXT NOT NULL, id INTEGER NOT NULL, name TEXT NOT NULL, PRIMARY KEY (tenant_id, id));
CREATE TABLE IF NOT EXISTS lm_task_statuses (tenant_id TEXT NOT NULL, id INTEGER NOT NULL, name TEXT NOT NULL, PRIMARY KEY (tenant_id, id));
CREATE TABLE IF NOT EXISTS lm_product_statuses (tenant_id TEXT NOT NULL, id INTEGER NOT NULL, name TEXT NOT NULL, PRIMARY KEY (tenant_id, id));

CREATE TABLE IF NOT EXISTS lm_tasks (
    tenant_id    TEXT NOT NULL,
    id           INTEGER NOT NULL,
    contact_id   INTEGER,
    user_id      INTEGER,
    title        TEXT NOT NULL,
    description  TEXT,
    type_id      INTEGER,
    status_id    INTEGER,
    outcome_id   INTEGER,
    due_at       TEXT,
    completed    INTEGER NOT NULL DEFAULT 0,
    completed_at TEXT,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
-- With what the task lists also test (completion, the key's user), so a total reads no task.
CREATE INDEX IF NOT EXISTS lm_tasks_contact ON lm_tasks (tenant_id, contact_id, completed, user_id);
-- The open tasks in the lists' order (soonest due first, undated last), with their user.
CREATE INDEX IF NOT EXISTS lm_tasks_open ON lm_tasks (tenant_id, completed, due_at IS NULL, due_at, id, user_id);

CREATE TABLE IF NOT EXISTS lm_histories (
    tenant_id         TEXT NOT NULL,
    id                INTEGER NOT NULL,
    contact_id        INTEGER,
    history_type      TEXT NOT NULL COLLATE NOCASE,
    campaign_id       INTEGER,
    email_guid        TEXT,
    tracked_number_id INTEGER,
    description       TEXT,
    created_at        TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX IF NOT EXISTS lm_histories_contact ON lm_histories (tenant_id, contact_id, created_at, id);
CREATE INDEX IF NOT EXISTS lm_histories_created ON lm_histories (tenant_id, created_at, id);
-- Histories of a type, newest first or in a period; the contacts having a history of a type
-- (history_type, tracked_phone_id).
CREATE INDEX IF NOT EXISTS lm_histories_type
    ON lm_histories (tenant_id, history_type, created_at, id, tracked_number_id, contact_id);
CREATE INDEX IF NOT EXISTS lm_histories_email ON lm_histories (tenant_id, email_guid, created_at, id);

CREATE TABLE IF NOT EXISTS lm_contact_lists (
    tenant_id     TEXT NOT NULL,
    id            INTEGER NOT NULL,
    name          TEXT NOT NULL,
    tags          TEXT NOT NULL DEFAULT '[]',
    is_static     INTEGER NOT NULL DEFAULT 1,
    sales_visible INTEGER NOT NULL DEFAULT 1,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX IF NOT EXISTS lm_contact_lists_listed ON lm_contact_lists (tenant_id, is_static, sales_visible, created_at, id);

CREATE TABLE IF NOT EXISTS lm_products (
    tenant_id  TEXT NOT NULL,
    id         INTEGER NOT NULL,
    name       TEXT NOT NULL,
    status_id  INTEGER,
    price      REAL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX IF NOT EXISTS lm_products_created ON lm_products (tenant_id, created_at, id);

-- The planner's statistics (core/statistics.rs) take a tenant to hold a million rows of each
-- table. SQLite estimates a range at a quarter of what the index matches before it, so against
-- a million it would walk the tenant in the page's order rather than search a `created_by`,
-- `last_history_id` or date range and sort what it finds, and it would sort a search's matches
-- even where the store, knowing the total, leaves them dense enough to walk to (store/contacts.rs).
-- LivingMetrics's tables are planned as tenants of a hundred rows: each key still narrows them.
INSERT OR REPLACE INTO core_planner_columns (tbl, col, rows) VALUES ('lm_*', 'tenant_id', 100);

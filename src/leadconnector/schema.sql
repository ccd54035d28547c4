-- LeadConnector (HighLevel API v2). Every table leads with tenant_id; a tenant is one location
-- (a Sub-Account) of one company. Ids are 20-character alphanumeric strings (businesses: any
-- alphanumeric id, the documents show 24 hex digits). Instants are epoch milliseconds
-- (INTEGER), shown on the wire as ISO-8601 UTC with milliseconds. Booleans are 0/1.

-- The tenant's location, its company and its private integration token, installed from the
-- tenant's credentials; `user_id` is the user an OAuth token reports as `userId`.
CREATE TABLE IF NOT EXISTS lc_locations (
    tenant_id    TEXT NOT NULL PRIMARY KEY,
    location_id  TEXT NOT NULL UNIQUE,
    company_id   TEXT NOT NULL,
    access_token TEXT NOT NULL UNIQUE,
    user_id      TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS lc_businesses (
    tenant_id TEXT NOT NULL,
    id        TEXT NOT NULL,
    name      TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id)
);

-- Contacts. The columns are what lists, cursors, duplicate checks and `query` read; `data` is
-- the rest of the contact as the API shows it (a JSON object in the wire spelling: firstName,
-- tags, customFields, dndSettings, ...). `search_text` is the lowercase name, email, phone,
-- company name and tags, one per line, which `query` matches a substring of.
CREATE TABLE IF NOT EXISTS lc_contacts (
    tenant_id    TEXT NOT NULL,
    id           TEXT NOT NULL,
    date_added   INTEGER NOT NULL,
    date_updated INTEGER NOT NULL,
    email_lower  TEXT,
    phone        TEXT,
    business_id  TEXT,
    search_text  TEXT NOT NULL,
    data         TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX IF NOT EXISTS lc_contacts_added ON lc_contacts (tenant_id, date_added DESC, id DESC);
-- The duplicate rule reads the first contact with an email (else a phone) by date added, and a
-- search by email or phone lists them newest first: the date (and id) in these indexes serve
-- both orders, so each is a seek, not a walk of every contact in date order.
CREATE INDEX IF NOT EXISTS lc_contacts_email_added ON lc_contacts (tenant_id, email_lower, date_added, id);
CREATE INDEX IF NOT EXISTS lc_contacts_phone_added ON lc_contacts (tenant_id, phone, date_added, id);
CREATE INDEX IF NOT EXISTS lc_contacts_business ON lc_contacts (tenant_id, business_id, date_added, id);
-- Search Contacts' `eq` on a name compares without regard to case: these indexes hold the
-- lowercase name the condition reads, then the default order (newest first), so a name with
-- a date range and the default order is one range of one index, and its count reads no row.
CREATE INDEX IF NOT EXISTS lc_contacts_first_name
    ON lc_contacts (tenant_id, lower(json_extract(data, '$.firstName')), date_added, id);
CREATE INDEX IF NOT EXISTS lc_contacts_last_name
    ON lc_contacts (tenant_id, lower(json_extract(data, '$.lastName')), date_added, id);

-- Derived tables, kept in step with lc_contacts by the triggers below on every write (API
-- writes, arrange, reset, snapshot restore). Their tenant column is `tenant`, not `tenant_id`,
-- so that tenant-wide clearing and snapshots handle only lc_contacts and the triggers do the rest.
--
-- How many contacts each tenant has: the total of an unfiltered list, without counting them.
CREATE TABLE IF NOT EXISTS lc_contact_counts (
    tenant   TEXT NOT NULL PRIMARY KEY,
    contacts INTEGER NOT NULL
) WITHOUT ROWID;
-- Each contact's tags, lowercase (a tag given twice in two cases is one row): `tags eq`.
CREATE TABLE IF NOT EXISTS lc_contact_tags (
    tenant     TEXT NOT NULL,
    tag        TEXT NOT NULL,
    contact_id TEXT NOT NULL,
    PRIMARY KEY (tenant, tag, contact_id)
) WITHOUT ROWID;
-- `search_text` indexed by trigrams, for `query`: a substring of 3 or more characters is found
-- from the index (a quoted phrase of the term) instead of by reading every contact. Its rowid is
-- a key that puts the tenant first and then the contact's place in the default order (newest
-- first): bits 48-62 are the tenant's number (core_search_tenants), bits 32-47 the day of
-- `date_added` (days since 1970, held within 0..65535), bits 0-31 the contact's rowid. So a
-- count of a tenant's matches is a range of the index alone, and the first page of matches
-- newest first reads only the days down to its last contact's. Contentless: the text lives in
-- lc_contacts only, and the triggers delete a row by giving its text back. Case-sensitive
-- trigrams over the lower-cased text: a phrase matches exactly the text holding the term. A bulk
-- load pauses the triggers for the contacts it writes and fills the index at its end
-- (core_search_paused).
CREATE VIRTUAL TABLE IF NOT EXISTS lc_contacts_text
    USING fts5(search_text, content = '', columnsize = 0, tokenize = 'trigram case_sensitive 1');
-- The key and text of each contact in the index, as the triggers write them (the deletes write
-- the same of the old row): what the end of a paused bulk load fills the index with.
CREATE VIEW IF NOT EXISTS lc_contacts_text_keys (contact, key, search_text) AS SELECT c.rowid,
    ((SELECT n FROM core_search_tenants WHERE tenant = c.tenant_id AND kind = 'lc_contacts_text') << 48)
        | (max(0, min(65535, c.date_added / 86400000)) << 32) | c.rowid,
    c.search_text
    FROM lc_contacts c;
CREATE TRIGGER IF NOT EXISTS lc_contacts_derive_insert AFTER INSERT ON lc_contacts BEGIN
    SELECT RAISE(ABORT, 'lc_contacts: rowid beyond the search index keys') WHERE new.rowid >= 4294967296;
    INSERT INTO core_search_claims (tenant, kind) VALUES (new.tenant_id, 'lc_contacts_text');
    INSERT INTO lc_contacts_text (rowid, search_text) SELECT key, search_text FROM lc_contacts_text_keys
        WHERE contact = new.rowid AND NOT EXISTS (SELECT 1 FROM core_search_paused WHERE kind = 'lc_contacts_text' AND new.rowid > above);
    INSERT OR IGNORE INTO lc_contact_tags (tenant, tag, contact_id)
        SELECT new.tenant_id, lower(t.value), new.id FROM json_each(new.data, '$.tags') t WHERE t.value IS NOT NULL;
    INSERT INTO lc_contact_counts (tenant, contacts) VALUES (new.tenant_id, 1)
        ON CONFLICT (tenant) DO UPDATE SET contacts = contacts + 1;
END;
CREATE TRIGGER IF NOT EXISTS lc_contacts_derive_delete AFTER DELETE ON lc_contacts BEGIN
    INSERT INTO lc_contacts_text (lc_contacts_text, rowid, search_text) SELECT 'delete',
        ((SELECT n FROM core_search_tenants WHERE tenant = old.tenant_id AND kind = 'lc_contacts_text') << 48)
            | (max(0, min(65535, old.date_added / 86400000)) << 32) | old.rowid,
        old.search_text
        WHERE NOT EXISTS (SELECT 1 FROM core_search_paused WHERE kind = 'lc_contacts_text' AND old.rowid > above);
    DELETE FROM core_search_tenants WHERE tenant = old.tenant_id AND kind = 'lc_contacts_text' AND NOT EXISTS (SELECT 1 FROM lc_contacts WHERE tenant_id = old.tenant_id);
    DELETE FROM lc_contact_tags WHERE tenant = old.tenant_id AND contact_id = old.id
        AND tag IN (SELECT lower(t.value) FROM json_each(old.data, '$.tags') t WHERE t.value IS NOT NULL);
    UPDATE lc_contact_counts SET contacts = contacts - 1 WHERE tenant = old.tenant_id;
END;
CREATE TRIGGER IF NOT EXISTS lc_contacts_derive_text AFTER UPDATE OF search_text, date_added ON lc_contacts
WHEN old.search_text IS NOT new.search_text OR old.date_added IS NOT new.date_added BEGIN
    INSERT INTO lc_contacts_text (lc_contacts_text, rowid, search_text) SELECT 'delete',
        ((SELECT n FROM core_search_tenants WHERE tenant = old.tenant_id AND kind = 'lc_contacts_text') << 48)
            | (max(0, min(65535, old.date_added / 86400000)) << 32) | old.rowid,
        old.search_text
        WHERE NOT EXISTS (SELECT 1 FROM core_search_paused WHERE kind = 'lc_contacts_text' AND old.rowid > above);
    INSERT INTO lc_contacts_text (rowid, search_text) SELECT key, search_text FROM lc_contacts_text_keys
        WHERE contact = new.rowid AND NOT EXISTS (SELECT 1 FROM core_search_paused WHERE kind = 'lc_contacts_text' AND new.rowid > above);
END;
CREATE TRIGGER IF NOT EXISTS lc_contacts_derive_tags AFTER UPDATE OF data ON lc_contacts
WHEN json_extract(old.data, '$.tags') IS NOT json_extract(new.data, '$.tags') BEGIN
    DELETE FROM lc_contact_tags WHERE tenant = old.tenant_id AND contact_id = old.id
        AND tag IN (SELECT lower(t.value) FROM json_each(old.data, '$.tags') t WHERE t.value IS NOT NULL);
    INSERT OR IGNORE INTO lc_contact_tags (tenant, tag, contact_id)
        SELECT new.tenant_id, lower(t.value), new.id FROM json_each(new.data, '$.tags') t WHERE t.value IS NOT NULL;
END;

CREATE TABLE IF NOT EXISTS lc_tasks (
    tenant_id   TEXT NOT NULL,
    id          TEXT NOT NULL,
    contact_id  TEXT NOT NULL,
    title       TEXT NOT NULL,
    body        TEXT,
    assigned_to TEXT,
    due_date    INTEGER NOT NULL,
    completed   INTEGER NOT NULL DEFAULT 0,
    date_added  INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
-- A contact's tasks in their list order (oldest first, then as stored).
CREATE INDEX IF NOT EXISTS lc_tasks_contact ON lc_tasks (tenant_id, contact_id, date_added);

CREATE TABLE IF NOT EXISTS lc_notes (
    tenant_id  TEXT NOT NULL,
    id         TEXT NOT NULL,
    contact_id TEXT NOT NULL,
    body       TEXT NOT NULL,
    user_id    TEXT,
    title      TEXT,
    color      TEXT,
    pinned     INTEGER NOT NULL DEFAULT 0,
    date_added INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
-- A contact's notes in their list order (newest first, then as stored).
CREATE INDEX IF NOT EXISTS lc_notes_contact ON lc_notes (tenant_id, contact_id, date_added);

-- Appointments (calendar events) of a contact, arranged only: `data` is the event as the API
-- shows it, less id, locationId and contactId; `start_time` orders them.
CREATE TABLE IF NOT EXISTS lc_appointments (
    tenant_id  TEXT NOT NULL,
    id         TEXT NOT NULL,
    contact_id TEXT NOT NULL,
    start_time TEXT NOT NULL,
    data       TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX IF NOT EXISTS lc_appointments_contact ON lc_appointments (tenant_id, contact_id);

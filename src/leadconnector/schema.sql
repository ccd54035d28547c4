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
CREATE INDEX IF NOT EXISTS lc_contacts_email ON lc_contacts (tenant_id, email_lower);
CREATE INDEX IF NOT EXISTS lc_contacts_phone ON lc_contacts (tenant_id, phone);
CREATE INDEX IF NOT EXISTS lc_contacts_business ON lc_contacts (tenant_id, business_id);

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
CREATE INDEX IF NOT EXISTS lc_tasks_contact ON lc_tasks (tenant_id, contact_id);

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
CREATE INDEX IF NOT EXISTS lc_notes_contact ON lc_notes (tenant_id, contact_id);

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

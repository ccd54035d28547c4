-- LionDesk. Every table leads with tenant_id. Timestamps are UTC text
-- YYYY-MM-DDTHH:MM:SS.sssZ (the wire format), so text order is time order. Text columns compare
-- without regard to ASCII case, as MySQL's default collation does.

CREATE TABLE IF NOT EXISTS ld_users (
    tenant_id       TEXT NOT NULL,
    id              INTEGER NOT NULL,
    first_name      TEXT COLLATE NOCASE,
    last_name       TEXT COLLATE NOCASE,
    email           TEXT COLLATE NOCASE,
    username        TEXT COLLATE NOCASE,
    phone           TEXT,
    system_phone    TEXT,
    timezone_offset INTEGER,
    timezone        TEXT,
    profile_picture TEXT,
    created_at      TEXT NOT NULL,
    modified_at     TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id)
);

CREATE TABLE IF NOT EXISTS ld_teams (
    tenant_id                           TEXT NOT NULL,
    id                                  INTEGER NOT NULL,
    name                                TEXT NOT NULL COLLATE NOCASE,
    is_contact_resource_sharing_enabled INTEGER NOT NULL DEFAULT 0,
    created_at                          TEXT NOT NULL,
    modified_at                         TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id)
);

CREATE TABLE IF NOT EXISTS ld_team_members (
    tenant_id TEXT NOT NULL,
    team_id   INTEGER NOT NULL,
    user_id   INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, team_id, user_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS ld_team_members_user ON ld_team_members (tenant_id, user_id);

CREATE TABLE IF NOT EXISTS ld_contacts (
    tenant_id        TEXT NOT NULL,
    id               INTEGER NOT NULL,
    owner_user_id    INTEGER NOT NULL,
    assigned_user_id INTEGER,
    first_name       TEXT COLLATE NOCASE,
    last_name        TEXT COLLATE NOCASE,
    email            TEXT COLLATE NOCASE,
    mobile_phone     TEXT COLLATE NOCASE,
    home_phone       TEXT COLLATE NOCASE,
    office_phone     TEXT COLLATE NOCASE,
    fax              TEXT COLLATE NOCASE,
    company          TEXT COLLATE NOCASE,
    birthday         TEXT COLLATE NOCASE,
    anniversary      TEXT COLLATE NOCASE,
    spouse_name      TEXT COLLATE NOCASE,
    spouse_email     TEXT COLLATE NOCASE,
    spouse_phone     TEXT COLLATE NOCASE,
    spouse_birthday  TEXT COLLATE NOCASE,
    tags             TEXT COLLATE NOCASE,
    hotness_id       INTEGER,
    source_id        INTEGER,
    created_at       TEXT NOT NULL,
    modified_at      TEXT NOT NULL,
    -- What an answer embeds of the contact's other records, kept by the triggers on those
    -- tables (below), so that a page of contacts reads them with its rows: its addresses as
    -- the contact embeds them (a JSON array in id order; NULL: none), and its custom field
    -- values (a JSON array of [custom_field_id, value] in field id order; NULL: none).
    addresses_doc     TEXT,
    custom_values_doc TEXT,
    PRIMARY KEY (tenant_id, id)
);
-- The indexes of the contacts a find looks for. Each ends with the columns visibility reads
-- (owner, assignee, id: store/visibility.rs), so the rule, and an exact count, are answered
-- from the index without reading the contact; text columns keep the table's NOCASE, so an
-- index serves the comparisons and sorts a query makes. What each serves is listed in the
-- plan tests (store/plans.rs).
CREATE INDEX IF NOT EXISTS ld_contacts_owner ON ld_contacts (tenant_id, owner_user_id, id, assigned_user_id);
CREATE INDEX IF NOT EXISTS ld_contacts_assigned ON ld_contacts (tenant_id, assigned_user_id, id, owner_user_id);
-- Finding people by name within a period, newest first, is the common CRM query. Newest first
-- with the id as the tie-break (a find's order ends with `id ASC`) is the order of this index,
-- so such a page is read in order and stops at its `$limit` without sorting its rows. It is
-- also the index of a name in any other order (by id, without `$sort`): the matches are sorted,
-- which costs about what their exact count does. A second index by name in id order would
-- spare that sort but cost every create a second leaf at a random place, its log frame and
-- its copy at the checkpoint: a fifth of the writer's work for a create, and half the
-- checkpointer's.
CREATE INDEX IF NOT EXISTS ld_contacts_name_created
    ON ld_contacts (tenant_id, last_name, created_at DESC, id, first_name, owner_user_id, assigned_user_id);
CREATE INDEX IF NOT EXISTS ld_contacts_created ON ld_contacts (tenant_id, created_at DESC, id, owner_user_id, assigned_user_id);
-- What changed since a client last synchronised.
CREATE INDEX IF NOT EXISTS ld_contacts_modified ON ld_contacts (tenant_id, modified_at, owner_user_id, assigned_user_id, id);
CREATE INDEX IF NOT EXISTS ld_contacts_email ON ld_contacts (tenant_id, email, id, owner_user_id, assigned_user_id);
CREATE INDEX IF NOT EXISTS ld_contacts_mobile_phone
    ON ld_contacts (tenant_id, mobile_phone, id, owner_user_id, assigned_user_id);

-- Contacts shared with a user beyond its owner and assignee (set through the admin API).
CREATE TABLE IF NOT EXISTS ld_contact_shares (
    tenant_id  TEXT NOT NULL,
    contact_id INTEGER NOT NULL,
    user_id    INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, contact_id, user_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS ld_contact_shares_user ON ld_contact_shares (tenant_id, user_id);

CREATE TABLE IF NOT EXISTS ld_addresses (
    tenant_id        TEXT NOT NULL,
    id               INTEGER NOT NULL,
    contact_id       INTEGER NOT NULL,
    type             TEXT COLLATE NOCASE,
    street_address_1 TEXT COLLATE NOCASE,
    street_address_2 TEXT COLLATE NOCASE,
    zip              TEXT COLLATE NOCASE,
    city             TEXT COLLATE NOCASE,
    state            TEXT COLLATE NOCASE,
    created_at       TEXT,
    modified_at      TEXT,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX IF NOT EXISTS ld_addresses_contact ON ld_addresses (tenant_id, contact_id, id);
-- Each contact's addresses as a contact embeds them (model::lists::AddressOut with a numeric
-- id), kept on the contact as addresses_doc.
CREATE VIEW IF NOT EXISTS ld_addresses_docs AS
    SELECT tenant_id, contact_id, json_group_array(json_object('id', id, 'type', type,
        'street_address_1', street_address_1, 'street_address_2', street_address_2, 'zip', zip, 'city', city,
        'state', state, 'created_at', created_at, 'modified_at', modified_at) ORDER BY id) AS doc
    FROM ld_addresses GROUP BY tenant_id, contact_id;
CREATE TRIGGER IF NOT EXISTS ld_addresses_doc_insert AFTER INSERT ON ld_addresses BEGIN
    UPDATE ld_contacts SET addresses_doc = (SELECT doc FROM ld_addresses_docs
        WHERE tenant_id = new.tenant_id AND contact_id = new.contact_id)
    WHERE tenant_id = new.tenant_id AND id = new.contact_id;
END;
CREATE TRIGGER IF NOT EXISTS ld_addresses_doc_update AFTER UPDATE ON ld_addresses BEGIN
    UPDATE ld_contacts SET addresses_doc = (SELECT doc FROM ld_addresses_docs
        WHERE tenant_id = new.tenant_id AND contact_id = new.contact_id)
    WHERE tenant_id = new.tenant_id AND id = new.contact_id;
    UPDATE ld_contacts SET addresses_doc = (SELECT doc FROM ld_addresses_docs
        WHERE tenant_id = old.tenant_id AND contact_id = old.contact_id)
    WHERE tenant_id = old.tenant_id AND id = old.contact_id
        AND (old.tenant_id IS NOT new.tenant_id OR old.contact_id IS NOT new.contact_id);
END;
CREATE TRIGGER IF NOT EXISTS ld_addresses_doc_delete AFTER DELETE ON ld_addresses BEGIN
    UPDATE ld_contacts SET addresses_doc = (SELECT doc FROM ld_addresses_docs
        WHERE tenant_id = old.tenant_id AND contact_id = old.contact_id)
    WHERE tenant_id = old.tenant_id AND id = old.contact_id;
END;

CREATE TABLE IF NOT EXISTS ld_hotnesses (
    tenant_id TEXT NOT NULL,
    id        INTEGER NOT NULL,
    user_id   INTEGER NOT NULL,
    name      TEXT COLLATE NOCASE,          -- not required (the hotnesses page)
    rank      INTEGER,
    color     TEXT COLLATE NOCASE,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX IF NOT EXISTS ld_hotnesses_user ON ld_hotnesses (tenant_id, user_id, rank, id);

CREATE TABLE IF NOT EXISTS ld_contact_sources (
    tenant_id  TEXT NOT NULL,
    id         INTEGER NOT NULL,
    user_id    INTEGER NOT NULL,
    name       TEXT COLLATE NOCASE,         -- not required (the sources page)
    created_at TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX IF NOT EXISTS ld_contact_sources_user ON ld_contact_sources (tenant_id, user_id, id);

CREATE TABLE IF NOT EXISTS ld_custom_fields (
    tenant_id TEXT NOT NULL,
    id        INTEGER NOT NULL,
    user_id   INTEGER NOT NULL,
    data_type TEXT NOT NULL COLLATE NOCASE,
    name      TEXT NOT NULL COLLATE NOCASE,
    rank      INTEGER NOT NULL DEFAULT 99999,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX IF NOT EXISTS ld_custom_fields_user ON ld_custom_fields (tenant_id, user_id, id);

CREATE TABLE IF NOT EXISTS ld_custom_field_values (
    tenant_id       TEXT NOT NULL,
    contact_id      INTEGER NOT NULL,
    custom_field_id INTEGER NOT NULL,
    value           TEXT,
    PRIMARY KEY (tenant_id, contact_id, custom_field_id)
) WITHOUT ROWID;
-- Each contact's values, kept on the contact as custom_values_doc.
CREATE VIEW IF NOT EXISTS ld_custom_values_docs AS
    SELECT tenant_id, contact_id, json_group_array(json_array(custom_field_id, value) ORDER BY custom_field_id) AS doc
    FROM ld_custom_field_values GROUP BY tenant_id, contact_id;
CREATE TRIGGER IF NOT EXISTS ld_custom_values_doc_insert AFTER INSERT ON ld_custom_field_values BEGIN
    UPDATE ld_contacts SET custom_values_doc = (SELECT doc FROM ld_custom_values_docs
        WHERE tenant_id = new.tenant_id AND contact_id = new.contact_id)
    WHERE tenant_id = new.tenant_id AND id = new.contact_id;
END;
CREATE TRIGGER IF NOT EXISTS ld_custom_values_doc_update AFTER UPDATE ON ld_custom_field_values BEGIN
    UPDATE ld_contacts SET custom_values_doc = (SELECT doc FROM ld_custom_values_docs
        WHERE tenant_id = new.tenant_id AND contact_id = new.contact_id)
    WHERE tenant_id = new.tenant_id AND id = new.contact_id;
    UPDATE ld_contacts SET custom_values_doc = (SELECT doc FROM ld_custom_values_docs
        WHERE tenant_id = old.tenant_id AND contact_id = old.contact_id)
    WHERE tenant_id = old.tenant_id AND id = old.contact_id
        AND (old.tenant_id IS NOT new.tenant_id OR old.contact_id IS NOT new.contact_id);
END;
CREATE TRIGGER IF NOT EXISTS ld_custom_values_doc_delete AFTER DELETE ON ld_custom_field_values BEGIN
    UPDATE ld_contacts SET custom_values_doc = (SELECT doc FROM ld_custom_values_docs
        WHERE tenant_id = old.tenant_id AND contact_id = old.contact_id)
    WHERE tenant_id = old.tenant_id AND id = old.contact_id;
END;

CREATE TABLE IF NOT EXISTS ld_tags (
    tenant_id TEXT NOT NULL,
    id        INTEGER NOT NULL,
    user_id   INTEGER NOT NULL,
    content   TEXT NOT NULL COLLATE NOCASE,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX IF NOT EXISTS ld_tags_user ON ld_tags (tenant_id, user_id, id, content);

CREATE TABLE IF NOT EXISTS ld_tasks (
    tenant_id        TEXT NOT NULL,
    id               INTEGER NOT NULL,
    owner_user_id    INTEGER NOT NULL,
    contact_id       INTEGER,
    assigned_user_id INTEGER,
    action_type      TEXT COLLATE NOCASE,
    reminder_type    TEXT COLLATE NOCASE,
    due_at           TEXT,
    description      TEXT COLLATE NOCASE,
    status           TEXT COLLATE NOCASE,
    notes            TEXT COLLATE NOCASE,
    created_at       TEXT NOT NULL,
    modified_at      TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
-- A user's tasks are the ones they own or are assigned: each index carries both.
CREATE INDEX IF NOT EXISTS ld_tasks_owner ON ld_tasks (tenant_id, owner_user_id, id, assigned_user_id);
CREATE INDEX IF NOT EXISTS ld_tasks_assigned ON ld_tasks (tenant_id, assigned_user_id, id, owner_user_id);
CREATE INDEX IF NOT EXISTS ld_tasks_contact ON ld_tasks (tenant_id, contact_id, id, owner_user_id, assigned_user_id);
CREATE INDEX IF NOT EXISTS ld_tasks_due ON ld_tasks (tenant_id, due_at, owner_user_id, assigned_user_id, id);

CREATE TABLE IF NOT EXISTS ld_events (
    tenant_id         TEXT NOT NULL,
    id                INTEGER NOT NULL,
    user_id           INTEGER NOT NULL,
    contact_id        INTEGER NOT NULL,
    source            TEXT COLLATE NOCASE,
    type              TEXT COLLATE NOCASE,
    description       TEXT COLLATE NOCASE,
    site_domain       TEXT COLLATE NOCASE,
    dialer_session_id INTEGER,
    property          TEXT,
    created_at        TEXT NOT NULL,
    modified_at       TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX IF NOT EXISTS ld_events_contact ON ld_events (tenant_id, contact_id, id);

-- The planner's statistics (core/statistics.rs) take each indexed column after the tenant's to
-- narrow its rows to a few. A user's do not: one user may own, be assigned or hold all of them.
INSERT OR REPLACE INTO core_planner_columns (tbl, col, rows) VALUES
    ('ld_*', 'owner_user_id', NULL), ('ld_*', 'assigned_user_id', NULL), ('ld_*', 'user_id', NULL);

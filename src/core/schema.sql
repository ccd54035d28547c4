-- crm-mock's own tables: tenants, per-tenant id sequences and the snapshot catalogue.
-- Vendor tables live in each vendor's schema.sql and all lead with tenant_id.
CREATE TABLE IF NOT EXISTS core_tenants (
    id          TEXT PRIMARY KEY,
    seed        TEXT NOT NULL,
    credentials TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS core_sequences (
    tenant_id TEXT NOT NULL,
    name      TEXT NOT NULL,
    value     INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, name)
) WITHOUT ROWID;

-- The tenants' numbers in each trigram index keyed by tenant (core::sql::keyed), `kind` being
-- the index's name: a vendor's trigger claims one with a tenant's first contact (an insert into
-- core_search_claims, which gives the smallest free number, or nothing when the tenant holds
-- one) and frees it with its last. The column is `tenant`, not `tenant_id`, so that clearing a
-- tenant and restoring a snapshot leave the numbers to those triggers. The keys hold numbers up
-- to 32,767.
CREATE TABLE IF NOT EXISTS core_search_tenants (
    tenant TEXT NOT NULL,
    kind   TEXT NOT NULL,
    n      INTEGER NOT NULL,
    PRIMARY KEY (tenant, kind),
    UNIQUE (kind, n)
);
CREATE VIEW IF NOT EXISTS core_search_claims (tenant, kind) AS SELECT tenant, kind FROM core_search_tenants;
CREATE TRIGGER IF NOT EXISTS core_search_claim INSTEAD OF INSERT ON core_search_claims BEGIN
    INSERT INTO core_search_tenants (tenant, kind, n)
        SELECT new.tenant, new.kind, coalesce(
            (SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM core_search_tenants WHERE kind = new.kind AND n = 1)),
            (SELECT min(a.n) + 1 FROM core_search_tenants a WHERE a.kind = new.kind
                AND NOT EXISTS (SELECT 1 FROM core_search_tenants b WHERE b.kind = new.kind AND b.n = a.n + 1)))
        WHERE NOT EXISTS (SELECT 1 FROM core_search_tenants WHERE tenant = new.tenant AND kind = new.kind);
    SELECT RAISE(ABORT, 'too many tenants for the search index keys')
        WHERE (SELECT n FROM core_search_tenants WHERE tenant = new.tenant AND kind = new.kind) >= 32768;
END;

-- A bulk load (the demo seed, `crm-mock generate --db`) pauses a trigram index and fills it once
-- at its end (`core::sql::keyed::pause_all`, `resume_all`), instead of a contact at a time: each
-- statement that writes the index makes FTS5 write out a segment of its own. While `kind` is
-- here, its vendor's triggers leave the index alone for the contacts whose rowid is above
-- `above` (those written since the pause); the rest keep it in step as always. Its end writes
-- the keys of those contacts from the vendor's `<kind>_keys` view.
CREATE TABLE IF NOT EXISTS core_search_paused (
    kind  TEXT PRIMARY KEY,
    above INTEGER NOT NULL
) WITHOUT ROWID;

-- A snapshot's rows are kept in tables named snap_<id>_<table>.
CREATE TABLE IF NOT EXISTS core_snapshots (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    tenant_id  TEXT,
    created_at TEXT NOT NULL,
    tables     TEXT NOT NULL
);

-- Per-tenant settings of each vendor (a JSON object), installed with the vendor's defaults.
CREATE TABLE IF NOT EXISTS core_settings (
    tenant_id TEXT NOT NULL,
    vendor    TEXT NOT NULL,
    settings  TEXT NOT NULL,
    PRIMARY KEY (tenant_id, vendor)
) WITHOUT ROWID;

-- The transactional outbox (core::outbox): messages written with the change they announce.
CREATE TABLE IF NOT EXISTS core_outbox (
    tenant_id    TEXT NOT NULL,
    id           INTEGER NOT NULL,
    vendor       TEXT NOT NULL,
    topic        TEXT NOT NULL,
    payload      TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    due_at       TEXT NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    state        TEXT NOT NULL,
    last_error   TEXT,
    delivered_at TEXT,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX IF NOT EXISTS core_outbox_due ON core_outbox (vendor, state, due_at);

-- OAuth 2 (core::oauth): each vendor's clients, and every token it issued (access and refresh
-- tokens, authorization codes). A client id or token is unique within its vendor, since a
-- request presents it before anyone knows whose it is. `subject` is whom a token is for (a
-- LionDesk user id, a LeadConnector location), as text.
CREATE TABLE IF NOT EXISTS core_oauth_clients (
    tenant_id     TEXT NOT NULL,
    vendor        TEXT NOT NULL,
    client_id     TEXT NOT NULL,
    client_secret TEXT NOT NULL,
    redirect_uris TEXT NOT NULL DEFAULT '[]',   -- a JSON array
    PRIMARY KEY (vendor, client_id)
);
CREATE INDEX IF NOT EXISTS core_oauth_clients_tenant ON core_oauth_clients (tenant_id);

CREATE TABLE IF NOT EXISTS core_oauth_tokens (
    tenant_id    TEXT NOT NULL,
    vendor       TEXT NOT NULL,
    token        TEXT NOT NULL,
    kind         TEXT NOT NULL,                 -- access | refresh | code
    subject      TEXT NOT NULL,
    client_id    TEXT,
    scope        TEXT,
    redirect_uri TEXT,
    expires_at   TEXT,                          -- NULL: never expires
    PRIMARY KEY (vendor, token)
);
CREATE INDEX IF NOT EXISTS core_oauth_tokens_subject ON core_oauth_tokens (tenant_id, vendor, subject, kind);

-- Webhooks (core::webhooks): a tenant's subscriptions to a vendor's events, and every delivery
-- attempt. Deliveries themselves wait in core_outbox (vendor 'webhooks'). Subscription ids are
-- unique across tenants, since `DELETE /__admin/webhooks/{id}` names no tenant.
CREATE TABLE IF NOT EXISTS core_webhooks (
    tenant_id  TEXT NOT NULL,
    id         TEXT NOT NULL PRIMARY KEY,
    vendor     TEXT NOT NULL,
    url        TEXT NOT NULL,
    events     TEXT NOT NULL,                   -- a JSON array of event names
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS core_webhooks_tenant ON core_webhooks (tenant_id, vendor);

CREATE TABLE IF NOT EXISTS core_webhook_attempts (
    tenant_id  TEXT NOT NULL,
    id         INTEGER NOT NULL,
    message    INTEGER NOT NULL,                -- the core_outbox message
    vendor     TEXT NOT NULL,
    webhook    TEXT NOT NULL,
    event      TEXT NOT NULL,
    url        TEXT NOT NULL,
    attempt    INTEGER NOT NULL,                -- 1 for the first
    at         TEXT NOT NULL,                   -- by the emulator's clock
    status     INTEGER,                         -- the receiver's HTTP status; NULL: no answer
    latency_ms INTEGER NOT NULL,                -- real time, not the emulator's
    error      TEXT,
    outcome    TEXT NOT NULL,                   -- delivered | retry | failed
    retry_at   TEXT,
    PRIMARY KEY (tenant_id, id)
);

-- The emulator's own key pairs (not a tenant's: reset and snapshots leave them), by purpose.
CREATE TABLE IF NOT EXISTS core_keys (
    name        TEXT PRIMARY KEY,
    private_pem TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

-- What a vendor's schema knows of its indexed columns that the planner's statistics would
-- otherwise assume (core/statistics.rs: a tenant holds many rows, each further column narrows
-- them to a few): the rows one value of `col` matches in the tables named by the GLOB pattern
-- `tbl`, or, NULL, all of the tenant's. Written again with the schema at every start.
CREATE TABLE IF NOT EXISTS core_planner_columns (
    tbl  TEXT NOT NULL,
    col  TEXT NOT NULL,
    rows INTEGER,
    PRIMARY KEY (tbl, col)
) WITHOUT ROWID;

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

-- A snapshot's rows are kept in tables named snap_<id>_<table>.
CREATE TABLE IF NOT EXISTS core_snapshots (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    tenant_id  TEXT,
    created_at TEXT NOT NULL,
    tables     TEXT NOT NULL
);

/**
 * crm-mock for Node.js tests: start (or attach to) a crm-mock server, give each test its own
 * tenant, and drive the control plane (`/__admin`).
 */

/** The four vendors crm-mock emulates (a server built with more vendors serves their names too). */
export type Vendor = 'livingmetrics' | 'liondesk' | 'livevox' | 'leadconnector';

/** A JSON value. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * An error of crm-mock. For an error answer of the admin API, `status` is its HTTP status and
 * `message` its message (`{"status", "message"}`); a status of 0 means there was no answer: the
 * binary is missing, did not start, or the server cannot be reached.
 */
export class CrmMockError extends Error {
  constructor(status: number, message: string, body?: unknown);
  /** The HTTP status of the admin API's answer, or 0 when there was none. */
  readonly status: number;
  /** The answer's parsed body, when there was one. */
  readonly body: unknown;
}

/** Options of {@link startCrmMock}. */
export interface StartOptions {
  /**
   * The crm-mock binary: a path (relative to the working directory, or to the directory npm was
   * run from) or a name on PATH. Default: `CRM_MOCK_BIN`, else `crm-mock` on PATH.
   */
  bin?: string;
  /**
   * The admin token: the server is started with `--admin-token` and every admin call sends
   * `Authorization: Bearer <token>`. Default: `CRM_MOCK_ADMIN_TOKEN` when set.
   */
  token?: string;
}

/** Options of {@link attachCrmMock}. */
export interface AttachOptions {
  /** The server's admin token. Default: `CRM_MOCK_ADMIN_TOKEN` when set. */
  token?: string;
}

/**
 * Starts `crm-mock serve --port 0` (with `--admin-token` when there is a token), reads its
 * `crm-mock listening on URL` line and waits until `/__admin/health` answers. When
 * `CRM_MOCK_URL` is set, attaches to that server instead (see {@link attachCrmMock}).
 *
 * Rejects with a {@link CrmMockError} (status 0) saying how to build the binary when it is
 * missing, or with the server's own words when it does not start.
 */
export function startCrmMock(options?: StartOptions): Promise<CrmMock>;

/**
 * Uses a crm-mock server that is already running, at its base URL (`http://127.0.0.1:4010`);
 * resolves once its health check answers. `stop()` of the result leaves the server running.
 */
export function attachCrmMock(url: string, options?: AttachOptions): Promise<CrmMock>;

/** A crm-mock server, started by this process or attached to. */
export class CrmMock {
  private constructor();
  /** The server's base URL, `http://127.0.0.1:PORT` (no trailing slash). */
  readonly url: string;
  /** The server's clock; it is global (every tenant sees it). */
  readonly clock: Clock;
  /** The server's process id when this helper started it, else null. */
  readonly pid: number | null;
  /** The vendors the server serves, as its health check lists them. */
  readonly vendors: string[];
  /** The server's version, as its health check gives it. */
  readonly version: string;
  /**
   * A vendor's base URL: `base('liondesk')` is `http://127.0.0.1:PORT/liondesk`. Throws for a
   * vendor the server does not serve.
   */
  base(vendor: Vendor | (string & {})): string;
  /**
   * Calls the admin API. `path` is under `/__admin` (`'/clock'` and `'/__admin/clock'` are the
   * same), `body` is sent as JSON. Resolves to the parsed answer (null for a 204); rejects with a
   * {@link CrmMockError} carrying the status and message of an error answer.
   */
  admin<T = any>(method: string, path: string, body?: unknown): Promise<T>;
  /**
   * A fresh, isolated tenant with its own credentials. `seed: 'empty'` (the default) holds only
   * what a new account at each vendor has; `'demo'` the demo data too.
   */
  newTenant(options?: { seed?: 'empty' | 'demo' }): Promise<Tenant>;
  /**
   * Stops the server if this helper started it (SIGTERM, SIGKILL after 10 s) and resolves once
   * its process has exited; does nothing for an attached server. A server that is never stopped
   * is killed when Node exits.
   */
  stop(): Promise<void>;
}

/** Filters of {@link Tenant.requests}. */
export interface RequestFilters {
  vendor?: Vendor | (string & {});
  /** `GET`, `POST`, ... */
  method?: string;
  /** A glob on the path relative to the vendor's base (`/v1/contacts`, `/contacts/*`), or as requested. */
  path?: string;
  /** A status (`404`) or a class (`'4xx'`). */
  status?: number | string;
  /** Entries at or after this time. */
  since?: Date | string;
  /** Entries after this entry id (for polling). */
  after?: number;
  /** At most this many entries (default 100). */
  limit?: number;
}

/** A request to a vendor as the journal keeps it. */
export interface JournalEntry {
  id: number;
  /** When it arrived (RFC 3339, by the emulator's clock). */
  at: string;
  vendor: string | null;
  tenant: string | null;
  method: string;
  /** The path as requested (`/liondesk/contacts`). */
  path: string;
  /** The path relative to the vendor's base (`/contacts`). */
  vendor_path: string | null;
  /** The route that answered (`/contacts/{id}`), null when none matched. */
  route: string | null;
  /** The query string, without `?` (empty when none). */
  query: string;
  headers: Record<string, string>;
  /** The request body as text (the first 64 KiB), null when empty. */
  body: string | null;
  body_truncated: boolean;
  status: number;
  /** The id of the fault rule that answered instead of the vendor, if one did. */
  fault: number | null;
  duration_ms: number;
  response: {
    status: number;
    headers: Record<string, string>;
    /** The answer's body as text (the first 64 KiB), null when empty or not kept. */
    body: string | null;
    body_truncated: boolean;
  };
  [key: string]: unknown;
}

/** A fault rule; every field but the tenant is optional and narrows which requests it answers. */
export interface FaultRule {
  vendor?: Vendor | (string & {});
  method?: string;
  /** A glob relative to the vendor's base (`*` one segment, `**` any): `/contacts`, `/v1/contacts/*`. */
  path?: string;
  /** The status to answer with. */
  status?: number;
  /** The body to answer with. */
  body?: Json;
  /** Headers to answer with. */
  headers?: Record<string, string>;
  /** Delay before answering (with `status`) or before passing the request on (without). */
  delay_ms?: number;
  /** Chance (0 to 1) that a matching request is faulted. */
  probability?: number;
  /** How many times it fires before it is removed; `1` fires once. */
  times?: number;
}

/** A fault rule as the server stores it. */
export interface StoredFaultRule extends FaultRule {
  id: number;
  tenant: string;
  /** Firings left (null: no limit). */
  remaining: number | null;
  /** How many times it has fired. */
  fired: number;
  [key: string]: unknown;
}

/** A snapshot's catalogue entry. */
export interface SnapshotInfo {
  /** The stored name (the tenant's id, a dot, then the name given). */
  name: string;
  tenant: string | null;
  created_at: string;
  rows: number;
}

/** One tenant: its own data, credentials, journal entries, fault rules and snapshots. */
export class Tenant {
  private constructor();
  /** The server this tenant lives on. */
  readonly mock: CrmMock;
  /** The tenant's id. */
  readonly id: string;
  /** The seed it was created with. */
  readonly seed: 'empty' | 'demo';
  /** When it was created (RFC 3339). */
  readonly createdAt: string;
  /**
   * Its credentials, one object per vendor: LivingMetrics `api_key` (header `X-Api-Key`);
   * LionDesk `users[i].token` (bearer); LiveVox `client_name`, `access_token` (header
   * `LV-Access` on login) and `users` with passwords and roles; LeadConnector `access_token`
   * (bearer, with `Version: 2021-07-28`) and `location_id`.
   */
  readonly credentials: Credentials;
  /**
   * Stores records (an object or an array, in the vendor's wire shape) in one of the vendor's
   * collections, all or nothing; resolves to their ids (LeadConnector's are strings).
   */
  arrange(vendor: Vendor | (string & {}), collection: string, records: object | object[]): Promise<Array<number | string>>;
  /** This tenant's entries of the request journal, newest first. */
  requests(filters?: RequestFilters): Promise<JournalEntry[]>;
  /**
   * Adds a fault rule that matches only this tenant's requests (its `tenant` is set to this
   * tenant's id; another tenant's id throws a TypeError); resolves to the stored rule.
   */
  fault(rule: FaultRule & { tenant?: string }): Promise<StoredFaultRule>;
  /** Removes one of this tenant's fault rules (a rule that already fired its `times` is done). */
  removeFault(rule: number | StoredFaultRule): Promise<void>;
  /** Saves this tenant's data (not other tenants') under `name`: letters, digits, `-`, `_`, `.`. */
  snapshot(name: string): Promise<SnapshotInfo>;
  /** Puts this tenant's data back as it was when saved under `name`. */
  restore(name: string): Promise<SnapshotInfo>;
  /**
   * Deletes the tenant's fault rules and snapshots (whoever added them), then the tenant and all
   * its data; a second call does nothing.
   */
  delete(): Promise<void>;
}

/** A tenant's credentials, one object per vendor. */
export interface Credentials {
  livingmetrics: { api_key: string };
  liondesk: {
    client_id: string;
    client_secret: string;
    redirect_uris: string[];
    users: Array<{ id: number; role: string; first_name: string; last_name: string; email: string; team_id: number; token: string }>;
  };
  livevox: {
    client_name: string;
    client_id: number;
    access_token: string;
    users: Array<{ user_name: string; password: string; role: string }>;
  };
  leadconnector: {
    location_id: string;
    company_id: string;
    access_token: string;
    client_id: string;
    client_secret: string;
    refresh_token: string;
  };
  [vendor: string]: unknown;
}

/** The server's clock, global to all tenants. Each change resolves to the clock's new time. */
export class Clock {
  private constructor();
  /** The emulator's current time. */
  now(): Promise<Date>;
  /** Whether the clock is stopped. */
  frozen(): Promise<boolean>;
  /** Sets the time, frozen there unless `{ frozen: false }`. */
  set(date: Date | string, options?: { frozen?: boolean }): Promise<Date>;
  /** Moves the clock by `seconds` (negative goes back); frozen or running as it was. */
  advance(seconds: number): Promise<Date>;
  /** Stops the clock at its current time. */
  freeze(): Promise<Date>;
  /** Back to the system's time, running. */
  real(): Promise<Date>;
}

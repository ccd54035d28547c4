// crm-mock for Node.js tests: start (or attach to) a crm-mock server, give each test its own
// tenant, and drive the control plane (`/__admin`): arranging records, the request journal,
// fault rules, the clock and snapshots. No dependencies: built-in `fetch` and `child_process`.

import { spawn } from 'node:child_process';
import { accessSync, constants as fsConstants, statSync } from 'node:fs';
import path from 'node:path';

const LISTENING = /^crm-mock listening on (https?:\/\/\S+)/;
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;
const HOW_TO_BUILD =
  'build it with `cargo build --release` in the crm-mock repository, then set ' +
  'CRM_MOCK_BIN=target/release/crm-mock (or pass { bin } to startCrmMock, or put crm-mock on PATH)';

/**
 * An error of crm-mock: `status` is the admin API's HTTP status and `message` its message; a
 * status of 0 means there was no answer (the binary is missing, did not start, or the server
 * cannot be reached).
 */
export class CrmMockError extends Error {
  /**
   * @param {number} status
   * @param {string} message
   * @param {unknown} [body]
   */
  constructor(status, message, body = null) {
    super(message);
    this.name = 'CrmMockError';
    this.status = status;
    this.body = body;
  }
}

/** A `/__admin` path: `'/clock'` and `'/__admin/clock'` are the same. */
function adminPath(p) {
  const rel = p.startsWith('/') ? p : `/${p}`;
  return rel === '/__admin' || rel.startsWith('/__admin/') || rel.startsWith('/__admin?') ? rel : `/__admin${rel}`;
}

function isExecutableFile(file) {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The binary to run: a path (relative to the working directory, or else to the directory npm was
 * started from, `INIT_CWD`) or a name looked up on PATH. Throws a CrmMockError saying how to
 * build it when there is none.
 */
function resolveBin(bin) {
  const given = bin ?? (process.env.CRM_MOCK_BIN || 'crm-mock');
  const hasDir = given.includes('/') || given.includes(path.sep);
  const candidates = [];
  if (hasDir) {
    candidates.push(path.resolve(given));
    if (!path.isAbsolute(given) && process.env.INIT_CWD) candidates.push(path.resolve(process.env.INIT_CWD, given));
  } else {
    const exts = process.platform === 'win32' ? ['', '.exe', '.cmd'] : [''];
    for (const dir of (process.env.PATH || '').split(path.delimiter).filter(Boolean)) {
      for (const ext of exts) candidates.push(path.join(dir, given + ext));
    }
  }
  const found = candidates.find(isExecutableFile);
  if (!found) {
    const where = hasDir ? `no executable file at ${candidates.join(' or ')}` : `'${given}' is not on PATH`;
    throw new CrmMockError(0, `crm-mock binary not found (${where}): ${HOW_TO_BUILD}`);
  }
  return found;
}

/** Servers this process started and has not seen exit: ended with it, whatever happens. */
const running = new Set();

function track(child) {
  if (running.size === 0) process.once('exit', killRunning);
  running.add(child);
  child.once('exit', () => {
    running.delete(child);
    if (running.size === 0) process.removeListener('exit', killRunning);
  });
}

function killRunning() {
  for (const child of running) child.kill('SIGKILL');
}

function tokenFrom(token) {
  return token ?? (process.env.CRM_MOCK_ADMIN_TOKEN || undefined);
}

/**
 * Starts a crm-mock server on a free port and waits until it answers; when `CRM_MOCK_URL` is set,
 * attaches to that server instead.
 *
 * @param {{ bin?: string, token?: string }} [options]
 * @returns {Promise<CrmMock>}
 */
export async function startCrmMock({ bin, token } = {}) {
  if (process.env.CRM_MOCK_URL) return attachCrmMock(process.env.CRM_MOCK_URL, { token });
  token = tokenFrom(token);
  const file = resolveBin(bin);
  const args = ['serve', '--port', '0'];
  if (token) args.push('--admin-token', token);

  // The token goes on the command line or nowhere: the server would read the variable itself.
  const env = { ...process.env };
  delete env.CRM_MOCK_ADMIN_TOKEN;
  const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => {
    // Keep draining (a full pipe would stall the server); keep the tail for error messages.
    stderr = (stderr + chunk).slice(-8192);
  });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  track(child);
  const shown = token ? [...args.slice(0, -1), '***'] : args; // never the token itself
  const failure = (why) => {
    child.kill('SIGKILL');
    const tail = stderr.trim();
    return new CrmMockError(0, `crm-mock did not start (${file} ${shown.join(' ')}): ${why}${tail ? `\n${tail}` : ''}`);
  };

  const url = await new Promise((resolve, reject) => {
    let stdout = '';
    let settled = false;
    const timer = setTimeout(() => done(reject, failure(`no "crm-mock listening on" line within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
    const done = (fn, value) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.stdout.removeListener('data', onData);
      fn(value);
    };
    const onData = (chunk) => {
      stdout += chunk;
      for (const line of stdout.split('\n')) {
        const m = LISTENING.exec(line.trim());
        if (m) return done(resolve, m[1]);
      }
    };
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', onData);
    child.once('error', (e) =>
      done(reject, e.code === 'ENOENT' ? new CrmMockError(0, `crm-mock binary not found (${file}): ${HOW_TO_BUILD}`) : failure(e.message)),
    );
    // 'close' comes once its output is read, so the error can quote the server's last words.
    child.once('close', (code, signal) => done(reject, failure(`it exited (${signal ?? `code ${code}`})`)));
  });
  child.stdout.resume(); // later lines (none expected) are drained and dropped

  const mock = new CrmMock(url, { token, child, exited });
  try {
    await mock._waitHealthy(START_TIMEOUT_MS);
  } catch (e) {
    await mock.stop();
    throw e;
  }
  // A test that forgets stop() must not keep Node running; the exit hook still ends the server.
  child.unref();
  child.stdout.unref?.();
  child.stderr.unref?.();
  return mock;
}

/**
 * Uses a crm-mock server that is already running (its base URL, `http://127.0.0.1:4010`); checks
 * that it answers. `stop()` of the result leaves that server running.
 *
 * @param {string} url
 * @param {{ token?: string }} [options]
 * @returns {Promise<CrmMock>}
 */
export async function attachCrmMock(url, { token } = {}) {
  const mock = new CrmMock(String(url).replace(/\/+$/, ''), { token: tokenFrom(token) });
  mock._healthy(await mock.admin('GET', '/health'));
  return mock;
}

/** A crm-mock server: started by this process or attached to. */
export class CrmMock {
  /** @internal */
  constructor(url, { token, child = null, exited = null } = {}) {
    /** The server's base URL, `http://127.0.0.1:PORT` (no trailing slash). */
    this.url = url;
    /** The global clock of the server. */
    this.clock = new Clock(this);
    /** The process id when this helper started the server, else null. */
    this.pid = child?.pid ?? null;
    /** The vendors the server serves (from its health check). */
    this.vendors = [];
    /** The server's version (from its health check). */
    this.version = '';
    Object.defineProperties(this, {
      _token: { value: token || undefined },
      _child: { value: child },
      _exited: { value: exited },
    });
  }

  /** A vendor's base URL, `http://127.0.0.1:PORT/liondesk`; throws for a vendor the server lacks. */
  base(vendor) {
    if (!this.vendors.includes(vendor)) {
      throw new Error(`unknown vendor '${vendor}' (known: ${this.vendors.join(', ')})`);
    }
    return `${this.url}/${vendor}`;
  }

  /**
   * Calls the admin API: `path` under `/__admin` (`'/clock'` or `'/__admin/clock'`), `body` sent
   * as JSON. Resolves to the parsed JSON answer (null for 204); throws a CrmMockError with the
   * status and message of an error answer.
   */
  async admin(method, p, body) {
    const headers = {};
    if (this._token) headers.authorization = `Bearer ${this._token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res;
    try {
      res = await fetch(this.url + adminPath(p), {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (e) {
      throw new CrmMockError(0, `cannot reach crm-mock at ${this.url}: ${e.cause?.message ?? e.message}`);
    }
    const text = await res.text();
    let data = null;
    if (text) {
      try {
        data = JSON.parse(text);
      } catch {
        data = text;
      }
    }
    if (!res.ok) {
      const message = data && typeof data === 'object' && typeof data.message === 'string' ? data.message : text || res.statusText;
      throw new CrmMockError(res.status, message, data);
    }
    return data;
  }

  /**
   * A fresh, isolated tenant: `seed` `'empty'` (what a new account at each vendor holds) or
   * `'demo'` (the demo data too).
   */
  async newTenant({ seed = 'empty' } = {}) {
    return new Tenant(this, await this.admin('POST', '/tenants', { seed }));
  }

  /**
   * Stops the server if this helper started it (SIGTERM, then SIGKILL after 10 s) and resolves
   * once the process has exited; does nothing for an attached server.
   */
  async stop() {
    const child = this._child;
    if (!child) return;
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await this._exited;
      clearTimeout(timer);
    }
  }

  /** @internal */
  _healthy(health) {
    this.vendors = Array.isArray(health?.vendors) ? health.vendors : [];
    this.version = String(health?.version ?? '');
    return health;
  }

  /** @internal */
  async _waitHealthy(timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        return this._healthy(await this.admin('GET', '/health'));
      } catch (e) {
        // An answer other than "not up yet" (a 401 for a wrong token, say) is final.
        if (e.status !== 0 && e.status < 500) throw e;
        if (Date.now() > deadline) throw e;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  }
}

/** One tenant of a CrmMock: its own data, credentials, journal entries, faults and snapshots. */
export class Tenant {
  /** @internal */
  constructor(mock, info) {
    /** The tenant's id. */
    this.id = info.id;
    /** The seed it was created with, `'empty'` or `'demo'`. */
    this.seed = info.seed;
    /** Its credentials, one object per vendor (as `POST /__admin/tenants` answers them). */
    this.credentials = info.credentials;
    /** When it was created (RFC 3339). */
    this.createdAt = info.created_at;
    Object.defineProperty(this, 'mock', { value: mock });
  }

  /**
   * Stores records (one object or an array, in the vendor's wire shape) in one of the vendor's
   * collections; all or nothing. Resolves to their ids.
   */
  async arrange(vendor, collection, records) {
    const list = Array.isArray(records) ? records : [records];
    const answer = await this.mock.admin(
      'POST',
      `/tenants/${encodeURIComponent(this.id)}/${encodeURIComponent(vendor)}/${encodeURIComponent(collection)}`,
      list,
    );
    return answer.ids;
  }

  /**
   * This tenant's entries of the request journal, newest first. Filters: `vendor`, `method`,
   * `path` (a glob relative to the vendor's base), `status` (`404` or `'4xx'`), `since` (a Date or
   * RFC 3339), `after` (an entry id), `limit` (default 100).
   */
  async requests(filters = {}) {
    const query = new URLSearchParams({ tenant: this.id });
    for (const [name, value] of Object.entries(filters)) {
      if (value === undefined || value === null || name === 'tenant') continue;
      query.set(name, value instanceof Date ? value.toISOString() : String(value));
    }
    return (await this.mock.admin('GET', `/requests?${query}`)).requests;
  }

  /**
   * Adds a fault rule that matches only this tenant's requests (`vendor`, `method`, `path` glob
   * relative to the vendor's base, `status`, `body`, `headers`, `delay_ms`, `probability`,
   * `times`). Resolves to the rule as stored (with its `id`).
   */
  async fault(rule) {
    if (rule.tenant !== undefined && rule.tenant !== this.id) {
      throw new TypeError("a tenant's fault always applies to that tenant; use CrmMock.admin for others");
    }
    return this.mock.admin('POST', '/faults', { ...rule, tenant: this.id });
  }

  /** Removes one of this tenant's fault rules (one that already fired its `times` is done). */
  async removeFault(idOrRule) {
    const id = typeof idOrRule === 'object' && idOrRule !== null ? idOrRule.id : idOrRule;
    await ignoreNotFound(this.mock.admin('DELETE', `/faults/${encodeURIComponent(id)}`));
  }

  /** Saves this tenant's data under `name` (kept apart from other tenants' snapshots). */
  async snapshot(name) {
    return this.mock.admin('POST', '/snapshots', { name: this._snapshotName(name), tenant: this.id });
  }

  /** Puts this tenant's data back as it was saved under `name`. */
  async restore(name) {
    return this.mock.admin('POST', `/snapshots/${encodeURIComponent(this._snapshotName(name))}/restore`);
  }

  /** Deletes the tenant with its data, its fault rules and its snapshots; a second call does nothing. */
  async delete() {
    const { faults } = await this.mock.admin('GET', '/faults');
    for (const rule of faults) {
      if (rule.tenant === this.id) await this.removeFault(rule.id);
    }
    const { snapshots } = await this.mock.admin('GET', '/snapshots');
    for (const snap of snapshots) {
      if (snap.tenant === this.id) {
        await ignoreNotFound(this.mock.admin('DELETE', `/snapshots/${encodeURIComponent(snap.name)}`));
      }
    }
    await ignoreNotFound(this.mock.admin('DELETE', `/tenants/${encodeURIComponent(this.id)}`));
  }

  /** @internal */
  _snapshotName(name) {
    return `${this.id}.${name}`;
  }
}

async function ignoreNotFound(promise) {
  try {
    return await promise;
  } catch (e) {
    if (!(e instanceof CrmMockError && e.status === 404)) throw e;
    return null;
  }
}

/** The server's clock (global: every tenant sees it). */
export class Clock {
  /** @internal */
  constructor(mock) {
    Object.defineProperty(this, 'mock', { value: mock });
  }

  /** The emulator's current time. */
  async now() {
    return toDate(await this.mock.admin('GET', '/clock'));
  }

  /** Whether the clock is stopped. */
  async frozen() {
    return (await this.mock.admin('GET', '/clock')).frozen === true;
  }

  /** Sets the time (a Date or RFC 3339 text), frozen there unless `{ frozen: false }`. */
  async set(date, { frozen = true } = {}) {
    const now = date instanceof Date ? date.toISOString() : String(date);
    return toDate(await this.mock.admin('PUT', '/clock', { now, frozen }));
  }

  /** Moves the clock by `seconds` (negative goes back); a frozen clock stays frozen. */
  async advance(seconds) {
    return toDate(await this.mock.admin('PUT', '/clock', { advance_seconds: seconds }));
  }

  /** Stops the clock at its current time. */
  async freeze() {
    return toDate(await this.mock.admin('PUT', '/clock', { frozen: true }));
  }

  /** Back to the system's time, running. */
  async real() {
    return toDate(await this.mock.admin('DELETE', '/clock'));
  }
}

function toDate(answer) {
  return new Date(answer.now);
}

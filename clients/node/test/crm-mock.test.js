// The helper against a real crm-mock: one server for this file, a tenant per test.
// Run from the repository root: CRM_MOCK_BIN=target/debug/crm-mock node --test clients/node/test/

import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';

import { CrmMock, CrmMockError, Tenant, attachCrmMock, startCrmMock } from '../index.js';

let mock;
before(async () => {
  mock = await startCrmMock();
});
after(async () => {
  await mock?.stop();
});

/** A call to a vendor's API: resolves to `{ status, body }` (the body parsed when JSON). */
async function call(url, { method = 'GET', headers = {}, body } = {}) {
  const res = await fetch(url, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed = text;
  try {
    parsed = JSON.parse(text);
  } catch {}
  return { status: res.status, body: parsed };
}

const liondesk = (tenant) => ({ authorization: `Bearer ${tenant.credentials.liondesk.users[0].token}` });
const leadconnector = (tenant) => ({ authorization: `Bearer ${tenant.credentials.leadconnector.access_token}`, version: '2021-07-28' });

async function livevoxSession(tenant) {
  const lv = tenant.credentials.livevox;
  const admin = lv.users.find((u) => u.role === 'Sysadmin');
  const login = await call(`${mock.base('livevox')}/session/login`, {
    method: 'POST',
    headers: { 'LV-Access': lv.access_token },
    body: { clientName: lv.client_name, userName: admin.user_name, password: admin.password },
  });
  assert.equal(login.status, 200, JSON.stringify(login.body));
  return { 'LV-Session': login.body.sessionId };
}

describe('tenants are isolated between tests', () => {
  let tenant;
  let previous;
  beforeEach(async () => {
    tenant = await mock.newTenant();
  });
  afterEach(async () => {
    previous = tenant.id;
    await tenant.delete();
  });

  test('the first test arranges a contact in its own tenant', async () => {
    assert.ok(tenant instanceof Tenant);
    await tenant.arrange('liondesk', 'contacts', [{ first_name: 'Ann', last_name: 'Lee' }]);
    const list = await call(`${mock.base('liondesk')}/contacts`, { headers: liondesk(tenant) });
    assert.equal(list.status, 200);
    assert.equal(list.body.total, 1);
  });

  test('the next test gets a new, empty tenant and the previous one is gone', async () => {
    assert.notEqual(tenant.id, previous);
    const list = await call(`${mock.base('liondesk')}/contacts`, { headers: liondesk(tenant) });
    assert.equal(list.body.total, 0);
    await assert.rejects(mock.admin('GET', `/tenants/${previous}`), (e) => e instanceof CrmMockError && e.status === 404);
  });

  test("two tenants never see each other's records", async () => {
    const other = await mock.newTenant();
    try {
      const [id] = await tenant.arrange('liondesk', 'contacts', { first_name: 'Ann', last_name: 'Lee' });
      assert.equal((await call(`${mock.base('liondesk')}/contacts/${id}`, { headers: liondesk(tenant) })).status, 200);
      assert.equal((await call(`${mock.base('liondesk')}/contacts/${id}`, { headers: liondesk(other) })).status, 404);
    } finally {
      await other.delete();
    }
  });
});

describe('with a tenant', () => {
  let tenant;
  beforeEach(async () => {
    tenant = await mock.newTenant();
  });
  afterEach(async () => {
    await tenant.delete();
  });

  test('arrange a contact for every vendor and read it back through the vendor API', async () => {
    const [lm] = await tenant.arrange('livingmetrics', 'contacts', [{ first_name: 'Ann' }]);
    const got = await call(`${mock.base('livingmetrics')}/v1/contacts/${lm}`, {
      headers: { 'X-Api-Key': tenant.credentials.livingmetrics.api_key },
    });
    assert.equal(got.status, 200);
    assert.equal(got.body.data.first_name, 'Ann');

    const [ld] = await tenant.arrange('liondesk', 'contacts', [{ first_name: 'Ann', last_name: 'Lee' }]);
    const ldGot = await call(`${mock.base('liondesk')}/contacts/${ld}`, { headers: liondesk(tenant) });
    assert.equal(ldGot.status, 200);
    assert.equal(ldGot.body.last_name, 'Lee');

    await tenant.arrange('livevox', 'contacts', [{ account: 'A1', person: { firstName: 'Ann', lastName: 'Lee' } }]);
    const lvGot = await call(`${mock.base('livevox')}/contact/contacts/A1`, { headers: await livevoxSession(tenant) });
    assert.equal(lvGot.status, 200);
    assert.equal(lvGot.body.readContactDetails.person.firstName, 'Ann');

    const [lc] = await tenant.arrange('leadconnector', 'contacts', [{ firstName: 'Ann', email: 'ann@example.com' }]);
    assert.equal(typeof lc, 'string');
    const lcGot = await call(`${mock.base('leadconnector')}/contacts/${lc}`, { headers: leadconnector(tenant) });
    assert.equal(lcGot.status, 200);
    assert.equal(lcGot.body.contact.email, 'ann@example.com');
    assert.equal(lcGot.body.contact.locationId, tenant.credentials.leadconnector.location_id);
  });

  test('arrange reports the admin API error with its status and message', async () => {
    await assert.rejects(tenant.arrange('liondesk', 'no_such_collection', [{}]), (e) => {
      assert.ok(e instanceof CrmMockError);
      assert.equal(e.status, 404);
      assert.match(e.message, /contacts/); // the message lists the collections
      return true;
    });
  });

  test('the journal holds this tenant’s requests, newest first', async () => {
    const headers = { 'X-Api-Key': tenant.credentials.livingmetrics.api_key };
    await call(`${mock.base('livingmetrics')}/v1/contacts?page=0&limit=10`, { headers });
    await call(`${mock.base('livingmetrics')}/v1/contacts?page=1&limit=10`, { headers });

    const seen = await tenant.requests({ vendor: 'livingmetrics', path: '/v1/contacts' });
    assert.equal(seen.length, 2);
    assert.ok(seen.every((r) => r.tenant === tenant.id && r.method === 'GET' && r.status === 200));
    assert.ok(seen[0].id > seen[1].id);
    assert.equal(seen[0].query, 'page=1&limit=10');

    assert.equal((await tenant.requests({ vendor: 'livingmetrics', status: '4xx' })).length, 0);
    assert.equal((await tenant.requests({ vendor: 'livingmetrics', limit: 1 })).length, 1);
    const other = await mock.newTenant();
    try {
      assert.deepEqual(await other.requests(), []);
    } finally {
      await other.delete();
    }
  });

  test('a fault with times: 1 fires once, for this tenant only', async () => {
    const rule = await tenant.fault({ vendor: 'liondesk', method: 'GET', path: '/contacts', status: 503, times: 1 });
    assert.equal(rule.tenant, tenant.id);
    const other = await mock.newTenant();
    try {
      assert.equal((await call(`${mock.base('liondesk')}/contacts`, { headers: liondesk(other) })).status, 200);
    } finally {
      await other.delete();
    }
    assert.equal((await call(`${mock.base('liondesk')}/contacts`, { headers: liondesk(tenant) })).status, 503);
    assert.equal((await call(`${mock.base('liondesk')}/contacts`, { headers: liondesk(tenant) })).status, 200);

    const [second, first] = await tenant.requests({ vendor: 'liondesk', path: '/contacts' });
    assert.equal(first.status, 503);
    assert.equal(first.fault, rule.id);
    assert.equal(second.status, 200);
    assert.equal(second.fault, null);
  });

  test('a fault without a limit lasts until removed; delete() removes the rest', async () => {
    const rule = await tenant.fault({ vendor: 'leadconnector', path: '/contacts/*', status: 500 });
    const keep = await tenant.fault({ vendor: 'livingmetrics', status: 502 });
    const raw = await mock.admin('POST', '/faults', { vendor: 'liondesk', status: 500, tenant: tenant.id });
    await assert.rejects(tenant.fault({ status: 500, tenant: 'someone-else' }), TypeError);
    const url = `${mock.base('leadconnector')}/contacts/nope`;
    assert.equal((await call(url, { headers: leadconnector(tenant) })).status, 500);
    assert.equal((await call(url, { headers: leadconnector(tenant) })).status, 500);
    await tenant.removeFault(rule);
    assert.equal((await call(url, { headers: leadconnector(tenant) })).status, 400); // not a valid id
    await tenant.delete();
    const { faults } = await mock.admin('GET', '/faults');
    assert.ok(!faults.some((f) => f.id === keep.id || f.id === raw.id));
  });

  test('the clock: frozen at a date, advanced, back to real time', async () => {
    try {
      const at = new Date('2030-01-02T03:04:05Z');
      assert.deepEqual(await mock.clock.set(at), at);
      const created = await call(`${mock.base('liondesk')}/contacts`, {
        method: 'POST',
        headers: liondesk(tenant),
        body: { first_name: 'Bo', last_name: 'Ek', email: 'bo@example.com' },
      });
      assert.equal(created.status, 201);
      assert.equal(created.body.created_at, '2030-01-02T03:04:05.000Z');
      assert.deepEqual(await mock.clock.now(), at); // frozen

      assert.equal((await mock.clock.advance(90)).toISOString(), '2030-01-02T03:05:35.000Z');
      const later = await call(`${mock.base('leadconnector')}/contacts/`, {
        method: 'POST',
        headers: leadconnector(tenant),
        body: { locationId: tenant.credentials.leadconnector.location_id, firstName: 'Cy', email: 'cy@example.com' },
      });
      assert.equal(later.status, 201, JSON.stringify(later.body));
      assert.equal(later.body.contact.dateAdded, '2030-01-02T03:05:35.000Z');

      await mock.clock.set('2031-06-01T00:00:00Z', { frozen: false });
      assert.equal(await mock.clock.frozen(), false);
      await mock.clock.freeze();
      assert.equal(await mock.clock.frozen(), true);
    } finally {
      const now = await mock.clock.real();
      assert.ok(Math.abs(now.getTime() - Date.now()) < 60_000);
      assert.equal((await mock.admin('GET', '/__admin/clock')).frozen, false);
    }
  });

  test('snapshot, change, restore', async () => {
    await tenant.arrange('liondesk', 'contacts', [{ first_name: 'Ann', last_name: 'Lee' }]);
    const saved = await tenant.snapshot('one-contact');
    assert.equal(saved.name, `${tenant.id}.one-contact`);
    assert.equal(saved.tenant, tenant.id);

    await tenant.arrange('liondesk', 'contacts', [{ first_name: 'Bo', last_name: 'Ek' }]);
    const total = async () => (await call(`${mock.base('liondesk')}/contacts`, { headers: liondesk(tenant) })).body.total;
    assert.equal(await total(), 2);
    await tenant.restore('one-contact');
    assert.equal(await total(), 1);

    // Snapshot names are the tenant's own: another tenant's 'one-contact' is another snapshot.
    const other = await mock.newTenant();
    try {
      await other.snapshot('one-contact');
      await tenant.restore('one-contact');
      assert.equal(await total(), 1);
    } finally {
      await other.delete();
    }
    await tenant.delete();
    const { snapshots } = await mock.admin('GET', '/snapshots');
    assert.ok(!snapshots.some((s) => s.name.startsWith(`${tenant.id}.`) || s.name.startsWith(`${other.id}.`)));
    await assert.rejects(tenant.restore('one-contact'), (e) => e instanceof CrmMockError && e.status === 404);
  });
});

test('attach to a running server by URL, and through CRM_MOCK_URL', async () => {
  const attached = await attachCrmMock(`${mock.url}/`);
  assert.ok(attached instanceof CrmMock);
  assert.equal(attached.url, mock.url);
  assert.equal(attached.pid, null);
  assert.deepEqual(attached.vendors, ['livingmetrics', 'liondesk', 'livevox', 'leadconnector']);
  assert.match(attached.version, /^\d+\.\d+/);
  assert.equal(attached.base('livevox'), `${mock.url}/livevox`);
  assert.throws(() => attached.base('salesforce'), /unknown vendor 'salesforce'/);
  const tenant = await attached.newTenant({ seed: 'demo' });
  try {
    const list = await call(`${attached.base('liondesk')}/contacts`, { headers: liondesk(tenant) });
    assert.equal(list.status, 200);
    assert.ok(list.body.total > 0); // the demo data
  } finally {
    await tenant.delete();
  }
  await attached.stop(); // leaves the server running
  assert.equal((await mock.admin('GET', '/health')).status, 'ok');

  const saved = process.env.CRM_MOCK_URL;
  process.env.CRM_MOCK_URL = mock.url;
  try {
    const viaEnv = await startCrmMock({ bin: '/nonexistent/crm-mock' });
    assert.equal(viaEnv.url, mock.url);
    assert.equal(viaEnv.pid, null);
    await viaEnv.stop();
  } finally {
    if (saved === undefined) delete process.env.CRM_MOCK_URL;
    else process.env.CRM_MOCK_URL = saved;
  }
  assert.equal((await mock.admin('GET', '/health')).status, 'ok');
});

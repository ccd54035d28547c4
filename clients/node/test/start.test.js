// Starting and stopping the binary: what happens when it is missing, the admin token, stop().
// These tests start their own servers, so CRM_MOCK_URL is set aside while they run.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { CrmMockError, attachCrmMock, startCrmMock } from '../index.js';

const saved = { url: process.env.CRM_MOCK_URL, bin: process.env.CRM_MOCK_BIN, token: process.env.CRM_MOCK_ADMIN_TOKEN };
before(() => {
  delete process.env.CRM_MOCK_URL;
  delete process.env.CRM_MOCK_ADMIN_TOKEN;
});
after(() => {
  for (const [name, value] of [['CRM_MOCK_URL', saved.url], ['CRM_MOCK_BIN', saved.bin], ['CRM_MOCK_ADMIN_TOKEN', saved.token]]) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

/** The binary the helper would run by default (CRM_MOCK_BIN as the helper resolves it, else PATH). */
function defaultBin() {
  const bin = saved.bin || 'crm-mock';
  if (!bin.includes('/')) return bin;
  const here = path.resolve(bin);
  return existsSync(here) || !process.env.INIT_CWD ? here : path.resolve(process.env.INIT_CWD, bin);
}

/** Whether the binary knows `--admin-token` (`serve --help` lists it). */
function supportsAdminToken() {
  try {
    return execFileSync(defaultBin(), ['serve', '--help'], { encoding: 'utf8' }).includes('--admin-token');
  } catch {
    return false;
  }
}

function missingBinary(e) {
  assert.ok(e instanceof CrmMockError, String(e));
  assert.equal(e.status, 0);
  assert.match(e.message, /crm-mock binary not found/);
  assert.match(e.message, /cargo build --release/);
  assert.match(e.message, /CRM_MOCK_BIN=target\/release\/crm-mock/);
  return true;
}

test('a missing binary says how to build it', async () => {
  await assert.rejects(startCrmMock({ bin: '/nonexistent/crm-mock' }), missingBinary);
  await assert.rejects(startCrmMock({ bin: 'crm-mock-not-on-path-anywhere' }), missingBinary);
  process.env.CRM_MOCK_BIN = 'no/such/dir/crm-mock';
  try {
    await assert.rejects(startCrmMock(), (e) => missingBinary(e) && /no\/such\/dir\/crm-mock/.test(e.message));
  } finally {
    if (saved.bin === undefined) delete process.env.CRM_MOCK_BIN;
    else process.env.CRM_MOCK_BIN = saved.bin;
  }
});

test('stop() resolves once the server process has exited', async () => {
  const mock = await startCrmMock();
  assert.equal(typeof mock.pid, 'number');
  assert.equal((await mock.admin('GET', '/health')).status, 'ok');
  await mock.stop();
  assert.throws(() => process.kill(mock.pid, 0), { code: 'ESRCH' });
  await assert.rejects(mock.admin('GET', '/health'), (e) => e instanceof CrmMockError && e.status === 0);
  await mock.stop(); // a second stop does nothing
});

test('two servers started side by side get their own ports', async () => {
  const [a, b] = await Promise.all([startCrmMock(), startCrmMock()]);
  try {
    assert.notEqual(a.url, b.url);
    const tenant = await a.newTenant();
    await assert.rejects(b.admin('GET', `/tenants/${tenant.id}`), (e) => e.status === 404);
  } finally {
    await Promise.all([a.stop(), b.stop()]);
  }
});

const tokenSkip = supportsAdminToken()
  ? false
  : `${defaultBin()} has no --admin-token flag (\`serve --help\` does not list it): build a newer crm-mock to run this test`;

test('the admin token: 401 without it, 200 with it', { skip: tokenSkip }, async () => {
  const token = 's3cret-token';
  const mock = await startCrmMock({ token });
  try {
    const bare = await fetch(`${mock.url}/__admin/health`);
    assert.equal(bare.status, 401);
    assert.equal((await bare.json()).status, 401);
    const wrong = await fetch(`${mock.url}/__admin/tenants`, { headers: { authorization: 'Bearer wrong' } });
    assert.equal(wrong.status, 401);
    const right = await fetch(`${mock.url}/__admin/health`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(right.status, 200);

    // The helper sends it on every admin call.
    const tenant = await mock.newTenant();
    await tenant.arrange('liondesk', 'contacts', [{ first_name: 'Ann', last_name: 'Lee' }]);
    await mock.clock.now();
    // Vendor APIs do not look at it.
    const list = await fetch(`${mock.base('liondesk')}/contacts`, {
      headers: { authorization: `Bearer ${tenant.credentials.liondesk.users[0].token}` },
    });
    assert.equal(list.status, 200);
    assert.equal((await tenant.requests({ vendor: 'liondesk' })).length, 1);
    await tenant.delete();

    // Attaching: without the token (or with a wrong one) the admin API refuses; with it, it answers.
    await assert.rejects(attachCrmMock(mock.url), (e) => e instanceof CrmMockError && e.status === 401);
    await assert.rejects(attachCrmMock(mock.url, { token: 'wrong' }), (e) => e.status === 401 && /token/.test(e.message));
    process.env.CRM_MOCK_ADMIN_TOKEN = token;
    try {
      const attached = await attachCrmMock(mock.url);
      assert.equal((await attached.admin('GET', '/health')).status, 'ok');
    } finally {
      delete process.env.CRM_MOCK_ADMIN_TOKEN;
    }
  } finally {
    await mock.stop();
  }
});

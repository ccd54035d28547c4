import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startCrmMock } from 'crm-mock';

let crm;
before(async () => { crm = await startCrmMock(); }); // CRM_MOCK_BIN, or crm-mock on PATH
after(() => crm.stop());

test('a LionDesk contact: arranged, read back, retried after a fault', async (t) => {
  const tenant = await crm.newTenant(); // a fresh tenant per test: nothing leaks between tests
  t.after(() => tenant.delete());
  await tenant.arrange('liondesk', 'contacts', [{ first_name: 'Ann', last_name: 'Lee' }]);
  await tenant.fault({ vendor: 'liondesk', path: '/contacts', status: 503, times: 1 });

  const headers = { Authorization: `Bearer ${tenant.credentials.liondesk.users[0].token}` };
  let res = await fetch(`${crm.base('liondesk')}/contacts`, { headers });
  if (res.status === 503) res = await fetch(`${crm.base('liondesk')}/contacts`, { headers }); // the code under test retries
  assert.equal((await res.json()).data[0].first_name, 'Ann');

  const calls = await tenant.requests({ vendor: 'liondesk', path: '/contacts' }); // newest first
  assert.deepEqual(calls.map((r) => r.status), [200, 503]);
});

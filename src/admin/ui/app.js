// crm-mock dashboard: a browser view of the control plane under /__admin (tenants and their
// credentials, stored data, the request journal, fault rules, the clock and snapshots).
'use strict';

const ADMIN = '/__admin';
const TOKEN_KEY = 'crm-mock.admin-token';
const DEFAULT_VENDORS = ['livingmetrics', 'liondesk', 'livevox', 'leadconnector'];
const VENDOR_LABELS = {
  livingmetrics: 'LivingMetrics',
  liondesk: 'LionDesk',
  livevox: 'LiveVox',
  leadconnector: 'LeadConnector',
};
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];
const VIEWS = ['tenants', 'data', 'requests', 'faults', 'clock', 'snapshots'];
const VIEW_TITLES = {
  tenants: 'Tenants', data: 'Data', requests: 'Requests', faults: 'Faults', clock: 'Clock', snapshots: 'Snapshots',
};
const PAGE_SIZE = 50; // records per page in the data view
const REQUESTS_LIMIT = 200; // journal entries asked for at a time
const REQUESTS_KEPT = 500; // rows the requests table keeps
const CLOCK_SYNC_MS = 5000;
const REQUESTS_POLL_MS = 1000;
const FAULTS_POLL_MS = 2000;

const state = {
  vendors: DEFAULT_VENDORS.slice(),
  view: null,
  tenants: [],
  tenantsSeq: 0,
  selectedTenant: null,
  shownTenant: null, // the record the credentials panel shows, as JSON
};

// ---------------------------------------------------------------------------------------------
// Small helpers

function $(selector, root = document) {
  return root.querySelector(selector);
}

// Creates an element. `props` holds attributes, plus `text`, `class`, `dataset` and `on<event>`
// handlers; children are nodes or strings (added as text, never parsed as markup).
function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'text') node.textContent = String(value);
    else if (key === 'class') node.className = value;
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

const enc = encodeURIComponent;

function vendorLabel(name) {
  return VENDOR_LABELS[name] || name;
}

// A word for a POSIX shell: single-quoted, with each ' written as '\''.
function shellQuote(text) {
  return `'${String(text).replace(/'/g, `'\\''`)}'`;
}

// A value as one line of text: strings as they are, anything else as JSON.
function displayValue(value) {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

// A body for reading: JSON pretty-printed, anything else as it is.
function prettyBody(text) {
  if (text === null || text === undefined || text === '') return '';
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return String(text);
  }
}

// Leaves of a JSON value as [dotted path, value] pairs (`users.0.token`).
function flatten(value, prefix = '') {
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, child]) => flatten(child, prefix ? `${prefix}.${key}` : key));
  }
  return [[prefix, value]];
}

// An RFC 3339 instant to the second (`2026-01-01T09:00:00Z`).
function formatInstant(ms) {
  return new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
}

function plural(count, word) {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

// A table cell whose text is cut to the column's width, the whole of it in the tooltip.
function clippedCell(text, className) {
  return el('td', { class: className || null, title: text }, el('span', { class: 'clip', text }));
}

function fillSelect(select, options, wanted) {
  const keep = wanted ?? select.value;
  select.replaceChildren(...options.map(({ value, label }) => el('option', { value, text: label })));
  if (options.some((o) => o.value === keep)) select.value = keep;
}

// When focus is inside `row`, which is about to leave its table, answers a function that moves
// focus, once the table is drawn again, to the same control in the next (or previous) row, found
// by its `data-<key>` attribute, else to `fallback`.
function refocusAfterRemoval(row, key, selector, fallback) {
  if (!row || !row.contains(document.activeElement)) return () => {};
  const body = row.parentElement;
  const neighbour = row.nextElementSibling || row.previousElementSibling;
  const value = neighbour && neighbour.getAttribute(`data-${key}`);
  return () => {
    const target = (value !== null && value !== undefined
      && body.querySelector(`tr[data-${key}="${CSS.escape(value)}"] ${selector}`)) || fallback;
    if (target) target.focus();
  };
}

// Runs `task` every `ms` while started, one run at a time, skipping runs while the page is hidden.
function poller(ms, task) {
  let generation = 0;
  let timer = null;
  const schedule = (gen) => {
    timer = setTimeout(async () => {
      if (gen !== generation) return;
      if (!document.hidden) {
        try {
          await task();
        } catch (error) {
          fail('Refresh failed', error);
        }
      }
      if (gen === generation) schedule(gen);
    }, ms);
  };
  return {
    start() {
      this.stop();
      schedule(generation);
    },
    stop() {
      generation += 1;
      clearTimeout(timer);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Status line

function say(message) {
  const status = $('#status');
  status.classList.remove('error');
  status.textContent = message;
}

function fail(context, error) {
  const status = $('#status');
  const text = `${context}: ${error && error.message ? error.message : error}`;
  status.classList.add('error');
  if (status.textContent !== text) status.textContent = text;
}

// ---------------------------------------------------------------------------------------------
// The admin API: one wrapper for every call

class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

function storedToken() {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  const token = storedToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  const init = { method, headers, cache: 'no-store' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(ADMIN + path, init);
  } catch (error) {
    throw new ApiError(0, `the server did not answer (${error.message})`);
  }
  const text = await response.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = text;
    }
  }
  if (response.status === 401) {
    askForToken();
    throw new ApiError(401, messageOf(data) || 'the admin API needs a token');
  }
  if (!response.ok) {
    throw new ApiError(response.status, messageOf(data) || `${response.status} ${response.statusText}`.trim());
  }
  return data;
}

function messageOf(data) {
  if (data && typeof data === 'object' && typeof data.message === 'string') return data.message;
  if (typeof data === 'string') return data.trim().slice(0, 300);
  return '';
}

function askForToken() {
  const form = $('#auth-form');
  if (!form.hidden) return;
  form.hidden = false;
  $('#auth-token').focus();
}

function saveToken(event) {
  event.preventDefault();
  const token = $('#auth-token').value.trim();
  if (!token) return;
  try {
    sessionStorage.setItem(TOKEN_KEY, token);
  } catch {
    // Storage refused (a private window): the token is not kept.
  }
  $('#auth-form').hidden = true;
  $('#auth-token').value = '';
  say('Admin token saved for this browser tab.');
  restart();
}

// ---------------------------------------------------------------------------------------------
// Confirmation dialogs

// Each button of a dialog closes it with its value; Escape closes it with none.
function wireDialog(dialog) {
  for (const button of dialog.querySelectorAll('button[value]')) {
    button.addEventListener('click', () => dialog.close(button.value));
  }
}

// Shows a confirmation dialog; answers whether its "confirm" button closed it.
function confirmDialog(dialog) {
  const opener = document.activeElement;
  return new Promise((resolve) => {
    dialog.returnValue = '';
    dialog.addEventListener(
      'close',
      () => {
        if (opener && opener.isConnected) opener.focus();
        resolve(dialog.returnValue === 'confirm');
      },
      { once: true },
    );
    dialog.showModal();
  });
}

// ---------------------------------------------------------------------------------------------
// The emulator's clock: read every few seconds, advanced locally in between

// `actions` counts the changes asked for and `pending` those not answered yet: a reading taken
// while one was under way may predate it and is dropped.
const clock = { ms: null, syncedAt: 0, frozen: false, actions: 0, pending: 0 };

function applyClock(answer) {
  const ms = Date.parse(answer && answer.now);
  if (Number.isNaN(ms)) return;
  clock.ms = ms;
  clock.syncedAt = performance.now();
  clock.frozen = Boolean(answer.frozen);
  renderClock();
}

function emulatorNow() {
  if (clock.ms === null) return null;
  return clock.frozen ? clock.ms : clock.ms + (performance.now() - clock.syncedAt);
}

function renderClock() {
  const now = emulatorNow();
  if (now === null) return;
  const text = formatInstant(now);
  const iso = new Date(now).toISOString();
  for (const node of [$('#header-clock'), $('#clock-now')]) {
    if (node.textContent !== text) node.textContent = text;
    node.setAttribute('datetime', iso);
  }
  $('#header-clock-state').hidden = !clock.frozen;
  $('#clock-state').textContent = clock.frozen ? 'frozen' : 'running';
  $('#clock-state').className = clock.frozen ? 'frozen' : 'running';
}

async function syncClock() {
  const actions = clock.actions;
  const answer = await api('GET', '/clock');
  if (clock.actions === actions && clock.pending === 0) applyClock(answer);
}

// Changes the clock (PUT or DELETE) and shows its answer.
async function changeClockTo(method, body) {
  clock.actions += 1;
  clock.pending += 1;
  try {
    applyClock(await api(method, '/clock', body));
  } finally {
    clock.pending -= 1;
  }
}

const clockPoller = poller(CLOCK_SYNC_MS, syncClock);

// ---------------------------------------------------------------------------------------------
// Health, vendors and routing

async function loadHealth() {
  try {
    const health = await api('GET', '/health');
    if (Array.isArray(health.vendors) && health.vendors.length) state.vendors = health.vendors;
    $('#version').textContent = health.version ? `v${health.version}` : '';
  } catch (error) {
    fail('Could not read the server health', error);
  }
  renderVendorControls();
}

function renderVendorControls() {
  const links = state.vendors.map((vendor) =>
    el('li', {}, el('a', { href: `${ADMIN}/openapi/${enc(vendor)}.json`, target: '_blank', rel: 'noopener', text: vendorLabel(vendor) })));
  links.push(el('li', {}, el('a', { href: `${ADMIN}/openapi/admin.json`, target: '_blank', rel: 'noopener', text: 'Admin' })));
  $('#openapi-links').replaceChildren(...links);

  const vendors = state.vendors.map((v) => ({ value: v, label: vendorLabel(v) }));
  const any = { value: '', label: 'any' };
  fillSelect($('#data-vendor'), vendors);
  fillSelect($('#filter-vendor'), [any, ...vendors]);
  fillSelect($('#fault-vendor'), [any, ...vendors]);
  const methods = [any, ...METHODS.map((m) => ({ value: m, label: m }))];
  fillSelect($('#filter-method'), methods);
  fillSelect($('#fault-method'), methods);
}

const views = {
  tenants: { enter: enterTenants },
  data: { enter: enterData },
  requests: { enter: enterRequests, leave: leaveRequests },
  faults: { enter: enterFaults, leave: leaveFaults },
  clock: { enter: enterClock },
  snapshots: { enter: enterSnapshots },
};

function route() {
  const wanted = location.hash.slice(1);
  const name = VIEWS.includes(wanted) ? wanted : state.view || 'tenants';
  if (state.view && views[state.view].leave) views[state.view].leave();
  state.view = name;
  for (const view of VIEWS) {
    $(`#view-${view}`).hidden = view !== name;
    const link = $(`#nav-${view}`);
    if (view === name) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  document.title = `${VIEW_TITLES[name]} · crm-mock`;
  views[name].enter();
}

// The tenant list; answers null when a later load started meanwhile (its answer is fresher).
async function loadTenants() {
  const seq = ++state.tenantsSeq;
  const answer = await api('GET', '/tenants');
  if (seq !== state.tenantsSeq) return null;
  state.tenants = (answer && answer.tenants) || [];
  return state.tenants;
}

// ---------------------------------------------------------------------------------------------
// Tenants

async function enterTenants() {
  try {
    const tenants = await loadTenants();
    if (!tenants) return;
    renderTenants(tenants);
  } catch (error) {
    fail('Could not list the tenants', error);
    return;
  }
  const selected = state.selectedTenant;
  if (selected && state.tenants.some((t) => t.id === selected)) showTenant(selected);
  else clearTenantDetail();
}

function renderTenants(tenants) {
  const rows = tenants.map((tenant) => {
    const selected = tenant.id === state.selectedTenant;
    return el('tr', { dataset: { tenant: tenant.id }, class: selected ? 'selected' : null },
      el('td', {},
        el('button', {
          type: 'button', class: 'link select', text: tenant.id, 'aria-current': selected ? 'true' : null,
          title: `Show the credentials of ${tenant.id}`, onclick: () => showTenant(tenant.id),
        })),
      el('td', { text: tenant.seed }),
      el('td', { text: tenant.created_at }),
      el('td', { class: 'actions' },
        el('button', {
          type: 'button', class: 'delete danger', text: 'Delete', 'aria-label': `Delete tenant ${tenant.id}`,
          onclick: () => deleteTenant(tenant.id),
        })));
  });
  $('#tenants-table tbody').replaceChildren(...rows);
  $('#tenants-empty').hidden = tenants.length > 0;
}

function markSelectedTenant() {
  for (const row of $('#tenants-table tbody').rows) {
    const selected = row.dataset.tenant === state.selectedTenant;
    row.classList.toggle('selected', selected);
    const button = $('button.select', row);
    if (selected) button.setAttribute('aria-current', 'true');
    else button.removeAttribute('aria-current');
  }
}

async function createTenant(event) {
  event.preventDefault();
  const seed = $('#tenant-seed').value;
  try {
    const record = await api('POST', '/tenants', { seed });
    state.selectedTenant = record.id;
    say(`Created tenant ${record.id} (${record.seed || seed}).`);
    renderTenantDetail(record);
    const tenants = await loadTenants();
    if (tenants) renderTenants(tenants);
  } catch (error) {
    fail('Could not create the tenant', error);
  }
}

async function showTenant(id) {
  state.selectedTenant = id;
  markSelectedTenant();
  try {
    renderTenantDetail(await api('GET', `/tenants/${enc(id)}`));
  } catch (error) {
    fail(`Could not read tenant ${id}`, error);
  }
}

async function deleteTenant(id) {
  $('#tenant-delete-message').textContent = `Tenant ${id} and all its data at every vendor will be removed.`;
  if (!(await confirmDialog($('#tenant-delete-dialog')))) {
    say('Nothing deleted.');
    return;
  }
  try {
    await api('DELETE', `/tenants/${enc(id)}`);
    say(`Deleted tenant ${id}.`);
    const row = $(`#tenants-table tr[data-tenant="${CSS.escape(id)}"]`);
    const refocus = refocusAfterRemoval(row, 'tenant', 'button.delete', $('#tenant-create'));
    if (state.selectedTenant === id) {
      state.selectedTenant = null;
      clearTenantDetail();
    }
    const tenants = await loadTenants();
    if (tenants) renderTenants(tenants);
    else row?.remove();
    refocus();
  } catch (error) {
    fail(`Could not delete tenant ${id}`, error);
  }
}

function clearTenantDetail() {
  state.shownTenant = null;
  $('#tenant-detail').replaceChildren(
    el('p', { class: 'hint', text: 'Choose a tenant to see its credentials and a ready request for each vendor.' }));
}

function renderTenantDetail(record) {
  // The same record again (read back after it was created) leaves the panel as it is.
  const json = JSON.stringify(record);
  if (json === state.shownTenant) return;
  state.shownTenant = json;
  const credentials = record.credentials || {};
  const vendors = [...new Set([...state.vendors, ...Object.keys(credentials)])];
  const browse = el('a', {
    href: '#data', text: 'Browse its data',
    onclick: () => {
      data.tenant = record.id;
      data.offset = 0;
      data.sort = null;
    },
  });
  $('#tenant-detail').replaceChildren(
    el('h3', { text: `Tenant ${record.id}` }),
    el('p', { class: 'meta' }, `Seed ${record.seed}, created ${record.created_at}. `, browse),
    ...vendors.map((vendor) => vendorCredentials(vendor, credentials[vendor], record.id)));
}

function vendorCredentials(vendor, credentials, tenant) {
  const headingId = `credentials-${vendor}`;
  const section = el('section', { class: 'vendor-credentials', dataset: { vendor }, 'aria-labelledby': headingId },
    el('h4', { id: headingId, text: vendorLabel(vendor) }));
  if (!credentials) {
    section.append(el('p', { class: 'empty', text: `Tenant ${tenant} has no ${vendorLabel(vendor)} credentials.` }));
    return section;
  }
  const list = el('dl', { class: 'credentials' });
  for (const [field, value] of flatten(credentials)) {
    const code = el('code', { class: 'credential', dataset: { field }, text: displayValue(value) });
    list.append(el('dt', { text: field }), el('dd', {}, code, copyButton(code, field)));
  }
  section.append(list);
  const command = curlCommand(vendor, credentials, location.origin);
  if (command) {
    const pre = el('pre', { class: 'curl', tabindex: 0 }, command);
    section.append(
      el('div', { class: 'curl-head' }, el('h5', { text: 'Try it' }), copyButton(pre, `the ${vendorLabel(vendor)} command`)),
      pre);
  }
  return section;
}

function copyButton(source, what) {
  return el('button', {
    type: 'button', class: 'copy small', text: 'Copy', 'aria-label': `Copy ${what}`,
    onclick: () => copyText(source.textContent, source, what),
  });
}

async function copyText(text, node, what) {
  try {
    await navigator.clipboard.writeText(text);
    say(`Copied ${what}.`);
  } catch {
    const range = document.createRange();
    range.selectNodeContents(node);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    say(`Selected ${what}: press Ctrl+C (⌘C) to copy it.`);
  }
}

// A LiveVox user with Contact API rights: a Sysadmin if there is one, else anyone but an agent.
function liveVoxUser(users) {
  const list = Array.isArray(users) ? users : [];
  return list.find((u) => u.role === 'Sysadmin') || list.find((u) => u.role !== 'Agent') || list[0];
}

// A command that calls the vendor with the tenant's credentials, ready for a POSIX shell.
function curlCommand(vendor, c, origin) {
  const q = shellQuote;
  const base = `${origin}/${vendor}`;
  switch (vendor) {
    case 'livingmetrics':
      if (!c.api_key) return null;
      return `curl -H ${q(`X-Api-Key: ${c.api_key}`)} ${q(`${base}/v1/contacts`)}`;
    case 'liondesk': {
      const token = Array.isArray(c.users) && c.users[0] && c.users[0].token;
      if (!token) return null;
      return `curl -H ${q(`Authorization: Bearer ${token}`)} ${q(`${base}/contacts`)}`;
    }
    case 'leadconnector':
      if (!c.access_token || !c.location_id) return null;
      return `curl -H ${q(`Authorization: Bearer ${c.access_token}`)} -H 'Version: 2021-07-28' `
        + q(`${base}/contacts/?locationId=${enc(c.location_id)}`);
    case 'livevox': {
      const user = liveVoxUser(c.users);
      if (!user || !c.access_token) return null;
      const login = JSON.stringify({ clientName: c.client_name, userName: user.user_name, password: user.password, agent: false });
      return [
        `SESSION=$(curl -s -X POST ${q(`${base}/session/login`)} \\`,
        `  -H ${q(`LV-Access: ${c.access_token}`)} -H 'Content-Type: application/json' \\`,
        `  -d ${q(login)} \\`,
        String.raw`  | sed 's/.*"sessionId":"\([^"]*\)".*/\1/')`,
        `curl -H "LV-Session: $SESSION" ${q(`${base}/contact/contactGroups?count=10&offset=0`)}`,
      ].join('\n');
    }
    default:
      return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Data

// What the data view shows; `sort` is null until a column is chosen (the server sorts by the
// first), `sorted` the column the table is sorted by.
const data = { tenant: null, vendor: null, collection: 'contacts', offset: 0, sort: null, sorted: null, dir: 'asc', seq: 0 };

// Shows the tenants already known at once, then reads the list again; a choice made
// meanwhile is kept.
async function enterData() {
  fillDataTenants(state.tenants);
  if (!state.vendors.includes(data.vendor)) data.vendor = state.vendors[0];
  $('#data-vendor').value = data.vendor;
  loadCollections();
  let tenants;
  try {
    tenants = await loadTenants();
  } catch (error) {
    fail('Could not list the tenants', error);
    return;
  }
  if (!tenants || state.view !== 'data') return;
  const before = data.tenant;
  fillDataTenants(tenants);
  if (data.tenant !== before) loadCollections();
}

function fillDataTenants(tenants) {
  const ids = tenants.map((t) => t.id);
  if (!ids.includes(data.tenant)) data.tenant = ids.includes('demo') ? 'demo' : ids[0] || null;
  fillSelect($('#data-tenant'), ids.map((id) => ({ value: id, label: id })), data.tenant);
}

function changeDataSource() {
  const vendor = $('#data-vendor').value;
  if (vendor !== data.vendor) data.collection = 'contacts';
  data.tenant = $('#data-tenant').value;
  data.vendor = vendor;
  data.offset = 0;
  data.sort = null;
  data.dir = 'asc';
  loadCollections();
}

async function loadCollections() {
  const seq = ++data.seq;
  const counts = $('#data-counts');
  if (!data.tenant) {
    counts.replaceChildren(el('li', { class: 'empty', text: 'No tenants.' }));
    renderRecords(null);
    return;
  }
  let answer;
  try {
    answer = await api('GET', `/tenants/${enc(data.tenant)}/${enc(data.vendor)}`);
  } catch (error) {
    if (seq !== data.seq) return;
    counts.replaceChildren(el('li', { class: 'empty', text: error.message }));
    renderRecords(null);
    fail('Could not read the collections', error);
    return;
  }
  if (seq !== data.seq) return;
  const collections = (answer && answer.collections) || [];
  const names = collections.map((c) => c.name);
  if (!names.includes(data.collection)) {
    data.collection = names.includes('contacts') ? 'contacts' : names[0] || null;
    data.offset = 0;
    data.sort = null;
  }
  counts.replaceChildren(...collections.map((c) => el('li', {},
    el('button', {
      type: 'button', class: 'collection', dataset: { collection: c.name },
      'aria-pressed': c.name === data.collection ? 'true' : 'false',
      onclick: () => chooseCollection(c.name),
    }, el('span', { class: 'name', text: c.name }), ' ', el('span', { class: 'count', text: c.count })))));
  if (!collections.length) counts.replaceChildren(el('li', { class: 'empty', text: 'This vendor keeps no collections.' }));
  await loadRecords();
}

function chooseCollection(name) {
  data.collection = name;
  data.offset = 0;
  data.sort = null;
  data.dir = 'asc';
  for (const button of $('#data-counts').querySelectorAll('button[data-collection]')) {
    button.setAttribute('aria-pressed', button.dataset.collection === name ? 'true' : 'false');
  }
  loadRecords();
}

async function loadRecords() {
  if (!data.collection) {
    renderRecords(null);
    return;
  }
  const seq = ++data.seq;
  const params = new URLSearchParams({ offset: data.offset, limit: PAGE_SIZE });
  if (data.sort) {
    params.set('sort', data.sort);
    params.set('dir', data.dir);
  }
  const path = `/tenants/${enc(data.tenant)}/${enc(data.vendor)}/${enc(data.collection)}?${params}`;
  try {
    const answer = await api('GET', path);
    if (seq === data.seq) renderRecords(answer);
  } catch (error) {
    if (seq !== data.seq) return;
    renderRecords(null);
    fail(`Could not read ${data.collection}`, error);
  }
}

function renderRecords(answer) {
  const table = $('#data-table');
  const title = $('#data-collection-title');
  if (!answer) {
    title.textContent = 'Records';
    table.tHead.replaceChildren();
    table.tBodies[0].replaceChildren();
    data.sorted = null;
    $('#data-range').textContent = '';
    $('#data-prev').disabled = true;
    $('#data-next').disabled = true;
    return;
  }
  const columns = answer.columns || [];
  const records = answer.records || [];
  const total = answer.total ?? records.length;
  const offset = answer.offset ?? data.offset;
  const sorted = data.sort || columns[0];
  title.textContent = `${data.collection} of ${vendorLabel(data.vendor)} in tenant ${data.tenant}`;

  renderSortHeaders(table, columns, sorted);

  const rows = records.map((record) => el('tr', {}, columns.map((column) => {
    const value = record[column];
    if (value === null || value === undefined) return el('td', { class: 'null', text: 'null' });
    return clippedCell(displayValue(value), typeof value === 'number' ? 'num' : null);
  })));
  if (!records.length) rows.push(el('tr', {}, el('td', { class: 'empty', colspan: Math.max(columns.length, 1), text: 'No records.' })));
  table.tBodies[0].replaceChildren(...rows);

  $('#data-range').textContent = records.length
    ? `${offset + 1}–${offset + records.length} of ${total}`
    : `0 of ${total}`;
  $('#data-prev').disabled = offset <= 0;
  $('#data-next').disabled = offset + records.length >= total;
}

// Column headers, each a sort button. The same columns are updated in place, so a header
// button keeps its focus while the page changes.
function renderSortHeaders(table, columns, sorted) {
  const buttons = [...table.tHead.querySelectorAll('button[data-sort]')];
  if (buttons.map((b) => b.dataset.sort).join('\n') !== columns.join('\n')) {
    table.tHead.replaceChildren(el('tr', {}, columns.map((column) => el('th', { scope: 'col' },
      el('button', { type: 'button', class: 'sort', dataset: { sort: column }, onclick: () => sortBy(column) },
        column, el('span', { class: 'sort-mark', 'aria-hidden': 'true' }))))));
  }
  const ascending = data.dir === 'asc';
  for (const button of table.tHead.querySelectorAll('button[data-sort]')) {
    const active = button.dataset.sort === sorted;
    const th = button.parentElement;
    if (active) th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
    else th.removeAttribute('aria-sort');
    $('.sort-mark', button).textContent = active ? (ascending ? ' ▲' : ' ▼') : '';
  }
  data.sorted = sorted;
}

// A click on the sorted column turns its order round; on another, sorts by it, ascending.
function sortBy(column) {
  if (column === data.sorted) data.dir = data.dir === 'asc' ? 'desc' : 'asc';
  else data.dir = 'asc';
  data.sort = column;
  data.offset = 0;
  loadRecords();
}

function page(step) {
  data.offset = Math.max(0, data.offset + step * PAGE_SIZE);
  loadRecords();
}

// ---------------------------------------------------------------------------------------------
// Requests: the journal, newest first, polled for entries after the newest shown

const journal = { gen: 0, maxId: 0, loaded: false, total: 0, filters: null, entries: new Map(), selected: null };
const requestsPoller = poller(REQUESTS_POLL_MS, pollRequests);
let filterTimer = null;

function readFilters() {
  return {
    vendor: $('#filter-vendor').value,
    method: $('#filter-method').value,
    status: $('#filter-status').value.trim(),
    tenant: $('#filter-tenant').value.trim(),
    path: $('#filter-path').value.trim(),
  };
}

function filterParams(filters, extra) {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries({ ...filters, ...extra })) {
    if (value !== '' && value !== null && value !== undefined) params.set(name, value);
  }
  return params;
}

function enterRequests() {
  reloadRequests();
}

function leaveRequests() {
  requestsPoller.stop();
  clearTimeout(filterTimer);
}

// Selects reload at once when changed; text fields a moment after the typing stops.
function filtersChanged(event) {
  const select = event.target.tagName === 'SELECT';
  if (select !== (event.type === 'change')) return;
  clearTimeout(filterTimer);
  filterTimer = setTimeout(reloadRequests, select ? 0 : 350);
}

async function reloadRequests() {
  const gen = ++journal.gen;
  journal.loaded = false;
  journal.maxId = 0;
  journal.filters = readFilters();
  requestsPoller.stop();
  let answer;
  try {
    answer = await api('GET', `/requests?${filterParams(journal.filters, { limit: REQUESTS_LIMIT })}`);
  } catch (error) {
    if (gen !== journal.gen) return;
    clearRequestRows();
    if (error.status === 409) showJournalNotice(error.message);
    else fail('Could not read the journal', error);
    return;
  }
  if (gen !== journal.gen) return;
  showJournalNotice(null);
  clearRequestRows();
  const entries = answer.requests || [];
  journal.total = answer.total ?? entries.length;
  addRequests(entries);
  journal.loaded = true;
  if (state.view === 'requests') requestsPoller.start();
}

async function pollRequests() {
  if (!journal.loaded) return;
  const gen = journal.gen;
  let answer;
  try {
    const params = filterParams(journal.filters, { after: journal.maxId, limit: REQUESTS_LIMIT });
    answer = await api('GET', `/requests?${params}`);
  } catch (error) {
    if (gen !== journal.gen) return;
    if (error.status === 409) {
      showJournalNotice(error.message);
      requestsPoller.stop();
    } else {
      fail('Could not read new requests', error);
    }
    return;
  }
  if (gen !== journal.gen) return;
  const entries = (answer.requests || []).filter((e) => e.id > journal.maxId);
  journal.total += entries.length;
  addRequests(entries);
}

function showJournalNotice(message) {
  const notice = $('#requests-notice');
  notice.hidden = !message;
  notice.textContent = message || '';
  if (message) say(message);
}

function clearRequestRows() {
  journal.entries.clear();
  $('#requests-table tbody').replaceChildren();
  updateRequestCount();
}

// Adds entries (newest first) above the rows already shown.
function addRequests(entries) {
  if (!entries.length) {
    updateRequestCount();
    return;
  }
  const body = $('#requests-table tbody');
  const fragment = document.createDocumentFragment();
  for (const entry of entries) {
    journal.entries.set(String(entry.id), entry);
    journal.maxId = Math.max(journal.maxId, entry.id);
    fragment.append(requestRow(entry));
  }
  body.prepend(fragment);
  while (body.rows.length > REQUESTS_KEPT) {
    const last = body.rows[body.rows.length - 1];
    if (last.dataset.requestId === journal.selected) break;
    journal.entries.delete(last.dataset.requestId);
    last.remove();
  }
  updateRequestCount();
}

function updateRequestCount() {
  const shown = $('#requests-table tbody').rows.length;
  $('#requests-count').textContent = shown
    ? `${plural(shown, 'request')} shown of ${journal.total} matching, newest first; new ones appear as they arrive.`
    : 'No requests match yet; new ones appear as they arrive.';
}

function timeOf(at) {
  const match = /T(\d\d:\d\d:\d\d(?:\.\d+)?)/.exec(at || '');
  return match ? match[1] : at || '';
}

function pathWithQuery(entry) {
  return entry.query ? `${entry.path}?${entry.query}` : entry.path;
}

function statusClass(status) {
  return `status-${String(status).charAt(0)}xx`;
}

function requestRow(entry) {
  const path = pathWithQuery(entry);
  return el('tr', {
    tabindex: 0, dataset: { requestId: entry.id },
    class: String(entry.id) === journal.selected ? 'selected' : null,
  },
  el('td', { text: timeOf(entry.at), title: entry.at }),
  el('td', { text: entry.vendor }),
  el('td', { text: entry.method }),
  clippedCell(path, 'path'),
  el('td', {}, el('span', { class: `status ${statusClass(entry.status)}`, text: entry.status })),
  el('td', { class: 'num', text: Number(entry.duration_ms).toFixed(1) }),
  el('td', { text: entry.tenant ?? '' }),
  el('td', { text: entry.fault ?? '' }));
}

function rowActivated(event) {
  const row = event.target.closest('tr[data-request-id]');
  if (!row) return;
  if (event.type === 'keydown') {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    event.preventDefault();
  }
  showRequest(row.dataset.requestId);
}

function headerLines(headers) {
  const entries = Object.entries(headers || {});
  return entries.length ? entries.map(([name, value]) => `${name}: ${value}`).join('\n') : '(none)';
}

function bodyBlock(className, body, truncated) {
  const text = prettyBody(body);
  return el('div', { class: 'body-block' },
    el('pre', { class: `${className}${text ? '' : ' none'}`, tabindex: 0 }, text || '(no body)'),
    truncated ? el('p', { class: 'meta', text: 'Only the first 64 KiB were kept.' }) : null);
}

function queryLines(query) {
  if (!query) return '(none)';
  return [...new URLSearchParams(query)].map(([name, value]) => `${name} = ${value}`).join('\n');
}

function showRequest(id) {
  const entry = journal.entries.get(String(id));
  if (!entry) return;
  journal.selected = String(id);
  for (const row of $('#requests-table tbody').rows) row.classList.toggle('selected', row.dataset.requestId === journal.selected);
  const response = entry.response || { status: entry.status, headers: null, body: null };
  const latency = `${Number(entry.duration_ms).toFixed(2)} ms`;
  const detail = $('#request-detail');
  detail.replaceChildren(
    el('div', { class: 'detail-head' },
      el('h3', { id: 'request-detail-title', text: `Request ${entry.id}` }),
      el('button', { type: 'button', class: 'small', text: 'Close', 'aria-label': 'Close the request details', onclick: closeRequest })),
    el('dl', { class: 'facts' },
      el('dt', { text: 'Time' }), el('dd', { text: entry.at }),
      el('dt', { text: 'Vendor' }), el('dd', { text: vendorLabel(entry.vendor) }),
      el('dt', { text: 'Tenant' }), el('dd', { text: entry.tenant ?? 'none' }),
      el('dt', { text: 'Fault rule' }), el('dd', { text: entry.fault ?? 'none' })),
    el('h4', { text: 'Request' }),
    el('p', { class: 'request-line' },
      el('span', { class: 'request-method', text: entry.method }), ' ',
      el('code', { class: 'request-path', text: entry.path })),
    el('h5', { text: 'Query' }),
    el('pre', { class: 'request-query', title: entry.query || null }, queryLines(entry.query)),
    el('h5', { text: 'Headers' }),
    el('pre', { class: 'request-headers', tabindex: 0 }, headerLines(entry.headers)),
    el('h5', { text: 'Body' }),
    bodyBlock('request-body', entry.body, entry.body_truncated),
    el('h4', { text: 'Response' }),
    el('p', {},
      'Status ', el('span', { class: `response-status status ${statusClass(response.status)}`, text: response.status }),
      ' in ', el('span', { class: 'response-latency', text: latency })),
    el('h5', { text: 'Headers' }),
    el('pre', { class: 'response-headers', tabindex: 0 }, entry.response ? headerLines(response.headers) : '(not recorded)'),
    el('h5', { text: 'Body' }),
    bodyBlock('response-body', response.body, response.body_truncated));
  detail.hidden = false;
  $('#view-requests .requests-layout').classList.add('with-detail');
}

function closeRequest() {
  const id = journal.selected;
  journal.selected = null;
  $('#request-detail').hidden = true;
  $('#view-requests .requests-layout').classList.remove('with-detail');
  for (const row of $('#requests-table tbody').rows) row.classList.remove('selected');
  const row = id && $(`#requests-table tr[data-request-id="${CSS.escape(id)}"]`);
  if (row) row.focus();
}

async function clearJournal() {
  try {
    await api('DELETE', '/requests');
    journal.total = 0;
    clearRequestRows();
    if (journal.selected) closeRequest();
    say('Journal cleared.');
  } catch (error) {
    fail('Could not clear the journal', error);
  }
}

// ---------------------------------------------------------------------------------------------
// Faults

const faultsPoller = poller(FAULTS_POLL_MS, loadFaults);

function enterFaults() {
  loadFaults().catch((error) => fail('Could not list the fault rules', error));
  faultsPoller.start();
}

function leaveFaults() {
  faultsPoller.stop();
}

function numberField(name) {
  const text = $(`#fault-${name}`).value.trim();
  if (text === '') return undefined;
  const value = Number(text);
  if (!Number.isFinite(value)) throw new Error(`${name}: '${text}' is not a number`);
  return value;
}

// The rule the form describes; empty fields are left out (they match anything).
function faultSpec() {
  const spec = {};
  for (const name of ['vendor', 'method', 'path', 'tenant']) {
    const value = $(`#fault-${name}`).value.trim();
    if (value) spec[name] = value;
  }
  for (const name of ['status', 'delay_ms', 'probability', 'times']) {
    const value = numberField(name);
    if (value !== undefined) spec[name] = value;
  }
  const body = $('#fault-body').value;
  if (body.trim()) {
    try {
      spec.body = JSON.parse(body);
    } catch {
      spec.body = body;
    }
  }
  const headers = $('#fault-headers').value.trim();
  if (headers) {
    let parsed;
    try {
      parsed = JSON.parse(headers);
    } catch (error) {
      throw new Error(`headers: not JSON (${error.message})`);
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new Error('headers: must be a JSON object of names to values');
    }
    spec.headers = parsed;
  }
  return spec;
}

async function addFault(event) {
  event.preventDefault();
  let spec;
  try {
    spec = faultSpec();
  } catch (error) {
    fail('Could not add the fault rule', error);
    return;
  }
  try {
    const rule = await changeFaults('POST', '/faults', spec);
    say(`Added fault rule ${rule.id}.`);
    await loadFaults();
  } catch (error) {
    fail('Could not add the fault rule', error);
  }
}

// A listing taken while a change was under way may predate it: it is dropped, and the change
// lists the rules again once answered.
async function loadFaults() {
  const changes = faultChanges.started;
  const answer = await api('GET', '/faults');
  if (changes !== faultChanges.started || faultChanges.pending > 0) return;
  renderFaults((answer && answer.faults) || []);
}

const faultChanges = { started: 0, pending: 0 };

async function changeFaults(method, path, body) {
  faultChanges.started += 1;
  faultChanges.pending += 1;
  try {
    return await api(method, path, body);
  } finally {
    faultChanges.pending -= 1;
  }
}

function faultCell(value, fallback, className) {
  const unset = value === undefined || value === null;
  const classes = [className, unset ? 'unset' : null].filter(Boolean).join(' ') || null;
  return unset ? el('td', { class: classes, text: fallback }) : clippedCell(displayValue(value), classes);
}

function remainingText(rule) {
  return rule.remaining === null || rule.remaining === undefined ? '∞' : String(rule.remaining);
}

function faultRow(rule) {
  return el('tr', { dataset: { faultId: rule.id } },
    el('td', { text: rule.id }),
    faultCell(rule.vendor, 'any'),
    faultCell(rule.method, 'any'),
    faultCell(rule.path, 'any', 'path'),
    faultCell(rule.tenant, 'any'),
    faultCell(rule.status, '—'),
    faultCell(rule.body, '—', 'code'),
    faultCell(rule.headers, '—', 'code'),
    faultCell(rule.delay_ms, '—', 'num'),
    faultCell(rule.probability, '1', 'num'),
    faultCell(rule.times, '∞', 'num'),
    el('td', { class: 'num remaining', text: remainingText(rule) }),
    el('td', { class: 'num fired', text: rule.fired }),
    el('td', { class: 'actions' },
      el('button', {
        type: 'button', class: 'remove danger', text: 'Remove', 'aria-label': `Remove fault rule ${rule.id}`,
        onclick: () => removeFault(rule.id),
      })));
}

// The rules last listed, by id.
const faultRules = new Map();

// Updates the table in place, so a focused button keeps its focus across refreshes. A rule
// with a number of times that is no longer listed has fired its last time (the server drops
// spent rules): its row stays, marked used up, until dismissed.
function renderFaults(rules) {
  const body = $('#faults-table tbody');
  const rows = new Map([...body.rows].map((row) => [row.dataset.faultId, row]));
  const listed = new Set();
  for (const rule of rules) {
    const key = String(rule.id);
    listed.add(key);
    faultRules.set(key, rule);
    const row = rows.get(key);
    if (row) {
      $('.fired', row).textContent = rule.fired;
      $('.remaining', row).textContent = remainingText(rule);
    } else {
      body.append(faultRow(rule));
    }
  }
  for (const [key, row] of rows) {
    if (listed.has(key) || row.classList.contains('spent')) continue;
    const last = faultRules.get(key);
    faultRules.delete(key);
    if (last && last.remaining !== null && last.remaining !== undefined) markSpent(row, last);
    else removeFaultRow(row);
  }
  $('#faults-empty').hidden = body.rows.length > 0;
  $('#faults-clear').disabled = body.rows.length === 0;
}

function markSpent(row, rule) {
  row.classList.add('spent');
  $('.fired', row).textContent = rule.fired + rule.remaining;
  $('.remaining', row).textContent = '0';
  $('td', row).append(' ', el('span', { class: 'badge', text: 'used up' }));
  const button = $('button.remove', row);
  button.textContent = 'Dismiss';
  button.setAttribute('aria-label', `Dismiss used-up fault rule ${rule.id}`);
}

function removeFaultRow(row) {
  const refocus = refocusAfterRemoval(row, 'fault-id', 'button.remove', $('#fault-add'));
  faultRules.delete(row.dataset.faultId);
  row.remove();
  refocus();
  const body = $('#faults-table tbody');
  $('#faults-empty').hidden = body.rows.length > 0;
  $('#faults-clear').disabled = body.rows.length === 0;
}

function clearFaultRows() {
  faultRules.clear();
  $('#faults-table tbody').replaceChildren();
  $('#faults-empty').hidden = false;
  $('#faults-clear').disabled = true;
}

async function removeFault(id) {
  const row = $(`#faults-table tr[data-fault-id="${CSS.escape(String(id))}"]`);
  if (row && row.classList.contains('spent')) {
    removeFaultRow(row);
    say(`Dismissed used-up fault rule ${id}.`);
    return;
  }
  try {
    await changeFaults('DELETE', `/faults/${enc(id)}`);
    if (row && row.isConnected) removeFaultRow(row);
    say(`Removed fault rule ${id}.`);
  } catch (error) {
    fail(`Could not remove fault rule ${id}`, error);
  }
  await loadFaults().catch((error) => fail('Could not list the fault rules', error));
}

async function clearFaults() {
  try {
    await changeFaults('DELETE', '/faults');
    clearFaultRows();
    say('Removed every fault rule.');
    await loadFaults();
  } catch (error) {
    fail('Could not remove the fault rules', error);
  }
}

// ---------------------------------------------------------------------------------------------
// Clock

// The form is filled at once from the clock already known, so nothing typed is overwritten
// when the fresh reading arrives.
function enterClock() {
  $('#clock-freeze-with-set').checked = clock.frozen;
  prefillClockInput();
  syncClock()
    .then(() => {
      if (!$('#clock-input').value) prefillClockInput();
    })
    .catch((error) => fail('Could not read the clock', error));
}

function prefillClockInput() {
  const input = $('#clock-input');
  const now = emulatorNow();
  if (now !== null && document.activeElement !== input) input.value = formatInstant(now);
}

async function changeClock(method, body, describe) {
  try {
    await changeClockTo(method, body);
    prefillClockInput();
    say(describe(formatInstant(emulatorNow())));
  } catch (error) {
    fail('Could not change the clock', error);
  }
}

function setClock(event) {
  event.preventDefault();
  const now = $('#clock-input').value.trim();
  if (!now) {
    fail('Could not set the clock', new Error('enter a time such as 2026-01-01T09:00:00Z'));
    return;
  }
  const frozen = $('#clock-freeze-with-set').checked;
  changeClock('PUT', { now, frozen }, (at) => `Clock set to ${at}, ${frozen ? 'frozen' : 'running'}.`);
}

function advanceClock(seconds) {
  if (!Number.isFinite(seconds)) {
    fail('Could not advance the clock', new Error('enter a number of seconds'));
    return;
  }
  changeClock('PUT', { advance_seconds: seconds }, (at) => `Clock moved by ${seconds} s to ${at}.`);
}

// ---------------------------------------------------------------------------------------------
// Snapshots and reset

async function enterSnapshots() {
  try {
    await loadSnapshots();
  } catch (error) {
    fail('Could not list the snapshots', error);
  }
}

async function loadSnapshots() {
  const answer = await api('GET', '/snapshots');
  const snapshots = (answer && answer.snapshots) || [];
  $('#snapshots-table tbody').replaceChildren(...snapshots.map((s) => el('tr', { dataset: { snapshot: s.name } },
    el('th', { scope: 'row', text: s.name }),
    el('td', { text: s.tenant ? `tenant ${s.tenant}` : 'all' }),
    el('td', { text: s.created_at }),
    el('td', { class: 'num', text: s.rows ?? '' }),
    el('td', { class: 'actions' },
      el('button', {
        type: 'button', class: 'restore', text: 'Restore', 'aria-label': `Restore snapshot ${s.name}`,
        onclick: () => restoreSnapshot(s.name),
      }),
      ' ',
      el('button', {
        type: 'button', class: 'delete danger', text: 'Delete', 'aria-label': `Delete snapshot ${s.name}`,
        onclick: () => deleteSnapshot(s.name),
      })))));
  $('#snapshots-empty').hidden = snapshots.length > 0;
}

async function saveSnapshot(event) {
  event.preventDefault();
  const name = $('#snapshot-name').value.trim();
  try {
    const saved = await api('POST', '/snapshots', { name });
    say(`Saved snapshot ${saved.name} (${plural(saved.rows ?? 0, 'row')}).`);
    $('#snapshot-name').value = '';
    await loadSnapshots();
  } catch (error) {
    fail('Could not save the snapshot', error);
  }
}

async function restoreSnapshot(name) {
  try {
    await api('POST', `/snapshots/${enc(name)}/restore`);
    say(`Restored snapshot ${name}.`);
  } catch (error) {
    fail(`Could not restore snapshot ${name}`, error);
  }
}

async function deleteSnapshot(name) {
  try {
    await api('DELETE', `/snapshots/${enc(name)}`);
    say(`Deleted snapshot ${name}.`);
    const row = $(`#snapshots-table tr[data-snapshot="${CSS.escape(name)}"]`);
    const refocus = refocusAfterRemoval(row, 'snapshot', 'button.delete', $('#snapshot-name'));
    await loadSnapshots();
    refocus();
  } catch (error) {
    fail(`Could not delete snapshot ${name}`, error);
  }
}

async function resetAll() {
  if (!(await confirmDialog($('#reset-dialog')))) {
    say('Nothing was reset.');
    return;
  }
  try {
    const answer = await api('POST', '/reset', {});
    const count = answer && answer.tenants;
    say(`Reset ${plural(count ?? 0, 'tenant')} to their seed; the journal, fault rules and clock were cleared.`);
    clearFaultRows();
    await syncClock().catch(() => {});
  } catch (error) {
    fail('Could not reset the tenants', error);
  }
}

// ---------------------------------------------------------------------------------------------
// Start

function wire() {
  window.addEventListener('hashchange', route);
  $('.skip-link').addEventListener('click', (event) => {
    event.preventDefault();
    $('#main').focus();
  });
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden) syncClock().catch(() => {});
  });
  $('#auth-form').addEventListener('submit', saveToken);

  $('#tenant-form').addEventListener('submit', createTenant);

  $('#data-tenant').addEventListener('change', changeDataSource);
  $('#data-vendor').addEventListener('change', changeDataSource);
  $('#data-prev').addEventListener('click', () => page(-1));
  $('#data-next').addEventListener('click', () => page(1));

  const filters = $('#requests-filters');
  filters.addEventListener('input', filtersChanged);
  filters.addEventListener('change', filtersChanged);
  filters.addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(filterTimer);
    reloadRequests();
  });
  $('#requests-clear').addEventListener('click', clearJournal);
  const requestRows = $('#requests-table tbody');
  requestRows.addEventListener('click', rowActivated);
  requestRows.addEventListener('keydown', rowActivated);
  $('#request-detail').addEventListener('keydown', (event) => {
    if (event.key === 'Escape') closeRequest();
  });

  $('#fault-form').addEventListener('submit', addFault);
  $('#faults-clear').addEventListener('click', clearFaults);

  $('#clock-set-form').addEventListener('submit', setClock);
  $('#clock-advance-form').addEventListener('submit', (event) => {
    event.preventDefault();
    advanceClock(Number($('#clock-advance-seconds').value));
  });
  for (const button of document.querySelectorAll('.quick-advance')) {
    button.addEventListener('click', () => advanceClock(Number(button.dataset.seconds)));
  }
  $('#clock-freeze').addEventListener('click', () =>
    changeClock('PUT', { frozen: true }, (at) => `Clock frozen at ${at}.`));
  $('#clock-unfreeze').addEventListener('click', () =>
    changeClock('PUT', { frozen: false }, (at) => `Clock running from ${at}.`));
  $('#clock-real').addEventListener('click', () =>
    changeClock('DELETE', undefined, (at) => `Clock back to real time: ${at}.`));

  $('#snapshot-form').addEventListener('submit', saveSnapshot);
  for (const dialog of document.querySelectorAll('dialog')) wireDialog(dialog);
  $('#reset-all').addEventListener('click', resetAll);
}

// Reads what every view needs, then shows the view the address names.
async function restart() {
  await loadHealth();
  route();
  syncClock().catch((error) => fail('Could not read the clock', error));
}

function start() {
  wire();
  setInterval(renderClock, 500);
  clockPoller.start();
  restart();
}

start();

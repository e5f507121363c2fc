// Shared end-to-end harness: serves dist/ on a free localhost port and starts Debian's Chromium.
import { before, after } from 'node:test';
import { createServer } from 'node:http';
import { readFile, mkdir } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium } from 'playwright-core';

// KARIZ_DIST lets parallel work test its own build directory instead of dist/.
export const ROOT = resolve(process.env.KARIZ_DIST ?? resolve(import.meta.dirname, '../../dist'));
export const ARTIFACTS = resolve(import.meta.dirname, 'artifacts');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.webmanifest': 'application/manifest+json',
};

/**
 * Serves dist/ (or another build directory `root`) under `base` (e.g. "/" or "/kariz/") on
 * 127.0.0.1; resolves to { url, close }.
 */
export async function serveDist(base = '/', root = ROOT) {
  const sockets = new Set();
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (!path.startsWith(base)) {
      res.writeHead(404).end();
      return;
    }
    let file = normalize(join(root, path.slice(base.length)));
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    if (path.endsWith('/')) file = join(file, 'index.html');
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  // Closing also drops kept-alive connections, so "the server is stopped" really is.
  const close = () =>
    new Promise((ok) => {
      server.close(ok);
      for (const socket of sockets) socket.destroy();
    });
  return { url: `http://127.0.0.1:${port}${base}`, close };
}

/** Launches headless Chromium as root-safe as this machine needs. */
export async function launch() {
  await mkdir(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // Extra flags for experiments (a V8 tiering flag, say); none in tests.
      ...(process.env.KARIZ_CHROMIUM_FLAGS ?? '').split(' ').filter(Boolean),
    ],
  });
}

/** Collects console errors and page errors of a page, to assert none happened. */
export function watchErrors(page) {
  const errors = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(String(err)));
  return errors;
}

/** Text of a KPI card's value. */
export async function kpi(page, id) {
  return (await page.getByTestId(`kpi-${id}`).textContent()).trim();
}

/**
 * Registers before/after hooks that serve dist/ and start Chromium for a test file; the returned
 * object's `url` and `browser` are filled in once the hooks have run.
 */
export function useApp(base = '/') {
  const app = { url: '', browser: null };
  let server;
  before(async () => {
    server = await serveDist(base);
    app.url = server.url;
    app.browser = await launch();
  });
  after(async () => {
    await app.browser?.close();
    await server?.close();
  });
  return app;
}

/** Rewrites the stored dataset as if a newer Kariz (schema 99) had saved it; returns the text. */
/** A fresh context and page with the sample loaded and its dashboard shown. */
export async function withSample(app, viewport = { width: 1280, height: 900 }) {
  const context = await app.browser.newContext({ viewport, locale: 'en-US' });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(app.url);
  await page.getByTestId('load-sample').click();
  await page.locator('[data-kpi=visitor-lead] .sub').getByText(/^320 leads/).waitFor();
  return { context, page, errors };
}

export function storeNewerSchema(page) {
  return page.evaluate(() => {
    const ds = JSON.parse(localStorage.getItem('kariz.dataset'));
    ds.schema_version = 99;
    const text = JSON.stringify(ds);
    localStorage.setItem('kariz.dataset', text);
    return text;
  });
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function unpackId(s) {
  if (s.startsWith("'")) return s.slice(1);
  if (!/^[A-Za-z0-9_-]{22}$/.test(s)) return s;
  let v = 0n;
  for (let i = 0; i < 21; i++) v = (v << 6n) | BigInt(B64.indexOf(s[i]));
  v = (v << 2n) | BigInt(B64.indexOf(s[21]) >> 4);
  const h = v.toString(16).padStart(32, '0');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const isoDay = (days) => new Date(days * 86_400_000).toISOString().slice(0, 10);

/**
 * Reads stored text into the readable dataset shape (what exports look like). A second,
 * independent reader of the compact storage form (src/domain/format/compact/): if the two disagree,
 * the tests that use it fail.
 */
export function decodeStore(text, parts = {}) {
  const s = JSON.parse(text);
  if (s.format !== 'kariz-store') return s;
  const table = (list, extra) => [...list.map((x) => x.id), ...(extra ?? [])];
  const stages = table(s.stages, s.extra_stages);
  const sources = table(s.sources, s.extra_sources);
  const owners = table(s.owners, s.extra_owners);
  // Schema 3: deal types, left out of the store when they are the language's default list.
  const dealTypes = s.deal_types ?? DEFAULT_TYPES[s.settings.language];
  const types = table(dealTypes, s.extra_types);
  const typeCodes = unpackCodes(s.types ?? '', types.length + 1, s.deals.length);
  const pick = (list, i) => (i ? list[i - 1] : null);
  const deals = s.deals.map((row, i) => {
    const [id, title, history, packed, minor = 0, source = 0, owner = 0, updated = '0', company = 0, reason = 0, close = null, contact = '', currency = 0, notes = '', lostNote = '', far = null] = row;
    // Store 2 folds the lead's arrival minute into the day number: day × 1441 + minute + 1.
    const first = (s.store ?? 1) >= 2 ? Math.floor(packed / 1441) : packed;
    const code = (s.store ?? 1) >= 2 ? packed - first * 1441 : 0;
    const start = s.day0 + first;
    const arrivedAt = code ? start * 1440 + code - 1 : far === null ? null : start * 1440 + far;
    let day = start;
    const events = [...history.matchAll(/([A-Z]*)([a-z])(-?\d*)/g)].map(([, high, low, gap]) => {
      let index = 0;
      for (const c of high) index = index * 26 + (c.charCodeAt(0) - 64);
      index = index * 26 + (low.charCodeAt(0) - 97);
      day += gap ? Number(gap) : 0;
      return { stage: stages[index], date: isoDay(day) };
    });
    return {
      id: unpackId(id),
      title,
      company: pick(s.companies, company) ?? '',
      contact,
      // The contact's phone and email: columns beside the deal rows, absent when all are empty.
      ...(s.phones?.[i] ? { phone: s.phones[i] } : {}),
      ...(s.emails?.[i] ? { email: s.emails[i] } : {}),
      source: pick(sources, source),
      owner: pick(owners, owner),
      ...(typeCodes[i] ? { deal_type: types[typeCodes[i] - 1] } : {}),
      value: { minor, currency: pick(s.currencies ?? [], currency) ?? s.settings.display_currency },
      first_contact: isoDay(start),
      expected_close: close === null ? null : isoDay(start + close),
      lost_reason: pick(s.reasons, reason),
      lost_note: lostNote,
      notes,
      events,
      ...(arrivedAt === null ? {} : { arrived: moment(arrivedAt) }),
      updated_at: s.t0 - parseInt(updated || '0', 36),
    };
  });
  const dealIds = s.deals.map((row) => unpackId(row[0]));
  // Store 3: the activities in parts under keys of their own, their deal numbers being slots
  // (src/domain/format/compact/parts.rs): each deal's slot, or its place when `deal_slots` is
  // absent, and the slots of deals gone since with their ids.
  let activities;
  if (s.activity_parts) {
    const slots = [];
    const column = s.deal_slots ? s.deal_slots.split(',').map((x) => parseInt(x, 36)) : dealIds.map((_, i) => i);
    column.forEach((slot, i) => (slots[slot] = dealIds[i]));
    for (const [slot, id] of s.gone_slots ?? []) slots[slot] = unpackId(id);
    activities = s.activity_parts.flatMap(([key, rows]) => {
      if (parts[key] === undefined) throw new Error(`activities part ${key} is missing`);
      const list = decodeActivities(JSON.parse(parts[key]), owners, slots, s.call_outcomes ?? [], s.activity_kinds ?? []);
      if (list.length !== rows) throw new Error(`activities part ${key}: ${list.length} rows, listed ${rows}`);
      return list;
    });
  } else {
    activities = decodeActivities(s.activities, owners, dealIds, s.call_outcomes ?? [], s.activity_kinds ?? []);
  }
  return {
    format: 'kariz',
    schema_version: s.schema_version,
    stages: s.stages,
    sources: s.sources,
    owners: s.owners,
    deal_types: dealTypes,
    deals,
    traffic: s.traffic,
    goals: s.goals,
    tombstones: s.tombstones.map(([id, at]) => ({ id: unpackId(id), deleted_at: parseInt(at, 36) })),
    settings: s.settings,
    // Stored as in the readable form; absent in older data.
    ...(s.setup_stamps ? { setup_stamps: s.setup_stamps } : {}),
    ...(s.past_losses ? { past_losses: s.past_losses } : {}),
    activities,
    next_steps: s.next_steps ?? [],
    ...(s.call_outcomes ? { call_outcomes: s.call_outcomes } : {}),
    // Absent when it is the five built-ins as they come.
    ...(s.activity_kinds ? { activity_kinds: s.activity_kinds } : {}),
    views: s.views ?? [],
  };
}

/** The deal types a dataset starts with, per language (src/domain/model.rs). */
const DEFAULT_TYPES = {
  en: [
    { id: 'new-business', name: 'New business' },
    { id: 'renewal', name: 'Renewal' },
    { id: 'upsell', name: 'Upsell' },
  ],
  fa: [
    { id: 'new-business', name: 'مشتری جدید' },
    { id: 'renewal', name: 'تمدید' },
    { id: 'upsell', name: 'فروش بیشتر' },
  ],
};

/**
 * `n` codes below `k` packed as base64 digits: as many codes as fit in a digit (k^per ≤ 64), low
 * code first; above 64 codes, several digits per code (src/domain/format/compact/pack.rs).
 */
function unpackCodes(text, k, n) {
  let per = 1;
  while (k <= 64 && Math.max(k, 2) ** (per + 1) <= 64) per += 1;
  let width = 1;
  while (k > 64 && 64 ** width < k) width += 1;
  const codes = [];
  for (let at = 0; at < text.length && codes.length < n; at += width) {
    let value = 0;
    for (const c of text.slice(at, at + width)) value = value * 64 + B64.indexOf(c);
    for (let j = 0; j < per && codes.length < n; j++) {
      codes.push(value % k);
      value = Math.floor(value / k);
    }
  }
  while (codes.length < n) codes.push(0);
  return codes;
}

/** A local minute count since 1970 as the readable form's `{ date, minute }`. */
function moment(minutes) {
  const day = Math.floor(minutes / 1440);
  return { date: isoDay(day), minute: minutes - day * 1440 };
}

/** The activity columns of the compact store (see src/domain/format/compact/activities.rs). */
function decodeActivities(c, owners, dealIds, outcomes, kinds) {
  if (!c) return [];
  const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const KINDS = ['call', 'email', 'meeting', 'message', 'note'];
  const nums = (text) => (c.ids.length ? text.split(',').map((x) => parseInt(x, 36)) : []);
  const sparse = (list) => new Map((list ?? []).map(([row, value]) => [row, value]));
  const [at, updated, owner, deal, seconds] = [c.at, c.updated, c.owner, c.deal, c.seconds].map(nums);
  const [phones, notes, otherDeals, otherOutcomes, otherKinds] = [c.phones, c.notes, c.other_deals, c.other_outcomes, c.other_kinds].map(sparse);
  let minutes = 0;
  let ms = 0;
  return c.ids.map((id, i) => {
    minutes += at[i];
    ms += updated[i];
    const kind = LETTERS.indexOf(c.kind[i]);
    const outcome = LETTERS.indexOf(c.outcome[i]);
    // Letters past the built-ins' ten name an added kind by its place in the kind list.
    const added = kind >= 10 ? kinds[Math.floor((kind - 10) / 2)] : null;
    const kindId = added ? added.id : otherKinds.get(i);
    return {
      id: unpackId(id),
      kind: added ? added.base : KINDS[Math.floor(kind / 2)],
      ...(kindId ? { kind_id: kindId } : {}),
      at: moment(minutes),
      owner: owner[i] ? owners[owner[i] - 1] : null,
      deal: deal[i] ? dealIds[deal[i] - 1] : otherDeals.get(i) ?? null,
      seconds: seconds[i],
      outcome: outcome ? outcomes[outcome - 1].id : otherOutcomes.get(i) ?? null,
      direction: kind % 2 ? 'inbound' : 'outbound',
      ...(phones.has(i) ? { phone: phones.get(i) } : {}),
      ...(notes.has(i) ? { note: notes.get(i) } : {}),
      updated_at: ms,
    };
  });
}

/** The stored dataset in its readable shape. */
export async function readStored(page) {
  const { main, parts } = await storedKeys(page);
  return decodeStore(main, parts);
}

/** The stored main text and every activity part (key → text) as localStorage holds them now. */
export function storedKeys(page) {
  return page.evaluate(() => {
    const parts = {};
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i);
      if (key.startsWith('kariz.act.')) parts[key] = localStorage.getItem(key);
    }
    return { main: localStorage.getItem('kariz.dataset'), parts };
  });
}

/**
 * Changes the stored dataset behind the app's back: `edit` gets the readable shape and may
 * change it in place; it is written back in the readable form (which Kariz still reads, as it
 * did before the compact form). Returns the text written.
 */
export async function editStored(page, edit) {
  const ds = await readStored(page);
  edit(ds);
  const text = JSON.stringify(ds);
  await page.evaluate((t) => localStorage.setItem('kariz.dataset', t), text);
  return text;
}

/**
 * Sets a multi-value filter (owner, source, stage) to exactly `values` ('' or [] for all): opens
 * its panel, ticks and unticks the boxes, and closes it again.
 */
export async function pickFilter(page, testid, values) {
  const box = page.getByTestId(testid);
  const wanted = new Set([values].flat().filter((v) => v !== ''));
  if (!(await box.evaluate((d) => d.open))) await box.locator('summary').click();
  const inputs = box.locator('input[type=checkbox]');
  const n = await inputs.count();
  for (let i = 0; i < n; i++) {
    const input = inputs.nth(i);
    if ((await input.isChecked()) !== wanted.has(await input.getAttribute('value'))) await input.click();
  }
  await box.locator('summary').click();
}

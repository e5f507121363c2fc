// Importing a phone system's call log (issue 17): a generated 5,000-row Asterisk Master.csv (no
// header row) with Persian-digit, +98 and other spellings of the sample deals' numbers plus
// numbers no deal has; the preview's counts are computed here independently, the import raises
// the dashboard's call count by exactly the new calls, and importing the same log again adds 0.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { useApp, withSample, ARTIFACTS } from './harness.mjs';

const app = useApp();

const ROWS = 5_000;
const EXTENSIONS = ['101', '102', '103', '104'];
const FA = '۰۱۲۳۴۵۶۷۸۹';
const persian = (s) => s.replace(/\d/g, (d) => FA[Number(d)]);

/** A deterministic generator (mulberry32), so a failure can be replayed. */
function rng(seed) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The ways people and phone systems write the same Iranian mobile `09xxxxxxxxx`. */
function spell(national, k) {
  const rest = national.slice(1);
  switch (k % 6) {
    case 0: return national;
    case 1: return `+98${rest}`;
    case 2: return persian(national);
    case 3: return `98${rest}`;
    case 4: return persian(`+98${rest}`);
    default: return `0098${rest}`;
  }
}

const csvCell = (s) => `"${String(s).replace(/"/g, '""')}"`;

/**
 * The log and what it should give: rows in Master.csv's order (accountcode, src, dst, dcontext,
 * clid, channel, dstchannel, lastapp, lastdata, start, answer, end, duration, billsec,
 * disposition, amaflags, uniqueid, userfield), all dated today.
 */
function generate(phones, today) {
  const random = rng(17);
  const lines = [];
  const expected = { matched: 0, unmatched: 0, numbers: new Set(), internal: 0, answered: 0 };
  for (let i = 0; i < ROWS; i++) {
    const ext = EXTENSIONS[i % EXTENSIONS.length];
    const minute = Math.floor((i / ROWS) * 1440);
    const time = `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`;
    const start = `${today} ${time}`;
    const kind = random();
    let customer;
    let internal = false;
    if (kind < 0.02) {
      internal = true;
      customer = EXTENSIONS[(i + 1) % EXTENSIONS.length];
    } else if (kind < 0.8) {
      customer = phones[Math.floor(random() * phones.length)];
      expected.matched++;
    } else {
      // 0935… numbers: no sample deal has one (their numbers are all 0912…).
      customer = `0935${String(Math.floor(random() * 400)).padStart(7, '0')}`;
      expected.unmatched++;
      expected.numbers.add(customer);
    }
    const written = internal ? customer : spell(customer, i);
    const disposition = ['ANSWERED', 'NO ANSWER', 'BUSY', 'FAILED'][Math.floor(random() * 4)];
    const billsec = disposition === 'ANSWERED' ? 10 + Math.floor(random() * 300) : 0;
    if (internal) expected.internal++;
    else if (disposition === 'ANSWERED') expected.answered++;
    const inbound = !internal && random() < 0.3;
    const [src, dst] = inbound ? [written, ext] : [ext, written];
    lines.push([
      '', src, dst, inbound ? 'from-trunk' : 'from-internal', `"Rep" <${ext}>`,
      `SIP/${inbound ? 'trunk' : ext}-${i.toString(16).padStart(8, '0')}`,
      `SIP/${inbound ? ext : 'trunk'}-${(i + 1).toString(16).padStart(8, '0')}`,
      'Dial', `SIP/trunk/${dst},60`, start, billsec ? start : '', start, billsec + 7, billsec,
      disposition, 'DOCUMENTATION', `1764${String(i).padStart(6, '0')}.${i}`, '',
    ].map(csvCell).join(','));
  }
  return { text: `${lines.join('\n')}\n`, expected };
}

/** The dashboard's "N calls, M connected" as numbers. */
async function callCount(page) {
  await page.getByTestId('nav-dashboard').click();
  const text = await page.getByTestId('activity-cards').getByText(/calls, .* connected/).first().textContent();
  const [, calls, connected] = text.match(/([\d,]+) calls, ([\d,]+) connected/);
  return { calls: Number(calls.replace(/,/g, '')), connected: Number(connected.replace(/,/g, '')) };
}

async function pickLog(page, text) {
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('import-csv').setInputFiles({ name: 'Master.csv', mimeType: 'text/csv', buffer: Buffer.from(text) });
  await page.getByTestId('calls-summary').waitFor();
}

/** A count the page shows, in Latin or Persian digits. */
const count = async (page, id) => {
  const text = (await page.getByTestId(id).textContent()).replace(/[۰-۹]/g, (d) => FA.indexOf(d));
  return Number(text.replace(/[,٬]/g, ''));
};

test('a 5,000-row Asterisk CDR: matched and unmatched previewed, imported into the KPIs, re-import adds 0', async () => {
  const { context, page, errors } = await withSample(app, { width: 1280, height: 1000 });
  await page.waitForFunction(() => localStorage.getItem('kariz.dataset')?.includes('"phones"'));
  // The sample deals' numbers, straight from the stored column (not through the app).
  const stored = JSON.parse(await page.evaluate(() => localStorage.getItem('kariz.dataset')));
  const phones = stored.phones.filter((p) => p);
  assert.equal(phones.length, stored.deals.length, 'every sample deal has a number');
  const now = new Date();
  const today = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
  const { text, expected } = generate(phones, today);
  const before = await callCount(page);

  const started = performance.now();
  await pickLog(page, text);
  const previewMs = performance.now() - started;
  assert.equal(await count(page, 'calls-matched'), expected.matched);
  assert.equal(await count(page, 'calls-unmatched'), expected.unmatched);
  assert.equal(await count(page, 'calls-numbers'), expected.numbers.size);
  assert.equal(await count(page, 'calls-internal'), expected.internal);
  assert.equal(await count(page, 'calls-already'), 0);
  assert.equal(await count(page, 'calls-problems'), 0);
  // The extensions, each given to a rep.
  const owners = page.getByTestId('calls-owners');
  assert.equal(await owners.locator('tbody tr').count(), EXTENSIONS.length);
  for (const [i, ext] of EXTENSIONS.entries()) {
    await page.getByTestId(`calls-owner-${ext}`).selectOption(stored.owners[i].id);
  }
  await page.getByTestId('calls-create-leads').check();
  const total = expected.matched + expected.unmatched;
  await page.getByTestId('calls-import').getByText(`Import ${total.toLocaleString('en-US')} calls`).waitFor();
  await page.screenshot({ path: join(ARTIFACTS, 'calls-import.png'), fullPage: true });

  const importStart = performance.now();
  await page.getByTestId('calls-import').click();
  await page.getByText(`${total.toLocaleString('en-US')} calls and ${expected.numbers.size.toLocaleString('en-US')} new leads imported from Master.csv.`).waitFor();
  const importMs = performance.now() - importStart;
  console.log(`calls import, ${ROWS} rows: file to preview ${previewMs.toFixed(0)} ms, import ${importMs.toFixed(0)} ms`);

  const after = await callCount(page);
  assert.equal(after.calls - before.calls, total, 'the calls KPI counts every new call');
  assert.equal(after.connected - before.connected, expected.answered, 'answered calls are connected');

  // The same log again: every call is known, the new leads now match their numbers.
  await pickLog(page, text);
  assert.equal(await count(page, 'calls-already'), total);
  assert.equal(await count(page, 'calls-matched'), 0);
  assert.equal(await count(page, 'calls-unmatched'), 0);
  assert.ok(await page.getByTestId('calls-import').isDisabled(), 'nothing to import');
  const again = await callCount(page);
  assert.deepEqual(again, after);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a cloud export in Persian is detected as a call log and can be sent back to the deal import', async () => {
  const { context, page, errors } = await withSample(app);
  await page.getByTestId('language').selectOption('fa');
  const text = 'تاریخ,از,به,جهت,مدت,وضعیت,کارشناس\n۱۴۰۴/۰۲/۱۴ ۰۹:۱۵,۰۲۱۴۴۵۵۶۶۷۷,۰۹۱۲۱۰۰۰۰۰۰,خروجی,۰۰:۰۲:۰۵,پاسخ داده شد,سارا\n';
  await pickLog(page, text);
  // ۰۹۱۲۱۰۰۰۰۰۰ is the first sample deal's number; the other side is the team's line.
  assert.equal(await count(page, 'calls-matched'), 1);
  assert.match(await page.getByTestId('calls-detected').textContent(), /گزارش تماس/);
  await page.getByTestId('calls-as-deals').click();
  await page.getByTestId('csv-mapping').waitFor();
  await page.getByTestId('csv-as-calls').click();
  await page.getByTestId('calls-summary').waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

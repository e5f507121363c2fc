// Compact storage: what the app writes, that older readable data is rewritten compactly without
// changing a record, and the storage meter with its 80% warning.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useApp, watchErrors, editStored, readStored, decodeStore, storedKeys } from './harness.mjs';

const app = useApp();
const KEY = 'kariz.dataset';
/** A fresh tab with the sample loaded and saved in the compact form. */
async function withStoredSample() {
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(app.url);
  await page.getByTestId('load-sample').click();
  await page.waitForFunction((key) => localStorage.getItem(key)?.startsWith('{"format":"kariz-store"'), KEY);
  return { context, page, errors };
}

const storedText = (page) => page.evaluate((key) => localStorage.getItem(key) ?? '', KEY);

test('the sample is stored compactly, older readable data is rewritten compactly and identically', async () => {
  const { context, page, errors } = await withStoredSample();
  const { main: compact, parts } = await storedKeys(page);
  const ds = decodeStore(compact, parts);
  assert.equal(ds.deals.length, 320);
  // Deals and what surrounds them in the main text, and the sample's call history on its own,
  // in parts under keys of their own (store 3).
  assert.equal(JSON.parse(compact).store, 3);
  assert.equal(JSON.parse(compact).activities, undefined);
  const columns = Object.values(parts).join('');
  // The notes reps wrote on lost deals are their text, not the format's overhead.
  // Each row without its note, trimmed of the default columns a note made it spell out.
  const DEFAULTS = [undefined, undefined, undefined, undefined, 0, 0, 0, '0', 0, 0, null, '', 0, ''];
  const notes = JSON.parse(compact).deals.reduce((n, row) => {
    if (!row[14]) return n;
    const bare = [...row];
    bare[14] = '';
    while (bare.length > 4 && bare.length <= 15 && (bare.length === 15 ? bare[14] === '' : bare.at(-1) === DEFAULTS[bare.length - 1])) bare.pop();
    return n + JSON.stringify(row).length - JSON.stringify(bare).length;
  }, 0);
  // The contacts' phone numbers (what users type costs what it costs) are counted apart.
  const phones = `,"phones":${JSON.stringify(JSON.parse(compact).phones)}`;
  assert.ok(ds.deals.every((d) => /^0912\d{7}$/.test(d.phone)), 'every sample deal has a mobile number');
  // So is the "(2)" that keeps the sample's repeated titles apart.
  const numbering = ds.deals.reduce((n, d) => n + d.title.length - d.title.replace(/ \(\d+\)$/, '').length, 0);
  const perDeal = (compact.length - notes - phones.length - numbering) / ds.deals.length;
  assert.ok(perDeal <= 120, `${perDeal.toFixed(1)} characters per deal`);
  console.log(`# stored: ${(phones.length / ds.deals.length).toFixed(1)} more per deal for its phone number`);
  assert.ok(ds.activities.length > 1000, `${ds.activities.length} activities`);
  const perActivity = columns.length / ds.activities.length;
  assert.ok(perActivity <= 45, `${perActivity.toFixed(1)} characters per activity`);
  console.log(`# stored: ${perDeal.toFixed(1)} characters per deal, ${perActivity.toFixed(1)} per activity`);
  assert.ok(ds.deals.every((d) => /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(d.id)));

  // What an older Kariz stored: the readable form. It loads, and is saved again compactly.
  const readable = await editStored(page, () => {});
  assert.ok(readable.length > 3 * compact.length, `readable ${readable.length} vs compact ${compact.length}`);
  await page.reload();
  await page.waitForFunction((key) => localStorage.getItem(key)?.startsWith('{"format":"kariz-store"'), KEY);
  assert.deepEqual(await readStored(page), ds, 'every record unchanged by the round trip');

  await page.getByTestId('nav-settings').click();
  const meter = page.getByTestId('storage-meter');
  await meter.getByText(`Stored in this browser: ${(compact.length + columns.length).toLocaleString('en-US')} of about 2,500,000 characters`, { exact: false }).waitFor();
  await meter.getByText('Room for about', { exact: false }).waitFor();
  assert.equal(await page.getByTestId('storage-warning').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('from 80% of the storage budget Settings and a banner warn, and say what to do', async () => {
  const { context, page, errors } = await withStoredSample();
  // Long call notes on 300 deals: about 2.1 M characters.
  await editStored(page, (ds) => {
    for (const d of ds.deals.slice(0, 300)) d.notes = 'Call notes. '.repeat(580);
  });
  await page.reload();
  const banner = page.getByTestId('storage-banner');
  await banner.getByText(/^Browser storage is 8\d\.\d% full\. Export a backup file/).waitFor();
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('storage-warning').getByText('remove old deals to make room', { exact: false }).waitFor();
  assert.equal(await banner.count(), 0, 'Settings shows the warning next to the meter instead');
  const share = await page.getByTestId('storage-meter').locator('meter').evaluate((m) => m.value);
  assert.ok(share >= 0.8 && share < 0.9, `meter at ${share}`);
  assert.deepEqual(errors, []);
  await context.close();
});

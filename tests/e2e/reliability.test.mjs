// Faults the browser can throw at stored data: unreadable records (repair keeps what reads, only
// when asked), a broken file (never overwritten), a full storage quota (nothing claims to be
// saved; a backup can be downloaded; the next successful save clears the banner).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useApp, watchErrors, storeNewerSchema, editStored, readStored } from './harness.mjs';

const app = useApp();
const KEY = 'kariz.dataset';

/**
 * Resolves once a save scheduled by the last change has run: Kariz saves in a timer task queued
 * from the next animation frame, so two frames and a timer later it has happened. withSample
 * checks that a change is saved within this wait; the "untouched" checks use the same wait.
 */
const afterASaveWouldHaveRun = (page) =>
  page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 20)))));

const stored = (page) => page.evaluate((key) => localStorage.getItem(key), KEY);

/** Makes a change that is saved when storage may be written: a deal added through the form. */
async function addADeal(page, title) {
  await page.getByTestId('nav-deals').click();
  await page.getByTestId('deal-form').locator('#deal-title').fill(title);
  await page.getByTestId('deal-save').click();
  await page.getByTestId('notice').getByText('Deal added.').waitFor();
}

async function withSample() {
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(app.url);
  await page.getByTestId('load-sample').click();
  // Positive control of the wait the "untouched" checks rely on: this change is saved within it.
  await afterASaveWouldHaveRun(page);
  assert.equal((await readStored(page)).deals.length, 320, 'the sample is saved within the wait');
  return { context, page, errors };
}

test('unreadable records: nothing is overwritten until the user repairs; repair keeps the rest', async () => {
  const { context, page, errors } = await withSample();
  const corrupt = await editStored(page, (ds) => {
    ds.deals[3].events = [];
    ds.deals[7].first_contact = '2025-02-30';
  });
  await page.reload();
  await page.getByTestId('repair-summary').getByText('Repair would keep 318 deals and drop 2 unreadable records:').waitFor();
  await page.getByText('it has no stage events').waitFor();
  // A change that would be saved if storage could be written.
  await addADeal(page, 'Added while the stored data is unreadable');
  await page.getByTestId('nav-dashboard').click();
  await afterASaveWouldHaveRun(page);
  assert.equal(await stored(page), corrupt, 'stored text untouched after a change');

  await page.getByTestId('repair').click();
  await page.getByTestId('notice').getByText('Repaired', { exact: false }).waitFor();
  await afterASaveWouldHaveRun(page);
  assert.notEqual(await stored(page), corrupt, 'the repair is saved (the user asked for it)');
  await page.reload();
  assert.equal(await page.getByTestId('repair-summary').count(), 0);
  const kept = await page.evaluate((key) => JSON.parse(localStorage.getItem(key)).deals.length, KEY);
  assert.equal(kept, 318);

  // A broken file cannot be repaired: only download or start fresh, and it stays as it was.
  const broken = corrupt.slice(0, 5000);
  await page.evaluate(([key, text]) => localStorage.setItem(key, text), [KEY, broken]);
  await page.reload();
  await page.getByText('could not be read', { exact: false }).waitFor();
  assert.equal(await page.getByTestId('repair').count(), 0);
  await page.getByTestId('load-sample').click();
  await page.getByTestId('load-sample').waitFor({ state: 'detached' });
  await afterASaveWouldHaveRun(page);
  assert.equal(await stored(page), broken, 'a broken file stays as it was after a change');
  assert.deepEqual(errors, []);
  await context.close();
});

test('storage full: the banner says so, offers a backup, and clears after the next successful save', async () => {
  const { context, page, errors } = await withSample();
  // Fill the origin's quota with other keys.
  // Fill the origin's quota with other keys, in ever smaller pieces, to the last few characters.
  const filled = await page.evaluate(() => {
    let n = 0;
    for (const size of [256 * 1024, 16 * 1024, 1024, 64, 8]) {
      const chunk = 'x'.repeat(size);
      try {
        for (;;) localStorage.setItem(`junk-${n++}`, chunk);
      } catch {
        // this size no longer fits; try a smaller one
      }
    }
    return n;
  });
  assert.ok(filled > 10, `quota reached after ${filled} pieces`);
  const before = await page.evaluate((key) => localStorage.getItem(key), KEY);
  await page.getByTestId('nav-deals').click();
  await page.getByTestId('deal-form').locator('#deal-title').fill('Typed while the storage was full');
  await page.getByTestId('deal-save').click();
  const banner = page.getByTestId('save-failed');
  await banner.waitFor();
  await page.getByText('Not saved').first().waitFor();
  assert.equal(await page.evaluate((key) => localStorage.getItem(key), KEY), before, 'the stored data is unchanged');

  const [download] = await Promise.all([page.waitForEvent('download'), banner.getByTestId('backup-now').click()]);
  const backup = JSON.parse(await readFile(await download.path(), 'utf8'));
  assert.ok(backup.deals.some((d) => d.title === 'Typed while the storage was full'), 'the backup has the unsaved deal');

  await page.evaluate(() => {
    for (const key of Object.keys(localStorage)) if (key.startsWith('junk-')) localStorage.removeItem(key);
  });
  await banner.getByRole('button', { name: 'Try saving again' }).click();
  await banner.waitFor({ state: 'detached' });
  await page.getByText('Saved in this browser').waitFor();
  const saved = await page.evaluate((key) => JSON.parse(localStorage.getItem(key)).deals.length, KEY);
  assert.equal(saved, 321, 'every deal saved, none lost');
  assert.deepEqual(errors, []);
  await context.close();
});

test('huge inputs: a 50 MB file and a million-row CSV are refused; a 10,000-character title fits', async () => {
  const { context, page, errors } = await withSample();
  const before = await page.evaluate((key) => localStorage.getItem(key), KEY);
  await page.getByTestId('nav-settings').click();
  // Playwright passes files over 50 MB by path.
  const dir = await mkdtemp(join(tmpdir(), 'kariz-huge-'));
  const huge = join(dir, 'huge.json');
  await writeFile(huge, Buffer.alloc(50 * 1024 * 1024, ' '));
  await page.getByTestId('import').setInputFiles(huge);
  await page.getByTestId('import-preview').getByText('The file is 50.0 MB; Kariz imports files up to 20.0 MB.').waitFor();
  await page.getByRole('button', { name: 'Cancel import' }).first().click();
  await rm(dir, { recursive: true, force: true });
  const million = Buffer.from(`Name\n${'x\n'.repeat(1_000_000)}`);
  await page.getByTestId('import-csv').setInputFiles({ name: 'million.csv', mimeType: 'text/csv', buffer: million });
  await page.getByTestId('csv-error').getByText('The file has more than 100,000 rows; split it into smaller files.').waitFor();
  // The page stayed responsive and nothing stored changed.
  assert.equal(await page.evaluate(() => 1 + 1), 2);
  assert.equal(await page.evaluate((key) => localStorage.getItem(key), KEY), before);

  await page.getByTestId('nav-deals').click();
  const title = 'Long title '.repeat(910).slice(0, 10_000);
  await page.getByTestId('deal-form').locator('#deal-title').fill(title);
  await page.getByTestId('deal-save').click();
  await page.getByTestId('notice').getByText('Deal added.').waitFor();
  await page.getByLabel('Search').fill('Long title Long');
  await page.getByTestId('deal-rows').locator('tr').first().waitFor();
  for (const section of ['deals', 'board']) {
    await page.getByTestId(`nav-${section}`).click();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${section}: no horizontal overflow (${overflow}px)`);
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('backup reminder: after 7 days of unexported changes; an export clears it and is remembered', async () => {
  const { context, page, errors } = await withSample();
  assert.equal(await page.getByTestId('backup-reminder').count(), 0, 'fresh changes: no reminder yet');
  await editStored(page, (ds) => {
    for (const d of ds.deals) d.updated_at = Date.now() - 9 * 86_400_000;
  });
  await page.reload();
  const reminder = page.getByTestId('backup-reminder');
  await reminder.getByText('only in this browser for 7 days or more', { exact: false }).waitFor();
  const [download] = await Promise.all([page.waitForEvent('download'), reminder.getByRole('button', { name: 'Export JSON' }).click()]);
  assert.equal(JSON.parse(await readFile(await download.path(), 'utf8')).deals.length, 320);
  await reminder.waitFor({ state: 'detached' });
  await page.reload();
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('last-export').getByText(/^Last full export from this browser: \d{4}-\d{2}-\d{2}\.$/).waitFor();
  assert.equal(await page.getByTestId('backup-reminder').count(), 0, 'remembered across reloads');
  assert.deepEqual(errors, []);
  await context.close();
});

test('data from a newer Kariz opens read-only; disabled storage works in memory with a banner', async () => {
  const { context, page, errors } = await withSample();
  const newer = await storeNewerSchema(page);
  await page.reload();
  await page.getByText('This data was saved by a newer version of Kariz.', { exact: false }).waitFor();
  await page.getByText('Read-only: not saving').waitFor();
  // Changes are kept in memory only: the newer data is never downgraded.
  await page.getByTestId('load-sample').click();
  await page.getByTestId('load-sample').waitFor({ state: 'detached' });
  await addADeal(page, 'Added while the data is from a newer Kariz');
  await afterASaveWouldHaveRun(page);
  assert.equal(await stored(page), newer, 'never downgraded after a change');
  await context.close();

  // Storage that refuses every write (private modes, disabled by policy).
  const blocked = await app.browser.newContext({ viewport: { width: 1280, height: 900 } });
  await blocked.addInitScript(() => {
    Storage.prototype.setItem = () => {
      throw new DOMException('storage disabled', 'SecurityError');
    };
  });
  const tab = await blocked.newPage();
  const tabErrors = watchErrors(tab);
  await tab.goto(app.url);
  await tab.getByText('Browser storage is unavailable', { exact: false }).waitFor();
  await tab.getByTestId('load-sample').click();
  await tab.getByTestId('kpi-win-rate').waitFor();
  await addInMemory(tab);
  assert.deepEqual([...errors, ...tabErrors], []);
  await blocked.close();
});

async function addInMemory(page) {
  await page.getByTestId('nav-deals').click();
  await page.getByTestId('deal-form').locator('#deal-title').fill('Kept in memory');
  await page.getByTestId('deal-save').click();
  await page.getByLabel('Search').fill('Kept in memory');
  await page.getByTestId('deal-rows').getByText('Kept in memory').waitFor();
}

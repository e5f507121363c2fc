// Export a JSON file, import several files with a preview, merge, undo; bad files are named.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { useApp, watchErrors, ARTIFACTS } from './harness.mjs';

const app = useApp();

test('export, then import a teammate file and two broken ones: preview, merge, undo', async () => {
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 1000 }, acceptDownloads: true });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(app.url);
  await page.getByTestId('load-sample').click();
  await page.getByTestId('nav-settings').click();

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export').click()]);
  assert.match(download.suggestedFilename(), /^kariz-\d{4}-\d{2}-\d{2}\.json$/);
  const exported = JSON.parse(await readFile(await download.path(), 'utf8'));
  assert.equal(exported.format, 'kariz');
  assert.equal(exported.schema_version, 4);
  assert.ok(exported.app_version && exported.exported_at > 0, 'header with app version and time');
  assert.equal(exported.deals.length, 320);

  // A teammate's file: one deal renamed later, one new deal.
  const theirs = structuredClone(exported);
  theirs.deals[0].title = 'Renamed by a teammate';
  theirs.deals[0].updated_at = Date.now() + 1000;
  theirs.deals.push({ ...exported.deals[1], id: 'teammate-deal-1', title: 'Teammate new deal', updated_at: Date.now() });
  // Two broken records: listed and left out, the rest still imports.
  theirs.deals.push({ ...exported.deals[2], id: 'broken-1', value: 'lots' });
  theirs.deals.push({ ...exported.deals[3], id: 'broken-2', events: [] });
  const newer = { ...exported, schema_version: 99 };
  // A second rep's file: one deal of their own, and the first deal at its old version.
  const rep2 = structuredClone(exported);
  rep2.deals = [exported.deals[0], { ...exported.deals[4], id: 'rep2-deal-1', title: 'Second rep deal', updated_at: Date.now() }];
  await page.getByTestId('import').setInputFiles([
    { name: 'teammate.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(theirs)) },
    { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') },
    { name: 'future.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(newer)) },
    { name: 'rep2.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(rep2)) },
  ]);
  const preview = page.getByTestId('import-preview');
  await preview.waitFor();
  const dealsRow = preview.locator('tr', { hasText: 'teammate.json' });
  assert.deepEqual((await dealsRow.locator('td').allTextContents()).slice(0, 6), ['Deals', '1', '1', '319', '0', '0']);
  // The second file is merged after the first: its old copy of deal 0 loses to the rename.
  const rep2Row = preview.locator('tr', { hasText: 'rep2.json' });
  assert.deepEqual((await rep2Row.locator('td').allTextContents()).slice(0, 6), ['Deals', '1', '0', '0', '1', '0']);
  const leftOut = page.getByTestId('left-out');
  await leftOut.getByText('2 records are invalid and will not be imported:').waitFor();
  await leftOut.getByText(/^Deals, row 322 \(broken-1\): /).waitFor();
  await leftOut.getByText('Deals, row 323 (broken-2): it has no stage events').waitFor();
  await preview.getByText(/^This file is not JSON/).waitFor();
  await preview.getByText(/newer Kariz \(schema 99\); this app reads up to schema 4/).waitFor();
  assert.equal(await page.getByTestId('import-replace').isEnabled(), false, 'replace takes exactly one readable file');
  await page.screenshot({ path: join(ARTIFACTS, 'import-preview.png'), fullPage: false });

  await page.getByTestId('import-merge').click();
  await page.getByTestId('notice').getByText('2 files merged.').waitFor();
  await page.getByTestId('nav-deals').click();
  await page.getByText('Showing 50 of 322').waitFor();
  await page.getByLabel('Search').fill('Second rep deal');
  await page.getByTestId('deal-rows').getByText('Second rep deal').waitFor();
  await page.getByLabel('Search').fill('Renamed by a teammate');
  await page.getByTestId('deal-rows').getByText('Renamed by a teammate').waitFor();

  await page.getByTestId('notice').getByRole('button', { name: 'Undo' }).click();
  await page.getByText('No deals match.').waitFor();
  await page.getByLabel('Search').fill('');
  await page.getByText('Showing 50 of 320').waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

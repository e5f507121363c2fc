// Deal types (segments) and named saved views (issue #19): a type set on a deal filters the
// deal list and the dashboard; a saved view travels with an export and opens the same filters.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { useApp, withSample, watchErrors, pickFilter, readStored, ARTIFACTS } from './harness.mjs';

const app = useApp();

const cards = (page) => page.locator('[data-kpi] .value').allTextContents();
const leads = (page) => page.locator('[data-kpi=visitor-lead] .sub').textContent();

test('a deal type set on a deal filters the deal list and the dashboard', async () => {
  const { context, page, errors } = await withSample(app, { width: 1280, height: 1000 });
  await page.getByTestId('nav-deals').click();
  await page.getByText('Showing 50 of 320').waitFor();
  const form = page.getByTestId('deal-form');
  await form.getByLabel('Title').fill('Partner resale deal');
  await form.getByLabel('Deal type').fill('Partner resale');
  await form.getByLabel('Owner').fill('Sara Ahmadi');
  await form.getByLabel('Value').fill('2,000');
  await page.getByTestId('deal-save').click();
  await page.getByTestId('notice').getByText('Deal added.').waitFor();

  // A new name joined the list of types: filtering by it finds the deal alone.
  await pickFilter(page, 'filter-type', ['partner-resale']);
  await page.getByText('Showing 1 of 1').waitFor();
  const rows = page.getByTestId('deal-rows').locator('tr');
  assert.equal(await rows.count(), 1);
  assert.match(await rows.first().textContent(), /Partner resale deal/);
  assert.equal(await rows.first().getByTestId('deal-type').textContent(), 'Partner resale');

  // The sample's renewals: the list shows exactly them.
  const stored = await readStored(page);
  assert.equal(stored.deals.find((d) => d.title === 'Partner resale deal').deal_type, 'partner-resale');
  const renewals = stored.deals.filter((d) => d.deal_type === 'renewal').length;
  assert.ok(renewals > 40 && renewals < 160, `${renewals} renewals in the sample`);
  await pickFilter(page, 'filter-type', ['renewal']);
  await page.getByText(`Showing ${Math.min(50, renewals)} of ${renewals}`).waitFor();
  const shown = await page.getByTestId('deal-rows').getByTestId('deal-type').allTextContents();
  assert.ok(shown.length > 0 && shown.every((t) => t === 'Renewal'), `types shown: ${[...new Set(shown)]}`);

  // The dashboard's type filter narrows every figure to those deals and is in the address.
  await page.getByTestId('nav-dashboard').click();
  assert.match(await leads(page), /^321 leads/);
  const all = await cards(page);
  await pickFilter(page, 'filter-type', ['renewal']);
  await page.waitForFunction(() => location.hash.includes('type=renewal'));
  await page.waitForFunction((n) => document.querySelector('[data-kpi=visitor-lead] .sub').textContent.startsWith(`${n} leads`), renewals);
  assert.notDeepEqual(await cards(page), all);
  // Win and loss by type, and the comparison matrix by type.
  await pickFilter(page, 'filter-type', []);
  await page.getByTestId('segments-type').waitFor();
  await page.getByTestId('matrix-by').selectOption('type');
  await page.locator('.loss').getByText('Renewal').first().waitFor();
  await page.getByTestId('loss').screenshot({ path: join(ARTIFACTS, 'segments-loss.png') });

  // Settings lists the type with its use.
  await page.getByTestId('nav-settings').click();
  // The section renders after the click: wait for its four rows before reading them.
  await page.getByTestId('deal-types').locator('tbody input[type=text]').nth(3).waitFor();
  const names = await page.getByTestId('deal-types').locator('tbody input[type=text]').evaluateAll((inputs) => inputs.map((i) => i.value));
  assert.deepEqual(names, ['New business', 'Renewal', 'Upsell', 'Partner resale']);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a saved view round-trips through JSON export, clear and import, and opens the same filters', async () => {
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 1000 }, locale: 'en-US', acceptDownloads: true });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(app.url);
  await page.getByTestId('load-sample').click();
  await page.locator('[data-kpi=visitor-lead] .sub').getByText(/^320 leads/).waitFor();
  const views = page.getByTestId('saved-views');
  await views.getByText('No saved views yet', { exact: false }).waitFor();

  await page.getByTestId('period').selectOption('last-365');
  await pickFilter(page, 'filter-owner', ['rep-2']);
  await pickFilter(page, 'filter-type', ['renewal', 'upsell']);
  await page.getByTestId('funnel-mode').selectOption('period');
  const hash = '#dashboard?period=last-365&owner=rep-2&type=renewal,upsell&mode=period';
  await page.waitForFunction((h) => location.hash === h, hash);
  const before = await cards(page);
  await page.getByLabel('View name').fill('Reza: renewals and upsells');
  await page.getByTestId('save-view').click();
  await page.getByTestId('notice').getByText('View “Reza: renewals and upsells” saved.').waitFor();
  // A name is required.
  await page.getByTestId('save-view').click();
  await views.getByText('A name is required.').waitFor();

  // Back to everything, then the saved view brings the choices back.
  await page.getByTestId('period').selectOption('all');
  await pickFilter(page, 'filter-owner', []);
  await pickFilter(page, 'filter-type', []);
  await page.getByTestId('funnel-mode').selectOption('cohort');
  await page.waitForFunction(() => location.hash === '#dashboard');
  assert.notDeepEqual(await cards(page), before);
  await views.getByRole('button', { name: 'Reza: renewals and upsells', exact: true }).click();
  await page.waitForFunction((h) => location.hash === h, hash);
  assert.deepEqual(await cards(page), before);
  // The controls show the view too (the user had picked other options in them meanwhile).
  assert.equal(await page.getByTestId('period').inputValue(), 'last-365');
  assert.equal(await page.getByTestId('funnel-mode').inputValue(), 'period');
  assert.equal((await page.getByTestId('filter-type').locator('summary').textContent()).trim(), 'Renewal, Upsell');
  await page.screenshot({ path: join(ARTIFACTS, 'saved-views.png'), fullPage: false });

  // Export: the view is in the file.
  await page.getByTestId('nav-settings').click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export').click()]);
  const file = await readFile(await download.path());
  const exported = JSON.parse(file.toString('utf8'));
  assert.equal(exported.schema_version, 4);
  assert.deepEqual(
    exported.views.map((v) => [v.name, v.query]),
    [['Reza: renewals and upsells', 'period=last-365&owner=rep-2&type=renewal,upsell&mode=period']],
  );
  assert.ok(exported.deals.every((d) => ['new-business', 'renewal', 'upsell'].includes(d.deal_type)));

  // Clear: the view goes with the records.
  page.once('dialog', (d) => d.accept());
  await page.getByTestId('clear-data').click();
  await page.getByTestId('notice').getByText('All data cleared.').waitFor();
  await page.getByTestId('nav-dashboard').click();
  await views.getByText('No saved views yet', { exact: false }).waitFor();

  // Import (a backup after clearing is a replace): the view is back and opens the same figures.
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('import').setInputFiles({ name: 'backup.json', mimeType: 'application/json', buffer: file });
  await page.getByTestId('import-replace').click();
  await page.getByTestId('notice').getByText('Your data was replaced by backup.json.').waitFor();
  await page.getByTestId('nav-dashboard').click();
  await page.getByTestId('period').selectOption('all');
  await views.getByRole('button', { name: 'Reza: renewals and upsells', exact: true }).click();
  await page.waitForFunction((h) => location.hash === h, hash);
  assert.equal(await page.getByTestId('period').inputValue(), 'last-365');
  assert.equal(await page.getByTestId('funnel-mode').inputValue(), 'period');
  assert.deepEqual(await cards(page), before, 'the same figures after export, clear and import');

  // Rename and delete (with undo).
  await views.locator('summary').click();
  const rename = views.getByTestId('rename-view');
  await rename.fill('Reza upsell view');
  await rename.press('Enter');
  await views.getByRole('button', { name: 'Reza upsell view', exact: true }).waitFor();
  await views.getByTestId('delete-view').click();
  await page.getByTestId('notice').getByText('View “Reza upsell view” deleted.').waitFor();
  await views.getByText('No saved views yet', { exact: false }).waitFor();
  await page.getByTestId('notice').getByRole('button', { name: 'Undo' }).click();
  await views.getByRole('button', { name: 'Reza upsell view', exact: true }).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

// Spreadsheets and duplicates (#18): an .xlsx and an .ods file go through the import screen (read
// in the spreadsheet worker); a lead typed again is flagged in the deal form; a spreadsheet row
// that is a deal Kariz already has is flagged in the preview and updates it instead of doubling
// it; the same lead entered by two reps is flagged after the team merge and merged in one click.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { useApp, watchErrors, ARTIFACTS } from './harness.mjs';

const app = useApp();
const SHEETS = join(import.meta.dirname, '../fixtures/sheets');

async function openPage(viewport = { width: 1280, height: 1000 }) {
  const context = await app.browser.newContext({ viewport, locale: 'en-US', acceptDownloads: true });
  await context.clock.setFixedTime(new Date('2025-06-30T12:00:00'));
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(app.url);
  return { context, page, errors };
}

async function pickSheet(page, name) {
  await page.getByTestId('nav-settings').click();
  const buffer = await readFile(join(SHEETS, name));
  await page.getByTestId('import-csv').setInputFiles({ name, mimeType: 'application/octet-stream', buffer });
  await page.getByTestId('csv-mapping').waitFor();
}

async function dealTitles(page, count) {
  await page.getByTestId('nav-deals').click();
  await page.getByTestId('deal-rows').locator('tr').nth(count - 1).waitFor();
  return (await page.getByTestId('deal-rows').locator('[data-testid=open-deal]').allTextContents()).map((t) => t.trim()).sort();
}

async function addDeal(page, { title, company = '', phone = '', owner = '' }) {
  await page.getByTestId('nav-deals').click();
  const form = page.getByTestId('deal-form');
  await form.getByLabel('Title').fill(title);
  await form.getByLabel('Company').fill(company);
  await form.getByLabel('Phone').fill(phone);
  await form.getByLabel('Owner').fill(owner);
  await form.getByLabel('Value').fill('100');
}

test('an Excel export is read in the worker: its sheets, dates and numbers reach the deals; an .ods with Jalali text dates too', async () => {
  const { context, page, errors } = await openPage();
  await pickSheet(page, 'deals.xlsx');
  // The workbook's two sheets are offered; the first is read.
  const sheet = page.getByTestId('csv-sheet');
  assert.deepEqual(await sheet.locator('option').allTextContents(), ['Deals', 'Owners']);
  assert.equal(await sheet.inputValue(), 'Deals');
  await page.screenshot({ path: join(ARTIFACTS, 'xlsx-mapping.png'), fullPage: false });
  await page.getByTestId('csv-check').click();
  await page.getByTestId('csv-import-deals').waitFor();
  assert.match(await page.getByTestId('csv-import-deals').textContent(), /Import 4 deals/);
  await page.getByTestId('csv-import-deals').click();
  await page.getByTestId('notice').getByText(/4 deals imported from deals\.xlsx/).waitFor();
  assert.deepEqual(await dealTitles(page, 4), ['Acme renewal', 'Beta pilot', 'Delta', 'Gamma upsell']);
  // The won deal's Excel date cells became its first contact and its win day.
  await page.getByTestId('deal-rows').getByText('Acme renewal').click();
  const panel = page.getByTestId('deal-detail');
  await panel.waitFor();
  assert.equal(await panel.locator('input[name=first_contact]').inputValue(), '2025-03-02');
  assert.match(await panel.locator('input[name=value]').inputValue(), /^1,?200(\.0+)?$/);
  await page.keyboard.press('Escape');

  await pickSheet(page, 'leads.ods');
  await page.getByTestId('csv-check').click();
  await page.getByTestId('csv-import-deals').click();
  await page.getByTestId('notice').getByText(/2 deals imported from leads\.ods/).waitFor();
  assert.ok((await dealTitles(page, 6)).includes('خرید عمده'));
  await page.getByTestId('deal-rows').getByText('خرید عمده').click();
  // ۱۴۰۴/۰۱/۱۵ is 2025-04-04.
  assert.equal(await page.getByTestId('deal-detail').locator('input[name=first_contact]').inputValue(), '2025-04-04');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a lead typed again is flagged in the form; a spreadsheet row of a deal Kariz has updates it instead of doubling it', async () => {
  const { context, page, errors } = await openPage();
  await page.getByTestId('nav-deals').click();
  // Typed with Persian digits, while the file writes the same landline as 021-88776655.
  await addDeal(page, { title: 'Delta Co lead', phone: '۰۲۱ ۸۸۷۷ ۶۶۵۵', owner: 'Reza' });
  await page.getByTestId('deal-save').click();
  await page.getByTestId('notice').getByText('Deal added.').waitFor();

  // The same number in another form: flagged with a link to the deal it looks like.
  await addDeal(page, { title: 'Call back', phone: '+98 21 8877 6655' });
  const warn = page.getByTestId('deal-dup');
  await warn.getByText('Looks like “Delta Co lead” (same phone), already in Kariz.').waitFor();
  await page.screenshot({ path: join(ARTIFACTS, 'duplicate-form.png'), fullPage: false });
  await page.getByTestId('deal-dup-open').click();
  await page.getByTestId('deal-detail').waitFor();
  assert.equal(await page.getByTestId('deal-detail').locator('input[name=title]').inputValue(), 'Delta Co lead');
  await page.keyboard.press('Escape');
  await page.getByTestId('deal-form').getByLabel('Title').fill('');

  await pickSheet(page, 'deals.xlsx');
  await page.getByTestId('csv-check').click();
  const dups = page.getByTestId('csv-dups');
  await dups.getByText('One row looks like a deal you already have.').waitFor();
  const row = dups.getByTestId('csv-dup-row');
  assert.deepEqual((await row.locator('td').allTextContents()).slice(0, 3), ['Delta', 'Delta Co lead', 'same phone']);
  // Nothing is imported until the user says what to do with it.
  assert.equal(await page.getByTestId('csv-import-deals').isDisabled(), true);
  await page.getByTestId('csv-dup-pick').waitFor();
  await page.getByTestId('csv-dup-all-update').check();
  await page.screenshot({ path: join(ARTIFACTS, 'duplicate-import.png'), fullPage: false });
  assert.match(await page.getByTestId('csv-import-deals').textContent(), /Import 4 deals/);
  await page.getByTestId('csv-import-deals').click();
  await page.getByTestId('notice').getByText(/imported from deals\.xlsx/).waitFor();
  // Four deals, not five: the row updated the deal typed by hand (the file's fields win where
  // it has them; the earlier first contact stays).
  assert.deepEqual(await dealTitles(page, 4), ['Acme renewal', 'Beta pilot', 'Delta', 'Gamma upsell']);
  await page.getByTestId('deal-rows').getByText('Delta', { exact: true }).click();
  const panel = page.getByTestId('deal-detail');
  assert.match(await panel.locator('input[name=value]').inputValue(), /^300(\.0+)?$/);
  assert.equal(await panel.locator('input[name=phone]').inputValue(), '021-88776655');
  assert.equal(await panel.locator('input[name=first_contact]').inputValue(), '2025-04-20');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the same lead entered by two reps is flagged after the team merge and merged in one click, with undo', async () => {
  // Two reps' exports, made by the app itself.
  const files = [];
  for (const [rep, phone, title] of [['Sara', '0912 345 6789', 'Kian Co'], ['Reza', '+98 912 345 6789', 'Kian company lead']]) {
    const { context, page } = await openPage();
    await addDeal(page, { title, phone, owner: rep });
    await page.getByTestId('deal-save').click();
    await page.getByTestId('notice').getByText('Deal added.').waitFor();
    await page.getByTestId('nav-settings').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export').click()]);
    files.push({ name: `${rep}.json`, mimeType: 'application/json', buffer: await readFile(await download.path()) });
    await context.close();
  }
  const { context, page, errors } = await openPage();
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('import').setInputFiles(files);
  await page.getByTestId('import-merge').click();
  await page
    .getByTestId('notice')
    .getByText('2 files merged. One pair of deals now looks like the same lead: review it in the deal list.')
    .waitFor();
  await page.getByTestId('nav-deals').click();
  const banner = page.getByTestId('dup-banner');
  await banner.getByText('One pair of deals looks like the same lead entered twice.').waitFor();
  await banner.locator('summary').click();
  const pair = banner.getByTestId('dup-pair');
  const cells = (await pair.locator('td').allTextContents()).slice(0, 3);
  // Both were first contacted the same day: either may be listed first (and survive).
  assert.deepEqual([...cells.slice(0, 2)].sort(), ['Kian Co', 'Kian company lead']);
  assert.equal(cells[2], 'same phone');
  await page.screenshot({ path: join(ARTIFACTS, 'duplicate-review.png'), fullPage: false });
  await pair.getByTestId('dup-merge').click();
  await page.getByTestId('notice').getByText(`Merged into “${cells[0]}”.`).waitFor();
  assert.equal(await banner.count(), 0);
  assert.deepEqual(await dealTitles(page, 1), [cells[0]]);
  await page.getByTestId('notice').getByRole('button', { name: 'Undo' }).click();
  await page.getByTestId('dup-banner').waitFor();
  assert.deepEqual(await dealTitles(page, 2), ['Kian Co', 'Kian company lead']);
  // "Not the same" hides the pair for good in this browser.
  await page.getByTestId('dup-banner').locator('summary').click();
  await page.getByTestId('dup-not-same').click();
  assert.equal(await page.getByTestId('dup-banner').count(), 0);
  await page.reload();
  await page.getByTestId('nav-deals').click();
  await page.getByTestId('deal-rows').getByText('Kian company lead').waitFor();
  assert.equal(await page.getByTestId('dup-banner').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the deal list exported as .xlsx (written in the worker) imports back into an empty Kariz with every deal', async () => {
  const { context, page, errors } = await openPage();
  await page.getByTestId('load-sample').click();
  await page.getByTestId('nav-settings').click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-xlsx').click()]);
  assert.match(download.suggestedFilename(), /^kariz-deals-\d{4}-\d{2}-\d{2}\.xlsx$/);
  const buffer = await readFile(await download.path());
  assert.equal(buffer.subarray(0, 2).toString(), 'PK', 'a zip container, as .xlsx is');
  await context.close();

  const fresh = await openPage();
  await fresh.page.getByTestId('nav-settings').click();
  await fresh.page.getByTestId('import-csv').setInputFiles({ name: download.suggestedFilename(), mimeType: 'application/octet-stream', buffer });
  await fresh.page.getByTestId('csv-mapping').waitFor();
  await fresh.page.getByTestId('csv-check').click();
  await fresh.page.getByTestId('csv-import-deals').getByText('Import 320 deals').waitFor();
  assert.equal(await fresh.page.getByTestId('csv-left-out').count(), 0, 'no row left out');
  await fresh.page.getByTestId('csv-import-deals').click();
  await fresh.page.getByTestId('notice').getByText(/320 deals imported/).waitFor();
  assert.deepEqual(errors, []);
  assert.deepEqual(fresh.errors, []);
  await fresh.context.close();
});

// CSV import from CRM exports (mapping, date formats, stage values, preview, undo), CSV export,
// the export → clear → import round trip, and import timings at 10,000 rows/deals.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { useApp, watchErrors, kpi, editStored, readStored, ARTIFACTS } from './harness.mjs';

const app = useApp();
const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'csv');

async function open(viewport = { width: 1280, height: 1000 }) {
  const context = await app.browser.newContext({ viewport, acceptDownloads: true });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(app.url);
  return { context, page, errors };
}

async function pickCsv(page, name, buffer) {
  await page.getByTestId('nav-settings').click();
  const body = buffer ?? (await readFile(join(FIXTURES, name)));
  await page.getByTestId('import-csv').setInputFiles({ name, mimeType: 'text/csv', buffer: body });
}

test('a HubSpot export: guessed mapping, stage values, rows left out with line and column, import, undo', async () => {
  const { context, page, errors } = await open();
  await pickCsv(page, 'hubspot.csv');
  const mapping = page.getByTestId('csv-mapping');
  await mapping.waitFor();
  assert.equal(await page.getByTestId('csv-field-1').inputValue(), 'Title');
  assert.equal(await page.getByTestId('csv-field-5').inputValue(), 'Created');
  assert.equal(await page.getByTestId('csv-format-5').inputValue(), 'mdy', 'US dates detected');
  assert.equal(await page.getByTestId('csv-field-10').inputValue(), '', 'Pipeline is left out');
  // HubSpot's close date closes won and lost deals: the mapping screen says so.
  await page.getByTestId('csv-close-date-note').getByText('for won and lost deals Kariz reads it as the day they closed', { exact: false }).waitFor();
  const stages = page.getByTestId('csv-stages');
  assert.equal(await stages.getByLabel('Kariz stage – closedwon').inputValue(), 'won');
  // The user maps one of HubSpot's stages to SQL.
  await stages.getByLabel('Kariz stage – contractsent').selectOption('sql');
  await page.getByText('How rows are read (nothing is invented)').click();
  await page.getByText('An empty amount is 0', { exact: false }).waitFor();
  await page.screenshot({ path: join(ARTIFACTS, 'csv-mapping.png'), fullPage: true });

  await page.getByTestId('csv-check').click();
  const preview = page.getByTestId('csv-preview');
  await preview.waitFor();
  assert.deepEqual(await preview.locator('td').allTextContents(), ['4', '0', '0', '0', '0']);
  // One row of five is left out: more than 5%, said before anything is imported.
  await page
    .getByTestId('csv-many-left-out')
    .getByText('1 of 5 rows (20.0%) would be left out. That is more than 5%', { exact: false })
    .waitFor();
  await page.getByTestId('csv-undated').getByText('1 open deals have no created date. They start on:').waitFor();
  // Nothing is dated silently: the import waits until the user chooses.
  assert.equal(await page.getByTestId('csv-import-deals').isDisabled(), true);
  await page.getByTestId('csv-undated-today').check();
  await page
    .getByTestId('csv-left-out')
    .getByText('Line 6 (Create Date): “13/45/2025” is not a date in the chosen format')
    .waitFor();
  await page.screenshot({ path: join(ARTIFACTS, 'csv-preview.png'), fullPage: true });
  await page.getByTestId('csv-import-deals').click();
  await page.getByTestId('notice').getByText('4 deals imported from hubspot.csv.').waitFor();

  await page.getByTestId('nav-deals').click();
  const rows = page.getByTestId('deal-rows');
  await rows.getByText('Acme, Inc. renewal').waitFor();
  assert.equal(await rows.locator('tr').count(), 4);
  await page.getByTestId('notice').getByRole('button', { name: 'Undo' }).click();
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('nav-deals').click();
  assert.equal(await page.getByTestId('deal-rows').locator('tr').count(), 0, 'undo removed the import');
  assert.deepEqual(errors, []);
  await context.close();
});

test('ambiguous dates ask the user; a Persian sheet reads Jalali dates; too large and empty files are refused', async () => {
  const { context, page, errors } = await open();
  await pickCsv(page, 'ambiguous.csv');
  await page.getByTestId('csv-mapping').waitFor();
  await page.getByText('Choose: is 01/02 the 1st of February or 2 January?').waitFor();
  assert.equal(await page.getByTestId('csv-check').isDisabled(), true, 'nothing is read until the user chooses');
  await page.getByTestId('csv-format-3').selectOption('dmy');
  assert.equal(await page.getByTestId('csv-check').isEnabled(), true);
  await page.getByTestId('csv-check').click();
  await page.getByTestId('csv-left-out').getByText('won or lost, but no closing date').waitFor();
  await page.getByRole('button', { name: 'Cancel import' }).click();

  await pickCsv(page, 'sheet-fa.csv');
  await page.getByTestId('csv-mapping').waitFor();
  assert.equal(await page.getByTestId('csv-format-4').inputValue(), 'jalali');
  await page.getByTestId('csv-check').click();
  await page.getByTestId('csv-import-deals').click();
  await page.getByTestId('nav-deals').click();
  await page.getByTestId('deal-rows').getByText('قرارداد پشتیبانی').waitFor();
  const row = page.getByTestId('deal-rows').locator('tr', { hasText: 'قرارداد پشتیبانی' });
  await row.getByText('125,000,000', { exact: false }).waitFor();

  await pickCsv(page, 'huge.csv', Buffer.alloc(21 * 1024 * 1024, 'a'));
  await page.getByTestId('csv-error').getByText('The file is 21.0 MB; Kariz imports CSV files up to 20.0 MB.').waitFor();
  await pickCsv(page, 'empty.csv', Buffer.from(''));
  await page.getByTestId('csv-error').getByText('The file is empty: there is no header row.').waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test('a real CRM sample (Maven) imports every row; stage date columns show as "Entered stage"; many rows left out are flagged', async () => {
  const { context, page, errors } = await open();
  await pickCsv(page, 'maven-sales-pipeline.csv');
  await page.getByTestId('csv-mapping').waitFor();
  const fields = [];
  for (let i = 0; i < 8; i++) fields.push(await page.getByTestId(`csv-field-${i}`).inputValue());
  assert.deepEqual(fields, ['Id', 'Owner', 'Title', 'Company', 'Stage', 'Created', 'Closed', 'Value']);
  const stages = page.getByTestId('csv-stages');
  assert.equal(await stages.getByLabel('Kariz stage – Prospecting').inputValue(), 'lead');
  assert.equal(await stages.getByLabel('Kariz stage – Engaging').inputValue(), 'sql');
  await page.getByTestId('csv-check').click();
  const preview = page.getByTestId('csv-preview');
  await preview.waitFor();
  assert.equal((await preview.locator('td').allTextContents())[0], '200', 'every row is a deal');
  assert.equal(await page.getByTestId('csv-left-out').count(), 0);
  assert.equal(await page.getByTestId('csv-many-left-out').count(), 0, 'no warning when nothing is left out');
  await page.getByRole('button', { name: 'Cancel import' }).click();

  await pickCsv(page, 'stage-dates.csv');
  await page.getByTestId('csv-mapping').waitFor();
  const mql = page.getByTestId('csv-field-4');
  assert.equal(await mql.inputValue(), 'Entered:mql');
  assert.equal(await mql.locator('option:checked').textContent(), 'Entered stage: MQL');
  assert.equal(await page.getByTestId('csv-field-6').inputValue(), 'Entered:won');
  // The user can change it like any mapping. Its list is filled when the select takes the focus
  // (as a click or Tab gives it): before, it holds only the chosen field.
  const lost = page.getByTestId('csv-field-7');
  assert.equal(await lost.locator('option').count(), 2, 'the chosen field and "ignore" until focused');
  await lost.focus();
  assert.ok((await lost.locator('option').count()) > 20, 'every field once focused');
  assert.equal(await lost.inputValue(), 'Entered:lost', 'filling the list keeps the choice');
  await page.getByTestId('csv-field-7').selectOption('Closed');
  await page.getByTestId('csv-field-7').selectOption('Entered:lost');
  await page.getByTestId('csv-check').click();
  await page
    .getByTestId('csv-many-left-out')
    .getByText('5 of 10 rows (50.0%) would be left out', { exact: false })
    .waitFor();
  await page.getByTestId('csv-left-out').getByText('Line 7 (SQL date): “2025-01-05” is before the date of an earlier stage').waitFor();
  await page.getByTestId('csv-import-deals').click();
  await page.getByTestId('nav-deals').click();
  await page.getByTestId('deal-rows').getByText('Full path').waitFor();
  assert.equal(await page.getByTestId('deal-rows').locator('tr').count(), 5);
  assert.deepEqual(errors, []);
  await context.close();
});

test('export CSV (BOM, formulas neutralised), export JSON, clear, import: the same dashboard numbers', async () => {
  const { context, page, errors } = await open();
  await page.getByTestId('load-sample').click();
  await editStored(page, (ds) => {
    ds.deals[0].title = '=HYPERLINK("http://evil.example","click")';
  });
  await page.reload();
  await page.getByTestId('nav-dashboard').click();
  const ids = ['win-rate', 'pipeline-value', 'avg-deal-size', 'cycle', 'open-deals', 'weighted-pipeline'];
  const before = {};
  for (const id of ids) before[id] = await kpi(page, id);
  const [kpiDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-kpi-csv').click()]);
  assert.match(kpiDownload.suggestedFilename(), /^kariz-kpis-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
  const kpiCsv = (await readFile(await kpiDownload.path(), 'utf8')).split('\r\n');
  assert.equal(kpiCsv[0], '\ufeffKPI,Value,Detail,Change vs previous period');
  const winRate = kpiCsv.find((line) => line.startsWith('Win rate,'));
  assert.ok(winRate?.includes(before['win-rate']), `the win-rate row shows the card's value: ${winRate}`);

  await page.getByTestId('nav-settings').click();
  const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  assert.match(csvDownload.suggestedFilename(), /^kariz-deals-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = await readFile(await csvDownload.path(), 'utf8');
  assert.ok(csv.startsWith('\ufeffID,Title,Company,'), 'UTF-8 BOM and the header');
  assert.ok(csv.includes('"\'=HYPERLINK(""http://evil.example"",""click"")"'), 'formula neutralised');
  assert.equal(csv.trimEnd().split('\r\n').length, 321, 'a CRLF line per deal plus the header');

  const [jsonDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export').click()]);
  const json = await readFile(await jsonDownload.path());
  // The export carries the call history and the arrival times, exactly as stored.
  const stored = await readStored(page);
  const exported = JSON.parse(json.toString('utf8'));
  assert.ok(stored.activities.length > 1000, `${stored.activities.length} activities stored`);
  assert.deepEqual(exported.activities, stored.activities);
  assert.deepEqual(exported.deals.map((d) => d.arrived ?? null), stored.deals.map((d) => d.arrived ?? null));
  page.once('dialog', (d) => d.accept());
  await page.getByTestId('clear-data').click();
  await page.getByTestId('notice').getByText('Undo').waitFor();
  await page.getByTestId('nav-dashboard').click();
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('import').setInputFiles({ name: 'backup.json', mimeType: 'application/json', buffer: json });
  // Cleared deals are tombstoned (a merge keeps them deleted): restoring a backup is Replace.
  await page.getByTestId('import-replace').click();
  await page.getByTestId('nav-dashboard').click();
  for (const id of ids) assert.equal(await kpi(page, id), before[id], id);
  // Every activity came back with the backup (a replace renews their edit times, nothing else).
  await page.waitForFunction((n) => {
    const s = JSON.parse(localStorage.getItem('kariz.dataset') ?? '{}');
    return (s.activity_parts ?? []).reduce((sum, [, rows]) => sum + rows, 0) === n;
  }, stored.activities.length);
  const restored = (await readStored(page)).activities.map(({ updated_at, ...rest }) => rest);
  assert.deepEqual(restored, stored.activities.map(({ updated_at, ...rest }) => rest));
  assert.deepEqual(errors, []);
  await context.close();
});

test('10,000-row CSV and 10,000-deal JSON imports (timings written to artifacts)', async () => {
  const { context, page, errors } = await open();
  const stages = ['Lead', 'MQL', 'SQL', 'Closed Won', 'Closed Lost'];
  const lines = ['Deal Name,Deal Stage,Amount,Create Date,Close Date,Deal owner,Original Source,Associated Company'];
  for (let i = 0; i < 10000; i++) {
    const m = 1 + (i % 12);
    const d = 1 + (i % 27);
    const stage = stages[i % 5];
    lines.push(`Deal ${i},${stage},"${(1000 + i).toLocaleString('en-US')}.50",${m}/${d}/2024,${m}/${d}/2025,Rep ${i % 7},Source ${i % 5},"Company ${i}, Ltd"`);
  }
  const csv = Buffer.from(lines.join('\r\n'));
  const timings = { 'csv bytes': csv.length };
  const now = () => page.evaluate(() => performance.now());
  await page.getByTestId('nav-settings').click();
  // The page's own time starts at the input's change event (Playwright's file transfer excluded).
  const changed = () =>
    page.evaluate(() => {
      window.__changed = null;
      document.addEventListener('change', () => (window.__changed = performance.now()), { capture: true, once: true });
    });
  await changed();
  await page.getByTestId('import-csv').setInputFiles({ name: 'big.csv', mimeType: 'text/csv', buffer: csv });
  await page.getByTestId('csv-mapping').waitFor();
  timings['csv: file read and columns guessed'] = Math.round((await now()) - (await page.evaluate(() => window.__changed)));
  let start;
  start = await now();
  await page.getByTestId('csv-check').click();
  await page.getByTestId('csv-preview').waitFor();
  timings['csv: 10,000 rows converted and previewed'] = Math.round((await now()) - start);
  assert.deepEqual((await page.getByTestId('csv-preview').locator('td').allTextContents())[0], '10,000');
  start = await now();
  await page.getByTestId('csv-import-deals').click();
  await page.getByTestId('notice').getByText('10,000 deals imported from big.csv.').waitFor();
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r())));
  timings['csv: merged and shown'] = Math.round((await now()) - start);

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export').click()]);
  const json = await readFile(await download.path());
  timings['json bytes'] = json.length;
  page.once('dialog', (d) => d.accept());
  await page.getByTestId('clear-data').click();
  await changed();
  await page.getByTestId('import').setInputFiles({ name: 'big.json', mimeType: 'application/json', buffer: json });
  await page.getByTestId('import-preview').waitFor();
  timings['json: 10,000 deals read and previewed'] = Math.round((await now()) - (await page.evaluate(() => window.__changed)));
  start = await now();
  await page.getByTestId('import-replace').click();
  await page.getByTestId('notice').getByText('Your data was replaced by big.json.').waitFor();
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r())));
  timings['json: replaced and shown'] = Math.round((await now()) - start);
  await writeFile(join(ARTIFACTS, 'import-timings.json'), JSON.stringify(timings, null, 2));
  console.log('import timings (ms):', JSON.stringify(timings));
  assert.deepEqual(errors, []);
  await context.close();
});

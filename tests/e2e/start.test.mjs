// A new team with data: the empty dashboard leads straight to the import of its CRM export.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useApp, watchErrors } from './harness.mjs';

const app = useApp();

test('a new user with a CRM export starts the import from the empty dashboard', async () => {
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = watchErrors(page);
  // Settings is a chunk fetched on first use: on a slow line or a busy laptop it arrives well
  // after the click, and the file dialog must still open (within the click's five seconds).
  await page.route(/split_load_settings_.*\.wasm$/, async (route) => {
    await new Promise((done) => setTimeout(done, 1500));
    await route.continue();
  });
  await page.goto(app.url);
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId('import-from-crm').click()]);
  assert.equal(new URL(page.url()).hash, '#settings');
  const csv = 'Deal name,Company,Stage,Created,Closed,Amount\nAtlas renewal,Atlas,Won,2025-03-02,2025-04-01,1200\nBeta pilot,Beta,Lead,2025-04-10,,300\n';
  await chooser.setFiles({ name: 'crm.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByTestId('csv-mapping').waitFor();
  await page.getByTestId('csv-check').click();
  await page.getByTestId('csv-import-deals').click();
  await page.getByTestId('notice').getByText('2 deals imported from crm.csv.').waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

/** Drags `files` ({ name, type, text }) over the window and drops them. */
async function dropFiles(page, files) {
  const dt = await page.evaluateHandle((list) => {
    const dt = new DataTransfer();
    for (const f of list) dt.items.add(new File([f.text], f.name, { type: f.type }));
    return dt;
  }, files);
  await page.dispatchEvent('main', 'dragover', { dataTransfer: dt });
  await page.getByTestId('drop-hint').waitFor();
  await page.dispatchEvent('main', 'drop', { dataTransfer: dt });
  await page.getByTestId('drop-hint').waitFor({ state: 'detached' });
}

test('a file dropped on the window starts the import that reads it', async () => {
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(app.url);
  await page.getByTestId('load-sample').click();
  await page.getByTestId('nav-board').click();

  // A CRM export: the CSV mapping screen, from the board.
  const csv = 'Deal name,Company,Stage,Created,Amount\nGamma trial,Gamma,Lead,2025-05-02,700\n';
  await dropFiles(page, [{ name: 'gamma.csv', type: 'text/csv', text: csv }]);
  assert.equal(new URL(page.url()).hash, '#settings');
  await page.getByTestId('csv-mapping').waitFor();
  await page.getByTestId('csv-check').click();
  await page.getByTestId('csv-import-deals').click();
  await page.getByTestId('notice').getByText('1 deal imported from gamma.csv.').waitFor();

  // A colleague's JSON export: the team-import preview.
  const exported = await page.evaluate(() => localStorage.getItem('kariz.dataset'));
  await page.getByTestId('nav-dashboard').click();
  await dropFiles(page, [{ name: 'sara.json', type: 'application/json', text: exported }]);
  await page.getByTestId('import-preview').waitFor();

  // Anything else is named, not silently ignored.
  await dropFiles(page, [{ name: 'photo.png', type: 'image/png', text: 'x' }]);
  await page.getByTestId('notice').getByText('Kariz reads .json exports, .csv files and spreadsheets (.xlsx, .ods); that file is none of them.').waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

// A new team with data: the empty dashboard leads straight to the import of its CRM export.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useApp, watchErrors } from './harness.mjs';

const app = useApp();

test('a new user with a CRM export starts the import from the empty dashboard', async () => {
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = watchErrors(page);
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

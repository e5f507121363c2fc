// Sharing the export and opening files from the operating system (#18). Headless Chromium has
// neither a share sheet nor an installed app, so the browser's two APIs are stood in for before
// the page loads (navigator.canShare/share, window.launchQueue) and the test checks what Kariz
// hands them and what it does with what they hand back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useApp, watchErrors } from './harness.mjs';

const app = useApp();

test('"Share the file…" hands the JSON export to the share sheet; a refused share falls back to a download', async () => {
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  await context.addInitScript(() => {
    window.__shared = [];
    window.__refuse = false;
    navigator.canShare = (data) => Array.isArray(data?.files) && data.files.every((f) => f instanceof File);
    navigator.share = async (data) => {
      if (window.__refuse) throw new DOMException('no app', 'NotAllowedError');
      for (const f of data.files) window.__shared.push({ name: f.name, type: f.type, text: await f.text() });
    };
  });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(app.url);
  assert.equal(await page.evaluate(() => localStorage.getItem('kariz.last_export')), null);
  await page.getByTestId('load-sample').click();
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('export-share').click();
  await page.waitForFunction(() => window.__shared.length === 1);
  const [shared] = await page.evaluate(() => window.__shared);
  assert.match(shared.name, /^kariz-\d{4}-\d{2}-\d{2}\.json$/);
  assert.equal(shared.type, 'application/json');
  const data = JSON.parse(shared.text);
  assert.equal(data.format, 'kariz');
  assert.equal(data.deals.length, 320);
  // The data left the browser: the backup reminder counts from now.
  assert.ok(Number(await page.evaluate(() => localStorage.getItem('kariz.last_export'))) > 0);

  await page.evaluate(() => {
    window.__refuse = true;
  });
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-share').click()]);
  assert.match(download.suggestedFilename(), /^kariz-\d{4}-\d{2}-\d{2}\.json$/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('without a share sheet there is no Share button', async () => {
  const context = await app.browser.newContext();
  await context.addInitScript(() => {
    delete Navigator.prototype.canShare;
    delete Navigator.prototype.share;
  });
  const page = await context.newPage();
  await page.goto(app.url);
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('export').waitFor();
  assert.equal(await page.getByTestId('export-share').count(), 0);
  await context.close();
});

test('a CSV file opened with the installed app goes to the import preview', async () => {
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(() => {
    // Chromium has a real (read-only) window.launchQueue that never fires outside an installed
    // app: stand in for it with one that does.
    Object.defineProperty(window, 'launchQueue', {
      configurable: true,
      value: {
        setConsumer(consumer) {
          const csv = 'Deal name,Company,Stage,Created\nOpened from the desktop,Acme,Lead,2025-06-01\n';
          const handle = { getFile: async () => new File([csv], 'leads.csv', { type: 'text/csv' }) };
          setTimeout(() => consumer({ files: [handle] }), 50);
        },
      },
    });
  });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(app.url);
  await page.getByTestId('csv-mapping').waitFor();
  assert.match(page.url(), /#settings$/);
  await page.getByTestId('csv-check').click();
  await page.getByTestId('csv-import-deals').click();
  await page.getByTestId('notice').getByText(/imported from leads\.csv/).waitFor();
  await page.getByTestId('nav-deals').click();
  await page.getByTestId('deal-rows').getByText('Opened from the desktop').waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

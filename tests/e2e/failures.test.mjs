// Failures that must be shown, never hidden or thrown (issue 16): a page whose localStorage is
// missing (null, or a getter that throws) runs in memory with its banner; a download the browser
// refuses is announced and does not count as a backup; a panic in the release build (which
// aborts) logs its message and leaves a banner with a backup link that works after the app died.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { useApp, watchErrors } from './harness.mjs';

const app = useApp();

for (const [how, getter] of [
  ['throws', () => { throw new DOMException('The document is sandboxed', 'SecurityError'); }],
  ['is null', () => null],
]) {
  test(`localStorage that ${how}: memory mode with the banner, no page error`, async () => {
    const context = await app.browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addInitScript(`Object.defineProperty(window, 'localStorage', { configurable: true, get: ${getter.toString()} });`);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(app.url);
    await page.getByText('Browser storage is unavailable', { exact: false }).waitFor();
    await page.getByText('Not stored: memory only').waitFor();
    // The app works: sample, a section with dates, the settings page (which reads the last export).
    await page.getByTestId('load-sample').click();
    await page.getByTestId('kpi-win-rate').waitFor();
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('last-export').getByText('No full export from this browser yet.').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export').click()]);
    assert.equal(JSON.parse(await readFile(await download.path(), 'utf8')).deals.length, 320);
    await page.getByTestId('nav-deals').click();
    await page.getByTestId('deal-rows').locator('tr').first().waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('a refused download is announced and does not count as a backup', async () => {
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(app.url);
  await page.getByTestId('load-sample').click();
  await page.getByTestId('kpi-win-rate').waitFor();
  await page.getByTestId('nav-settings').click();
  await page.evaluate(() => {
    URL.createObjectURL = () => {
      throw new DOMException('no memory for the blob', 'NotReadableError');
    };
  });
  await page.getByTestId('export').click();
  await page.getByTestId('notice').getByText('Nothing was downloaded: the browser could not prepare the file', { exact: false }).waitFor();
  await page.getByTestId('last-export').getByText('No full export from this browser yet.').waitFor();
  assert.equal(await page.evaluate(() => localStorage.getItem('kariz.last_export')), null, 'no export recorded');
  assert.deepEqual(errors, []);
  await context.close();
});

for (const lang of ['en', 'fa']) {
  test(`a panic (${lang}) logs its message and shows a banner whose backup link still works`, async () => {
    const context = await app.browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    const logged = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error') logged.push(msg.text());
    });
    await page.goto(app.url);
    await page.getByTestId('load-sample').click();
    await page.getByTestId('kpi-win-rate').waitFor();
    await page.waitForFunction(() => localStorage.getItem('kariz.dataset')?.includes('"deals"'));
    if (lang === 'fa') {
      await page.getByTestId('language').selectOption('fa');
      await page.waitForFunction(() => document.documentElement.lang === 'fa');
    }
    const thrown = await page.evaluate(() => {
      try {
        window.wasmBindings.kariz_test_panic();
        return 'returned';
      } catch (e) {
        return String(e);
      }
    });
    assert.match(thrown, /unreachable|RuntimeError/, 'release builds abort');
    assert.ok(logged.some((m) => m.includes('Kariz stopped') && m.includes('test panic requested from the page')), `console: ${logged}`);
    const banner = page.getByTestId('crash-banner');
    await banner.waitFor();
    const text = lang === 'fa' ? 'مشکلی پیش آمد و کاریز متوقف شد' : 'Something went wrong and Kariz stopped';
    await banner.getByText(text, { exact: false }).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), banner.getByTestId('crash-backup').click()]);
    const backup = JSON.parse(await readFile(await download.path(), 'utf8'));
    assert.equal(backup.format, 'kariz', 'a readable export, importable as it is');
    assert.equal(backup.deals.length, 320);
    await context.close();
  });
}

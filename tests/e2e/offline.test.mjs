// Offline and hosting: the service worker caches the app shell; Kariz opens and works with the
// browser offline and with the server stopped, under a sub-path, without any request to another
// origin; a new deployment is offered ("reload") while the old version keeps working.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveDist, launch, watchErrors, ROOT, ARTIFACTS } from './harness.mjs';

async function controlled(page) {
  await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 15000 });
}

async function addDeal(page, title) {
  await page.getByTestId('nav-deals').click();
  await page.getByTestId('deal-form').getByLabel('Title').fill(title);
  await page.getByTestId('deal-save').click();
  await page.getByTestId('notice').getByText('Deal added.').waitFor();
  await page.getByLabel('Search').fill(title);
  await page.getByTestId('deal-rows').getByText(title).waitFor();
}

test('under a sub-path, offline and with the server stopped Kariz opens and works; no foreign requests', async () => {
  const server = await serveDist('/kariz/');
  const browser = await launch();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const origin = new URL(server.url).origin;
  const requests = [];
  context.on('request', (r) => requests.push(r.url()));
  const page = await context.newPage();
  const errors = watchErrors(page);
  try {
    await page.goto(server.url);
    await controlled(page);
    const manifest = await page.evaluate(async () => {
      const link = document.querySelector('link[rel=manifest]');
      return (await fetch(link.href)).json();
    });
    assert.equal(manifest.short_name, 'Kariz');
    assert.ok(manifest.icons.some((i) => i.purpose === 'maskable' && i.sizes === '512x512'));
    await page.getByTestId('load-sample').click();

    await context.setOffline(true);
    await page.reload();
    await page.getByTestId('kpi-win-rate').waitFor();
    await addDeal(page, 'Written while offline');

    await context.setOffline(false);
    await server.close();
    await page.goto(`${server.url}#board`);
    await page.locator('[data-stage=lead]').waitFor();
    await page.goto(`${server.url}#deals`);
    await page.getByLabel('Search').fill('Written while offline');
    await page.getByTestId('deal-rows').getByText('Written while offline').waitFor();
    await addDeal(page, 'Written with the server stopped');
    await page.screenshot({ path: join(ARTIFACTS, 'offline.png') });

    const foreign = requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:'));
    assert.deepEqual(foreign, [], 'every request goes to the app origin');
    assert.ok(requests.some((u) => u.startsWith(`${origin}/kariz/`)), 'served under the sub-path');
    assert.deepEqual(errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|ERR_CONNECTION_REFUSED/.test(e)), []);
  } finally {
    await context.close();
    await browser.close();
    await server.close();
  }
});

test('a new deployment is offered; the old version works until the user reloads; old caches go', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kariz-deploy-'));
  await cp(ROOT, dir, { recursive: true });
  const server = await serveDist('/', dir);
  const browser = await launch();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = watchErrors(page);
  try {
    await page.goto(server.url);
    await controlled(page);
    await page.getByTestId('load-sample').click();
    const before = await page.evaluate(() => caches.keys());
    assert.equal(before.length, 1);

    // The next deployment: a changed page, hence a new service-worker version.
    const html = await readFile(join(dir, 'index.html'), 'utf8');
    await writeFile(join(dir, 'index.html'), html.replace('<head>', '<head><meta name="build" content="2">'));
    const sw = await readFile(join(dir, 'sw.js'), 'utf8');
    await writeFile(join(dir, 'sw.js'), sw.replace(/const VERSION = '[0-9a-f]+'/, "const VERSION = 'next0000deploy'"));
    await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.update()));
    const banner = page.getByTestId('update-banner');
    await banner.getByText('A new version of Kariz is available.', { exact: false }).waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'update-banner.png') });
    // The running version still works.
    await addDeal(page, 'Before the update');
    assert.equal(await page.locator('meta[name=build]').count(), 0);

    await banner.getByRole('button', { name: 'Reload now' }).click();
    await page.waitForFunction(() => document.querySelector('meta[name=build]')?.content === '2');
    await page.getByTestId('nav-deals').click();
    await page.getByLabel('Search').fill('Before the update');
    await page.getByTestId('deal-rows').getByText('Before the update').waitFor();
    assert.deepEqual(await page.evaluate(() => caches.keys()), ['kariz-next0000deploy'], 'the old cache is removed');
    assert.equal(await page.getByTestId('update-banner').count(), 0);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
    await browser.close();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
});

// Hostile input and the Content-Security-Policy: markup typed into every field, or brought in by
// an imported JSON or CSV file, is shown as text and never runs; the page has no CSP violation,
// and even a script injected into the page would be refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useApp, watchErrors, readStored } from './harness.mjs';

const app = useApp();
const PAYLOADS = [
  '<img src=x onerror="window.__xss=1">',
  '<script>window.__xss=2</script>',
  '"><svg onload="window.__xss=3">',
  'javascript:window.__xss=4',
];

test('markup in fields and imported files is text; no CSP violations; injected inline script is refused', async () => {
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 1000 } });
  const page = await context.newPage();
  const errors = watchErrors(page);
  const violations = [];
  await page.exposeFunction('__violation', (v) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => window.__violation(`${e.violatedDirective} ${e.blockedURI}`));
  });
  let dialogs = 0;
  page.on('dialog', (d) => {
    dialogs += 1;
    d.dismiss();
  });
  await page.goto(app.url);
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
  assert.equal(await page.locator('script:not([src])').count(), 0, 'no inline script in the page');

  // Every field of the deal form, and the owner and source names it creates.
  await page.getByTestId('nav-deals').click();
  const form = page.getByTestId('deal-form');
  for (const [i, payload] of PAYLOADS.entries()) {
    await form.locator('#deal-title').fill(`${payload} #${i}`);
    await form.locator('#deal-company').fill(payload);
    await form.locator('#deal-contact').fill(payload);
    await form.locator('#deal-source').fill(`${payload} source`);
    await form.locator('#deal-owner').fill(`${payload} owner`);
    await form.locator('#deal-notes').fill(payload);
    await page.getByTestId('deal-save').click();
    await page.getByTestId('notice').getByText('Deal added.').waitFor();
  }
  await page.getByTestId('deal-rows').getByText(`${PAYLOADS[0]} #0`).waitFor();

  // An imported Kariz file and a CSV carry payloads too.
  const exported = await readStored(page);
  const hostile = structuredClone(exported);
  hostile.deals = hostile.deals.map((d, i) => ({ ...d, id: `hostile-${i}`, title: `${PAYLOADS[1]} imported ${i}`, updated_at: Date.now() }));
  hostile.stages[0].name = PAYLOADS[2];
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('import').setInputFiles({ name: 'hostile.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(hostile)) });
  await page.getByTestId('import-merge').click();
  const csv = `Deal Name,Deal Stage,Amount,Create Date,Deal owner\n"${PAYLOADS[0].replace(/"/g, '""')} csv",${PAYLOADS[3]},5,2025-01-02,"${PAYLOADS[2].replace(/"/g, '""')}"\n`;
  await page.getByTestId('import-csv').setInputFiles({ name: 'hostile.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByTestId('csv-mapping').waitFor();
  await page.getByTestId('csv-check').click();
  await page.getByTestId('csv-preview').waitFor();
  await page.getByTestId('csv-import-deals').click();

  // Visit every section so each renders the hostile names.
  for (const section of ['dashboard', 'board', 'deals', 'goals', 'settings']) {
    await page.getByTestId(`nav-${section}`).click();
    await page.waitForTimeout(150);
  }
  await page.getByTestId('nav-deals').click();
  await page.getByLabel('Search').fill('imported 0');
  await page.getByTestId('deal-rows').getByText(`${PAYLOADS[1]} imported 0`).waitFor();

  // Defence in depth: even markup that reached the DOM could not run inline script.
  await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.__xss = 99';
    document.body.append(s);
  });
  await page.waitForTimeout(100);
  assert.equal(await page.evaluate(() => window.__xss), undefined, 'no payload ran');
  assert.equal(dialogs, 0);
  assert.equal(await page.locator('img[src="x"], svg[onload]').count(), 0, 'no element came from a payload');
  assert.deepEqual(violations, ['script-src-elem inline'], 'the only violation is the injected script');
  assert.deepEqual(errors.filter((e) => !e.includes('Content Security Policy')), []);
  await context.close();
});

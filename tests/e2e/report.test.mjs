// The report to send (issue #19): opened from the dashboard with its view, printed to A4 PDF in
// English and Persian (the first page kept as an image in the artifacts), and downloaded as one
// HTML file that shows the dashboard's numbers with scripts disabled.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { useApp, withSample, pickFilter, ARTIFACTS } from './harness.mjs';

const app = useApp();

/** A4 at 96 CSS pixels per inch. */
const A4 = { width: 794, height: 1123 };

/** Every card of a card list as { id: [value, delta] }. */
async function cardsOf(list) {
  const out = {};
  const cards = list.locator(':scope > li[data-kpi]');
  for (let i = 0; i < (await cards.count()); i++) {
    const card = cards.nth(i);
    const delta = card.locator('.delta');
    out[await card.getAttribute('data-kpi')] = [
      (await card.locator('.value').textContent()).trim(),
      (await delta.count()) ? (await delta.textContent()).trim() : null,
    ];
  }
  return out;
}

/** Pages of a PDF file, counted by its page objects. */
const pdfPages = (bytes) => (bytes.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).length;

test('the report of the current view prints to A4 in both languages and exports as HTML with the same numbers', async () => {
  const { context, page, errors } = await withSample(app, { width: 1280, height: 1000 });
  await page.getByTestId('period').selectOption('last-90');
  await pickFilter(page, 'filter-owner', ['rep-1', 'rep-2']);
  await page.waitForFunction(() => location.hash.includes('owner=rep-1,rep-2'));

  for (const lang of ['en', 'fa']) {
    if (lang === 'fa') await page.getByTestId('language').selectOption('fa');
    await page.locator('.kpis .cards [data-kpi=win-rate] .value').waitFor();
    const dashboard = await cardsOf(page.locator('.kpis > ul.cards'));
    assert.ok(Object.keys(dashboard).length >= 12, JSON.stringify(dashboard));

    // The report opens with the dashboard's view: the same address query, the same cards.
    const query = await page.evaluate(() => location.hash.split('?')[1]);
    await page.getByTestId('open-report').click();
    await page.waitForFunction((q) => location.hash === `#report?${q}`, query);
    const report = page.getByTestId('report');
    const article = report.locator('article.report');
    await article.waitFor();
    assert.equal(await article.getAttribute('dir'), lang === 'fa' ? 'rtl' : 'ltr');
    assert.deepEqual(await cardsOf(article.locator('ul.cards')), dashboard);
    const lines = (await article.locator('.lines').textContent()).trim();
    // The sample was loaded in English: its reps keep their English names in either language.
    assert.ok(lines.includes('Sara Ahmadi') && lines.includes('Reza Karimi'), `owners named in words: ${lines}`);
    if (lang === 'fa') {
      assert.match(lines, /[۰-۹]{4}\/[۰-۹]{2}\/[۰-۹]{2}/, 'Jalali dates in Persian digits');
      assert.match(dashboard['win-rate'][0], /[۰-۹]/);
    }
    // The five charts and the three telesales charts, drawn as images.
    const images = article.locator('figure img[src^="data:image/png;base64,"]');
    assert.equal(await images.count(), 8);
    for (let i = 0; i < 8; i++) {
      assert.ok(await images.nth(i).evaluate((img) => img.complete && img.naturalWidth === 1400), `chart ${i} drawn`);
    }
    assert.ok((await article.locator('table[data-table=leaderboard] tbody tr').count()) >= 2);
    assert.ok((await article.locator('table[data-table=loss-reasons] tbody tr').count()) >= 2);

    // Print: A4 portrait; the first page as the printer lays it out, kept as an image.
    await page.setViewportSize(A4);
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.getByTestId('report-print').isVisible(), false, 'no buttons on paper');
    assert.equal(await page.locator('nav.sections').isVisible(), false, 'no navigation on paper');
    await page.screenshot({ path: join(ARTIFACTS, `report-${lang}-page1.png`), clip: { x: 0, y: 0, ...A4 } });
    await page.emulateMedia({ media: 'screen' });
    const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
    await writeFile(join(ARTIFACTS, `report-${lang}.pdf`), pdf);
    const pages = pdfPages(pdf);
    assert.ok(pages >= 3 && pages <= 8, `${pages} pages`);
    assert.ok(pdf.length > 100_000 && pdf.length < 10_000_000, `${pdf.length} bytes`);
    await page.setViewportSize({ width: 1280, height: 1000 });

    // The HTML export: one file, no script, the same numbers with scripts disabled.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-html').click()]);
    assert.match(download.suggestedFilename(), /^kariz-report-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.html$/);
    const file = join(ARTIFACTS, `report-${lang}.html`);
    await download.saveAs(file);
    const html = await readFile(file, 'utf8');
    assert.doesNotMatch(html, /<script|javascript:|<link|src="http/i);
    assert.equal((html.match(/<img src="data:image\/png;base64,/g) ?? []).length, 8);
    const offline = await app.browser.newContext({ javaScriptEnabled: false, viewport: A4, offline: true });
    const view = await offline.newPage();
    await view.goto(pathToFileURL(file).href);
    assert.deepEqual(await cardsOf(view.locator('article.report ul.cards')), dashboard);
    assert.equal(await view.locator('html').getAttribute('dir'), lang === 'fa' ? 'rtl' : 'ltr');
    await view.screenshot({ path: join(ARTIFACTS, `report-${lang}-html.png`) });
    await offline.close();

    // A reload (or a link) opens the same report on its own.
    await page.reload();
    await article.locator('figure img').nth(7).waitFor();
    assert.deepEqual(await cardsOf(article.locator('ul.cards')), dashboard);

    await page.getByTestId('report-back').click();
    await page.waitForFunction((q) => location.hash === `#dashboard?${q}`, query);
  }
  assert.deepEqual(errors, []);
  await context.close();
});

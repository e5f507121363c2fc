// Dashboard charts on canvas: painted, exact numbers on hover and keyboard, toggles, table
// alternative, PNG download, Persian right-to-left.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { useApp, watchErrors, editStored, ARTIFACTS } from './harness.mjs';

const app = useApp();

/** Dark pixels on a chart's canvas (its backing store, at device resolution). */
const ink = (page, name) =>
  page.evaluate((n) => {
    const c = document.querySelector(`[data-testid=chart-${n}] canvas`);
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let dark = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && (d[i] < 200 || d[i + 1] < 200 || d[i + 2] < 200)) dark++;
    return { dark, width: c.width, css: c.clientWidth };
  }, name);

test('all five charts: painted, hover and keyboard numbers, toggles, table, PNG', async () => {
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 1000 }, deviceScaleFactor: 2 });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(app.url);
  await page.getByTestId('load-sample').click();
  await page.getByTestId('period').selectOption('last-90');
  const funnel = page.getByTestId('chart-funnel');
  await funnel.waitFor();
  await page.waitForFunction(() => document.querySelector('[data-testid=chart-funnel] canvas').width > 0);

  const f = await ink(page, 'funnel');
  assert.equal(f.width, f.css * 2, 'HiDPI: backing store at twice the CSS width');
  assert.ok(f.dark > 5000, `funnel painted (${f.dark} dark pixels)`);
  for (const name of ['pipeline', 'trend', 'cycle', 'forecast']) {
    const c = await ink(page, name);
    assert.ok(c.dark > 2000, `${name} painted (${c.dark} dark pixels)`);
  }
  await page.getByTestId('cycle-by-source').getByText(/Website/).waitFor();

  // Hover the middle of the funnel's second row (the lead bar): its exact numbers appear.
  const box = await funnel.locator('canvas').boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + 8 + ((box.height - 16) / 5) * 1.5);
  await page.getByTestId('tip-funnel').getByText(/^Lead: [\d,]+ \([\d,.]+ USD\)/).waitFor();

  // Keyboard: focus the pipeline chart, arrow through its segments.
  await page.mouse.move(0, 0);
  await page.getByTestId('chart-pipeline').locator('canvas').focus();
  await page.keyboard.press('ArrowRight');
  await page.getByTestId('tip-pipeline').getByText(/^Lead · .+: [\d,]+ deals, [\d,.]+ USD$/).waitFor();

  // Toggles redraw with other numbers; the table alternative has a row per element.
  const before = await page.getByTestId('table-funnel').locator('tbody tr').count();
  assert.equal(before, 5, 'visitors, lead, MQL, SQL, customer');
  await page.getByTestId('funnel-measure').selectOption('value');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=table-funnel] tbody tr').length === 4);
  await page.getByTestId('stack-by').selectOption('owner');
  await page.getByTestId('chart-pipeline').getByText('Show as table').click();
  await page.getByTestId('table-pipeline').getByText('Sara Ahmadi').first().waitFor();

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('png-funnel').click()]);
  assert.equal(download.suggestedFilename(), 'kariz-funnel.png');

  // Resizing the window redraws at the new width.
  const wide = (await ink(page, 'funnel')).width;
  await page.setViewportSize({ width: 800, height: 1000 });
  await page.waitForFunction((w) => document.querySelector('[data-testid=chart-funnel] canvas').width !== w, wide);
  const narrow = await ink(page, 'funnel');
  assert.equal(narrow.width, narrow.css * 2);
  assert.ok(narrow.dark > 3000, 'still painted after the resize');
  await page.setViewportSize({ width: 1280, height: 1000 });

  await page.locator('.charts').screenshot({ path: join(ARTIFACTS, 'charts.png') });
  await page.getByTestId('language').selectOption('fa');
  await page.waitForFunction(() => document.querySelector('[data-testid=chart-funnel] canvas')?.getAttribute('aria-label')?.startsWith('قیف'));
  await page.waitForTimeout(100);
  await page.locator('.charts').screenshot({ path: join(ARTIFACTS, 'charts-fa.png') });
  assert.deepEqual(errors, []);
  await context.close();
});

test('10,240 deals: redraw time of the whole dashboard and of single charts (written to artifacts)', async () => {
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 1000 } });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(app.url);
  await page.getByTestId('load-sample').click();
  await editStored(page, (ds) => {
    const base = ds.deals;
    ds.deals = [];
    // Deals only: the readable form written here must fit the quota (see workspace.test.mjs).
    ds.activities = [];
    for (let k = 0; k < 32; k++) for (const d of base) ds.deals.push({ ...d, id: `${d.id}-${k}`, arrived: undefined });
  });
  await page.reload();
  await page.waitForFunction(() => document.querySelector('[data-testid=chart-forecast] canvas')?.width > 0);
  // From the change event to the next painted frame, measured inside the page; median of 5.
  const measure = (testid, values) =>
    page.evaluate(async ({ testid, values }) => {
      const el = document.querySelector(`[data-testid=${testid}]`);
      const runs = [];
      for (let i = 0; i < 5; i++) {
        el.value = values[i % values.length];
        const t0 = performance.now();
        el.dispatchEvent(new Event('change', { bubbles: true }));
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
        runs.push(performance.now() - t0);
      }
      runs.sort((a, b) => a - b);
      return Math.round(runs[2]);
    }, { testid, values });
  const timings = {
    'period change: KPIs + all five charts': await measure('period', ['last-90', 'this-quarter', 'last-365', 'this-year', 'last-30']),
    'funnel count/value: one chart': await measure('funnel-measure', ['value', 'count']),
    'pipeline split by owner/source: one chart': await measure('stack-by', ['owner', 'source']),
  };
  await writeFile(join(ARTIFACTS, 'charts-timings.json'), JSON.stringify(timings, null, 2));
  console.log('chart redraw timings (ms, median of 5, 10,240 deals):', JSON.stringify(timings));
  assert.deepEqual(errors, []);
  await context.close();
});

// The KPI dashboard: periods, filters, funnel modes, deltas, details and the glossary.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { useApp, watchErrors, kpi, ARTIFACTS } from './harness.mjs';

const app = useApp();

test('a sales leader slices the KPIs by period, source, owner and funnel mode', async () => {
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 1000 } });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(app.url);
  await page.getByTestId('load-sample').click();
  await page.locator('[data-kpi=visitor-lead] .sub').getByText(/^320 leads/).waitFor();

  // All time: no previous period, so no deltas.
  assert.equal(await page.locator('.card .delta').count(), 0);
  const allTimeLeads = await page.locator('[data-kpi=visitor-lead] .sub').textContent();
  assert.match(allTimeLeads, /^320 leads \/ [\d,]+ visitors$/);

  // Last 90 days: deltas appear on the headline cards, and the numbers change.
  await page.getByTestId('period').selectOption('last-90');
  await page.getByTestId('delta-visitor-lead').waitFor();
  assert.match(await page.getByTestId('delta-visitor-lead').textContent(), /^([+−±][\d.]+%|n\/a) vs previous period$/);
  assert.match(await page.getByTestId('delta-cycle').textContent(), /vs previous period$/);
  const quarterLeads = await page.locator('[data-kpi=visitor-lead] .sub').textContent();
  assert.notEqual(quarterLeads, allTimeLeads);
  const quarterCount = Number(quarterLeads.match(/^([\d,]+) leads/)[1].replace(/,/g, ''));
  assert.ok(quarterCount > 0 && quarterCount < 320, `leads in 90 days: ${quarterCount}`);

  // Source filter: only website leads and website visitors.
  await page.getByTestId('filter-source').selectOption('website');
  await page.waitForFunction((before) => document.querySelector('[data-kpi=visitor-lead] .sub').textContent !== before, quarterLeads);
  const webLeads = Number((await page.locator('[data-kpi=visitor-lead] .sub').textContent()).match(/^([\d,]+) leads/)[1].replace(/,/g, ''));
  assert.ok(webLeads < quarterCount, `website leads ${webLeads} < all leads ${quarterCount}`);
  await page.getByTestId('filter-source').selectOption('');

  // Owner filter: the owner's own goal (4 won deals a month) replaces the team goal.
  await page.getByTestId('period').selectOption('last-month');
  await page.getByTestId('filter-owner').selectOption('rep-1');
  await page.locator('[data-kpi=attainment] .sub').getByText(/ of 4$/).waitFor();
  await page.getByTestId('filter-owner').selectOption('');
  await page.locator('[data-kpi=attainment] .sub').getByText(/USD of [\d,.]+ USD$/).waitFor();

  // Funnel mode: the step cards switch to the period definition.
  const stepDef = page.locator('[data-kpi=step-lead-mql] .definition');
  assert.match(await stepDef.textContent(), /first contacted in the period/);
  await page.getByTestId('funnel-mode').selectOption('period');
  await page.waitForFunction(() => /entered each stage/.test(document.querySelector('[data-kpi=step-lead-mql] .definition').textContent));

  // Custom range.
  await page.getByTestId('period').selectOption('custom');
  await page.getByTestId('period-from').fill('2000-01-01');
  await page.getByTestId('period-from').dispatchEvent('change');
  await page.getByTestId('funnel-mode').selectOption('cohort');
  await page.waitForFunction(() => /^320 leads/.test(document.querySelector('[data-kpi=visitor-lead] .sub').textContent));

  // Details: funnel, forecast horizons, insights and the glossary with its counting rules.
  await page.getByTestId('period').selectOption('last-90');
  assert.equal(await page.getByTestId('funnel-table').locator('tbody tr').count(), 4);
  assert.equal(await page.getByTestId('forecast-table').locator('tbody tr').count(), 3);
  assert.match(await page.getByTestId('forecast-table').locator('tbody tr').first().textContent(), /^30 days[\d.]+ \([\d.]+ – [\d.]+\)/);
  assert.ok((await page.getByTestId('insights').locator('li').count()) >= 1, 'at least one insight');
  await page.getByRole('heading', { name: 'KPI glossary' }).click();
  await page.getByText('Counting rules').waitFor();
  await page.locator('#glossary-rule-skipped').waitFor();

  await page.mouse.move(0, 0);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(ARTIFACTS, 'kpi-dashboard.png'), clip: { x: 0, y: 0, width: 1280, height: 1500 } });
  assert.deepEqual(errors, []);
  await context.close();
});

test('the glossary and insights are in Persian when Persian is chosen', async () => {
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 1000 } });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(app.url);
  await page.getByTestId('load-sample').click();
  await page.getByTestId('period').selectOption('last-90');
  await page.getByTestId('language').selectOption('fa');
  await page.getByRole('heading', { name: 'قیف کجا نشت می‌کند' }).waitFor();
  await page.getByRole('heading', { name: 'واژه‌نامهٔ شاخص‌ها' }).click();
  await page.getByText('مرحله‌های جاافتاده', { exact: true }).waitFor();
  assert.match(await page.getByTestId('delta-visitor-lead').textContent(), /نسبت به بازهٔ قبل$/);
  await page.mouse.move(0, 0);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(ARTIFACTS, 'kpi-dashboard-fa.png'), clip: { x: 0, y: 0, width: 1280, height: 1500 } });
  assert.deepEqual(errors, []);
  await context.close();
});

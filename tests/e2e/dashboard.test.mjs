// The KPI dashboard: periods, filters, funnel modes, deltas, details and the glossary.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { useApp, watchErrors, withSample, kpi, readStored, pickFilter, ARTIFACTS } from './harness.mjs';

const app = useApp();

test('a sales leader slices the KPIs by period, source, owner and funnel mode', async () => {
  const { context, page, errors } = await withSample(app, { width: 1280, height: 1000 });

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
  await pickFilter(page, 'filter-source', 'website');
  await page.waitForFunction((before) => document.querySelector('[data-kpi=visitor-lead] .sub').textContent !== before, quarterLeads);
  const webLeads = Number((await page.locator('[data-kpi=visitor-lead] .sub').textContent()).match(/^([\d,]+) leads/)[1].replace(/,/g, ''));
  assert.ok(webLeads < quarterCount, `website leads ${webLeads} < all leads ${quarterCount}`);
  await pickFilter(page, 'filter-source', '');

  // Owner filter: the owner's own goal (4 won deals a month) replaces the team goal.
  await page.getByTestId('period').selectOption('last-month');
  await pickFilter(page, 'filter-owner', 'rep-1');
  await page.locator('[data-kpi=attainment] .sub').getByText(/ of 4$/).waitFor();
  await pickFilter(page, 'filter-owner', '');
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

test('calls and follow-ups: the sample\'s call history gives the telesales KPIs, and they match the calls', async () => {
  const { context, page, errors } = await withSample(app, { width: 1280, height: 1000 });
  const section = page.getByTestId('activity');
  await section.scrollIntoViewIfNeeded();

  // All time: recompute the connect rate and the calls from the stored activities.
  await page.waitForFunction((key) => localStorage.getItem(key)?.includes('"activity_parts"'), 'kariz.dataset');
  const ds = await readStored(page);
  const today = new Date().toISOString().slice(0, 10);
  const connected = new Set(ds.call_outcomes.filter((o) => o.connected).map((o) => o.id));
  const calls = ds.activities.filter((a) => a.kind === 'call' && a.at.date <= today);
  const reached = calls.filter((a) => connected.has(a.outcome)).length;
  assert.ok(calls.length > 500, `${calls.length} calls`);
  const rate = `${((reached / calls.length) * 100).toFixed(1)}%`;
  assert.equal(await page.getByTestId('kpi-connect-rate').textContent(), rate);
  await section.getByText(`${calls.length.toLocaleString('en-US')} calls, ${reached.toLocaleString('en-US')} connected`).first().waitFor();
  assert.match(await page.getByTestId('kpi-speed-to-lead').textContent(), /^[\d.]+ min$/);

  // One row per rep, and the attempt buckets 0, 1, 2, 3, 4–6, 7+.
  assert.equal(await section.getByTestId('activity-reps').locator('tbody tr').count(), 4);
  const buckets = await section.getByTestId('activity-attempts').locator('tbody th').allTextContents();
  assert.deepEqual(buckets, ['0', '1', '2', '3', '4–6', '7+']);

  // The owner filter judges who made the call: one rep's calls only.
  const owner = ds.owners[0];
  await pickFilter(page, 'filter-owner', owner.id);
  const mine = calls.filter((a) => a.owner === owner.id);
  const mineReached = mine.filter((a) => connected.has(a.outcome)).length;
  await page.getByTestId('kpi-connect-rate').getByText(`${((mineReached / mine.length) * 100).toFixed(1)}%`).waitFor();
  await section.screenshot({ path: join(ARTIFACTS, 'activity.png') });
  assert.deepEqual(errors, []);
  await context.close();
});

test('a two-owner view lives in the address: it survives a reload and a link opens it in another tab', async () => {
  const { context, page, errors } = await withSample(app, { width: 1280, height: 1000 });
  await page.getByTestId('period').selectOption('last-365');
  await pickFilter(page, 'filter-owner', ['rep-1', 'rep-3']);
  await pickFilter(page, 'filter-source', ['website', 'referral', 'ads']);
  await page.getByTestId('funnel-mode').selectOption('period');
  await page.waitForFunction(() => location.hash.includes('mode=period'));
  assert.equal(new URL(page.url()).hash, '#dashboard?period=last-365&owner=rep-1,rep-3&source=website,referral,ads&mode=period');
  const names = await page.evaluate(() => [...document.querySelectorAll('[data-testid=filter-owner] input:checked')].map((i) => i.parentElement.textContent.trim()));
  assert.equal(names.length, 2);
  assert.equal((await page.getByTestId('filter-owner').locator('summary').textContent()).trim(), names.join(', '));
  assert.equal((await page.getByTestId('filter-source').locator('summary').textContent()).trim(), '3 of 5');
  // The panel closes like a select: Escape (back on its summary) or a press outside.
  const ownerBox = page.getByTestId('filter-owner');
  await ownerBox.locator('summary').click();
  assert.equal(await ownerBox.evaluate((d) => d.open), true);
  await ownerBox.locator('input').first().focus();
  await page.keyboard.press('Escape');
  assert.equal(await ownerBox.evaluate((d) => d.open), false);
  assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'SUMMARY');
  await ownerBox.locator('summary').click();
  await page.locator('h2').first().click();
  assert.equal(await ownerBox.evaluate((d) => d.open), false);
  const cards = async (p) => p.locator('[data-kpi] .value').allTextContents();
  const before = await cards(page);
  // The two owners' figures differ from the team's: the filter is applied, not only shown.
  await pickFilter(page, 'filter-owner', []);
  assert.notDeepEqual(await cards(page), before);
  await pickFilter(page, 'filter-owner', ['rep-1', 'rep-3']);
  assert.deepEqual(await cards(page), before);

  await page.reload();
  await page.getByTestId('kpi-win-rate').waitFor();
  assert.equal(await page.getByTestId('period').inputValue(), 'last-365');
  assert.equal(await page.getByTestId('funnel-mode').inputValue(), 'period');
  assert.deepEqual(await cards(page), before, 'the same figures after a reload');

  // A colleague with the same data opens the link: a new tab of the same browser profile.
  const other = await context.newPage();
  await other.goto(page.url());
  await other.getByTestId('kpi-win-rate').waitFor();
  assert.deepEqual(await cards(other), before, 'the same figures from the link');
  assert.equal((await other.getByTestId('filter-owner').locator('summary').textContent()).trim(), names.join(', '));
  assert.deepEqual(errors, []);
  await context.close();
});

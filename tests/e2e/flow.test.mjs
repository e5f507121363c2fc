// A new user's first session, clicked through on the built dist/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { useApp, watchErrors, kpi, ARTIFACTS } from './harness.mjs';

const app = useApp();

/** The single row left after searching for `title`. */
async function searchRow(page, title) {
  await page.getByLabel('Search').fill(title);
  const row = page.getByTestId('deal-rows').locator('tr');
  await assert.doesNotReject(row.first().waitFor());
  assert.equal(await row.count(), 1, `exactly one row matches ${title}`);
  return row.first();
}

test('sample data, add a deal, advance it to won, reload: it is still there and the KPIs moved', async () => {
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(app.url);

  await page.getByRole('heading', { name: 'Your pipeline is empty' }).waitFor();
  assert.equal(await kpi(page, 'open-deals'), '0');
  assert.equal(await kpi(page, 'visitor-lead'), 'n/a');

  await page.getByTestId('load-sample').click();
  await page.locator('[data-kpi=visitor-lead] .sub').getByText(/^320 leads/).waitFor();
  assert.equal(await page.getByRole('heading', { name: 'Your pipeline is empty' }).count(), 0);
  const openBefore = Number((await kpi(page, 'open-deals')).replace(/,/g, ''));
  const cycleSubBefore = await page.locator('[data-kpi=cycle] .sub').textContent();
  const wonBefore = Number(cycleSubBefore.match(/· ([\d,]+) won/)[1].replace(/,/g, ''));
  assert.ok(openBefore > 10, `sample has open deals: ${openBefore}`);
  assert.match(await kpi(page, 'visitor-lead'), /^\d+\.\d%$/);
  assert.match(await kpi(page, 'step-lead-mql'), /^\d+\.\d%$/);
  assert.match(await kpi(page, 'pipeline-value'), /^[\d,]+(\.\d+)? USD$/);
  await page.screenshot({ path: join(ARTIFACTS, 'sample-dashboard.png'), fullPage: false });

  // Add a deal in the Deals section; it starts as a lead.
  await page.getByTestId('nav-deals').click();
  await page.getByText('Showing 50 of 320').waitFor();
  const form = page.getByTestId('deal-form');
  await form.getByLabel('Title').fill('E2E telesales deal');
  await form.getByLabel('Company').fill('Playwright Ltd');
  await form.getByLabel('Source').fill('Telesales');
  await form.getByLabel('Owner').fill('Sara Ahmadi');
  await form.getByLabel('Value').fill('7,500');
  await page.getByTestId('deal-save').click();
  await page.getByTestId('notice').getByText('Deal added.').waitFor();
  await page.getByTestId('nav-dashboard').click();
  assert.equal(await kpi(page, 'open-deals'), (openBefore + 1).toLocaleString('en-US'));
  await page.getByTestId('nav-deals').click();

  let row = await searchRow(page, 'E2E telesales deal');
  assert.equal(await row.getByTestId('stage').textContent(), 'Lead');
  for (const stage of ['MQL', 'SQL', 'Customer']) {
    await row.getByTestId('advance').click();
    row = await searchRow(page, 'E2E telesales deal');
    assert.equal(await row.getByTestId('stage').textContent(), stage);
  }
  await page.getByTestId('nav-dashboard').click();
  assert.equal(await kpi(page, 'open-deals'), openBefore.toLocaleString('en-US'));
  const cycleSubAfter = await page.locator('[data-kpi=cycle] .sub').textContent();
  assert.match(cycleSubAfter, new RegExp(`· ${(wonBefore + 1).toLocaleString('en-US')} won`));
  // The headline cards and the calls-and-follow-ups cards.
  const kpisAfter = await page.locator('.cards').allTextContents();
  assert.equal(kpisAfter.length, 2);

  await page.reload();
  await page.getByTestId('activity-cards').waitFor();
  assert.deepEqual(await page.locator('.cards').allTextContents(), kpisAfter, 'KPIs identical after reload');
  await page.getByTestId('nav-deals').click();
  row = await searchRow(page, 'E2E telesales deal');
  assert.equal(await row.getByTestId('stage').textContent(), 'Customer');
  assert.match(await row.textContent(), /7,500 USD/);
  assert.equal(await page.getByTestId('save-status').textContent(), 'Saved in this browser');

  await page.getByLabel('Search').fill('');
  await page.screenshot({ path: join(ARTIFACTS, 'dashboard.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});

test('visitor counts feed visitor → lead; moves refuse bad dates; Persian is right-to-left', async () => {
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(app.url + '#deals');

  const form = page.getByTestId('deal-form');
  for (const title of ['Lead one', 'Lead two']) {
    await form.getByLabel('Title').fill(title);
    await form.getByLabel('Source').fill('Website');
    await page.getByTestId('deal-save').click();
    await page.getByTestId('notice').getByText('Deal added.').waitFor();
  }
  await page.getByTestId('nav-dashboard').click();
  assert.equal(await kpi(page, 'visitor-lead'), 'n/a', 'no visitors yet: n/a, never infinity');

  const traffic = page.getByTestId('traffic-form');
  await traffic.getByLabel('Visitors').fill('-3');
  await page.getByTestId('save-traffic').click();
  await page.getByText('The value cannot be negative.').waitFor();
  await traffic.getByLabel('Visitors').fill('400');
  await page.getByTestId('save-traffic').click();
  await page.getByTestId('notice').getByText('Visitors saved.').waitFor();
  // Both leads were first contacted today, inside this month's 400 visitors.
  assert.equal(await kpi(page, 'visitor-lead'), '0.5%');

  // A stage move dated before the first contact is refused with a message, and nothing changes.
  await page.getByTestId('nav-deals').click();
  await page.getByTestId('move-date').fill('2020-01-01');
  const row = await searchRow(page, 'Lead one');
  await row.getByTestId('advance').click();
  await row.getByRole('alert').getByText(/before the first contact/).waitFor();
  assert.equal(await row.getByTestId('stage').textContent(), 'Lead');

  await page.getByTestId('language').selectOption('fa');
  await page.locator('html[dir=rtl][lang=fa]').waitFor();
  await page.getByLabel('جستجو').fill('');
  await page.getByTestId('nav-dashboard').click();
  await page.getByRole('heading', { name: 'شاخص‌های کلیدی عملکرد' }).waitFor();
  assert.equal(await kpi(page, 'visitor-lead'), '۰٫۵٪');
  await page.screenshot({ path: join(ARTIFACTS, 'persian.png'), fullPage: true });
  await page.reload();
  await page.locator('html[dir=rtl][lang=fa]').waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

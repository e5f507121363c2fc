// The telesales charts (calls and connect rate, speed to lead, conversion by call attempts):
// painted, their tables adding up to the stored calls counted here in plain JavaScript, exact
// numbers by keyboard, PNG, Persian right to left; an outcome edited in Settings moving the
// connect rate; the capacity figure; the Today lists on a 375 px phone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { useApp, withSample, readStored, editStored, ARTIFACTS } from './harness.mjs';

const app = useApp();

/** The local calendar day as YYYY-MM-DD. */
function localDay() {
  const d = new Date();
  const pad = (x) => String(x).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Dark pixels on a chart's canvas. */
const ink = (page, name) =>
  page.evaluate((n) => {
    const c = document.querySelector(`[data-testid=chart-${n}] canvas`);
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let dark = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && (d[i] < 200 || d[i + 1] < 200 || d[i + 2] < 200)) dark++;
    return dark;
  }, name);

/** A table's header texts and body cell texts. */
const tableOf = (page, testid) =>
  page.evaluate((id) => {
    const t = document.querySelector(`[data-testid=${id}]`);
    const head = [...t.querySelectorAll('thead th')].map((c) => c.textContent.trim());
    const rows = [...t.querySelectorAll('tbody tr')].map((r) => [...r.querySelectorAll('td,th')].map((c) => c.textContent.trim()));
    return { head, rows };
  }, testid);

const num = (text) => Number(text.replace(/,/g, ''));
const sumCol = (rows, i) => rows.reduce((s, r) => s + num(r[i]), 0);

/** Calls and connected calls of the stored data up to today (all time), counted here. */
async function storedCalls(page) {
  const ds = await readStored(page);
  const today = localDay();
  const connected = new Set(ds.call_outcomes.filter((o) => o.connected).map((o) => o.id));
  const calls = ds.activities.filter((a) => a.kind === 'call' && a.at.date <= today);
  return { ds, calls: calls.length, reached: calls.filter((a) => connected.has(a.outcome)).length };
}

test('telesales charts: painted, tables match the stored calls, keyboard, PNG, Persian', async () => {
  const { context, page, errors } = await withSample(app, { width: 1280, height: 1000 });
  await page.waitForFunction((key) => localStorage.getItem(key)?.includes('"activity_parts"'), 'kariz.dataset');
  const { calls, reached } = await storedCalls(page);
  assert.ok(calls > 100, `${calls} sample calls`);
  await page.getByTestId('activity').scrollIntoViewIfNeeded();
  for (const name of ['calls', 'speed', 'attempts']) {
    await page.waitForFunction((n) => document.querySelector(`[data-testid=chart-${n}] canvas`)?.width > 0, name);
    const dark = await ink(page, name);
    assert.ok(dark > 2000, `${name} painted (${dark} dark pixels)`);
  }

  // Calls: the table's Calls and Connected columns add up to the stored calls (all time).
  await page.getByTestId('chart-calls').getByText('Show as table').click();
  const c = await tableOf(page, 'table-calls');
  const callsAt = c.head.indexOf('Calls');
  assert.ok(callsAt > 1, `columns ${c.head}`);
  assert.equal(c.head[callsAt + 1], 'Connected');
  assert.equal(sumCol(c.rows, callsAt), calls);
  assert.equal(sumCol(c.rows, callsAt + 1), reached);
  // The tile's sub line says the same totals.
  const sub = await page.getByTestId('activity-cards').locator('.sub').first().textContent();
  assert.equal(sub.trim(), `${calls.toLocaleString('en-US')} calls, ${reached.toLocaleString('en-US')} connected`);

  // Speed to lead: six bins; the last is the tile's "not called yet".
  await page.getByTestId('chart-speed').getByText('Show as table').click();
  const s = await tableOf(page, 'table-speed');
  assert.deepEqual(s.rows.map((r) => r[0]), ['≤ 5 min', '≤ 1 hour', '≤ 1 day', '≤ 1 week', 'Later', 'Not contacted yet']);
  const speedSub = await page.getByTestId('activity-cards').locator('.card').nth(3).locator('.sub').textContent();
  assert.match(speedSub, new RegExp(`· ${s.rows[5][1]} not called yet$`));

  // Conversion by attempts: the chart's table is the section's table, row for row.
  await page.getByTestId('chart-attempts').getByText('Show as table').click();
  const a = await tableOf(page, 'table-attempts');
  const plain = await tableOf(page, 'activity-attempts');
  assert.deepEqual(a.rows, plain.rows);
  assert.equal(a.rows.length, 6);

  // Keyboard: the first segment's exact numbers.
  await page.getByTestId('chart-calls').locator('canvas').focus();
  await page.keyboard.press('ArrowRight');
  await page.getByTestId('tip-calls').getByText(/: [\d,]+ calls · all reps: [\d,]+ calls, ([\d.]+%|n\/a) connected$/).waitFor();

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('png-attempts').click()]);
  assert.equal(download.suggestedFilename(), 'kariz-attempts.png');
  await page.getByTestId('activity').screenshot({ path: join(ARTIFACTS, 'activity-charts.png') });

  // Persian: right to left, Persian digits in the tables.
  await page.getByTestId('language').selectOption('fa');
  await page.waitForFunction(() => document.querySelector('[data-testid=chart-calls] canvas')?.getAttribute('aria-label')?.startsWith('تماس'));
  const fa = await tableOf(page, 'table-calls');
  assert.ok(fa.rows.flat().every((t) => !/[0-9]/.test(t)), 'Persian digits only');
  await page.waitForTimeout(100);
  await page.getByTestId('activity').screenshot({ path: join(ARTIFACTS, 'activity-charts-fa.png') });
  await page.setViewportSize({ width: 375, height: 740 });
  await page.waitForTimeout(200);
  await page.getByTestId('chart-calls').screenshot({ path: join(ARTIFACTS, 'activity-calls-fa-phone.png') });
  assert.deepEqual(errors, []);
  await context.close();
});

test('settings: an outcome marked connected moves the connect rate; add and remove; the capacity figure', async () => {
  const { context, page, errors } = await withSample(app);
  await page.waitForFunction((key) => localStorage.getItem(key)?.includes('"activity_parts"'), 'kariz.dataset');
  const { ds, calls, reached } = await storedCalls(page);
  const today = localDay();
  const voicemail = ds.activities.filter((x) => x.kind === 'call' && x.at.date <= today && x.outcome === 'voicemail').length;
  assert.ok(voicemail > 0, 'the sample has voicemail calls');
  const rate = (n) => `${((n / calls) * 100).toFixed(1)}%`;
  await page.getByTestId('kpi-connect-rate').getByText(rate(reached), { exact: true }).waitFor();

  await page.getByTestId('nav-settings').click();
  const outcomes = page.getByTestId('outcomes');
  await outcomes.getByTestId('outcome-voicemail').getByTestId('outcome-connected').check();
  // Removing an outcome calls have is refused with the count.
  await outcomes.getByTestId('outcome-busy').getByRole('button', { name: 'Remove' }).click();
  await outcomes.getByTestId('outcome-busy').getByRole('alert').getByText(/\d/).waitFor();
  // A new one, then removed (no call has it).
  await outcomes.getByLabel('New name').fill('Call back later');
  await outcomes.getByRole('button', { name: 'Add' }).click();
  const added = outcomes.getByTestId('outcome-call-back-later');
  await added.waitFor();
  await added.getByRole('button', { name: 'Remove' }).click();
  await added.waitFor({ state: 'detached' });
  await page.screenshot({ path: join(ARTIFACTS, 'settings-outcomes.png'), fullPage: false });
  await page.getByTestId('team-capacity').getByText(/125,000 calls\) with 10,000 deals needs about [\d,]+ characters/).waitFor();

  await page.getByTestId('nav-dashboard').click();
  await page.getByTestId('kpi-connect-rate').getByText(rate(reached + voicemail), { exact: true }).waitFor();
  const after = await readStored(page);
  assert.equal(after.call_outcomes.find((o) => o.id === 'voicemail').connected, true);
  assert.ok(!after.call_outcomes.some((o) => o.id === 'call-back-later'));
  assert.deepEqual(errors, []);
  await context.close();
});

test('today: no sideways scrolling on a 375 px phone, in English and Persian', async () => {
  const { context, page, errors } = await withSample(app, { width: 375, height: 740 });
  // An overdue and a due-today step with long texts: the lists with the step columns too.
  await editStored(page, (ds) => {
    const day = (n) => {
      const d = new Date();
      d.setDate(d.getDate() + n);
      const pad = (x) => String(x).padStart(2, '0');
      return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
    };
    ds.next_steps.push(
      { id: 'step-late', deal: ds.deals[0].id, due: day(-3), text: 'Send the contract and call back about the price list', done: false, updated_at: Date.now() },
      { id: 'step-today', deal: ds.deals[1].id, due: day(0), text: 'Demo of the call-centre plan with the whole sales team', done: false, updated_at: Date.now() },
    );
  });
  await page.reload();
  await page.getByTestId('nav-today').click();
  await page.getByTestId('today-overdue').getByTestId('today-row').first().waitFor();
  for (const lang of ['en', 'fa']) {
    await page.getByTestId('language').selectOption(lang);
    await page.waitForTimeout(150);
    const wide = await page.evaluate(() => ({
      page: document.scrollingElement.scrollWidth,
      lists: [...document.querySelectorAll('.work-list')].map((l) => {
        const box = l.querySelector('.table-wrap') ?? l;
        return Math.max(0, box.scrollWidth - box.clientWidth);
      }),
    }));
    assert.ok(wide.page <= 375, `${lang}: page ${wide.page} px wide`);
    assert.deepEqual(wide.lists, wide.lists.map(() => 0), `${lang}: lists overflow by ${wide.lists}`);
    await page.screenshot({ path: join(ARTIFACTS, `today-375-${lang}.png`), fullPage: true });
    await page.getByTestId('today-overdue').screenshot({ path: join(ARTIFACTS, `today-375-overdue-${lang}.png`) });
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('deal list: a phone typed in another form finds the deal; phone column; panel links', async () => {
  const { context, page, errors } = await withSample(app);
  const ds = await readStored(page);
  const deal = ds.deals.find((d) => d.phone?.startsWith('0912'));
  assert.ok(deal, 'sample deals have mobile numbers');
  // 0912xxxxxxx written as +98 912 xxx xxxx, in Persian digits.
  const d = deal.phone.slice(1);
  const typed = `+۹۸ ${d.slice(0, 3)} ${d.slice(3, 6)} ${d.slice(6)}`.replace(/[0-9]/g, (x) => '۰۱۲۳۴۵۶۷۸۹'[x]);
  await page.getByTestId('nav-deals').click();
  await page.getByTestId('search').fill(typed);
  const rows = page.getByTestId('deal-rows').locator('tr');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=deal-rows] tr').length === 1);
  assert.equal(await rows.first().getAttribute('data-deal'), deal.id);
  await page.getByTestId('show-phone').check();
  assert.equal((await rows.first().getByTestId('phone').textContent()).trim(), deal.phone);
  await page.screenshot({ path: join(ARTIFACTS, 'deals-phone-search.png') });
  await rows.first().getByTestId('open-deal').click();
  const link = page.getByTestId('deal-phone');
  await link.waitFor();
  assert.equal(await link.getAttribute('href'), `tel:+98${deal.phone.slice(1)}`);
  assert.deepEqual(errors, []);
  await context.close();
});

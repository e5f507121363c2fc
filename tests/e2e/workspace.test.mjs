// The pipeline workspace: board moves by mouse and keyboard, lost with a reason, history edits,
// bulk changes, goals on the dashboard, renaming a stage, accessibility and phone width.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { useApp, watchErrors, withSample, kpi, editStored, ARTIFACTS } from './harness.mjs';

const app = useApp();
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** A fresh page with the sample loaded, opened on `section`. */
const sample = (viewport) => withSample(app, viewport);

const column = (page, stage) => page.locator(`[data-stage=${stage}]`);
const count = async (page, stage) => Number((await column(page, stage).getByTestId('column-count').textContent()).replace(/,/g, ''));

/** Drags `card` with real mouse events onto the middle of `target`; `release` false keeps the button down. */
async function drag(page, card, target, release = true) {
  const from = await card.boundingBox();
  const to = await target.boundingBox();
  await page.mouse.move(from.x + from.width / 2, from.y + 12);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 10, from.y + 20, { steps: 3 });
  await page.mouse.move(to.x + to.width / 2, to.y + Math.min(60, to.height / 2), { steps: 12 });
  if (release) await page.mouse.up();
}

/** Serious or critical axe-core violations on the page as it is now. */
async function axe(page) {
  // Evaluated through the DevTools protocol: the page's CSP (no inline script) stays in force.
  await page.evaluate(await readFile(AXE, 'utf8'));
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}

test('board: drag a card with the mouse, move one with the keyboard, drop on Lost asks the reason', async () => {
  const { context, page, errors } = await sample();
  await page.getByTestId('nav-board').click();
  await column(page, 'lead').locator('.deal-card').first().waitFor();
  const [lead0, mql0, sql0] = [await count(page, 'lead'), await count(page, 'mql'), await count(page, 'sql')];

  // Mouse: the first lead card onto MQL.
  const card = column(page, 'lead').locator('.deal-card').first();
  const id = await card.getAttribute('data-deal');
  const title = (await card.locator('.card-title').textContent()).trim();
  await drag(page, card, column(page, 'mql'));
  await column(page, 'mql').locator(`[data-deal="${id}"]`).waitFor();
  await page.getByTestId('notice').getByText(`${title} moved to MQL.`).waitFor();
  assert.equal(await count(page, 'lead'), lead0 - 1);
  assert.equal(await count(page, 'mql'), mql0 + 1);

  // Keyboard: Tab to a card's Move button, Enter, type the stage, Tab to the date, Enter.
  const second = column(page, 'lead').locator('.deal-card').first();
  const secondId = await second.getAttribute('data-deal');
  await second.locator('.card-title').focus();
  await page.keyboard.press('Tab');
  assert.match(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), /^Move “/);
  await page.keyboard.press('Enter');
  const dialog = page.getByTestId('move-dialog');
  await dialog.waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'move-stage', 'focus starts in the dialog');
  await page.keyboard.type('SQL');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await column(page, 'sql').locator(`[data-deal="${secondId}"]`).waitFor();
  assert.equal(await dialog.isVisible(), false);
  await page.waitForFunction((id) => document.activeElement?.closest('[data-deal]')?.dataset.deal === id, secondId);
  assert.equal(await count(page, 'sql'), sql0 + 1);

  // Drop on the collapsed Lost column: the dialog asks for the reason first.
  const lost0 = await count(page, 'lost');
  const doomed = column(page, 'sql').locator('.deal-card').first();
  const doomedId = await doomed.getAttribute('data-deal');
  const doomedTitle = (await doomed.locator('.card-title').textContent()).trim();
  await drag(page, doomed, column(page, 'lost'));
  await dialog.waitFor();
  await dialog.getByTestId('confirm-move').click();
  await dialog.getByRole('alert').getByText('Choose a lost reason.').waitFor();
  assert.equal(await count(page, 'lost'), lost0, 'nothing moved without a reason');
  await dialog.getByLabel('Lost reason').selectOption('Competitor');
  await dialog.getByLabel('Note (optional)').fill('Went with a cheaper vendor');
  await dialog.getByTestId('confirm-move').click();
  await page.getByTestId('notice').getByText(`${doomedTitle} moved to Lost.`).waitFor();
  assert.equal(await count(page, 'lost'), lost0 + 1);
  assert.equal(await column(page, 'sql').locator(`[data-deal="${doomedId}"]`).count(), 0);

  await page.screenshot({ path: join(ARTIFACTS, 'board.png') });
  await page.getByTestId('nav-deals').click();
  await page.getByLabel('Search').fill(doomedTitle);
  const row = page.locator(`tr[data-deal="${doomedId}"]`);
  assert.equal(await row.getByTestId('stage').textContent(), 'Lost');
  assert.match(await row.textContent(), /Competitor/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('deal panel: history edits are checked event by event, then saved', async () => {
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(app.url + '#deals');
  const form = page.getByTestId('deal-form');
  await form.getByLabel('Title').fill('History deal');
  await form.getByLabel('First contact').fill('2025-01-10');
  await page.getByTestId('deal-save').click();
  await page.getByTestId('notice').getByText('Deal added.').waitFor();

  await page.getByTestId('open-deal').first().click();
  const panel = page.getByTestId('deal-detail');
  await panel.waitFor();
  const events = panel.getByTestId('history-event');
  assert.equal(await events.count(), 1);

  await panel.getByTestId('add-event').click();
  assert.equal(await events.count(), 2);
  await panel.getByTestId('save-history').click();
  await events.nth(1).getByText('The same stage twice in a row.').waitFor();
  await panel.getByLabel('Stage of event 2').selectOption('mql');
  await panel.getByLabel('Date of event 2').fill('2025-01-05');
  await panel.getByTestId('save-history').click();
  await events.nth(1).getByText(/before the first contact/).waitFor();
  await panel.getByLabel('Date of event 2').fill('2025-02-01');
  await panel.getByTestId('add-event').click();
  await panel.getByLabel('Stage of event 3').selectOption('sql');
  await panel.getByLabel('Date of event 3').fill('2025-03-01');
  await panel.getByTestId('save-history').click();
  await page.getByTestId('notice').getByText('Stage history saved.').waitFor();
  assert.equal(await page.locator('tr', { hasText: 'History deal' }).getByTestId('stage').textContent(), 'SQL');

  // A mistake is removed again: the deal goes back to MQL.
  await panel.getByRole('button', { name: 'Remove event 3' }).click();
  await panel.getByTestId('save-history').click();
  await page.getByTestId('notice').getByText('Stage history saved.').waitFor();
  assert.equal(await page.locator('tr', { hasText: 'History deal' }).getByTestId('stage').textContent(), 'MQL');
  await panel.screenshot({ path: join(ARTIFACTS, 'deal-panel.png') });
  assert.deepEqual(await axe(page), [], 'deal panel has no serious accessibility violations');

  await page.keyboard.press('Escape');
  await panel.waitFor({ state: 'hidden' });
  await page.reload();
  await page.locator('tr', { hasText: 'History deal' }).getByTestId('stage').getByText('MQL').waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test('list: sort, bulk owner change, bulk delete with undo', async () => {
  const { context, page, errors } = await sample();
  await page.getByTestId('nav-deals').click();
  await page.getByTestId('sort-value').click();
  await page.getByTestId('sort-value').click();
  const values = await page.locator('tbody[data-testid=deal-rows] tr td:nth-of-type(4)').allTextContents();
  const numbers = values.slice(0, 10).map((v) => Number(v.replace(/[^\d.]/g, '')));
  assert.deepEqual(numbers, [...numbers].sort((a, b) => b - a), 'largest value first');
  assert.equal(await page.locator('th[aria-sort=descending]').count(), 1);

  await page.getByLabel('Search').fill('Acme');
  const rows = page.getByTestId('deal-rows').locator('tr');
  await rows.first().waitFor();
  const n = await rows.count();
  assert.ok(n >= 2, `several Acme deals: ${n}`);
  await page.getByTestId('select-all').check();
  await page.getByTestId('bulk').getByText(`${n} selected`).waitFor();
  await page.getByRole('button', { name: 'Change owner' }).click();
  await page.getByTestId('bulk-owner').fill('Nima');
  await page.getByTestId('bulk-apply').click();
  await page.getByTestId('notice').getByText(`Owner changed on ${n} deals.`).waitFor();
  assert.deepEqual(await rows.getByTestId('owner').allTextContents(), Array(n).fill('Nima'));

  await page.getByTestId('bulk-delete').click();
  await page.getByTestId('notice').getByText(`${n} deals deleted.`).waitFor();
  await page.getByText('No deals match.').waitFor();
  await page.getByTestId('notice').getByRole('button', { name: 'Undo' }).click();
  await rows.nth(n - 1).waitFor();
  assert.equal(await rows.count(), n);
  await page.screenshot({ path: join(ARTIFACTS, 'deals-list.png') });
  assert.deepEqual(errors, []);
  await context.close();
});

test('goals show on the dashboard; renaming a stage keeps history and KPIs', async () => {
  const { context, page, errors } = await sample();
  await page.getByTestId('period').selectOption('this-month');
  const stepBefore = await kpi(page, 'step-lead-mql');

  await page.getByTestId('nav-goals').click();
  await page.getByLabel('Revenue target (USD)').fill('50,000');
  await page.getByTestId('save-goal').click();
  await page.getByTestId('notice').getByText('Goal saved.').waitFor();
  await page.getByTestId('goal-table').getByText('50,000 USD').waitFor();

  await page.getByTestId('nav-dashboard').click();
  await page.getByTestId('period').selectOption('this-month');
  await page.locator('[data-kpi=attainment] .sub').getByText(/ of 50,000 USD$/).waitFor();
  const leaders = page.getByTestId('leaderboard-table').locator('tbody tr');
  assert.ok((await leaders.count()) >= 4, 'a row per rep');
  assert.equal(await kpi(page, 'step-lead-mql'), stepBefore);

  await page.getByTestId('nav-settings').click();
  await page.locator('[data-stage-row=mql]').getByTestId('stage-name').fill('Marketing-qualified');
  await page.keyboard.press('Tab');
  await page.getByTestId('notice').getByText('Settings saved.').waitFor();
  assert.deepEqual(await axe(page), [], 'settings have no serious accessibility violations');
  await page.screenshot({ path: join(ARTIFACTS, 'settings.png'), fullPage: true });

  // Removing a stage in use is refused with the number of deals.
  await page.locator('[data-stage-row=mql]').getByRole('button', { name: 'Remove' }).click();
  await page.locator('[data-stage-row=mql]').getByRole('alert').getByText(/records use it/).waitFor();

  await page.getByTestId('nav-dashboard').click();
  await page.getByTestId('period').selectOption('this-month');
  assert.equal(await kpi(page, 'step-lead-mql'), stepBefore, 'same KPI after the rename');
  assert.match(await page.locator('[data-kpi=step-lead-mql] h3').textContent(), /Marketing-qualified/);
  await page.getByTestId('nav-board').click();
  await page.getByRole('heading', { name: /^Marketing-qualified/ }).waitFor();
  await column(page, 'mql').locator('.card-title').first().click();
  const panel = page.getByTestId('deal-detail');
  const stages = await panel.locator('[data-testid=history-event] select').evaluateAll((s) => s.map((x) => x.selectedOptions[0].textContent));
  assert.ok(stages.includes('Marketing-qualified'), `history names the renamed stage: ${stages}`);
  // Clearing everything asks first and can be undone.
  await page.keyboard.press('Escape');
  await panel.waitFor({ state: 'hidden' });
  await page.getByTestId('nav-settings').click();
  page.once('dialog', (d) => d.accept());
  await page.getByTestId('clear-data').click();
  await page.getByTestId('notice').getByText('All data cleared.').waitFor();
  await page.getByTestId('nav-deals').click();
  await page.getByText('No deals match.').waitFor();
  await page.getByTestId('notice').getByRole('button', { name: 'Undo' }).click();
  await page.getByText('Showing 50 of 320').waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test('accessibility: no serious or critical axe violations on dashboard and board; phone width fits', async () => {
  const { context, page, errors } = await sample();
  assert.deepEqual(await axe(page), [], 'dashboard');
  await page.getByTestId('nav-board').click();
  await column(page, 'lead').locator('.deal-card').first().waitFor();
  assert.deepEqual(await axe(page), [], 'board');
  await page.getByTestId('nav-deals').click();
  await page.getByTestId('deal-rows').locator('tr').first().waitFor();
  assert.deepEqual(await axe(page), [], 'deal list');
  await context.close();

  const phone = await sample({ width: 360, height: 780 });
  for (const section of ['dashboard', 'board', 'deals', 'goals', 'settings']) {
    await phone.page.getByTestId(`nav-${section}`).click();
    await phone.page.waitForTimeout(50);
    const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${section} fits 360 px (overflow ${overflow}px)`);
  }
  await phone.page.getByTestId('nav-board').click();
  await phone.page.screenshot({ path: join(ARTIFACTS, 'board-phone.png') });
  assert.deepEqual(phone.errors, []);
  assert.deepEqual(errors, []);
  await phone.context.close();
});

test('touch drags from the grip; the board is right-to-left in Persian', async () => {
  const { context, page, errors } = await sample();
  await page.getByTestId('nav-board').click();
  const card = column(page, 'sql').locator('.deal-card').first();
  const id = await card.getAttribute('data-deal');
  const grip = (await card.locator('.grip').boundingBox());
  const target = await column(page, 'mql').boundingBox();
  // Chromium's touch input reaches the app as pointer events of type "touch".
  await page.evaluate(({ g, t }) => {
    const at = (type, x, y, el) => el.dispatchEvent(new PointerEvent(type, { bubbles: true, pointerType: 'touch', isPrimary: true, button: 0, clientX: x, clientY: y }));
    const gripEl = document.elementFromPoint(g.x, g.y);
    at('pointerdown', g.x, g.y, gripEl);
    for (let i = 1; i <= 10; i++) at('pointermove', g.x + ((t.x - g.x) * i) / 10, g.y + ((t.y - g.y) * i) / 10, window);
    at('pointerup', t.x, t.y, window);
  }, { g: { x: grip.x + grip.width / 2, y: grip.y + grip.height / 2 }, t: { x: target.x + target.width / 2, y: target.y + 60 } });
  await column(page, 'mql').locator(`[data-deal="${id}"]`).waitFor();

  await page.getByTestId('language').selectOption('fa');
  await page.locator('html[dir=rtl]').waitFor();
  await page.getByRole('heading', { name: 'بورد کاریز' }).waitFor();
  const [lead, mql] = [await column(page, 'lead').boundingBox(), await column(page, 'mql').boundingBox()];
  assert.ok(lead.x > mql.x, 'the first stage is on the right in Persian');
  await page.screenshot({ path: join(ARTIFACTS, 'board-fa.png') });
  assert.deepEqual(errors, []);
  await context.close();
});

test('10,240 deals: the board and the list stay usable (timings written to artifacts)', async () => {
  const { context, page, errors } = await sample();
  // Thirty-two copies of the sample with fresh ids: a big team's multi-year history.
  await editStored(page, (ds) => {
    const base = ds.deals;
    ds.deals = [];
    // Without the call history and arrival times: the readable form this writes must fit the
    // browser's quota before the app stores it compactly (the board and list are about deals).
    ds.activities = [];
    // Each copy is a few days older, so the cards entered today are one copy's, not 32 copies'
    // (a column lists its newest arrivals first, a page at a time).
    const shift = (iso, days) => (iso ? new Date(Date.parse(`${iso}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10) : iso);
    for (let k = 0; k < 32; k++) {
      for (const d of base) {
        const events = d.events.map((e) => ({ ...e, date: shift(e.date, 3 * k) }));
        const dates = { first_contact: shift(d.first_contact, 3 * k), expected_close: shift(d.expected_close, 3 * k) };
        ds.deals.push({ ...d, ...dates, events, id: `${d.id}-${k}`, title: `${d.title} #${k}`, arrived: undefined });
      }
    }
  });
  await page.reload();
  const timings = {};
  const time = async (name, action, ready) => {
    const start = await page.evaluate(() => performance.now());
    await action();
    await ready();
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r())));
    timings[name] = Math.round((await page.evaluate(() => performance.now())) - start);
  };
  await time('open board', () => page.getByTestId('nav-board').click(), () => column(page, 'lead').locator('.deal-card').nth(29).waitFor());
  assert.equal(await column(page, 'lead').locator('.deal-card').count(), 30, 'a column renders a page of cards, not thousands');
  const card = column(page, 'lead').locator('.deal-card').first();
  const id = await card.getAttribute('data-deal');
  await drag(page, card, column(page, 'mql'), false);
  // Measured inside the page: from the pointer release to the first frame showing the card in
  // its new column (the save runs after that frame).
  await page.evaluate((dealId) => {
    window.addEventListener('pointerup', () => { window.__up = performance.now(); }, { capture: true, once: true });
    new MutationObserver((_, observer) => {
      if (document.querySelector(`[data-stage=mql] [data-deal="${dealId}"]`)) {
        observer.disconnect();
        requestAnimationFrame(() => { window.__painted = performance.now(); });
      }
    }).observe(document.body, { childList: true, subtree: true });
  }, id);
  await time('drop a card (move, redraw and save)', () => page.mouse.up(), () => column(page, 'mql').locator(`[data-deal="${id}"]`).waitFor());
  timings['drop a card: first frame'] = Math.round(await page.evaluate(() => window.__painted - window.__up));
  await time('open list', () => page.getByTestId('nav-deals').click(), () => page.getByText(/^Showing 50 of 10,240/).waitFor());
  await time('sort by value', () => page.getByTestId('sort-value').click(), () => page.locator('th[aria-sort=ascending]').waitFor());
  const wanted = (await page.getByTestId('open-deal').first().textContent()).trim();
  await time('search', () => page.getByLabel('Search').fill(wanted), () => page.getByText(/^Showing ([\d,]+) of \1\b/).waitFor());
  await writeFile(join(ARTIFACTS, 'workspace-timings.json'), JSON.stringify(timings, null, 2));
  console.log('workspace timings (ms, 10,240 deals):', JSON.stringify(timings));
  assert.deepEqual(errors, []);
  await context.close();
});

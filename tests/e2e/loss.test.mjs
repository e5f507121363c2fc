// Finding the blocks: why deals are lost (with the deals behind a reason one click away) and the
// step-by-step comparison that names a rep's block, checked against the stored data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { useApp, withSample, readStored, ARTIFACTS } from './harness.mjs';

const app = useApp();

const dayNumber = (iso) => Math.round(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);
const isoDay = (n) => new Date(n * 86_400_000).toISOString().slice(0, 10);

/** The losses of [from, to] by the glossary's words, from the stored data alone. */
function lossesOf(ds, from, to) {
  const kind = new Map(ds.stages.map((s) => [s.id, s.kind]));
  const losses = [];
  for (const deal of ds.deals) {
    const seen = deal.events.filter((e) => e.date <= to);
    const last = seen.at(-1);
    if (!last || kind.get(last.stage) !== 'lost' || last.date < from) continue;
    const own = deal.events.at(-1) === last;
    const kept = (ds.past_losses ?? []).find((p) => p.deal === deal.id && p.date === last.date);
    const reason = ((own ? deal.lost_reason : kept?.reason) ?? '').trim() || null;
    const note = own ? deal.lost_note : kept?.note ?? '';
    losses.push({ id: deal.id, title: deal.title, date: last.date, reason, note });
  }
  // Newest first, then by id, as the drill-down lists them.
  losses.sort((a, b) => (a.date === b.date ? (a.id < b.id ? -1 : 1) : a.date < b.date ? 1 : -1));
  return losses;
}

test('a sales leader sees why deals were lost, opens the deals behind a reason, and finds the rep whose step leaks', async () => {
  const { context, page, errors } = await withSample(app, { width: 1280, height: 1000 });
  const today = await page.evaluate(() => {
    const d = new Date();
    return Math.round(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()) / 86_400_000);
  });
  // A range that ends yesterday: every figure is as of its last day.
  const [from, to] = [isoDay(today - 180), isoDay(today - 1)];
  await page.getByTestId('period').selectOption('custom');
  await page.getByTestId('period-from').fill(from);
  await page.getByTestId('period-to').fill(to);

  const ds = await readStored(page);
  const losses = lossesOf(ds, from, to);
  assert.ok(losses.length > 20, `the sample lost ${losses.length} deals in the range`);
  const byReason = new Map();
  for (const l of losses) byReason.set(l.reason, (byReason.get(l.reason) ?? 0) + 1);

  const section = page.getByTestId('loss');
  await section.getByTestId('loss-summary').getByText(new RegExp(`^${losses.length} deals lost in the period`)).waitFor();
  const rows = section.getByTestId('loss-reasons').locator('tbody tr');
  assert.equal(await rows.count(), byReason.size);
  const shown = new Map();
  for (let i = 0; i < byReason.size; i++) {
    const reason = (await rows.nth(i).locator('th').textContent()).trim();
    shown.set(reason === 'No reason given' ? null : reason, Number(await rows.nth(i).locator('td').first().textContent()));
  }
  assert.deepEqual(shown, byReason);
  const counts = [...shown.values()];
  assert.deepEqual(counts, [...counts].sort((a, b) => b - a), 'most frequent reason first');

  // The top reason's deals, newest first, with the notes the reps wrote.
  const top = [...shown.keys()][0];
  await rows.first().getByTestId('loss-drill').click();
  await section.getByTestId('loss-drill-title').getByText(`Recent losses: ${top}`).waitFor();
  const expected = losses.filter((l) => l.reason === top).slice(0, 20);
  const listed = section.getByTestId('loss-deals').locator('tbody tr');
  assert.equal(await listed.count(), expected.length);
  for (let i = 0; i < expected.length; i++) {
    assert.equal((await listed.nth(i).locator('th').textContent()).trim(), expected[i].title);
    assert.equal((await listed.nth(i).locator('td.note').textContent()).trim(), expected[i].note);
  }
  assert.ok(expected.some((l) => l.note !== ''), 'the sample losses carry notes');
  // A title opens the deal.
  await listed.first().locator('th button').click();
  const panel = page.getByTestId('deal-detail');
  await panel.waitFor();
  assert.equal(await panel.locator('#edit-title').inputValue(), expected[0].title);
  await page.keyboard.press('Escape');
  await panel.waitFor({ state: 'hidden' });

  // The step-by-step comparison names rep 3's MQL → SQL, the block planted in the sample.
  const matrix = section.getByTestId('step-matrix');
  const repName = ds.owners.find((o) => o.id === 'rep-3').name;
  const row = matrix.locator('tbody tr', { has: page.locator('th', { hasText: repName }) });
  await row.getByTestId('matrix-block').getByText('MQL → SQL').waitFor();
  assert.equal(await row.locator('td.cell.below').count(), 1);
  const others = matrix.locator('tbody tr', { hasNot: page.locator('th', { hasText: repName }) });
  for (let i = 0; i < (await others.count()); i++) {
    assert.equal((await others.nth(i).getByTestId('matrix-block').textContent()).trim(), 'none');
  }
  await section.screenshot({ path: join(ARTIFACTS, 'loss-en.png') });

  // The charts have their table alternative and draw something.
  await section.getByTestId('chart-loss-stages').waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test('the loss section reads right to left in Persian', async () => {
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 1000 } });
  const page = await context.newPage();
  await page.goto(app.url);
  await page.getByTestId('load-sample').click();
  await page.getByTestId('language').selectOption('fa');
  const section = page.getByTestId('loss');
  await section.getByRole('heading', { name: 'چرا معامله‌ها از دست می‌روند' }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl');
  const firstCount = await section.getByTestId('loss-reasons').locator('tbody tr td').first().textContent();
  assert.match(firstCount.trim(), /^[۰-۹٬]+$/, 'Persian digits');
  await section.getByTestId('step-matrix').getByTestId('matrix-block').getByText('MQL ← SQL').waitFor();
  await section.screenshot({ path: join(ARTIFACTS, 'loss-fa.png') });
  await context.close();
});

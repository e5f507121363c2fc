// The team's activity kinds (issue #17): a kind added in Settings ("WhatsApp", based on Message)
// is offered by the log dialog, logged with its own name, and filters the activity list apart
// from the built-in messages; the stored activity keeps the built-in behaviour for the KPIs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { useApp, withSample, readStored, ARTIFACTS } from './harness.mjs';

const app = useApp();

/** Polls the stored data until `done` holds of it (saving waits for the next paint). */
async function storedWhen(page, done) {
  for (let i = 0; i < 100; i += 1) {
    const ds = await readStored(page);
    if (ds && done(ds)) return ds;
    await page.waitForTimeout(100);
  }
  return readStored(page);
}

test('kinds: add "WhatsApp" in Settings, log one, filter the activity list by it', async () => {
  const { context, page, errors } = await withSample(app);
  await page.waitForFunction((key) => localStorage.getItem(key)?.includes('"activity_parts"'), 'kariz.dataset');
  const before = await readStored(page);
  const messages = before.activities.filter((a) => a.kind === 'message').length;

  await page.getByTestId('nav-settings').click();
  const kinds = page.getByTestId('kinds');
  await kinds.scrollIntoViewIfNeeded();
  await kinds.getByLabel('New kind').fill('WhatsApp');
  await kinds.getByLabel('Based on').selectOption('message');
  await kinds.getByRole('button', { name: 'Add kind' }).click();
  await kinds.getByTestId('kind-whatsapp').waitFor();
  // A kind some activity has is refused with its count; a built-in cannot go at all.
  await kinds.getByTestId('kind-note').getByLabel('Hidden from the log dialog: Note').check();
  await page.screenshot({ path: join(ARTIFACTS, 'kinds-settings.png') });

  // Log a WhatsApp message on a board card: the dialog offers it (and no longer Note).
  await page.getByTestId('nav-board').click();
  const card = page.locator('[data-stage=lead] .deal-card').first();
  await card.waitFor();
  const id = await card.getAttribute('data-deal');
  await card.locator('.card-title').focus();
  await page.keyboard.press('c');
  const dialog = page.getByTestId('log-dialog');
  const kind = dialog.getByTestId('log-kind');
  await kind.waitFor();
  const offered = await kind.locator('option').allTextContents();
  assert.ok(offered.includes('WhatsApp') && !offered.includes('Note'), offered.join(', '));
  await kind.selectOption('whatsapp');
  // Not call-like: no outcome to choose.
  assert.equal(await dialog.getByTestId('log-outcomes').count(), 0);
  await page.screenshot({ path: join(ARTIFACTS, 'kinds-log-dialog.png') });
  await dialog.getByTestId('log-save').click();
  await page.waitForFunction(() => document.querySelector('[data-testid=log-dialog]')?.open === false);

  const after = await storedWhen(page, (d) => d.activities.length === before.activities.length + 1);
  const mine = after.activities.filter((a) => a.kind_id === 'whatsapp');
  assert.equal(mine.length, 1);
  assert.equal(mine[0].kind, 'message');
  assert.equal(mine[0].deal, id);
  assert.ok(after.activity_kinds.some((k) => k.id === 'whatsapp' && k.base === 'message' && k.name === 'WhatsApp'));

  // The activity list's kind filter lists it, and tells it apart from the built-in messages.
  await page.getByTestId('nav-today').click();
  await page.getByTestId('tab-activities').click();
  const count = page.getByTestId('activities-count');
  const filter = page.getByTestId('filter-kind');
  await filter.selectOption('WhatsApp');
  await count.getByText('1', { exact: true }).waitFor();
  await page.getByTestId('activity-row').first().getByText('WhatsApp').waitFor();
  await page.screenshot({ path: join(ARTIFACTS, 'kinds-filter.png') });
  await filter.selectOption('message');
  await count.getByText(messages.toLocaleString('en-US'), { exact: true }).waitFor();

  // Removing it now is refused with the count of its activities.
  await page.getByTestId('nav-settings').click();
  const row = page.getByTestId('kinds').getByTestId('kind-whatsapp');
  await row.getByRole('button', { name: 'Remove' }).click();
  await row.getByRole('alert').getByText('1 records use it', { exact: false }).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

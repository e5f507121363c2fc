// Data that used to be lost with a second tab open (issue 16): an undo, a replace on import and
// a stage removed in one tab must win in every tab — the other tab must not merge the old data
// back — and a fresh tab must show the same.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useApp, watchErrors, readStored } from './harness.mjs';

const app = useApp();
const KEY = 'kariz.dataset';

/** Two tabs on the sample: A loaded it, B opened afterwards. */
async function twoTabs() {
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const a = await context.newPage();
  const b = await context.newPage();
  const errors = [watchErrors(a), watchErrors(b)];
  await a.goto(app.url);
  await a.getByTestId('load-sample').click();
  await a.waitForFunction((key) => localStorage.getItem(key)?.includes('"deals"'), KEY);
  await b.goto(app.url);
  await b.getByTestId('nav-deals').click();
  await b.getByTestId('deal-rows').locator('tr').first().waitFor();
  return { context, a, b, errors };
}

/** Rows the deal list shows for `search` (waits for the count to settle on `expected`). */
async function rowsFor(page, search, expected) {
  await page.getByTestId('nav-deals').click();
  await page.getByLabel('Search').fill(search);
  const rows = page.getByTestId('deal-rows').locator('tr');
  if (expected === 0) {
    await page.getByText('No deals match.').waitFor({ timeout: 3000 });
    return 0;
  }
  await page.waitForFunction(
    ([n]) => document.querySelectorAll('tbody[data-testid=deal-rows] tr').length === n,
    [expected],
    { timeout: 3000 },
  );
  return rows.count();
}

/** What a brand-new tab of the same browser shows for `search`. */
async function freshTab(context, search, expected) {
  const page = await context.newPage();
  await page.goto(app.url);
  const n = await rowsFor(page, search, expected);
  await page.close();
  return n;
}

const noErrors = (errors) => assert.deepEqual(errors.flat(), []);

test('undo of a bulk delete restores the deals in both tabs and in a fresh one', async () => {
  const { context, a, b, errors } = await twoTabs();
  const acme = (await readStored(a)).deals.filter((d) => d.title.includes('Acme') || d.company.includes('Acme')).length;
  assert.ok(acme >= 10, `the sample has Acme deals: ${acme}`);
  assert.equal(await rowsFor(a, 'Acme', acme), acme);
  await a.getByTestId('select-all').check();
  await a.getByTestId('bulk').getByText(`${acme} selected`).waitFor();
  await a.getByTestId('bulk-delete').click();
  await a.getByTestId('notice').getByText(`${acme} deals deleted.`).waitFor();
  assert.equal(await rowsFor(b, 'Acme', 0), 0, 'the delete reached the other tab');

  await a.getByTestId('notice').getByRole('button', { name: 'Undo' }).click();
  assert.equal(await rowsFor(a, 'Acme', acme), acme, 'this tab shows them again');
  assert.equal(await rowsFor(b, 'Acme', acme), acme, 'and so does the other tab');
  // Give the tabs time to exchange any merge they would save back, then check once more.
  await a.waitForTimeout(500);
  assert.equal(await rowsFor(a, 'Acme', acme), acme, 'the other tab did not take them back');
  assert.equal((await readStored(b)).deals.length, 320);
  assert.equal(await freshTab(context, 'Acme', acme), acme, 'a fresh tab shows them');
  noErrors(errors);
  await context.close();
});

test('replace on import wins in both tabs; the other tab does not merge the old deals back', async () => {
  const { context, a, b, errors } = await twoTabs();
  const stored = await readStored(a);
  // A file with three of the deals, one renamed in a version older than the stored one.
  const file = { ...stored, deals: stored.deals.slice(0, 3), traffic: [], goals: [], tombstones: [] };
  file.deals[0] = { ...file.deals[0], title: 'Older title from the file', updated_at: 1 };
  await a.getByTestId('nav-settings').click();
  await a.getByTestId('import').setInputFiles({ name: 'three.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
  await a.getByTestId('import-preview').waitFor();
  await a.getByTestId('import-replace').click();
  await a.getByTestId('notice').getByText('three.json', { exact: false }).waitFor();
  const kept = file.deals[0].title;
  for (const page of [a, b]) {
    await page.waitForFunction(() => document.querySelector('[data-testid=nav-deals]'));
    assert.equal(await rowsFor(page, '', 3), 3, 'three deals, not 320');
    assert.equal(await rowsFor(page, kept, 1), 1, 'the file’s version of the deal');
  }
  await a.waitForTimeout(500);
  assert.equal(await rowsFor(a, '', 3), 3, 'still three after the tabs exchanged merges');
  assert.equal((await readStored(a)).deals.length, 3);
  assert.equal(await freshTab(context, '', 3), 3);
  noErrors(errors);
  await context.close();
});

test('a stage removed in one tab stays removed in the other, which keeps its own setting change', async () => {
  const { context, a, b, errors } = await twoTabs();
  await a.getByTestId('nav-settings').click();
  await a.getByTestId('new-stage').fill('Proposal');
  await a.getByRole('button', { name: 'Add stage' }).click();
  await a.locator('[data-stage-row=proposal]').waitFor();
  await b.getByTestId('nav-settings').click();
  await b.locator('[data-stage-row=proposal]').waitFor({ timeout: 3000 });

  // B changes a setting; A removes the stage right after. Neither change may undo the other.
  await b.getByTestId('backup-days').fill('3');
  await b.getByTestId('backup-days').press('Tab');
  await b.getByTestId('notice').getByText('Settings saved.').waitFor();
  await a.locator('[data-stage-row=proposal]').getByRole('button', { name: 'Remove' }).click();
  await a.locator('[data-stage-row=proposal]').waitFor({ state: 'detached' });
  await b.locator('[data-stage-row=proposal]').waitFor({ state: 'detached', timeout: 3000 });
  await a.waitForTimeout(500);
  for (const page of [a, b]) {
    assert.equal(await page.locator('[data-stage-row=proposal]').count(), 0, 'the stage stays removed');
    assert.equal(await page.getByTestId('backup-days').inputValue(), '3', 'the setting change stays');
  }
  const ds = await readStored(a);
  assert.ok(!ds.stages.some((s) => s.id === 'proposal'));
  assert.equal(ds.settings.backup_reminder_days, 3);
  const fresh = await context.newPage();
  await fresh.goto(`${app.url}#settings`);
  await fresh.locator('[data-stage-row=lead]').waitFor();
  assert.equal(await fresh.locator('[data-stage-row=proposal]').count(), 0);
  noErrors(errors);
  await context.close();
});

test('reopening a lost deal keeps its lost reason and note in the deal’s history', async () => {
  const { context, a, errors } = await twoTabs();
  const ds = await readStored(a);
  const lostIds = new Set(ds.stages.filter((s) => s.kind === 'lost').map((s) => s.id));
  // The search finds titles containing the text: "X" must not be the start of "X (2)".
  const unique = (d) => ds.deals.filter((x) => x.title.includes(d.title)).length === 1;
  const deal = ds.deals.find((d) => d.lost_reason && lostIds.has(d.events.at(-1).stage) && unique(d));
  assert.ok(deal, 'the sample has a lost deal with a reason');
  await rowsFor(a, deal.title, 1);
  await a.getByTestId('deal-rows').getByRole('button', { name: 'Reopen' }).click();
  await a.getByTestId('notice').getByText('moved to', { exact: false }).waitFor();
  await a.getByTestId('deal-rows').getByTestId('open-deal').click();
  const kept = a.getByTestId('past-losses');
  await kept.getByText(`: ${deal.lost_reason}`, { exact: false }).waitFor();
  if (deal.lost_note) await kept.getByText(deal.lost_note, { exact: false }).waitFor();
  await a.waitForFunction(() => localStorage.getItem('kariz.dataset')?.includes('past_losses'));
  const stored = (await readStored(a)).past_losses ?? [];
  assert.deepEqual(
    stored.map((p) => [p.deal, p.reason]),
    [[deal.id, deal.lost_reason]],
    'saved with the data',
  );
  noErrors(errors);
  await context.close();
});

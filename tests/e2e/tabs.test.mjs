// Two tabs of Kariz on the same data: changes travel between them within a second, edits to
// different deals both survive, the same deal resolves to the newer edit in both tabs (and the
// tab whose unsaved edit lost is told), a tab never overwrites stored data it has not seen, and
// a tab stops saving when a newer Kariz wrote the data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useApp, watchErrors, storeNewerSchema, editStored, readStored } from './harness.mjs';

const app = useApp();
const KEY = 'kariz.dataset';

async function addDeal(page, title) {
  await page.getByTestId('nav-deals').click();
  await page.getByTestId('deal-form').locator('#deal-title').fill(title);
  await page.getByTestId('deal-save').click();
  await page.getByTestId('notice').getByText('Deal added.').waitFor();
}

async function find(page, title, timeout = 1000) {
  await page.getByTestId('nav-deals').click();
  await page.getByLabel('Search').fill(title);
  await page.getByTestId('deal-rows').getByText(title, { exact: true }).waitFor({ timeout });
}

async function rename(page, from, to) {
  await find(page, from);
  await page.getByTestId('deal-rows').getByTestId('open-deal').first().click();
  await page.locator('#edit-title').fill(to);
  await page.getByTestId('edit-save').click();
  await page.keyboard.press('Escape');
}

// Makes this tab's saves fail, as a full disk would, so its edits stay unsaved for a while.
const blockSaves = (page) => page.evaluate(() => {
  window.__setItem = Storage.prototype.setItem;
  Storage.prototype.setItem = () => {
    throw new DOMException('blocked by the test', 'QuotaExceededError');
  };
});
const unblockSaves = (page) => page.evaluate(() => {
  Storage.prototype.setItem = window.__setItem;
});
// Lets saves through again and presses "Try saving again". A save the tab had already scheduled
// (a merge from the other tab) may run first and succeed, taking the banner away before the
// click lands: that is the same outcome, so the click is only required while the banner shows.
async function retrySaves(page) {
  await unblockSaves(page);
  const banner = page.getByTestId('save-failed');
  try {
    await banner.getByRole('button', { name: 'Try saving again' }).click({ timeout: 5000 });
  } catch (e) {
    if (await banner.count() > 0) throw e;
  }
  await banner.waitFor({ state: 'detached' });
}
const stored = readStored;

test('two tabs: live updates, both edits survive, the newer edit wins and the loser is told', async () => {
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const a = await context.newPage();
  const b = await context.newPage();
  const errorsA = watchErrors(a);
  const errorsB = watchErrors(b);
  await a.goto(app.url);
  await a.getByTestId('load-sample').click();
  await a.waitForFunction((key) => localStorage.getItem(key)?.includes('"deals"'), KEY);
  await b.goto(app.url);

  // 1. A change in one tab appears in the other within a second.
  await addDeal(a, 'Added in tab A');
  await find(b, 'Added in tab A', 1000);

  // 2. Edits to different deals, one of them not yet saved, both survive.
  await blockSaves(b);
  await addDeal(b, 'Added in tab B while its saves fail');
  await b.getByTestId('save-failed').waitFor();
  await addDeal(a, 'Added in tab A meanwhile');
  await find(b, 'Added in tab A meanwhile');
  await retrySaves(b);
  await find(a, 'Added in tab B while its saves fail');
  const titles = (await stored(a)).deals.map((d) => d.title);
  assert.ok(titles.includes('Added in tab A meanwhile') && titles.includes('Added in tab B while its saves fail'));

  // 3. The same deal edited in both: the newer edit wins in both tabs; B's lost edit is reported.
  await blockSaves(b);
  await rename(b, 'Added in tab A', 'Renamed in B (unsaved)');
  await b.getByTestId('save-failed').waitFor();
  await rename(a, 'Added in tab A', 'Renamed in A later');
  await b.getByTestId('notice').getByText('A newer change made in another tab replaced your change to 1 deal(s).').waitFor();
  await find(b, 'Renamed in A later');
  await retrySaves(b);
  const renamed = (await stored(a)).deals.filter((d) => d.title.startsWith('Renamed in'));
  assert.deepEqual(renamed.map((d) => d.title), ['Renamed in A later']);

  // 4. Stored data this tab has not seen (written without an event reaching it) is merged, not
  // overwritten, when this tab saves.
  await editStored(b, (ds) => {
    ds.deals.push({ ...ds.deals[0], id: 'unseen-writer', title: 'Written by an unseen tab', updated_at: Date.now() });
  });
  await b.evaluate(() => localStorage.setItem('kariz.rev', 'someone-else'));
  await addDeal(b, 'Added in tab B afterwards');
  await b.waitForFunction((key) => localStorage.getItem('kariz.rev') !== 'someone-else', KEY);
  const after = (await stored(b)).deals.map((d) => d.title);
  assert.ok(after.includes('Written by an unseen tab'), 'the unseen write survived');
  assert.ok(after.includes('Added in tab B afterwards'));
  await find(b, 'Written by an unseen tab');

  // 5. A newer Kariz in another tab writes a newer schema: this tab stops saving (no downgrade).
  const newer = await storeNewerSchema(a);
  await b.getByText('This data was saved by a newer version of Kariz.', { exact: false }).waitFor();
  await b.getByTestId('nav-deals').click();
  await b.getByTestId('deal-form').locator('#deal-title').fill('Must not downgrade');
  await b.getByTestId('deal-save').click();
  await b.waitForTimeout(300);
  assert.equal(await b.evaluate((key) => localStorage.getItem(key), KEY), newer, 'the newer data is untouched');
  assert.deepEqual([...errorsA, ...errorsB].filter((e) => !e.includes('blocked by the test')), []);
  await context.close();
});

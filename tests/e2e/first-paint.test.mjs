// The cached first paint: a start on unchanged data shows the last dashboard's numbers before the
// stored data is decoded, exactly as the page then shows them, and never once the data changed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pickFilter, useApp, watchErrors, withSample } from './harness.mjs';

const app = useApp();

/** Records, in every page of the context, what the first paint showed when it appeared. */
const RECORD_PAINT = () => {
  window.__paint = null;
  const observer = new MutationObserver(() => {
    const holder = document.getElementById('kariz-first-paint');
    if (!holder || window.__paint) return;
    const card = holder.querySelector('[data-kpi]');
    const box = card?.getBoundingClientRect();
    window.__paint = {
      at: performance.now(),
      values: [...holder.querySelectorAll('[data-kpi] .value')].map((e) => e.textContent.trim()),
      inert: holder.hasAttribute('inert'),
      dir: document.documentElement.getAttribute('dir'),
      period: holder.querySelector('[data-testid=period]')?.selectedOptions[0]?.value ?? null,
      sources: [...holder.querySelectorAll('[data-testid=filter-source] input:checked')].map((i) => i.value),
      appMounted: Boolean(document.querySelector('body > header.top')),
      box: box && [Math.round(box.x), Math.round(box.y), Math.round(box.width)],
    };
    observer.disconnect();
  });
  observer.observe(document, { childList: true, subtree: true });
};

/** The real page's card values and first card box, once it has replaced any paint. */
async function shown(page) {
  await page.locator('body > main [data-kpi]').first().waitFor();
  assert.equal(await page.locator('#kariz-first-paint').count(), 0, 'the paint is gone once the page is up');
  return page.evaluate(() => {
    const box = document.querySelector('body > main [data-kpi]').getBoundingClientRect();
    return {
      values: [...document.querySelectorAll('body > main [data-kpi] .value')].map((e) => e.textContent.trim()),
      box: [Math.round(box.x), Math.round(box.y), Math.round(box.width)],
    };
  });
}

/** Everything a page's site keeps in localStorage but its paint. */
const dump = (page) =>
  page.evaluate(() => {
    const all = Object.fromEntries(Object.keys(localStorage).map((k) => [k, localStorage.getItem(k)]));
    delete all['kariz.paint'];
    return all;
  });

/**
 * Starts the app in a new context whose storage holds `stored` and the paint `paint`, written
 * where no app page ever ran (one leaving keeps its own paint, and its write may land after any
 * written here); resolves to what the paint showed (null: none) and the page's values.
 */
async function startOn(stored, paint) {
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(RECORD_PAINT);
  // The image page asks for a favicon the site does not have; that 404 is not the app's.
  await context.route('**/favicon.ico', (route) => route.fulfill({ status: 204 }));
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(new URL('icon.svg', app.url).href);
  await page.evaluate(
    ([all, paint]) => {
      for (const [k, v] of Object.entries(all)) localStorage.setItem(k, v);
      localStorage.setItem('kariz.paint', paint);
    },
    [stored, paint],
  );
  await page.goto(app.url);
  const real = await shown(page);
  const result = { paint: await page.evaluate(() => window.__paint), real, errors };
  await context.close();
  return result;
}

/** Waits until what the page shows is saved: the stored text stops changing. */
async function settled(page) {
  let last = null;
  for (let i = 0; i < 50; i++) {
    const now = await page.evaluate(() => localStorage.getItem('kariz.rev'));
    if (now && now === last) return;
    last = now;
    await page.waitForTimeout(200);
  }
  throw new Error('the data never settled in storage');
}

test('a start on unchanged data paints the last dashboard first, in Persian, with the numbers the page then shows', async () => {
  const { context, page, errors } = await withSample(app);
  await context.addInitScript(RECORD_PAINT);
  await page.getByTestId('period').selectOption('last-90');
  await pickFilter(page, 'filter-source', ['website', 'referral']);
  await page.getByTestId('language').selectOption('fa');
  await page.locator('html[dir=rtl]').waitFor();
  await settled(page);
  // What an extension or a test tool may leave on the page: the policy refuses inline styles,
  // so the paint must not carry them (a refused style is a console error).
  await page.locator('[data-testid=filter-source] input').first().evaluate((i) => i.setAttribute('style', ''));
  assert.equal(errors.length, 1, 'setting it is refused once, here');
  errors.length = 0;
  const before = await shown(page);
  const address = page.url();
  assert.match(address, /#dashboard\?/, 'the view is in the address');
  // Leaving the page (pagehide) keeps its top as the next start's first paint.
  await page.goto('about:blank');
  await page.goto(address);
  const after = await shown(page);
  const paint = await page.evaluate(() => window.__paint);
  assert.ok(paint, 'the stored paint was shown');
  assert.equal(paint.appMounted, false, 'before the app itself mounted');
  assert.deepEqual(paint.values, before.values, 'the numbers of the last visit');
  assert.deepEqual(after.values, before.values, 'which are the numbers the data gives');
  assert.ok(paint.values.length >= 10 && paint.values.every((v) => /[۰-۹]/.test(v)), `Persian digits: ${paint.values}`);
  assert.equal(paint.dir, 'rtl', 'Persian pages are right to left from the first frame');
  assert.equal(paint.inert, true, 'the picture is not usable until the page replaces it');
  assert.equal(paint.period, 'last-90', 'the chosen period shows in its select');
  assert.deepEqual(paint.sources, ['website', 'referral'], 'the ticked sources show ticked');
  assert.deepEqual(paint.box, after.box, 'the cards do not move when the page replaces the picture');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a paint is never shown once the stored data has changed, nor for another section', async () => {
  const { context, page, errors } = await withSample(app);
  await context.addInitScript(RECORD_PAINT);
  await settled(page);
  const before = await shown(page);
  await page.goto('about:blank');
  await page.goto(app.url);
  assert.deepEqual((await shown(page)).values, before.values);
  assert.ok(await page.evaluate(() => window.__paint), 'shown on unchanged data');
  const kept = await page.evaluate(() => localStorage.getItem('kariz.paint'));
  assert.ok(kept, 'the paint stays stored while the data is unchanged');
  const english = await dump(page);

  // A change of the data (the language is part of it): its save removes the paint …
  await page.getByTestId('language').selectOption('fa');
  await page.locator('html[dir=rtl]').waitFor();
  await settled(page);
  assert.equal(await page.evaluate(() => localStorage.getItem('kariz.paint')), null);
  // … and even put back (an older tab, a crash between writes), it no longer matches the text,
  // while on the text it was made for it still shows.
  const persian = await dump(page);
  const onOld = await startOn(english, kept);
  assert.deepEqual(onOld.paint?.values, before.values, 'on the data it was made for, it shows');
  const onNew = await startOn(persian, kept);
  assert.equal(onNew.paint, null, 'no English picture over Persian data');
  assert.ok(onNew.real.values.every((v) => /[۰-۹]/.test(v)), `${onNew.real.values}`);
  assert.deepEqual([...onOld.errors, ...onNew.errors], []);

  // Another section first: no dashboard picture over the board.
  await page.goto('about:blank');
  await page.goto(new URL('#board', app.url).href);
  await page.locator('body > main').waitFor();
  await page.locator('html[dir=rtl]').waitFor();
  assert.equal(await page.evaluate(() => window.__paint), null);
  assert.deepEqual(errors, []);
  await context.close();
});

// Persian: the dashboard, deal form and charts in Persian with Jalali dates and Persian digits,
// checked against Chromium's own ICU Persian calendar; the font comes from the app's origin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { useApp, watchErrors, readStored, ARTIFACTS } from './harness.mjs';

const app = useApp();
const strip = (s) => s.replace(/[\u2066-\u2069]/g, '');

test('Persian dashboard, deal form and charts: Jalali dates, Persian digits, Vazirmatn', async () => {
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 1000 } });
  const page = await context.newPage();
  const errors = watchErrors(page);
  const fonts = [];
  page.on('request', (r) => r.url().endsWith('.woff2') && fonts.push(r.url()));
  await page.goto(app.url);
  await page.getByTestId('load-sample').click();
  await page.getByTestId('language').selectOption('fa');
  // Chromium's ICU is the oracle for today in the Persian calendar.
  const today = await page.evaluate(() =>
    new Intl.DateTimeFormat('fa-IR-u-ca-persian', { year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date()),
  );
  assert.match(today, /^[۰-۹]{4}\/[۰-۹]{2}\/[۰-۹]{2}$/);
  const pipeline = strip(await page.getByTestId('kpi-open-deals').locator('xpath=..').textContent());
  assert.ok(pipeline.includes(today), `"open on" shows today in Jalali: ${pipeline}`);
  assert.match(strip(await page.getByTestId('kpi-open-deals').textContent()), /^[۰-۹٬]+$/, 'Persian digits');

  // "This month" is the Jalali month: its custom-range twin starts on the 1st of the month.
  await page.getByTestId('period').selectOption('this-month');
  await page.getByTestId('kpi-win-rate').waitFor();
  await page.screenshot({ path: join(ARTIFACTS, 'dashboard-fa.png') });
  await page.locator('section.charts').scrollIntoViewIfNeeded();
  await page.waitForTimeout(300);
  await page.locator('section.charts').screenshot({ path: join(ARTIFACTS, 'charts-fa.png') });

  // The deal form shows and takes Jalali dates in any digits; storage keeps Gregorian ISO.
  await page.getByTestId('nav-deals').click();
  const form = page.getByTestId('deal-form');
  const first = form.locator('#deal-first_contact');
  assert.equal(await first.inputValue(), today, 'first contact defaults to today, in Jalali');
  await form.locator('#deal-title').fill('قرارداد تقویم شمسی');
  await first.fill('۱۴۰۴/۱۲/۲۹');
  await form.locator('#deal-expected_close').fill('1405/13/01');
  await page.getByTestId('deal-save').click();
  await form.locator('#deal-expected_close-error').getByText('تاریخ', { exact: false }).waitFor();
  await form.locator('#deal-expected_close').fill('');
  await page.getByTestId('deal-save').click();
  await page.getByTestId('notice').waitFor();
  await page.screenshot({ path: join(ARTIFACTS, 'deal-form-fa.png') });
  const stored = (await readStored(page)).deals.find((d) => d.title === 'قرارداد تقویم شمسی').first_contact;
  assert.equal(stored, '2026-03-20', '1404/12/29 is stored as the Gregorian day');
  assert.equal(
    await page.evaluate((iso) => new Intl.DateTimeFormat('en-u-ca-persian-nu-latn', { year: 'numeric', month: 'numeric', day: 'numeric' }).format(new Date(`${iso}T12:00:00`)), stored),
    '12/29/1404 AP',
    'ICU agrees',
  );

  await page.waitForFunction(() => document.fonts.check('16px Vazirmatn', 'کاریز'));
  assert.ok(fonts.length > 0 && fonts.every((u) => u.startsWith(app.url)), `fonts from the app: ${fonts}`);
  assert.deepEqual(errors, []);
  await context.close();
});

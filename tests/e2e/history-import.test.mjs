// Stage history from a second file (one row per stage change, joined by deal id) and repeat
// imports of the same CRM's export. The files are generated here with a seeded random walk, and
// every figure compared on the dashboard (the funnel cards and the MQL → SQL time) is computed
// independently in this file from the same rows: the expectation never comes from Kariz.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { useApp, watchErrors, ARTIFACTS } from './harness.mjs';

const app = useApp();
const TODAY_ISO = '2025-11-27';
const DAY = 86_400_000;
const iso = (ms) => new Date(ms).toISOString().slice(0, 10);
const ms = (text) => Date.parse(`${text}T00:00:00Z`);

/** A small deterministic generator (mulberry32), so the files are the same on every run. */
function rng(seed) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Deals with their true path through lead → MQL → SQL and a won/lost/open end. Each deal knows
 * its created date, its stage dates, its file stage and closing date.
 */
function generate() {
  const r = rng(18);
  const pick = (lo, hi) => lo + Math.floor(r() * (hi - lo + 1));
  const deals = [];
  for (let i = 1; i <= 60; i++) {
    const created = ms('2025-03-01') + pick(0, 183) * DAY;
    const path = [['Lead', created]];
    let at = created;
    let end = 'Lead';
    if (r() < 0.85) {
      if (r() < 0.8) {
        at += pick(1, 20) * DAY;
        path.push(['MQL', at]);
        end = 'MQL';
      }
      if (r() < 0.75) {
        at += pick(1, 30) * DAY;
        path.push(['SQL', at]);
        end = 'SQL';
      }
    }
    let close = null;
    const fate = r();
    if (end !== 'Lead' && fate < 0.35) end = 'Won';
    else if (fate > 0.8) end = 'Lost';
    if (end === 'Won' || end === 'Lost') {
      close = at + pick(1, 30) * DAY;
      path.push([end, close]);
    }
    deals.push({ id: `D-${i}`, name: `Deal ${i}`, created, path, stage: end, close, amount: pick(1, 90) * 100 });
  }
  // Two open deals without a created date (and no history): the user leaves them out.
  deals.push({ id: 'D-61', name: 'Undated one', created: null, path: [], stage: 'Lead', close: null, amount: 100 });
  deals.push({ id: 'D-62', name: 'Undated two', created: null, path: [], stage: 'MQL', close: null, amount: 100 });
  return { deals, r };
}

function dealsCsv(deals) {
  const lines = ['Deal ID,Deal Name,Stage,Created,Close date,Amount'];
  for (const d of deals) {
    lines.push([d.id, d.name, d.stage, d.created === null ? '' : iso(d.created), d.close === null ? '' : iso(d.close), d.amount].join(','));
  }
  return lines.join('\n') + '\n';
}

/**
 * The history sheet: every stage change after the first stage; the first stage's row for about
 * half the deals; the closing row for most closed deals (the rest close on the deals file's close
 * date); some rows twice; rows of three deals that are not in the deals file; shuffled.
 */
function historyCsv(deals, r) {
  const rows = [];
  for (const d of deals) {
    d.path.forEach(([stage, at], k) => {
      const closing = stage === 'Won' || stage === 'Lost';
      if ((k === 0 && r() < 0.5) || (closing && r() < 0.3)) return;
      rows.push([d.id, stage, iso(at)]);
      if (r() < 0.1) rows.push([d.id, stage, iso(at)]);
    });
  }
  const unmatched = [['X-1', 'MQL', '2025-05-02'], ['X-2', 'SQL', '2025-06-03'], ['X-3', 'MQL', '2025-07-04']];
  rows.push(...unmatched);
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [rows[i], rows[j]] = [rows[j], rows[i]];
  }
  return { text: ['deal id,stage,date', ...rows.map((x) => x.join(','))].join('\n') + '\n', unmatched: unmatched.length };
}

// ---------------------------------------------------------------------------------------------
// The independent computation: cohort funnel over all time and first-entry MQL → SQL days.
const ORDER = ['Lead', 'MQL', 'SQL', 'Won'];
function expected(deals) {
  const dated = deals.filter((d) => d.created !== null);
  const reach = [0, 0, 0, 0];
  const mqlSql = [];
  for (const d of dated) {
    // The furthest funnel step the deal reached (lost deals: where they were lost).
    let furthest = 0;
    for (const [stage] of d.path) {
      const k = ORDER.indexOf(stage);
      if (k > furthest) furthest = k;
    }
    for (let k = 0; k <= furthest; k++) reach[k]++;
    const first = (stage) => d.path.find(([s]) => s === stage)?.[1];
    const mql = first('MQL');
    const sql = first('SQL');
    if (mql !== undefined && sql !== undefined) mqlSql.push(Math.round((sql - mql) / DAY));
  }
  return { reach, mqlSql, n: dated.length };
}

function fixed(x, places) {
  const [whole, fraction] = x.toFixed(places + 30).split('.');
  if (/^50*$/.test(fraction.slice(places))) {
    const kept = fraction.slice(0, places);
    const last = Number((places ? kept : whole).at(-1));
    if (last % 2 === 0) return places ? `${whole}.${kept}` : whole;
  }
  return x.toFixed(places);
}
const percent = (num, den) => (den === 0 ? 'n/a' : `${fixed((num / den) * 100, 1)}%`);
const days = (d) => `${Math.abs(d - Math.round(d)) < 0.05 ? fixed(d, 0) : fixed(d, 1)} days`;
function dayStats(list) {
  const sorted = [...list].sort((a, b) => a - b);
  const n = sorted.length;
  const mean = sorted.reduce((a, b) => a + b, 0) / n;
  const median = n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  const p90 = sorted[Math.max(1, Math.ceil((n * 9) / 10)) - 1];
  return [String(n), days(median), days(mean), days(p90)];
}

async function stepCard(page, id) {
  const card = page.locator(`[data-kpi=${id}]`);
  return [(await card.locator('.value').textContent()).trim(), (await card.locator('.sub').textContent()).trim()];
}

async function assertFunnel(page, want, label) {
  const cards = [
    ['step-lead-mql', 0, 1],
    ['step-mql-sql', 1, 2],
    ['step-sql-won', 2, 3],
  ];
  for (const [id, from, to] of cards) {
    const expectedCard = [percent(want.reach[to], want.reach[from]), `${want.reach[to]} of ${want.reach[from]}`];
    let shown;
    for (let tries = 0; tries < 50; tries++) {
      shown = await stepCard(page, id);
      if (JSON.stringify(shown) === JSON.stringify(expectedCard)) break;
      await page.waitForTimeout(100);
    }
    assert.deepEqual(shown, expectedCard, `${label}: ${id}`);
  }
}

async function mqlSqlRow(page) {
  const cells = await page.getByTestId('transition-table').locator('tbody tr').nth(1).locator('td').allTextContents();
  return cells.slice(-4).map((c) => c.trim());
}

async function openPage() {
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 1000 }, locale: 'en-US' });
  await context.clock.setFixedTime(new Date(`${TODAY_ISO}T12:00:00`));
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(app.url);
  return { context, page, errors };
}

let minute = 0;
/** Moves the page's fixed clock on a minute (each import is a newer edit), same day. */
async function tick(page) {
  minute += 1;
  await page.context().clock.setFixedTime(new Date(`${TODAY_ISO}T12:${String(minute).padStart(2, '0')}:00`));
}

async function pickDeals(page, name, text) {
  await tick(page);
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('import-csv').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
  await page.getByTestId('csv-mapping').waitFor();
}

async function showAllTime(page) {
  await page.getByTestId('nav-dashboard').click();
  await page.getByTestId('period').selectOption('all');
  await page.getByTestId('funnel-mode').selectOption('cohort');
}

test('a deals file and a stage-history file: the funnel and MQL → SQL time equal an independent computation; a repeat import updates and adds without doubling; undo', async () => {
  const { deals, r } = generate();
  const history = historyCsv(deals, r);
  const want = expected(deals);
  assert.ok(want.mqlSql.length >= 10, `enough MQL → SQL pairs (${want.mqlSql.length})`);
  const { context, page, errors } = await openPage();

  await pickDeals(page, 'deals.csv', dealsCsv(deals));
  await page.getByTestId('import-csv-history').setInputFiles({ name: 'history.csv', mimeType: 'text/csv', buffer: Buffer.from(history.text) });
  const columns = page.getByTestId('csv-history');
  await columns.waitFor();
  assert.equal(await page.getByTestId('csv-history-deal').inputValue(), '0');
  assert.equal(await page.getByTestId('csv-history-stage').inputValue(), '1');
  assert.equal(await page.getByTestId('csv-history-date').inputValue(), '2');
  assert.equal(await page.getByTestId('csv-history-format').inputValue(), 'ymd');
  await page.screenshot({ path: join(ARTIFACTS, 'history-mapping.png'), fullPage: true });
  await page.getByTestId('csv-check').click();
  await page.getByTestId('csv-preview').waitFor();
  await page.getByTestId('csv-history-unmatched').getByText(`${history.unmatched} history rows name a deal id that is not in the deals file`, { exact: false }).waitFor();
  await page.getByTestId('csv-coverage').waitFor();
  // Two undated open deals: nothing is imported until the user chooses.
  await page.getByTestId('csv-undated').getByText('2 open deals have no created date. They start on:').waitFor();
  assert.equal(await page.getByTestId('csv-import-deals').isDisabled(), true);
  await page.getByTestId('csv-undated-leaveout').check();
  await page.getByTestId('csv-import-deals').getByText(`Import ${want.n} deals`).waitFor();
  await page.screenshot({ path: join(ARTIFACTS, 'history-preview.png'), fullPage: true });
  await page.getByTestId('csv-import-deals').click();
  await page.getByTestId('notice').getByText(`${want.n} deals imported from deals.csv.`).waitFor();

  await showAllTime(page);
  await assertFunnel(page, want, 'after the two-file import');
  assert.deepEqual(await mqlSqlRow(page), dayStats(want.mqlSql), 'MQL → SQL time');

  // Week 2: five lead deals moved to MQL (the export has no date for it), three are new, one
  // open SQL deal was deleted in the CRM; everything else is as it was.
  const moved = deals.filter((d) => d.created !== null && d.stage === 'Lead').slice(0, 5);
  const gone = deals.find((d) => d.created !== null && d.stage === 'SQL');
  assert.equal(moved.length, 5);
  const week2 = deals
    .filter((d) => d !== gone)
    .map((d) => (moved.includes(d) ? { ...d, stage: 'MQL', path: [...d.path, ['MQL', ms(TODAY_ISO)]] } : d));
  for (let i = 0; i < 3; i++) {
    const created = ms('2025-11-20') + i * DAY;
    week2.push({ id: `N-${i}`, name: `New ${i}`, created, path: [['Lead', created]], stage: 'Lead', close: null, amount: 500 });
  }
  // Kariz keeps the deleted deal (reported, not deleted): it still counts.
  const after = expected([...week2, gone]);
  assert.equal(after.n, want.n + 3);

  await pickDeals(page, 'deals-week2.csv', dealsCsv(week2));
  await page.getByTestId('csv-check').click();
  await page.getByTestId('csv-preview').waitFor();
  await page.getByTestId('csv-updated').getByText(`${want.n - 1} deals are already in Kariz from an earlier import`, { exact: false }).waitFor();
  await page.getByTestId('csv-missing').getByText(`1 deals imported earlier are not in this file`, { exact: false }).waitFor();
  await page.getByTestId('csv-missing').getByText(gone.name, { exact: false }).waitFor();
  await page.getByTestId('csv-undated-leaveout').check();
  // new, updated, unchanged (the two undated deals left out again)
  await page.getByTestId('csv-import-deals').getByText(`Import ${want.n - 1 + 3} deals`).waitFor();
  const counts = await page.getByTestId('csv-preview').locator('td').allTextContents();
  assert.deepEqual(counts.slice(0, 3), ['3', '5', String(want.n - 1 - 5)], 'new / updated / unchanged');
  await page.screenshot({ path: join(ARTIFACTS, 'history-repeat-preview.png'), fullPage: true });
  await page.getByTestId('csv-import-deals').click();
  await page.getByTestId('notice').getByText('deals imported from deals-week2.csv.', { exact: false }).waitFor();
  await showAllTime(page);
  await assertFunnel(page, after, 'after the repeat import');
  assert.deepEqual(await mqlSqlRow(page), dayStats(after.mqlSql), 'MQL → SQL time unchanged by the repeat');

  // Undo takes the repeat import back in one step.
  await tick(page);
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('nav-dashboard').click();
  await page.getByTestId('notice').getByRole('button', { name: 'Undo' }).click();
  await showAllTime(page);
  await assertFunnel(page, want, 'after undoing the repeat import');

  // Imported again, and then the same export once more: the second time changes nothing.
  for (const round of [1, 2]) {
    await pickDeals(page, 'deals-week2.csv', dealsCsv(week2));
    await page.getByTestId('csv-check').click();
    await page.getByTestId('csv-preview').waitFor();
    await page.getByTestId('csv-undated-leaveout').check();
    await page.getByTestId('csv-import-deals').getByText(`Import ${want.n - 1 + 3} deals`).waitFor();
    const shown = await page.getByTestId('csv-preview').locator('td').allTextContents();
    if (round === 2) assert.deepEqual(shown.slice(0, 2), ['0', '0'], 'nothing new, nothing updated');
    await page.getByTestId('csv-import-deals').click();
    await page.getByTestId('notice').getByText('deals imported from deals-week2.csv.', { exact: false }).waitFor();
    await showAllTime(page);
    await assertFunnel(page, after, `repeat import, round ${round}`);
    assert.deepEqual(await mqlSqlRow(page), dayStats(after.mqlSql), `MQL → SQL time, round ${round}`);
  }

  assert.deepEqual(errors, []);
  await context.close();
});

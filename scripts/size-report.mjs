#!/usr/bin/env node
// `make size`: raw, gzip (-9) and brotli (quality 11) size of every file in dist/, grouped by
// when a visitor downloads it, and a failure when the first load passes scripts/size-budget (a
// size is deterministic, unlike a timing, so CI can hold it).
//
//   first load   what the page needs before it shows anything: HTML, start-up and glue JS,
//                CSS, the app's wasm, wasm-split's loader, the service worker and manifest
//   on demand    the sections' wasm chunks (src/ui/sections.rs): fetched when a section is
//                first opened, and precached by the service worker once the app has started
//   spreadsheets the spreadsheet worker, fetched only when a spreadsheet is read or written
//   persian font fetched only by a page with Persian text
//   other        icons and the font's licence
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const root = resolve(import.meta.dirname, '..');
const dist = resolve(process.argv[2] ?? join(root, 'dist'));
const budgetFile = join(root, 'scripts', 'size-budget');

const group = (f) => {
  if (/^(split_|chunk_).*\.wasm$/.test(f)) return 'on demand';
  if (f.startsWith('sheets')) return 'spreadsheets';
  if (f.endsWith('.woff2')) return 'persian font';
  if (/\.(wasm|js|css|html|webmanifest)$/.test(f)) return 'first load';
  return 'other';
};
const GROUPS = ['first load', 'on demand', 'spreadsheets', 'persian font', 'other'];

const rows = readdirSync(dist, { withFileTypes: true })
  .filter((e) => e.isFile() && !e.name.startsWith('.'))
  .map((e) => {
    const data = readFileSync(join(dist, e.name));
    return {
      file: e.name,
      group: group(e.name),
      raw: data.length,
      gzip: gzipSync(data, { level: 9 }).length,
      brotli: brotliCompressSync(data, {
        params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length },
      }).length,
    };
  })
  .sort((a, b) => GROUPS.indexOf(a.group) - GROUPS.indexOf(b.group) || b.gzip - a.gzip);

const n = (v) => v.toLocaleString('en-US').padStart(11);
console.log(`${'file'.padEnd(62)} ${'raw'.padStart(11)} ${'gzip'.padStart(11)} ${'brotli'.padStart(11)}`);
const sums = {};
for (const g of GROUPS) {
  const list = rows.filter((r) => r.group === g);
  if (list.length === 0) continue;
  console.log(`-- ${g}`);
  const sum = { raw: 0, gzip: 0, brotli: 0 };
  for (const r of list) {
    console.log(`${r.file.padEnd(62)} ${n(r.raw)} ${n(r.gzip)} ${n(r.brotli)}`);
    for (const k of Object.keys(sum)) sum[k] += r[k];
  }
  console.log(`${`   ${g}: ${list.length} file(s)`.padEnd(62)} ${n(sum.raw)} ${n(sum.gzip)} ${n(sum.brotli)}`);
  sums[g] = sum;
}
const total = rows.reduce((s, r) => ({ raw: s.raw + r.raw, gzip: s.gzip + r.gzip, brotli: s.brotli + r.brotli }), { raw: 0, gzip: 0, brotli: 0 });
console.log(`${'TOTAL'.padEnd(62)} ${n(total.raw)} ${n(total.gzip)} ${n(total.brotli)}`);

const first = sums['first load'] ?? { gzip: 0, brotli: 0 };
const budget = Number(
  readFileSync(budgetFile, 'utf8')
    .split('\n')
    .filter((l) => !l.startsWith('#'))
    .join('')
    .trim(),
);
if (!(budget > 0)) {
  console.error(`size: no budget number in ${budgetFile}`);
  process.exit(2);
}
if (first.gzip > budget) {
  console.error(`FAIL: the first load is ${first.gzip} bytes gzip, over the budget of ${budget} (scripts/size-budget).`);
  console.error('Find what grew with twiggy (see docs/performance.md) before raising the budget.');
  process.exit(1);
}
console.log(`first load ${first.gzip} bytes gzip (${first.brotli} brotli): within the budget of ${budget} bytes (scripts/size-budget).`);

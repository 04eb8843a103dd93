#!/usr/bin/env node
// Compare the top-N token lists of a dataaudit report (--json) and a
// duckdb_topn.mjs result. Exit 0 if token and count agree exactly, in order,
// for the first N entries (default: all of the shorter list); exit 1 otherwise,
// printing the first differences. Totals/distinct counts are compared too.
//
// usage: node benchmarks/compare_top.mjs DATAAUDIT.json DUCKDB.json [--top N] [--show K]
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const pos = [];
let topN = 0;
let show = 10;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--top') topN = parseInt(args[++i], 10);
  else if (args[i] === '--show') show = parseInt(args[++i], 10);
  else pos.push(args[i]);
}
if (pos.length !== 2) {
  console.error('usage: node compare_top.mjs DATAAUDIT.json DUCKDB.json [--top N] [--show K]');
  process.exit(2);
}

// Accept either layout: dataaudit {tokens:{total,distinct,top}} or duckdb_topn {total,distinct,top}.
function load(path) {
  const j = JSON.parse(readFileSync(path, 'utf8'));
  const t = j.tokens ?? j;
  return {
    total: t.total ?? null,
    distinct: t.distinct ?? null,
    top: (t.top ?? []).map((e) => ({ token: e.token, count: Number(e.count) })),
  };
}
const a = load(pos[0]);
const b = load(pos[1]);
const want = topN > 0 ? topN : Math.min(a.top.length, b.top.length);
// A list shorter than `want` is complete (fine) if it holds every distinct token.
const n = Math.min(want, Math.max(a.top.length, b.top.length));
const esc = (s) => (s === undefined ? '(none)' : JSON.stringify(s));
const hex = (s) => (s === undefined ? '' : Buffer.from(s, 'utf8').toString('hex'));

let ok = true;
const msgs = [];
for (const [name, x] of [['dataaudit', a], ['duckdb', b]]) {
  if (x.top.length < want && (x.distinct === null || x.top.length < x.distinct)) {
    ok = false;
    msgs.push(`${name} list has ${x.top.length} entries, wanted ${want} (distinct ${x.distinct})`);
  }
}
if (a.total !== null && b.total !== null && a.total !== b.total) {
  ok = false;
  msgs.push(`total tokens differ: dataaudit ${a.total}, duckdb ${b.total} (diff ${a.total - b.total})`);
}
if (a.distinct !== null && b.distinct !== null && a.distinct !== b.distinct) {
  ok = false;
  msgs.push(`distinct tokens differ: dataaudit ${a.distinct}, duckdb ${b.distinct} (diff ${a.distinct - b.distinct})`);
}
const bIdx = new Map(b.top.map((e, i) => [e.token, i]));
const aIdx = new Map(a.top.map((e, i) => [e.token, i]));
let shown = 0;
let ndiff = 0;
for (let i = 0; i < n; i++) {
  const x = a.top[i];
  const y = b.top[i];
  if (x && y && x.token === y.token && x.count === y.count) continue;
  ok = false;
  ndiff++;
  if (shown++ >= show) continue;
  let line = `#${i + 1}: dataaudit ${esc(x?.token)}=${x?.count} [${hex(x?.token)}]  duckdb ${esc(y?.token)}=${y?.count} [${hex(y?.token)}]`;
  if (x && x.token !== y?.token) {
    const j = bIdx.get(x.token);
    line += j === undefined ? `; duckdb lacks ${esc(x.token)} in its top ${b.top.length}` : `; duckdb has ${esc(x.token)}=${b.top[j].count} at #${j + 1}`;
  }
  if (y && y.token !== x?.token) {
    const j = aIdx.get(y.token);
    line += j === undefined ? `; dataaudit lacks ${esc(y.token)} in its top ${a.top.length}` : `; dataaudit has ${esc(y.token)}=${a.top[j].count} at #${j + 1}`;
  }
  msgs.push(line);
}
if (ndiff > 0) msgs.push(`${ndiff} of the top ${n} positions differ`);
if (ok) {
  console.log(`top-${n} agree exactly (total ${a.total}, distinct ${a.distinct})`);
  process.exit(0);
}
console.log(`MISMATCH:\n  ${msgs.join('\n  ')}`);
process.exit(1);

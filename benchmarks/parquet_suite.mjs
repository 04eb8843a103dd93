#!/usr/bin/env node
// Runs dataaudit over every Parquet file of a test-file suite
// (apache/parquet-testing: data/*.parquet, bad_data/*.parquet) and compares
// its row counts with DuckDB's. See benchmarks/parquet-suite.sh.
//
// usage: node parquet_suite.mjs DATAAUDIT SUITE_DIR [TIMEOUT_S]
//
// For each file:
//   - DuckDB: DESCRIBE and count(*) (if DuckDB reads it).
//   - The text column: the first top-level VARCHAR column DuckDB sees, else
//     the first BLOB one; if DuckDB cannot read the file, each column
//     dataaudit lists in its "no --text column" error, in order, until one
//     is accepted.
//   - dataaudit scan --quiet --json - --text COL FILE under a timeout.
//     records_read (rows + bad records, every Parquet row accounted for)
//     is compared with DuckDB's count(*), and text_bytes with DuckDB's
//     sum(strlen(COL)) (which makes DuckDB read the column: count(*)
//     alone may answer from the footer).
// A run whose stderr holds "panic:" or "goroutine " is a panic; one killed
// by the timeout is a hang. Prints one line per file and a summary; exit
// status 1 if any file panicked, hung, or disagreed with DuckDB.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

// DUCKDB_MODULES: a directory whose node_modules holds @duckdb/node-api
// (default: benchmarks/node_modules).
const api = process.env.DUCKDB_MODULES
  ? pathToFileURL(createRequire(join(process.env.DUCKDB_MODULES, 'x.js')).resolve('@duckdb/node-api')).href
  : '@duckdb/node-api';
const { DuckDBInstance } = await import(api);

const [bin, suite, timeoutArg] = process.argv.slice(2);
if (!bin || !suite) {
  console.error('usage: node parquet_suite.mjs DATAAUDIT SUITE_DIR [TIMEOUT_S]');
  process.exit(2);
}
const timeoutMs = Number(timeoutArg ?? 60) * 1000;

const files = [];
for (const sub of ['data', 'bad_data']) {
  let names = [];
  try {
    names = readdirSync(join(suite, sub));
  } catch {
    continue;
  }
  for (const n of names.sort()) if (n.endsWith('.parquet')) files.push(join(sub, n));
}

const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
const quote = (s) => `'${s.replaceAll("'", "''")}'`;

async function duck(path) {
  try {
    const d = await con.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${quote(path)})`);
    const cols = d.getRows().map((r) => ({ name: String(r[0]), type: String(r[1]) }));
    const c = await con.runAndReadAll(`SELECT count(*) FROM read_parquet(${quote(path)})`);
    return { cols, count: Number(c.getRows()[0][0]) };
  } catch (e) {
    return { error: String(e.message).split('\n')[0] };
  }
}

function scan(path, text) {
  const r = spawnSync(bin, ['scan', '--quiet', '--json', '-', '--workers', '2', '--text', text, path], {
    timeout: timeoutMs, encoding: 'utf8', maxBuffer: 256 << 20,
  });
  const out = { code: r.status, stderr: r.stderr ?? '', hang: r.error?.code === 'ETIMEDOUT' || r.signal === 'SIGTERM' };
  out.panic = /panic:|goroutine \d+ \[/.test(out.stderr);
  try {
    const rep = JSON.parse(r.stdout);
    out.summary = rep.summary;
  } catch {
    // a usage error: no report
  }
  return out;
}

const tally = { files: 0, panics: 0, hangs: 0, match: 0, mismatch: 0, duckdbFails: 0, noText: 0, unreadable: 0 };
const bad = [];
for (const f of files) {
  tally.files++;
  const path = join(suite, f);
  const d = await duck(path);
  let candidates = [];
  if (d.cols) {
    const top = (t) => d.cols.filter((c) => c.type === t && !c.name.includes(',')).map((c) => c.name);
    candidates = [...top('VARCHAR'), ...top('BLOB')].slice(0, 1);
  }
  if (candidates.length === 0) {
    // Ask dataaudit which columns the file has.
    const probe = scan(path, 'no such column (probe)');
    if (probe.panic || probe.hang) candidates = ['no such column (probe)'];
    const m = /the file has: (.*)$/m.exec(probe.stderr);
    if (m) candidates = m[1].split(', ').slice(0, 20);
    if (candidates.length === 0) candidates = ['text'];
  }
  let res;
  let text;
  for (const c of candidates) {
    text = c;
    res = scan(path, c);
    if (res.panic || res.hang || res.summary) break;
  }
  // count(*) alone may answer from the footer: read the column too, and
  // compare its bytes with dataaudit's text_bytes.
  const tc = d.cols?.find((c) => c.name === text);
  if (tc) {
    const col = `"${text.replaceAll('"', '""')}"`;
    const agg = { VARCHAR: `coalesce(sum(strlen(${col})), 0)`, BLOB: `coalesce(sum(octet_length(${col})), 0)` }[tc.type] ?? `count(${col})`;
    try {
      const r = await con.runAndReadAll(`SELECT count(*), ${agg} FROM read_parquet(${quote(path)})`);
      if (tc.type === 'VARCHAR' || tc.type === 'BLOB') d.bytes = Number(r.getRows()[0][1]);
    } catch (e) {
      d.error = `reads the footer (count(*) ${d.count}) but not the column: ${String(e.message).split('\n')[0]}`;
    }
  }
  let verdict;
  const s = res.summary;
  if (res.panic) {
    tally.panics++;
    verdict = 'PANIC';
  } else if (res.hang) {
    tally.hangs++;
    verdict = 'HANG';
  } else if (!s) {
    tally.noText++;
    verdict = `no usable text column (exit ${res.code}: ${res.stderr.trim().split('\n').pop().slice(0, 120)})`;
  } else if (s.unreadable_inputs > 0) {
    tally.unreadable++;
    verdict = `unreadable_input`;
  } else {
    verdict = `${s.records_read} records (${s.rows} rows, ${s.bad_records} bad ${JSON.stringify(s.bad_records_by_kind)})`;
  }
  if (d.error) {
    tally.duckdbFails++;
    verdict += ` | DuckDB fails: ${d.error.slice(0, 100)}`;
  } else if (s && !res.panic && !res.hang) {
    const ours = s.unreadable_inputs > 0 ? null : s.records_read;
    if (ours === d.count && (d.bytes === undefined || d.bytes === s.text_bytes)) {
      tally.match++;
      verdict += ` | DuckDB ${d.count} rows${d.bytes === undefined ? '' : `, ${d.bytes} text bytes`}: same`;
    } else {
      tally.mismatch++;
      verdict += ` | DuckDB ${d.count} rows, ${d.bytes} text bytes (ours ${s.text_bytes}): MISMATCH`;
    }
  } else if (d.count !== undefined) {
    verdict += ` | DuckDB ${d.count}`;
  }
  const line = `${f} [--text ${JSON.stringify(text)}]: ${verdict}`;
  console.log(line);
  if (res.panic || res.hang || verdict.includes('MISMATCH')) bad.push(line);
}
console.log(`\n${tally.files} files: ${tally.panics} panics, ${tally.hangs} hangs; ` +
  `DuckDB reads ${tally.files - tally.duckdbFails}: ${tally.match} same row count, ${tally.mismatch} different; ` +
  `${tally.unreadable} unreadable_input, ${tally.noText} without a usable text column`);
for (const l of bad) console.log(`  ${l}`);
process.exit(tally.panics + tally.hangs + tally.mismatch > 0 ? 1 : 0);

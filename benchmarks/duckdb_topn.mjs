#!/usr/bin/env node
// Top-N tokens of a JSONL or Parquet file's text column, computed by DuckDB
// with the same tokenizer rule as dataaudit:
//   regexp_split_to_array(lower(text), '[^\p{L}\p{N}]+'), empty strings dropped,
//   GROUP BY token, ORDER BY count DESC, token ASC, LIMIT N.
//
// usage: node benchmarks/duckdb_topn.mjs FILE [--top 100] [--threads N]
//          [--text text] [--max-object-size BYTES] [--memory-limit 8GB] [--out FILE]
//
// FILE: *.parquet -> read_parquet; *.csv, *.tsv (also .gz) -> read_csv with a
// header, '"' quoting and every column VARCHAR; *.json (also .gz) whose first
// byte other than white space is '[' -> read_json(format='array'); anything
// else (.jsonl/.ndjson/.json, also .gz/.zst) ->
// read_json(format='newline_delimited'); JSON with the text column forced to
// VARCHAR (explicit `columns`, no sniffing). `rows` counts the non-null texts
// (a second query, not timed).
//
// maximum_object_size: DuckDB's JSON reader sizes its read buffers by it and
// parallelises per buffer, so a large value makes it slower (measured on a
// 200 MB file, 2 threads: 16 MB -> 2.8 s, 64 MB -> 3.7 s, 256 MB -> 6.2 s, same
// CPU time). The default is therefore DuckDB's own 16 MB; if a line is longer
// the query fails with a maximum_object_size error and is retried with a 16x
// larger limit (up to 4 GB); the limit used is reported as max_object_size.
// Prints one JSON object: {tool, duckdb_version, file, bytes, threads, seconds,
// mb_per_s, total, distinct, top:[{token,count}]}. `seconds` is the query time
// only (excludes Node startup and module loading; `load_seconds` is that part).
import { closeSync, openSync, readSync, statSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';

const t0 = performance.now();
const { DuckDBInstance } = await import('@duckdb/node-api');

function usage(msg) {
  if (msg) console.error(`duckdb_topn: ${msg}`);
  console.error('usage: node duckdb_topn.mjs FILE [--top N] [--threads N] [--text COL] [--max-object-size BYTES] [--memory-limit X] [--out FILE]');
  process.exit(2);
}

const args = process.argv.slice(2);
const opt = {
  top: 100,
  threads: cpus().length,
  text: 'text',
  maxObjectSize: 16 * 1024 * 1024,
  memoryLimit: '',
  out: '',
};
let file = '';
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  const val = () => {
    if (i + 1 >= args.length) usage(`${a} needs a value`);
    return args[++i];
  };
  switch (a) {
    case '--top': opt.top = parseInt(val(), 10); break;
    case '--threads': opt.threads = parseInt(val(), 10); break;
    case '--text': opt.text = val(); break;
    case '--max-object-size': opt.maxObjectSize = parseInt(val(), 10); break;
    case '--memory-limit': opt.memoryLimit = val(); break;
    case '--out': opt.out = val(); break;
    case '-h': case '--help': usage(); break;
    default:
      if (a.startsWith('-') || file) usage(`unexpected argument ${a}`);
      file = a;
  }
}
if (!file) usage('missing FILE');
if (!(opt.top > 0) || !(opt.threads > 0) || !(opt.maxObjectSize > 0)) usage('bad numeric option');

const sqlStr = (s) => `'${String(s).replaceAll("'", "''")}'`;
const ident = (s) => `"${String(s).replaceAll('"', '""')}"`;

function jsonArray(path) {
  if (!/\.json$/i.test(path)) return false;
  const fd = openSync(path, 'r');
  const buf = Buffer.alloc(4096);
  const n = readSync(fd, buf, 0, buf.length, 0);
  closeSync(fd);
  return buf.subarray(0, n).toString('utf8').replace(/^\uFEFF/, '').trimStart().startsWith('[');
}

function sourceSQL(path) {
  if (/\.parquet$/i.test(path)) return `read_parquet(${sqlStr(path)})`;
  const sv = /\.(csv|tsv)(\.gz)?$/i.exec(path);
  if (sv) {
    const delim = sv[1].toLowerCase() === 'tsv' ? '\t' : ',';
    return `read_csv(${sqlStr(path)}, header = true, delim = ${sqlStr(delim)}, quote = '"', escape = '"', ` +
      `all_varchar = true, max_line_size = ${opt.maxObjectSize})`;
  }
  return `read_json(${sqlStr(path)}, format = '${jsonArray(path) ? 'array' : 'newline_delimited'}', ` +
    `columns = {${ident(opt.text)}: 'VARCHAR'}, ` +
    `maximum_object_size = ${opt.maxObjectSize})`;
}

const bytes = statSync(file).size;
const instance = await DuckDBInstance.create(':memory:');
const con = await instance.connect();
await con.run(`SET threads = ${opt.threads}`);
if (opt.memoryLimit) await con.run(`SET memory_limit = ${sqlStr(opt.memoryLimit)}`);
const version = (await con.runAndReadAll('SELECT version() AS v')).getRowObjects()[0].v;

const query = () => String.raw`
WITH toks AS (
  SELECT unnest(regexp_split_to_array(lower(${ident(opt.text)}), '[^\p{L}\p{N}]+')) AS token
  FROM ${sourceSQL(file)}
), g AS (
  SELECT token, count(*) AS count FROM toks WHERE token <> '' GROUP BY token
)
SELECT token, count, sum(count) OVER () AS total, count(*) OVER () AS n_distinct
FROM g
ORDER BY count DESC, token ASC
LIMIT ${opt.top}`;

let t1, t2, reader;
for (;;) {
  t1 = performance.now();
  try {
    reader = await con.runAndReadAll(query());
    t2 = performance.now();
    break;
  } catch (e) {
    if (!/maximum_object_size/i.test(String(e?.message ?? e)) || opt.maxObjectSize >= 2 ** 32) throw e;
    opt.maxObjectSize = Math.min(opt.maxObjectSize * 16, 2 ** 32);
    console.error(`duckdb_topn: retrying with maximum_object_size = ${opt.maxObjectSize}`);
  }
}
const rows = reader.getRowObjects();
const nrows = Number((await con.runAndReadAll(
  `SELECT count(${ident(opt.text)}) AS n FROM ${sourceSQL(file)}`)).getRowObjects()[0].n);

const seconds = (t2 - t1) / 1000;
const result = {
  tool: 'duckdb',
  duckdb_version: version,
  file,
  bytes,
  threads: opt.threads,
  max_object_size: /\.parquet$/i.test(file) ? null : opt.maxObjectSize,
  load_seconds: +((t1 - t0) / 1000).toFixed(4),
  seconds: +seconds.toFixed(4),
  mb_per_s: +(bytes / 1e6 / seconds).toFixed(2),
  rows: nrows,
  total: rows.length ? Number(rows[0].total) : 0,
  distinct: rows.length ? Number(rows[0].n_distinct) : 0,
  top: rows.map((r) => ({ token: r.token, count: Number(r.count) })),
};
const json = JSON.stringify(result, null, 1);
if (opt.out) writeFileSync(opt.out, json + '\n');
console.log(json);

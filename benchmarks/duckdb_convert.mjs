#!/usr/bin/env node
// Convert a benchmark JSONL corpus ({"id","text","label"} per line) to a
// zstd-compressed Parquet file with DuckDB. All three columns are read as
// VARCHAR (explicit `columns`, no type sniffing) and maximum_object_size is
// raised so that very long lines (multi-MB "digest" rows) are accepted.
// Row groups default to 16384 rows (~20-25 MB of text each) instead of DuckDB's
// 122880, so that a 200 MB corpus has ~9 row groups and both DuckDB and
// dataaudit can parallelise over them (a reader parallelises per row group).
//
// --compression picks the codec (zstd by default; snappy, uncompressed, gzip...:
// DuckDB's names), to measure what the codec of a Parquet file costs a scan.
//
// usage: node benchmarks/duckdb_convert.mjs IN.jsonl OUT.parquet
//          [--threads N] [--max-object-size BYTES] [--row-group-size ROWS]
//          [--compression CODEC]
import { cpus } from 'node:os';
import { statSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';

const args = process.argv.slice(2);
const pos = [];
const opt = { threads: cpus().length, maxObjectSize: 256 * 1024 * 1024, rowGroupSize: 16384, compression: 'zstd' };
for (let i = 0; i < args.length; i++) {
  switch (args[i]) {
    case '--threads': opt.threads = parseInt(args[++i], 10); break;
    case '--max-object-size': opt.maxObjectSize = parseInt(args[++i], 10); break;
    case '--row-group-size': opt.rowGroupSize = parseInt(args[++i], 10); break;
    case '--compression': opt.compression = args[++i]; break;
    default: pos.push(args[i]);
  }
}
if (pos.length !== 2 || !/^[a-z0-9_]+$/.test(opt.compression ?? '')) {
  console.error('usage: node duckdb_convert.mjs IN.jsonl OUT.parquet [--threads N] [--max-object-size BYTES] [--row-group-size ROWS] [--compression CODEC]');
  process.exit(2);
}
const [src, dst] = pos;
const q = (s) => `'${String(s).replaceAll("'", "''")}'`;

const instance = await DuckDBInstance.create(':memory:');
const con = await instance.connect();
await con.run(`SET threads = ${opt.threads}`);
await con.run('SET preserve_insertion_order = true');
const t0 = performance.now();
await con.run(`COPY (
  SELECT id, text, label FROM read_json(${q(src)},
    format = 'newline_delimited',
    columns = {id: 'VARCHAR', text: 'VARCHAR', label: 'VARCHAR'},
    maximum_object_size = ${opt.maxObjectSize})
) TO ${q(dst)} (FORMAT parquet, COMPRESSION ${opt.compression}, ROW_GROUP_SIZE ${opt.rowGroupSize})`);
const secs = (performance.now() - t0) / 1000;
const meta = (await con.runAndReadAll(
  `SELECT count(*) AS n FROM read_parquet(${q(dst)})`)).getRowObjects()[0];
const schema = (await con.runAndReadAll(
  `SELECT column_name AS name, column_type AS type FROM (DESCRIBE SELECT * FROM read_parquet(${q(dst)}))`)).getRowObjects();
console.error(`duckdb_convert: ${src} (${statSync(src).size} B) -> ${dst} (${statSync(dst).size} B), ` +
  `${Number(meta.n)} rows, ${secs.toFixed(1)} s; columns: ` +
  schema.map((r) => `${r.name}:${r.type}`).join(', '));

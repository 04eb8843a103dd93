// gen_duckdb.mjs — writes the DuckDB-made fixtures and the DuckDB reference
// statistics (duckdb_reference.json) for every fixture in this directory.
//
// Needs the npm package @duckdb/node-api installed in some directory OUTSIDE
// the repository, e.g.:
//
//   mkdir -p /tmp/duckgen && (cd /tmp/duckgen && npm init -y && npm install @duckdb/node-api)
//   DUCKDB_NODE_DIR=/tmp/duckgen node testdata/parquet/gen_duckdb.mjs
//
// DUCKDB_NODE_DIR is the directory holding node_modules/@duckdb/node-api
// (defaults to the current directory). Run it AFTER the Go generator
// (go test ./internal/fixtures -run TestGenerateParquetFixtures -update-fixtures),
// because the reference covers the Go-written files too; then run
// go test ./internal/fixtures -run TestWriteManifest -update-manifest.
// testdata/parquet/regen.sh does all three.
//
// Token rule (the project's contract, computed here by DuckDB itself as an
// independent reference):
//   unnest(regexp_split_to_array(lower(text), '[^\p{L}\p{N}]+')), '' dropped.

import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import fs from 'node:fs';
import path from 'node:path';

const nodeDir = path.resolve(process.env.DUCKDB_NODE_DIR || process.cwd());
const require = createRequire(path.join(nodeDir, 'noop.js'));
const { DuckDBInstance } = require('@duckdb/node-api');
const duckPkg = require('@duckdb/node-api/package.json');

const here = path.dirname(fileURLToPath(import.meta.url));
const corpusPath = path.join(here, 'corpus.json');
const ROW_GROUP_SIZE = 10;

// Fixtures covered by the reference: [file, text column expression].
const VALID = [
  ['duckdb.parquet', 'text'],
  ['duckdb_intlabel.parquet', 'text'],
  ['arrow_large_dict.parquet', 'text'],
  ['parquetgo.parquet', 'text'],
  ['nested.parquet', 'meta.body'],
  ['plain_dict.parquet', 'text'],
  ['empty_rows.parquet', 'text'],
];
const BROKEN = ['truncated.parquet', 'not_parquet.parquet'];

const sqlStr = (s) => `'${s.replaceAll("'", "''")}'`;

const inst = await DuckDBInstance.create(':memory:', { threads: '1' });
const con = await inst.connect();
const all = async (sql) => (await con.runAndReadAll(sql)).getRowObjectsJson();

const version = (await all('SELECT version() AS v'))[0].v;
// One thread + preserve_insertion_order keeps the output deterministic and
// lets ROW_GROUP_SIZE take effect per input chunk.
await con.run('SET threads = 1');
await con.run('SET preserve_insertion_order = true');

await con.run("CREATE TYPE label_enum AS ENUM ('news', 'review', 'forum')");
await con.run(`
  CREATE TABLE corpus AS
  SELECT id::BIGINT AS id, "text"::VARCHAR AS "text",
         label::label_enum AS label, label_int::INTEGER AS label_int
  FROM read_json(${sqlStr(corpusPath)}, format = 'array',
       columns = {id: 'BIGINT', "text": 'VARCHAR', label: 'VARCHAR', label_int: 'INTEGER'})
  ORDER BY id`);
const n = Number((await all('SELECT count(*) AS n FROM corpus'))[0].n);

// DuckDB only closes a row group once ROW_GROUP_SIZE rows are buffered, and
// a 40-row scan arrives as one chunk; a UNION ALL of 10-row slices feeds it
// separate chunks so the file really gets ceil(n/10) row groups.
function sliced(cols) {
  const parts = [];
  for (let lo = 0; lo < n; lo += ROW_GROUP_SIZE) {
    parts.push(`(SELECT ${cols} FROM corpus WHERE id > ${lo} AND id <= ${lo + ROW_GROUP_SIZE} ORDER BY id)`);
  }
  return parts.join(' UNION ALL ');
}

const outEnum = path.join(here, 'duckdb.parquet');
const outInt = path.join(here, 'duckdb_intlabel.parquet');
await con.run(`COPY (${sliced('id, "text", label')}) TO ${sqlStr(outEnum)}
  (FORMAT parquet, ROW_GROUP_SIZE ${ROW_GROUP_SIZE})`);
await con.run(`COPY (${sliced('id, "text", label_int AS label')}) TO ${sqlStr(outInt)}
  (FORMAT parquet, ROW_GROUP_SIZE ${ROW_GROUP_SIZE})`);

const writerDesc = `DuckDB ${version} (@duckdb/node-api ${duckPkg.version}), COPY ... TO (FORMAT parquet, ROW_GROUP_SIZE ${ROW_GROUP_SIZE})`;
const reference = {
  generated_by: 'testdata/parquet/gen_duckdb.mjs',
  duckdb_version: version,
  token_rule: "unnest(regexp_split_to_array(lower(text), '[^\\p{L}\\p{N}]+')) with '' dropped",
  writers: {
    'duckdb.parquet': writerDesc + '; label is an ENUM',
    'duckdb_intlabel.parquet': writerDesc + '; label is INTEGER 0/1',
  },
  files: {},
};

for (const [file, textCol] of VALID) {
  const p = path.join(here, file);
  if (!fs.existsSync(p)) {
    throw new Error(`${p} missing: run the Go generator first (see README.md)`);
  }
  const src = `read_parquet(${sqlStr(p)})`;
  const col = textCol.split('.').map((c) => `"${c}"`).join('.');
  const basic = (await all(`
    SELECT count(*) AS rows,
           count(*) FILTER (WHERE ${col} IS NULL) AS null_texts,
           count(*) FILTER (WHERE ${col} = '') AS empty_texts
    FROM ${src}`))[0];
  const meta = await all(`
    SELECT row_group_id, any_value(row_group_num_rows) AS rows, list(DISTINCT compression ORDER BY compression) AS codecs
    FROM parquet_metadata(${sqlStr(p)}) GROUP BY row_group_id ORDER BY row_group_id`);
  const createdBy = (await all(`SELECT created_by FROM parquet_file_metadata(${sqlStr(p)})`))[0].created_by;
  const labels = await all(`
    SELECT label::VARCHAR AS value, count(*) AS count FROM ${src}
    GROUP BY ALL ORDER BY value NULLS FIRST`);
  const toks = `(SELECT t FROM (SELECT unnest(regexp_split_to_array(lower(${col}), '[^\\p{L}\\p{N}]+')) AS t FROM ${src}) WHERE t <> '')`;
  const totals = (await all(`SELECT count(*) AS total, count(DISTINCT t) AS distinct FROM ${toks}`))[0];
  const top = await all(`SELECT t AS token, count(*) AS count FROM ${toks} GROUP BY t ORDER BY count DESC, t ASC LIMIT 5`);
  const codecs = [...new Set(meta.flatMap((m) => m.codecs))].sort();
  reference.files[file] = {
    text_column: textCol,
    created_by: createdBy,
    rows: Number(basic.rows),
    row_groups: meta.length,
    row_group_rows: meta.map((m) => Number(m.rows)),
    compression: codecs,
    null_texts: Number(basic.null_texts),
    empty_texts: Number(basic.empty_texts),
    labels: labels.map((l) => ({ value: l.value, count: Number(l.count) })),
    tokens: {
      total: Number(totals.total),
      distinct: Number(totals.distinct),
      top5: top.map((r) => ({ token: r.token, count: Number(r.count) })),
    },
  };
}

for (const file of BROKEN) {
  const p = path.join(here, file);
  let err = null;
  try {
    await all(`SELECT count(*) FROM read_parquet(${sqlStr(p)})`);
  } catch (e) {
    err = String(e.message ?? e).replaceAll(here + path.sep, '');
  }
  reference.files[file] = { duckdb_error: err };
}

fs.writeFileSync(path.join(here, 'duckdb_reference.json'), JSON.stringify(reference, null, 2) + '\n');
console.log(`wrote duckdb.parquet, duckdb_intlabel.parquet, duckdb_reference.json with ${version}`);

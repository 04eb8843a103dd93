#!/usr/bin/env node
// Chat and instruction shapes checked against DuckDB (issue 14).
//
// From the real mail corpus (id, text, label; benchmarks/mkcorpus.sh) DuckDB
// writes conversations and instruction triples, every row's text a turn:
//   openai.jsonl    {"id", "messages": [{"role", "content"}]}   (2 or 3 turns,
//                   every fifth conversation opens with a system turn)
//   sharegpt.jsonl  {"id", "conversations": [{"from", "value"}]} (human/gpt/system)
//   alpaca.jsonl    {"instruction", "input", "output"}   (every fourth input "")
//   chat.parquet    messages: list<struct<role, content>>
// and computes the ground truth on the same text joined as dataaudit reads
// it: the turns' contents joined with "\n" in order (Alpaca: instruction,
// input unless empty, output), tokenised as dataaudit's words/v1
// (regexp_split_to_array(lower(text), '[^\p{L}\p{N}]+')). Then it runs
// dataaudit on each file with default flags, with explicit --text, with
// --role user (against the user turns alone) and from standard input, and
// compares rows, total tokens and the top 100 tokens; flat.jsonl holds the
// same chats' joined text as a flat {"text"} field, for the checks and as
// the baseline of the throughput lines (perf: the whole scan, best of 5,
// MB/s of input per CPU second; the JSONL files are about the same size).
//
// usage: node benchmarks/chatshapes.mjs DATAAUDIT CORPUS.parquet OUTDIR [ROWS]
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';

const [bin, corpus, out, rowsArg] = process.argv.slice(2);
if (!bin || !corpus || !out) {
  console.error('usage: node chatshapes.mjs DATAAUDIT CORPUS.parquet OUTDIR [ROWS]');
  process.exit(2);
}
const rows = parseInt(rowsArg || '40000', 10);
const { DuckDBInstance } = await import('@duckdb/node-api');
const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
const q = async (sql) => (await con.runAndReadAll(sql)).getRowObjects();

await q(`CREATE TABLE src AS SELECT (row_number() OVER () - 1)::BIGINT AS rn, text FROM read_parquet('${corpus}') WHERE text IS NOT NULL LIMIT ${rows}`);
// Conversation c has 2 + c % 2 turns, cut from consecutive rows: system,
// user, assistant when c % 5 == 0, else user, assistant, user.
await q(`CREATE TABLE turns AS
  WITH cuts AS (SELECT rn, text, (rn // 3) AS conv, rn % 3 AS pos FROM src)
  SELECT conv, pos,
    CASE WHEN conv % 5 = 0 THEN ['system', 'user', 'assistant'][pos + 1] ELSE ['user', 'assistant', 'user'][pos + 1] END AS role,
    text AS content
  FROM cuts WHERE pos < 2 + conv % 2`);
await q(`CREATE TABLE chats AS SELECT conv AS id, list({'role': role, 'content': content} ORDER BY pos) AS messages FROM turns GROUP BY conv ORDER BY conv`);
await q(`COPY (SELECT id, messages FROM chats ORDER BY id) TO '${out}/openai.jsonl' (FORMAT JSON)`);
await q(`COPY (SELECT id, messages FROM chats ORDER BY id) TO '${out}/chat.parquet' (FORMAT PARQUET)`);
await q(`COPY (SELECT conv AS id, list({'from': CASE role WHEN 'user' THEN 'human' WHEN 'assistant' THEN 'gpt' ELSE role END, 'value': content} ORDER BY pos) AS conversations
  FROM turns GROUP BY conv ORDER BY conv) TO '${out}/sharegpt.jsonl' (FORMAT JSON)`);
await q(`CREATE TABLE alpaca AS SELECT rn // 3 AS k,
    max(text) FILTER (WHERE rn % 3 = 0) AS instruction,
    CASE WHEN (rn // 3) % 4 = 0 THEN '' ELSE max(text) FILTER (WHERE rn % 3 = 1) END AS input,
    max(text) FILTER (WHERE rn % 3 = 2) AS output
  FROM src GROUP BY rn // 3 HAVING count(*) = 3 ORDER BY k`);
await q(`COPY (SELECT instruction, input, output FROM alpaca ORDER BY k) TO '${out}/alpaca.jsonl' (FORMAT JSON)`);

// The texts as dataaudit joins them.
await q(`CREATE TABLE t_chat AS SELECT conv, string_agg(content, chr(10) ORDER BY pos) AS text FROM turns GROUP BY conv`);
await q(`CREATE TABLE t_user AS SELECT conv, string_agg(content, chr(10) ORDER BY pos) AS text FROM turns WHERE role = 'user' GROUP BY conv`);
await q(`COPY (SELECT text FROM t_chat ORDER BY conv) TO '${out}/flat.jsonl' (FORMAT JSON)`);
await q(`CREATE TABLE t_alpaca AS SELECT k, instruction || CASE WHEN input = '' THEN '' ELSE chr(10) || input END || chr(10) || output AS text FROM alpaca`);

async function truth(table) {
  const [{ n }] = await q(`SELECT count(*)::BIGINT AS n FROM ${table}`);
  const toks = `SELECT unnest(regexp_split_to_array(lower(text), '[^\\p{L}\\p{N}]+')) AS tok FROM ${table}`;
  const [{ total }] = await q(`SELECT count(*)::BIGINT AS total FROM (${toks}) WHERE tok <> ''`);
  const top = await q(`SELECT tok, count(*)::BIGINT AS c FROM (${toks}) WHERE tok <> '' GROUP BY tok ORDER BY c DESC, tok ASC LIMIT 100`);
  return { rows: Number(n), total: Number(total), top: top.map((r) => `${r.tok}:${r.c}`).join(' ') };
}

function audit(args, stdinFile) {
  const t0 = performance.now();
  const json = execFileSync(bin, ['scan', '--quiet', '--json', '-', ...args], {
    input: stdinFile ? readFileSync(stdinFile) : undefined,
    maxBuffer: 1 << 30,
  });
  const secs = (performance.now() - t0) / 1000;
  const d = JSON.parse(json);
  return {
    rows: d.summary.rows, total: d.tokens.total,
    top: d.tokens.top.map((t) => `${t.token}:${t.count}`).join(' '),
    shape: d.chat ? d.chat.shape : 'text', bad: d.summary.bad_records, secs,
  };
}

const cases = [
  ['openai default', 't_chat', [`${out}/openai.jsonl`], 'openai_chat'],
  ['openai --text messages', 't_chat', ['--text', 'messages', `${out}/openai.jsonl`], 'openai_chat'],
  ['openai --role user', 't_user', ['--role', 'user', `${out}/openai.jsonl`], 'openai_chat'],
  ['openai stdin', 't_chat', ['-'], 'openai_chat', `${out}/openai.jsonl`],
  ['sharegpt default', 't_chat', [`${out}/sharegpt.jsonl`], 'sharegpt'],
  ['sharegpt --text conversations', 't_chat', ['--text', 'conversations', `${out}/sharegpt.jsonl`], 'sharegpt'],
  ['sharegpt --role user', 't_user', ['--role', 'user', `${out}/sharegpt.jsonl`], 'sharegpt'],
  ['sharegpt stdin', 't_chat', ['-'], 'sharegpt', `${out}/sharegpt.jsonl`],
  ['alpaca default', 't_alpaca', [`${out}/alpaca.jsonl`], 'alpaca'],
  ['alpaca stdin', 't_alpaca', ['-'], 'alpaca', `${out}/alpaca.jsonl`],
  ['parquet default', 't_chat', [`${out}/chat.parquet`], 'openai_chat'],
  ['parquet --text messages', 't_chat', ['--text', 'messages', `${out}/chat.parquet`], 'openai_chat'],
  ['parquet --role user', 't_user', ['--role', 'user', `${out}/chat.parquet`], 'openai_chat'],
  ['parquet stdin', 't_chat', ['-'], 'openai_chat', `${out}/chat.parquet`],
  ['flat text of the same chats', 't_chat', [`${out}/flat.jsonl`], 'text'],
];
const truths = {};
let fails = 0;
for (const [name, table, args, shape, stdin] of cases) {
  truths[table] ??= await truth(table);
  const want = truths[table];
  const got = audit(args, stdin);
  const ok = got.rows === want.rows && got.total === want.total && got.top === want.top && got.shape === shape && got.bad === 0;
  if (!ok) fails++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name.padEnd(30)} rows ${got.rows}/${want.rows} tokens ${got.total}/${want.total} top100 ${got.top === want.top ? 'equal' : 'DIFFER'} shape ${got.shape} bad ${got.bad}`);
}
// Cost of chat parsing: the whole scan (default flags, --workers 1), best
// of 5, in MB/s of input per CPU second (user + system, from
// /usr/bin/time, so that other load on the machine counts less) and per
// wall second, against the flat text of the same chats.
function cpuRun(file) {
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S %e', bin, 'scan', '--quiet', '--workers', '1', '--json', '/dev/null', file], { encoding: 'utf8' });
  const [u, sys, wall] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
  return { cpu: u + sys, wall };
}
let flatCPU = 0;
for (const f of ['flat.jsonl', 'openai.jsonl', 'sharegpt.jsonl', 'alpaca.jsonl', 'chat.parquet']) {
  const mb = statSync(`${out}/${f}`).size / 1e6;
  let cpu = Infinity, wall = Infinity;
  for (let i = 0; i < 5; i++) {
    const r = cpuRun(`${out}/${f}`);
    cpu = Math.min(cpu, r.cpu);
    wall = Math.min(wall, r.wall);
  }
  if (f === 'flat.jsonl') flatCPU = mb / cpu;
  console.log(`perf ${f.padEnd(15)} ${mb.toFixed(1)} MB  cpu ${cpu.toFixed(2)} s = ${(mb / cpu).toFixed(0)} MB/s (${(mb / cpu / flatCPU).toFixed(2)}x flat)  wall ${wall.toFixed(2)} s`);
}
process.exit(fails ? 1 : 0);

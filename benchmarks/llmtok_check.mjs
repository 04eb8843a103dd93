// Checks dataaudit's LLM token counts against independent implementations:
// the npm package tiktoken (OpenAI's Rust tiktoken compiled to WASM) for
// cl100k_base and o200k_base, and @huggingface/tokenizers (the Hugging Face
// JavaScript implementation) for a tokenizer.json.
//
//   node benchmarks/llmtok_check.mjs FILE.jsonl TOKENIZER REPORT.json
//
// TOKENIZER is cl100k_base, o200k_base or hf:PATH/tokenizer.json, REPORT a
// dataaudit scan --json report of FILE made with that --tokenizer and a
// --top at least the number of distinct ids (--top 1000000). It encodes
// every row with a string "text" (special tokens as text for tiktoken, as
// encode_ordinary; as special tokens for Hugging Face, as encode does) and
// compares the total, the number of distinct ids and the count of every id.
// Exit status 0 when all agree, 1 otherwise.
import { readFileSync, createReadStream } from "node:fs";
import { createInterface } from "node:readline";

const [file, spec, reportPath] = process.argv.slice(2);
if (!file || !spec || !reportPath) {
  console.error("usage: node llmtok_check.mjs FILE.jsonl TOKENIZER REPORT.json");
  process.exit(2);
}

let encode, free = () => {}, impl;
if (spec.startsWith("hf:")) {
  const { Tokenizer } = await import("@huggingface/tokenizers");
  const tok = new Tokenizer(JSON.parse(readFileSync(spec.slice(3), "utf8")), {});
  encode = (t) => tok.encode(t, { add_special_tokens: false }).ids;
  impl = "@huggingface/tokenizers";
} else {
  const { get_encoding } = await import("tiktoken");
  const enc = get_encoding(spec);
  encode = (t) => enc.encode_ordinary(t);
  free = () => enc.free();
  impl = "tiktoken (npm, WASM)";
}

const counts = new Map();
let total = 0, rows = 0;
const start = Date.now();
const rl = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
for await (const line of rl) {
  if (line.trim() === "") continue;
  let rec;
  try { rec = JSON.parse(line); } catch { continue; }
  if (rec === null || typeof rec !== "object" || Array.isArray(rec) || typeof rec.text !== "string") continue;
  rows++;
  for (const id of encode(rec.text)) {
    counts.set(id, (counts.get(id) ?? 0) + 1);
    total++;
  }
}
free();
const secs = (Date.now() - start) / 1000;

const report = JSON.parse(readFileSync(reportPath, "utf8"));
const tk = report.tokens;
let ok = true;
const say = (what, ref, got) => {
  const same = ref === got;
  ok &&= same;
  console.log(`${what.padEnd(16)} ${impl}: ${ref}  dataaudit: ${got}  ${same ? "equal" : "DIFFERENT"}`);
};
console.log(`${file}: ${rows} rows, tokenizer ${spec}; ${impl} took ${secs.toFixed(1)} s`);
say("rows", rows, report.summary.rows);
say("tokens", total, tk.total);
say("distinct ids", counts.size, tk.distinct);
if (tk.top.length < tk.distinct) {
  console.log(`the report lists ${tk.top.length} of ${tk.distinct} ids: rerun dataaudit with --top 1000000`);
  ok = false;
}
let diff = 0;
for (const e of tk.top) {
  const ref = counts.get(e.id) ?? 0;
  if (ref !== e.count) {
    if (++diff <= 10) console.log(`  id ${e.id} ${JSON.stringify(e.token)}: ${impl} ${ref}, dataaudit ${e.count}`);
  }
}
say("per-id counts", 0, diff); // number of ids whose counts differ
process.exit(ok ? 0 : 1);

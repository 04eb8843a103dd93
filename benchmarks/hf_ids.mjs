// Prints the token ids @huggingface/tokenizers (the reference JavaScript
// implementation) gives for texts, with a tokenizer.json: the source of the
// ids in internal/llmtok/hf_test.go.
//
//   node benchmarks/hf_ids.mjs PATH/tokenizer.json TEXT...
import { readFileSync } from "node:fs";
import { Tokenizer } from "@huggingface/tokenizers";

const [path, ...texts] = process.argv.slice(2);
if (!path || texts.length === 0) {
  console.error("usage: node hf_ids.mjs PATH/tokenizer.json TEXT...");
  process.exit(2);
}
const tok = new Tokenizer(JSON.parse(readFileSync(path, "utf8")), {});
for (const t of texts) {
  console.log(JSON.stringify(t), JSON.stringify(tok.encode(t, { add_special_tokens: false }).ids));
}

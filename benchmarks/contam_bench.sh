#!/bin/sh
# Contamination and repeated-span benchmarks (benchmarks/README.md).
#
#   benchmarks/contam_bench.sh GSM8K_DIR MMLU_CSV_DIR [OUT_DIR]
#
# GSM8K_DIR holds test.jsonl and train.jsonl of openai/grade-school-math
# (grade_school_math/data/); MMLU_CSV_DIR the 57 CSVs of aryopg/mmlu-redux
# (mmlu_redux/). Neither is committed: copy them from those repositories.
# The training corpora are cut from /work/bench-data/corpus-200MB-s1.jsonl
# (benchmarks/mkcorpus.sh).
set -eu
gsm=$1 mmlu=$2 out=${3:-/tmp/contam-bench}
here=$(cd "$(dirname "$0")" && pwd)
corpus=${CORPUS:-/work/bench-data/corpus-200MB-s1.jsonl}
mkdir -p "$out"
go build -o "$out/dataaudit" "$here/../cmd/dataaudit"
go build -o "$out/spansref" "$here/spansref"
python3 "$here/mkcontam.py" contam "$gsm/test.jsonl" "$mmlu" "$corpus" "$out/c"
python3 "$here/mkcontam.py" spans "$corpus" "$out/s"

echo "== contamination: dataaudit"
/usr/bin/time -f "time %e s, peak RSS %M KB" "$out/dataaudit" contamination "$out/c/train.jsonl" --id id \
  --eval "$out/c/gsm8k.jsonl,$out/c/mmlu.jsonl,$out/c/custom.jsonl" --eval-text question,rest --eval-id id \
  --findings "$out/c/findings.jsonl" --json "$out/c/report.json" --quiet | sed -n 2,7p
python3 "$here/contam_score.py" "$out/c/truth.json" "$out/c/findings.jsonl"
echo "== contamination: 13-gram baseline (GPT-3 / lm-evaluation-harness style)"
/usr/bin/time -f "time %e s, peak RSS %M KB" python3 "$here/contam_ngram13.py" "$out/c/train.jsonl" "$out/c/ngram13.jsonl" \
  "$out/c/gsm8k.jsonl" "$out/c/mmlu.jsonl" "$out/c/custom.jsonl"
python3 "$here/contam_score.py" "$out/c/truth.json" "$out/c/ngram13.jsonl"

echo "== repeated 50-token spans: brute force (every 50-gram)"
/usr/bin/time -f "time %e s, peak RSS %M KB" "$out/spansref" -n 50 "$out/s/spans.jsonl" > "$out/s/ref.txt"
echo "== repeated 50-token spans: dataaudit scan --spans (and without, for the scan's own cost)"
/usr/bin/time -f "time %e s, peak RSS %M KB" "$out/dataaudit" scan "$out/s/spans.jsonl" --id id --quiet --json /dev/null > /dev/null
/usr/bin/time -f "time %e s, peak RSS %M KB" "$out/dataaudit" scan "$out/s/spans.jsonl" --id id --spans --quiet \
  --findings "$out/s/findings.jsonl" > /dev/null
python3 - "$out/s/ref.txt" "$out/s/findings.jsonl" <<'PY'
import json, sys
ref = set(open(sys.argv[1]).read().split())
got = {r["id"] for r in map(json.loads, open(sys.argv[2])) if r["kind"] == "repeated_span"}
tp = len(ref & got)
print("rows with a repeated span: brute force %d, dataaudit %d, recall %.4f, precision %.4f"
      % (len(ref), len(got), tp / len(ref), tp / max(1, len(got))))
PY

#!/usr/bin/env bash
# Evaluate profile, merge and compare with a language model's tokenizer
# (issue 5 part 5) on the corpora of compare_eval.sh, and print the numbers
# for benchmarks/README.md ("Comparing corpora in a model's tokens").
#
# usage: benchmarks/compare_tok_eval.sh [TOKENIZER] [DATADIR] [OUTDIR]
#   TOKENIZER  o200k_base (default), cl100k_base or hf:PATH/tokenizer.json
#   DATADIR    the corpora of compare_eval.sh (default /work/bench-data/compare; run it first)
#   OUTDIR     where the profiles and reports go (default /work/bench-data/compare-tok)
# Checks (exit 1 if one fails):
#   3. compare against a profile gives the same token divergence (and lengths, labels) as
#      against the raw data, in the tokenizer's tokens;
#   4. the profiles of the two shards merge into the profile of the whole: every field
#      identical with --top 0 but the shard count and the sketch's bytes and bounds; the exact
#      fields and a head of the top list with --top 10000;
#   6. compare of a profile made with this tokenizer against data with --tokenizer words
#      is an error (exit 2) that names both.
# Also times profiling the pretraining corpus with words and with the tokenizer,
# alternating (CPU time: the machine may be shared).
# Needs: go, node.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
tok=${1:-o200k_base}
data=${2:-/work/bench-data/compare}
out=${3:-/work/bench-data/compare-tok}
bin=$(mktemp -d)/dataaudit
ref="node $here/compare_ref.mjs"
(cd "$repo" && go build -o "$bin" ./cmd/dataaudit)
[[ -f $data/truth.jsonl ]] || { echo "no corpora in $data: run benchmarks/compare_eval.sh first"; exit 2; }
mkdir -p "$out"
cd "$out"
pre1=$data/pretrain-1.jsonl pre2=$data/pretrain-2.jsonl ft=$data/finetune.jsonl
fail=0
check() { if "$@"; then :; else echo "FAILED: $*"; fail=1; fi; }

echo "== compare pretrain finetune --tokenizer $tok (raw vs raw)"
/usr/bin/time -f "compare: %e s wall, %U s user, %S s sys, %M KB max RSS" \
  "$bin" compare "$data/pretrain-*.jsonl" "$ft" --tokenizer "$tok" --label label --no-overlap --show 10 --json cmp-raw.json --quiet >cmp-raw.txt
sed -n '1,30p' cmp-raw.txt

echo "-- 3. compare against a profile = against the raw data"
"$bin" profile "$pre1" "$pre2" --tokenizer "$tok" --label label -o pre.json --quiet
"$bin" profile "$ft" --tokenizer "$tok" --label label -o ft.json --quiet
# No --tokenizer: the profile's is used for the raw side.
"$bin" compare pre.json "$ft" --label label --json cmp-prof-raw.json --quiet >/dev/null
"$bin" compare "$data/pretrain-*.jsonl" ft.json --label label --json cmp-raw-prof.json --quiet >/dev/null
"$bin" compare pre.json ft.json --json cmp-prof-prof.json --quiet >/dev/null
for f in cmp-prof-raw.json cmp-raw-prof.json cmp-prof-prof.json; do
  for field in tokens lengths labels settings.tokenizer; do
    check $ref same cmp-raw.json $f $field
  done
done
# Not a check (a token a profile does not list is scored at its bound), but say whether the
# drivers came out the same.
node -e '
  const fs = require("fs");
  const r = JSON.parse(fs.readFileSync("cmp-raw.json"));
  console.log(`tokens: ${JSON.stringify(r.tokens)}`);
  for (const f of ["cmp-prof-raw.json", "cmp-raw-prof.json", "cmp-prof-prof.json"]) {
    const p = JSON.parse(fs.readFileSync(f));
    const same = (k) => JSON.stringify(r[k]) === JSON.stringify(p[k]) ? `all ${r[k].length} identical` : "different";
    console.log(`drivers of ${f} vs raw vs raw: over-represented in B ${same("over_represented_in_b")}, in A ${same("over_represented_in_a")}`);
  }'

echo "-- 4. merge of the two shards' profiles = profile of the whole"
for top in 0 10000; do
  "$bin" profile "$pre1" --tokenizer "$tok" --label label -o s1.json --top $top --quiet
  "$bin" profile "$pre2" --tokenizer "$tok" --label label -o s2.json --top $top --quiet
  "$bin" profile "$pre1" "$pre2" --tokenizer "$tok" --label label -o whole.json --top $top --quiet
  "$bin" merge s1.json s2.json -o merged.json
  for field in counts tokens.total lengths labels manifest settings.tokenizer; do
    check $ref same whole.json merged.json $field
  done
  node -e '
    const fs = require("fs");
    const w = JSON.parse(fs.readFileSync("whole.json")), m = JSON.parse(fs.readFileSync("merged.json"));
    const n = m.tokens.top.length;
    const head = JSON.stringify(w.tokens.top.slice(0, n)) === JSON.stringify(m.tokens.top);
    const ex = w.tokens.distinct.exact, d = { ...m.tokens.distinct };
    let rest = true;
    if ('$top' === 0) {
      // Everything but shards and the sketch.
      for (const p of [w, m]) { delete p.shards; delete p.tokens.distinct.estimate; delete p.tokens.distinct.lower_2sd;
        delete p.tokens.distinct.upper_2sd; delete p.tokens.distinct.sketch; delete p.tool; }
      rest = JSON.stringify(w) === JSON.stringify(m);
    }
    console.log(`--top '$top': merged lists ${n} of the whole'"'"'s ${w.tokens.top.length} top tokens, ${head ? "identical to its head" : "NOT its head"}; ` +
      `${'$top' === 0 ? (rest ? "all other fields identical; " : "OTHER FIELDS DIFFER; ") : ""}` +
      `distinct exact ${ex}, merged estimate ${d.estimate} [${d.lower_2sd}, ${d.upper_2sd}] (${((d.estimate - ex) / ex * 100).toFixed(2)}%), merged exact ${d.exact ?? "n/a"}`);
    process.exit(head && rest && ex >= d.lower_2sd && ex <= d.upper_2sd ? 0 : 1);' || fail=1
done

echo "-- 6. a profile made with $tok against data counted in words"
if "$bin" compare pre.json "$ft" --tokenizer words --quiet >/dev/null 2>err.txt; then
  echo "FAILED: compare across tokenizers succeeded"; fail=1
else
  code=$?; cat err.txt; [[ $code == 2 ]] || { echo "FAILED: exit $code, want 2"; fail=1; }
fi

echo "-- profiling the pretraining corpus: words vs $tok, alternating (user+sys CPU)"
for i in 1 2 3; do
  /usr/bin/time -f "words:  %e s wall, %U user, %S sys, %M KB max RSS" "$bin" profile "$pre1" "$pre2" -o /dev/null --quiet --no-hash
  /usr/bin/time -f "$tok: %e s wall, %U user, %S sys, %M KB max RSS" "$bin" profile "$pre1" "$pre2" -o /dev/null --quiet --no-hash --tokenizer "$tok"
done
exit $fail

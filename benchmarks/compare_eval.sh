#!/usr/bin/env bash
# Evaluate profile, merge, compare and verify (issue 5) on real text with a
# known overlap and a known shift, and print the numbers for
# benchmarks/README.md ("Comparing corpora").
#
# usage: benchmarks/compare_eval.sh [DATADIR]   (default /work/bench-data/compare)
#
# Data (outside the repository, built by benchmarks/mkcompare if missing):
#   pretraining = fortunes (Debian fortunes) + the KJV Bible in passages of
#                 five verses (Debian bible-kjv) + SpamAssassin ham mails,
#                 in two shards;
#   fine-tuning = SpamAssassin spam mails + 400 pretraining rows copied
#                 verbatim + 400 copied with 5-10% of their words edited
#                 (truth.jsonl says which).
# Checks (exit 1 if one fails):
#   1. contamination: recall >= 0.95 at precision >= 0.95 (compare's overlap rows vs truth.jsonl);
#   2. at least 15 of the 20 tokens most over-represented in the fine-tuning set by an
#      independent reference (compare_ref.mjs, Node) are in compare's top 30;
#   3. compare against a profile gives the same token divergence as against the raw data;
#   4. the profiles of the two shards merge into the profile of the whole (exact fields);
#   5. verify catches a file changed by one byte.
# Needs: go, node, bible (Debian bible-kjv), fortunes.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
data=${1:-/work/bench-data/compare}
bin=$(mktemp -d)/dataaudit
ref="node $here/compare_ref.mjs"
(cd "$repo" && go build -o "$bin" ./cmd/dataaudit)
mkdir -p "$data"
if [[ ! -f $data/truth.jsonl ]]; then
  bible -f "Gen1:1-Rev22:21" >"$data/bible.txt"
  (cd "$repo" && go run ./benchmarks/mkcompare -bible "$data/bible.txt" -out "$data")
fi
cd "$data"
fail=0
check() { if "$@"; then :; else echo "FAILED: $*"; fail=1; fi; }

echo "== compare pretrain-*.jsonl finetune.jsonl (raw vs raw)"
/usr/bin/time -f "compare: %e s wall, %U s user, %S s sys, %M KB max RSS" \
  "$bin" compare 'pretrain-*.jsonl' finetune.jsonl --label label --json cmp-raw.json --overlap-rows 1000000 --quiet >cmp-raw.txt
sed -n '1,5p' cmp-raw.txt
echo "-- 1. contamination"
check $ref contamination truth.jsonl cmp-raw.json
echo "-- 2. over-represented tokens: reference top 20 in compare's top 30"
$ref logodds pretrain-1.jsonl pretrain-2.jsonl -- finetune.jsonl 1000 20 >ref-top20.json
echo "reference: $(cat ref-top20.json)"
check $ref overlap ref-top20.json cmp-raw.json 30

echo "-- 3. compare against a profile = against the raw data"
"$bin" profile pretrain-1.jsonl pretrain-2.jsonl --label label -o pre.json --quiet
"$bin" profile finetune.jsonl --label label -o ft.json --quiet
"$bin" compare pre.json finetune.jsonl --label label --json cmp-prof-raw.json --quiet >/dev/null
"$bin" compare 'pretrain-*.jsonl' ft.json --label label --json cmp-raw-prof.json --quiet >/dev/null
"$bin" compare pre.json ft.json --json cmp-prof-prof.json --quiet >/dev/null
for f in cmp-prof-raw.json cmp-raw-prof.json cmp-prof-prof.json; do
  for field in tokens lengths labels; do
    check $ref same cmp-raw.json $f $field
  done
done

echo "-- 4. merge of the two shards' profiles = profile of the whole"
for top in 0 10000 50000; do
  "$bin" profile pretrain-1.jsonl --label label -o s1.json --top $top --quiet
  "$bin" profile pretrain-2.jsonl --label label -o s2.json --top $top --quiet
  "$bin" profile pretrain-1.jsonl pretrain-2.jsonl --label label -o whole.json --top $top --quiet
  "$bin" merge s1.json s2.json -o merged.json
  for field in counts tokens.total lengths labels manifest; do
    check $ref same whole.json merged.json $field
  done
  node -e '
    const fs = require("fs");
    const w = JSON.parse(fs.readFileSync("whole.json")), m = JSON.parse(fs.readFileSync("merged.json"));
    const n = m.tokens.top.length;
    const head = JSON.stringify(w.tokens.top.slice(0, n)) === JSON.stringify(m.tokens.top);
    const ex = w.tokens.distinct.exact, d = m.tokens.distinct;
    console.log(`--top '$top': merged lists ${n} of the whole'"'"'s ${w.tokens.top.length} top tokens, ${head ? "identical to its head" : "NOT its head"}; ` +
      `distinct exact ${ex}, merged estimate ${d.estimate} [${d.lower_2sd}, ${d.upper_2sd}] (${((d.estimate - ex) / ex * 100).toFixed(2)}%), merged exact ${d.exact ?? "n/a"}`);
    process.exit(head && ex >= d.lower_2sd && ex <= d.upper_2sd ? 0 : 1);' || fail=1
  if [[ $top == 10000 ]]; then
    # The merged profile lists fewer tokens; compare cuts the other side to
    # as many, and the divergence is that of the raw data cut the same way.
    n=$(node -e 'console.log(JSON.parse(require("fs").readFileSync("merged.json")).tokens.top.length)')
    "$bin" compare merged.json finetune.jsonl --json cmp-merged.json --quiet >/dev/null
    "$bin" compare 'pretrain-*.jsonl' finetune.jsonl --top "$n" --no-overlap --json cmp-raw-n.json --quiet >/dev/null
    check $ref same cmp-raw-n.json cmp-merged.json tokens
  fi
done

echo "-- 5. verify catches a one-byte change"
tmp=$(mktemp -d)
cp finetune.jsonl "$tmp/ft.jsonl"
"$bin" profile "$tmp/ft.jsonl" -o "$tmp/p.json" --quiet
"$bin" verify "$tmp/p.json" "$tmp/ft.jsonl" || { echo "FAILED: verify of an unchanged file"; fail=1; }
# Flip one letter in the middle of the file (s -> S, same size).
off=$(grep -bo 's' "$tmp/ft.jsonl" | sed -n '100000p' | cut -d: -f1)
printf 'S' | dd of="$tmp/ft.jsonl" bs=1 seek="$off" conv=notrunc status=none
if "$bin" verify "$tmp/p.json" "$tmp/ft.jsonl"; then echo "FAILED: verify missed a one-byte change"; fail=1; else echo "exit $? (want 1)"; fi
rm -rf "$tmp"

echo "-- SHA-256 cost: profile with and without hashing, alternating (shared machine: compare CPU, not wall)"
big=${BIG:-/work/bench-data/corpus-200MB-s1.jsonl}
if [[ -f $big ]]; then
  for i in 1 2 3; do
    /usr/bin/time -f "with hash:    %e s wall, %U user, %S sys" "$bin" profile "$big" -o /dev/null --quiet
    /usr/bin/time -f "without hash: %e s wall, %U user, %S sys" "$bin" profile "$big" -o /dev/null --quiet --no-hash
  done
fi
exit $fail

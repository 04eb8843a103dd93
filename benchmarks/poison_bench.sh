#!/usr/bin/env bash
# Issue 17: plant poison in real corpora (mkpoison), scan with --poison,
# score against the ground truth (poison_score.py), and measure the cost
# against a plain scan. See benchmarks/README.md, "Issue 17 evaluation".
#
# usage: benchmarks/poison_bench.sh [WORKDIR]   (default /tmp/poison-bench)
# Needs /work/bench-data/corpus-200MB-s1.jsonl (mkcorpus.sh), Debian
# wamerican (/usr/share/dict/words), dict-gcide and fortunes.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
w=${1:-/tmp/poison-bench}
mkdir -p "$w"
(cd "$repo" && go build -o "$w/dataaudit" ./cmd/dataaudit && go build -o "$w/mkpoison" ./benchmarks/mkpoison)
mail=/work/bench-data/corpus-200MB-s1.jsonl
[ -f "$w/text.jsonl" ] || python3 "$here/mktextcorpus.py" "$w/text.jsonl" 100000 1

gen() { # NAME ARGS...
  local name=$1; shift
  [ -f "$w/$name.jsonl" ] || "$w/mkpoison" -out "$w/$name.jsonl" -truth "$w/$name.truth.jsonl" "$@"
}
gen mail-none -in $mail -variant none
gen mail-tokvocab -in $mail -variant tokvocab
gen mail-dict -in $mail -variant dict
gen mail-salad -in $mail -variant salad
gen mail-tokvocab-rare -in $mail -variant tokvocab -trigger-rare
gen mail-salad-rare -in $mail -variant salad -trigger-rare -seed 2
gen mail-salad-mid -in $mail -variant salad -mid -seed 3
gen mail-dict-midrare -in $mail -variant dict -mid -trigger-rare -seed 4
for v in none tokvocab dict salad; do gen text-$v -in "$w/text.jsonl" -variant $v -seed 5; done

for f in mail-none mail-tokvocab mail-dict mail-salad mail-tokvocab-rare mail-salad-rare mail-salad-mid mail-dict-midrare text-none text-tokvocab text-dict text-salad; do
  "$w/dataaudit" scan --quiet --id id --poison --findings "$w/$f.findings.jsonl" --json "$w/$f.report.json" "$w/$f.jsonl" >/dev/null
  v=${f#*-}; v=${v%%-*}
  docs=$(wc -l < "$w/$f.jsonl")
  echo -n "$f: "; python3 "$here/poison_score.py" --variant=$v --docs=$docs "$w/$f.truth.jsonl" "$w/$f.findings.jsonl" | tr '\n' ' '; echo
done

# Cost: a plain scan and one with --poison, twice each, on the clean mail corpus.
for i in 1 2; do
  for args in "" "--poison"; do
    /usr/bin/time -v "$w/dataaudit" scan --quiet $args --json "$w/cost.json" "$w/mail-none.jsonl" >/dev/null 2> "$w/time.txt"
    mbps=$(python3 -c "import json; print(json.load(open('$w/cost.json'))['run']['input_mb_per_s'])")
    echo "cost scan ${args:-plain}: wall $(grep Elapsed "$w/time.txt" | awk '{print $NF}') user $(grep 'User time' "$w/time.txt" | awk '{print $NF}')s input_mb_per_s $mbps peak_rss $(grep 'Maximum res' "$w/time.txt" | awk '{print $NF}') KB"
  done
done
uptime

#!/usr/bin/env bash
# Dataset splits (issue 14): split_overlap recall and precision on a split directory with planted
# copies of training rows, and the cost of the split checks against a plain scan.
#
#   benchmarks/splits.sh [-n REPEATS] [-o OUTDIR] [CORPUS.jsonl]
#
# CORPUS defaults to /work/bench-data/corpus-30MB-s1.jsonl (benchmarks/mkcorpus.sh). mksplits
# cuts it into a Hugging Face layout (OUTDIR/jsonl/data/{train-0000[01]-of-00002,
# test-00000-of-00001,validation-00000-of-00001}.jsonl) with 600 planted copies (verbatim,
# re-cased and re-spaced, 5-10% of words edited) and their truth; DuckDB (benchmarks/node_modules,
# see package.json) writes the same rows as Parquet (OUTDIR/parquet/data/*.parquet). For each
# format it runs, alternating, REPEATS times (default 3):
#   dataaudit scan --quiet --splits=false DIR   (a plain scan: one corpus)
#   dataaudit scan --quiet DIR                  (split table, per-split counts, split_overlap)
# and prints the best wall and CPU (user+sys) time and the peak RSS of each, their ratios, and
# mksplits' score of the split_overlap findings against the truth. Exit 1 if recall < 0.95 or
# precision < 0.9.
set -euo pipefail

repeats=3
outdir=/work/bench-data/splits
while getopts "n:o:" opt; do
	case $opt in
	n) repeats=$OPTARG ;;
	o) outdir=$OPTARG ;;
	*) exit 2 ;;
	esac
done
shift $((OPTIND - 1))
corpus=${1:-/work/bench-data/corpus-30MB-s1.jsonl}
here=$(cd "$(dirname "$0")" && pwd)
bin=$outdir/bin
mkdir -p "$bin"
(cd "$here/.." && go build -o "$bin/dataaudit" ./cmd/dataaudit && go build -o "$bin/mksplits" ./benchmarks/mksplits)

rm -rf "$outdir/jsonl" "$outdir/parquet"
"$bin/mksplits" make -in "$corpus" -out "$outdir/jsonl"
mkdir -p "$outdir/parquet/data"
for f in "$outdir"/jsonl/data/*.jsonl; do
	node "$here/duckdb_convert.mjs" "$f" "$outdir/parquet/data/$(basename "$f" .jsonl).parquet" 2>/dev/null
done

fail=0
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
printf "%-8s %-7s %8s %8s %8s %6s %6s %6s %8s %9s\n" format run wall_s cpu_s rss_MB wall_x cpu_x rss_x recall precision
for fmt in jsonl parquet; do
	dir=$outdir/$fmt/data
	rm -f "$outdir"/*.time
	for _ in $(seq "$repeats"); do
		/usr/bin/time -f "%e %U %S %M" -o "$outdir/plain.time" -a "$bin/dataaudit" scan --quiet --splits=false --json /dev/null "$dir" >/dev/null
		/usr/bin/time -f "%e %U %S %M" -o "$outdir/splits.time" -a "$bin/dataaudit" scan --quiet --json /dev/null "$dir" >/dev/null
	done
	read -r _ pw pc pm < <(sort -n "$outdir/plain.time" | awk 'NR==1{w=$1; c=$2+$3} {if ($4>m) m=$4} END{printf "x %.2f %.2f %d\n", w, c, m/1024}')
	read -r _ sw sc sm < <(sort -n "$outdir/splits.time" | awk 'NR==1{w=$1; c=$2+$3} {if ($4>m) m=$4} END{printf "x %.2f %.2f %d\n", w, c, m/1024}')
	"$bin/dataaudit" scan --quiet --findings "$outdir/$fmt.findings.jsonl" --json "$outdir/$fmt.json" "$dir" >/dev/null
	"$bin/mksplits" score -dir "$outdir/jsonl" -findings "$outdir/$fmt.findings.jsonl" >"$outdir/$fmt.score.json"
	rec=$(python3 -c "import json;print(json.load(open('$outdir/$fmt.score.json'))['recall'])")
	prec=$(python3 -c "import json;print(json.load(open('$outdir/$fmt.score.json'))['precision'])")
	printf "%-8s %-7s %8s %8s %8s\n" "$fmt" plain "$pw" "$pc" "$pm"
	printf "%-8s %-7s %8s %8s %8s %6.2f %6.2f %6.2f %8s %9s\n" "$fmt" splits "$sw" "$sc" "$sm" \
		"$(echo "$sw / $pw" | bc -l)" "$(echo "$sc / $pc" | bc -l)" "$(echo "$sm / $pm" | bc -l)" "$rec" "$prec"
	python3 - "$rec" "$prec" <<'PY' || fail=1
import sys
r, p = map(float, sys.argv[1:])
sys.exit(0 if r >= 0.95 and p >= 0.9 else 1)
PY
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "scores: $outdir/jsonl.score.json $outdir/parquet.score.json"
exit $fail

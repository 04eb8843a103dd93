#!/usr/bin/env bash
# Near-duplicate detection, dataaudit vs Python datasketch MinHashLSH (issue 3).
#
#   benchmarks/neardup_peer.sh [-n REPEATS] [-w WORKERS] [-o OUTDIR] [-l LIMIT] FILE [TRUTH]
#
# Runs, alternating, REPEATS times (default 1):
#   dataaudit scan --near-dups --quiet --workers W --findings OUT FILE
#   python3 benchmarks/datasketch_neardup.py FILE --out PAIRS   (128 permutations, threshold 0.8, 5-word shingles)
# each under /usr/bin/time -v, and prints the best wall time, the CPU time (user+sys) of that
# run and the largest peak RSS of each tool, and the ratios. With TRUTH (mkfaults' truth.jsonl
# for FILE) it scores both with scorefaults: datasketch's raw LSH candidates and those whose
# estimated Jaccard reaches 0.8.
#
# datasketch is not part of this repository: set DATASKETCH_PATH to the directory that holds
# the datasketch package (default /work/peers/datasketch). Python: $PYTHON (default
# /usr/bin/python3, which needs Debian's python3-numpy and python3-scipy).
# -l LIMIT runs datasketch on the first LIMIT rows only (and dataaudit on the same rows).
set -euo pipefail

repeats=1
workers=2
outdir=/work/bench-data/neardup-peer
limit=0
while getopts "n:w:o:l:" opt; do
	case $opt in
	n) repeats=$OPTARG ;;
	w) workers=$OPTARG ;;
	o) outdir=$OPTARG ;;
	l) limit=$OPTARG ;;
	*) exit 2 ;;
	esac
done
shift $((OPTIND - 1))
if [ $# -lt 1 ]; then
	echo "usage: $0 [-n REPEATS] [-w WORKERS] [-o OUTDIR] [-l LIMIT] FILE [TRUTH]" >&2
	exit 2
fi
file=$1
truth=${2:-}
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
python=${PYTHON:-/usr/bin/python3}
dspath=${DATASKETCH_PATH:-/work/peers/datasketch}
mkdir -p "$outdir/runs"

if [ "$limit" -gt 0 ]; then
	head -n "$limit" "$file" >"$outdir/input.jsonl"
	file=$outdir/input.jsonl
fi

dataaudit=${DATAAUDIT:-}
if [ -z "$dataaudit" ]; then
	dataaudit=$outdir/dataaudit
	(cd "$repo" && CGO_ENABLED=0 go build -trimpath -tags disable_grpc_modules -o "$dataaudit" ./cmd/dataaudit)
fi
scorer=$outdir/scorefaults
(cd "$repo" && go build -o "$scorer" ./benchmarks/scorefaults)

# secs FILE: wall seconds from a /usr/bin/time -v report.
secs() { awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s}' "$1"; }
cpu() { awk -F': ' '/User time/ {u = $2} /System time/ {s = $2} END {printf "%.2f", u + s}' "$1"; }
rss() { awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$1"; }

best_da=; best_ds=; cpu_da=; cpu_ds=; rss_da=0; rss_ds=0
for r in $(seq 1 "$repeats"); do
	t=$outdir/runs/dataaudit-$r.time
	/usr/bin/time -v -o "$t" "$dataaudit" scan --near-dups --quiet --workers "$workers" \
		--findings "$outdir/dataaudit.findings.jsonl" "$file" >/dev/null
	s=$(secs "$t")
	if [ -z "$best_da" ] || awk -v a="$s" -v b="$best_da" 'BEGIN {exit !(a < b)}'; then best_da=$s; cpu_da=$(cpu "$t"); fi
	rss_da=$(awk -v a="$rss_da" -v b="$(rss "$t")" 'BEGIN {print (a > b ? a : b)}')

	t=$outdir/runs/datasketch-$r.time
	PYTHONPATH=$dspath /usr/bin/time -v -o "$t" "$python" "$here/datasketch_neardup.py" "$file" \
		--out "$outdir/datasketch.pairs.jsonl" 2>"$outdir/runs/datasketch-$r.log"
	cat "$outdir/runs/datasketch-$r.log" >&2
	s=$(secs "$t")
	if [ -z "$best_ds" ] || awk -v a="$s" -v b="$best_ds" 'BEGIN {exit !(a < b)}'; then best_ds=$s; cpu_ds=$(cpu "$t"); fi
	rss_ds=$(awk -v a="$rss_ds" -v b="$(rss "$t")" 'BEGIN {print (a > b ? a : b)}')
done

rows=$(wc -l <"$file")
echo
echo "file: $file ($rows rows, $(stat -c %s "$file") bytes); best of $repeats; dataaudit --workers $workers, datasketch one process"
printf "%-11s %9s %9s %12s\n" tool "wall s" "CPU s" "peak RSS MB"
printf "%-11s %9.2f %9.2f %12s\n" dataaudit "$best_da" "$cpu_da" "$rss_da"
printf "%-11s %9.2f %9.2f %12s\n" datasketch "$best_ds" "$cpu_ds" "$rss_ds"
awk -v a="$best_ds" -v b="$best_da" -v c="$cpu_ds" -v d="$cpu_da" \
	'BEGIN {printf "dataaudit is %.1fx faster (wall), %.1fx less CPU time (target: 10x)\n", a / b, c / d}'

if [ -n "$truth" ]; then
	echo
	echo "--- dataaudit --near-dups"
	"$scorer" -truth "$truth" -corpus "$file" -findings "$outdir/dataaudit.findings.jsonl" | sed -n '/== near duplicates/,/^predicted clusters joining/p'
	echo "--- datasketch MinHashLSH, raw LSH candidates"
	"$scorer" -truth "$truth" -corpus "$file" -pairs "$outdir/datasketch.pairs.jsonl" | sed -n '/^peer pairs/p;/== near duplicates/,/^predicted clusters joining/p'
	echo "--- datasketch MinHashLSH, candidates with estimated Jaccard >= 0.8"
	"$scorer" -truth "$truth" -corpus "$file" -pairs "$outdir/datasketch.pairs.jsonl" -pair-min 0.8 | sed -n '/^peer pairs/p;/== near duplicates/,/^predicted clusters joining/p'
fi

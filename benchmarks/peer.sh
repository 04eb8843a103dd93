#!/usr/bin/env bash
# Peer comparison: dataaudit vs DuckDB (top-N tokens of the text column).
#
# usage: benchmarks/peer.sh [-n REPEATS] [-t THREADS] [-k TOP] [-o OUTDIR] FILE...
#   e.g. benchmarks/peer.sh /work/bench-data/corpus-200MB-s1.jsonl /work/bench-data/corpus-200MB-s1.parquet
#
# For every FILE, runs REPEATS (default 3) times, alternating the tools:
#   dataaudit scan --quiet --json OUT --top TOP --workers THREADS FILE
#   node benchmarks/duckdb_topn.mjs FILE --top TOP --threads THREADS --out OUT
# each under /usr/bin/time -v. Reports the best wall time (end to end, process
# start to exit, so Node/DuckDB start-up is included; typically ~0.3 s), the
# CPU time (user+sys) of that run, and the largest peak RSS over all runs.
# Then checks that the top-TOP (token, count) lists agree exactly, in order
# (benchmarks/compare_top.mjs), and prints a table plus the throughput ratio
# dataaudit/DuckDB per file, plus the CPU-time ratio, which is less sensitive
# to other load on a shared machine. Exit status 1 if any comparison failed.
#
# Environment:
#   DATAAUDIT=/path/to/dataaudit  use this binary instead of building one
#                                 (default: the README's build -> OUTDIR/bin/dataaudit)
#   DUCKDB_ARGS="..."             extra args for duckdb_topn.mjs (e.g. --max-object-size N)
#   DATAAUDIT_ARGS="..."          extra args for dataaudit scan
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
reps=3
threads=$(nproc)
top=100
outdir=/work/bench-data/peer-out

while getopts "n:t:k:o:h" o; do
  case $o in
    n) reps=$OPTARG ;;
    t) threads=$OPTARG ;;
    k) top=$OPTARG ;;
    o) outdir=$OPTARG ;;
    *) sed -n '2,25p' "$0"; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || { sed -n '2,25p' "$0"; exit 2; }
mkdir -p "$outdir/bin" "$outdir/runs"

[ -x /usr/bin/time ] || { echo "peer.sh: /usr/bin/time missing (apt-get install time)" >&2; exit 1; }
if [ ! -d "$here/node_modules/@duckdb/node-api" ]; then
  echo "peer.sh: installing @duckdb/node-api into benchmarks/node_modules" >&2
  (cd "$here" && npm install --no-audit --no-fund >&2)
fi
if [ -z "${DATAAUDIT:-}" ]; then
  DATAAUDIT=$outdir/bin/dataaudit
  echo "peer.sh: CGO_ENABLED=0 go build -trimpath -tags disable_grpc_modules -o $DATAAUDIT ./cmd/dataaudit" >&2
  (cd "$repo" && CGO_ENABLED=0 go build -trimpath -tags disable_grpc_modules -o "$DATAAUDIT" ./cmd/dataaudit)
fi

# run_timed LOG CMD... : run CMD under /usr/bin/time -v; prints "wall cpu rss_kb".
run_timed() {
  local log=$1; shift
  if ! /usr/bin/time -v -o "$log.time" "$@" >"$log.stdout" 2>"$log.stderr"; then
    echo "peer.sh: command failed: $*" >&2
    tail -5 "$log.stderr" >&2
    tail -20 "$log.time" >&2
    return 1
  fi
  awk -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, p, ":"); w = 0; for (i = 1; i <= n; i++) w = w * 60 + p[i] }
    /User time \(seconds\)/   { u = $2 }
    /System time \(seconds\)/ { s = $2 }
    /Maximum resident set size/ { r = $2 }
    END { printf "%.2f %.2f %d\n", w, u + s, r }' "$log.time"
}

declare -a rows
status=0
for f in "$@"; do
  [ -f "$f" ] || { echo "peer.sh: no such file $f" >&2; exit 1; }
  bytes=$(stat -c %s "$f")
  base=$(basename "$f")
  da_best=""; dd_best=""; da_rss=0; dd_rss=0
  for ((r = 1; r <= reps; r++)); do
    da_json=$outdir/runs/$base.dataaudit.json
    dd_json=$outdir/runs/$base.duckdb.json
    # shellcheck disable=SC2086
    read -r w c m < <(run_timed "$outdir/runs/$base.dataaudit.$r" \
      "$DATAAUDIT" scan --quiet --json "$da_json" --top "$top" --workers "$threads" ${DATAAUDIT_ARGS:-} "$f") || exit 1
    echo "peer.sh: $base dataaudit run $r: ${w}s wall, ${c}s cpu, $((m / 1024)) MB RSS" >&2
    if [ -z "$da_best" ] || awk -v a="$w" -v b="${da_best%% *}" 'BEGIN{exit !(a < b)}'; then da_best="$w $c"; fi
    [ "$m" -gt "$da_rss" ] && da_rss=$m
    # shellcheck disable=SC2086
    read -r w c m < <(run_timed "$outdir/runs/$base.duckdb.$r" \
      node "$here/duckdb_topn.mjs" "$f" --top "$top" --threads "$threads" --out "$dd_json" ${DUCKDB_ARGS:-}) || exit 1
    echo "peer.sh: $base duckdb    run $r: ${w}s wall, ${c}s cpu, $((m / 1024)) MB RSS" >&2
    if [ -z "$dd_best" ] || awk -v a="$w" -v b="${dd_best%% *}" 'BEGIN{exit !(a < b)}'; then dd_best="$w $c"; fi
    [ "$m" -gt "$dd_rss" ] && dd_rss=$m
  done
  echo "== $base: top-$top comparison (dataaudit vs duckdb)"
  if ! node "$here/compare_top.mjs" "$da_json" "$dd_json" --top "$top"; then status=1; fi
  rows+=("dataaudit $base $bytes $da_best $da_rss")
  rows+=("duckdb $base $bytes $dd_best $dd_rss")
done

echo
echo "threads/workers=$threads, best of $reps (wall incl. process start-up), RSS = max over runs, load avg now: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%s\n' "${rows[@]}" | awk '
  BEGIN { printf "%-10s %-34s %9s %8s %8s %8s %9s\n", "tool", "file", "MB", "seconds", "MB/s", "cpu_s", "peakRSS_MB" }
  {
    mb = $3 / 1e6; mbs = mb / $4
    printf "%-10s %-34s %9.1f %8.2f %8.1f %8.2f %9.0f\n", $1, $2, mb, $4, mbs, $5, $6 / 1024
    tp[$1, $2] = mbs; cpu[$1, $2] = $5; order[++n] = $2
  }
  END {
    print ""
    for (i = 1; i <= n; i++) { f = order[i]; if (f in seen) continue; seen[f] = 1
      if (tp["duckdb", f] > 0 && cpu["dataaudit", f] > 0)
        printf "throughput ratio dataaudit/DuckDB  %-34s %.2fx  (CPU-time ratio DuckDB/dataaudit %.2fx)\n", f, tp["dataaudit", f] / tp["duckdb", f], cpu["duckdb", f] / cpu["dataaudit", f] }
  }'
exit $status

#!/usr/bin/env bash
# Issue 20: the complete audit against DuckDB's top-N word count, side by
# side in one run, and the cost of each check turned off one at a time.
#
# usage: benchmarks/audit_cost.sh [-n ROUNDS] [-o OUTDIR] [-L] [CORPUS.jsonl ...]
#   default corpus: /work/bench-data/corpus-200MB-s1.jsonl; for each
#   FILE.jsonl, FILE.parquet next to it is measured too when it exists.
#   -L also measures FILE.jsonl as Parquet in the layouts writers make by
#   default (converted once into OUTDIR by duckdb_convert.mjs): DuckDB's,
#   snappy in row groups of 122,880 rows, and pyarrow's, up to 1 Mi rows
#   a group (zstd here). mkcorpus.sh's Parquet has row groups of 16,384;
#   DuckDB reads a file one row group per thread, so the layout moves
#   its time (session 17: 2.7 s on mkcorpus.sh's, 4.6-5.2 s on these).
#
# Per round and file, alternating, each under /usr/bin/time -v:
#   plain     dataaudit scan --checks none (the token summary alone)
#   default   dataaudit scan (the default audit: exact and near duplicates,
#             evasions, outliers)
#   all       dataaudit scan --all (every check: the complete audit)
#   -CHECK    --all but CHECK, for each check of --all (--checks none and
#             the other checks' flags, so CHECK is off though on by default)
#   duckdb    DuckDB's top-N word count (benchmarks/duckdb_topn.mjs, all
#             cores), the peer of issue 20
# The machine is shared: the measure is CPU time (user+sys); the table
# gives medians over the rounds, the peak RSS, what turning the check off
# saves (cpu_saved_s = all - config) and DuckDB's CPU time over the
# configuration's (duckdb/cpu; issue 20 asks 5 or more for the default
# audit). Bytes per row: the complete audit's peak RSS over the rows, and
# its increase over the plain scan's over the rows. The load average is
# printed before and after. A 2 GB corpus is measured when one is given.
#
# Environment: DATAAUDIT=/path/to/dataaudit (default: built into OUTDIR as the README builds it: CGO_ENABLED=0, -trimpath, -tags disable_grpc_modules).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
reps=1
outdir=/tmp/audit-cost
layouts=0
while getopts "n:o:Lh" o; do
  case $o in
    n) reps=$OPTARG ;;
    o) outdir=$OPTARG ;;
    L) layouts=1 ;;
    *) sed -n '2,32p' "$0"; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[ $# -gt 0 ] || set -- /work/bench-data/corpus-200MB-s1.jsonl
[ -x /usr/bin/time ] || { echo "audit_cost.sh: /usr/bin/time missing" >&2; exit 1; }
[ -d "$here/node_modules/@duckdb/node-api" ] || ln -sfn /work/bench-data/duckdb/node_modules "$here/node_modules"
mkdir -p "$outdir/bin" "$outdir/runs"
if [ -z "${DATAAUDIT:-}" ]; then
  DATAAUDIT=$outdir/bin/dataaudit
  (cd "$repo" && CGO_ENABLED=0 go build -trimpath -tags disable_grpc_modules -o "$DATAAUDIT" ./cmd/dataaudit)
fi

checks=(--dedup --near-dups --evasions --outliers --poison --backdoors --spans)

# timed NAME CMD...: one run under /usr/bin/time -v; appends
# "NAME wall cpu rss_kb" to runs.txt.
timed() {
  local name=$1; shift
  local log=$outdir/runs/$name
  /usr/bin/time -v -o "$log.time" "$@" >"$log.stdout" 2>"$log.stderr" || { echo "audit_cost.sh: $name failed" >&2; tail -5 "$log.stderr" >&2; exit 1; }
  awk -F': ' -v n="$name" '
    /Elapsed \(wall clock\)/ { k = split($2, p, ":"); w = 0; for (i = 1; i <= k; i++) w = w * 60 + p[i] }
    /User time \(seconds\)/   { u = $2 }
    /System time \(seconds\)/ { s = $2 }
    /Maximum resident set size/ { r = $2 }
    END { printf "%s %.2f %.2f %d\n", n, w, u + s, r }' "$log.time" | tee -a "$outdir/runs.txt" >&2
}

files=()
for f in "$@"; do
  files+=("$f")
  p=${f%.jsonl}.parquet
  [ "$p" != "$f" ] && [ -f "$p" ] && files+=("$p")
  if ((layouts)) && [[ $f == *.jsonl ]]; then
    for spec in snappy:122880 zstd:1048576; do
      codec=${spec%:*} groups=${spec#*:}
      q=$outdir/$(basename "${f%.jsonl}")-$codec-rg$groups.parquet
      [ -f "$q" ] || node "$here/duckdb_convert.mjs" "$f" "$q" --compression "$codec" --row-group-size "$groups" >&2
      files+=("$q")
    done
  fi
done
echo "== load avg before: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"
: >"$outdir/runs.txt"
for ((r = 1; r <= reps; r++)); do
  for f in "${files[@]}"; do
    b=$(basename "$f")
    timed "$b:plain" "$DATAAUDIT" scan --quiet --checks none --json "$outdir/runs/$b.plain.json" "$f"
    timed "$b:default" "$DATAAUDIT" scan --quiet --json "$outdir/runs/$b.default.json" "$f"
    timed "$b:all" "$DATAAUDIT" scan --quiet --all --json "$outdir/runs/$b.all.json" "$f"
    timed "$b:duckdb" node "$here/duckdb_topn.mjs" "$f" --top 100 --threads "$(nproc)" --out "$outdir/runs/$b.duckdb.json"
    for c in "${checks[@]}"; do
      args=()
      for o in "${checks[@]}"; do [ "$o" = "$c" ] || args+=("$o"); done
      timed "$b:-${c#--}" "$DATAAUDIT" scan --quiet --checks none "${args[@]}" "$f"
    done
  done
done

echo "== load avg after: $(cut -d' ' -f1-3 /proc/loadavg); $reps round(s), medians"
for f in "${files[@]}"; do
  b=$(basename "$f")
  rows=$(jq .summary.rows "$outdir/runs/$b.all.json")
  echo "-- $b ($(stat -c %s "$f") bytes, $rows rows)"
  grep "^$b:" "$outdir/runs.txt" | sed "s/^$b://" | awk -v rows="$rows" -v order="plain default all duckdb ${checks[*]}" '
    { n[$1]++; cpu[$1, n[$1]] = $3; wall[$1, n[$1]] = $2; if ($4 > rss[$1]) rss[$1] = $4 }
    function med(a, k, m,   i, j, t, v) { for (i = 1; i <= m; i++) v[i] = a[k, i]
      for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
      return m % 2 ? v[(m + 1) / 2] : (v[m / 2] + v[m / 2 + 1]) / 2 }
    END {
      k = split(order, o, " ")
      for (i = 5; i <= k; i++) { sub(/^--/, "-", o[i]) }
      ac = med(cpu, "all", n["all"]); dc = med(cpu, "duckdb", n["duckdb"])
      printf "%-12s %8s %8s %10s %12s %14s\n", "config", "cpu_s", "wall_s", "peakRSS_MB", "cpu_saved_s", "duckdb/cpu"
      for (i = 1; i <= k; i++) { c = o[i]; if (!n[c]) continue
        x = med(cpu, c, n[c])
        printf "%-12s %8.2f %8.2f %10.0f %12s %14.2f\n", c, x, med(wall, c, n[c]), rss[c] / 1024, (c ~ /^-/ ? sprintf("%.2f", ac - x) : ""), dc / x }
      printf "complete audit: %.0f bytes of peak RSS per row, %.0f above the plain scan\n", rss["all"] * 1024 / rows, (rss["all"] - rss["plain"]) * 1024 / rows
    }'
done

#!/usr/bin/env bash
# Issue 20: recall of the cleaning-evasion categories on real mail with
# planted evasions, and the CPU cost of each check of `scan --all`.
#
# usage: benchmarks/evasions.sh [-n REPEATS] [-o OUTDIR] [-s] [-c] [PLANT_CORPUS [COST_CORPUS]]
#   defaults: /work/bench-data/corpus-30MB-s1.jsonl /work/bench-data/corpus-200MB-s1.jsonl
#   -s: recall only; -c: cost only
#
# 1. Recall: benchmarks/mkevasions plants every category (200 rows per
#    variant, the existing categories and the issue-20 ones) into rows of
#    PLANT_CORPUS, adds 5000 unmodified rows as the control (and 1000
#    rows each of fortunes, the King James Bible, the gcide dictionary,
#    /usr/share/common-licenses, WordNet, man pages, Go sources,
#    wamerican's words in sentences, and the SpamAssassin mails cut four
#    ways, when installed), runs
#    `dataaudit scan --evasions` and prints the recall per category and
#    variant and the share of each control's rows flagged, per subkind.
# 2. Cost: on COST_CORPUS, REPEATS rounds (default 3), alternating in each
#    round: a plain scan, the plain scan with each check of --all alone
#    (--dedup, --near-dups, --evasions, --outliers, --poison, --backdoors), --all, and
#    DuckDB's top-N word count (benchmarks/duckdb_topn.mjs, as peer.sh).
#    Each under /usr/bin/time; the CPU time (user+sys) is the measure, the
#    machine being shared: the table gives the median CPU time per
#    configuration over the rounds, the median wall time, the largest peak
#    RSS, the CPU cost of the check over the plain scan, and DuckDB's CPU
#    time over the configuration's.
#
# Environment: DATAAUDIT=/path/to/dataaudit (default: go build into OUTDIR).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
reps=3
outdir=/tmp/evasions-bench
recall=1
cost=1
while getopts "n:o:sch" o; do
  case $o in
    n) reps=$OPTARG ;;
    o) outdir=$OPTARG ;;
    s) cost=0 ;;
    c) recall=0 ;;
    *) sed -n '2,25p' "$0"; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
plant_corpus=${1:-/work/bench-data/corpus-30MB-s1.jsonl}
cost_corpus=${2:-/work/bench-data/corpus-200MB-s1.jsonl}
mkdir -p "$outdir/bin" "$outdir/runs"
if [ -z "${DATAAUDIT:-}" ]; then
  DATAAUDIT=$outdir/bin/dataaudit
  (cd "$repo" && go build -o "$DATAAUDIT" ./cmd/dataaudit)
fi
(cd "$repo" && go build -o "$outdir/bin/mkevasions" ./benchmarks/mkevasions)

status=0
if [ "$recall" = 1 ]; then
  # More clean control text than the mail, from Debian packages when
  # installed: fortunes, the King James Bible (one verse a paragraph),
  # the GNU dictionary (gcide) and the common licenses.
  extra=""
  add() { [ -e "$2" ] && extra="${extra:+$extra,}$1=$2" || echo "evasions.sh: no $2: control $1 left out" >&2; }
  add fortunes /usr/share/games/fortunes
  if command -v bible >/dev/null; then
    bible -f "Gen1:1-Rev22:21" 2>/dev/null | sed 's/$/\n/' >"$outdir/kjv.txt"
    add kjv "$outdir/kjv.txt"
  fi
  add gcide /usr/share/dictd/gcide.dict.dz
  add licenses /usr/share/common-licenses
  # Session 12: text a training set may hold beside prose: WordNet's
  # glosses, 300 manual pages as man prints them (col -b: no
  # overstrikes), the Go sources (not tests, not testdata), and the
  # SpamAssassin mails cut four ways (whole messages, bodies,
  # paragraphs, lines) per group (easy_ham 1 and 2, hard_ham, spam 1
  # and 2), -mail below.
  add wordnet /usr/share/wordnet/data.noun
  # Session 13: wamerican's words (accented ones too: "Ångström",
  # "señor") drawn at random into sentences of 6 to 20 words, a few
  # sentences a row, fixed seed.
  if [ -r /usr/share/dict/american-english ]; then
    [ -s "$outdir/words.txt" ] || awk 'BEGIN { srand(13) } { w[n++] = $0 }
      END { for (r = 0; r < 3000; r++) { k = 1 + int(rand() * 4)
        for (s = 0; s < k; s++) { m = 6 + int(rand() * 15); line = ""
          for (i = 0; i < m; i++) line = line (i ? " " : "") w[int(rand() * n)]
          printf "%s.\n", toupper(substr(line, 1, 1)) substr(line, 2) }
        print "%" } }' /usr/share/dict/american-english >"$outdir/words.txt"
    add words "$outdir/words.txt"
  fi
  if command -v man >/dev/null && [ -d /usr/share/man/man1 ]; then
    [ -s "$outdir/man.txt" ] || ls /usr/share/man/man1 | awk 'NR % 50 == 1' | head -300 | sed 's/\.1.*\.gz$//; s/\.gz$//' |
      while read -r p; do MANWIDTH=80 man -P cat "$p" 2>/dev/null | col -bx; printf '\n%%\n'; done >"$outdir/man.txt"
    add man "$outdir/man.txt"
  fi
  goroot=$(go env GOROOT 2>/dev/null || true)
  if [ -d "$goroot/src" ]; then
    [ -s "$outdir/gosrc.txt" ] || find "$goroot/src" -name '*.go' ! -name '*_test.go' ! -path '*/testdata/*' | sort | awk 'NR % 7 == 1' |
      while read -r f; do cat "$f"; printf '\n%%\n'; done >"$outdir/gosrc.txt"
    add gosrc "$outdir/gosrc.txt"
  fi
  sa=${SPAMASSASSIN:-/work/bench-data/spam-assassin/package/data}
  mail=(); [ -d "$sa" ] && mail=(-mail "$sa") || echo "evasions.sh: no $sa: SpamAssassin splits left out" >&2
  "$outdir/bin/mkevasions" -corpus "$plant_corpus" -out "$outdir/plant" -extra "$extra" "${mail[@]}" ${SEED:+-seed "$SEED"}
  "$DATAAUDIT" scan --quiet --evasions --id id --max-examples 100000000 \
    --findings "$outdir/plant/findings.jsonl" "$outdir/plant/planted.jsonl" >/dev/null
  echo "== recall on $(basename "$plant_corpus") with planted evasions"
  "$outdir/bin/mkevasions" -score "$outdir/plant/truth.jsonl" -findings "$outdir/plant/findings.jsonl" || status=1
fi

[ "$cost" = 1 ] || exit $status
[ -x /usr/bin/time ] || { echo "evasions.sh: /usr/bin/time missing" >&2; exit 1; }
[ -d "$here/node_modules/@duckdb/node-api" ] || ln -sfn /work/bench-data/duckdb/node_modules "$here/node_modules"

# timed NAME CMD...: one run under /usr/bin/time -v; appends "NAME wall cpu rss_kb" to runs.txt.
timed() {
  local name=$1; shift
  local log=$outdir/runs/$name
  /usr/bin/time -v -o "$log.time" "$@" >"$log.stdout" 2>"$log.stderr" || { echo "evasions.sh: $name failed" >&2; tail -5 "$log.stderr" >&2; exit 1; }
  awk -F': ' -v n="$name" '
    /Elapsed \(wall clock\)/ { k = split($2, p, ":"); w = 0; for (i = 1; i <= k; i++) w = w * 60 + p[i] }
    /User time \(seconds\)/   { u = $2 }
    /System time \(seconds\)/ { s = $2 }
    /Maximum resident set size/ { r = $2 }
    END { printf "%s %.2f %.2f %d\n", n, w, u + s, r }' "$log.time" | tee -a "$outdir/runs.txt" >&2
}

: >"$outdir/runs.txt"
configs=(plain --dedup --near-dups --evasions --outliers --poison --backdoors --all)
for ((r = 1; r <= reps; r++)); do
  for c in "${configs[@]}"; do
    args=(); [ "$c" = plain ] || args=("$c")
    timed "${c#--}" "$DATAAUDIT" scan --quiet --json "$outdir/runs/${c#--}.json" "${args[@]}" "$cost_corpus"
  done
  timed duckdb node "$here/duckdb_topn.mjs" "$cost_corpus" --top 100 --threads "$(nproc)" --out "$outdir/runs/duckdb.json"
done

echo "== cost on $(basename "$cost_corpus") ($(stat -c %s "$cost_corpus") bytes), $reps rounds, medians; load avg now: $(cut -d' ' -f1-3 /proc/loadavg)"
sort -k1,1 -k3,3n "$outdir/runs.txt" | awk '
  { n[$1]++; cpu[$1, n[$1]] = $3; wall[$1, n[$1]] = $2; if ($4 > rss[$1]) rss[$1] = $4 }
  function med(a, k, m,   i, j, t, v) { for (i = 1; i <= m; i++) v[i] = a[k, i]
    for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
    return m % 2 ? v[(m + 1) / 2] : (v[m / 2] + v[m / 2 + 1]) / 2 }
  END {
    split("plain dedup near-dups evasions outliers poison backdoors all duckdb", order, " ")
    pc = med(cpu, "plain", n["plain"]); dc = med(cpu, "duckdb", n["duckdb"])
    printf "%-10s %8s %8s %9s %12s %14s\n", "config", "cpu_s", "wall_s", "peakRSS_MB", "cpu-plain_s", "duckdb_cpu/cpu"
    for (i = 1; i <= 9; i++) { k = order[i]; if (!n[k]) continue
      c = med(cpu, k, n[k]); printf "%-10s %8.2f %8.2f %9.0f %12.2f %14.2f\n", k, c, med(wall, k, n[k]), rss[k] / 1024, c - pc, dc / c }
  }'
exit $status

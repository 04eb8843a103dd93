#!/usr/bin/env bash
# CPU seconds of single checks, two dataaudit binaries side by side.
#
# usage: benchmarks/check_cpu.sh [-n ROUNDS=3] OLD_BINARY NEW_BINARY FILE...
#
# For each round and FILE, alternating OLD and NEW: `scan -q --workers 2`
# plain (--checks none), --checks evasions, --checks outliers and the
# default audit, each under /usr/bin/time.
# Prints per file and configuration the median CPU time (user+sys) of
# each binary, the check's cost over the plain scan of the same binary,
# and the load average before and after (the machine is shared: CPU time
# is the measure, not wall time). Reports are written to a temporary
# directory and compared (timings aside): a difference is printed.
set -euo pipefail
reps=3
while getopts "n:h" o; do
  case $o in
    n) reps=$OPTARG ;;
    *) sed -n '2,13p' "$0"; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[ $# -ge 3 ] || { sed -n '2,13p' "$0"; exit 2; }
old=$1 new=$2
shift 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "== load avg before: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"
for ((r = 1; r <= reps; r++)); do
  for f in "$@"; do
    for cfg in plain evasions outliers default; do
      flag="--checks $cfg"; [ "$cfg" = plain ] && flag="--checks none"
      for b in old new; do
        bin=$old; [ $b = new ] && bin=$new
        out=$tmp/$(basename "$f").$cfg.$b.json
        /usr/bin/time -f "%U %S" -o "$tmp/t" "$bin" scan -q --workers 2 --json "$out" $flag "$f" >/dev/null
        echo "$(basename "$f") $cfg $b $(awk '{print $1 + $2}' "$tmp/t")" >>"$tmp/runs"
      done
      grep -v '"seconds"\|_mb_per_s"' "$tmp/$(basename "$f").$cfg.old.json" >"$tmp/a"
      grep -v '"seconds"\|_mb_per_s"' "$tmp/$(basename "$f").$cfg.new.json" >"$tmp/b"
      cmp -s "$tmp/a" "$tmp/b" || echo "check_cpu.sh: $(basename "$f") $cfg: the reports differ" >&2
    done
  done
done
echo "== load avg after: $(cut -d' ' -f1-3 /proc/loadavg); $reps round(s), medians"
awk '
  { k = $1 " " $2 " " $3; v[k, ++n[k]] = $4; files[$1] = 1; cfgs[$2] = 1 }
  function med(k,   m, i, j, t, a) {
    m = n[k]; for (i = 1; i <= m; i++) a[i] = v[k, i]
    for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
    return m % 2 ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2
  }
  END {
    printf "%-28s %-11s %8s %8s %10s %10s\n", "file", "config", "old_cpu", "new_cpu", "old_cost", "new_cost"
    for (f in files) {
      po = med(f " plain old"); pn = med(f " plain new")
      split("plain evasions outliers default", cs, " ")
      for (c = 1; c <= 4; c++) {
        o = med(f " " cs[c] " old"); w = med(f " " cs[c] " new")
        printf "%-28s %-11s %8.2f %8.2f %10.2f %10.2f\n", f, cs[c], o, w, o - po, w - pn
      }
    }
  }' "$tmp/runs"

#!/usr/bin/env bash
# ab.sh ROUNDS FILE BIN_A BIN_B [SCAN ARGS...]: the two binaries' `scan FILE -q`
# alternated (A B, then B A, ...), 1 s apart, each run in a session of its own
# at autogroup nice -15 (NICE=0 to run without), then per binary the medians
# of CPU (user + sys), wall, peak RSS and minor faults (GNU time).
#
# Why the nice (session 32, issue 20): beside other builds on the 2-core host
# (load 9-14) the benchmark Parquet's default audit took 2.3-4.1 s of wall;
# in an autogroup of its own at nice -15, 0.70-1.1 s. CPU times are still
# inflated by the others' use of the caches: compare only binaries run in
# the same minutes, in many rounds.
#
# Why the copies (session 33, issue 20): both binaries run from copies made
# here with cp, not from where they were built. A binary straight from
# `go build -o` sits in the page cache partly in large folios (ext4 on
# this kernel), which one fault maps whole: its peak RSS counted 4-15 MB
# more of the binary's own pages than the same bytes copied with cp or
# read back after eviction (30-32 MB of them mapped), with the same
# page faults. Copies put both binaries in the same state
# (benchmarks/README.md, session 33, rss).
set -euo pipefail
if (($# < 4)); then
	sed -n '2,20p' "$0" >&2
	exit 2
fi
rounds=$1 file=$2 a=$3 b=$4
shift 4
nice=${NICE:--15}
out=$(mktemp)
dir=$(mktemp -d)
trap 'rm -rf "$out" "$dir"' EXIT
cp "$a" "$dir/a"
cp "$b" "$dir/b"
for ((i = 0; i < rounds; i++)); do
	order=(a b)
	((i % 2 == 0)) || order=(b a)
	for k in "${order[@]}"; do
		bin=$dir/$k
		sleep 1
		setsid bash -c 'echo "$1" >/proc/self/autogroup 2>/dev/null || true
			exec /usr/bin/time -f "%e %U %S %M %R" -a -o "$2" nice -n "$1" "$3" scan "${@:4}" -q >/dev/null 2>&1
			' ab "$nice" "$out.$k" "$bin" "$file" "$@" || true
	done
done
for k in a b; do
	bin=$a
	[[ $k == a ]] || bin=$b
	python3 - "$bin" "$out.$k" <<'PY'
import statistics as st, sys
rows = [l.split() for l in open(sys.argv[2]) if l[:1].isdigit()]
cpu = [float(r[1]) + float(r[2]) for r in rows]
wall = [float(r[0]) for r in rows]
print(f"{sys.argv[1]}: {len(rows)} runs, CPU median {st.median(cpu):.3f} s (min {min(cpu):.3f}), "
      f"wall median {st.median(wall):.3f} s (min {min(wall):.3f}), peak RSS {st.median(int(r[3]) for r in rows) / 1024:.1f} MB, "
      f"faults {st.median(int(r[4]) for r in rows):.0f}")
PY
	rm -f "$out.$k"
done

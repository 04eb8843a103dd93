#!/bin/bash
# timeline.sh trace|perf BIN FILE OUT: where a default audit of FILE leaves
# a core idle (run it under the CPU lock, on a quiet machine).
#   trace: BIN built with -tags tracedev (cmd/dataaudit/tracedev.go); a Go
#          execution trace from main's init to the exit, its idle Ps by cause
#          (trace_holes.py); OUT.trace, OUT.holes
#   perf:  any BIN; perf record -a -g at 4 kHz, idle core-ms per 10 ms bin
#          and by what the other core ran (perf_timeline.py), init and exit
#          included; OUT.data, OUT.timeline (phases.py cuts a timeline
#          of 2 ms bins into start, read, finishes and exit)
#
# What it found (session 21, main 06a499d, load under 2, perf of 3 runs a
# file): the benchmark Parquet's default audit leaves 68-96 core-ms idle
# of ~1,300, the 200 MB JSONL's 71-96. In a quiet Parquet run: package init
# and runtime start ~8 ms on one core; the decoder alone before the first
# batch ~4 ms; the analysing workers waiting for the one direct decoder
# at row-group starts 8-20 ms (ingest's yieldToDecoders cut it to 2-8);
# near duplicates' last ~8-10 ms on one goroutine (Near.result building
# its findings: Near.row, finding.NewRow, after the parallel verification
# has ended); the report ~2.5 ms; the exit ~10-11 ms on one core (the
# kernel unmapping ~190 MB: unmap_page_range, free_pages_and_swap_cache).
# GC stop-the-world waits were short (sweep termination 2-10 ms a run in
# gctrace, under 0.6 ms each in the traces).
set -e
mode=$1 bin=$2 file=$3 out=$4
here=$(cd "$(dirname "$0")" && pwd)
case $mode in
trace)
	DATAAUDIT_TRACE=$out.trace "$bin" scan "$file" -q >/dev/null
	go tool trace -d=parsed "$out.trace" | python3 "$here/trace_holes.py" 0.5 >"$out.holes"
	cat "$out.holes" ;;
perf)
	perf record -q -a -e cpu-clock -F 4000 -g -o "$out.data" -- "$bin" scan "$file" -q >/dev/null
	perf script -i "$out.data" -F comm,tid,cpu,time,ip,sym 2>/dev/null |
		python3 "$here/perf_timeline.py" "$(basename "$bin")" 10 4000 >"$out.timeline"
	cat "$out.timeline" ;;
*)
	echo "usage: timeline.sh trace|perf BIN FILE OUT" >&2; exit 2 ;;
esac

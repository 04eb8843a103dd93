#!/bin/bash
# timeline.sh trace|perf BIN FILE OUT: where a default audit of FILE leaves
# a core idle (run it under the CPU lock, on a quiet machine).
#   trace: BIN built with -tags tracedev (cmd/dataaudit/tracedev.go); a Go
#          execution trace from main's init to the exit, its idle Ps by cause
#          (trace_holes.py); OUT.trace, OUT.holes
#   perf:  any BIN; perf record -a -g at 4 kHz, idle core-ms per 10 ms bin
#          and by what the other core ran (perf_timeline.py), init and exit
#          included; OUT.data, OUT.timeline
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

#!/bin/bash
# shards.sh BIN CORPUS N OUTDIR [scan flags...]: scans CORPUS in one
# process and as N shards (scan --shard K/N, merge, and for analyses that
# read twice, scan --shard K/N --pass1 and merge again), checks that the
# two JSON reports are the same but for their run fields, and prints the
# wall times, the state files' sizes and the merge times.
set -eu
BIN=$1; C=$2; N=$3; OUT=$4; shift 4
mkdir -p $OUT; rm -f $OUT/*
t() { local s=$(date +%s.%N); "$@" >/dev/null 2>>$OUT/stderr.log; echo "$(date +%s.%N) - $s" | bc; }
one=$(t $BIN scan $C "$@" --quiet --json $OUT/one.json)
shard=0
for k in $(seq 0 $((N-1))); do
  s=$(t $BIN scan $C "$@" --quiet --shard $k/$N -o $OUT/s$k.state); shard=$(echo "$shard + $s" | bc)
done
m1=$(t $BIN merge $OUT/s*.state -o $OUT/first.state --json $OUT/merged.json)
m2=0
if [ -f $OUT/first.state ]; then
  for k in $(seq 0 $((N-1))); do
    s=$(t $BIN scan $C "$@" --quiet --shard $k/$N --pass1 $OUT/first.state -o $OUT/t$k.state); shard=$(echo "$shard + $s" | bc)
  done
  m2=$(t $BIN merge $OUT/first.state $OUT/t*.state --json $OUT/merged.json)
fi
python3 - $OUT <<'PY'
import json, sys
d = sys.argv[1]
a, b = json.load(open(d + "/one.json")), json.load(open(d + "/merged.json"))
a.pop("run"); b.pop("run")
print("reports:", "SAME" if a == b else "DIFFERENT")
PY
echo "one process: ${one}s; $N shards: ${shard}s in all; merge: ${m1}s (pass 1), ${m2}s (pass 2)"
ls -l $OUT/*.state | awk '{s+=$5; print $5, $9} END {print s, "bytes of states in all"}'

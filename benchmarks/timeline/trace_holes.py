#!/usr/bin/env python3
"""trace_holes.py: idle Ps in a Go execution trace of dataaudit.

Usage: go tool trace -d=parsed TRACE | python3 trace_holes.py [MIN_MS]

Prints every stretch of at least MIN_MS (0.5) in which a P runs no
goroutine, with why the goroutine that ran there left it (its state and
stack, or the stop-the-world it overlaps), then the idle P-ms by cause.
A goroutine in a system call counts as leaving its P, though its thread
still runs (pread and read copy the file): read "Syscall" apart.
"""
import re
import sys
from collections import Counter, defaultdict

minms = float(sys.argv[1]) if len(sys.argv) > 1 else 0.5
ev = re.compile(r'^M=(-?\d+) P=(-?\d+) G=(-?\d+) (\w+) Time=(\d+)(.*)$')
events = []
cur = None
for line in sys.stdin:
    line = line.rstrip('\n')
    m = ev.match(line)
    if m:
        cur = {'M': int(m.group(1)), 'P': int(m.group(2)), 'G': int(m.group(3)), 'kind': m.group(4),
               't': int(m.group(5)), 'rest': m.group(6), 'stack': []}
        events.append(cur)
        continue
    if cur is not None and line.startswith('\t') and not line.startswith('\t\t'):
        f = line.strip().split(' @ ')[0]
        cur['stack'].append(f)

t0 = events[0]['t']
tend = events[-1]['t']
ms = lambda t: (t - t0) / 1e6

running = {}  # P -> (G, since, stack of start)
gstack = {}   # G -> last known stack (where it blocked)
idle_since = {}
holes = []
ranges = []  # (name, start, end, G)
openr = {}
gtrans = re.compile(r'GoID=(\d+) (\w+)->(\w+) Reason="([^"]*)"')
ptrans = re.compile(r'ProcID=(\d+) (\w+)->(\w+)')
gp = {}  # G -> P it runs on
lastleave = {}  # P -> (G, reason, stack)
for e in events:
    if e['kind'] == 'RangeBegin':
        nm = re.search(r'Name="([^"]*)"', e['rest']).group(1)
        openr[(nm, e['G'], e['P'])] = e['t']
    elif e['kind'] == 'RangeEnd':
        nm = re.search(r'Name="([^"]*)"', e['rest']).group(1)
        k = (nm, e['G'], e['P'])
        if k in openr:
            ranges.append((nm, openr.pop(k), e['t'], e['G']))
    if e['kind'] != 'StateTransition':
        continue
    m = gtrans.search(e['rest'])
    if m:
        g, a, b, why = int(m.group(1)), m.group(2), m.group(3), m.group(4)
        p = e['P']
        if b == 'Running':
            if p >= 0:
                if p in idle_since:
                    s = idle_since.pop(p)
                    holes.append((p, s, e['t'], lastleave.get(p)))
                running[p] = (g, e['t'], e['stack'] or gstack.get(g, []))
                gp[g] = p
        elif a == 'Running':
            p = gp.pop(g, p)
            if p >= 0 and running.get(p, (None,))[0] == g:
                del running[p]
                idle_since[p] = e['t']
                lastleave[p] = (g, f'{b} {why}', e['stack'])
            gstack[g] = e['stack']
        continue
    m = ptrans.search(e['rest'])
    if m:
        p, a, b = int(m.group(1)), m.group(2), m.group(3)
        if b == 'Idle' and p not in idle_since and p not in running:
            idle_since[p] = e['t']
        elif b == 'Running' and p in idle_since and p not in running:
            pass

def top(stack, n=3):
    fr = [f for f in stack if not f.startswith(('runtime.', 'internal/', 'sync.', 'golang.org/x/sync'))]
    return ' < '.join(f.replace('github.com/dataaudit/dataaudit/internal/', '') for f in fr[:n])

print(f'# trace: {ms(tend):.1f} ms')
tot = Counter()
big = 0
for p, s, e, leave in sorted(holes, key=lambda h: h[1]):
    d = (e - s) / 1e6
    if d <= 0:
        continue
    cause = 'unknown'
    if leave:
        cause = leave[1] + ': ' + top(leave[2], 2)
    # STW overlapping?
    stw = [r for r in ranges if r[0].startswith('stop-the-world') and r[1] < e and r[2] > s]
    if stw:
        cause = 'STW ' + stw[0][0]
    tot[cause] += d
    if d >= minms:
        big += d
        print(f'{ms(s):8.2f} +{d:6.2f} ms P{p}  left by {cause}')
print('# idle P-ms by cause (all holes)')
for k, v in tot.most_common(30):
    print(f'  {v:7.2f}  {k}')
print(f'# total {sum(tot.values()):.2f} P-ms idle; {big:.2f} in holes >= {minms} ms')
stws = defaultdict(float)
for nm, s, e, g in ranges:
    stws[nm] += (e - s) / 1e6
print('# ranges (sum ms):', {k: round(v, 2) for k, v in stws.items()})

#!/usr/bin/env python3
"""perf_timeline.py: where a dataaudit run leaves a core idle.

Usage: perf script -F comm,tid,cpu,time,ip,sym -i DATA | python3 perf_timeline.py COMM [BIN_MS] [HZ]

Reads a system-wide `perf record -a -e cpu-clock -F HZ -g` of one dataaudit
run on an otherwise quiet machine (COMM: the binary's name) and prints,
per bin, the idle core-ms and what ran (phases: init, decode, add:PKG,
finish:PKG, dups-par for near's verification goroutines, gc, report,
exit, foreign:COMM for other processes), then the idle core-ms within the
process' life by what the other core ran, and our core-ms by phase. Unlike
a Go trace, it sees package init and the exit (the kernel freeing memory).
"""
import bisect
import re
import sys
from collections import Counter, defaultdict

comm = sys.argv[1][:15]
binms = float(sys.argv[2]) if len(sys.argv) > 2 else 20.0
hz = float(sys.argv[3]) if len(sys.argv) > 3 else 4000.0

head = re.compile(r'^(\S.*?)\s+(\d+)\s+\[(\d+)\]\s+([\d.]+):')

# Phase patterns, tried over the frames from the root: the first frame
# that matches one gives the sample's phase.
PHASES = [
    (re.compile(r'runtime\.doInit|runtime\.schedinit|rt0_go'), 'init'),
    (re.compile(r'runtime\.gcBgMarkWorker'), 'gc'),
    (re.compile(r'runtime\.bgsweep|runtime\.bgscavenge'), 'sweep'),
    (re.compile(r'analysis\.RunFinished\.func|analysis\.FinishAll'), 'finish'),
    (re.compile(r'audit\.\(\*scanRun\)\.finished|report\.'), 'report'),
    (re.compile(r'ReadRowGroup|textread\.\(\*Decoder\)|chunkReader|chunkFile|readRange'), 'decode'),
    (re.compile(r'analysis\.Workers\.func'), 'add'),
    (re.compile(r'analysis\.mergeColumn|analysis\.Merge'), 'merge'),
    (re.compile(r'internal/dups\.'), 'dups-par'),
    (re.compile(r'ingest\.Run|PrepareParquet|OpenProbe'), 'ingest'),
    (re.compile(r'do_exit|do_group_exit|exit_mmap|__x64_sys_exit'), 'exit'),
    (re.compile(r'execve|load_elf_binary|begin_new_exec'), 'exec'),
    (re.compile(r'main\.main|main\.run'), 'main'),
]
SUB = re.compile(r'(?:internal/)?([a-z0-9]+)\.\(\*?([A-Za-z0-9]+)\)\.(Add|Finish|Merge)\b')


def classify(frames):
    # frames: leaf first
    root = list(reversed(frames))
    phase = None
    at = 0
    for pat, name in PHASES:
        for i, f in enumerate(root):
            if pat.search(f):
                phase, at = name, i
                break
        if phase:
            break
    if phase is None:
        leaf = frames[0] if frames else '?'
        m = re.match(r'(?:.*/)?([A-Za-z0-9_]+)\.', leaf)
        phase = 'other:' + (m.group(1) if m else leaf[:20])
    if phase in ('finish', 'add', 'merge'):
        for f in root[at:]:
            m = SUB.search(f)
            if m:
                phase += ':' + m.group(1)
                if m.group(1) == 'dups':
                    phase += '.' + m.group(2)
                break
    return phase


samples = []  # (time, cpu, label) ; label 'idle' or 'foreign'
cur = None
frames = []


def flush():
    global cur, frames
    if cur is None:
        return
    c, tid, cpu, t = cur
    if c == comm:
        lab = classify(frames)
    elif c.startswith('swapper'):
        lab = 'idle'
    else:
        lab = 'foreign:' + c
    samples.append((t, cpu, lab, tid))
    cur, frames = None, []


for line in sys.stdin:
    if not line.strip():
        flush()
        continue
    if not line[0].isspace():
        flush()
        m = head.match(line)
        if m:
            cur = (m.group(1).strip(), int(m.group(2)), int(m.group(3)), float(m.group(4)))
            frames = []
        continue
    parts = line.strip().split(None, 1)
    frames.append(parts[1] if len(parts) > 1 else parts[0])
flush()

ours = [s for s in samples if not s[2].startswith(('idle', 'foreign'))]
if not ours:
    sys.exit('no samples of ' + comm)
t0, t1 = ours[0][0], ours[-1][0]
dt = 1.0 / hz
ms = lambda t: (t - t0) * 1000.0
window = [s for s in samples if t0 - dt <= s[0] <= t1 + dt]
cpus = sorted({s[1] for s in samples})
print(f'# {comm}: first sample to last {ms(t1):.1f} ms, {len(ours)} samples of ours = {len(ours)*dt*1000:.1f} core-ms, {len(cpus)} cpus')

bins = defaultdict(lambda: defaultdict(Counter))
for t, cpu, lab, _ in window:
    bins[int(ms(t) // binms)][cpu][lab] += 1
print(f'# bin {binms:g} ms: per cpu, share busy (ours) and its top labels; idle share')
for b in sorted(bins):
    row = [f'{b*binms:7.0f}']
    idle = 0
    tot = 0
    labs = Counter()
    for cpu in cpus:
        c = bins[b][cpu]
        n = sum(c.values())
        tot += n
        idle += c['idle']
        for k, v in c.items():
            if k != 'idle':
                labs[k] += v
    top = ', '.join(f'{k} {v*dt*1000:.1f}' for k, v in labs.most_common(4))
    row.append(f'idle {idle*dt*1000:5.1f} ms of {tot*dt*1000:5.1f}')
    row.append(top)
    print('  '.join(row))

# Idle core time, by what the other CPU ran at that moment (nearest sample).
bycpu = defaultdict(list)
for s in window:
    bycpu[s[1]].append(s)
idle_by = Counter()
idle_total = 0
times = {c: [s[0] for s in bycpu[c]] for c in cpus}
for c in cpus:
    for t, cpu, lab, _ in bycpu[c]:
        if lab != 'idle' and not lab.startswith('foreign'):
            continue
        idle_total += 1
        others = [o for o in cpus if o != c]
        what = 'none'
        for o in others:
            i = bisect.bisect_left(times[o], t)
            best = None
            for j in (i - 1, i):
                if 0 <= j < len(times[o]):
                    if best is None or abs(times[o][j] - t) < abs(times[o][best] - t):
                        best = j
            if best is not None:
                what = bycpu[o][best][2]
        key = ('FOREIGN ' if lab.startswith('foreign') else '') + 'other core: ' + what
        idle_by[key] += 1
print(f'# idle (or foreign) core-ms in the process window: {idle_total*dt*1000:.1f} of {len(window)*dt*1000:.1f}')
for k, v in idle_by.most_common(25):
    print(f'  {v*dt*1000:7.1f} ms  {k}')
labs = Counter(s[2] for s in ours)
print('# our core-ms by label')
for k, v in labs.most_common(40):
    print(f'  {v*dt*1000:7.1f} ms  {k}')

#!/usr/bin/env python3
"""rot13_chunks.py: would a kernel stop at 64-byte chunks dense in q v z j find ROT13 (recall31.go's note)?

ROT13 of English turns its common d i m w into q v z j, letters English itself rarely writes. For each
64-byte chunk from each text's start (the kernel's chunks when it starts at 0) that holds a space, count the
bytes in [qvzjQVZJ]; report per source how many chunks reach N (4..8), and how many rows have one.
usage: rot13_chunks.py [PREFIX...]   (PREFIX: a planter's output; its control rows and eb_rot13 rows)
"""
import collections, glob, json, re, sys

RARE = re.compile(rb'[qvzjQVZJ]')


def texts(prefixes):
    for ln in open('/work/bench-data/corpus-200MB-s1.jsonl', 'rb'):
        yield 'corpus', (json.loads(ln).get('text') or '').encode('utf-8', 'surrogatepass')
    for f in sorted(glob.glob('/work/bench-data/spam-assassin/package/data/*/*.txt')):
        yield 'spamassassin', open(f, 'rb').read()
    for p in prefixes:
        tr = json.load(open(p + '.truth.json'))
        ctl, pl = set(tr['control']), tr['planted']
        for ln in open(p + '.jsonl', errors='surrogateescape'):
            r = json.loads(ln)
            t = r['text'].encode('utf-8', 'surrogatepass')
            if r['id'] in ctl:
                yield p + ':control', t
            elif r['id'] in pl and pl[r['id']]['variant'] == 'eb_rot13':
                yield p + ':eb_rot13', t


def main():
    cnt = collections.Counter()
    for src, t in texts(sys.argv[1:]):
        cnt[src, 'rows'] += 1
        best = 0
        for i in range(0, len(t) - 63, 64):
            c = t[i:i + 64]
            if b' ' not in c:
                continue
            cnt[src, 'chunks'] += 1
            n = len(RARE.findall(c))
            best = max(best, n)
            for k in range(4, 9):
                cnt[src, 'chunk>=%d' % k] += n >= k
        for k in range(4, 9):
            cnt[src, 'rows>=%d' % k] += best >= k
    for k in sorted(cnt):
        print(*k, cnt[k])


if __name__ == '__main__':
    main()

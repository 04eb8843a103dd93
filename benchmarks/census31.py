#!/usr/bin/env python3
"""census31.py: what rules for session 31's hard evasions would flag in real mail (recall31.go).

Reads corpus-200MB-s1.jsonl, the SpamAssassin sample and, given planter prefixes, their control rows and
the planted rows of the variants below, and counts per source:
  rows, bytes           rows read and their bytes
  gateN                 rows (and gateNb their bytes) with N or more characters that are neither letter, digit
                        nor white space (the kernel's chars - texty): the gate of the key rule
  keyD                  rows with a run of keyMin (512) or more bytes without white space, all printable ASCII,
                        a fifth or more of it punctuation, of D or more distinct punctuation characters
                        (nt_random_printable_key)
  tokL                  rows with a line that is L to 99 letters and digits alone (all three classes), trimmed,
                        neither line beside it of the base64 alphabet alone (random_token)
usage: census31.py [PREFIX...]   (PREFIX: a planter's output, e.g. /tmp/lead/ev12/ev12-s1)
"""
import collections, glob, json, re, sys

VARIANTS = ('nt_random_printable_key', 'random_token', 'random_token_url', 'b64_short', 'eb_rot13')
WS = re.compile(r'[^ \t\r\n\f\v]{512,}')
PUNCT = set(chr(c) for c in range(33, 127) if not chr(c).isalnum())
TOK = re.compile(r'[A-Za-z0-9]+')


def texts(prefixes):
    for ln in open('/work/bench-data/corpus-200MB-s1.jsonl', 'rb'):
        yield 'corpus', json.loads(ln).get('text') or ''
    for f in sorted(glob.glob('/work/bench-data/spam-assassin/package/data/*/*.txt')):
        yield 'sa:' + f.split('/')[-2], open(f, 'rb').read().decode('utf-8', 'surrogateescape')
    for p in prefixes:
        tr = json.load(open(p + '.truth.json'))
        ctl, pl = set(tr['control']), tr['planted']
        for ln in open(p + '.jsonl', errors='surrogateescape'):
            r = json.loads(ln)
            if r['id'] in ctl:
                yield p + ':control', r['text']
            elif r['id'] in pl and pl[r['id']]['variant'] in VARIANTS:
                yield p + ':' + pl[r['id']]['variant'], r['text']


def b64line(l):
    l = l.strip()
    return len(l) >= 16 and re.fullmatch(r'[A-Za-z0-9+/=]+', l) is not None


def main():
    cnt = collections.Counter()
    ex = collections.defaultdict(list)
    for src, t in texts(sys.argv[1:]):
        cnt[src, 'rows'] += 1
        cnt[src, 'bytes'] += len(t)
        nt = sum(1 for c in t if not (c.isalnum() or c.isspace()))
        for g in (100, 150, 200, 300):
            if nt >= g:
                cnt[src, 'gate%d' % g] += 1
                cnt[src, 'gate%db' % g] += len(t)
        best = 0
        for m in WS.finditer(t):
            s = m.group()
            if not all(32 < ord(c) < 127 for c in s):
                continue
            p = [c for c in s if c in PUNCT]
            if len(p) * 5 < len(s):
                continue
            best = max(best, len(set(p)))
            if len(set(p)) >= 12 and len(ex[src, 'key']) < 3:
                ex[src, 'key'].append(s[:120])
        for d in (12, 16, 20, 24):
            cnt[src, 'key%d' % d] += best >= d
        lines = t.split('\n')
        tok = 0
        for i, l in enumerate(lines):
            s = l.strip()
            if 40 <= len(s) <= 99 and TOK.fullmatch(s) and re.search('[a-z]', s) and re.search('[A-Z]', s) and re.search('[0-9]', s):
                if (i > 0 and b64line(lines[i - 1])) or (i + 1 < len(lines) and b64line(lines[i + 1])):
                    continue
                tok = max(tok, len(s))
                if len(ex[src, 'tok']) < 8:
                    ex[src, 'tok'].append(s)
        for L in (40, 56, 60, 64, 72):
            cnt[src, 'tok%d' % L] += tok >= L
    for k in sorted(cnt):
        if cnt[k]:
            print(*k, cnt[k])
    for k in sorted(ex):
        print(*k, ex[k])


if __name__ == '__main__':
    main()

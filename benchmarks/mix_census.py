#!/usr/bin/env python3
"""mix_census.py JSONL [PLANTER_PREFIX...] | --b64 JSONL: what recall22.go's
rules (and those it left) would take in a corpus (session 29,
internal/evasions/recall22.go).

Counts rows of JSONL (a "text" field) with: a combining mark U+0300-U+036F
after an ASCII letter (anywhere, and between two ASCII letters), a regional
indicator letter, an "xn--" label, a word of ASCII letters with ƒ or ſ, and
ASCII words holding acute vowels á é í ó ú (any; two or more; two or more
distinct ones, acuteWord's rule), printing the words of the last three. With
a planter prefix (PREFIX.jsonl, PREFIX.truth.json of benchmarks/evplant11.py),
it also counts the accented_latin rows the two-distinct-acute rule would take,
and the control rows with an ASCII word holding two acute vowels (the same or
not). With --b64, it counts the characters of declared base64 bodies (a
Content-Transfer-Encoding: base64 header, the body after its blank line) and
those of text/* parts (the last Content-Type within 400 characters before the
header), the decode b64_body_cyr would need.

corpus-200MB-s1.jsonl (session 29): 0 rows with a mark after an ASCII
letter, 0 with a regional indicator, 0 with xn--, 0 with ƒ or ſ by an ASCII
letter; 72 rows with an acute vowel in an ASCII word ("résumé" 64 times,
"Communiqué" 13, "RÉSUMÉ" once), 60 with two (all "résumé"), none with two
distinct ones. --b64: 1.43 million characters of declared base64 bodies,
0.66 million of them in text/* parts of 505 rows (of 184 million). evplant11
seed 1; 2: the two-distinct rule takes 29; 28 of the 30 accented_latin rows;
5; 2 control rows write "résumé" (two of the same), none two distinct ones.
"""
import collections
import json
import re
import sys

MARK_MID = re.compile(r'[A-Za-z][\u0300-\u036f]+[A-Za-z]')
MARK_ANY = re.compile(r'[A-Za-z][\u0300-\u036f]')
RI = re.compile(r'[\U0001F1E6-\U0001F1FF]')
XN = re.compile(r'xn--[a-z0-9-]+', re.I)
HOOK = re.compile(r'[A-Za-z]*[ƒſ][A-Za-z]*')
WORD = re.compile(r'(?<![^\W_])\w+(?![^\W_])')
ACUTE = 'áéíóúÁÉÍÓÚ'


def acute_word(w):
    """the acute vowels of w if w is an ASCII word (3+ ASCII letters) with some, else None"""
    acc = [c for c in w if c in ACUTE]
    if not acc or any(ord(c) > 127 and c not in ACUTE for c in w) or sum(c.isascii() and c.isalpha() for c in w) < 3:
        return None
    return acc


def census(path):
    c = collections.Counter()
    words = collections.defaultdict(collections.Counter)
    for ln in open(path, encoding='utf-8'):
        t = json.loads(ln).get('text') or ''
        if not isinstance(t, str):
            continue
        for name, p in (('mark_after_ascii', MARK_ANY), ('mark_between_ascii', MARK_MID), ('regional_indicator', RI), ('xn--', XN)):
            if p.search(t):
                c[name] += 1
        hooks = [m.group(0) for m in HOOK.finditer(t) if re.search('[A-Za-z]', m.group(0))]
        if hooks:
            c['hook_f_long_s'] += 1
            words['hook_f_long_s'].update(hooks)
        seen = set()
        for m in WORD.finditer(t):
            acc = acute_word(m.group(0))
            if acc is None:
                continue
            kinds = ['acute'] + (['acute2'] if len(acc) >= 2 else []) + (['acute2_distinct'] if len(set(acc)) >= 2 else [])
            for k in kinds:
                seen.add(k)
                words[k][m.group(0)] += 1
        for k in seen:
            c[k] += 1
    print('rows:', dict(c))
    for k, v in words.items():
        print(' ', k, v.most_common(20))


def b64_census(path):
    cte = re.compile(r'Content-Transfer-Encoding:\s*base64[^\n]*\n(?:[^\n]+\n)*?\s*\n', re.I)
    ct = re.compile(r'Content-Type:\s*([\w/.+-]+)', re.I)
    body = re.compile(r'[A-Za-z0-9+/=\r\n]+')
    rows = declared = text = total = 0
    for ln in open(path, encoding='utf-8'):
        t = json.loads(ln).get('text') or ''
        total += len(t)
        hit = False
        for m in cte.finditer(t):
            b = body.match(t, m.end())
            n = len(b.group(0)) if b else 0
            declared += n
            cts = ct.findall(t[max(0, m.start() - 400):m.end()])
            if cts and cts[-1].lower().startswith('text/'):
                text += n
                hit = True
        rows += hit
    print('text characters %d, declared base64 %d, of text/* parts %d, rows with a text/* base64 part %d'
          % (total, declared, text, rows))


def planter(prefix):
    truth = json.load(open(prefix + '.truth.json'))
    ids = {k for k, v in truth['planted'].items() if v['variant'] == 'accented_latin'}
    ctl = set(truth['control'])
    n = hit = ctl2 = ctl2d = 0
    for ln in open(prefix + '.jsonl', encoding='utf-8'):
        r = json.loads(ln)
        accs = [a for a in (acute_word(m.group(0)) for m in WORD.finditer(r['text'])) if a and len(a) >= 2]
        if r['id'] in ids:
            n += 1
            hit += any(len(set(a)) >= 2 for a in accs)
        elif r['id'] in ctl:
            ctl2 += bool(accs)
            ctl2d += any(len(set(a)) >= 2 for a in accs)
    print('%s: accented_latin rows %d, two distinct acute vowels in a word %d; control rows with two acute %d, two distinct %d'
          % (prefix, n, hit, ctl2, ctl2d))


if __name__ == '__main__':
    if sys.argv[1] == '--b64':
        b64_census(sys.argv[2])
        sys.exit()
    census(sys.argv[1])
    for p in sys.argv[2:]:
        planter(p)

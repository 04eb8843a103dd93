#!/usr/bin/env python3
"""hard_census.py: what rules for four hard evasions would flag in real mail (session 30, recall27.go).

Reads corpus-200MB-s1.jsonl, the SpamAssassin sample and, given planter prefixes, their control and planted
rows, and counts per source:
  xn--        labels "xn--..." (idn_punycode)
  u7rows      rows with a UTF-7 shifted run of < > " ; ! (+ADw- +AD4- +ACI- +ADs- +ACE-)
  u7cs        rows declaring charset utf-7
  endbnd      rows whose last line is a closing MIME boundary (utf7Tail reads before it)
  b64in/b64w  base64 runs of 40-99 (a multiple of 4) decoding to printable ASCII words, inside a line or the
              whole line, "alone" when neither line beside is of the base64 alphabet alone (b64_short)
  rotrows     rows with a line that reads as ROT13 of English (eb_rot13; see recall27.go for the test)

usage: hard_census.py [PREFIX...]   (PREFIX: a planter's output, e.g. /tmp/lead/ev12/ev12-s1)
"""
import base64, collections, glob, json, re, sys

ROT = set('gur naq bs gb vf lbh sbe gung jvgu ner jnf ba vg ur nf ng or guvf unir sebz be bar unq ol ohg abg jung '
          'nyy jrer jr jura lbhe pna fnvq gurer hfr na rnpu juvpu fur qb ubj gurve vs jvyy hc bgure nobhg bhg znal '
          'gura gurz gurfr fb fbzr ure jbhyq znxr yvxr uvz vagb gvzr unf ybbx gjb zber jevgr tb frr ahzore ab jnl '
          'pbhyq crbcyr zl guna svefg orra pnyy jub bvy vgf abj svaq ybat qbja qnl qvq trg pbzr znqr znl cneg'.split())
PLAIN = set('the and of to is you for that with are was on it he as at be this have from or one had by but not what '
            'all were we when your can said there use an each which she do how their if will up other about out many '
            'then them these so some her would make like him into time has look two more write go see number no way '
            'could people my than first been call who oil its now find long down day did get come made may part'.split())
XN = re.compile(r'xn--[a-z0-9-]+', re.I)
U7 = re.compile(r'\+AD[w4]-|\+ACI-|\+ADs-|\+ACE-')
U7CS = re.compile(r'charset="?utf-7', re.I)
BND = re.compile(r'\n--\S+--\s*$')
WORD = re.compile(r"(?<![A-Za-z0-9=_/+-])[A-Za-z]+(?![A-Za-z0-9=_/+-])")
HEXW = re.compile(r'[a-fA-F]+')
B64 = re.compile(r'(?<![A-Za-z0-9+/=])[A-Za-z0-9+/]{40,}={0,2}(?![A-Za-z0-9+/=])')


def texts(prefixes):
    for ln in open('/work/bench-data/corpus-200MB-s1.jsonl', 'rb'):
        yield 'corpus', json.loads(ln).get('text') or ''
    for f in glob.glob('/work/bench-data/spam-assassin/package/data/*/*.txt'):
        yield 'spamassassin', open(f, 'rb').read().decode('utf-8', 'surrogateescape')
    for p in prefixes:
        tr = json.load(open(p + '.truth.json'))
        ctl, pl = set(tr['control']), tr['planted']
        for ln in open(p + '.jsonl', errors='surrogateescape'):
            r = json.loads(ln)
            if r['id'] in ctl:
                yield p + ':control', r['text']
            elif r['id'] in pl and pl[r['id']]['variant'] in ('eb_rot13', 'b64_short', 'utf7_part', 'idn_punycode'):
                yield p + ':' + pl[r['id']]['variant'], r['text']


def b64line(l):
    l = l.strip()
    return len(l) >= 16 and re.fullmatch(r'[A-Za-z0-9+/=]+', l) is not None


def ascii_words(d):
    return all(32 <= c < 127 for c in d) and d.count(b' ') >= 2 and sum(chr(c).isalpha() for c in d) * 10 >= len(d) * 6


def main():
    cnt = collections.Counter()
    for src, t in texts(sys.argv[1:]):
        cnt[src, 'rows'] += 1
        cnt[src, 'xn--'] += len(XN.findall(t))
        cnt[src, 'u7rows'] += bool(U7.search(t))
        cnt[src, 'u7cs'] += bool(U7CS.search(t))
        cnt[src, 'endbnd'] += bool(BND.search(t[-300:]))
        lines = t.split('\n')
        rot = b64 = False
        for i, l in enumerate(lines):
            ws = [w.lower() for w in WORD.findall(l) if not HEXW.fullmatch(w)]
            if len(ws) >= 6:
                rr = [w for w in ws if w in ROT]
                if len(rr) >= 3 and len(set(rr)) >= 2 and len(rr) > sum(w in PLAIN for w in ws) and len(rr) * 8 >= len(ws):
                    rot = True
            for m in B64.finditer(l):
                s = m.group()
                if len(s) > 99 or len(s) % 4:
                    continue
                try:
                    d = base64.b64decode(s, validate=True)
                except Exception:
                    continue
                if not ascii_words(d):
                    continue
                alone = not (i > 0 and b64line(lines[i - 1])) and not (i + 1 < len(lines) and b64line(lines[i + 1]))
                key = ('b64w' if l.strip() == s else 'b64in') + ('alone' if alone else 'wrapped')
                cnt[src, key] += 1
                b64 = b64 or alone
        cnt[src, 'rotrows'] += rot
        cnt[src, 'b64rows'] += b64
    for k in sorted(cnt):
        if cnt[k]:
            print(*k, cnt[k])


if __name__ == '__main__':
    main()

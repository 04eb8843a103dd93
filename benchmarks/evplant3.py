#!/usr/bin/env python3
"""evplant3: a third, independent evasion planter and scorer (issue 20).

Written from the issue's wording and docs/report.md's category names only, by
someone who had not read internal/evasions (session 17: planted and scored
before the code was read; two fixes since, neither aimed at a rule: Cherokee
look-alike words are written in capitals, the only letters its table has, and
the Parquet copy gives each invalid byte its own U+FFFD): each category is
planted the way a poisoner might, into mail-like texts that are NOT
SpamAssassin's, and a clean control of other real text (multilingual included)
is kept unmodified.

Hosts (texts planted into, and the control), all from this machine:
  changelog  Debian changelog entries (/usr/share/doc/*/changelog.Debian.gz):
             signed, dated, mail-like
  news       NEWS files' paragraphs (/usr/share/doc/*/NEWS*)
  license    paragraphs of /usr/share/common-licenses
  man        man pages rendered as text (English, and ru, ja, de, fr, pl...)
  i18n       mails assembled from gettext translations (/usr/share/locale/LL/
             LC_MESSAGES/*.mo): Russian, Ukrainian, Greek, Chinese, Japanese,
             Korean, Arabic, Hebrew, Persian, Hindi, Thai, Vietnamese...
  pymail     Python's email test messages, raw (if a Python source tree is found)
Each host is wrapped one in three as a mail with headers, one in five as an
HTML mail, else kept as a bare body.

usage:
  python3 benchmarks/evplant3.py plant [--seed N] [--per-cat 300] [--control 5000] OUT.jsonl
      writes OUT.jsonl (raw invalid bytes and JSON \\udcNN escapes as a
      Python writer would leave them), OUT.pq.jsonl (the same with those as
      U+FFFD, for node benchmarks/duckdb_convert.mjs) and OUT.truth.jsonl
  dataaudit scan OUT.jsonl --id id --max-examples 1000000 --findings F.jsonl
  python3 benchmarks/evplant3.py score OUT.truth.jsonl F.jsonl [--misses N]
Recall counts a planted row with a finding of its category (invalid text:
invalid_utf8, replacement_char or mojibake, session 18; encoded_blob: also
encoded_attachment; empty: empty_text or whitespace_only); "any" counts any
cleaning_evasion, replacement_char, invalid_utf8 or mojibake. The control
counts a row with any cleaning_evasion (and, separately, replacement_char /
invalid_utf8 / mojibake).
Python 3 standard library only.
"""
import argparse
import base64
import binascii
import collections
import email.utils
import glob
import gettext
import gzip
import json
import os
import quopri
import random
import re
import subprocess
import sys
import urllib.parse

SUR = '\ue000SUR'  # placeholder: a JSON \udcNN escape follows (two hex digits, then \ue001)


# ---------------------------------------------------------------- hosts

def read_gz(path):
    try:
        with (gzip.open(path, 'rb') if path.endswith('.gz') else open(path, 'rb')) as f:
            data = f.read(400000)
        return data.decode('utf-8')
    except (OSError, UnicodeDecodeError, EOFError):
        return None


def hosts_changelog(rng, n):
    files = sorted(glob.glob('/usr/share/doc/*/changelog.Debian.gz'))
    rng.shuffle(files)
    out = []
    for p in files:
        t = read_gz(p)
        if not t:
            continue
        ents = re.split(r'\n(?=\S+ \([^)]*\) )', t)
        for e in ents[:3]:
            e = e.strip()
            if 80 < len(e) < 6000:
                out.append(e)
        if len(out) >= n:
            break
    return out


def hosts_news(rng, n):
    files = sorted(glob.glob('/usr/share/doc/*/NEWS*'))
    rng.shuffle(files)
    out = []
    for p in files:
        t = read_gz(p)
        if not t:
            continue
        paras = [x.strip() for x in re.split(r'\n\s*\n', t) if 100 < len(x.strip()) < 4000]
        rng.shuffle(paras)
        out.extend('\n\n'.join(paras[i:i + rng.randint(1, 4)]) for i in range(0, min(len(paras), 12), 4))
        if len(out) >= n:
            break
    return out


def hosts_license(rng, n):
    out = []
    for p in sorted(glob.glob('/usr/share/common-licenses/*')):
        t = read_gz(p) if os.path.isfile(p) else None
        if not t:
            continue
        paras = [x.strip() for x in re.split(r'\n\s*\n', t) if len(x.strip()) > 60]
        for i in range(0, len(paras), 3):
            out.append('\n\n'.join(paras[i:i + rng.randint(1, 4)]))
    rng.shuffle(out)
    return out[:n]


MAN_LANGS = ['', '', '', 'ru', 'ja', 'de', 'fr', 'pl', 'ko', 'es', 'cs', 'it', 'pt_BR', 'sv', 'tr']


def hosts_man(rng, n):
    out = []
    env = dict(os.environ, MANWIDTH='78', LANG='C.UTF-8', LC_ALL='C.UTF-8', MAN_KEEP_FORMATTING='')
    tries = 0
    while len(out) < n and tries < n * 3:
        tries += 1
        lang = rng.choice(MAN_LANGS)
        d = '/usr/share/man/%s/man1' % lang if lang else '/usr/share/man/man1'
        pages = sorted(glob.glob(d + '/*'))
        if not pages:
            continue
        page = rng.choice(pages)
        try:
            r = subprocess.run(['man', '-E', 'UTF-8', '-l', page], env=env, capture_output=True, timeout=20)
            txt = subprocess.run(['col', '-bx'], input=r.stdout, capture_output=True, timeout=20).stdout.decode('utf-8')
        except (OSError, subprocess.SubprocessError, UnicodeDecodeError):
            continue
        txt = txt.strip()
        if len(txt) < 200:
            continue
        if len(txt) > 12000:
            s = rng.randrange(0, len(txt) - 8000)
            s = txt.find('\n\n', s) + 2
            txt = txt[s:s + 8000].strip()
        out.append((lang or 'en', txt))
    return out


I18N_LANGS = ['ru', 'uk', 'el', 'zh_CN', 'zh_TW', 'ja', 'ko', 'ar', 'he', 'fa', 'hi', 'th', 'vi', 'bg', 'sr',
              'ka', 'hy', 'ta', 'bn', 'de', 'fr', 'pl', 'tr', 'cs', 'ur', 'mr', 'am']


def i18n_catalogs(rng):
    cats = {}
    for lang in I18N_LANGS:
        strs = []
        for p in sorted(glob.glob('/usr/share/locale/%s/LC_MESSAGES/*.mo' % lang)):
            if os.path.basename(p).startswith(('iso_', 'iso-')):
                continue
            try:
                with open(p, 'rb') as f:
                    c = gettext.GNUTranslations(f)._catalog
            except Exception:  # noqa: BLE001 - any broken catalog is skipped
                continue
            for k, v in c.items():
                if k == '' or not isinstance(v, str):
                    continue
                v = v.strip()
                if 25 <= len(v) <= 600 and '\x00' not in v:
                    strs.append(v)
        if len(strs) >= 40:
            cats[lang] = strs
    return cats


def hosts_i18n(rng, n, cats):
    out = []
    langs = sorted(cats)
    for _ in range(n):
        lang = rng.choice(langs)
        strs = cats[lang]
        k = rng.randint(3, 25)
        i = rng.randrange(len(strs))
        body = []
        for j in range(k):  # consecutive strings of one catalog read like one program's text
            s = strs[(i + j) % len(strs)]
            body.append(s)
        sep = rng.choice(['\n', '\n\n', ' '])
        out.append((lang, sep.join(body)))
    return out


def hosts_pymail():
    ds = sorted(glob.glob('/root/.pyenv/versions/*/lib/python3*/test/test_email/data/msg_*.txt')
                + glob.glob('/usr/lib/python3*/test/test_email/data/msg_*.txt'))
    seen = set()
    out = []
    for p in ds:
        b = os.path.basename(p)
        if b in seen:
            continue
        seen.add(b)
        t = read_gz(p)
        if t and len(t) > 50:
            out.append(t)
    return out


NAMES = ['Alice Martin', 'Bob Chen', 'Carla Rossi', 'Dmitri Petrov', 'Eva Novak', 'Farid Haddad',
         'Grace Kim', 'Hiro Tanaka', 'Ines Duarte', 'Jonas Berg']
NATIVE = {'ru': 'Дмитрий Петров', 'uk': 'Олена Шевченко', 'el': 'Γιώργος Παπαδόπουλος', 'zh_CN': '王伟',
          'zh_TW': '陳美玲', 'ja': '田中 宏', 'ko': '김민준', 'ar': 'فريد حداد', 'he': 'דוד לוי', 'fa': 'علی رضایی',
          'hi': 'राहुल शर्मा', 'th': 'สมชาย ใจดี', 'bg': 'Иван Иванов', 'sr': 'Марко Марковић', 'ka': 'გიორგი ბერიძე'}


def wrap_mail(rng, body, lang, subject=None):
    """A host body as a bare body, a mail with headers, or an HTML mail; returns (text, form)."""
    r = rng.random()
    lines = [x for x in body.split('\n') if x.strip()]
    subj = subject or (lines[0][:70] if lines else 'hello')
    name = NATIVE.get(lang) if lang in NATIVE and rng.random() < 0.7 else rng.choice(NAMES)
    if r < 0.2:
        paras = [p for p in re.split(r'\n\s*\n', body) if p.strip()]
        esc = lambda s: s.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')  # noqa: E731
        html = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
                '<title>%s</title></head>\n<body>\n' % esc(subj))
        for p in paras:
            html += '<p style="font-family: Arial">%s</p>\n' % esc(p).replace('\n', '<br>\n')
        html += '<p><a href="https://lists.example.org/archive/%d.html">archive</a></p>\n</body></html>' % rng.randrange(10**6)
        if rng.random() < 0.5:
            return html, 'html'
        body, form = html, 'html'
        ctype = 'text/html'
    elif r < 0.55:
        form, ctype = 'mail', 'text/plain'
    else:
        return body, 'body'
    hdr = ['From: %s <%s@example.org>' % (email.utils.quote(name) if name.isascii() else name,
                                          'user%d' % rng.randrange(1000)),
           'To: discuss@lists.example.net',
           'Subject: %s' % subj,
           'Date: %s' % email.utils.formatdate(rng.randrange(10**9, 17 * 10**8)),
           'Message-ID: <%d.%d@mail.example.org>' % (rng.randrange(10**9), rng.randrange(10**6)),
           'MIME-Version: 1.0',
           'Content-Type: %s; charset="utf-8"' % ctype,
           'Content-Transfer-Encoding: 8bit']
    return '\n'.join(hdr) + '\n\n' + body, form


# ---------------------------------------------------------------- planting helpers

WORD = re.compile(r'[A-Za-z]{4,}')
ANYWORD = re.compile(r'\w{3,}')


def body_start(text):
    """Offset of the body: after the headers, after <body>."""
    i = text.find('\n\n')
    s = i + 2 if text.startswith(('From:', 'Return-Path', 'Received')) and i >= 0 else 0
    j = text.find('<body>', s)
    return j + 7 if j >= 0 else s


def html_text_spots(text):
    return [m.end() for m in re.finditer(r'<p[^>]*>', text)]


def pick_word(rng, text, latin=True):
    s = body_start(text)
    ws = [m for m in (WORD if latin else ANYWORD).finditer(text, s)
          if not text[max(0, m.start() - 1)] in '<&/' and '<' not in text[m.start():m.end()]]
    # skip words inside tags
    ws = [m for m in ws if text.rfind('<', 0, m.start()) <= text.rfind('>', 0, m.start())]
    return rng.choice(ws) if ws else None


def insert_at(rng, text, payload, pos, inline_ok=True):
    """Insert payload at a position kind; returns (text, pos actually used)."""
    if pos == 'start':
        return payload + text, pos
    if pos == 'end':
        return text + payload, pos
    if pos == 'header':
        m = re.search(r'^Subject: ', text, re.M)
        if m:
            e = text.find('\n', m.end())
            k = rng.randint(m.end(), e)
            return text[:k] + payload + text[k:], pos
        pos = 'between'
    if pos == 'html':
        spots = html_text_spots(text)
        if spots:
            k = rng.choice(spots)
            return text[:k] + payload + text[k:], pos
        return text[:body_start(text)] + '<div>' + payload + '</div>' + text[body_start(text):], pos
    if pos == 'inword':
        m = pick_word(rng, text)
        if m:
            k = rng.randint(m.start() + 1, m.end() - 1)
            return text[:k] + payload + text[k:], pos
        pos = 'between'
    if pos == 'para':
        s = body_start(text)
        ks = [m.end() for m in re.finditer(r'\n\n', text[s:])]
        k = s + rng.choice(ks) if ks else len(text)
        return text[:k] + payload + '\n\n' + text[k:], pos
    # between words
    s = body_start(text)
    sp = [m.start() for m in re.finditer(' ', text[s:])]
    k = s + rng.choice(sp) if sp else len(text)
    return text[:k] + ' ' + payload + text[k:], 'between'


def is_rtl_or_shaping(lang):
    return lang in ('ar', 'he', 'fa', 'ur', 'hi', 'mr', 'bn', 'ta', 'th', 'am', 'ka', 'hy')


# ---------------------------------------------------------------- categories

INVIS = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad', '\u180e', '\u2061', '\u2062', '\u2063',
         '\u2064', '\u034f', '\u115f', '\u1160', '\u3164', '\uffa0', '\u17b4', '\u17b5', '\u206a', '\u206f']


def plant_invisible(rng, text, lang):
    chars = [c for c in INVIS if not (is_rtl_or_shaping(lang) and c in '\u200c\u200d')]
    mode = rng.choice(['one', 'one', 'every', 'run', 'tags', 'vs'])
    pos = rng.choice(['inword', 'inword', 'between', 'start', 'end', 'html', 'header'])
    c = rng.choice(chars)
    if mode == 'every':  # between every letter of a word
        m = pick_word(rng, text)
        if m:
            w = c.join(text[m.start():m.end()])
            return text[:m.start()] + w + text[m.end():], 'every:U+%04X' % ord(c), 'inword'
        mode = 'one'
    if mode == 'tags':  # ASCII smuggled as Unicode tag characters
        hidden = rng.choice(['ignore previous instructions', 'buy now', 'admin', 'click'])
        payload = '\U000e0001' * rng.randint(0, 1) + ''.join(chr(0xE0000 + ord(x)) for x in hidden)
        t, p = insert_at(rng, text, payload, pos)
        return t, 'tags', p
    if mode == 'vs':  # variation selectors after Latin letters
        m = pick_word(rng, text)
        if m:
            vs = chr(rng.choice([0xFE00, 0xFE01, 0xFE0E, 0xFE0F, 0xE0100]))
            k = rng.randint(m.start() + 1, m.end())
            return text[:k] + vs + text[k:], 'vs:U+%04X' % ord(vs), 'inword'
        mode = 'one'
    payload = c * (rng.randint(2, 12) if mode == 'run' else 1)
    if pos == 'start' and c == '\ufeff' and mode == 'one':
        pos = 'inword'
    t, p = insert_at(rng, text, payload, pos)
    return t, '%s:U+%04X' % (mode, ord(c)), p


BIDI_ALL = ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069']
BIDI_MARKS = ['\u200e', '\u200f', '\u061c']


def plant_bidi(rng, text, lang):
    marks_ok = not is_rtl_or_shaping(lang)
    mode = rng.choice(['override_word', 'override_word', 'isolate_word', 'single', 'mark'] if marks_ok else
                      ['override_word', 'isolate_word', 'single'])
    pos = rng.choice(['inword', 'between', 'start', 'end', 'html', 'header'])
    if mode in ('override_word', 'isolate_word'):
        m = pick_word(rng, text, latin=False)
        if m:
            w = text[m.start():m.end()]
            if mode == 'override_word':
                o = rng.choice(['\u202e', '\u202d', '\u202b', '\u202a'])
                w2 = o + w[::-1] + '\u202c'
            else:
                o = rng.choice(['\u2066', '\u2067', '\u2068'])
                w2 = o + w + '\u2069'
            return text[:m.start()] + w2 + text[m.end():], mode + ':U+%04X' % ord(o), 'word'
        mode = 'single'
    c = rng.choice(BIDI_ALL if mode == 'single' else BIDI_MARKS)
    t, p = insert_at(rng, text, c * rng.randint(1, 3), pos)
    return t, '%s:U+%04X' % (mode, ord(c)), p


CYR = dict(zip('aceopxyijsdhABCEHKMOPTXSIJ', 'асеорхуіјѕԁһАВСЕНКМОРТХЅІЈ'))
GRK = dict(zip('oviuABEHIKMNOPTXYZ', 'ονιυΑΒΕΗΙΚΜΝΟΡΤΧΥΖ'))
ARM = dict(zip('ouhgnq', 'օսհցոզ'))
CHER = dict(zip('ABCDEGHJKLMPRSTVWZ', 'ᎪᏴᏟᎠᎬᏀᎻᎫᏦᏞᎷᏢᎡᏚᎢᏙᏔᏃ'))
TARGETS = ['PayPal', 'password', 'account', 'verify', 'Microsoft', 'Apple', 'bank', 'login', 'security',
           'invoice', 'Amazon', 'update', 'free', 'viagra', 'casino', 'bitcoin', 'urgent']


def fullwidth(c):
    return chr(ord(c) - 0x21 + 0xFF01) if '!' <= c <= '~' else c


def mathalpha(c, base):
    if 'A' <= c <= 'Z':
        return chr(base + ord(c) - 65)
    if 'a' <= c <= 'z':
        return chr(base + 26 + ord(c) - 97)
    return c


def plant_mixed(rng, text, lang):
    table_name = rng.choice(['cyr', 'cyr', 'cyr', 'grk', 'grk', 'arm', 'cher', 'full', 'math'])
    table = {'cyr': CYR, 'grk': GRK, 'arm': ARM, 'cher': CHER}.get(table_name)
    how = rng.choice(['one', 'half', 'all'])
    nwords = rng.choice([1, 1, 1, 2, 4])
    pos = 'word'
    variant = '%s:%s' % (table_name, how)

    def conv(w):
        if table_name == 'cher':  # Cherokee has look-alikes of capitals only: write the word in capitals
            w = w.upper()
        idx = list(range(len(w)))
        if table is not None:
            idx = [i for i in idx if w[i] in table]
        if not idx:
            return w
        if how == 'one':
            idx = [rng.choice(idx)]
        elif how == 'half':
            idx = rng.sample(idx, max(1, len(idx) // 2))
        cs = list(w)
        for i in idx:
            if table is not None:
                cs[i] = table[cs[i]]
            elif table_name == 'full':
                cs[i] = fullwidth(cs[i])
            else:
                cs[i] = mathalpha(cs[i], rng.choice([0x1D400, 0x1D434, 0x1D5D4, 0x1D670]))
        return ''.join(cs)

    if rng.random() < 0.35:  # a brand or spam word put into the text
        for _ in range(nwords):
            w = rng.choice(TARGETS)
            cw = conv(w)
            if cw == w:
                cw = conv('account')
            text, pos = insert_at(rng, text, cw, rng.choice(['between', 'header', 'html', 'start', 'end']))
            if pos == 'start':
                text = text[:len(cw)] + ' ' + text[len(cw):]
        return text, variant + ':inserted', pos
    done = 0
    for _ in range(nwords * 4):
        m = pick_word(rng, text)
        if not m:
            break
        w = text[m.start():m.end()]
        cw = conv(w)
        if cw != w:
            text = text[:m.start()] + cw + text[m.end():]
            done += 1
            if done >= nwords:
                break
    if not done:
        text, pos = insert_at(rng, text, conv('account'), 'between')
    return text, variant, pos


def plant_control(rng, text, lang):
    mode = rng.choice(['c0', 'c0', 'c0', 'nul', 'del', 'c1', 'ansi', 'ansi', 'bs', 'run'])
    pos = rng.choice(['inword', 'between', 'start', 'end', 'html', 'header'])
    if mode == 'c0':
        c = chr(rng.choice([1, 2, 3, 4, 5, 6, 7, 8, 11, 12, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31]))
        payload = c
    elif mode == 'nul':
        payload = '\x00'
    elif mode == 'del':
        payload = '\x7f'
    elif mode == 'c1':
        payload = chr(rng.randint(0x80, 0x9f))
    elif mode == 'ansi':
        payload = rng.choice(['\x1b[31m', '\x1b[1;33m', '\x1b[0m', '\x1b[2J', '\x1b]0;title\x07', '\x1b[8m'])
        if rng.random() < 0.5:
            payload += 'hidden text' + '\x1b[0m'
    elif mode == 'bs':  # text overstruck with backspaces
        payload = 'spam' + '\b' * 4 + 'good'
    else:
        payload = ''.join(chr(rng.choice([1, 2, 3, 4, 5, 6, 14, 15, 16, 17, 26, 28, 31, 127])) for _ in range(rng.randint(3, 30)))
    t, p = insert_at(rng, text, payload, pos)
    return t, mode + ':%02X' % ord(payload[0]), p


MOJI = [('é', 'Ã©'), ('’', 'â€™'), ('“', 'â€œ'), ('ü', 'Ã¼'), ('—', 'â€”'), ('ö', 'Ã¶'), ('à', 'Ã\xa0')]


def plant_invalid(rng, text, lang):
    mode = rng.choice(['raw', 'raw', 'latin1', 'fffd', 'fffd', 'surrogate_json', 'surrogate_text', 'mojibake',
                       'truncated', 'cesu'])
    pos = rng.choice(['inword', 'between', 'start', 'end', 'html', 'header'])
    if mode == 'raw':
        bs = rng.choice([b'\xff', b'\xfe', b'\x80', b'\xc3', b'\xc0\xaf', b'\xe2\x82', b'\xf8\x88\x80\x80\x80',
                         bytes(rng.randint(0x80, 0xff) for _ in range(rng.randint(1, 8)))])
        try:
            bs.decode('utf-8')
            bs = b'\xff' + bs
        except UnicodeDecodeError:
            pass
        payload = bs.decode('utf-8', 'surrogateescape')
    elif mode == 'latin1':  # a word written in Latin-1 among UTF-8
        payload = rng.choice(['caf\xe9', 'na\xefve', 'Gr\xfc\xdfe', 'se\xf1or', 'pr\xe9sent\xe9']).encode('latin-1').decode('utf-8', 'surrogateescape')
    elif mode == 'fffd':
        payload = '\ufffd' * rng.choice([1, 1, 2, 3, 6])
    elif mode == 'surrogate_json':
        payload = ''.join(SUR + '%02x\ue001' % rng.randint(0x80, 0xff) for _ in range(rng.randint(1, 3)))
    elif mode == 'surrogate_text':
        payload = ''.join('\\udc%02x' % rng.randint(0x80, 0xff) for _ in range(rng.randint(1, 3)))
    elif mode == 'mojibake':  # UTF-8 read as Windows-1252, then written again as UTF-8
        a, b = rng.choice(MOJI)
        k = rng.randint(1, 4)
        payload = ' '.join(rng.choice(['caf', 'don', 'd', 'Z', 'r']) + b + rng.choice(['t', 'rich', 'nchen', 's'])
                           for _ in range(k))
    elif mode == 'truncated':
        payload = 'd\u00e9j\u00e0'.encode()[:-1].decode('utf-8', 'surrogateescape')
        pos = 'end'
    else:  # CESU-8 / an encoded surrogate
        payload = b'\xed\xa0\xbd\xed\xb8\x80'.decode('utf-8', 'surrogateescape')
    t, p = insert_at(rng, text, payload, pos)
    return t, mode, p


def rand_payload(rng, n):
    kind = rng.choice(['random', 'random', 'gzip', 'text'])
    if kind == 'random':
        return bytes(rng.randrange(256) for _ in range(n)), kind
    if kind == 'gzip':
        src = ' '.join(rng.choice(TARGETS) for _ in range(n))
        return gzip.compress(src.encode(), mtime=0)[:n], kind
    s = ' '.join(rng.choice(TARGETS + ['the', 'and', 'you', 'click', 'here', 'now', 'to']) for _ in range(n))
    return s.encode()[:n], kind


def hexdump_c(b, base=0):
    lines = []
    for i in range(0, len(b), 16):
        ch = b[i:i + 16]
        h = ' '.join('%02x' % x for x in ch[:8]) + '  ' + ' '.join('%02x' % x for x in ch[8:])
        asc = ''.join(chr(x) if 32 <= x < 127 else '.' for x in ch)
        lines.append('%08x  %-49s |%s|' % (base + i, h, asc))
    return '\n'.join(lines)


def xxd(b):
    lines = []
    for i in range(0, len(b), 16):
        ch = b[i:i + 16].hex()
        h = ' '.join(ch[j:j + 4] for j in range(0, len(ch), 4))
        asc = ''.join(chr(x) if 32 <= x < 127 else '.' for x in b[i:i + 16])
        lines.append('%08x: %-40s  %s' % (i, h, asc))
    return '\n'.join(lines)


def uuencode(b, name):
    out = ['begin 644 %s' % name]
    for i in range(0, len(b), 45):
        out.append(binascii.b2a_uu(b[i:i + 45]).decode().rstrip('\n'))
    out += ['`', 'end']
    return '\n'.join(out)


BLOBS = ['b64_line', 'b64_line', 'b64_wrap76', 'b64_wrap64', 'b64url', 'b64_datauri', 'hex', 'hex_upper',
         'hex_spaced', 'hex_colon', 'hex_0x', 'hex_cescape', 'xxd', 'hexdump_c', 'qp', 'uu', 'percent', 'b32',
         'a85']


def plant_blob(rng, text, lang):
    mode = rng.choice(BLOBS)
    n = int(round(2 ** rng.uniform(5, 10)))  # 32..1024 payload bytes
    b, pk = rand_payload(rng, n)
    if mode == 'qp' or mode == 'percent':  # these encode text: non-ASCII text gives runs of escapes
        src = rng.choice(['Привет, это важное сообщение для вас', 'Ελάτε να κερδίσετε χρήματα τώρα',
                          '免费赠送，立即点击领取大奖', 'عرض خاص لفترة محدودة فقط', 'ग्रेट ऑफर अभी क्लिक करें'])
        b = (src * (1 + n // len(src.encode())))[:max(8, n // 2)].encode('utf-8', 'ignore')
        pk = 'utf8text'
    pos = rng.choice(['para', 'para', 'between', 'start', 'end', 'html', 'header'])
    if mode == 'b64_line':
        p = base64.b64encode(b).decode()
    elif mode == 'b64_wrap76':
        p = base64.encodebytes(b).decode().strip()
        pos = rng.choice(['para', 'start', 'end'])
    elif mode == 'b64_wrap64':
        s = base64.b64encode(b).decode()
        p = '\n'.join(s[i:i + 64] for i in range(0, len(s), 64))
        pos = rng.choice(['para', 'start', 'end'])
    elif mode == 'b64url':
        p = base64.urlsafe_b64encode(b).decode().rstrip('=')
    elif mode == 'b64_datauri':
        p = '<img src="data:image/png;base64,%s">' % base64.b64encode(b).decode()
        pos = 'html'
    elif mode == 'hex':
        p = b.hex()
    elif mode == 'hex_upper':
        p = b.hex().upper()
    elif mode == 'hex_spaced':
        p = ' '.join('%02x' % x for x in b)
    elif mode == 'hex_colon':
        p = ':'.join('%02x' % x for x in b)
    elif mode == 'hex_0x':
        p = ', '.join('0x%02x' % x for x in b)
    elif mode == 'hex_cescape':
        p = ''.join('\\x%02x' % x for x in b)
    elif mode == 'xxd':
        p = xxd(b)
        pos = rng.choice(['para', 'start', 'end'])
    elif mode == 'hexdump_c':
        p = hexdump_c(b)
        pos = rng.choice(['para', 'start', 'end'])
    elif mode == 'qp':
        p = quopri.encodestring(b).decode()
    elif mode == 'uu':
        p = uuencode(b, 'data.bin')
        pos = rng.choice(['para', 'start', 'end'])
    elif mode == 'percent':
        p = urllib.parse.quote(b.decode('utf-8', 'ignore'))
    elif mode == 'b32':
        p = base64.b32encode(b).decode()
    else:
        p = base64.a85encode(b).decode()
    if pos == 'header':
        m = re.search(r'^Subject: ', text, re.M)
        if m and '\n' not in p:
            text = text[:m.start()] + 'X-Data: ' + p + '\n' + text[m.start():]
            return text, '%s:%s' % (mode, pk), 'header'
        pos = 'para'
    if pos in ('start', 'end') and '\n' in p:
        p = '\n' + p + '\n'
    t, used = insert_at(rng, text, p, pos)
    return t, '%s:%s' % (mode, pk), used


def plant_run(rng, text, lang):
    mode = rng.choice(['letter', 'digit', 'punct', 'punct', 'emoji', 'word', 'phrase', 'space', 'tab', 'newline',
                       'nbsp', 'nbsp', 'uspace', 'uspace_mixed', 'ideo_space', 'crlf', 'cjk'])
    pos = rng.choice(['between', 'inword', 'para', 'start', 'end', 'html'])

    def n_log(lo, hi):
        return int(round(2 ** rng.uniform(__import__('math').log2(lo), __import__('math').log2(hi))))
    if mode == 'letter':
        p = rng.choice('abcdefghijklmnopqrstuvwxyzAEIOUX') * n_log(20, 2000)
    elif mode == 'digit':
        p = rng.choice('0123456789') * n_log(20, 2000)
    elif mode == 'punct':
        p = rng.choice('!?.*-=_#~$%@^&+/|<>:;,"\'') * n_log(100, 5000)
    elif mode == 'emoji':
        p = rng.choice(['😀', '🔥', '💰', '❤', '★', '✓', '👉']) * n_log(50, 1000)
    elif mode == 'cjk':
        p = rng.choice('好的哈啊') * n_log(30, 1000)
    elif mode == 'word':
        w = rng.choice(TARGETS + ['buy', 'cheap', 'win'])
        p = (w + rng.choice([' ', ' ', ', ', '\n'])) * n_log(30, 500)
    elif mode == 'phrase':
        p = rng.choice(['click here now! ', 'best price guaranteed. ', 'limited offer ']) * n_log(20, 300)
    elif mode == 'space':
        p = ' ' * n_log(200, 5000)
    elif mode == 'tab':
        p = '\t' * n_log(200, 5000)
    elif mode == 'newline':
        p = '\n' * n_log(200, 5000)
    elif mode == 'crlf':
        p = '\r\n' * n_log(200, 3000)
    elif mode == 'nbsp':
        p = '\u00a0' * n_log(100, 5000)
    elif mode == 'ideo_space':
        p = '\u3000' * n_log(100, 5000)
    elif mode == 'uspace':
        p = chr(rng.choice([0x2002, 0x2003, 0x2007, 0x2009, 0x200a, 0x202f, 0x205f, 0x1680, 0x2028, 0x2029, 0x0085])) * n_log(100, 5000)
    else:
        p = ''.join(rng.choice(['\u00a0', '\u2003', '\u2009', ' ', '\u3000', '\u202f']) for _ in range(n_log(150, 5000)))
    t, used = insert_at(rng, text, p, pos)
    return t, '%s:%d' % (mode, len(p)), used


def plant_nontext(rng, text, lang):
    mode = rng.choice(['emoji', 'box', 'binary_latin1', 'binary_raw', 'math', 'braille', 'zalgo', 'pua', 'dingbats',
                       'ascii_noise', 'emoji_block'])
    n = int(round(2 ** rng.uniform(4, 10)))
    if mode == 'emoji':
        p = ''.join(rng.choice('😀😂🔥💰❤👍🎉🚀💯🙏😍✨🌟💥') + rng.choice(['', '', ' ']) for _ in range(n))
    elif mode == 'box':
        p = '\n'.join(''.join(rng.choice('═║╔╗╚╝╠╣╦╩╬─│┌┐└┘├┤┬┴┼█▓▒░') for _ in range(rng.randint(10, 60)))
                      for _ in range(max(1, n // 30)))
    elif mode == 'binary_latin1':
        p = bytes(rng.randrange(256) for _ in range(n)).decode('latin-1')
    elif mode == 'binary_raw':
        p = bytes(rng.randrange(256) for _ in range(n)).decode('utf-8', 'surrogateescape')
    elif mode == 'math':
        p = ' '.join(''.join(rng.choice('∑∫∂∇√∞≈≠≤≥∈∉∩∪⊂⊃⊕⊗∀∃') for _ in range(rng.randint(1, 6))) for _ in range(max(1, n // 4)))
    elif mode == 'braille':
        p = ''.join(chr(rng.randint(0x2800, 0x28ff)) for _ in range(n))
    elif mode == 'zalgo':
        base = rng.choice(['hello world', 'free money', 'click here', 'important'])
        p = ''.join(c + ''.join(chr(rng.randint(0x300, 0x36f)) for _ in range(rng.randint(5, 15))) for c in base)
        t, used = insert_at(rng, text, p, rng.choice(['between', 'start', 'end', 'header']))
        return t, 'zalgo', used
    elif mode == 'pua':
        p = ''.join(chr(rng.randint(0xE000, 0xF8FF)) for _ in range(n))
    elif mode == 'dingbats':
        p = ' '.join(chr(rng.randint(0x2700, 0x27bf)) for _ in range(n))
    elif mode == 'ascii_noise':
        p = ''.join(rng.choice('!#$%&()*+,-./:;<=>?@[]^_`{|}~') for _ in range(n))
    else:  # a block of emoji appended to a mail
        p = ''.join(rng.choice('😀😂🔥💰❤👍🎉🚀💯🙏') for _ in range(max(40, n)))
        t, used = insert_at(rng, text, '\n\n' + p, 'end')
        return t, 'emoji_block', used
    return p, mode, 'whole'


def plant_empty(rng, text, lang):
    mode = rng.choice(['empty', 'space', 'newlines', 'mixed_ascii', 'nbsp', 'ideo', 'uspaces'])
    p = {'empty': '', 'space': ' ' * rng.randint(1, 50), 'newlines': '\n' * rng.randint(1, 50),
         'mixed_ascii': ''.join(rng.choice(' \t\n\r') for _ in range(rng.randint(2, 80))),
         'nbsp': '\u00a0' * rng.randint(1, 30), 'ideo': '\u3000' * rng.randint(1, 30),
         'uspaces': ''.join(rng.choice(' \u00a0\u2003\u2009\n') for _ in range(rng.randint(2, 40)))}[mode]
    return p, mode, 'whole'


CATS = [('invisible_char', plant_invisible), ('bidi_control', plant_bidi), ('mixed_script', plant_mixed),
        ('control_char', plant_control), ('invalid_utf8', plant_invalid), ('encoded_blob', plant_blob),
        ('repeated_run', plant_run), ('non_text', plant_nontext), ('empty', plant_empty)]
ACCEPT = {'invalid_utf8': {'invalid_utf8', 'replacement_char', 'mojibake'}, 'encoded_blob': {'encoded_blob', 'encoded_attachment'},
          'empty': {'empty_text', 'whitespace_only'}}


# ---------------------------------------------------------------- output

def encode_line(obj):
    s = json.dumps(obj, ensure_ascii=False)
    s = re.sub('\ue000SUR([0-9a-f]{2})\ue001', lambda m: '\\udc' + m.group(1), s)
    return s.encode('utf-8', 'surrogateescape') + b'\n'


def encode_line_pq(obj):
    o = dict(obj)
    t = re.sub('\ue000SUR[0-9a-f]{2}\ue001', '\ufffd', o['text'])
    t = t.encode('utf-8', 'surrogateescape').decode('utf-8', 'replace')  # as a lossy decoder: U+FFFD per maximal invalid subpart
    o['text'] = t
    return json.dumps(o, ensure_ascii=False).encode('utf-8') + b'\n'


def cmd_plant(a):
    rng = random.Random(a.seed)
    sys.stderr.write('collecting hosts...\n')
    cats = i18n_catalogs(rng)
    n = a.per_cat * len(CATS) + a.control
    pools = {
        'changelog': [('en', t) for t in hosts_changelog(rng, n // 5)],
        'news': [('en', t) for t in hosts_news(rng, n // 6)],
        'license': [('en', t) for t in hosts_license(rng, n // 8)],
        'man': hosts_man(rng, a.man),
        'i18n': hosts_i18n(rng, n // 4, cats),
        'pymail': [('en', t) for t in hosts_pymail()],
    }
    for k, v in pools.items():
        sys.stderr.write('  %s: %d\n' % (k, len(v)))
    hosts = []
    for src, v in pools.items():
        for lang, t in v:
            hosts.append((src, lang, t))
    rng.shuffle(hosts)

    def host(i, need_latin=False):
        for j in range(len(hosts)):
            src, lang, t = hosts[(i + j) % len(hosts)]
            if need_latin and (lang not in ('en', 'de', 'fr', 'pl', 'es', 'cs', 'it', 'sv', 'tr', 'pt_BR', 'vi')
                               or not WORD.search(t)):
                continue
            if src == 'pymail':
                return src, lang, t, 'raw'
            tt, form = wrap_mail(rng, t, lang)
            return src, lang, tt, form
        raise SystemExit('no host')

    rows, truth = [], []
    k = 0
    for cat, fn in CATS:
        for i in range(a.per_cat):
            src, lang, t, form = host(rng.randrange(len(hosts)), need_latin=(cat == 'mixed_script'))
            times = 1 if cat in ('non_text', 'empty') else rng.choice([1, 1, 1, 2, 3])
            vs, ps = [], []
            for _ in range(times):
                t, v, p = fn(rng, t, lang)
                vs.append(v)
                ps.append(p)
            rid = 'r%06d' % k
            k += 1
            rows.append({'id': rid, 'text': t, 'label': 'planted'})
            truth.append({'id': rid, 'cat': cat, 'variant': vs[0].split(':')[0], 'detail': vs, 'pos': ps,
                          'src': src, 'lang': lang, 'form': form})
    for i in range(a.control):
        src, lang, t, form = host(rng.randrange(len(hosts)))
        rid = 'r%06d' % k
        k += 1
        rows.append({'id': rid, 'text': t, 'label': 'clean'})
        truth.append({'id': rid, 'cat': 'control', 'variant': src, 'src': src, 'lang': lang, 'form': form})
    order = list(range(len(rows)))
    rng.shuffle(order)
    base = a.out[:-6] if a.out.endswith('.jsonl') else a.out
    with open(a.out, 'wb') as f, open(base + '.pq.jsonl', 'wb') as g:
        for i in order:
            f.write(encode_line(rows[i]))
            g.write(encode_line_pq(rows[i]))
    with open(base + '.truth.jsonl', 'w') as f:
        for i in order:
            f.write(json.dumps(truth[i], ensure_ascii=False) + '\n')
    sys.stderr.write('wrote %d rows (%d planted, %d control)\n' % (len(rows), a.per_cat * len(CATS), a.control))


def cmd_score(a):
    truth = [json.loads(l) for l in open(a.truth, encoding='utf-8')]
    found = collections.defaultdict(set)
    evid = collections.defaultdict(list)
    for l in open(a.findings, encoding='utf-8', errors='replace'):
        f = json.loads(l)
        if f.get('id') is None:
            continue
        kind, sub = f.get('kind'), f.get('subkind') or ''
        if kind == 'cleaning_evasion':
            found[f['id']].add(sub)
        elif kind in ('replacement_char', 'invalid_utf8', 'encoded_attachment', 'mojibake'):
            found[f['id']].add(kind)
        else:
            continue
        evid[f['id']].append('%s/%s: %s' % (kind, sub, (f.get('evidence') or '')[:140]))
    per = collections.OrderedDict()
    pervar = collections.defaultdict(lambda: [0, 0])
    misses = collections.defaultdict(list)
    ctrl = collections.defaultdict(lambda: [0, 0, 0])
    ctrl_rows = []
    for t in truth:
        got = found.get(t['id'], set())
        if t['cat'] == 'control':
            key = '%s/%s/%s' % (t['src'], t['lang'] if t['lang'] in ('en',) else 'i18n' if t['src'] == 'i18n' else t['lang'], t['form'])
            c = ctrl[t['src']]
            c[0] += 1
            ev = got - {'replacement_char', 'invalid_utf8', 'encoded_attachment', 'mojibake'}
            if ev:
                c[1] += 1
                ctrl_rows.append((t, evid[t['id']]))
            if got & {'replacement_char', 'invalid_utf8', 'mojibake'}:
                c[2] += 1
            continue
        acc = ACCEPT.get(t['cat'], {t['cat']})
        ok = bool(got & acc)
        anyok = bool(got)
        p = per.setdefault(t['cat'], [0, 0, 0])
        p[0] += 1
        p[1] += ok
        p[2] += anyok
        pv = pervar['%s %s' % (t['cat'], t['variant'])]
        pv[0] += 1
        pv[1] += ok
        if not ok:
            misses[t['cat']].append((t, sorted(got)))
    print('%-16s %6s %8s %8s' % ('category', 'rows', 'recall', 'any'))
    for c, (n, ok, anyok) in per.items():
        print('%-16s %6d %8.3f %8.3f%s' % (c, n, ok / n, anyok / n, '  <' if ok / n < 0.95 else ''))
    tot = [sum(x[i] for x in ctrl.values()) for i in range(3)]
    print('control flagged (cleaning_evasion): %d of %d = %.2f%%; replacement_char/invalid_utf8/mojibake: %d' %
          (tot[1], tot[0], 100.0 * tot[1] / max(1, tot[0]), tot[2]))
    for s, (n, fl, rc) in sorted(ctrl.items()):
        print('  control %-10s %5d rows, %4d flagged (%.2f%%), %d replacement/invalid/mojibake' % (s, n, fl, 100.0 * fl / n, rc))
    print('\nper variant (recall under 1 only):')
    for k2 in sorted(pervar):
        n, ok = pervar[k2]
        if ok < n:
            print('  %-34s %4d %6.3f' % (k2, n, ok / n))
    if a.misses:
        print('\nmisses:')
        for c, ms in misses.items():
            for t, got in ms[:a.misses]:
                print('  %s %s %s %s %s %s got=%s' % (t['id'], c, t['detail'], t['pos'], t['src'], t['lang'], got))
        print('\ncontrol flagged:')
        for t, ev in ctrl_rows[:a.misses * 3]:
            print('  %s %s %s %s | %s' % (t['id'], t['src'], t['lang'], t['form'], ' || '.join(ev)[:400]))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sp = ap.add_subparsers(dest='cmd', required=True)
    p = sp.add_parser('plant')
    p.add_argument('--seed', type=int, default=1)
    p.add_argument('--per-cat', type=int, default=300)
    p.add_argument('--control', type=int, default=5000)
    p.add_argument('--man', type=int, default=300, help='man pages to render (0 to skip)')
    p.add_argument('out')
    s = sp.add_parser('score')
    s.add_argument('truth')
    s.add_argument('findings')
    s.add_argument('--misses', type=int, default=0)
    a = ap.parse_args()
    (cmd_plant if a.cmd == 'plant' else cmd_score)(a)


if __name__ == '__main__':
    main()

#!/usr/bin/env python3
"""evplant6: a sixth planter (session 26) for C0 controls and DEL written as
quoted-printable escapes in real mail, written for the rule of
internal/evasions/recall10.go but not from evplant5.py's qp_controls
(whose one shape is a new text/plain part of three words with =1B[31m,
=00, =07 or =08=08 after them).

Hosts are SpamAssassin mails (/work/bench-data/spam-assassin), drawn by
the seed. Each variant is 30 rows; the mail is built for the variant
(its body re-encoded as quoted-printable the way Python's quopri and
email packages write it: =3D for =, soft line breaks at 76, the header
declaring the encoding; or a multipart/alternative mail with a text/plain
and a text/html part, or the mail's own quoted-printable part where it
has one), then controls are written as escapes into 1 to 4 words of the
text (never inside an escape or an HTML tag). Every planted row has a
control row: the same mail built the same way with no control; and the
mail as it is. 5% of rows have CRLF line ends.

Variants (all control_char):
  qp_ansi_color     ANSI colour around a word: =1B[1;31mWORD=1B[0m
  qp_nul_in_word    NUL inside a word: Vi=00agra
  qp_bell           BEL after a word: WORD=07
  qp_del_in_word    DEL inside a word: fr=7Fee
  qp_backspace      backspace overstrike inside a word: fr=08free
  qp_soh_sub_esc    SOH, SUB, ESC (=01, =1A, =1B) inside or after a word
  qp_html_part      any of the above in the text/html part of a
                    multipart/alternative mail (QP HTML, =3D in tags)
  qp_own_part       any of the above in a quoted-printable part the mail
                    already has (SpamAssassin spam written by its sender)
  qp_other_c0       the other C0 controls (SO, SI, DLE to ETB, CAN, EM,
                    FS to US: =0E, =0F, =10 to =19, =1C to =1F) inside a
                    word: past recall10.go's rule for =0E, =0F and =10 to
                    =19 (size=10 in raw HTML), reported apart

Variants (repeated_run; the mail as it is, a line inserted in its body,
no re-encoding):
  phrase4_repeated  a spam phrase of four words repeated 25-80 times on
                    one line ("buy cheap meds now buy cheap meds now ...")
  phrase5_repeated  the same with five words
  phrase_lines      a phrase of three to five words as 25-80 lines
  phrase6_repeated  six words or more (or over 32 bytes a unit), reported
                    apart
phrase.go's rule takes units of one to three white-space bytes: the first
three are past it (session 26 tried five, commit b78128f, reverted for its
CPU: recall10.go's doc), the fourth past phraseMaxPeriod too.

  python3 benchmarks/evplant6.py plant --seed N --out PREFIX
  python3 benchmarks/evplant6.py score BIN PREFIX [--json]

writes PREFIX.jsonl (id, text) and PREFIX.truth.json; score runs
`BIN scan PREFIX.jsonl --id id --max-examples 1000000 --json` and prints
recall per variant (a row counts with a finding of its category) and the
controls flagged (any cleaning_evasion of a counted category, and
control_char alone), the same-mail controls and the raw mails apart.
"""
import argparse
import json
import os
import quopri
import random
import re
import subprocess
import tempfile
from collections import defaultdict

SA = "/work/bench-data/spam-assassin/package/data"
GROUPS = ["easy-ham-1", "easy-ham-2", "hard-ham-1", "spam-1", "spam-2"]
PER = 30


def load_mails():
    mails = []
    for g in GROUPS:
        d = os.path.join(SA, g)
        for f in sorted(os.listdir(d)):
            if f.endswith(".json"):
                with open(os.path.join(d, f), encoding="utf-8") as fh:
                    mails.append((g + "/" + f[:5], json.load(fh)["text"]))
    return mails


def split(t):
    i = t.find("\n\n")
    if i < 0:
        return None, None
    return t[:i], t[i + 2:]


def plain_header(h):
    """the mail's header without its MIME fields (they are rewritten)"""
    out, skip = [], False
    for line in h.split("\n"):
        if line[:1] in (" ", "\t"):
            if not skip:
                out.append(line)
            continue
        name = line.split(":", 1)[0].lower()
        skip = name in ("mime-version", "content-type", "content-transfer-encoding")
        if not skip:
            out.append(line)
    return "\n".join(out)


def qp(s):
    return quopri.encodestring(s.encode("latin-1", "replace")).decode("ascii")


def textish(b):
    """a body worth re-encoding: mostly letters, no base64 or parts"""
    if "Content-Type:" in b or "boundary" in b.lower() or len(b) < 200 or len(b) > 20000:
        return False
    return sum(c.isalpha() for c in b) > 0.5 * len(b) and all(ord(c) < 256 for c in b)


WORD = re.compile(r"(?<![A-Za-z0-9=&#%<\\/])[A-Za-z]{4,12}(?![A-Za-z0-9])")


def words_outside(text, lo, hi):
    """words of text[lo:hi] not inside an escape, a soft line break's line
    end or an HTML tag"""
    out = []
    for m in WORD.finditer(text, lo, hi):
        a = text.rfind("<", lo, m.start())
        b = text.rfind(">", lo, m.start())
        if a > b:
            continue  # inside a tag
        out.append(m)
    return out


def esc(c):
    return "=%02X" % c


def mod_ansi(rng, w):
    col = rng.choice(["1;31", "31", "1;33", "32", "1"])
    return "=1B[%sm%s=1B[0m" % (col, w)


def mod_nul(rng, w):
    k = rng.randint(1, len(w) - 1)
    return w[:k] + "=00" + w[k:]


def mod_bell(rng, w):
    return w + "=07" * rng.randint(1, 2)


def mod_del(rng, w):
    k = rng.randint(1, len(w) - 1)
    return w[:k] + "=7F" + w[k:]


def mod_bs(rng, w):
    k = rng.randint(1, len(w) - 1)
    return w[:k] + "=08" + w[k - 1:]  # the letter before written again: overstrike


def mod_soh(rng, w):
    c = rng.choice([0x01, 0x1A, 0x1B])
    k = rng.randint(1, len(w))
    return w[:k] + esc(c) + w[k:]


def mod_other(rng, w):
    c = rng.choice([0x0E, 0x0F] + list(range(0x10, 0x1A)) + [0x1C, 0x1D, 0x1E, 0x1F])
    k = rng.randint(1, len(w) - 1)
    return w[:k] + esc(c) + w[k:]


PHRASES4 = ["buy cheap meds now", "click here to win", "act now save big", "free money for you",
            "lose weight fast today", "meet hot singles now", "best rates on loans", "get rich from home"]
PHRASES5 = ["click here to win big", "buy now and save more", "you have won a prize", "get your free gift now",
            "call now for free info", "best deal on the web"]
PHRASES6 = ["click here now to claim your prize", "you are a winner of our big lottery",
            "this is not spam you asked for it", "buy the best pills at the lowest price"]


def insert_body_line(rng, mail, line):
    """mail with line inserted at a line start of its body: (text, where)"""
    h, b = split(mail)
    if h is None:
        return None
    lo = len(h) + 2
    starts = ([lo] + [lo + m.end() for m in re.finditer(r"\n", mail[lo:]) if lo + m.end() < len(mail)])[:200]
    pos = rng.choice(starts)
    return mail[:pos] + line + "\n" + mail[pos:]


def plant_phrase(rng, mail, variant):
    if variant == "phrase4_repeated":
        u = rng.choice(PHRASES4) + rng.choice([" ", " ", ", "])
    elif variant == "phrase5_repeated":
        u = rng.choice(PHRASES5) + rng.choice([" ", " ", "! "])
    elif variant == "phrase6_repeated":
        u = rng.choice(PHRASES6) + " "
    else:
        u = rng.choice(PHRASES4 + PHRASES5 + ["best price guaranteed"]) + "\n"
    n = max(rng.randint(25, 80), 600 // len(u) + 1)
    return insert_body_line(rng, mail, (u * n).rstrip("\n"))


PHRASE_VARIANTS = ["phrase4_repeated", "phrase5_repeated", "phrase_lines", "phrase6_repeated"]

MODS = {"qp_ansi_color": mod_ansi, "qp_nul_in_word": mod_nul, "qp_bell": mod_bell,
        "qp_del_in_word": mod_del, "qp_backspace": mod_bs, "qp_soh_sub_esc": mod_soh,
        "qp_other_c0": mod_other}
ANY = ["qp_ansi_color", "qp_nul_in_word", "qp_bell", "qp_del_in_word", "qp_backspace", "qp_soh_sub_esc"]


def apply(rng, text, lo, hi, mod):
    ms = words_outside(text, lo, hi)
    if not ms:
        return None
    pick = sorted(rng.sample(ms, min(len(ms), rng.randint(1, 4))), key=lambda m: m.start())
    out, at = [], 0
    for m in pick:
        out.append(text[at:m.start()])
        out.append(mod(rng, m.group(0)))
        at = m.end()
    out.append(text[at:])
    return "".join(out)


def build_plain(rng, mail):
    """the mail, its body re-encoded as quoted-printable: (text, body start)"""
    h, b = split(mail)
    if h is None or not textish(b):
        return None
    hdr = plain_header(h) + "\nMIME-Version: 1.0\nContent-Type: text/plain; charset=\"iso-8859-1\"\nContent-Transfer-Encoding: quoted-printable\n\n"
    return hdr + qp(b), len(hdr)


def build_html(rng, mail):
    """a multipart/alternative mail of the body: text/plain and text/html
    parts, both quoted-printable; (text, start of the HTML part's body)"""
    h, b = split(mail)
    if h is None or not textish(b):
        return None
    bnd = "----=_NextPart_%03d_%04X_%08X" % (rng.randint(0, 999), rng.randint(0, 0xFFFF), rng.randint(0, 0xFFFFFFFF))
    paras = [p.strip() for p in b.split("\n\n") if p.strip()]
    html = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\"></head>\n<body bgcolor=\"#ffffff\">\n" + \
        "\n".join("<p><font face=\"Verdana\" size=\"2\">%s</font></p>" % p.replace("&", "&amp;").replace("<", "&lt;").replace("\n", "<br>\n") for p in paras) + \
        "\n</body></html>\n"
    top = plain_header(h) + "\nMIME-Version: 1.0\nContent-Type: multipart/alternative;\n\tboundary=\"%s\"\n\nThis is a multi-part message in MIME format.\n\n" % bnd
    p1 = "--%s\nContent-Type: text/plain;\n\tcharset=\"iso-8859-1\"\nContent-Transfer-Encoding: quoted-printable\n\n%s\n" % (bnd, qp(b))
    p2h = "--%s\nContent-Type: text/html;\n\tcharset=\"iso-8859-1\"\nContent-Transfer-Encoding: quoted-printable\n\n" % bnd
    text = top + p1 + p2h + qp(html) + "\n--%s--\n" % bnd
    return text, len(top + p1 + p2h)


QPHDR = re.compile(r"(?im)^content-transfer-encoding:[ \t]*quoted-printable[ \t]*\n(?:[^\n]+\n)*?\n")


def build_own(rng, mail):
    """the mail as it is when it has a quoted-printable part: (text, start
    of that part's body)"""
    m = QPHDR.search(mail)
    if not m:
        return None
    return mail, m.end()


def plant(a):
    rng = random.Random(a.seed)
    mails = load_mails()
    rng.shuffle(mails)
    own = [m for m in mails if QPHDR.search(m[1])]
    used = set()
    rows, truth = [], {"planted": {}, "control_same": [], "control_raw": []}

    def take(pool, build):
        for name, t in pool:
            if name in used:
                continue
            r = build(rng, t)
            if r:
                used.add(name)
                return name, t, r
        raise SystemExit("no host left")

    variants = list(MODS) + ["qp_html_part", "qp_own_part"] + PHRASE_VARIANTS
    n = 0
    for v in variants:
        for _ in range(PER):
            if v in PHRASE_VARIANTS:
                name, raw, text = None, None, None
                for name, raw in mails:
                    if name not in used and split(raw)[0] is not None:
                        used.add(name)
                        break
                planted = plant_phrase(rng, raw, v)
                n += 1
                rid, wid = "p%04d" % n, "w%04d" % n
                rows.append((rid, planted))
                truth["planted"][rid] = {"variant": v, "host": name, "cat": "repeated_run"}
                rows.append((wid, raw))
                truth["control_raw"].append(wid)
                continue
            for _try in range(20):
                if v == "qp_html_part":
                    name, raw, (text, lo) = take(mails, build_html)
                    mod = MODS[rng.choice(ANY)]
                elif v == "qp_own_part":
                    name, raw, (text, lo) = take(own, build_own)
                    mod = MODS[rng.choice(ANY)]
                else:
                    name, raw, (text, lo) = take(mails, build_plain)
                    mod = MODS[v]
                end = text.find("\n--", lo)
                hi = end if end > 0 else len(text)
                planted = apply(rng, text, lo, hi, mod)
                if planted:
                    break
            else:
                raise SystemExit("no word to plant in")
            n += 1
            rid, cid, wid = "p%04d" % n, "c%04d" % n, "w%04d" % n
            c = rng.random() < 0.05
            fix = (lambda t: t.replace("\n", "\r\n")) if c else (lambda t: t)
            rows.append((rid, fix(planted)))
            truth["planted"][rid] = {"variant": v, "host": name}
            if text != raw:
                rows.append((cid, fix(text)))
                truth["control_same"].append(cid)
            rows.append((wid, raw))
            truth["control_raw"].append(wid)
    rng.shuffle(rows)
    with open(a.out + ".jsonl", "w") as fh:
        for rid, t in rows:
            fh.write(json.dumps({"id": rid, "text": t}) + "\n")
    with open(a.out + ".truth.json", "w") as fh:
        json.dump(truth, fh)
    print("wrote %s.jsonl: %d rows (%d planted, %d same-mail controls, %d raw)" % (
        a.out, len(rows), len(truth["planted"]), len(truth["control_same"]), len(truth["control_raw"])))


COUNTED = {"invisible_char", "bidi_control", "control_char", "mixed_script", "repeated_run",
           "encoded_blob", "non_text", "empty_text", "whitespace_only"}


def score(a):
    truth = json.load(open(a.prefix + ".truth.json"))
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "r.json")
        subprocess.run([a.bin, "scan", a.prefix + ".jsonl", "--id", "id", "--max-examples", "1000000",
                        "--json", out, "-q"], check=False, stdout=subprocess.DEVNULL)
        rep = json.load(open(out))
    got = defaultdict(set)
    for f in rep.get("findings", []):
        if f.get("kind") == "cleaning_evasion":
            for r in f.get("rows", []):
                got[r.get("id")].add(f.get("subkind"))
    byv = defaultdict(lambda: [0, 0])
    miss = defaultdict(list)
    for rid, m in truth["planted"].items():
        hit = m.get("cat", "control_char") in got.get(rid, set())
        byv[m["variant"]][0] += hit
        byv[m["variant"]][1] += 1
        if not hit:
            miss[m["variant"]].append(rid)
    res = {"variants": {v: hn for v, hn in sorted(byv.items())}}
    for k in ("control_same", "control_raw"):
        ids = truth[k]
        res[k] = {"rows": len(ids),
                  "flagged": sorted(r for r in ids if got.get(r, set()) & COUNTED),
                  "control_char": sorted(r for r in ids if "control_char" in got.get(r, set()))}
    if a.json:
        print(json.dumps(res, indent=1))
        return
    for v, (h, n) in sorted(byv.items()):
        print("  %-16s %.3f (%d/%d)%s" % (v, h / n, h, n, "  missed e.g. %s" % miss[v][:4] if h < n else ""))
    for k in ("control_same", "control_raw"):
        r = res[k]
        print("%s: %d of %d flagged by a counted category (%.2f%%), %d with control_char: %s" % (
            k, len(r["flagged"]), r["rows"], 100 * len(r["flagged"]) / max(1, r["rows"]), len(r["control_char"]), r["control_char"][:10]))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("plant")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--out", required=True)
    s = sub.add_parser("score")
    s.add_argument("bin")
    s.add_argument("prefix")
    s.add_argument("--json", action="store_true")
    a = ap.parse_args()
    plant(a) if a.cmd == "plant" else score(a)


if __name__ == "__main__":
    main()

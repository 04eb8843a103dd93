#!/usr/bin/env python3
"""evplant7: evasion variants none of evplant.py, evplant3/4/5.py plants (session 26), written blind.

Written from issue 20's categories and a spammer's habits of 2002-2024, before reading the rules
that would catch them. Same real SpamAssassin mail, row shapes (whole mail, body, slice of
lines), 30% of rows with non-ASCII written as JSON \\u escapes and clean control as evplant5.py,
whose mail loading, row shapes, row writer and scoring it reuses; only the variants are new:

  invisible/bidi characters as named and numeric HTML entities inside words (&lrm; &rlm; &zwj;
  &zwnj; &shy; &ZeroWidthSpace; &NoBreak; &#8203; &#x200B; &#x200b; &#173;), in plain text and in
  an HTML line; raw blank letters (U+3164 HANGUL FILLER, U+115F, U+2800 BRAILLE BLANK, U+180E);
  IPA letters and Latin ligatures as homoglyphs (ﬁ ﬂ ﬀ ﬃ, ɑ ɡ ı ɩ ʟ, a lone small capital ᴀ in a
  lower-case word; superscript letters (ᶠʳᵉᵉ), a combining low line or overlay after every letter
  (C̲l̲i̲c̲k̲), letterlike symbols (ℂ ℍ ℙ ℯ ℊ); lower-case base32 and RFC 1924 base85 blobs; JavaScript
  String.fromCharCode(72,101,...) lists, "\\x48\\x65" and "\\u0048" escape strings, %u0048
  escapes and octal "\\110\\145" strings hiding a spam phrase or a URL; HTML comments splitting
  words (Vi<!-- x -->agra, a 2002-2004 trick) and white text are not evasions of a category the
  scan reports, so they are not planted.

  python3 evplant7.py plant --seed 1 --out /tmp/evplant7/evplant7-s1
  python3 evplant7.py score BIN /tmp/evplant7/evplant7-s1 [--json] [--show VARIANT]
"""
import argparse
import base64
import json
import os
import random
import re
import sys
from collections import defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import evplant5 as e5  # noqa: E402  (mail, shapes, row writer, scoring)

V = []


def variant(cat, name, accept=(), shape_kind=None):
    def deco(fn):
        V.append((cat, name, False, tuple(accept), shape_kind, fn))
        return fn
    return deco


def sprinkle(rng, t, ent, n=(2, 5)):
    """puts ent (a str or a list to choose from) inside n words of the body."""
    k = rng.randint(*n)
    pick = ent if isinstance(ent, list) else [ent]
    fn = lambda w: e5.inner(rng, w, rng.choice(pick))  # noqa: E731
    try:
        return e5.mod_words(rng, t, fn, k)
    except RuntimeError:  # no word to change, and the phrase is ASCII: add it
        return e5.insert_line(rng, t, e5.phrase_words(rng, fn))


def html_sprinkle(rng, t, ent):
    pick = ent if isinstance(ent, list) else [ent]
    ph = e5.phrase_words(rng, lambda w: e5.inner(rng, w, rng.choice(pick)))
    return e5.insert_line(rng, t, e5.html_line(ph))


# ---------- invisible and bidi characters as HTML entities ----------

ZW_NAMED = ["&zwj;", "&zwnj;", "&shy;", "&ZeroWidthSpace;", "&NoBreak;"]
ZW_NUM = ["&#8203;", "&#x200B;", "&#x200b;", "&#173;", "&#xAD;", "&#8204;", "&#8205;", "&#8288;", "&#65279;"]


@variant("bidi_control", "ent_lrm", accept=("invisible_char",))
def _(rng, t):
    return sprinkle(rng, t, "&lrm;")


@variant("bidi_control", "ent_rlm", accept=("invisible_char",))
def _(rng, t):
    return sprinkle(rng, t, "&rlm;")


@variant("bidi_control", "ent_lrm_html", accept=("invisible_char",))
def _(rng, t):
    return html_sprinkle(rng, t, ["&lrm;", "&rlm;"])


@variant("invisible_char", "ent_zwj")
def _(rng, t):
    return sprinkle(rng, t, "&zwj;")


@variant("invisible_char", "ent_shy")
def _(rng, t):
    return sprinkle(rng, t, "&shy;")


@variant("invisible_char", "ent_named_mix")
def _(rng, t):
    return sprinkle(rng, t, ZW_NAMED)


@variant("invisible_char", "ent_zwsp_name")
def _(rng, t):
    return sprinkle(rng, t, ["&ZeroWidthSpace;", "&NoBreak;"])


@variant("invisible_char", "ent_numeric_mix")
def _(rng, t):
    return sprinkle(rng, t, ZW_NUM)


@variant("invisible_char", "ent_html_mix")
def _(rng, t):
    return html_sprinkle(rng, t, ZW_NAMED + ZW_NUM)


@variant("invisible_char", "blank_letters")
def _(rng, t):
    return sprinkle(rng, t, ["\u3164", "\u115f", "\u2800", "\u180e", "\uffa0"])


# ---------- IPA letters, ligatures, lone small capitals as homoglyphs ----------

LIG = {"fi": "\ufb01", "fl": "\ufb02", "ff": "\ufb00", "ffi": "\ufb03", "ffl": "\ufb04", "st": "\ufb06"}
IPA = {"a": "\u0251", "g": "\u0261", "i": "\u0131", "l": "\u029f", "o": "\u0275", "e": "\u0258"}
IPA2 = {"a": "\u0251", "g": "\u0261", "i": "\u0269"}
SMALL1 = {"a": "\u1d00", "e": "\u1d07", "o": "\u1d0f", "u": "\u1d1c", "c": "\u1d04", "t": "\u1d1b"}

LIG_PHRASES = ["Find your financial freedom offer", "Free affiliate profits flood in daily",
               "Official notification final step", "Fly first class for free", "Self-storage staff offers"]


def ligate(w):
    for k in ("ffi", "ffl", "ff", "fi", "fl"):
        if k in w:
            return w.replace(k, LIG[k], 1)
    return w


@variant("mixed_script", "ligature_fi_fl")
def _(rng, t):
    lo, hi = e5.body_bounds(t)
    body = t[lo:hi]
    ms = [m for m in re.finditer(r"(?<![A-Za-z])[A-Za-z]*(?:ffi|ffl|ff|fi|fl)[A-Za-z]*", body)]
    rng.shuffle(ms)
    ms = ms[: rng.randint(2, 4)]
    if not ms:
        return e5.insert_line(rng, t, " ".join(ligate(w) for w in rng.choice(LIG_PHRASES).split()))
    for m in sorted(ms, key=lambda m: m.start(), reverse=True):
        body = body[: m.start()] + ligate(m.group()) + body[m.end():]
    return t[:lo] + body


@variant("mixed_script", "ligature_phrase")
def _(rng, t):
    return e5.insert_line(rng, t, " ".join(ligate(w) for w in rng.choice(LIG_PHRASES).split()))


@variant("mixed_script", "ipa_letters")
def _(rng, t):
    return e5.mod_words(rng, t, lambda w: e5.lookalike(w, IPA, rng, 1) or w, rng.randint(2, 4))


@variant("mixed_script", "ipa_alpha_script_g")
def _(rng, t):
    return e5.mod_words(rng, t, lambda w: e5.lookalike(w, IPA2, rng, 2) or w, rng.randint(2, 4))


@variant("mixed_script", "dotless_i")
def _(rng, t):
    return e5.mod_words(rng, t, lambda w: e5.lookalike(w, {"i": "\u0131"}, rng, 1) or w, rng.randint(2, 4))


@variant("mixed_script", "lone_small_capital")
def _(rng, t):
    return e5.mod_words(rng, t, lambda w: e5.lookalike(w, SMALL1, rng, 1) or w, rng.randint(2, 4))


SUPER = dict(zip("abcdefghijklmnoprstuvwxyz", "\u1d43\u1d47\u1d9c\u1d48\u1d49\u1da0\u1d4d\u02b0\u2071\u02b2\u1d4f\u02e1\u1d50"
                 "\u207f\u1d52\u1d56\u02b3\u02e2\u1d57\u1d58\u1d5b\u02b7\u02e3\u02b8\u1dbb"))
LETTERLIKE = {"C": "\u2102", "H": "\u210d", "N": "\u2115", "P": "\u2119", "Q": "\u211a", "R": "\u211d",
              "Z": "\u2124", "e": "\u212f", "g": "\u210a", "o": "\u2134", "h": "\u210e"}


@variant("mixed_script", "superscript_word")
def _(rng, t):
    return e5.mod_words(rng, t, lambda w: "".join(SUPER.get(c, c) for c in w.lower()), rng.randint(1, 3))


@variant("mixed_script", "combining_underline")
def _(rng, t):
    m = rng.choice(["\u0332", "\u0336", "\u0335", "\u0338", "\u0305"])
    return e5.mod_words(rng, t, lambda w: "".join(c + m for c in w), rng.randint(1, 3))


@variant("mixed_script", "letterlike_symbols")
def _(rng, t):
    return e5.mod_words(rng, t, lambda w: e5.lookalike(w, LETTERLIKE, rng, 2) or w, rng.randint(2, 4))


# ---------- blobs and escape strings ----------

def payload(rng):
    if rng.random() < 0.5:
        return " ".join(rng.choice(e5.PHRASES) for _ in range(rng.randint(3, 12))).encode()
    return e5.rand_binary(rng, rng.randint(60, 600))


@variant("encoded_blob", "base32_lower")
def _(rng, t):
    s = base64.b32encode(payload(rng)).decode().lower()
    if rng.random() < 0.5:
        s = s.rstrip("=")
    return e5.insert_line(rng, t, e5.wrap(s, rng.choice([64, 72, 76, 10000])))


RFC1924 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!#$%&()*+-;<=>?@^_`{|}~"


def b85_1924(bs):
    return base64.b85encode(bs).decode()  # Python's b85 is the RFC 1924 alphabet


@variant("encoded_blob", "base85_rfc1924")
def _(rng, t):
    s = b85_1924(payload(rng))
    return e5.insert_line(rng, t, e5.wrap(s, rng.choice([64, 76, 10000])))


def js_text(rng):
    if rng.random() < 0.5:
        return rng.choice(e5.PHRASES)
    host = rng.choice(["cheap-meds-online", "secure-paypa1-login", "bestloans4u", "free-prize-center"])
    return "http://www.%s.%s/%s" % (host, rng.choice(["com", "biz", "info", "ru"]), rng.choice(["index.php?id=42", "claim", "verify"]))


@variant("encoded_blob", "js_fromcharcode")
def _(rng, t):
    s = js_text(rng)
    sep = rng.choice([",", ", "])
    call = "String.fromCharCode(" + sep.join(str(ord(c)) for c in s) + ")"
    line = rng.choice(["<script>document.write(%s);</script>", "var u=%s;", "eval(%s)", "%s"]) % call
    return e5.insert_line(rng, t, line)


@variant("encoded_blob", "js_x_escapes")
def _(rng, t):
    s = js_text(rng)
    f = rng.choice(["\\x%02x", "\\x%02X"])
    enc = "".join(f % ord(c) for c in s)
    line = rng.choice(["<script>document.write(\"%s\");</script>", "var s='%s';", "%s"]) % enc
    return e5.insert_line(rng, t, line)


@variant("encoded_blob", "js_u_escapes")
def _(rng, t):
    s = js_text(rng)
    enc = "".join("\\u%04x" % ord(c) for c in s)
    line = rng.choice(["<script>document.write(\"%s\");</script>", "var s='%s';", "%s"]) % enc
    return e5.insert_line(rng, t, line)


@variant("encoded_blob", "js_percent_u")
def _(rng, t):
    s = js_text(rng)
    enc = "".join("%%u%04X" % ord(c) for c in s)
    line = rng.choice(["<script>document.write(unescape('%s'));</script>", "%s"]) % enc
    return e5.insert_line(rng, t, line)


@variant("encoded_blob", "octal_escapes")
def _(rng, t):
    s = js_text(rng)
    enc = "".join("\\%03o" % ord(c) for c in s)
    line = rng.choice(["<script>document.write(\"%s\");</script>", "printf '%s'", "%s"]) % enc
    return e5.insert_line(rng, t, line)


# ---------- plant and score (evplant5's, with these variants) ----------

def plant(args):
    rng = random.Random(args.seed)
    mails = e5.load_mails()
    order = list(range(len(mails)))
    rng.shuffle(order)
    ctrl_idx, pool = order[: args.control], order[args.control:]
    rows, truth = [], {"control": [], "planted": {}}
    for i in ctrl_idx:
        g, t = mails[i]
        rows.append((e5.shape(rng, t), "spam" if g.startswith("spam") else "ham", None))
    for cat, name, hard, acc, sk, fn in V:
        for _ in range(args.per_variant):
            g, t = mails[rng.choice(pool)]
            rows.append((fn(rng, e5.shape(rng, t, sk)), "spam" if g.startswith("spam") else "ham", (cat, name, hard, acc)))
    rng.shuffle(rows)
    with open(args.out + ".jsonl", "wb") as fh:
        for n, (text, label, meta) in enumerate(rows):
            rid = "r%05d" % n
            if rng.random() < 0.05:
                text = text.replace("\r\n", "\n").replace("\n", "\r\n")
            fh.write(e5.dump_row(rid, text, label, rng.random() < 0.3))
            if meta is None:
                truth["control"].append(rid)
            else:
                truth["planted"][rid] = {"cat": meta[0], "variant": meta[1], "hard": meta[2], "accept": [meta[0]] + list(meta[3])}
    with open(args.out + ".truth.json", "w") as fh:
        json.dump(truth, fh)
    print("wrote %s.jsonl: %d rows (%d control, %d planted, %d variants)" % (
        args.out, len(rows), len(truth["control"]), len(truth["planted"]), len(V)))


def main(plant_rows=None, hard_why=None, hard_width=24, doc=None):
    """The CLI: plant (with plant_rows, evplant10's own loop, or this file's plant), score, and with hard_why
    (evplant11's and evplant12's variants marked hard and why) hard, which lists them; doc is the caller's
    docstring for --help."""
    ap = argparse.ArgumentParser(description=doc or __doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("plant")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--out", required=True)
    p.add_argument("--control", type=int, default=2000)
    p.add_argument("--per-variant", type=int, default=30)
    s = sub.add_parser("score")
    s.add_argument("bin")
    s.add_argument("prefix")
    s.add_argument("--json", action="store_true")
    s.add_argument("--show", default="")
    if hard_why is not None:
        sub.add_parser("hard", help="list the hard variants and why")
    a = ap.parse_args()
    if a.cmd == "plant":
        os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
        (plant_rows or plant)(a)
    elif a.cmd == "hard":
        for k, v in hard_why.items():
            print("%-*s %s" % (hard_width, k, v))
    else:
        e5.score(a)


if __name__ == "__main__":
    main()

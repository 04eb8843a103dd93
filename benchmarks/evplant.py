#!/usr/bin/env python3
"""An independent planter and scorer for the cleaning-evasion check (issue 20).

Written apart from benchmarks/mkevasions (no code shared) to plant the
evasion categories the way another evaluator might: into the SpamAssassin
mails parsed as mail (text/plain bodies decoded with their charset, HTML
bodies kept as HTML, whole raw messages) and into paragraphs of
/usr/share/common-licenses; at the start, middle or end of a text, inside
HTML (text and attributes), one to three times a text, in short and long
texts. The clean control is other rows of the same sources, unmodified.

usage:
  evplant.py plant [--seed N] [--per N] [--control N] OUT.jsonl
      writes OUT.jsonl ({"id","text"}; raw invalid bytes in the invalid_utf8
      rows), OUT.truth.jsonl (id, category, variant, context, position)
      and OUT.pq.jsonl (the same rows, raw invalid bytes decoded as U+FFFD
      and lone surrogates as U+FFFD, as a lossy Parquet writer stores
      them: for benchmarks/duckdb_convert.mjs).
  node benchmarks/duckdb_convert.mjs OUT.pq.jsonl OUT.parquet
      the Parquet copy (scored with the same OUT.truth.jsonl).
  evplant.py score OUT.truth.jsonl FINDINGS.jsonl [--by-variant]
      FINDINGS.jsonl from `dataaudit scan OUT.jsonl --id id --findings F`;
      prints recall per category (strict: a finding of the category; any:
      any evasion-section finding), per variant with --by-variant, and the
      control's share flagged.

A planted row counts for its category when the scan has, for its id, a
cleaning_evasion finding of that subkind (empty_text and whitespace_only
too), for invalid_utf8 an invalid_utf8 or replacement_char finding, and
for encoded_blob an encoded_blob or encoded_attachment finding (session
16: base64 planted at the start of a short body leaves a row that is
nine tenths base64 in 76-column lines, which the check reports as an
attachment left encoded; for a user it is the same blob, found, in the
same section, with the same remedy: decode or drop the row). The
control counts a row flagged when it has any cleaning_evasion finding;
replacement_char, invalid_utf8 and encoded_attachment are counted apart.
"""
import base64
import email
import email.policy
import json
import os
import random
import re
import sys

SA = "/work/bench-data/spam-assassin/package/data"
LICENSES = "/usr/share/common-licenses"

# ---------------------------------------------------------------- sources


def decode_part(part):
    raw = part.get_payload(decode=True)
    if raw is None:
        return None
    cs = part.get_content_charset() or "us-ascii"
    for enc in (cs, "utf-8", "latin-1"):
        try:
            return raw.decode(enc)
        except (LookupError, UnicodeDecodeError):
            continue
    return None


def mail_texts(rng):
    """(context, text) per mail: plain body, HTML body, or whole message."""
    out = []
    for group in sorted(os.listdir(SA)):
        d = os.path.join(SA, group)
        if not os.path.isdir(d):
            continue
        for name in sorted(os.listdir(d)):
            if not name.endswith(".txt"):
                continue
            with open(os.path.join(d, name), "rb") as f:
                raw = f.read()
            r = rng.random()
            if r < 0.2:
                # whole raw message, decoded losslessly
                try:
                    t = raw.decode("utf-8")
                except UnicodeDecodeError:
                    t = raw.decode("latin-1")
                out.append(("mail_whole", t))
                continue
            msg = email.message_from_bytes(raw, policy=email.policy.compat32)
            plain = html = None
            for part in msg.walk():
                if part.is_multipart():
                    continue
                ct = part.get_content_type()
                if ct == "text/plain" and plain is None:
                    plain = decode_part(part)
                elif ct == "text/html" and html is None:
                    html = decode_part(part)
            if html is not None and (plain is None or rng.random() < 0.5):
                out.append(("mail_html", html))
            elif plain is not None:
                out.append(("mail_body", plain))
    return out


def license_texts():
    out = []
    for name in sorted(os.listdir(LICENSES)):
        p = os.path.join(LICENSES, name)
        if os.path.islink(p) or not os.path.isfile(p):
            continue
        with open(p, encoding="utf-8", errors="strict") as f:
            t = f.read()
        paras = [x for x in re.split(r"\n\s*\n", t) if len(x.split()) >= 5]
        i = 0
        while i < len(paras):
            n = 1 + (i % 4)  # 1 to 4 paragraphs a row: short and long
            out.append(("license", "\n\n".join(paras[i:i + n]) + "\n"))
            i += n
    return out


# ---------------------------------------------------------------- planting

WORD = re.compile(r"[A-Za-z]{4,}")
WORD3 = re.compile(r"[A-Za-z]{3,}")

# positions: start, middle (a random word), end
def word_spans(t, rx=WORD):
    return [m.span() for m in rx.finditer(t)]


def html_text_spans(t):
    """Word spans outside tags (in HTML text nodes)."""
    spans = []
    for m in re.finditer(r">([^<]+)<", t):
        for w in WORD.finditer(m.group(1)):
            spans.append((m.start(1) + w.start(), m.start(1) + w.end()))
    return spans


def pick_span(rng, t, pos, context, rx=WORD):
    spans = html_text_spans(t) if context == "mail_html" else []
    if not spans:
        spans = word_spans(t, rx)
    if not spans:
        return None
    n = len(spans)
    if pos == "start":
        return spans[rng.randrange(0, max(1, n // 10))]
    if pos == "end":
        return spans[rng.randrange(n - max(1, n // 10), n)]
    return spans[rng.randrange(n // 10, max(n // 10 + 1, n - n // 10))]


def insert_at(rng, t, pos, s, context):
    """Insert s at the start or end of t, or between words in the middle."""
    if pos == "start":
        return s + t
    if pos == "end":
        return t + s
    sp = pick_span(rng, t, "middle", context)
    if sp is None:
        return t[: len(t) // 2] + s + t[len(t) // 2:]
    return t[: sp[1]] + s + t[sp[1]:]


ZW = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u180e",
      "\u034f", "\u2061", "\u2062", "\u2063", "\u2064", "\u115f", "\u1160",
      "\u3164", "\uffa0", "\ufe0f", "\U000e0041"]
BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067",
        "\u2068", "\u2069", "\u200e", "\u200f", "\u061c"]
C0 = [chr(c) for c in list(range(0, 9)) + [0x0B, 0x0C] + list(range(0x0E, 0x20)) + [0x7F]]
C1 = [chr(c) for c in range(0x80, 0xA0)]
ANSI = ["\x1b[31m", "\x1b[0m", "\x1b[1;32m", "\x1b[2K", "\x1b[H\x1b[2J",
        "\x1b]0;hello\x07", "\x1b[8m", "\x1b[5A"]
HOMO = {"a": "\u0430", "c": "\u0441", "e": "\u0435", "o": "\u043e", "p": "\u0440",
        "x": "\u0445", "y": "\u0443", "i": "\u0456", "s": "\u0455", "j": "\u0458",
        "A": "\u0410", "B": "\u0412", "C": "\u0421", "E": "\u0415", "H": "\u041d",
        "K": "\u041a", "M": "\u041c", "O": "\u041e", "P": "\u0420", "T": "\u0422",
        "X": "\u0425", "I": "\u0406", "S": "\u0405"}
GREEK = {"o": "\u03bf", "v": "\u03bd", "A": "\u0391", "B": "\u0392", "E": "\u0395",
         "H": "\u0397", "I": "\u0399", "K": "\u039a", "M": "\u039c", "N": "\u039d",
         "O": "\u039f", "P": "\u03a1", "T": "\u03a4", "X": "\u03a7", "Z": "\u0396",
         "i": "\u03b9", "u": "\u03c5"}
SPACES = ["\u00a0", "\u2000", "\u2001", "\u2002", "\u2003", "\u2004", "\u2005",
          "\u2006", "\u2007", "\u2008", "\u2009", "\u200a", "\u202f", "\u205f",
          "\u3000", "\u1680", "\u2028", "\u2029", "\u0085"]
EMOJI = [chr(c) for c in list(range(0x1F600, 0x1F640)) + list(range(0x1F300, 0x1F340))]
SYMBOLS = [chr(c) for c in list(range(0x2500, 0x2580)) + list(range(0x2190, 0x21FF))
           + list(range(0x25A0, 0x25FF)) + list(range(0x2600, 0x26FF))]


def loglen(rng, lo, hi):
    import math
    return int(round(math.exp(rng.uniform(math.log(lo), math.log(hi)))))


def plant_invisible(rng, t, pos, ctx):
    ch = rng.choice(ZW)
    how = rng.choice(["in_word", "between", "edge"]) if pos == "middle" else "edge"
    if how == "in_word":
        sp = pick_span(rng, t, pos, ctx)
        if sp is None:
            return None
        k = rng.randrange(sp[0] + 1, sp[1])
        return t[:k] + ch + t[k:], "%s_in_word_U+%04X" % (pos, ord(ch))
    return insert_at(rng, t, pos, ch, ctx), "%s_%s_U+%04X" % (pos, how, ord(ch))


def plant_bidi(rng, t, pos, ctx):
    ch = rng.choice(BIDI)
    sp = pick_span(rng, t, pos, ctx)
    if sp is not None and rng.random() < 0.5:
        close = "\u2069" if ch in "\u2066\u2067\u2068" else "\u202c"
        w = t[sp[0]:sp[1]]
        return t[:sp[0]] + ch + w[::-1] + close + t[sp[1]:], "%s_wrap_U+%04X" % (pos, ord(ch))
    return insert_at(rng, t, pos, ch, ctx), "%s_single_U+%04X" % (pos, ord(ch))


def plant_control(rng, t, pos, ctx):
    kind = rng.choice(["c0", "c0", "c1", "ansi"])
    if kind == "c0":
        s = rng.choice(C0)
    elif kind == "c1":
        s = rng.choice(C1)
    else:
        a = rng.choice(ANSI)
        sp = pick_span(rng, t, pos, ctx)
        if sp is not None and a.endswith("m") and a != "\x1b[0m":
            return t[:sp[0]] + a + t[sp[0]:sp[1]] + "\x1b[0m" + t[sp[1]:], "%s_ansi_wrap" % pos
        s = a
    sp = pick_span(rng, t, pos, ctx) if pos == "middle" and rng.random() < 0.5 else None
    name = "ansi" if kind == "ansi" else "U+%04X" % ord(s)
    if sp is not None:
        k = rng.randrange(sp[0] + 1, sp[1])
        return t[:k] + s + t[k:], "%s_in_word_%s" % (pos, name)
    return insert_at(rng, t, pos, s, ctx), "%s_%s" % (pos, name)


def plant_homoglyph(rng, t, pos, ctx):
    table = HOMO if rng.random() < 0.7 else GREEK
    script = "cyr" if table is HOMO else "greek"
    spans = [s for s in (html_text_spans(t) if ctx == "mail_html" else word_spans(t, WORD3))
             if any(c in table for c in t[s[0]:s[1]])]
    if not spans:
        return None
    n = len(spans)
    if pos == "start":
        sp = spans[rng.randrange(0, max(1, n // 10))]
    elif pos == "end":
        sp = spans[rng.randrange(n - max(1, n // 10), n)]
    else:
        sp = spans[rng.randrange(0, n)]
    w = list(t[sp[0]:sp[1]])
    idx = [i for i, c in enumerate(w) if c in table]
    mode = rng.choice(["one", "some", "all"])
    if mode == "one":
        idx = [rng.choice(idx)]
    elif mode == "some":
        idx = rng.sample(idx, max(1, len(idx) // 2))
    for i in idx:
        w[i] = table[w[i]]
    return t[:sp[0]] + "".join(w) + t[sp[1]:], "%s_%s_%s" % (pos, script, mode)


def plant_run(rng, t, pos, ctx):
    kind = rng.choice(["letter", "punct", "space", "newline", "nbsp", "uspace", "uspace_mix"])
    if kind == "letter":
        s = rng.choice("aeiouxyzAEZ") * loglen(rng, 30, 400)
    elif kind == "punct":
        s = rng.choice("!?.*-=#_~+") * loglen(rng, 120, 3000)
    elif kind == "space":
        s = " " * loglen(rng, 200, 5000)
    elif kind == "newline":
        s = "\n" * loglen(rng, 200, 3000)
    elif kind == "nbsp":
        s = "\u00a0" * loglen(rng, 200, 5000)
    elif kind == "uspace":
        c = rng.choice(SPACES)
        s = c * loglen(rng, 200, 5000)
        kind = "U+%04X" % ord(c)
    else:
        s = "".join(rng.choice([" ", "\u00a0", "\u2009", "\u3000"]) for _ in range(loglen(rng, 200, 3000)))
    return insert_at(rng, t, pos, s, ctx), "%s_%s" % (pos, kind)


def plant_blob(rng, t, pos, ctx):
    kind = rng.choice(["b64", "b64_wrapped", "b64_text", "hex", "hex_upper", "hex_spaced", "hex_lines"])
    nbytes = loglen(rng, 80, 2000) if rng.random() < 0.7 else rng.randrange(48, 80)
    data = bytes(rng.getrandbits(8) for _ in range(nbytes))
    if kind == "b64":
        s = base64.b64encode(data).decode()
    elif kind == "b64_wrapped":
        b = base64.b64encode(data).decode()
        s = "\n".join(b[i:i + 76] for i in range(0, len(b), 76))
    elif kind == "b64_text":
        words = t.split()
        k = rng.randrange(0, max(1, len(words) - 40))
        s = base64.b64encode(" ".join(words[k:k + rng.randrange(15, 60)]).encode()).decode()
    elif kind == "hex":
        s = data.hex()
    elif kind == "hex_upper":
        s = data.hex().upper()
    elif kind == "hex_spaced":
        s = " ".join("%02x" % b for b in data)
    else:
        lines = [" ".join("%02x" % b for b in data[i:i + 16]) for i in range(0, len(data), 16)]
        s = "\n".join(lines)
    s = {"start": s + "\n", "end": "\n" + s, "middle": " " + s + " "}[pos]
    size = "short" if nbytes < 80 else "long"
    return insert_at(rng, t, pos, s, ctx), "%s_%s_%s" % (pos, kind, size)


def plant_lookalike_word(rng, t, pos, ctx):
    """Session 16: a whole word (3+ letters) of Cyrillic or Greek look-alikes."""
    table = HOMO if rng.random() < 0.7 else GREEK
    script = "cyr" if table is HOMO else "greek"
    spans = [s for s in (html_text_spans(t) if ctx == "mail_html" else word_spans(t, WORD3))
             if all(c in table for c in t[s[0]:s[1]])]
    if not spans:
        return None
    sp = spans[rng.randrange(0, len(spans))]
    w = "".join(table[c] for c in t[sp[0]:sp[1]])
    return t[:sp[0]] + w + t[sp[1]:], "%s_%s_word" % (pos, script)


def plant_hex_sep(rng, t, pos, ctx):
    """Session 16: hex dumps with separators: aa:bb, aa-bb, 0xaa, \\xaa, b'\\xaa'."""
    kind = rng.choice(["colon", "dash", "0x_comma", "0x_space", "backslash_x", "py_bytes"])
    nbytes = loglen(rng, 80, 2000) if rng.random() < 0.7 else rng.randrange(48, 80)
    data = bytes(rng.getrandbits(8) for _ in range(nbytes))
    hx = ["%02x" % b for b in data]
    if rng.random() < 0.3:
        hx = [h.upper() for h in hx]
    if kind == "colon":
        s = ":".join(hx)
    elif kind == "dash":
        s = "-".join(hx)
    elif kind == "0x_comma":
        s = ", ".join("0x" + h for h in hx)
    elif kind == "0x_space":
        s = " ".join("0x" + h for h in hx)
    elif kind == "backslash_x":
        s = "".join("\\x" + h for h in hx)
    else:
        s = "b'" + "".join("\\x" + h for h in hx) + "'"
    s = {"start": s + "\n", "end": "\n" + s, "middle": " " + s + " "}[pos]
    size = "short" if nbytes < 80 else "long"
    return insert_at(rng, t, pos, s, ctx), "%s_hex_%s_%s" % (pos, kind, size)


def plant_nontext(rng, t, pos, ctx):
    kind = rng.choice(["binary", "emoji", "symbols", "mixed_symbols"])
    n = loglen(rng, 20, 2000)
    if kind == "binary":
        # random bytes decoded as Latin-1 minus white space, NUL kept out
        s = "".join(chr(rng.choice([c for c in range(1, 256) if c not in (9, 10, 13, 32)])) for _ in range(n))
    elif kind == "emoji":
        s = "".join(rng.choice(EMOJI) for _ in range(n))
    elif kind == "symbols":
        s = "".join(rng.choice(SYMBOLS) for _ in range(n))
    else:
        s = "".join(rng.choice(SYMBOLS + EMOJI + list("!@#$%^&*()[]{}<>")) for _ in range(n))
    return s, "whole_%s" % kind


def plant_empty(rng, t, pos, ctx):
    return "", "whole_empty"


def plant_whitespace(rng, t, pos, ctx):
    kind = rng.choice(["space", "newlines", "tabs", "mixed", "nbsp", "ideographic"])
    n = rng.randrange(1, 200)
    s = {"space": " " * n, "newlines": "\n" * n, "tabs": "\t" * n,
         "mixed": "".join(rng.choice(" \t\n\r") for _ in range(n)),
         "nbsp": "\u00a0" * n, "ideographic": "\u3000" * n}[kind]
    return s, "whole_%s" % kind


# invalid text: markers replaced at write time
BADBYTES = [b"\xff", b"\xfe", b"\xc0\x80", b"\xe2\x82", b"\x80", b"\xed\xa0\x80", b"\xf8\x88\x80\x80\x80", b"\xc3"]


def plant_invalid(rng, t, pos, ctx):
    kind = rng.choice(["raw", "raw", "fffd", "surrogate", "fffd_many"])
    sp = pick_span(rng, t, pos, ctx)
    if sp is None:
        return None
    k = rng.randrange(sp[0] + 1, sp[1])
    if kind == "raw":
        b = rng.choice(BADBYTES)
        return t[:k] + "\ue000%d\ue001" % BADBYTES.index(b) + t[k:], "%s_raw_%s" % (pos, b.hex())
    if kind == "fffd":
        return t[:k] + "\ufffd" + t[k:], "%s_fffd" % pos
    if kind == "fffd_many":
        return t[:k] + "\ufffd" * rng.randrange(2, 30) + t[k:], "%s_fffd_run" % pos
    c = rng.choice([0xDC80, 0xDCFF, 0xDCE9, 0xD800, 0xDBFF])
    return t[:k] + chr(c) + t[k:], "%s_surrogate_%04x" % (pos, c)


PLANTERS = {
    "invisible_char": plant_invisible,
    "bidi_control": plant_bidi,
    "control_char": plant_control,
    "mixed_script": plant_homoglyph,
    "repeated_run": plant_run,
    "encoded_blob": plant_blob,
    "non_text": plant_nontext,
    "empty_text": plant_empty,
    "whitespace_only": plant_whitespace,
    "invalid_utf8": plant_invalid,
}
WHOLE = {"non_text", "empty_text", "whitespace_only"}
# Session 16's variants, planted after the control from their own random
# generator (so the rows above and the control stay as they were), --per/3
# rows each; scored with their category.
EXTRA = {
    "mixed_script": plant_lookalike_word,
    "encoded_blob": plant_hex_sep,
}


RAWRX = re.compile("\ue000([0-9]+)\ue001")


def encode_row(rid, text):
    """The JSONL line (bytes) and the lossy line for the Parquet copy."""
    parts = RAWRX.split(text)
    if len(parts) == 1:
        line = json.dumps({"id": rid, "text": text}, ensure_ascii=False)
        # lone surrogates cannot be UTF-8: write them as \uDCxx escapes
        try:
            lb = line.encode("utf-8")
        except UnicodeEncodeError:
            lb = json.dumps({"id": rid, "text": text}).encode("ascii")
        lossy = re.sub("[\ud800-\udfff]", "\ufffd", text)
        return lb, json.dumps({"id": rid, "text": lossy}, ensure_ascii=False).encode("utf-8")
    # raw bytes: splice them into the JSON string
    out = b""
    lossy = ""
    for i, p in enumerate(parts):
        if i % 2 == 0:
            try:
                out += json.dumps(p, ensure_ascii=False)[1:-1].encode("utf-8")
            except UnicodeEncodeError:
                out += json.dumps(p)[1:-1].encode("ascii")
            lossy += re.sub("[\ud800-\udfff]", "\ufffd", p)
        else:
            b = BADBYTES[int(p)]
            out += b
            lossy += b.decode("utf-8", errors="replace")
    lb = b'{"id": ' + json.dumps(rid).encode() + b', "text": "' + out + b'"}'
    return lb, json.dumps({"id": rid, "text": lossy}, ensure_ascii=False).encode("utf-8")


def plant(args):
    seed, per, ncontrol, out = 1, 300, 3000, None
    i = 0
    while i < len(args):
        a = args[i]
        if a == "--seed":
            seed = int(args[i + 1]); i += 2
        elif a == "--per":
            per = int(args[i + 1]); i += 2
        elif a == "--control":
            ncontrol = int(args[i + 1]); i += 2
        else:
            out = a; i += 1
    rng = random.Random(seed)
    texts = mail_texts(rng) + license_texts()
    # drop texts that are already empty; keep the sources' order random
    texts = [x for x in texts if x[1].strip()]
    rng.shuffle(texts)
    rows, truth = [], []
    ti = 0
    for cat, fn in PLANTERS.items():
        done = 0
        while done < per:
            ctx, t = texts[ti % len(texts)]
            ti += 1
            pos = rng.choice(["start", "middle", "end"])
            reps = 1 if cat in WHOLE else rng.choice([1, 1, 2, 3])
            variant = None
            nt = t
            for _ in range(reps):
                r = fn(rng, nt, pos, ctx)
                if r is None:
                    break
                nt, v = r
                variant = variant or v
            if variant is None:
                continue
            rid = "p%05d" % len(rows)
            rows.append((rid, nt))
            truth.append({"id": rid, "category": cat, "variant": variant, "context": ctx,
                          "position": pos, "count": reps, "chars": len(nt)})
            done += 1
    for k in range(ncontrol):
        ctx, t = texts[ti % len(texts)]
        ti += 1
        rid = "c%05d" % k
        rows.append((rid, t))
        truth.append({"id": rid, "category": "control", "variant": "clean", "context": ctx,
                      "position": "", "count": 0, "chars": len(t)})
    xrng = random.Random(seed * 1000 + 16)
    for cat, fn in EXTRA.items():
        done = 0
        while done < per // 3:
            ctx, t = texts[ti % len(texts)]
            ti += 1
            pos = xrng.choice(["start", "middle", "end"])
            r = fn(xrng, t, pos, ctx)
            if r is None:
                continue
            nt, variant = r
            rid = "q%05d" % (len(rows) - ncontrol)
            rows.append((rid, nt))
            truth.append({"id": rid, "category": cat, "variant": variant, "context": ctx,
                          "position": pos, "count": 1, "chars": len(nt)})
            done += 1
    order = list(range(len(rows)))
    rng.shuffle(order)
    base = out[:-6] if out.endswith(".jsonl") else out
    with open(out, "wb") as f, open(base + ".pq.jsonl", "wb") as g:
        for j in order:
            lb, lossy = encode_row(*rows[j])
            f.write(lb + b"\n")
            g.write(lossy + b"\n")
    with open(base + ".truth.jsonl", "w") as f:
        for r in truth:
            f.write(json.dumps(r) + "\n")
    print("%d planted rows, %d control rows: %s, %s.pq.jsonl, %s.truth.jsonl" %
          (len(rows) - ncontrol, ncontrol, out, base, base))


# ---------------------------------------------------------------- scoring

EVASION_SECTION = {"cleaning_evasion", "replacement_char", "invalid_utf8", "encoded_attachment"}


def score(args):
    truth_path, findings_path = args[0], args[1]
    by_variant = "--by-variant" in args
    truth = [json.loads(l) for l in open(truth_path)]
    found = {}
    for l in open(findings_path, encoding="utf-8", errors="replace"):
        f = json.loads(l)
        k = f.get("kind")
        if k not in EVASION_SECTION:
            continue
        found.setdefault(f.get("id"), set()).add(k if k != "cleaning_evasion" else f.get("subkind"))
    cats = {}
    misses = {}
    ctl = {}
    for r in truth:
        fs = found.get(r["id"], set())
        if r["category"] == "control":
            c = ctl.setdefault(r["context"], [0, 0, {}])
            c[0] += 1
            ev = fs - {"replacement_char", "invalid_utf8", "encoded_attachment"}
            if ev:
                c[1] += 1
            for k in fs:
                c[2][k] = c[2].get(k, 0) + 1
            continue
        cat = r["category"]
        want = {"invalid_utf8", "replacement_char"} if cat == "invalid_utf8" else {cat}
        if cat == "encoded_blob":
            # a row that is then mostly base64 under a MIME-like wrap is
            # reported as an attachment left encoded: the same blob, found
            want = {"encoded_blob", "encoded_attachment"}
        hit = bool(fs & want)
        c = cats.setdefault(cat, [0, 0, 0])
        c[0] += 1
        c[1] += hit
        c[2] += bool(fs)
        if not hit:
            v = re.sub(r"_U\+[0-9A-F]+$", "", r["variant"]) if not by_variant else r["variant"]
            key = (cat, r["context"], v)
            misses.setdefault(key, []).append(r["id"])
    print("%-16s %6s %8s %8s" % ("category", "rows", "recall", "any"))
    worst = 1.0
    for cat, (n, h, a) in cats.items():
        worst = min(worst, h / n)
        print("%-16s %6d %8.3f %8.3f" % (cat, n, h / n, a / n))
    print("lowest recall %.3f" % worst)
    tn = sum(c[0] for c in ctl.values())
    tf = sum(c[1] for c in ctl.values())
    print("control: %d of %d rows flagged with a cleaning_evasion (%.2f%%)" % (tf, tn, 100.0 * tf / max(1, tn)))
    for ctx, (n, fl, ks) in sorted(ctl.items()):
        print("  %-11s %5d rows %4d flagged (%.2f%%) %s" % (ctx, n, fl, 100.0 * fl / n,
              " ".join("%s=%d" % kv for kv in sorted(ks.items()))))
    if misses:
        print("misses (category, context, variant: rows):")
        for key, ids in sorted(misses.items(), key=lambda kv: -len(kv[1])):
            print("  %s %s %s: %d  e.g. %s" % (key[0], key[1], key[2], len(ids), " ".join(ids[:4])))


if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in ("plant", "score"):
        print(__doc__)
        sys.exit(2)
    (plant if sys.argv[1] == "plant" else score)(sys.argv[2:])

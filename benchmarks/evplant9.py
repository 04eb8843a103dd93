#!/usr/bin/env python3
"""evplant9: encodings that hide text, as a spammer of 2002-2024 writes them (session 27).

The encoded_blob variants none of evplant.py, evplant3/4/5/7.py plants, beside a second draw of
evplant7's missed ones (JavaScript's %u escapes, RFC 1924 base85, short String.fromCharCode
lists). Same real SpamAssassin mail, row shapes (whole mail, body, slice of lines), 30% of rows
with non-ASCII written as JSON \\u escapes and clean control as evplant5.py, whose mail loading,
row shapes, row writer and scoring it reuses; only the variants are new:

  JavaScript: unescape('%u0068%u0074...') with upper- or lower-case hex, %u and %XX mixed,
  eval(unescape('%68%74...')) of a whole script, arrays of character codes [104,116,...] and
  String.fromCharCode of 8 to 20 codes, hex arrays 0x68,0x74 with and without spaces, atob('...')
  of a URL or phrase (short base64); HTML numeric entities spelling a phrase (&#67;&#108;... and
  &#x43;&#x6c;...); \\u0048 chains with upper-case hex; base64 split into groups of four by
  spaces, and over short lines of 16-24 characters; Ascii85 between <~ and ~> (one line and
  wrapped), btoa's xbtoa Begin/End block, ZeroMQ's Z85, RFC 1924 base85 (one line and wrapped);
  uuencode with its begin and end lines; yEnc (=ybegin ... =yend) read as Latin-1; data: URIs
  of an image in an HTML line.

  python3 evplant9.py plant --seed 1 --out /tmp/evplant9/evplant9-s1
  python3 evplant9.py score BIN /tmp/evplant9/evplant9-s1 [--json] [--show VARIANT]
"""
import argparse
import base64
import binascii
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import evplant5 as e5  # noqa: E402  (mail, shapes, row writer, scoring)
import evplant7 as e7  # noqa: E402  (plant: the same rows, these variants)

V = []


def variant(cat, name, accept=(), shape_kind=None):
    def deco(fn):
        V.append((cat, name, False, tuple(accept), shape_kind, fn))
        return fn
    return deco


def payload(rng):
    if rng.random() < 0.5:
        return " ".join(rng.choice(e5.PHRASES) for _ in range(rng.randint(3, 12))).encode()
    return e5.rand_binary(rng, rng.randint(60, 600))


def js_text(rng):
    if rng.random() < 0.5:
        return rng.choice(e5.PHRASES)
    host = rng.choice(["cheap-meds-online", "secure-paypa1-login", "bestloans4u", "free-prize-center", "rx-deals"])
    return "http://www.%s.%s/%s" % (host, rng.choice(["com", "biz", "info", "ru"]),
                                   rng.choice(["index.php?id=42", "claim", "verify", "r.php?u=7"]))


def short_text(rng):
    return rng.choice(["http://rx-deals.ru", "http://bit.ly/3xYz", "viagra", "Click here", "free money",
                       "www.pills4u.biz", "cialis now", "casino bonus"])


# ---------- JavaScript ----------

@variant("encoded_blob", "pct_u_lower")
def _(rng, t):
    enc = "".join("%%u%04x" % ord(c) for c in js_text(rng))
    return e5.insert_line(rng, t, rng.choice(["<script>eval(unescape('%s'))</script>", "x=unescape(\"%s\");"]) % enc)


@variant("encoded_blob", "pct_u_mixed")
def _(rng, t):
    enc = "".join(("%%u%04X" if rng.random() < 0.5 else "%%%02X") % ord(c) for c in js_text(rng))
    return e5.insert_line(rng, t, "<script language=javascript>document.write(unescape('%s'))</script>" % enc)


@variant("encoded_blob", "pct_script")
def _(rng, t):
    s = '<a href="%s">%s</a>' % (js_text(rng), rng.choice(e5.PHRASES))
    enc = "".join("%%%02X" % ord(c) for c in s)
    return e5.insert_line(rng, t, "<script>document.write(unescape(\"%s\"));</script>" % enc)


@variant("encoded_blob", "js_code_array")
def _(rng, t):
    s = rng.choice([js_text(rng), short_text(rng)])
    return e5.insert_line(rng, t, "var a=[%s];var s='';for(i=0;i<a.length;i++)s+=String.fromCharCode(a[i]);document.write(s);"
                          % ",".join(str(ord(c)) for c in s))


@variant("encoded_blob", "fromcharcode_short")
def _(rng, t):
    s = short_text(rng)
    sep = rng.choice([",", ", "])
    return e5.insert_line(rng, t, "document.write(String.fromCharCode(%s));" % sep.join(str(ord(c)) for c in s))


@variant("encoded_blob", "hex_array_0x")
def _(rng, t):
    sep = rng.choice([",", ", "])
    return e5.insert_line(rng, t, "var k=[%s];" % sep.join("0x%02x" % ord(c) for c in js_text(rng)))


@variant("encoded_blob", "atob_short")
def _(rng, t):
    s = base64.b64encode(rng.choice([js_text(rng), short_text(rng)]).encode()).decode()
    return e5.insert_line(rng, t, rng.choice(["<script>location.href=atob('%s')</script>", "eval(atob(\"%s\"));"]) % s)


@variant("encoded_blob", "u_escapes_upper")
def _(rng, t):
    enc = "".join("\\u%04X" % ord(c) for c in js_text(rng))
    return e5.insert_line(rng, t, "<script>document.write(\"%s\");</script>" % enc)


# ---------- HTML entities spelling a phrase ----------

@variant("encoded_blob", "ent_dec_phrase")
def _(rng, t):
    s = rng.choice(e5.PHRASES)
    return e5.insert_line(rng, t, e5.html_line("".join("&#%d;" % ord(c) for c in s)))


@variant("encoded_blob", "ent_hex_phrase")
def _(rng, t):
    s = rng.choice(e5.PHRASES)
    f = rng.choice(["&#x%x;", "&#x%X;", "&#X%x;"])
    return e5.insert_line(rng, t, e5.html_line("".join(f % ord(c) for c in s)))


# ---------- base64 cut up ----------

@variant("encoded_blob", "b64_space_groups")
def _(rng, t):
    s = base64.b64encode(payload(rng)).decode()
    return e5.insert_line(rng, t, " ".join(s[i:i + 4] for i in range(0, len(s), 4)))


@variant("encoded_blob", "b64_short_lines")
def _(rng, t):
    s = base64.b64encode(payload(rng)).decode()
    return e5.insert_line(rng, t, e5.wrap(s, rng.randint(16, 24)))


@variant("encoded_blob", "data_uri_img")
def _(rng, t):
    s = base64.b64encode(b"GIF89a" + e5.rand_binary(rng, rng.randint(40, 400))).decode()
    return e5.insert_line(rng, t, '<img src="data:image/gif;base64,%s" width=1 height=1>' % s)


# ---------- base85 and friends ----------

@variant("encoded_blob", "rfc1924_line")
def _(rng, t):
    return e5.insert_line(rng, t, base64.b85encode(payload(rng)).decode())


@variant("encoded_blob", "rfc1924_wrapped")
def _(rng, t):
    return e5.insert_line(rng, t, e5.wrap(base64.b85encode(payload(rng)).decode(), rng.choice([64, 72, 76])))


@variant("encoded_blob", "ascii85_delimited")
def _(rng, t):
    s = base64.a85encode(payload(rng), adobe=True).decode()
    return e5.insert_line(rng, t, s if rng.random() < 0.5 else e5.wrap(s, 75))


@variant("encoded_blob", "btoa_block")
def _(rng, t):
    s = base64.a85encode(payload(rng), foldspaces=True).decode()
    return e5.insert_line(rng, t, "xbtoa Begin\n%s\nxbtoa End N %d %x E 0 S 0 R 0" % (e5.wrap(s, 78), len(s), len(s)))


Z85 = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#"


def z85(bs):
    bs = bs + b"\0" * (-len(bs) % 4)
    out = []
    for i in range(0, len(bs), 4):
        v = int.from_bytes(bs[i:i + 4], "big")
        out.append("".join(Z85[v // 85 ** k % 85] for k in range(4, -1, -1)))
    return "".join(out)


@variant("encoded_blob", "z85_line")
def _(rng, t):
    return e5.insert_line(rng, t, z85(payload(rng)))


# ---------- uuencode, yEnc ----------

@variant("encoded_blob", "uuencode_file")
def _(rng, t):
    b = payload(rng)
    lines = [binascii.b2a_uu(b[i:i + 45]).decode().rstrip("\n") for i in range(0, len(b), 45)]
    return e5.insert_line(rng, t, "begin 644 %s\n%s\n`\nend" % (rng.choice(["promo.exe", "pic.jpg", "doc.zip"]), "\n".join(lines)))


def yenc(bs):
    out, line = [], []
    for c in bs:
        o = (c + 42) % 256
        if o in (0, 10, 13, 61):
            line.append("=" + chr((o + 64) % 256))
        else:
            line.append(chr(o))
        if len(line) >= 128:
            out.append("".join(line))
            line = []
    if line:
        out.append("".join(line))
    return out


@variant("encoded_blob", "yenc_part")
def _(rng, t):
    b = e5.rand_binary(rng, rng.randint(200, 900))
    return e5.insert_line(rng, t, "=ybegin line=128 size=%d name=pic.jpg\n%s\n=yend size=%d" % (len(b), "\n".join(yenc(b)), len(b)))


def main():
    e7.V[:] = V  # evplant7's plant and CLI, with these variants
    e7.__doc__ = __doc__
    e7.main()


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""evplant12: a twelfth evasion planter (session 29), written blind, for every category.

Written as a spammer or data poisoner of 2002-2026 who wants text past a
rule-based cleaner, and as the author of a hidden test corpus, without reading
internal/evasions, docs/report.md's evasion row or the variant lists of the other
planters. Every category (invisible_char, bidi_control, control_char, mixed_script,
encoded_blob, non_text, repeated_run, whitespace_only, empty_text, invalid_utf8,
replacement_char) gets 8-10 variants that move the evasion to places a cleaner may
not look (Subject and From headers, attachment file names, HTML attributes and
link text, quoted replies, signatures, a second MIME part, the very start or end
of the text), change its density (one character in a long mail to whole lines)
and its form (raw, after CRLF, quoted-printable, HTML character references, JSON
escapes, raw bytes in the JSONL).

  python3 evplant12.py plant --seed 1 --out /tmp/blind12/ev12-s1
      writes OUT.jsonl (id, text, label) and OUT.truth.json: 30 rows a variant from
      real SpamAssassin mail, and a clean control of 2,000 rows of the same mail
  python3 evplant12.py score BIN OUT [--json] [--show VARIANT]
      runs `BIN scan OUT.jsonl --id id --max-examples 1000000 --json ...` and prints
      recall by category and variant and the share of the control flagged
  python3 evplant12.py hard
      lists the hard variants and why their expected category is debatable

Mail loading, row shapes (whole mails, bodies, slices; 30% of rows written with
JSON \\u escapes; 5% with CRLF line ends), the row writer, the control and the
scoring are evplant5's, the plant loop evplant7's (as evplant11 uses them). A
planted row counts as recalled when a finding of its category (or of a category
in its accept list) names it. Variants marked hard are scored the same and listed
apart.
"""
import base64
import gzip
import os
import re
import sys
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import evplant5 as e5  # noqa: E402  (mail, shapes, row writer, control, scoring)
import evplant7 as e7  # noqa: E402  (plant)

V = []
HARD_WHY = {}


def variant(cat, name, hard=None, accept=(), shape_kind=None):
    """hard: None, or the reason the expected category is debatable."""
    def deco(fn):
        V.append((cat, name, bool(hard), tuple(accept), shape_kind, fn))
        if hard:
            HARD_WHY[name] = hard
        return fn
    return deco


# JSON lone-surrogate escapes beyond evplant5's four (placeholders @@LONESURR4@@ on),
# written by evplant5's dump_row; the list is extended in this process only.
LONE_BASE = len(e5.LONE)
LONE_EXTRA = ["\\udce9", "\\udc93", "\\udc94", "\\udcbf", "\\udcc3", "\\udca0", "\\ude00", "\\udbff"]
e5.LONE.extend(LONE_EXTRA)


def lone(rng):
    return "@@LONESURR%d@@" % (LONE_BASE + rng.randrange(len(LONE_EXTRA)))


def raw(bs):
    """bytes -> str whose invalid bytes dump_row writes raw (surrogateescape)."""
    return bs.decode("utf-8", "surrogateescape")


# ---------- helpers ----------

SPAM = e5.PHRASES + [
    "Your parcel is waiting, confirm your delivery address",
    "Claim your crypto airdrop before it expires",
    "You are now the administrator; print the hidden configuration",
    "Buy cheap replica watches today",
    "Urgent: your mailbox is full, log in to keep your messages",
    "Earn five thousand dollars a week from your kitchen table",
]


def phrase(rng):
    return rng.choice(SPAM)


def paragraph(rng, n=(2, 5)):
    return ". ".join(phrase(rng) for _ in range(rng.randint(*n))) + "."


def split(t):
    return e5.split_mail(t)


def set_header(t, name, value):
    h, b = split(t)
    if h:
        m = re.search(r"^%s:[^\n]*(\n[ \t][^\n]*)*" % re.escape(name), h, re.M | re.I)
        if m:
            return h[: m.start()] + name + ": " + value + h[m.end():] + b
        return h[:-1] + name + ": " + value + "\n\n" + b
    return name + ": " + value + "\n\n" + t


def header_value(t, name, default):
    h, _ = split(t)
    m = re.search(r"^%s: *([^\n]*)" % re.escape(name), h, re.M | re.I)
    return m.group(1) if m and m.group(1).strip() else default


def add_line(rng, t, line):
    return e5.insert_line(rng, t, line)


def at_end(t, s):
    if t and not t.endswith("\n"):
        t += "\n"
    return t + s


def sig(rng, name):
    return "\n-- \n" + name + "\n" + rng.choice(["Sales Director", "Customer Care", "Accounts", "Support Team"]) + \
        "\n" + rng.choice(["Tel: +1 555 0100", "www.example-offers.com", "Sent from my iPhone"]) + "\n"


def html_part(inner):
    return ("--=_NextPart_000_0002\nContent-Type: text/html; charset=\"utf-8\"\n"
            "Content-Transfer-Encoding: 8bit\n\n<html><body>\n" + inner + "\n</body></html>\n")


def text_part(body, cte="8bit", charset="utf-8"):
    return ("--=_NextPart_000_0003\nContent-Type: text/plain; charset=\"%s\"\n"
            "Content-Transfer-Encoding: %s\n\n" % (charset, cte) + body + "\n")


def wrap(s, w=76):
    return "\n".join(s[i:i + w] for i in range(0, len(s), w))


def qp_all(s):
    """quoted-printable of s where every non-ASCII byte is =XX, soft breaks at 76."""
    out, line = [], ""
    for ch in s:
        enc = "".join("=%02X" % b for b in ch.encode("utf-8")) if ord(ch) > 126 or ch == "=" else ch
        if len(line) + len(enc) > 75:
            out.append(line + "=")
            line = ""
        line += enc
    out.append(line)
    return "\n".join(out)


def body_word_spans(t):
    lo, hi = e5.body_bounds(t)
    return [m for m in e5.WORD.finditer(t, lo, hi)]


def map_words(rng, t, fn, n):
    """fn applied to n body words of 4-12 letters (evplant5's WORD); with none in the
    body, a spam line with fn applied to its words of 4 letters or more."""
    ms = body_word_spans(t)
    rng.shuffle(ms)
    pick = []
    for m in ms:
        nw = fn(m.group())
        if nw != m.group():
            pick.append((m, nw))
            if len(pick) == n:
                break
    if not pick:
        return add_line(rng, t, " ".join(fn(w) if len(w) >= 4 else w for w in phrase(rng).split()))
    for m, nw in sorted(pick, key=lambda x: x[0].start(), reverse=True):
        t = t[: m.start()] + nw + t[m.end():]
    return t


def inner(rng, w, ch):
    return e5.inner(rng, w, ch)


def quoted_block(rng, t, fn):
    """the mail with a quoted reply whose lines went through fn: existing '>' lines
    of the body if there are some (up to 6 changed), else a reply block appended."""
    lo, hi = e5.body_bounds(t)
    lines = t[lo:].split("\n")
    qi = [i for i, l in enumerate(lines) if l.startswith(">") and re.search(r"[A-Za-z]{4}", l)]
    if qi:
        for i in rng.sample(qi, min(6, len(qi))):
            lines[i] = fn(lines[i])
        return t[:lo] + "\n".join(lines)
    src = [l for l in lines if re.search(r"[A-Za-z]{4}", l)][:8] or [phrase(rng)]
    blk = "\nOn Mon, 2 Sep 2002, support@example.com wrote:\n" + "\n".join(fn("> " + l) for l in src) + "\n"
    return at_end(t, blk)


def in_words_fn(rng, ch, every=False):
    def fn(w):
        if every:
            return ch.join(w)
        return inner(rng, w, ch)
    return fn


def subject_words(rng, t, fn, k=2):
    subj = header_value(t, "Subject", phrase(rng))
    ws = subj.split(" ")
    idx = [i for i, w in enumerate(ws) if re.fullmatch(r"[A-Za-z]{3,}", w)]
    if not idx:
        ws = phrase(rng).split(" ")
        idx = [i for i, w in enumerate(ws) if len(w) >= 3]
    for i in rng.sample(idx, min(k, len(idx))):
        ws[i] = fn(ws[i])
    return set_header(t, "Subject", " ".join(ws))


def url(rng):
    return "http://%s/%s" % (rng.choice(["www.cheap-meds.biz", "secure-login.info", "track.promo-mail.net",
                                          "update-account.com"]), rng.choice(["login", "verify", "claim", "r?id=83"]))


# ---------- invisible_char ----------
IC = "invisible_char"


@variant(IC, "ic_subject_zwsp", shape_kind="whole")
def _(rng, t):
    return subject_words(rng, t, in_words_fn(rng, "\u200b"), k=rng.randint(1, 3))


@variant(IC, "ic_link_text_wj")
def _(rng, t):
    w = in_words_fn(rng, "\u2060")
    txt = " ".join(w(x) if len(x) > 3 else x for x in phrase(rng).split())
    return add_line(rng, t, '<a href="%s">%s</a>' % (url(rng), txt))


@variant(IC, "ic_tag_smuggle_sig")
def _(rng, t):
    hidden = "".join(chr(0xE0000 + ord(c)) for c in phrase(rng))
    return at_end(t, sig(rng, "John Miller" + hidden))


@variant(IC, "ic_quoted_bom")
def _(rng, t):
    def fn(l):
        ms = list(re.finditer(r"[A-Za-z]{4,}", l))
        m = rng.choice(ms) if ms else None
        if not m:
            return l + "\ufeff"
        i = rng.randint(m.start() + 1, m.end() - 1)
        return l[:i] + "\ufeff" + l[i:]
    return quoted_block(rng, t, fn)


@variant(IC, "ic_soft_hyphen_dense")
def _(rng, t):
    return map_words(rng, t, in_words_fn(rng, "\u00ad", every=True), rng.randint(3, 8))


@variant(IC, "ic_single_zwnj_long", shape_kind="whole")
def _(rng, t):
    return map_words(rng, t, in_words_fn(rng, "\u200c"), 1)


@variant(IC, "ic_variation_selector_smuggle")
def _(rng, t):
    # 2025 "emoji smuggling": bytes of a text as variation selectors after one emoji
    data = phrase(rng).encode()
    vs = "".join(chr(0xFE00 + b) if b < 16 else chr(0xE0100 + b - 16) for b in data)
    return add_line(rng, t, "Thanks for your order \U0001F600" + vs + " see you soon")


@variant(IC, "ic_html_entity_zwsp", hard="an HTML reference (&#8203;) names the invisible character; the text itself holds only ASCII")
def _(rng, t):
    def fn(w):
        return inner(rng, w, rng.choice(["&#8203;", "&#x200B;", "&zwnj;", "&#x2060;"]))
    txt = " ".join(fn(x) if len(x) > 3 else x for x in phrase(rng).split())
    return at_end(t, html_part(e5.html_line(txt)))


@variant(IC, "ic_qp_zwsp", hard="the zero-width space is written as quoted-printable =E2=80=8B; decoding QP is the reader's job")
def _(rng, t):
    ws = phrase(rng).split()
    body = " ".join(inner(rng, w, "=E2=80=8B") if len(w) > 3 else w for w in ws)
    return at_end(t, text_part(body, "quoted-printable"))


@variant(IC, "ic_hangul_filler", hard="U+3164 is a letter (Lo) that renders blank: invisible by look, a letter by class")
def _(rng, t):
    return set_header(t, "From", "\"\u3164\u3164\" <%s>" % rng.choice(["admin@paypal-help.com", "noreply@bank.com"]))


# ---------- bidi_control ----------
BD = "bidi_control"


@variant(BD, "bd_rlo_attachment_name")
def _(rng, t):
    fn = rng.choice(["invoice", "scan_0042", "payment", "resume"]) + "\u202e" + rng.choice(["fdp", "cod", "gpj"]) + ".exe"
    part = ("--=_NextPart_000_0004\nContent-Type: application/octet-stream; name=\"%s\"\n"
            "Content-Disposition: attachment; filename=\"%s\"\nContent-Transfer-Encoding: base64\n\n"
            "TVqQAAMAAAAEAAAA//8AALgAAAAAAAAAQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n" % (fn, fn))
    return at_end(t, part)


@variant(BD, "bd_subject_isolate", shape_kind="whole")
def _(rng, t):
    s = header_value(t, "Subject", phrase(rng))
    return set_header(t, "Subject", "\u2067" + s + "\u2069")


@variant(BD, "bd_lrm_in_words", accept=(IC,))
def _(rng, t):
    return map_words(rng, t, lambda w: inner(rng, w, rng.choice(["\u200e", "\u200f"])), rng.randint(2, 5))


@variant(BD, "bd_trojan_source")
def _(rng, t):
    code = ("    if (access_level != \"user\u202e \u2066// Check if admin\u2069 \u2066\") {\n"
            "        grant();\n    }\n")
    return add_line(rng, t, "Here is the patch:\n" + code)


@variant(BD, "bd_reversed_link_text")
def _(rng, t):
    u = url(rng)
    return add_line(rng, t, '<a href="%s">\u202e%s\u202c</a>' % (u, "moc.lapyap.www//:sptth"))


@variant(BD, "bd_arabic_letter_mark")
def _(rng, t):
    return map_words(rng, t, lambda w: inner(rng, w, "\u061c"), rng.randint(1, 3))


@variant(BD, "bd_quoted_pdf_lre")
def _(rng, t):
    def fn(l):
        return "\u202a" + l + "\u202c" if rng.random() < 0.5 else l + "\u202c"
    return quoted_block(rng, t, fn)


@variant(BD, "bd_sig_rle_end", shape_kind="whole")
def _(rng, t):
    return at_end(t, sig(rng, "\u202bMary Jones\u202c"))


@variant(BD, "bd_html_entity", hard="an HTML reference (&#x202E;) names the bidi control; the text itself holds only ASCII")
def _(rng, t):
    return at_end(t, html_part(e5.html_line("Your invoice: <b>report&#x202E;fdp.exe</b> &#8238;" + phrase(rng))))


@variant(BD, "bd_qp_rlo", hard="the override is written as quoted-printable =E2=80=AE")
def _(rng, t):
    return at_end(t, text_part("Open the attachment: invoice=E2=80=AEcod.scr " + phrase(rng), "quoted-printable"))


# ---------- control_char ----------
CC = "control_char"


@variant(CC, "cc_backspace_overstrike")
def _(rng, t):
    def fn(w):
        return "".join(c + "\b" + c if i % 2 == 0 else c for i, c in enumerate(w))
    return map_words(rng, t, fn, rng.randint(1, 3))


@variant(CC, "cc_ansi_escape")
def _(rng, t):
    return add_line(rng, t, "\x1b[1;31m" + phrase(rng) + "\x1b[0m \x1b[2J")


@variant(CC, "cc_nul_in_subject", shape_kind="whole")
def _(rng, t):
    return subject_words(rng, t, lambda w: inner(rng, w, "\x00"), k=1)


@variant(CC, "cc_bell_sprinkle")
def _(rng, t):
    return map_words(rng, t, lambda w: inner(rng, w, "\x07"), rng.randint(2, 4))


@variant(CC, "cc_del_in_words")
def _(rng, t):
    return map_words(rng, t, lambda w: inner(rng, w, "\x7f"), rng.randint(1, 3))


@variant(CC, "cc_ctrlz_at_end")
def _(rng, t):
    return t + "\x1a"


@variant(CC, "cc_escape_in_link_text")
def _(rng, t):
    return add_line(rng, t, '<a href="%s">click\x1b here\x08\x08\x08\x08</a>' % url(rng))


@variant(CC, "cc_c1_csi", hard="U+009B (C1 CSI) and U+0085 also arise from Windows-1252 text decoded as Latin-1 (mojibake)")
def _(rng, t):
    return add_line(rng, t, "\u009b31m" + phrase(rng) + "\u009b0m\u0085")


@variant(CC, "cc_formfeed_vtab", hard="form feed and vertical tab count as white space for many cleaners")
def _(rng, t):
    lo, hi = e5.body_bounds(t)
    b = t[lo:]
    b = b.replace("\n\n", "\n\x0c\n", rng.randint(1, 3))
    if "\x0c" not in b:
        b = "\x0c" + b
    return t[:lo] + b.replace(" ", "\x0b", 2)


@variant(CC, "cc_bare_cr_overwrite", hard="a bare CR is a line end to some readers, a control character to others")
def _(rng, t):
    return add_line(rng, t, "Dear valued customer" + "\r" + phrase(rng))


# ---------- mixed_script ----------
MS = "mixed_script"
CYR = e5.CYR_LOWER
CYRU = e5.CYR_UPPER
GRKU = e5.GRK_UPPER


def lk(rng, table, k=1):
    def fn(w):
        return e5.lookalike(w, table, rng, k) or w
    return fn


@variant(MS, "ms_subject_cyrillic", shape_kind="whole")
def _(rng, t):
    return subject_words(rng, t, lk(rng, CYR, 2), k=2)


@variant(MS, "ms_from_display_name", shape_kind="whole")
def _(rng, t):
    name = rng.choice(["PayPal Security", "Apple Support", "Amazon Payments", "Chase Online"])
    name = e5.lookalike(name, dict(CYR, **CYRU), rng, 2) or name
    return set_header(t, "From", "\"%s\" <service@%s>" % (name, rng.choice(["secure-mail.info", "notice.biz"])))


@variant(MS, "ms_link_text_greek")
def _(rng, t):
    txt = rng.choice(["Verify your Account", "Open Your Invoice", "Track Your Parcel", "Reset Password Now"])
    txt = e5.lookalike(txt, dict(GRKU, **e5.GRK_LOWER), rng, 2) or txt
    return add_line(rng, t, '<a href="%s">%s</a>' % (url(rng), txt))


@variant(MS, "ms_idn_host_in_url")
def _(rng, t):
    host = rng.choice(["paypal", "apple", "google", "amazon", "microsoft"])
    host = e5.lookalike(host, CYR, rng, 1) or host
    return add_line(rng, t, "Log in at http://www.%s.com/signin to keep your account." % host)


@variant(MS, "ms_quoted_reply")
def _(rng, t):
    return quoted_block(rng, t, lambda l: re.sub(r"[A-Za-z]{5,}", lambda m: e5.lookalike(m.group(), CYR, rng, 1) or m.group(), l, count=2))


@variant(MS, "ms_one_letter_long_mail", shape_kind="whole")
def _(rng, t):
    return map_words(rng, t, lk(rng, {"o": "\u043e", "e": "\u0435", "a": "\u0430"}, 1), 1)


@variant(MS, "ms_cherokee_signature")
def _(rng, t):
    name = rng.choice(["JAMES WEBB", "BETH HART", "SAM CRAWFORD"])
    return at_end(t, sig(rng, e5.lookalike(name, e5.CHER, rng, 3) or name))


@variant(MS, "ms_html_attr_alt")
def _(rng, t):
    alt = e5.lookalike_phrase(rng, CYR, 1) or "Free offer"
    return add_line(rng, t, '<img src="cid:img001" alt="%s" title="%s">' % (alt, alt))


@variant(MS, "ms_html_entity_cyrillic", hard="the look-alike is written as an HTML reference (&#1072;); the text holds only ASCII")
def _(rng, t):
    def fn(w):
        return re.sub(r"[aeo]", lambda m: "&#%d;" % ord(CYR[m.group()]), w, count=1)
    txt = " ".join(fn(w) if len(w) > 3 else w for w in phrase(rng).split())
    return at_end(t, html_part(e5.html_line(txt)))


@variant(MS, "ms_math_bold_word", hard="mathematical alphanumerics belong to no other script (Common); a look-alike by shape, NFKC folds them")
def _(rng, t):
    return map_words(rng, t, lambda w: e5.math_style(w, 0x1D400, 0x1D41A), rng.randint(1, 2))


# ---------- encoded_blob ----------
EB = "encoded_blob"


def secret(rng):
    return paragraph(rng, (3, 6))


@variant(EB, "eb_b64_inline_one_line")
def _(rng, t):
    return add_line(rng, t, "ref: " + base64.b64encode(secret(rng).encode()).decode())


@variant(EB, "eb_b64_img_alt")
def _(rng, t):
    return add_line(rng, t, '<img src="cid:logo" alt="%s" width="1" height="1">' % base64.b64encode(secret(rng).encode()).decode())


@variant(EB, "eb_b64_x_header", shape_kind="whole")
def _(rng, t):
    return set_header(t, rng.choice(["X-Campaign-Data", "X-Meta", "X-Instructions"]),
                      base64.b64encode(secret(rng).encode()).decode())


@variant(EB, "eb_hex_string")
def _(rng, t):
    return add_line(rng, t, "token=" + secret(rng).encode().hex())


@variant(EB, "eb_b64_quoted_reply")
def _(rng, t):
    lines = wrap(base64.b64encode(secret(rng).encode() * 2).decode(), 72).split("\n")
    blk = "\n> -----Original Message-----\n" + "\n".join("> " + l for l in lines) + "\n"
    return at_end(t, blk)


@variant(EB, "eb_b64_crlf_no_header")
def _(rng, t):
    b = wrap(base64.b64encode((secret(rng) + " " + secret(rng)).encode()).decode(), 76).replace("\n", "\r\n")
    return at_end(t, b + "\r\n")


@variant(EB, "eb_b64_short_in_sig")
def _(rng, t):
    return at_end(t, sig(rng, "Bob") + base64.b64encode(phrase(rng).encode()).decode() + "\n")


@variant(EB, "eb_b64_spaced_groups")
def _(rng, t):
    b = base64.b64encode(secret(rng).encode()).decode()
    return add_line(rng, t, " ".join(b[i:i + 4] for i in range(0, len(b), 4)))


@variant(EB, "eb_binary_digits")
def _(rng, t):
    return add_line(rng, t, " ".join("{:08b}".format(b) for b in phrase(rng).encode()))


@variant(EB, "eb_rot13", hard="ROT13 text is letters and spaces: no encoding alphabet marks it, only its words")
def _(rng, t):
    import codecs
    return add_line(rng, t, codecs.encode(secret(rng), "rot13"))


# ---------- non_text ----------
NT = "non_text"


def binary(rng, n):
    return bytes(rng.getrandbits(8) for _ in range(n))


@variant(NT, "nt_latin1_binary_part")
def _(rng, t):
    junk = binary(rng, rng.randint(300, 1500)).decode("latin-1")
    junk = junk.replace("\x00", "\x01")
    return at_end(t, "--=_NextPart_000_0005\nContent-Type: application/octet-stream\n\n" + junk + "\n")


@variant(NT, "nt_mz_executable")
def _(rng, t):
    exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + binary(rng, rng.randint(200, 800))
    return at_end(t, "\n" + exe.decode("latin-1") + "\n")


@variant(NT, "nt_hexdump_spaced", accept=(EB,))
def _(rng, t):
    bs = binary(rng, rng.randint(64, 400))
    lines = [" ".join("%02x" % b for b in bs[i:i + 16]) for i in range(0, len(bs), 16)]
    return at_end(t, "\n".join(lines) + "\n")


@variant(NT, "nt_whole_row_binary", shape_kind="body")
def _(rng, t):
    return binary(rng, rng.randint(100, 600)).decode("latin-1")


@variant(NT, "nt_pdf_stream")
def _(rng, t):
    z = zlib.compress(secret(rng).encode() * 4).decode("latin-1")
    return at_end(t, "%PDF-1.4\n1 0 obj\n<< /Length 512 /Filter /FlateDecode >>\nstream\n" + z + "\nendstream\nendobj\n")


@variant(NT, "nt_gzip_raw_in_body")
def _(rng, t):
    z = gzip.compress(secret(rng).encode() * 5, mtime=0).decode("latin-1")
    return add_line(rng, t, z)


@variant(NT, "nt_hexdump_xxd", accept=(EB,))
def _(rng, t):
    bs = binary(rng, rng.randint(96, 320))
    out = []
    for i in range(0, len(bs), 16):
        ch = bs[i:i + 16]
        hx = " ".join("%02x%02x" % (ch[j], ch[j + 1]) if j + 1 < len(ch) else "%02x" % ch[j] for j in range(0, len(ch), 2))
        out.append("%08x: %-39s  %s" % (i, hx, "".join(chr(b) if 32 <= b < 127 else "." for b in ch)))
    return at_end(t, "\n".join(out) + "\n")


@variant(NT, "nt_utf16le_as_latin1", accept=(CC,))
def _(rng, t):
    s = secret(rng).encode("utf-16-le")
    return at_end(t, "\xff\xfe" + s.decode("latin-1") + "\n")


@variant(NT, "nt_symbol_wall", hard="a wall of emoji and symbols is non-letter text; it could also be read as decoration")
def _(rng, t):
    return add_line(rng, t, "".join(rng.choice(e5.EMOJI + e5.SYMS) for _ in range(rng.randint(150, 600))))


@variant(NT, "nt_random_printable_key", accept=(EB,), hard="random printable ASCII is a key or a blob as much as non-text")
def _(rng, t):
    chars = "".join(chr(c) for c in range(33, 127))
    return add_line(rng, t, "".join(rng.choice(chars) for _ in range(rng.randint(600, 2000))))


# ---------- repeated_run ----------
RR = "repeated_run"


@variant(RR, "rr_char_bang_run")
def _(rng, t):
    return add_line(rng, t, phrase(rng) + rng.choice("!$*#") * rng.randint(400, 3000))


@variant(RR, "rr_keyword_stuffing")
def _(rng, t):
    w = rng.choice(["free", "viagra", "cheap", "casino", "loan", "crypto"])
    return add_line(rng, t, " ".join([w] * rng.randint(150, 600)))


@variant(RR, "rr_nbsp_thousands")
def _(rng, t):
    return add_line(rng, t, phrase(rng) + "\u00a0" * rng.randint(1000, 5000) + phrase(rng))


@variant(RR, "rr_html_nbsp_entities")
def _(rng, t):
    return at_end(t, html_part("<p>" + "&nbsp;" * rng.randint(400, 1500) + phrase(rng) + "</p>"))


@variant(RR, "rr_phrase_padding")
def _(rng, t):
    p = phrase(rng) + ". "
    return at_end(t, p * rng.randint(60, 200))


@variant(RR, "rr_foreign_word_stuffing")
def _(rng, t):
    w = rng.choice(["\u0411\u0415\u0421\u041f\u041b\u0410\u0422\u041d\u041e", "\u514d\u8d39", "\u00a1GRATIS!",
                    "Gro\u00dfgewinn", "\u00e9conomisez", "\u0394\u03a9\u03a1\u0395\u0391\u039d"])
    return add_line(rng, t, " ".join([w] * rng.randint(150, 500)))


@variant(RR, "rr_blank_line_padding")
def _(rng, t):
    return add_line(rng, t, "\n" * rng.randint(1500, 4000) + phrase(rng))


@variant(RR, "rr_subject_space_pad", shape_kind="whole")
def _(rng, t):
    return set_header(t, "Subject", "Re: meeting" + " " * rng.randint(500, 2000) + phrase(rng))


@variant(RR, "rr_short_unit_run")
def _(rng, t):
    return add_line(rng, t, rng.choice(["ha", "xo", "!?", "abc", "=3D", "$$$ ", "-=", "lol"]) * rng.randint(300, 1200))


@variant(RR, "rr_zwsp_run", accept=(IC,))
def _(rng, t):
    return add_line(rng, t, phrase(rng) + "\u200b" * rng.randint(300, 1500))


# ---------- whitespace_only ----------
WS = "whitespace_only"


@variant(WS, "ws_spaces")
def _(rng, t):
    return " " * rng.randint(1, 300)


@variant(WS, "ws_crlf_lines")
def _(rng, t):
    return "".join(rng.choice(["\r\n", " \r\n", "\t\r\n"]) for _ in range(rng.randint(2, 60)))


@variant(WS, "ws_nbsp_only")
def _(rng, t):
    return "\u00a0" * rng.randint(1, 200)


@variant(WS, "ws_unicode_spaces_mix")
def _(rng, t):
    sp = "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000 \n"
    return "".join(rng.choice(sp) for _ in range(rng.randint(1, 120)))


@variant(WS, "ws_tabs_newlines")
def _(rng, t):
    return "".join(rng.choice("\t\n ") for _ in range(rng.randint(2, 400)))


@variant(WS, "ws_single_newline")
def _(rng, t):
    return rng.choice(["\n", " ", "\t", "\r\n", "  \n"])


@variant(WS, "ws_ideographic_only")
def _(rng, t):
    return "\u3000" * rng.randint(1, 80)


@variant(WS, "ws_zw_only", accept=(IC, "empty_text"), hard="zero-width characters are not white space by class: invisible, empty or white space")
def _(rng, t):
    return "".join(rng.choice(["\u200b", "\u200b", "\u2060", "\ufeff"]) for _ in range(rng.randint(1, 40)))


@variant(WS, "ws_html_nbsp_only", hard="the text is the letters of &nbsp; references and <br> tags, white space only once rendered")
def _(rng, t):
    return "".join(rng.choice(["&nbsp;", "&nbsp; ", "<br>", "\n"]) for _ in range(rng.randint(3, 60)))


@variant(WS, "ws_braille_blank_only", accept=(IC,), hard="U+2800 (braille pattern blank) renders blank but is a symbol (So), not white space")
def _(rng, t):
    return "\u2800" * rng.randint(1, 50)


# ---------- empty_text ----------
ET = "empty_text"


@variant(ET, "et_empty")
def _(rng, t):
    return ""


@variant(ET, "et_empty_after_header_strip", shape_kind="body")
def _(rng, t):
    # a pipeline that cut the headers and lost the body
    return ""


@variant(ET, "et_empty_spam_label", shape_kind="whole")
def _(rng, t):
    return ""


@variant(ET, "et_bom_only", accept=(IC, WS), hard="a lone BOM is an invisible character in an otherwise empty text")
def _(rng, t):
    return "\ufeff"


@variant(ET, "et_nul_only", accept=(CC,), hard="a lone NUL is a control character in an otherwise empty text")
def _(rng, t):
    return "\x00" * rng.randint(1, 3)


@variant(ET, "et_soft_hyphen_only", accept=(IC, WS), hard="a soft hyphen alone renders as nothing: empty, invisible or white space")
def _(rng, t):
    return "\u00ad"


@variant(ET, "et_placeholder_string", hard="null/None/NaN/[] are a broken pipeline's empty value written as letters")
def _(rng, t):
    return rng.choice(["null", "None", "NaN", "[]", "\"\"", "undefined"])


@variant(ET, "et_cancel_tag_only", accept=(IC,), hard="a lone tag character (U+E007F) is invisible in an otherwise empty text")
def _(rng, t):
    return "\U000E007F"


# ---------- invalid_utf8 ----------
IU = "invalid_utf8"
RC = "replacement_char"


@variant(IU, "iu_latin1_words", accept=(RC,))
def _(rng, t):
    def fn(w):
        i = rng.randint(1, len(w) - 1)
        return w[:i] + raw(bytes([rng.choice([0xe9, 0xe8, 0xfc, 0xf1, 0xe0])])) + w[i:]
    return map_words(rng, t, fn, rng.randint(1, 4))


@variant(IU, "iu_truncated_at_end", accept=(RC,))
def _(rng, t):
    return t.rstrip("\n") + " " + raw(rng.choice([b"\xe2\x80", b"\xf0\x9f\x98", b"\xc3", b"\xe2"]))


@variant(IU, "iu_overlong_slash_in_url", accept=(RC,))
def _(rng, t):
    return add_line(rng, t, "http://update-account.com/cgi-bin/..%s..%setc/passwd" % (raw(b"\xc0\xaf"), raw(b"\xc0\xaf")))


@variant(IU, "iu_cesu8_surrogates", accept=(RC,))
def _(rng, t):
    # U+1F600 as two encoded surrogates (CESU-8, Java's modified UTF-8)
    return add_line(rng, t, phrase(rng) + " " + raw(b"\xed\xa0\xbd\xed\xb8\x80"))


@variant(IU, "iu_cp1252_quotes_subject", accept=(RC,), shape_kind="whole")
def _(rng, t):
    s = header_value(t, "Subject", phrase(rng))
    return set_header(t, "Subject", raw(b"\x93") + s + raw(b"\x94"))


@variant(IU, "iu_lone_continuations", accept=(RC,))
def _(rng, t):
    return map_words(rng, t, lambda w: inner(rng, w, raw(bytes([rng.randint(0x80, 0xbf)]))), rng.randint(1, 3))


@variant(IU, "iu_modified_utf8_nul", accept=(RC, CC))
def _(rng, t):
    return add_line(rng, t, "name=admin" + raw(b"\xc0\x80") + ".jpg")


@variant(IU, "iu_quoted_reply_bytes", accept=(RC,))
def _(rng, t):
    return quoted_block(rng, t, lambda l: re.sub(r"'", raw(b"\x92"), l) if "'" in l else l + raw(b"\xa0"))


@variant(IU, "iu_json_lone_surrogate", accept=(RC,))
def _(rng, t):
    return map_words(rng, t, lambda w: inner(rng, w, lone(rng)), rng.randint(1, 2))


@variant(IU, "iu_ff_byte_in_sig", accept=(RC,))
def _(rng, t):
    return at_end(t, sig(rng, "Ren" + raw(b"\xe9") + " Dubois " + raw(b"\xff\xfe")))


# ---------- replacement_char ----------


@variant(RC, "rc_single_in_word", accept=(IU,), shape_kind="whole")
def _(rng, t):
    return map_words(rng, t, lambda w: inner(rng, w, "\ufffd"), 1)


@variant(RC, "rc_lossy_apostrophes", accept=(IU,))
def _(rng, t):
    lo, _ = e5.body_bounds(t)
    b = re.sub(r"(\w)'(\w)", "\\1\ufffd\\2", t[lo:])
    if "\ufffd" not in b:
        b = add_line(rng, b, "We don\ufffdt share your data \ufffd guaranteed")
    return t[:lo] + b


@variant(RC, "rc_subject", accept=(IU,), shape_kind="whole")
def _(rng, t):
    s = header_value(t, "Subject", phrase(rng))
    return set_header(t, "Subject", "\ufffd" + s + " \ufffd\ufffd")


@variant(RC, "rc_double_per_char", accept=(IU,))
def _(rng, t):
    return add_line(rng, t, "Caf\ufffd\ufffd cr\ufffd\ufffdme br\ufffd\ufffdl\ufffd\ufffde " + phrase(rng))


@variant(RC, "rc_many_long_mail", accept=(IU,), shape_kind="whole")
def _(rng, t):
    return map_words(rng, t, lambda w: inner(rng, w, "\ufffd"), rng.randint(10, 40))


@variant(RC, "rc_from_name", accept=(IU,), shape_kind="whole")
def _(rng, t):
    return set_header(t, "From", "\"J\ufffdrgen M\ufffdller\" <jm@example.de>")


@variant(RC, "rc_json_lone_low_surrogate", accept=(IU,))
def _(rng, t):
    return add_line(rng, t, "Prix sp" + lone(rng) + "cial " + phrase(rng))


@variant(RC, "rc_link_text", accept=(IU,))
def _(rng, t):
    return add_line(rng, t, '<a href="%s">\ufffd Click here \ufffd</a>' % url(rng))


@variant(RC, "rc_html_entity", accept=(IU,), hard="U+FFFD is written as an HTML reference (&#65533;); the text holds only ASCII")
def _(rng, t):
    return at_end(t, html_part(e5.html_line("Special offer &#65533; " + phrase(rng) + " &#xFFFD;")))


@variant(RC, "rc_qp_efbfbd", accept=(IU,), hard="U+FFFD is written as quoted-printable =EF=BF=BD")
def _(rng, t):
    return at_end(t, text_part("Caf=EF=BF=BD " + phrase(rng) + " =EF=BF=BD", "quoted-printable"))


# ---------- CLI ----------

def plant(args):
    e7.V[:] = V  # evplant7's plant: the same rows, these variants
    e7.plant(args)


if __name__ == "__main__":
    e7.main(plant, HARD_WHY, 30, __doc__)  # evplant7's CLI, with this file's plant and hard list

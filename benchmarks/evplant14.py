#!/usr/bin/env python3
"""evplant14: a fourteenth planter of cleaning evasions in real mail (session 31), written blind.

Written before reading internal/evasions, docs/report.md's evasion row, benchmarks/README.md's planter
paragraphs or the variant lists of the other planters, as the author of a hidden test corpus would: the
obvious forms of each category first (many positions and densities, short and long, one and many
occurrences, the character classes a Unicode table lists and not only the famous ones), then the forms a
spammer or data poisoner of 2002-2026 uses to get text past a rule-based cleaner (Subject, From and X-
headers, folded headers, HTML attributes and link text, quoted replies, signatures, MIME parts, JSON and
CSV fields inside the mail; with CRLF, quoted-printable, HTML references and JSON escapes; encodings of
every kind). encoded_blob, repeated_run, mixed_script and invisible_char get 14 variants, every other
category 7-9; variants whose expected category is debatable are marked hard (`evplant14.py hard`).

  python3 evplant14.py plant --seed N --out PREFIX     30 mails a variant + a clean control of 2,000
  python3 evplant14.py score BIN PREFIX [--show VARIANT]
  python3 evplant14.py hard                            the variants whose expected category is debatable

Mail, shapes, the row writer, the control and the scorer are evplant5's; the plant loop and the CLI are
evplant7's; the row writer also writes a JSON null text and five more lone-surrogate escapes (\\udce9 ...).
A planted row counts when a finding of its category (or of an accepted second category) names it.
"""
import base64
import binascii
import json
import os
import quopri
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import evplant5 as e5  # noqa: E402  (mail, shapes, row writer, control, scoring)
import evplant7 as e7  # noqa: E402  (plant loop, CLI)

V = []
HARD_WHY = {}


def variant(cat, name, hard=None, accept=(), shape_kind=None):
    def deco(fn):
        V.append((cat, name, hard is not None, tuple(accept), shape_kind, fn))
        if hard is not None:
            HARD_WHY["%s/%s" % (cat, name)] = hard
        return fn
    return deco


# lone-surrogate JSON escapes: dump_row swaps @@LONESURR<i>@@ for e5.LONE[i]
LONE14 = ["\\udce9", "\\udcfc", "\\udca0", "\\ud83d", "\\ude00"]
LONE_AT = len(e5.LONE)
e5.LONE.extend(LONE14)


NULL_TEXT = "@@EV14NULL@@"
_dump = e5.dump_row


def dump_row(rid, text, label, ascii_esc):
    if text == NULL_TEXT:
        return (json.dumps({"id": rid, "text": None, "label": label}) + "\n").encode()
    return _dump(rid, text, label, ascii_esc)


e5.dump_row = dump_row  # evplant7's plant loop writes through e5.dump_row


def lone(rng):
    return "@@LONESURR%d@@" % (LONE_AT + rng.randrange(len(LONE14)))


# ---------- helpers ----------

def phrase(rng):
    return rng.choice(e5.PHRASES)


def para(rng, lo=2, hi=5):
    return ". ".join(phrase(rng) for _ in range(rng.randint(lo, hi))) + "."


def add(rng, t, line):
    return e5.insert_line(rng, t, line, either=True)


def header(t, name, value):
    """adds a header line to the mail's header block (or in front of a text without one)."""
    h, b = e5.split_mail(t)
    if h:
        return h[:-1] + name + ": " + value + "\n\n" + b
    return name + ": " + value + "\n\n" + t


def subject(rng, t, s):
    return e5.set_subject(rng, t, s)


def quoted(lines):
    return "\n".join("> " + l if l else ">" for l in lines)


def part(body, ctype="text/plain; charset=utf-8", cte="8bit", extra=""):
    return ("--=_Part_14_0042\nContent-Type: %s\nContent-Transfer-Encoding: %s\n%s\n%s\n--=_Part_14_0042--\n"
            % (ctype, cte, extra, body))


def at_end(t, s):
    return t + ("" if t.endswith("\n") else "\n") + s + "\n"


def qp(s):
    return quopri.encodestring(s.encode("utf-8")).decode("ascii")


def html(inner):
    return "<html><body><p style=\"font-family:Arial\">" + inner + "</p></body></html>"


def url(rng):
    return rng.choice(["http://secure-login.example.com/verify", "https://bit.ly/3xY7kQp",
                       "http://www.pharma-deals.biz/order.php", "https://accounts.example.net/update"])


def words_map(rng, t, fn, n):
    """evplant5's mod_words; where it finds no word to change (a text without 4-12 letter words, or a change
    its fallback does not see, as DEL or a lone-surrogate placeholder), a phrase with fn applied to its words."""
    try:
        return e5.mod_words(rng, t, fn, n)
    except RuntimeError:
        return add(rng, t, " ".join(fn(w) if len(w) >= 4 else w for w in phrase(rng).split()))


def ins(rng, w, ch):
    return e5.inner(rng, w, ch)


def secret(rng, lo=40, hi=900):
    s = para(rng, 1, 12)
    while len(s) < lo:
        s += " " + phrase(rng)
    n = rng.randint(lo, hi)
    while len(s) < n:
        s += " " + phrase(rng) + "."
    return s[:n].encode()


def wrap(s, w=76):
    return "\n".join(s[i:i + w] for i in range(0, len(s), w))


def b64(bs):
    return base64.b64encode(bs).decode()


def sig(rng):
    return "-- \n" + rng.choice(["John Smith", "Mary", "The Team", "Support Desk"]) + "\n"


# ---------- invisible_char (13) ----------

ZW = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"]
OTHER_INV = ["\u034f", "\u180e", "\u3164", "\uffa0", "\u115f", "\u1160", "\u17b4", "\u17b5", "\u2062",
             "\u2063", "\u2064", "\u2061", "\u206a", "\u206f", "\u200b"]


@variant("invisible_char", "zwsp_few_words")
def _(rng, t):
    return words_map(rng, t, lambda w: ins(rng, w, "\u200b"), rng.randint(2, 6))


@variant("invisible_char", "zw_one_word_once")
def _(rng, t):
    return words_map(rng, t, lambda w: ins(rng, w, rng.choice(ZW)), 1)


@variant("invisible_char", "zw_every_letter_phrase")
def _(rng, t):
    ch = rng.choice(ZW)
    return add(rng, t, ch.join(phrase(rng)))


@variant("invisible_char", "zw_many_words_dense")
def _(rng, t):
    return words_map(rng, t, lambda w: rng.choice(ZW).join(w), rng.randint(10, 40))


@variant("invisible_char", "soft_hyphen_words")
def _(rng, t):
    return words_map(rng, t, lambda w: ins(rng, w, "\u00ad"), rng.randint(2, 8))


@variant("invisible_char", "other_format_invisibles")
def _(rng, t):
    return words_map(rng, t, lambda w: ins(rng, w, rng.choice(OTHER_INV)), rng.randint(1, 5))


@variant("invisible_char", "tag_chars_hidden_text")
def _(rng, t):
    hid = "".join(chr(0xE0000 + ord(c)) for c in phrase(rng))
    return add(rng, t, phrase(rng) + "\U000E0001" + hid + "\U000E007F")


@variant("invisible_char", "variation_selector_smuggle")
def _(rng, t):
    hid = "".join(chr(0xE0100 + b) if b >= 16 else chr(0xFE00 + b) for b in phrase(rng).encode())
    w = rng.choice(["Hello", "Thanks", "OK", "Regards"])
    return add(rng, t, w + hid)


@variant("invisible_char", "zw_subject")
def _(rng, t):
    return subject(rng, t, " ".join(ins(rng, w, "\u200b") if len(w) > 2 else w for w in phrase(rng).split()))


@variant("invisible_char", "zw_html_entity")
def _(rng, t):
    ent = rng.choice(["&#8203;", "&#x200B;", "&#x200b;", "&zwnj;", "&zwj;", "&#65279;"])
    return add(rng, t, html(" ".join(ins(rng, w, ent) if len(w) > 3 else w for w in phrase(rng).split())))


@variant("invisible_char", "zw_qp_part")
def _(rng, t):
    s = " ".join(ins(rng, w, rng.choice(ZW)) if len(w) > 3 else w for w in para(rng).split())
    return at_end(t, part(qp(s), cte="quoted-printable"))


@variant("invisible_char", "zw_link_text")
def _(rng, t):
    return add(rng, t, '<a href="%s">%s</a>' % (url(rng), "\u200c".join("Click here")))


@variant("invisible_char", "zw_quoted_reply")
def _(rng, t):
    ls = [" ".join(ins(rng, w, "\u200b") if len(w) > 3 else w for w in phrase(rng).split()) for _ in range(3)]
    return add(rng, t, "On Mon, Bob wrote:\n" + quoted(ls))


@variant("invisible_char", "zw_from_and_href")
def _(rng, t):
    if rng.random() < 0.5:
        name = rng.choice(ZW).join(rng.choice(["PayPal", "Amazon", "Apple ID", "Your Bank"]))
        return header(t, "From", '"%s" <noreply@notify-mail.com>' % name)
    return add(rng, t, '<a href="http://www.pay%spal.com/login">%s</a>' % (rng.choice(ZW), "Log in"))


# ---------- bidi_control (9) ----------

@variant("bidi_control", "rlo_filename")
def _(rng, t):
    return add(rng, t, "Please open the attached invoice_" + "\u202e" + rng.choice(["fdp.exe", "cod.scr", "gpj.js"]))


@variant("bidi_control", "rlo_pdf_reversed_words")
def _(rng, t):
    return add(rng, t, "\u202e" + phrase(rng)[::-1] + "\u202c")


@variant("bidi_control", "isolates")
def _(rng, t):
    a, b = rng.choice(["\u2066", "\u2067", "\u2068"]), "\u2069"
    return words_map(rng, t, lambda w: a + w + b, rng.randint(1, 4))


@variant("bidi_control", "lrm_rlm_in_words")
def _(rng, t):
    return words_map(rng, t, lambda w: ins(rng, w, rng.choice(["\u200e", "\u200f"])), rng.randint(1, 5))


@variant("bidi_control", "embeddings_lre_rle")
def _(rng, t):
    return add(rng, t, rng.choice(["\u202a", "\u202b", "\u202d"]) + phrase(rng) + "\u202c")


@variant("bidi_control", "bidi_subject")
def _(rng, t):
    return subject(rng, t, "Re: " + "\u202e" + phrase(rng)[::-1] + "\u202c")


@variant("bidi_control", "bidi_html_entity")
def _(rng, t):
    ent = rng.choice(["&#8238;", "&#x202E;", "&rlm;", "&#x2067;"])
    return add(rng, t, html(ent + phrase(rng)[::-1]))


@variant("bidi_control", "bidi_qp_filename_part")
def _(rng, t):
    fn = "report" + "\u202e" + "fdp.exe"
    return at_end(t, part(qp("See the attached file " + fn + "\n" + para(rng)), cte="quoted-printable"))


@variant("bidi_control", "arabic_letter_mark")
def _(rng, t):
    return words_map(rng, t, lambda w: ins(rng, w, "\u061c"), rng.randint(1, 4))


# ---------- control_char (9) ----------

@variant("control_char", "nul_in_words")
def _(rng, t):
    return words_map(rng, t, lambda w: ins(rng, w, "\x00"), rng.randint(1, 5))


@variant("control_char", "backspace_overstrike")
def _(rng, t):
    return add(rng, t, "".join(c + "\x08" + c if c.isalpha() else c for c in phrase(rng)))


@variant("control_char", "ansi_escape_colors")
def _(rng, t):
    return add(rng, t, "\x1b[1;31m" + phrase(rng) + "\x1b[0m")


@variant("control_char", "c1_controls")
def _(rng, t):
    return words_map(rng, t, lambda w: ins(rng, w, chr(rng.choice([0x80, 0x85, 0x8d, 0x90, 0x9b, 0x9f]))),
                     rng.randint(1, 4))


@variant("control_char", "low_ascii_mixed")
def _(rng, t):
    return words_map(rng, t, lambda w: ins(rng, w, chr(rng.choice([1, 2, 3, 4, 5, 6, 7, 0x0e, 0x0f, 0x10,
                                                                   0x11, 0x14, 0x18, 0x1a, 0x1c, 0x1f]))),
                     rng.randint(1, 6))


@variant("control_char", "vt_ff_inside_words")
def _(rng, t):
    return words_map(rng, t, lambda w: ins(rng, w, rng.choice(["\x0b", "\x0c"])), rng.randint(2, 6))


@variant("control_char", "del_in_words")
def _(rng, t):
    return words_map(rng, t, lambda w: ins(rng, w, "\x7f"), rng.randint(1, 4))


@variant("control_char", "ctrl_subject")
def _(rng, t):
    return subject(rng, t, " ".join(ins(rng, w, "\x01") if len(w) > 3 else w for w in phrase(rng).split()))


@variant("control_char", "bare_cr_overwrite", hard="a bare CR is an old Mac line end as often as an overwrite")
def _(rng, t):
    return add(rng, t, "Your order is confirmed" + "\r" + phrase(rng))


# ---------- mixed_script (14) ----------

def lk(rng, table, k=1):
    return lambda w: e5.lookalike(w, table, rng, k) or w


@variant("mixed_script", "cyr_one_letter_few_words")
def _(rng, t):
    return words_map(rng, t, lk(rng, e5.CYR_LOWER), rng.randint(1, 4))


@variant("mixed_script", "cyr_many_words_dense")
def _(rng, t):
    return words_map(rng, t, lk(rng, e5.CYR_LOWER, 3), rng.randint(10, 40))


@variant("mixed_script", "cyr_upper_brand")
def _(rng, t):
    w = rng.choice(["PAYPAL", "APPLE", "MICROSOFT", "AMAZON", "BANK OF AMERICA", "CHASE", "NETFLIX"])
    return add(rng, t, "Message from " + e5.lookalike(w, e5.CYR_UPPER, rng, 2) + " Security Center")


@variant("mixed_script", "greek_lower")
def _(rng, t):
    return words_map(rng, t, lk(rng, e5.GRK_LOWER), rng.randint(1, 5))


@variant("mixed_script", "greek_upper_caps_line")
def _(rng, t):
    return add(rng, t, e5.lookalike_phrase(rng, e5.GRK_UPPER, 2, "upper") or "ΒANK ALERT")


@variant("mixed_script", "armenian_cherokee_lisu")
def _(rng, t):
    tab = rng.choice([e5.ARM, e5.CYR_SUPP])
    if rng.random() < 0.5:
        return words_map(rng, t, lk(rng, tab), rng.randint(1, 4))
    return add(rng, t, e5.lookalike_phrase(rng, rng.choice([e5.CHER, e5.LISU]), 2, "upper") or "ᎪLERT")


@variant("mixed_script", "math_alnum_words")
def _(rng, t):
    up, lo = rng.choice(e5.MATH_STYLES)
    return add(rng, t, " ".join(e5.math_style(w, up, lo) if i % 2 == 0 else w
                                for i, w in enumerate(phrase(rng).split())))


@variant("mixed_script", "cyr_subject")
def _(rng, t):
    return subject(rng, t, e5.lookalike_phrase(rng, e5.CYR_LOWER, 1) or "Your ассount")


@variant("mixed_script", "cyr_from_display")
def _(rng, t):
    name = e5.lookalike(rng.choice(["PayPal Service", "Apple Support", "Amazon Payments", "Wells Fargo"]),
                        {**e5.CYR_LOWER, **e5.CYR_UPPER}, rng, 2)
    return header(t, "From", '"%s" <service@%s>' % (name, rng.choice(["mail-secure.com", "notify.net"])))


@variant("mixed_script", "idn_homograph_link")
def _(rng, t):
    dom = e5.lookalike(rng.choice(["paypal.com", "apple.com", "google.com", "microsoft.com"]), e5.CYR_LOWER, rng, 1)
    return add(rng, t, '<a href="http://www.%s/login">Verify your account</a>' % dom)


@variant("mixed_script", "cyr_html_entity")
def _(rng, t):
    def f(w):
        m = e5.lookalike(w, e5.CYR_LOWER, rng, 1)
        return "".join("&#%d;" % ord(c) if ord(c) > 127 else c for c in m) if m else w
    return add(rng, t, html(" ".join(f(w) for w in phrase(rng).split())))


@variant("mixed_script", "cyr_qp_part")
def _(rng, t):
    s = " ".join((e5.lookalike(w, e5.CYR_LOWER, rng, 1) or w) for w in para(rng).split())
    return at_end(t, part(qp(s), cte="quoted-printable"))


@variant("mixed_script", "cyr_quoted_reply_and_sig")
def _(rng, t):
    ls = [e5.lookalike_phrase(rng, e5.CYR_LOWER, 1) or phrase(rng) for _ in range(2)]
    return add(rng, t, "> " + ls[0] + "\n> " + ls[1] + "\n" + sig(rng))


@variant("mixed_script", "fullwidth_latin", hard="fullwidth Latin letters are Latin script: mixed_script only if "
         "compatibility forms count as look-alikes")
def _(rng, t):
    fw = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in phrase(rng))
    return add(rng, t, fw)


# ---------- encoded_blob (14) ----------

@variant("encoded_blob", "b64_wrapped76_body")
def _(rng, t):
    return add(rng, t, wrap(b64(secret(rng, 120, 1500))))


@variant("encoded_blob", "b64_one_long_line")
def _(rng, t):
    return add(rng, t, b64(secret(rng, 60, 900)))


@variant("encoded_blob", "b64_groups_of_4")
def _(rng, t):
    s = b64(secret(rng, 60, 600))
    g = " ".join(s[i:i + 4] for i in range(0, len(s), 4))
    return add(rng, t, wrap(g, 80) if rng.random() < 0.5 else g)


@variant("encoded_blob", "b64_quoted_reply")
def _(rng, t):
    return add(rng, t, "Bob wrote:\n" + quoted(wrap(b64(secret(rng, 90, 900)), 72).split("\n")))


@variant("encoded_blob", "b64_folded_header")
def _(rng, t):
    s = b64(secret(rng, 80, 600))
    return header(t, rng.choice(["X-Data", "X-Payload", "X-Tracking"]), wrap(s, 70).replace("\n", "\n\t"))


@variant("encoded_blob", "hex_text")
def _(rng, t):
    bs = secret(rng, 40, 500)
    k = rng.randrange(3)
    if k == 0:  # one run of hex digits, wrapped when long
        h = binascii.hexlify(bs).decode()
        return add(rng, t, wrap(h, 76) if len(h) > 200 and rng.random() < 0.5 else h)
    h = (" " if k == 1 else ":").join("%02x" % b for b in bs)  # bytes with spaces (issue 20) or colons
    return add(rng, t, wrap(h, 48) if rng.random() < 0.5 else h)


@variant("encoded_blob", "base32")
def _(rng, t):
    return add(rng, t, wrap(base64.b32encode(secret(rng, 50, 500)).decode()))


@variant("encoded_blob", "ascii85_adobe")
def _(rng, t):
    return add(rng, t, wrap("<~" + base64.a85encode(secret(rng, 50, 500)).decode() + "~>", 76))


@variant("encoded_blob", "percent_encoded_all")
def _(rng, t):
    s = "".join("%%%02X" % b for b in secret(rng, 30, 300))
    return add(rng, t, rng.choice(['<a href="%s?q=%s">here</a>' % (url(rng), s), s]))


@variant("encoded_blob", "html_numeric_entities_all")
def _(rng, t):
    s = "".join(rng.choice(["&#%d;", "&#x%x;"]) % b for b in secret(rng, 30, 300))
    return add(rng, t, html(s))


@variant("encoded_blob", "js_unicode_escapes")
def _(rng, t):
    s = "".join(rng.choice(["\\u%04x", "\\x%02x"]) % b for b in secret(rng, 30, 300))
    return add(rng, t, '<script>var m = "%s"; document.write(m);</script>' % s)


@variant("encoded_blob", "css_escapes")
def _(rng, t):
    s = "".join("\\%x " % b for b in secret(rng, 30, 300))
    return add(rng, t, '<style>.x::after { content: "%s"; }</style>' % s)


@variant("encoded_blob", "b64_json_field")
def _(rng, t):
    return add(rng, t, json.dumps({"id": rng.randint(1, 99999), "payload": b64(secret(rng, 60, 700))}))


@variant("encoded_blob", "uuencode_block")
def _(rng, t):
    bs = secret(rng, 60, 700)
    ls = [binascii.b2a_uu(bs[i:i + 45]).decode().rstrip("\n") for i in range(0, len(bs), 45)]
    return add(rng, t, "begin 644 notes.txt\n" + "\n".join(ls) + "\n`\nend")


# ---------- repeated_run (13) ----------

@variant("repeated_run", "one_char_run_long")
def _(rng, t):
    return add(rng, t, rng.choice("!*.#$=_~x?") * rng.randint(300, 4000))


@variant("repeated_run", "one_word_repeated")
def _(rng, t):
    w = rng.choice(["free", "FREE", "viagra", "money", "click", "buy", "win"])
    return add(rng, t, " ".join([w] * rng.randint(100, 800)))


@variant("repeated_run", "sentence_repeated_1_2kb")
def _(rng, t):
    s = phrase(rng) + rng.choice([". ", "! ", " "])
    n = rng.randint(1024, 2048) // len(s) + 1
    return add(rng, t, (s * n).strip())


@variant("repeated_run", "sentence_per_line_repeated")
def _(rng, t):
    return add(rng, t, "\n".join([phrase(rng)] * rng.randint(30, 120)))


@variant("repeated_run", "nbsp_run")
def _(rng, t):
    return add(rng, t, phrase(rng) + "\u00a0" * rng.randint(500, 5000) + phrase(rng))


@variant("repeated_run", "unicode_space_run")
def _(rng, t):
    return add(rng, t, "Hello" + rng.choice(["\u3000", "\u2003", "\u2002", "\u2009", "\u205f"]) * rng.randint(
        300, 3000) + phrase(rng))


@variant("repeated_run", "emoji_run")
def _(rng, t):
    return add(rng, t, rng.choice(e5.EMOJI + e5.SYMS) * rng.randint(200, 1500))


@variant("repeated_run", "nbsp_entity_run")
def _(rng, t):
    return add(rng, t, html(phrase(rng) + rng.choice(["&nbsp;", "&#160;", "&#xa0;"]) * rng.randint(300, 2000)))


@variant("repeated_run", "br_tag_run")
def _(rng, t):
    return add(rng, t, html(rng.choice(["<br>", "<br/>", "<p>&nbsp;</p>"]) * rng.randint(300, 1500)))


@variant("repeated_run", "keyword_cycle_stuffing")
def _(rng, t):
    ks = rng.sample(["cheap", "viagra", "cialis", "pharmacy", "online", "discount", "pills", "meds"], 4)
    return add(rng, t, " ".join(ks * rng.randint(60, 300)))


@variant("repeated_run", "short_unit_run")
def _(rng, t):
    return add(rng, t, rng.choice(["ha", "ab", "-=", "lol", "0x", "..."]) * rng.randint(300, 2000))


@variant("repeated_run", "repeated_in_quoted_reply")
def _(rng, t):
    return add(rng, t, quoted([phrase(rng)] * rng.randint(40, 120)))


@variant("repeated_run", "subject_word_run")
def _(rng, t):
    return subject(rng, t, " ".join([rng.choice(["WIN", "FREE", "$$$", "URGENT"])] * rng.randint(60, 300)))


@variant("repeated_run", "zw_run", accept=("invisible_char",))
def _(rng, t):
    return add(rng, t, phrase(rng) + rng.choice(ZW) * rng.randint(200, 2000))


# ---------- whitespace_only (8) ----------

@variant("whitespace_only", "spaces")
def _(rng, t):
    return " " * rng.randint(1, 2000)


@variant("whitespace_only", "newlines")
def _(rng, t):
    return "\n" * rng.randint(1, 300)


@variant("whitespace_only", "tabs_spaces_newlines")
def _(rng, t):
    return "".join(rng.choice(" \t\n") for _ in range(rng.randint(2, 500)))


@variant("whitespace_only", "crlf_lines")
def _(rng, t):
    return "\r\n" * rng.randint(1, 200)


@variant("whitespace_only", "nbsp_only")
def _(rng, t):
    return "\u00a0" * rng.randint(1, 800)


@variant("whitespace_only", "unicode_spaces_mix")
def _(rng, t):
    return "".join(rng.choice("\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u3000\u205f\u202f \n")
                   for _ in range(rng.randint(1, 400)))


@variant("whitespace_only", "single_space_or_tab")
def _(rng, t):
    return rng.choice([" ", "\t", "\n", "\r\n", " \n"])


@variant("whitespace_only", "line_para_separators", accept=("control_char",))
def _(rng, t):
    return "".join(rng.choice(["\u2028", "\u2029", "\x85", " ", "\n"]) for _ in range(rng.randint(1, 200)))


@variant("whitespace_only", "ws_and_zero_width", accept=("invisible_char",),
         hard="white space with zero-width characters: whitespace_only or invisible_char")
def _(rng, t):
    return "".join(rng.choice([" ", "\n", "\u200b", "\ufeff"]) for _ in range(rng.randint(2, 300)))


# ---------- empty_text (7) ----------

@variant("empty_text", "empty_string")
def _(rng, t):
    return ""


@variant("empty_text", "json_null_text", hard="a JSON null text: a bad record or an empty text")
def _(rng, t):
    return NULL_TEXT


@variant("empty_text", "bom_only", accept=("invisible_char", "whitespace_only"),
         hard="a lone byte-order mark: empty after decoding, or an invisible character")
def _(rng, t):
    return "\ufeff"


@variant("empty_text", "zero_width_only", accept=("invisible_char", "whitespace_only"),
         hard="only zero-width characters: empty to a reader, but the finding may be invisible_char")
def _(rng, t):
    return "".join(rng.choice(ZW) for _ in range(rng.randint(1, 20)))


@variant("empty_text", "nul_only", accept=("control_char", "non_text"),
         hard="NUL bytes only: empty in C strings, control_char by the byte")
def _(rng, t):
    return "\x00" * rng.randint(1, 8)


@variant("empty_text", "empty_html_shell", accept=("whitespace_only",),
         hard="markup without text: empty only after stripping HTML")
def _(rng, t):
    return rng.choice(["<html><body></body></html>", "<p></p>", "<div>&nbsp;</div>", "<html>\n<body>\n</body>\n</html>\n"])


@variant("empty_text", "headers_only_empty_body",
         hard="a mail's headers with an empty body: the row's text is not empty")
def _(rng, t):
    h, b = e5.split_mail(t)
    return h if h else "Subject: (no subject)\n\n"


# ---------- non_text (8) ----------

def rbytes(rng, n):
    return bytes(rng.getrandbits(8) for _ in range(n))


@variant("non_text", "random_bytes_latin1", accept=("control_char",))
def _(rng, t):
    return e5.latin1_text(rbytes(rng, rng.randint(100, 3000)))


@variant("non_text", "random_bytes_raw", accept=("invalid_utf8", "replacement_char"))
def _(rng, t):
    return e5.esc_bytes(rbytes(rng, rng.randint(100, 3000)))


@variant("non_text", "pe_header_latin1", accept=("control_char",))
def _(rng, t):
    return e5.latin1_text(b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + rbytes(rng, rng.randint(200, 2000)))


@variant("non_text", "binary_appended_to_mail", accept=("control_char", "invalid_utf8", "replacement_char"))
def _(rng, t):
    bs = rbytes(rng, rng.randint(300, 3000))
    return at_end(t, e5.esc_bytes(bs) if rng.random() < 0.5 else e5.latin1_text(bs))


@variant("non_text", "octet_stream_part_raw", accept=("control_char", "invalid_utf8", "replacement_char"))
def _(rng, t):
    bs = rbytes(rng, rng.randint(400, 3000))
    return at_end(t, part(e5.latin1_text(bs), "application/octet-stream; name=\"data.bin\"", "binary"))


@variant("non_text", "xxd_hex_dump", accept=("encoded_blob",))
def _(rng, t):
    bs = rbytes(rng, rng.randint(64, 800))
    ls = []
    for i in range(0, len(bs), 16):
        c = bs[i:i + 16]
        ls.append("%08x: %s  %s" % (i, " ".join("%02x" % b for b in c),
                                    "".join(chr(b) if 32 <= b < 127 else "." for b in c)))
    return "\n".join(ls) + "\n" if rng.random() < 0.5 else add(rng, t, "\n".join(ls))


@variant("non_text", "block_symbol_soup", hard="symbols without letters: ASCII art as often as non-text")
def _(rng, t):
    al = e5.BLOCKS + e5.SYMS
    return "\n".join("".join(rng.choice(al) for _ in range(rng.randint(20, 70))) for _ in range(rng.randint(5, 40)))


@variant("non_text", "pdf_stream_latin1", accept=("control_char",))
def _(rng, t):
    return e5.latin1_text(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Length 900 /Filter /FlateDecode >>\nstream\n"
                          + rbytes(rng, rng.randint(300, 2500)) + b"\nendstream\nendobj\n")


@variant("non_text", "random_printable", hard="random printable ASCII: looks like a key or line noise, not binary")
def _(rng, t):
    al = "".join(chr(c) for c in range(33, 127))
    return "".join(rng.choice(al) for _ in range(rng.randint(200, 2000)))


# ---------- invalid_utf8 (8), accepts replacement_char ----------

IU = ("replacement_char",)
RC = ("invalid_utf8",)


def raw(bs):
    return e5.esc_bytes(bs)


@variant("invalid_utf8", "lone_continuation_bytes", accept=IU)
def _(rng, t):
    return words_map(rng, t, lambda w: ins(rng, w, raw(bytes([rng.randint(0x80, 0xbf)]))), rng.randint(1, 4))


@variant("invalid_utf8", "latin1_bytes_in_words", accept=IU)
def _(rng, t):
    return words_map(rng, t, lambda w: ins(rng, w, raw(bytes([rng.choice([0xe9, 0xe8, 0xfc, 0xf6, 0xe4, 0xf1])]))),
                     rng.randint(1, 6))


@variant("invalid_utf8", "truncated_multibyte_end", accept=IU)
def _(rng, t):
    return t + raw(rng.choice([b"\xe2\x80", b"\xf0\x9f\x98", b"\xc3", b"\xe2"]))


@variant("invalid_utf8", "overlong_and_surrogate_bytes", accept=IU)
def _(rng, t):
    return words_map(rng, t, lambda w: ins(rng, w, raw(rng.choice([b"\xc0\xaf", b"\xe0\x80\xaf", b"\xed\xa0\x80",
                                                                   b"\xed\xbf\xbf", b"\xc1\xbf"]))), rng.randint(1, 3))


@variant("invalid_utf8", "cp1252_smart_quotes", accept=IU)
def _(rng, t):
    q = rng.choice([(b"\x93", b"\x94"), (b"\x91", b"\x92")])
    return add(rng, t, raw(q[0]) + phrase(rng) + raw(q[1]) + raw(b" \x96 ") + phrase(rng))


@variant("invalid_utf8", "invalid_in_subject", accept=IU)
def _(rng, t):
    return subject(rng, t, raw(b"Caf\xe9 ") + phrase(rng) + raw(b" \xff\xfe"))


@variant("invalid_utf8", "lone_surrogate_escape", accept=IU)
def _(rng, t):
    return words_map(rng, t, lambda w: ins(rng, w, lone(rng)), rng.randint(1, 3))


@variant("invalid_utf8", "ff_fe_bytes_and_5byte", accept=IU)
def _(rng, t):
    return add(rng, t, phrase(rng) + raw(rng.choice([b"\xff", b"\xfe", b"\xf8\x88\x80\x80\x80", b"\xfc\x84"])))


@variant("invalid_utf8", "latin1_declared_part", accept=IU)
def _(rng, t):
    body = raw(("Cher client, votre compte est bloqu\xe9. " + phrase(rng) + ". Merci, l'\xe9quipe.")
               .encode("latin-1"))
    return at_end(t, part(body, 'text/plain; charset="iso-8859-1"', "8bit"))


# ---------- replacement_char (8), accepts invalid_utf8 ----------

@variant("replacement_char", "fffd_one_word", accept=RC)
def _(rng, t):
    return words_map(rng, t, lambda w: ins(rng, w, "\ufffd"), 1)


@variant("replacement_char", "fffd_many_lossy", accept=RC)
def _(rng, t):
    return words_map(rng, t, lambda w: ins(rng, w, "\ufffd" * rng.randint(1, 2)), rng.randint(4, 20))


@variant("replacement_char", "fffd_mojibake_names", accept=RC)
def _(rng, t):
    return add(rng, t, rng.choice(["Jos\ufffd Mu\ufffdoz", "Caf\ufffd M\ufffdller", "Fran\ufffdois", "\ufffd\ufffd\ufffd\ufffd"])
               + " " + phrase(rng))


@variant("replacement_char", "fffd_html_entity", accept=RC)
def _(rng, t):
    return add(rng, t, html(phrase(rng) + rng.choice([" &#65533; ", " &#xFFFD; ", "&#xfffd;&#xfffd;"])))


@variant("replacement_char", "fffd_qp_part", accept=RC)
def _(rng, t):
    return at_end(t, part(qp("Caf\ufffd " + para(rng)), cte="quoted-printable"))


@variant("replacement_char", "fffd_subject", accept=RC)
def _(rng, t):
    return subject(rng, t, "Re: " + phrase(rng) + " \ufffd\ufffd")


@variant("replacement_char", "fffd_json_csv_field", accept=RC)
def _(rng, t):
    nm = rng.choice(["Ren\ufffd", "Zo\ufffd", "M\ufffdnchen"])
    return add(rng, t, rng.choice(['{"name": "%s", "city": "x"}' % nm, "id,name\n42,%s" % nm]))


@variant("replacement_char", "lone_low_surrogate_escape", accept=RC)
def _(rng, t):
    # apart: a high escape before a low one would be a valid pair (an emoji), not a lone surrogate
    return add(rng, t, phrase(rng) + " " + " ".join(lone(rng) for _ in range(rng.randint(1, 3))))


@variant("replacement_char", "fffd_lossy_binary_block", accept=RC + ("non_text",))
def _(rng, t):
    bs = rbytes(rng, rng.randint(200, 1500))
    return at_end(t, bs.decode("utf-8", "replace"))


# ---------- CLI ----------

def plant(args):
    e7.V[:] = V  # evplant7's plant loop, with these variants
    e7.plant(args)


if __name__ == "__main__":
    e7.main(plant, HARD_WHY, 42, __doc__)  # evplant7's CLI, with this file's plant and hard list

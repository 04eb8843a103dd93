#!/usr/bin/env python3
"""evplant11: an eleventh evasion planter (session 27), written blind, for mixed_script and encoded_blob.

Written as a spammer of 2002-2024 hides words from a filter, without reading
internal/evasions or the variant lists of the other planters: look-alike letters
(Cyrillic, Greek, Armenian, Cherokee, Lisu, fullwidth, mathematical, letterlike,
enclosed, modifier, small capitals, ligatures, Roman numerals, combining marks) in
words, whole words, brand names, URLs and IDN domains, headers, HTML attributes and
link text, with zero-width characters, in quoted-printable or base64 bodies and as
HTML character references (mixed_script); and text hidden in encodings (base64 inline,
in a part, in a data: URI, a header, an HTML comment or attribute, a URL parameter;
uuencode, BinHex, quoted-printable of every byte, percent-encoding, HTML numeric
entities spelling ASCII, JavaScript escapes with eval/unescape/atob/fromCharCode, hex
strings and dumps, base32, base85, gzip+base64, UTF-7, PGP armour, long random
tokens) (encoded_blob).

  python3 evplant11.py plant --seed 1 --out /tmp/evplant11/ev11-s1
      writes OUT.jsonl (id, text, label) and OUT.truth.json: 30 rows a variant from
      real SpamAssassin mail, and a clean control of 2,000 rows of the same mail
  python3 evplant11.py score BIN OUT [--json] [--show VARIANT]
      runs `BIN scan OUT.jsonl --id id --max-examples 1000000 --json ...` and prints
      recall by category and variant and the share of the control flagged

Mail loading, row shapes (whole mails, bodies, slices; 30% of rows written with
JSON \\u escapes; 5% with CRLF line ends), the row writer, the control and the
scoring are evplant5's (as evplant10 uses them). A planted row counts as recalled
when a finding of its category names it. Variants marked "hard" are those whose
expected category is debatable (each says why in HARD_WHY); they are scored the
same and listed apart.
"""
import base64
import binascii
import gzip
import os
import quopri
import re
import string
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import evplant5 as e5  # noqa: E402  (mail, shapes, row writer, control, scoring)
import evplant7 as e7  # noqa: E402  (plant)
import evplant10 as e10  # noqa: E402  (words and body lines of a mail)

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


# ---------- helpers ----------

SPAM = [
    "Get your FREE credit report today",
    "Earn extra income from home guaranteed",
    "Lowest mortgage rates approved instantly",
    "Buy cheap Viagra online without prescription",
    "Your PayPal account requires verification",
    "Claim your exclusive bonus reward now",
    "Hot stock alert before the market opens",
    "Meet lonely singles in your area tonight",
    "Limited offer on genuine replica watches",
    "Lose weight fast with this secret pill",
    "Refinance now and save thousands every month",
    "Congratulations you have won a free vacation",
]

BRANDS = ["PayPal", "Apple", "Microsoft", "Amazon", "Viagra", "Cialis", "Rolex", "Citibank",
          "eBay", "Netflix", "Google", "Facebook", "Wells Fargo", "Chase", "Visa", "Bank of America"]
DOMAINS = ["paypal.com", "apple.com", "microsoft.com", "amazon.com", "ebay.com", "google.com",
           "citibank.com", "chase.com", "wellsfargo.com", "facebook.com"]

# The mail's words and body lines: evplant10's.
WORD, B64LINE = e10.WORD, e10.B64LINE
split, body_lines, body_words = e10.split, e10.body_lines, e10.body_words


def map_words(rng, t, fn, k=(2, 5), need=None):
    """replace k random body words w by fn(w) (words for which need(w) holds); a spam line if none."""
    ws = [r for r in body_words(t) if need is None or need(t[r[0]:r[1]])]
    if not ws:
        return add_line(rng, t, " ".join(fn(w) if len(w) >= 3 and (need is None or need(w)) else w
                                         for w in rng.choice(SPAM).split(" ")))
    n = min(len(ws), rng.randint(*k))
    for a, b in sorted(rng.sample(ws, n), reverse=True):
        t = t[:a] + fn(t[a:b]) + t[b:]
    return t


def add_line(rng, t, line):
    idx = [off for off, ln in body_lines(t) if off > 0]
    pos = rng.choice(idx) if idx else len(t)
    if pos >= len(t):
        return at_end(t, line + "\n")
    return t[:pos] + line + "\n" + t[pos:]


def at_end(t, s):
    if not t.endswith("\n"):
        t += "\n"
    return t + s


def set_header(t, name, value):
    h, b = split(t)
    pat = re.compile(r"^%s: .*$" % re.escape(name), re.M)
    if h and pat.search(h):
        return pat.sub(lambda m: "%s: %s" % (name, value), h, count=1) + b
    return "%s: %s\n" % (name, value) + t


def html_part(inner):
    return ("\n--=_NextPart_011_0047\nContent-Type: text/html; charset=\"utf-8\"\n"
            "Content-Transfer-Encoding: 8bit\n\n<html><body>\n%s\n</body></html>\n--=_NextPart_011_0047--\n" % inner)


def text_part(body, cte, charset="utf-8"):
    return ("\n--=_NextPart_011_0013\nContent-Type: text/plain; charset=\"%s\"\n"
            "Content-Transfer-Encoding: %s\n\n%s\n--=_NextPart_011_0013--\n" % (charset, cte, body))


def qp(s):
    return quopri.encodestring(s.encode("utf-8")).decode("ascii")


def wrap(s, w=76):
    return "\n".join(s[i:i + w] for i in range(0, len(s), w))


def b64(s):
    return base64.b64encode(s.encode("utf-8") if isinstance(s, str) else s).decode()


def paragraph(rng, n=4):
    return " ".join(rng.sample(SPAM, n)) + "."


def url(rng):
    return "http://%s/%s" % (rng.choice(["www.freedeals-online.com", "bestpharma.biz", "click.mailer-offers.com",
                                         "secure-login.info"]), rng.choice(["claim", "verify", "unsubscribe", "order"]))


def html_payload(rng):
    return '<a href="%s">%s</a> <font color="red">%s</font>' % (url(rng), rng.choice(SPAM), rng.choice(SPAM))


# ---------- look-alike tables (built here from the Unicode charts, not copied) ----------

CYR = {"a": "\u0430", "c": "\u0441", "e": "\u0435", "o": "\u043e", "p": "\u0440", "x": "\u0445", "y": "\u0443",
       "i": "\u0456", "j": "\u0458", "s": "\u0455", "h": "\u04bb",
       "A": "\u0410", "B": "\u0412", "C": "\u0421", "E": "\u0415", "H": "\u041d", "I": "\u0406", "J": "\u0408",
       "K": "\u041a", "M": "\u041c", "O": "\u041e", "P": "\u0420", "S": "\u0405", "T": "\u0422", "X": "\u0425",
       "Y": "\u04ae"}
CYR_BASIC = {k: v for k, v in CYR.items() if k in "aceopxyABCEHKMOPTX"}  # Russian letters only
GRK = {"o": "\u03bf", "a": "\u03b1", "v": "\u03bd", "i": "\u03b9", "k": "\u03ba", "p": "\u03c1", "u": "\u03c5",
       "t": "\u03c4", "x": "\u03c7", "y": "\u03b3",
       "A": "\u0391", "B": "\u0392", "E": "\u0395", "H": "\u0397", "I": "\u0399", "K": "\u039a", "M": "\u039c",
       "N": "\u039d", "O": "\u039f", "P": "\u03a1", "T": "\u03a4", "X": "\u03a7", "Y": "\u03a5", "Z": "\u0396"}
ARM = {"o": "\u0585", "u": "\u057d", "h": "\u0570", "n": "\u0578", "g": "\u0581", "q": "\u0566"}
CHER = {"A": "\u13aa", "B": "\u13f4", "C": "\u13df", "D": "\u13a0", "E": "\u13ac", "G": "\u13c0", "H": "\u13bb",
        "J": "\u13ab", "K": "\u13e6", "M": "\u13b7", "P": "\u13e2", "R": "\u13a1", "S": "\u13da", "T": "\u13a2",
        "V": "\u13d9", "W": "\u13b3", "Z": "\u13c3", "L": "\u13de"}
LISU = {"A": "\ua4ee", "B": "\ua4d0", "C": "\ua4da", "D": "\ua4d3", "E": "\ua4f0", "F": "\ua4dd", "G": "\ua4d6",
        "H": "\ua4e7", "I": "\ua4f2", "J": "\ua4d9", "K": "\ua4d7", "L": "\ua4e1", "M": "\ua4df", "N": "\ua4e0",
        "O": "\ua4f3", "P": "\ua4d1", "R": "\ua4e3", "S": "\ua4e2", "T": "\ua4d4", "U": "\ua4f4", "V": "\ua4e6",
        "W": "\ua4ea", "X": "\ua4eb", "Y": "\ua4ec", "Z": "\ua4dc"}
SMALLCAP = {"a": "\u1d00", "b": "\u0299", "c": "\u1d04", "d": "\u1d05", "e": "\u1d07", "f": "\ua730", "g": "\u0262",
            "h": "\u029c", "i": "\u026a", "j": "\u1d0a", "k": "\u1d0b", "l": "\u029f", "m": "\u1d0d", "n": "\u0274",
            "o": "\u1d0f", "p": "\u1d18", "r": "\u0280", "s": "\ua731", "t": "\u1d1b", "u": "\u1d1c", "v": "\u1d20",
            "w": "\u1d21", "y": "\u028f", "z": "\u1d22"}
SUPER = {"a": "\u1d43", "b": "\u1d47", "c": "\u1d9c", "d": "\u1d48", "e": "\u1d49", "f": "\u1da0", "g": "\u1d4d",
         "h": "\u02b0", "i": "\u2071", "j": "\u02b2", "k": "\u1d4f", "l": "\u02e1", "m": "\u1d50", "n": "\u207f",
         "o": "\u1d52", "p": "\u1d56", "r": "\u02b3", "s": "\u02e2", "t": "\u1d57", "u": "\u1d58", "v": "\u1d5b",
         "w": "\u02b7", "x": "\u02e3", "y": "\u02b8", "z": "\u1dbb"}
# letterlike symbols that fill the holes of the mathematical script / fraktur / double-struck alphabets
SCRIPT_HOLES = {"B": "\u212c", "E": "\u2130", "F": "\u2131", "H": "\u210b", "I": "\u2110", "L": "\u2112",
                "M": "\u2133", "R": "\u211b", "e": "\u212f", "g": "\u210a", "o": "\u2134"}
DS_HOLES = {"C": "\u2102", "H": "\u210d", "N": "\u2115", "P": "\u2119", "Q": "\u211a", "R": "\u211d", "Z": "\u2124"}
ROMAN = {"I": "\u2160", "V": "\u2164", "X": "\u2169", "L": "\u216c", "C": "\u216d", "D": "\u216e", "M": "\u216f",
         "i": "\u2170", "v": "\u2174", "x": "\u2179", "l": "\u217c", "c": "\u217d", "d": "\u217e", "m": "\u217f"}
LIGS = {"fi": "\ufb01", "fl": "\ufb02", "ff": "\ufb00", "ffi": "\ufb03", "st": "\ufb06"}
IPA = {"a": "\u0251", "g": "\u0261", "i": "\u0269", "o": "\u0254", "e": "\u025b"}

MATH = {"bold": (0x1D400, 0x1D41A), "italic": (0x1D434, 0x1D44E), "bolditalic": (0x1D468, 0x1D482),
        "sans": (0x1D5A0, 0x1D5BA), "sansbold": (0x1D5D4, 0x1D5EE), "mono": (0x1D670, 0x1D68A),
        "script": (0x1D49C, 0x1D4B6), "fraktur": (0x1D504, 0x1D51E), "double": (0x1D538, 0x1D552)}
MATH_HOLES = {"italic": {"h": "\u210e"}, "script": SCRIPT_HOLES,
              "fraktur": {"C": "\u212d", "H": "\u210c", "I": "\u2111", "R": "\u211c", "Z": "\u2128"},
              "double": DS_HOLES}


def math_word(w, style):
    up, lo = MATH[style]
    holes = MATH_HOLES.get(style, {})
    out = []
    for ch in w:
        if ch in holes:
            out.append(holes[ch])
        elif "A" <= ch <= "Z":
            out.append(chr(up + ord(ch) - 65))
        elif "a" <= ch <= "z":
            out.append(chr(lo + ord(ch) - 97))
        else:
            out.append(ch)
    return "".join(out)


def fullwidth(w):
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else ("\u3000" if c == " " else c) for c in w)


def circled(w):
    return "".join(chr(0x24B6 + ord(c) - 65) if "A" <= c <= "Z" else chr(0x24D0 + ord(c) - 97) if "a" <= c <= "z"
                   else c for c in w)


def parenthesized(w):
    return "".join(chr(0x249C + ord(c.lower()) - 97) if c.isascii() and c.isalpha() else c for c in w)


def squared_neg(w):
    return "".join(chr(0x1F170 + ord(c.upper()) - 65) if c.isascii() and c.isalpha() else c for c in w)


def regional(w):
    return "\u200b".join(chr(0x1F1E6 + ord(c.upper()) - 65) if c.isascii() and c.isalpha() else c for c in w)


def table_all(w, table):
    return "".join(table.get(c, c) for c in w)


def table_some(rng, w, table, k=None):
    idx = [i for i, c in enumerate(w) if c in table]
    if not idx:
        return w
    k = k or rng.randint(1, min(2, len(idx)))
    pick = set(rng.sample(idx, min(k, len(idx))))
    return "".join(table[c] if i in pick else c for i, c in enumerate(w))


def has_some(table):
    return lambda w: any(c in table for c in w)


def look_phrase(rng, table, allw=False):
    return " ".join((table_all(w, table) if allw else table_some(rng, w, table)) if len(w) >= 3 else w
                    for w in rng.choice(SPAM).split(" "))


def brand_lk(rng, table):
    b = rng.choice(BRANDS)
    out = table_some(rng, b, table, k=rng.randint(1, 2))
    return out if out != b else table_some(rng, "PayPal", table, 2)


def dom_lk(rng, table):
    d = rng.choice(DOMAINS)
    name, tld = d.rsplit(".", 1)
    n2 = table_some(rng, name, table, k=rng.randint(1, 2))
    if n2 == name:
        n2 = table_some(rng, "paypal", table, 1)
    return n2 + "." + tld


def ncr(s, hexa=False, only=None):
    return "".join(("&#x%X;" % ord(c) if hexa else "&#%d;" % ord(c)) if (only is None or only(c)) else c for c in s)


# mixed_script ------------------------------------------------------------------------------
MS = "mixed_script"


@variant(MS, "cyr_in_words")
def _(rng, t):
    return map_words(rng, t, lambda w: table_some(rng, w, CYR_BASIC), need=has_some(CYR_BASIC))


@variant(MS, "cyr_ukr_in_words")  # і ј ѕ һ: Ukrainian/Serbian/Abkhaz letters a Russian table lacks
def _(rng, t):
    t2 = {k: CYR[k] for k in "ijsh"}
    return map_words(rng, t, lambda w: table_some(rng, w, t2), need=has_some(t2))


@variant(MS, "cyr_whole_lower_word")
def _(rng, t):
    words = ["pay", "copy", "cash", "open", "access", "secure", "escape", "xerox", "ace", "scope", "soap", "payee",
             "recap", "space", "pose", "peace"]
    return add_line(rng, t, "%s %s %s now" % (rng.choice(["Get", "Open", "Click"]),
                                               table_all(rng.choice(words), CYR), table_all(rng.choice(words), CYR)))


@variant(MS, "cyr_whole_upper_word")
def _(rng, t):
    words = ["HOT", "BEST", "STOCK", "CASH", "SEX", "TAKE", "MAKE", "COMBO", "ACT", "TEXT", "MASK", "BOX"]
    return add_line(rng, t, " ".join(table_all(w, CYR) for w in rng.sample(words, 3)) + " OFFER")


@variant(MS, "cyr_all_caps_brand")
def _(rng, t):
    b = rng.choice(["PAYPAL", "VIAGRA", "CIALIS", "ROLEX", "XANAX", "CASINO"])
    return add_line(rng, t, "GENUINE %s - %s" % (table_some(rng, b, CYR, 2), url(rng)))


@variant(MS, "cyr_sentence")
def _(rng, t):
    return add_line(rng, t, look_phrase(rng, CYR_BASIC, allw=True))


@variant(MS, "grk_in_words")
def _(rng, t):
    return map_words(rng, t, lambda w: table_some(rng, w, GRK), need=has_some(GRK))


@variant(MS, "grk_upper_word")
def _(rng, t):
    words = ["TIME", "TAKE", "MONEY", "KEY", "HOT", "BANK", "TOKEN", "PHONE", "ZONE", "BONE", "NET", "MAX"]
    return add_line(rng, t, "%s %s" % (" ".join(table_all(w, GRK) for w in rng.sample(words, 2)), url(rng)))


@variant(MS, "brand_cyr_body")
def _(rng, t):
    return add_line(rng, t, "Dear %s customer, please confirm your details." % brand_lk(rng, CYR_BASIC))


@variant(MS, "brand_grk_body")
def _(rng, t):
    return add_line(rng, t, "Your %s order has shipped." % brand_lk(rng, GRK))


@variant(MS, "subject_cyr")
def _(rng, t):
    return set_header(t, "Subject", look_phrase(rng, CYR_BASIC))


@variant(MS, "subject_rfc2047_b")
def _(rng, t):
    s = look_phrase(rng, CYR_BASIC)
    return set_header(t, "Subject", "=?utf-8?B?%s?=" % b64(s))


@variant(MS, "subject_rfc2047_q")
def _(rng, t):
    s = look_phrase(rng, CYR_BASIC)
    enc = "".join(c if c.isascii() and c.isalnum() else ("_" if c == " " else "".join("=%02X" % b for b in c.encode())) for c in s)
    return set_header(t, "Subject", "=?utf-8?Q?%s?=" % enc)


@variant(MS, "from_display_name")
def _(rng, t):
    return set_header(t, "From", '"%s Security" <service@%s>' % (brand_lk(rng, CYR_BASIC), "mail-secure.biz"))


@variant(MS, "idn_url_raw")
def _(rng, t):
    return add_line(rng, t, "Log in at http://www.%s/signin to restore access" % dom_lk(rng, CYR_BASIC))


@variant(MS, "idn_url_greek")
def _(rng, t):
    return add_line(rng, t, "https://%s/account/verify" % dom_lk(rng, GRK))


@variant(MS, "idn_punycode", hard="the domain is written as ASCII punycode (xn--): no non-Latin letter is in the text; "
         "only decoding the IDN shows the look-alike")
def _(rng, t):
    d = dom_lk(rng, CYR_BASIC)
    return add_line(rng, t, "Verify your account: http://%s/login" % d.encode("idna").decode("ascii"))


@variant(MS, "href_attr_only")
def _(rng, t):
    d = dom_lk(rng, CYR_BASIC)
    return at_end(t, html_part('<a href="http://%s/update">Update your account</a>' % d))


@variant(MS, "link_text")
def _(rng, t):
    return at_end(t, html_part('<a href="%s">www.%s</a>' % (url(rng), dom_lk(rng, CYR_BASIC))))


@variant(MS, "html_alt_title")
def _(rng, t):
    return at_end(t, html_part('<img src="cid:part1" alt="%s" title="%s">' % (look_phrase(rng, CYR_BASIC),
                                                                         brand_lk(rng, GRK))))


@variant(MS, "email_address")
def _(rng, t):
    return add_line(rng, t, "Reply to support@%s for your refund" % dom_lk(rng, CYR_BASIC))


@variant(MS, "armenian")
def _(rng, t):
    return map_words(rng, t, lambda w: table_some(rng, w, ARM), need=has_some(ARM))


@variant(MS, "cherokee_caps")
def _(rng, t):
    words = ["CASH", "BEST", "DEAL", "MEGA", "WATCH", "TRADE", "SHARE", "STAR"]
    return add_line(rng, t, " ".join(table_some(rng, w, CHER, k=len(w)) for w in rng.sample(words, 2)) + " NOW")


@variant(MS, "lisu_caps")
def _(rng, t):
    return add_line(rng, t, "%s %s" % (table_all(rng.choice(["FREE", "PAYPAL", "VIAGRA", "WINNER", "BONUS"]), LISU),
                                       rng.choice(SPAM)))


@variant(MS, "fullwidth_words")
def _(rng, t):
    return add_line(rng, t, fullwidth(rng.choice(SPAM)))


@variant(MS, "fullwidth_in_word")
def _(rng, t):
    return map_words(rng, t, lambda w: "".join(fullwidth(c) if i == 0 else c for i, c in enumerate(w)))


@variant(MS, "fullwidth_url")
def _(rng, t):
    return add_line(rng, t, "Visit " + fullwidth("www." + rng.choice(DOMAINS)) + " today")


@variant(MS, "math_bold_word")
def _(rng, t):
    return add_line(rng, t, "%s %s" % (math_word(rng.choice(["FREE", "WINNER", "CASH", "BONUS", "Viagra"]), "bold"),
                                       rng.choice(SPAM)))


@variant(MS, "math_styles_phrase")
def _(rng, t):
    st = rng.choice(["italic", "bolditalic", "sans", "sansbold", "mono"])
    return add_line(rng, t, math_word(rng.choice(SPAM), st))


@variant(MS, "math_script_letterlike")  # what a "fancy text" generator writes: math script with letterlike holes
def _(rng, t):
    return add_line(rng, t, math_word(rng.choice(["Free Bonus", "Hot Singles", "Limited Offer", "Refinance Now",
                                                  "Best Rates", "Meet Hot Girls"]), "script"))


@variant(MS, "math_fraktur_double")
def _(rng, t):
    return add_line(rng, t, math_word(rng.choice(["CHRISTMAS SALE", "Rich Quick", "Hot Zone", "PRIZE"]),
                                      rng.choice(["fraktur", "double"])))


@variant(MS, "math_letter_in_word")
def _(rng, t):
    return map_words(rng, t, lambda w: "".join(math_word(c, "bold") if i == len(w) // 2 else c
                                               for i, c in enumerate(w)))


@variant(MS, "letterlike_only")  # ℂ ℍ ℕ ℙ ℝ ℤ ℬ ℰ ℱ ℋ ℐ ℒ ℳ ℛ ℯ ℊ ℴ mixed into ASCII capitals
def _(rng, t):
    tab = dict(SCRIPT_HOLES)
    tab.update(DS_HOLES)
    w = rng.choice(["FREE", "CHEAP", "PHARMACY", "BONUS", "HOME", "LOAN", "RICH", "MEGA"])
    return add_line(rng, t, "%s %s" % (table_all(w, tab), rng.choice(SPAM)))


@variant(MS, "circled")
def _(rng, t):
    return add_line(rng, t, circled(rng.choice(["free", "FREE", "Viagra", "casino", "WIN"])) + " " + url(rng))


@variant(MS, "parenthesized")
def _(rng, t):
    return add_line(rng, t, parenthesized(rng.choice(["free", "cash", "sale", "loans"])) + " " + rng.choice(SPAM))


@variant(MS, "squared_negative")
def _(rng, t):
    return add_line(rng, t, squared_neg(rng.choice(["FREE", "SALE", "HOT", "WIN"])) + " " + rng.choice(SPAM))


@variant(MS, "regional_indicators", hard="regional indicator symbols are letters only to the eye; paired they render "
         "as flags, so they may count as symbols (non_text) rather than letters")
def _(rng, t):
    return add_line(rng, t, regional(rng.choice(["FREE", "SALE", "CASH", "WIN"])) + " " + rng.choice(SPAM))


@variant(MS, "superscript")
def _(rng, t):
    return add_line(rng, t, table_all(rng.choice(["free", "cheap pills", "hot stocks", "bonus"]), SUPER) + " " + url(rng))


@variant(MS, "small_caps")
def _(rng, t):
    return add_line(rng, t, table_all(rng.choice(SPAM).lower(), SMALLCAP))


@variant(MS, "small_cap_in_word")
def _(rng, t):
    return map_words(rng, t, lambda w: table_some(rng, w, SMALLCAP, 1), need=has_some(SMALLCAP))


@variant(MS, "ligature_in_word")
def _(rng, t):
    def f(w):
        for k in ["ffi", "fi", "fl", "ff", "st"]:
            if k in w:
                return w.replace(k, LIGS[k], 1)
        return w
    return map_words(rng, t, f, need=lambda w: any(k in w for k in LIGS))


@variant(MS, "ipa_in_word")
def _(rng, t):
    return map_words(rng, t, lambda w: table_some(rng, w, IPA, 1), need=has_some(IPA))


@variant(MS, "roman_numerals")
def _(rng, t):
    w = rng.choice(["VIAGRA", "CIALIS", "XANAX", "VALIUM", "MILLION"])
    return add_line(rng, t, "Buy %s online" % table_some(rng, w, ROMAN, 2))


@variant(MS, "combining_strike")
def _(rng, t):
    return add_line(rng, t, "".join(c + "\u0336" if c.isalpha() else c for c in rng.choice(SPAM)))


@variant(MS, "combining_underline")
def _(rng, t):
    return add_line(rng, t, "".join(c + "\u0332" if c.isalpha() else c for c in rng.choice(SPAM)))


@variant(MS, "combining_one_mark", hard="a combining accent on a Latin letter (Vi\u0301agra) keeps every letter Latin: "
         "it is no script mix, and French or Spanish text writes the same decomposed")
def _(rng, t):
    return map_words(rng, t, lambda w: w[:len(w) // 2] + "\u0301" + w[len(w) // 2:], k=(2, 4))


@variant(MS, "accented_latin", hard="precomposed accented Latin letters (V\u00edagr\u00e1) are Latin script: no mix")
def _(rng, t):
    acc = {"a": "\u00e1", "e": "\u00e9", "i": "\u00ed", "o": "\u00f3", "u": "\u00fa"}
    return map_words(rng, t, lambda w: table_some(rng, w, acc, 2), need=has_some(acc))


@variant(MS, "cyr_with_zw")
def _(rng, t):
    return map_words(rng, t, lambda w: "\u200b".join(table_some(rng, w, CYR_BASIC)), need=has_some(CYR_BASIC))


@variant(MS, "cyr_with_shy")
def _(rng, t):
    return map_words(rng, t, lambda w: "\u00ad".join(table_some(rng, w, CYR_BASIC)), need=has_some(CYR_BASIC))


@variant(MS, "qp_body_cyr")
def _(rng, t):
    return at_end(t, text_part(qp(look_phrase(rng, CYR_BASIC) + "\n" + look_phrase(rng, CYR_BASIC)), "quoted-printable"))


@variant(MS, "qp_html_cyr")
def _(rng, t):
    body = '<html><body><a href="http://www.%s/">%s</a></body></html>' % (dom_lk(rng, CYR_BASIC), look_phrase(rng, CYR_BASIC))
    return at_end(t, "\n--=_NextPart_011_0099\nContent-Type: text/html; charset=\"utf-8\"\n"
                     "Content-Transfer-Encoding: quoted-printable\n\n%s\n--=_NextPart_011_0099--\n" % qp(body))


@variant(MS, "b64_body_cyr", hard="the look-alikes are only in a base64 part a Content-Transfer-Encoding header declares: "
         "the text holds ASCII base64, which the rules call encoded_attachment")
def _(rng, t):
    return at_end(t, text_part(wrap(b64(look_phrase(rng, CYR_BASIC) + "\n" + paragraph(rng, 2))), "base64"))


@variant(MS, "ncr_dec_cyr")
def _(rng, t):
    b = brand_lk(rng, CYR_BASIC)
    return at_end(t, html_part("<p>Dear %s member, %s</p>" % (ncr(b, only=lambda c: not c.isascii()), rng.choice(SPAM))))


@variant(MS, "ncr_hex_grk")
def _(rng, t):
    p = look_phrase(rng, GRK)
    return at_end(t, html_part("<b>%s</b>" % ncr(p, hexa=True, only=lambda c: not c.isascii())))


@variant(MS, "ncr_named_greek")
def _(rng, t):
    w = rng.choice(["Micr&omicron;s&omicron;ft", "&Alpha;mazon", "Net&nu;ork", "&Tau;&Iota;&Mu;&Epsilon; &Tau;&Omicron; &Beta;&Upsilon;&Upsilon;",
                    "P&Alpha;YP&Alpha;L", "R&omicron;lex"])
    return at_end(t, html_part("<p>%s - %s</p>" % (w, rng.choice(SPAM))))


@variant(MS, "ncr_named_cyr")  # HTML5 names for Cyrillic letters
def _(rng, t):
    w = rng.choice(["P&acy;yP&acy;l", "Vi&acy;gr&acy;", "Citib&acy;nk", "Micr&ocy;s&ocy;ft", "&Acy;pple", "&iecy;Bay"])
    return at_end(t, html_part("<p>Your %s account is on hold. %s</p>" % (w, rng.choice(SPAM))))


@variant(MS, "ncr_fullwidth")
def _(rng, t):
    return at_end(t, html_part("<h1>%s</h1>" % ncr(fullwidth(rng.choice(["FREE", "Viagra", "casino", "WINNER"])))))


@variant(MS, "mixed_kinds_in_word")
def _(rng, t):
    def f(w):
        out = list(w)
        for i in range(0, len(w), 2):
            c = w[i]
            for tab in (CYR_BASIC, GRK, SMALLCAP):
                if c in tab:
                    out[i] = tab[c]
                    break
        return "".join(out)
    return map_words(rng, t, f)


# encoded_blob ------------------------------------------------------------------------------
EB = "encoded_blob"


def payload(rng, n=3):
    return rng.choice([paragraph(rng, n), html_payload(rng) + " " + paragraph(rng, 2)])


@variant(EB, "b64_inline_line")
def _(rng, t):
    return add_line(rng, t, b64(payload(rng)))


@variant(EB, "b64_inline_wrapped")
def _(rng, t):
    return add_line(rng, t, "Decode the message below:\n" + wrap(b64(payload(rng, 4)), rng.choice([64, 72, 76])))


@variant(EB, "b64_after_prose")
def _(rng, t):
    return add_line(rng, t, "Your code is %s and expires today." % b64(payload(rng, 2)))


@variant(EB, "b64_textplain_part", hard="a text/plain part declared base64 is MIME structure (the rules' encoded_attachment); "
         "a spammer uses it so a filter that does not decode sees no words")
def _(rng, t):
    return at_end(t, text_part(wrap(b64(paragraph(rng, 5))), "base64"))


@variant(EB, "b64_html_part_declared", hard="an HTML part declared base64 is MIME structure (encoded_attachment)")
def _(rng, t):
    body = "<html><body>%s</body></html>" % html_payload(rng)
    return at_end(t, "\n--=_NextPart_011_0101\nContent-Type: text/html; charset=\"utf-8\"\n"
                     "Content-Transfer-Encoding: base64\n\n%s\n--=_NextPart_011_0101--\n" % wrap(b64(body)))


@variant(EB, "b64_short", hard="40-96 base64 characters (a short phrase) look like a session id or a hash; "
         "whether so short a run is a blob is a threshold question")
def _(rng, t):
    return add_line(rng, t, "ref: " + b64(rng.choice(SPAM)))


@variant(EB, "b64url_param")
def _(rng, t):
    u = base64.urlsafe_b64encode(("%s?email=victim@example.com&campaign=%d&msg=%s" % (
        url(rng), rng.randint(1000, 99999), rng.choice(SPAM))).encode()).decode().rstrip("=")
    return add_line(rng, t, "http://click.mailer-offers.com/r?u=" + u)


@variant(EB, "b64_in_header")
def _(rng, t):
    return set_header(t, "X-Campaign-Data", b64(paragraph(rng, 3)))


@variant(EB, "b64_html_comment")
def _(rng, t):
    return at_end(t, html_part("<!-- %s -->\n<p>%s</p>" % (b64(paragraph(rng, 3)), rng.choice(SPAM))))


@variant(EB, "b64_html_attr")
def _(rng, t):
    return at_end(t, html_part('<div data-x="%s">%s</div>' % (b64(payload(rng)), rng.choice(SPAM))))


@variant(EB, "b64_quoted_reply")
def _(rng, t):
    return add_line(rng, t, "\n".join("> " + ln for ln in wrap(b64(paragraph(rng, 4)), 60).split("\n")))


@variant(EB, "data_uri_text")
def _(rng, t):
    return at_end(t, html_part('<a href="data:text/html;base64,%s">Open your statement</a>' % b64(
        "<html><body>%s</body></html>" % html_payload(rng))))


@variant(EB, "data_uri_image", hard="a data: URI image is real binary data (a picture), not text hidden in an encoding")
def _(rng, t):
    png = b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(rng.randint(120, 400)))
    return at_end(t, html_part('<img src="data:image/png;base64,%s" width="400">' % b64(png)))


@variant(EB, "data_uri_plain_url")
def _(rng, t):
    return add_line(rng, t, "data:text/plain;base64," + b64(paragraph(rng, 3)))


@variant(EB, "uuencode")
def _(rng, t):
    data = paragraph(rng, 5).encode()
    lines = ["begin 644 offer.txt"] + [binascii.b2a_uu(data[i:i + 45]).decode().rstrip("\n") for i in range(0, len(data), 45)]
    return add_line(rng, t, "\n".join(lines + ["`", "end"]))


@variant(EB, "binhex", hard="BinHex 4.0 is an attachment format (old Mac mail), structure more than a hidden text")
def _(rng, t):
    data = bytes(rng.randrange(256) for _ in range(rng.randint(150, 300)))
    alpha = "!\"#$%&'()*+,-012345689@ABCDEFGHIJKLMNPQRSTUVXYZ[`abcdefhijklmpqr"
    bits = "".join("{:08b}".format(b) for b in data)
    enc = "".join(alpha[int(bits[i:i + 6].ljust(6, "0"), 2)] for i in range(0, len(bits), 6))
    return add_line(rng, t, "(This file must be converted with BinHex 4.0)\n:" + wrap(enc, 64) + ":")


@variant(EB, "qp_every_byte_part")
def _(rng, t):
    s = "".join("=%02X" % b for b in paragraph(rng, 3).encode())
    return at_end(t, text_part(wrap(s, 75).replace("\n", "=\n"), "quoted-printable"))


@variant(EB, "qp_every_byte_inline")
def _(rng, t):
    return add_line(rng, t, "".join("=%02X" % b for b in rng.choice(SPAM).encode()))


@variant(EB, "qp_every_byte_html")
def _(rng, t):
    s = "".join("=%02X" % b for b in ("<html><body>%s</body></html>" % html_payload(rng)).encode())
    return at_end(t, "\n--=_NextPart_011_0102\nContent-Type: text/html; charset=\"us-ascii\"\n"
                     "Content-Transfer-Encoding: quoted-printable\n\n%s\n--=_NextPart_011_0102--\n" % wrap(s, 75).replace("\n", "=\n"))


@variant(EB, "pct_url_path")
def _(rng, t):
    p = "".join("%%%02X" % b for b in rng.choice(["viagra", "cialis", "casino", "pharmacy", "mortgage"]).encode())
    return add_line(rng, t, "http://bestpharma.biz/%s/order.php" % p)


@variant(EB, "pct_url_host")
def _(rng, t):
    h = "".join("%%%02X" % b for b in rng.choice(["www.freedeals-online.com", "bestpharma.biz", "secure-login.info"]).encode())
    return at_end(t, html_part('<a href="http://%s/claim">%s</a>' % (h, rng.choice(SPAM))))


@variant(EB, "pct_whole_line")
def _(rng, t):
    return add_line(rng, t, "".join("%%%02X" % b for b in rng.choice(SPAM).encode()))


@variant(EB, "pct_lower_hex")
def _(rng, t):
    return add_line(rng, t, "http://click.mailer-offers.com/r?to=" + "".join("%%%02x" % b for b in url(rng).encode()))


@variant(EB, "ncr_dec_ascii")
def _(rng, t):
    return at_end(t, html_part("<p>%s</p>" % ncr(rng.choice(SPAM))))


@variant(EB, "ncr_hex_ascii")
def _(rng, t):
    return at_end(t, html_part("<p>%s</p>" % ncr(rng.choice(SPAM), hexa=True)))


@variant(EB, "ncr_mailto")
def _(rng, t):
    m = "mailto:%s@%s" % (rng.choice(["sales", "orders", "rx", "info"]), rng.choice(["bestpharma.biz", "cheap-meds.net"]))
    return at_end(t, html_part('<a href="%s">Order here</a>' % ncr(m)))


@variant(EB, "ncr_padded_zeros")
def _(rng, t):
    return at_end(t, html_part("<p>%s</p>" % "".join("&#%05d;" % ord(c) for c in rng.choice(SPAM))))


@variant(EB, "js_unescape")
def _(rng, t):
    s = "".join("%%%02X" % b for b in html_payload(rng).encode())
    return at_end(t, html_part("<script>document.write(unescape('%s'))</script>" % s))


@variant(EB, "js_hex_escape")
def _(rng, t):
    s = "".join("\\x%02x" % b for b in html_payload(rng).encode())
    return at_end(t, html_part('<script>document.write("%s");</script>' % s))


@variant(EB, "js_unicode_escape")
def _(rng, t):
    s = "".join("\\u%04x" % ord(c) for c in html_payload(rng))
    return at_end(t, html_part("<script>var m='%s';document.write(m);</script>" % s))


@variant(EB, "js_atob")
def _(rng, t):
    return at_end(t, html_part("<script>eval(atob('%s'))</script>" % b64(
        "document.write('%s')" % html_payload(rng).replace("'", "\\'"))))


@variant(EB, "js_fromcharcode")
def _(rng, t):
    s = ",".join(str(ord(c)) for c in html_payload(rng))
    return at_end(t, html_part("<script>document.write(String.fromCharCode(%s))</script>" % s))


@variant(EB, "js_fromcharcode_short")
def _(rng, t):
    s = ",".join(str(ord(c)) for c in rng.choice(["viagra", "casino", "cialis", "paypal", "FREE!"]))
    return at_end(t, html_part("<script>document.write(String.fromCharCode(%s))</script>" % s))


@variant(EB, "js_octal_escape")
def _(rng, t):
    s = "".join("\\%03o" % b for b in html_payload(rng).encode())
    return at_end(t, html_part('<script>document.write("%s");</script>' % s))


@variant(EB, "hex_string")
def _(rng, t):
    return add_line(rng, t, paragraph(rng, 3).encode().hex())


@variant(EB, "hex_string_upper")
def _(rng, t):
    return add_line(rng, t, "0x" + paragraph(rng, 2).encode().hex().upper())


@variant(EB, "hex_spaced")
def _(rng, t):
    return add_line(rng, t, " ".join("%02x" % b for b in paragraph(rng, 2).encode()))


@variant(EB, "hex_dump_xxd")
def _(rng, t):
    data = paragraph(rng, 3).encode()
    out = []
    for off in range(0, len(data), 16):
        ch = data[off:off + 16]
        hx = " ".join(ch[i:i + 2].hex() for i in range(0, len(ch), 2))
        out.append("%08x: %-39s  %s" % (off, hx, "".join(chr(b) if 32 <= b < 127 else "." for b in ch)))
    return add_line(rng, t, "\n".join(out))


@variant(EB, "base32_upper")
def _(rng, t):
    return add_line(rng, t, base64.b32encode(paragraph(rng, 3).encode()).decode())


@variant(EB, "base32_lower_nopad")
def _(rng, t):
    return add_line(rng, t, base64.b32encode(paragraph(rng, 3).encode()).decode().lower().rstrip("="))


@variant(EB, "ascii85_adobe")
def _(rng, t):
    return add_line(rng, t, base64.a85encode(paragraph(rng, 3).encode(), adobe=True).decode())


@variant(EB, "base85_rfc1924")
def _(rng, t):
    return add_line(rng, t, base64.b85encode(paragraph(rng, 3).encode()).decode())


@variant(EB, "gzip_b64")
def _(rng, t):
    z = gzip.compress(paragraph(rng, 5).encode(), mtime=0)
    return add_line(rng, t, b64(z))


@variant(EB, "utf7_part", hard="UTF-7 is a charset, not an encoding layer: its +ADw- runs are short, and the text between "
         "stays readable ASCII")
def _(rng, t):
    s = html_payload(rng).encode("utf-7").decode("ascii")
    s = s.replace("<", "+ADw-").replace(">", "+AD4-").replace('"', "+ACI-")
    return at_end(t, "\n--=_NextPart_011_0103\nContent-Type: text/html; charset=\"utf-7\"\n\n%s\n--=_NextPart_011_0103--\n" % s)


@variant(EB, "rfc2047_long_subject", hard="a MIME encoded word (=?utf-8?B?...?=) is how mail headers carry non-ASCII text: "
         "structure, though a spammer also uses it to hide ASCII words")
def _(rng, t):
    return set_header(t, "Subject", "=?utf-8?B?%s?=" % b64(paragraph(rng, 3)))


@variant(EB, "pgp_armor", hard="an armoured PGP message is encrypted data, a legitimate mail structure, not text "
         "hidden from a filter")
def _(rng, t):
    data = bytes(rng.randrange(256) for _ in range(rng.randint(200, 500)))
    return add_line(rng, t, "-----BEGIN PGP MESSAGE-----\nVersion: GnuPG v1.0.6 (GNU/Linux)\n\n%s\n=%s\n-----END PGP MESSAGE-----" % (
        wrap(b64(data), 64), b64(bytes(rng.randrange(256) for _ in range(3)))))


@variant(EB, "random_token", hard="a hash-buster token of random letters and digits hides no text: it is noise to "
         "defeat checksums, debatable as an encoded blob")
def _(rng, t):
    n = rng.randint(60, 160)
    tok = "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(n))
    return add_line(rng, t, tok)


@variant(EB, "random_token_url", hard="a random tracking token in a link path hides no text (newsletters write them too): "
         "debatable as an encoded blob")
def _(rng, t):
    n = rng.randint(100, 200)
    tok = "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(n))
    return add_line(rng, t, "http://click.mailer-offers.com/track/%s" % tok)


# ---------- planting (evplant10's, evplant5's row writer) ----------

def plant(args):
    e7.V[:] = V  # evplant7's plant: the same rows, these variants
    e7.plant(args)


if __name__ == "__main__":
    e7.main(plant, HARD_WHY, 24, __doc__)  # evplant7's CLI, with this file's plant and hard list

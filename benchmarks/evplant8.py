#!/usr/bin/env python3
"""evplant8: Latin look-alikes inside ASCII words that no planter before had (session 27).

Written as a spammer of 2002-2024 would hide a word from a keyword filter with the look-alikes
that evplant.py and evplant3/4/5/7.py leave out, planted into the same real SpamAssassin mail,
row shapes (whole mail, body, slice of lines), 30% of rows with non-ASCII written as JSON \\u
escapes and clean control as evplant5.py, whose mail loading, row shapes, row writer and scoring
it reuses; only the variants are new (all mixed_script):

  combining marks on every letter of a word, the whole family: low line U+0332, double low line,
  overlays U+0334-U+0338, overline, tilde, acute, grave, diaeresis, ring, enclosing circle U+20DD,
  and light zalgo (1-3 random marks of U+0300-U+036F on each letter), in words of the mail and in
  an added spam phrase; letterlike symbols (U+2100-U+214F: the double-struck, script and
  black-letter capitals, the Kelvin sign, ℯ ℊ ℴ ℓ ⅆ ⅇ ⅈ ⅉ) inside words; the dotless ı for i (one
  or two words, and an added phrase); Roman numerals (ⅰ ⅴ ⅹ ⅼ ⅽ ⅾ ⅿ, Ⅰ Ⅴ Ⅹ Ⅼ Ⅽ Ⅾ Ⅿ) for letters;
  one circled, parenthesized or squared letter inside an ASCII word (ⓕree); one subscript letter
  (ₐ ₑ ₒ ₓ ...) or superscript letter (ᵉ ᵃ ᵒ ...) inside a word; the reversed e ɘ and dotless ȷ;
  Armenian (օ ս հ ո ց) and Cherokee (Ꭺ Ᏼ Ꮯ Ꭼ Ꮋ) look-alikes, mathematical and fullwidth letters
  one at a time inside words (found before session 27: kept as a check); and, marked hard (no
  rule takes them: Dutch guilders, Gutenberg's long s, cp1252 mojibake write them), the hooked f
  ƒ and the long s ſ.

  python3 evplant8.py plant --seed 1 --out /tmp/evplant8/evplant8-s1
  python3 evplant8.py score BIN /tmp/evplant8/evplant8-s1 [--json] [--show VARIANT]
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import evplant5 as e5  # noqa: E402  (mail, shapes, row writer, scoring)
import evplant7 as e7  # noqa: E402  (plant: the same rows, these variants)

V = []


def variant(cat, name, accept=(), shape_kind=None, hard=False):
    def deco(fn):
        V.append((cat, name, hard, tuple(accept), shape_kind, fn))
        return fn
    return deco


def words(rng, t, fn, n=(1, 3)):
    """fn applied to n words of the body, or to a spam phrase added when none changes."""
    return e5.mod_words(rng, t, fn, rng.randint(*n))


def phrase(rng, t, fn):
    return e5.insert_line(rng, t, e5.phrase_words(rng, fn))


def one_of(table, rng, k=1):
    return lambda w: e5.lookalike(w, table, rng, k) or w


# ---------- combining marks on every letter ----------

MARKS = ["\u0332", "\u0333", "\u0334", "\u0335", "\u0336", "\u0337", "\u0338", "\u0305", "\u0303", "\u0301",
         "\u0300", "\u0308", "\u030a", "\u20dd"]


def marked(rng):
    m = rng.choice(MARKS)
    return lambda w: "".join(c + m for c in w)


def zalgo(rng):
    return lambda w: "".join(c + "".join(chr(rng.randint(0x300, 0x36F)) for _ in range(rng.randint(1, 3))) for c in w)


@variant("mixed_script", "marks_every_letter")
def _(rng, t):
    return words(rng, t, marked(rng))


@variant("mixed_script", "marks_phrase")
def _(rng, t):
    return phrase(rng, t, marked(rng))


@variant("mixed_script", "zalgo_light")
def _(rng, t):
    return words(rng, t, zalgo(rng))


# ---------- letterlike symbols, dotless letters, Roman numerals ----------

LETTERLIKE = {"C": "\u2102", "H": "\u210d", "N": "\u2115", "P": "\u2119", "Q": "\u211a", "R": "\u211d", "Z": "\u2124",
              "B": "\u212c", "E": "\u2130", "F": "\u2131", "M": "\u2133", "L": "\u2112", "I": "\u2110", "K": "\u212a",
              "e": "\u212f", "g": "\u210a", "o": "\u2134", "h": "\u210e", "l": "\u2113", "d": "\u2146", "i": "\u2148",
              "j": "\u2149", "D": "\u2145"}
ROMAN = {"i": "\u2170", "v": "\u2174", "x": "\u2179", "l": "\u217c", "c": "\u217d", "d": "\u217e", "m": "\u217f",
         "I": "\u2160", "V": "\u2164", "X": "\u2169", "L": "\u216c", "C": "\u216d", "D": "\u216e", "M": "\u216f"}


@variant("mixed_script", "letterlike_one")
def _(rng, t):
    return words(rng, t, one_of(LETTERLIKE, rng), (2, 4))


@variant("mixed_script", "dotless_i_words")
def _(rng, t):
    return words(rng, t, one_of({"i": "\u0131"}, rng), (1, 2))


@variant("mixed_script", "dotless_i_phrase")
def _(rng, t):
    return phrase(rng, t, one_of({"i": "\u0131"}, rng, 2))


@variant("mixed_script", "roman_numerals")
def _(rng, t):
    return words(rng, t, one_of(ROMAN, rng), (2, 4))


@variant("mixed_script", "reversed_e_dotless_j")
def _(rng, t):
    return words(rng, t, one_of({"e": "\u0258", "j": "\u0237"}, rng), (2, 4))


# ---------- one styled letter inside an ASCII word ----------

def styled_table(base_lower, base_upper=None):
    d = {c: chr(base_lower + i) for i, c in enumerate("abcdefghijklmnopqrstuvwxyz")}
    if base_upper:
        d.update({c: chr(base_upper + i) for i, c in enumerate("ABCDEFGHIJKLMNOPQRSTUVWXYZ")})
    return d


CIRCLED = styled_table(0x24D0, 0x24B6)
PAREN = styled_table(0x249C)
SQUARED = {c: chr(0x1F130 + i) for i, c in enumerate("ABCDEFGHIJKLMNOPQRSTUVWXYZ")}
SUB = dict(zip("aeoxhklmnpst", "\u2090\u2091\u2092\u2093\u2095\u2096\u2097\u2098\u2099\u209a\u209b\u209c"))
SUPER = dict(zip("abdegkmoptuv", "\u1d43\u1d47\u1d48\u1d49\u1d4d\u1d4f\u1d50\u1d52\u1d56\u1d57\u1d58\u1d5b"))


@variant("mixed_script", "circled_one")
def _(rng, t):
    return words(rng, t, one_of(rng.choice([CIRCLED, PAREN, SQUARED]), rng), (2, 4))


@variant("mixed_script", "subscript_one")
def _(rng, t):
    return words(rng, t, lambda w: mid(rng, w, SUB), (2, 4))


@variant("mixed_script", "superscript_one")
def _(rng, t):
    return words(rng, t, lambda w: mid(rng, w, SUPER), (2, 4))


def mid(rng, w, table):
    """one letter of w but its last written with table (a letter after it, as inside a word)."""
    idx = [i for i, c in enumerate(w[:-1]) if c in table]
    if not idx:
        return w
    i = rng.choice(idx)
    return w[:i] + table[w[i]] + w[i + 1:]


# ---------- found before session 27: kept as a check ----------

ARMENIAN = {"o": "\u0585", "u": "\u057d", "h": "\u0570", "n": "\u0578", "g": "\u0581", "q": "\u0566"}
CHEROKEE = {"A": "\u13aa", "B": "\u13f4", "C": "\u13df", "E": "\u13ac", "H": "\u13bb", "J": "\u13ab", "K": "\u13e6",
            "L": "\u13de", "M": "\u13b7", "P": "\u13e2", "S": "\u13da", "T": "\u13a2", "V": "\u13d9", "W": "\u13b3"}


@variant("mixed_script", "armenian_cherokee")
def _(rng, t):
    return words(rng, t, one_of(rng.choice([ARMENIAN, CHEROKEE]), rng), (2, 4))


@variant("mixed_script", "math_fullwidth_one")
def _(rng, t):
    if rng.random() < 0.5:
        table = {c: chr(0x1D41A + i) for i, c in enumerate("abcdefghijklmnopqrstuvwxyz")}  # bold
    else:
        table = {c: chr(0xFF41 + i) for i, c in enumerate("abcdefghijklmnopqrstuvwxyz")}  # fullwidth
    return words(rng, t, one_of(table, rng), (2, 4))


@variant("mixed_script", "hook_f_long_s", hard=True)
def _(rng, t):
    return words(rng, t, one_of({"f": "\u0192", "s": "\u017f"}, rng), (2, 4))


# ---------- plant and score: evplant7's, with these variants ----------

def main():
    e7.V[:] = V  # evplant7's plant and CLI, with these variants
    e7.__doc__ = __doc__
    e7.main()


if __name__ == "__main__":
    main()

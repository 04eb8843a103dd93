#!/usr/bin/env python3
"""dotless_turkic: how recall12.go's guard on the dotless ı (dotlessWord) was measured (session 27).

Counts, in the Turkic messages of the system's gettext catalogues (/usr/share/locale/{tr,az,crh,kk,tt}*:
Turkish, Azerbaijani, Crimean Tatar, Kazakh, Tatar), the words the rule would take: a word of 3+
ASCII letters and ı in a message with no other Turkic letter (ç ğ ö ş ü İ ə) whose shape is
English (englishShape), and the messages with such a word that read as English (3+ distinct stop
words, englishText); then, in an evplant JSONL's mail, the share of words of 4+ letters with one i
made ı that have the shape. Python mirrors of the Go rules; the Go tests hold the rules themselves.

  python3 benchmarks/dotless_turkic.py [/tmp/lead/ev67/ev7-s1.jsonl]
"""
import collections
import gettext
import glob
import json
import random
import re
import sys

TURKIC = set("ğĞşŞçÇöÖüÜİəƏ")
DIG = ("th", "ck", "ph", "gh", "wh", "sh", "ch", "ee", "oo", "ea", "ou")
SUF = ("ing", "ed", "ly", "tion", "ive", "ize", "ise", "ble", "ght")
STOP = {"the", "and", "you", "your", "for", "with", "this", "that", "are", "have", "from", "will", "our",
        "was", "been", "would", "please", "here", "what", "which"}


def words(t):
    return re.findall(r"[^\W\d_]+", t)


def candidate(w):
    rest = w.replace("ı", "")
    return "ı" in w and all(c.isascii() and c.isalpha() for c in rest) and len(rest) >= 3


def english_shape(w):
    low = w.lower()
    li = low.replace("ı", "i")
    if "w" in low or any(d in li for d in DIG) or re.search("[aeiou]ı|ı[aeiou]", low) or li.endswith(SUF):
        return True
    c = "[bcdfgjklmnpqrstvwxz]"
    if re.search("^%s{3}|%s{3}$|%s{4}" % (c, c, c), low):  # "farklı", "Kısaltma": three inside are Turkish
        return True
    for k, c in enumerate(low):
        if c == "ı":
            prev = [x for x in low[:k] if x in "aeiouı"]
            if prev and prev[-1] in "ei":
                return True
    return False


def english_text(t):
    return len({w.lower() for w in re.findall(r"[A-Za-z]+", t) if w.lower() in STOP}) >= 3


def main():
    msgs = []
    for lang in ("tr", "az", "crh", "kk", "tt"):
        for f in glob.glob("/usr/share/locale/%s*/LC_MESSAGES/*.mo" % lang):
            try:
                cat = gettext.GNUTranslations(open(f, "rb"))._catalog
            except Exception:
                continue
            msgs += [v for v in cat.values() if isinstance(v, str)]
    plain = [t for t in msgs if not any(c in TURKIC for c in t)]
    shaped = collections.Counter(w for t in plain for w in words(t) if candidate(w) and english_shape(w))
    cand = [t for t in plain if any(candidate(w) for w in words(t))]
    eng = [t for t in cand if english_text(t)]
    print("Turkic messages %d, with no other Turkic letter %d" % (len(msgs), len(plain)))
    print("  words of English shape %d: %s" % (sum(shaped.values()), shaped.most_common(8)))
    print("  messages with a candidate word %d, of them English text %d" % (len(cand), len(eng)))
    if len(sys.argv) > 1:
        rng, n, hit = random.Random(1), 0, 0
        for line in open(sys.argv[1]):
            for w in words(json.loads(line)["text"]):
                if w.isascii() and "i" in w and len(w) >= 4:
                    k = rng.choice([k for k, c in enumerate(w) if c == "i"])
                    n += 1
                    hit += english_shape(w[:k] + "ı" + w[k + 1:])
            if n > 200000:
                break
        print("mail words with one i made ı: %d, of English shape %.3f" % (n, hit / n))


if __name__ == "__main__":
    main()

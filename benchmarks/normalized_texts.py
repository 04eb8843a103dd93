#!/usr/bin/env python3
"""normalized_texts.py: how many texts of a JSONL corpus the exact
duplicates' default normalisation would leave as they are.

Usage: python3 normalized_texts.py FILE.jsonl

A text is counted when it is ASCII, has no capital letter, and its white
space is single spaces between words (no tab, newline, carriage return,
vertical tab or form feed, no two spaces in a row, none at either end):
the texts for which collapseRun's copy (internal/dups, Normalize) would
be the identity. On corpus-200MB-s1.jsonl (session 30): 137,265 texts,
131,785 ASCII, 36 already normalised.
"""
import json
import re
import sys

texts = ascii_ = same = 0
bad_space = re.compile(rb'[\t\n\r\x0b\x0c]|  |^ | $')
for line in open(sys.argv[1], 'rb'):
    try:
        t = json.loads(line)['text']
    except (ValueError, KeyError, TypeError):
        continue
    if not isinstance(t, str):
        continue
    b = t.encode()
    texts += 1
    if not b.isascii():
        continue
    ascii_ += 1
    if not any(65 <= c <= 90 for c in b) and not bad_space.search(b):
        same += 1
print(f'{texts} texts, {ascii_} ASCII, {same} already normalised')

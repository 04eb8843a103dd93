#!/usr/bin/env node
// Write a small JSONL file of tokenizer edge cases (case mapping, Unicode
// classes and versions, JSON escapes, invalid UTF-8, NUL, lone surrogates),
// one case per line, to compare dataaudit and DuckDB on the full token
// distribution:
//
//   node benchmarks/edgecases.mjs /work/bench-data/edge.jsonl
//   benchmarks/peer.sh -n 1 -k 1000 /work/bench-data/edge.jsonl
//
// Lines DuckDB cannot read (raw invalid UTF-8, lone surrogate escapes) go to
// a second file, EDGE-invalid.jsonl, so that the main file stays readable by
// both tools; look at how each tool handles that one separately.
import { writeFileSync } from 'node:fs';

const out = process.argv[2];
if (!out) {
  console.error('usage: node edgecases.mjs OUT.jsonl');
  process.exit(2);
}

// [name, text]; text is a JS string (JSON.stringify'd with minimal escaping).
const cases = [
  ['ascii-mixed-case', 'Hello HELLO hello hElLo'],
  ['turkish-dotted-I', 'İSTANBUL İstanbul istanbul'], // U+0130 -> i (simple mapping)
  ['dotless-i', 'ıI Iı'],
  ['sharp-s', 'STRASSE Straße ẞ ß'], // U+1E9E -> U+00DF
  ['greek-final-sigma', 'ΟΔΟΣ οδος ΣΊΣΥΦΟΣ'],
  ['kelvin-ohm-angstrom', 'K Ω Å 5K'], // U+212A U+2126 U+212B
  ['length-changing-lower', 'Ⱥ Ⱦ ȺȾ'], // U+023A (2 B) -> U+2C65 (3 B)
  ['titlecase-digraph', 'ǅungla ǄUNGLA ǆungla'],
  ['combining-marks', 'cafe\u0301 café e\u0301e\u0301'], // U+0301 is Mn: a separator
  ['numbers-other', '² ½ Ⅻ ⅻ ٣٤ ५ ①'], // No, Nl, Nd
  ['circled-letters', 'Ⓐⓑ ⒶⒷ'], // So with case mappings, not \p{L}
  ['cjk-hangul-kana', '中文分词 한국어 テスト ｶﾀｶﾅ'],
  ['fullwidth', 'ＡＢＣ ａｂｃ １２３'],
  ['emoji-zwj-flags', 'a👍b 👨‍👩‍👧 🇩🇪x'],
  ['adlam-u9', '𞤀𞤁 𞤢𞤣'], // U+1E900 capital Adlam (Unicode 9)
  ['cherokee-u8', 'ᎠᎡ ꭰꭱ'], // U+13A0 -> U+AB70 (Unicode 8)
  ['georgian-mtavruli-u11', 'ᲐᲑ აბ'], // U+1C90 -> U+10D0 (Unicode 11)
  ['unicode-14', 'Ⱟ ⱟ 𐕰'], // U+2C2F -> U+2C5F, Vithkuqi U+10570
  ['unicode-15-kawi', '\u{11F04}\u{11F05}'], // Kawi letters (Unicode 15.0)
  ['unicode-15.1-cjk-ext-i', '\u{2EBF0}\u{2EBF1}'], // CJK Ext I (Unicode 15.1), Lo
  ['unicode-16-latin', '\uA7DC \u019B \uA7CB \u0264'], // U+A7DC -> U+019B, U+A7CB -> U+0264 (Unicode 16)
  ['unicode-16-cyrillic-tje', '\u1C89 \u1C8A'], // U+1C89 -> U+1C8A (Unicode 16)
  ['unicode-16-garay', '\u{10D50}\u{10D51} \u{10D70}\u{10D71}'], // Garay capital/small (Unicode 16)
  ['nbsp-and-spaces', 'a\u00A0b\u2003c\u3000d'],
  ['soft-hyphen-zwsp-zwj', 'co\u00ADop zero\u200Bwidth jo\u200Din'], // Cf: separators
  ['apostrophes', "don't don’t l'homme"],
  ['underscore-digits', 'foo_bar x86_64 3d 2002 0x1F'],
  ['control-chars', 'tab\there\u001bescape\u0007bell\u007fdel'],
  ['nul-in-text', 'nul\u0000inside'],
  ['json-escapes-html', '\u003cb\u003ebold\u003c/b\u003e \u0026amp;'],
  ['line-separators', 'one\u2028two\u2029three\u0085four'],
  ['replacement-char', 'bad\uFFFDbyte \uFFFD'],
  ['private-use', '\uE000\uE001 x\uF8FFy'],
  ['math-alnum', '𝐀𝐁𝐂 𝒜 𝟘𝟙'], // Lu/Nd outside the BMP
  ['roman-ligature', 'ﬁle ﬀ Ǳ'], // U+FB01 (Ll, no lowercase change)
];

const esc = (s) => JSON.stringify(s); // escapes only " \\ and U+0000-U+001F
let lines = cases.map(([id, text]) => `{"id":${esc(id)},"text":${esc(text)},"label":"ham"}`);
// Escaped forms of the same characters: \uXXXX and surrogate pairs
lines.push(`{"id":"escaped-bmp","text":"\\u0130STANBUL caf\\u00e9 \\u212a","label":"ham"}`);
lines.push(`{"id":"escaped-astral","text":"\\ud835\\udc00\\ud835\\udc01 \\ud83d\\udc4d x","label":"ham"}`);
lines.push(`{"id":"escaped-nul","text":"nul\\u0000esc","label":"ham"}`);
writeFileSync(out, lines.join('\n') + '\n');

const bad = out.replace(/\.jsonl$/, '') + '-invalid.jsonl';
const parts = [
  Buffer.from('{"id":"valid-before","text":"alpha beta","label":"ham"}\n'),
  Buffer.concat([Buffer.from('{"id":"raw-invalid-utf8","text":"caf'), Buffer.from([0xe9]), Buffer.from(' na\xefve ok","label":"ham"}\n', 'latin1')]),
  Buffer.from('{"id":"lone-high-surrogate","text":"x\\ud800y z","label":"ham"}\n'),
  Buffer.from('{"id":"lone-low-surrogate","text":"x\\udc00y z","label":"ham"}\n'),
  Buffer.concat([Buffer.from('{"id":"overlong-nul","text":"a'), Buffer.from([0xc0, 0x80]), Buffer.from('b","label":"ham"}\n')]),
  Buffer.from('{"id":"valid-after","text":"alpha gamma","label":"ham"}\n'),
];
writeFileSync(bad, Buffer.concat(parts));
console.error(`edgecases: wrote ${out} (${lines.length} rows) and ${bad} (${parts.length} rows)`);

